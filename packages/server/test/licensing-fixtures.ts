// Small builders shared by the policies, licenses and entitlements tests.
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { type Api, type ApiResponse, api } from "./support/app.js";

/** A JSON body from the API (checked field by field by the tests). */
type Body = ApiResponse["body"];

export const DAY = 86_400;

export async function createProduct(call: Api, name = "Product"): Promise<string> {
  const response = await call("POST", "/v1/products", { name });
  assert.equal(response.status, 201, response.text);
  return response.body.data.id;
}

export async function createPolicy(
  call: Api,
  productId: string,
  rules: Record<string, unknown> = {},
): Promise<Body> {
  const response = await call("POST", "/v1/policies", { productId, name: "Policy", ...rules });
  assert.equal(response.status, 201, response.text);
  return response.body.data;
}

export async function createLicense(
  call: Api,
  policy: { id: string; productId: string },
  fields: Record<string, unknown> = {},
): Promise<Body> {
  const response = await call("POST", "/v1/licenses", {
    productId: policy.productId,
    policyId: policy.id,
    ...fields,
  });
  assert.equal(response.status, 201, response.text);
  return response.body.data;
}

/** A user (licensee) of the caller's organization. */
export async function createUser(call: Api, email: string): Promise<string> {
  const response = await call("POST", "/v1/users", { email });
  assert.equal(response.status, 201, response.text);
  return response.body.data.id;
}

export async function createEntitlement(call: Api, code: string): Promise<string> {
  const response = await call("POST", "/v1/entitlements", { code, name: code });
  assert.equal(response.status, 201, response.text);
  return response.body.data.id;
}

/**
 * One of each resource an admin path names by id (`/v1/<collection>/{id}`), by collection: a
 * product, a policy on it (timed, up to 5 machines), a user, a license of the user on the
 * policy, a machine of it, an entitlement attached to the policy and the license, a handshake
 * code and a second admin token.
 */
export async function oneOfEach(call: Api): Promise<Record<string, string>> {
  const productId = await createProduct(call, "Product");
  const policy = await createPolicy(call, productId, {
    model: "timed",
    durationSeconds: DAY,
    floating: true,
    maxMachines: 5,
  });
  const userId = await createUser(call, "ann@example.com");
  const license = await createLicense(call, policy, { userId });
  const entitlementId = await createEntitlement(call, "feature");
  const created = async (path: string, body: Record<string, unknown>) => {
    const response = await call("POST", path, body);
    assert.ok(response.status < 300, `${path}: ${response.text}`);
    return response.body?.data?.id as string;
  };
  await created(`/v1/policies/${policy.id}/entitlements`, { entitlementIds: [entitlementId] });
  await created(`/v1/licenses/${license.id}/entitlements`, { entitlementIds: [entitlementId] });
  return {
    products: productId,
    policies: policy.id,
    users: userId,
    licenses: license.id,
    machines: await created("/v1/machines", { licenseId: license.id, fingerprint: "device-1" }),
    entitlements: entitlementId,
    "handshake-codes": await created("/v1/handshake-codes", { name: "Code" }),
    tokens: await created("/v1/tokens", { kind: "admin", name: "Second" }),
  };
}

/** A product token for `productId`. */
export async function productToken(call: Api, productId: string): Promise<string> {
  const response = await call("POST", "/v1/tokens", { kind: "product", productId });
  assert.equal(response.status, 201, response.text);
  return response.body.data.token;
}

/** Calls with `Authorization: License <key>`: the license key as the credential. */
export function asLicenseKey(app: FastifyInstance, key: string): Api {
  const call = api(app, null);
  return (method, url, body, options = {}) =>
    call(method, url, body, {
      ...options,
      headers: { authorization: `License ${key}`, ...options.headers },
    });
}

/** Activates `fingerprint` on the license of `key`; asserts 201 and returns the machine. */
export async function activate(
  app: FastifyInstance,
  key: string,
  fingerprint: string,
  fields: Record<string, unknown> = {},
): Promise<Body> {
  const response = await asLicenseKey(app, key)("POST", "/v1/machines", {
    fingerprint,
    ...fields,
  });
  assert.equal(response.status, 201, response.text);
  return response.body.data;
}
