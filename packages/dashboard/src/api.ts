// The API's types as the dashboard uses them, the shared lists behind select boxes, and the
// cursor pages of the list screens.
import type { KeywardClient, ListItem, ListPath, paths } from "@keyward/client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "./session.js";
import { type Cursor, useCursor } from "./ui.js";

export type License = ListItem<"/v1/licenses">;
export type LicenseStatus = License["status"];
export type Product = ListItem<"/v1/products">;
export type Policy = ListItem<"/v1/policies">;
export type Machine = ListItem<"/v1/machines">;
export type HandshakeCode = ListItem<"/v1/handshake-codes">;

export const LICENSE_STATUSES: readonly LicenseStatus[] = [
  "active",
  "suspended",
  "expired",
  "revoked",
];

/**
 * Longest list a select box loads (every page up to this many items). A vendor with more
 * products or policies than this sees the first ones only; the bound keeps the page light.
 */
export const SELECT_LIMIT = 500;

/** The first `limit` items of a list, every page fetched in turn. */
export async function firstItems<Path extends ListPath>(
  client: KeywardClient,
  path: Path,
  limit: number,
): Promise<ListItem<Path>[]> {
  const items: ListItem<Path>[] = [];
  const pages = client.paginate(path as "/v1/products", {
    params: { query: { limit: "100" } },
  }) as AsyncGenerator<ListItem<Path>>;
  for await (const item of pages) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
}

/** The products the token may use: all (admin), or the product token's own. */
export function useProducts() {
  const { client, productId } = useSession();
  return useQuery({
    queryKey: ["products", "all"],
    queryFn: async (): Promise<Product[]> =>
      productId === null
        ? firstItems(client, "/v1/products", SELECT_LIMIT)
        : [(await client.GET("/v1/products/{id}", { params: { path: { id: productId } } })).data],
  });
}

/**
 * The organization of the token (GET /v1/organization): its name in the header, the overview
 * and the Organization screen, all refreshed by a rename there.
 */
export function useOrganization() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["organization"],
    queryFn: async () => (await client.GET("/v1/organization")).data,
  });
}

/**
 * The first SELECT_LIMIT items of a list, for select boxes and names (`enabled` false for a
 * token the list refuses).
 */
function useFirstItems<Path extends ListPath>(path: Path, enabled = true) {
  const { client } = useSession();
  return useQuery({
    queryKey: [resourceOf(path), "all"],
    enabled,
    queryFn: () => firstItems(client, path, SELECT_LIMIT),
  });
}

export function usePolicies() {
  return useFirstItems("/v1/policies");
}

export function useEntitlements() {
  return useFirstItems("/v1/entitlements");
}

/** The organization's users (admin tokens: a product token reads none, and names none). */
export function useUsers() {
  return useFirstItems("/v1/users", useSession().kind === "admin");
}

/** The organization's handshake codes (admin tokens only). */
export function useHandshakeCodes() {
  return useFirstItems("/v1/handshake-codes", useSession().kind === "admin");
}

/**
 * One license by its id: the query of its screen, shared with the lists that name licenses by
 * the ids they hold (license-names.tsx). Any change to licenses refreshes it (its key starts
 * with "licenses").
 */
export function licenseQuery(client: KeywardClient, id: string) {
  return queryOptions({
    queryKey: ["licenses", "one", id],
    queryFn: async () => (await client.GET("/v1/licenses/{id}", { params: { path: { id } } })).data,
  });
}

/** A name for an id, from a loaded list (the id itself while loading or when unknown). */
export function nameOf(
  items: readonly { id: string; name: string }[] | undefined,
  id: string | null,
): string {
  if (id === null) return "—";
  return items?.find((item) => item.id === id)?.name ?? id;
}

/**
 * The key an API path's queries start with: its resource ("webhook-endpoints" for
 * /v1/webhook-endpoints/{id}/deliveries). Invalidating it refreshes the resource's lists.
 */
function resourceOf(path: string): string {
  return path.split("/")[2]!;
}

type ListParameters<Path extends ListPath> = paths[Path]["get"]["parameters"];
type ListQuery<Path extends ListPath> = NonNullable<ListParameters<Path>["query"]>;

/** A list's filters: its query parameters but the cursor; empty ones ("") are left out. */
type ListFilters<Path extends ListPath> = {
  [Name in Exclude<keyof ListQuery<Path>, "cursor">]?: ListQuery<Path>[Name] | "";
};

type PageOf<Path extends ListPath> = { data: ListItem<Path>[]; nextCursor: string | null };

/**
 * One cursor page of a list under `filters`, and its cursors (back to page 1 when the filters
 * change), kept in memory unless the screen keeps them (`cursor`: in its address, cursorOf).
 * Its query key starts with the path's resource (resourceOf).
 */
export function useListPage<Path extends ListPath>(
  path: Path,
  options: {
    filters?: ListFilters<Path>;
    /** The path's parameters ({ id } of /v1/webhook-endpoints/{id}/deliveries). */
    params?: ListParameters<Path>["path"];
    enabled?: boolean;
    /** Cursors the screen keeps itself (and empties when its filters change). */
    cursor?: Cursor;
  } = {},
) {
  const { client } = useSession();
  const filters = Object.fromEntries(
    Object.entries(options.filters ?? {}).filter(
      ([, value]) => value !== undefined && value !== "",
    ),
  );
  const own = useCursor(JSON.stringify([path, options.params, filters]));
  const cursor = options.cursor ?? own;
  // The typed GET checks each path's own filters at compile time; here the path is generic,
  // so the call goes through untyped with ListFilters as the check.
  const get = client.GET as unknown as (path: string, init: object) => Promise<PageOf<Path>>;
  const query = useQuery({
    queryKey: [resourceOf(path), "page", path, options.params, filters, cursor.cursor],
    enabled: options.enabled ?? true,
    queryFn: () =>
      get(path, {
        params: {
          ...(options.params ? { path: options.params } : {}),
          query: { ...filters, ...(cursor.cursor ? { cursor: cursor.cursor } : {}) },
        },
      }),
  });
  return { query, cursor };
}

/** The paths that delete (or revoke, or deactivate) one item by its id. */
export type DeletePath = {
  [Path in keyof paths]: [paths[Path]["delete"]] extends [never]
    ? never
    : paths[Path]["delete"] extends { parameters: { path: { id: string } } }
      ? Path
      : never;
}[keyof paths];

/**
 * DELETE of one item by id (a delete, a token's revocation, a machine's deactivation); once done
 * (and `deleted` after it: leaving the item's own screen, whose query would then fail), the
 * item's own query is dropped (a list naming it by its id must not find it there) and its
 * resource's lists load again.
 */
export function useDelete(path: DeletePath, deleted?: () => Promise<unknown>) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  // Every DeletePath takes { id } alone: the untyped call needs no other parameter.
  const remove = client.DELETE as unknown as (path: string, init: object) => Promise<unknown>;
  return useMutation({
    mutationFn: (id: string) => remove(path, { params: { path: { id } } }),
    onSuccess: async (_answer, id) => {
      await deleted?.();
      queryClient.removeQueries({ queryKey: [resourceOf(path), "one", id] });
      await queryClient.invalidateQueries({ queryKey: [resourceOf(path)] });
    },
  });
}
