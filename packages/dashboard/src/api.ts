// The API's types as the dashboard uses them, and the shared lists behind select boxes.
import type { KeywardClient, ListItem, ListPath } from "@keyward/client";
import { useQuery } from "@tanstack/react-query";
import { useSession } from "./session.js";

export type License = ListItem<"/v1/licenses">;
export type LicenseStatus = License["status"];
export type Product = ListItem<"/v1/products">;
export type Policy = ListItem<"/v1/policies">;

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

export function usePolicies() {
  const { client } = useSession();
  return useQuery({
    queryKey: ["policies", "all"],
    queryFn: () => firstItems(client, "/v1/policies", SELECT_LIMIT),
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
export type Machine = ListItem<"/v1/machines">;
