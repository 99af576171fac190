// Builders for the offline activation tests: the organization's offline keys, device requests
// signed as a LicenseSpring client signs them, the headers of LicenseSpring's API and the
// "nothing written" snapshot.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import {
  encodeActivationRequest,
  type OfflineActivationRequest,
  signActivationRequest,
  type UnsignedActivationRequest,
} from "@keyward/formats";
import type { FastifyInstance } from "fastify";
import type { Store } from "../src/store/database.js";
import { type Api, type ApiResponse, api } from "./support/app.js";

export interface OfflineKeys {
  apiKey: string;
  sharedKey: string;
}

/** The organization's offline keys, created (POST) when it has none yet. */
export async function offlineKeys(call: Api): Promise<OfflineKeys> {
  const response = await call("POST", "/v1/organization/offline-keys");
  assert.ok(response.status === 201 || response.status === 200, response.text);
  const { apiKey, sharedKey } = response.body.data;
  return { apiKey, sharedKey };
}

/** A device's request, signed with `keys` (fields may be overridden or removed afterwards). */
export async function deviceRequest(
  keys: OfflineKeys,
  identity: { license_key: string } | { username: string; password?: string },
  fields: Partial<UnsignedActivationRequest> = {},
): Promise<OfflineActivationRequest> {
  return signActivationRequest(
    {
      ...identity,
      hardware_id: "hw-1",
      api_key: keys.apiKey,
      date: new Date().toUTCString(),
      ...fields,
    } as UnsignedActivationRequest,
    keys.sharedKey,
  );
}

export const encode = encodeActivationRequest;

/** Base64 of any JSON value: for requests the encoder would not write. */
export function encodeRaw(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}

/** LicenseSpring's API headers: Date, and the HMAC of "licenseSpring\ndate: <Date>". */
export function signedHeaders(
  keys: OfflineKeys,
  date: Date | string = new Date(),
): { date: string; authorization: string } {
  const dateHeader = typeof date === "string" ? date : date.toUTCString();
  const signature = createHmac("sha256", keys.sharedKey)
    .update(`licenseSpring\ndate: ${dateHeader}`)
    .digest("base64");
  return {
    date: dateHeader,
    authorization: `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="${keys.apiKey}"`,
  };
}

export interface PostOptions {
  headers?: Record<string, string>;
  /** Send the body as the `file` field of multipart/form-data (or these parts, verbatim). */
  multipart?: boolean | { name: string; filename?: string; content: string }[];
  query?: Record<string, string>;
  /** The raw body's content type (default text/plain); null sends none. */
  contentType?: string | null;
  /** The client's address (default: inject's 127.0.0.1). */
  remoteAddress?: string;
}

const BOUNDARY = "----keyward-test-boundary";

function multipartBody(parts: { name: string; filename?: string; content: string }[]): string {
  const chunks = parts.map(
    (part) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"` +
      (part.filename ? `; filename="${part.filename}"\r\nContent-Type: text/plain` : "") +
      `\r\n\r\n${part.content}\r\n`,
  );
  return `${chunks.join("")}--${BOUNDARY}--\r\n`;
}

/** POSTs a request body (text) to an offline endpoint. */
export async function postOffline(
  app: FastifyInstance,
  url: string,
  body: string | undefined,
  options: PostOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined = body;
  if (options.multipart) {
    const parts =
      options.multipart === true
        ? [{ name: "file", filename: "request.req", content: body ?? "" }]
        : options.multipart;
    payload = multipartBody(parts);
    headers["content-type"] = `multipart/form-data; boundary=${BOUNDARY}`;
  } else if (body !== undefined && options.contentType !== null) {
    headers["content-type"] = options.contentType ?? "text/plain";
  }
  const response = await app.inject({
    method: "POST",
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
    ...(options.query ? { query: options.query } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  const type = String(response.headers["content-type"] ?? "");
  return {
    status: response.statusCode,
    headers: response.headers,
    body: type.startsWith("application/json") ? JSON.parse(response.body) : undefined,
    text: response.body,
  };
}

/** Everything an offline request may write, to assert a refused one wrote nothing. */
export async function offlineSnapshot(store: Store) {
  const db = store.db;
  return {
    machines: await db.selectFrom("machines").selectAll().orderBy("id").execute(),
    requests: await db
      .selectFrom("offline_requests")
      .selectAll()
      .orderBy("signature_hash")
      .execute(),
    events: await db.selectFrom("events").select(["id", "type"]).orderBy("id").execute(),
    licenses: await db
      .selectFrom("licenses")
      .select(["id", "uses", "first_activated_at"])
      .orderBy("id")
      .execute(),
  };
}

/** A product (code "app"), a policy and a license on it. */
export async function offlineLicense(
  call: Api,
  rules: Record<string, unknown> = {},
  fields: Record<string, unknown> = {},
): Promise<{ id: string; key: string; productId: string; policyId: string }> {
  const product = await call("POST", "/v1/products", {
    name: "App",
    code: `app-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  });
  assert.equal(product.status, 201, product.text);
  const policy = await call("POST", "/v1/policies", {
    productId: product.body.data.id,
    name: "Policy",
    ...rules,
  });
  assert.equal(policy.status, 201, policy.text);
  const license = await call("POST", "/v1/licenses", {
    productId: product.body.data.id,
    policyId: policy.body.data.id,
    ...fields,
  });
  assert.equal(license.status, 201, license.text);
  return {
    id: license.body.data.id,
    key: license.body.data.key,
    productId: product.body.data.id,
    policyId: policy.body.data.id,
  };
}

export { api };
