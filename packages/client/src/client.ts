import createClient, {
  type Client,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from "openapi-fetch";
import type { PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { KeywardApiError, KeywardNetworkError } from "./errors.js";
import type { paths } from "./generated/openapi.js";

export interface KeywardClientOptions {
  /** The server's base URL, e.g. `https://licenses.example.com` (the paths carry `/v1`). */
  url: string;
  /** An admin, product or license token, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A license key, sent as `Authorization: License <key>`: acts as a token of that license. */
  licenseKey?: string;
  /** The fetch to call (default: the global one), e.g. to add a timeout, a proxy or logging. */
  fetch?: (request: Request) => Promise<Response>;
}

type Method = "get" | "put" | "post" | "patch" | "delete";

// openapi-fetch's own rule (its InitParam): the options argument is optional when nothing in
// it is required (no path parameters, no required body).
type InitArgs<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

/**
 * What a successful call resolves to: the body, void when empty. JSON unless `parseAs` says
 * otherwise (`"text"`: a string), as openapi-fetch parses it: a route that can also answer
 * another media type (a check-out's `.lic` download) is typed by its JSON answer.
 */
export type ResponseData<Operation, Init> =
  Operation extends Record<string | number, unknown>
    ? NonNullable<FetchResponse<Operation, Init, "application/json">["data"]> extends infer Data
      ? [Data] extends [never]
        ? undefined
        : Data
      : never
    : never;

/** `client.GET(path, init)` and friends: the body on success, KeywardApiError otherwise. */
export type KeywardMethod<M extends Method> = <
  Path extends PathsWithMethod<paths, M>,
  Init extends MaybeOptionalInit<paths[Path], M>,
>(
  path: Path,
  ...init: InitArgs<Init>
) => Promise<ResponseData<paths[Path][M], Init>>;

type GetPath = PathsWithMethod<paths, "get">;
type GetData<Path extends GetPath> = ResponseData<paths[Path]["get"], object>;

/** The GET paths answering a page: `{ data: [...], nextCursor }`. */
export type ListPath = {
  [Path in GetPath]: GetData<Path> extends { data: readonly unknown[]; nextCursor: string | null }
    ? Path
    : never;
}[GetPath];

/** One item of a list path's pages. */
export type ListItem<Path extends ListPath> =
  GetData<Path> extends {
    data: ReadonlyArray<infer Item>;
  }
    ? Item
    : never;

export interface KeywardClient {
  GET: KeywardMethod<"get">;
  POST: KeywardMethod<"post">;
  PUT: KeywardMethod<"put">;
  PATCH: KeywardMethod<"patch">;
  DELETE: KeywardMethod<"delete">;
  /**
   * Every item of a list, page after page (following `nextCursor`), fetched as the loop asks
   * for them. `init` is the first page's: filters and `limit` carry over to the next pages.
   */
  paginate<Path extends ListPath, Init extends MaybeOptionalInit<paths[Path], "get">>(
    path: Path,
    ...init: InitArgs<Init>
  ): AsyncGenerator<ListItem<Path>, void, undefined>;
  /**
   * The openapi-fetch client underneath: answers `{ data, error, response }` instead of
   * throwing on an error status, for callers that need the status or headers.
   */
  raw: Client<paths>;
}

// The typed signatures above are enforced at the call sites; inside, a call is a path and an
// options object.
type LooseInit = { params?: { query?: Record<string, unknown> } } & Record<string, unknown>;
type LooseCall<Result> = (path: string, init?: LooseInit) => Promise<Result>;
type RawResult = { data?: unknown; error?: unknown; response: Response };

/**
 * The credential, trimmed (a token read from a file ends with a newline). Anything but visible
 * ASCII is refused here, without echoing it: fetch's own error would quote the secret.
 */
function credential(name: "token" | "licenseKey", value: string): string {
  const trimmed = value.trim();
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new TypeError(`createKeywardClient: ${name} must be non-empty visible ASCII`);
  }
  return trimmed;
}

function authorization(options: KeywardClientOptions): Record<string, string> {
  const { token, licenseKey } = options;
  if (token !== undefined && licenseKey !== undefined) {
    throw new TypeError("createKeywardClient: give token or licenseKey, not both");
  }
  if (token !== undefined) return { Authorization: `Bearer ${credential("token", token)}` };
  if (licenseKey !== undefined) {
    return { Authorization: `License ${credential("licenseKey", licenseKey)}` };
  }
  return {};
}

function baseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `createKeywardClient: url must be an absolute http(s) URL, got ${withoutUserinfo(url)}`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    // Only the scheme is quoted: without one, "user:password@host" reads "user:" as the scheme.
    throw new TypeError(
      `createKeywardClient: url must start with http:// or https:// (its scheme reads as "${parsed.protocol}")`,
    );
  }
  // fetch refuses such a URL at every call, with an error that quotes it, password and all.
  if (parsed.username !== "" || parsed.password !== "") {
    throw new TypeError(
      "createKeywardClient: url must not hold a user name or password (authenticate with a token)",
    );
  }
  return url.replace(/\/+$/, "");
}

/**
 * A URL that did not parse, for an error message: whatever stands before its last `@` (after
 * `scheme://`) may be a user name and password, and is replaced by `***`.
 */
function withoutUserinfo(url: string): string {
  const at = url.lastIndexOf("@");
  if (at === -1) return url;
  const authority = url.indexOf("//");
  const start = authority === -1 || authority > at ? 0 : authority + 2;
  return `${url.slice(0, start)}***${url.slice(at)}`;
}

/**
 * A client of the whole Keyward API, typed from its OpenAPI document:
 * `await keyward.POST("/v1/licenses", { body: { productId, policyId } })` resolves to the
 * response body and rejects with KeywardApiError (an error status) or KeywardNetworkError.
 */
export function createKeywardClient(options: KeywardClientOptions): KeywardClient {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const raw = createClient<paths>({
    baseUrl: baseUrl(options.url),
    headers: authorization(options),
    async fetch(request) {
      try {
        return await send(request);
      } catch (error) {
        // The caller's own abort or timeout stays what it is.
        if (
          error instanceof Error &&
          (error.name === "AbortError" || error.name === "TimeoutError")
        ) {
          throw error;
        }
        throw new KeywardNetworkError(request.method, request.url, error);
      }
    },
  });

  const call =
    (method: Uppercase<Method>): LooseCall<unknown> =>
    async (path, init) => {
      // The request as sent, for the error: a Response made by a custom fetch has no url.
      let url = "";
      const seen: Middleware = {
        onRequest: ({ request }) => {
          url = request.url;
        },
      };
      const middleware = [...((init?.middleware as Middleware[] | undefined) ?? []), seen];
      const { data, error, response } = await (raw[method] as LooseCall<RawResult>)(path, {
        ...init,
        middleware,
      });
      if (!response.ok) {
        throw new KeywardApiError(response.status, error, method, url, response.headers);
      }
      return data;
    };
  const GET = call("GET");

  return {
    GET,
    POST: call("POST"),
    PUT: call("PUT"),
    PATCH: call("PATCH"),
    DELETE: call("DELETE"),
    async *paginate(path: string, init?: LooseInit) {
      let cursor: string | undefined;
      do {
        const query = { ...init?.params?.query, ...(cursor === undefined ? {} : { cursor }) };
        const page = (await GET(path, { ...init, params: { ...init?.params, query } })) as {
          data: unknown[];
          nextCursor: string | null;
        };
        yield* page.data;
        if (page.nextCursor !== null && page.nextCursor === cursor) {
          throw new Error(`GET ${path}: the server repeated cursor ${cursor}`);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    raw,
  } as unknown as KeywardClient;
}
