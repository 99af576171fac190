// Trackable set-ups for the SDK tests, made through the admin API of the real test server: a
// product with a floating policy and a license bound to a handshake code, and the SDK client.
import assert from "node:assert/strict";
import {
  createTrackableClient,
  type KeywardStorage,
  type TrackableClientOptions,
} from "../../src/index.js";
import { type Answer, type KeywardTestServer, testClientOptions } from "./server.js";

export interface TrackableSetup {
  productId: string;
  policyId: string;
  licenseId: string;
  code: { id: string; code: string };
}

/**
 * A new product, a floating policy (`rules` merged in) and its license bound to a new handshake
 * code (`code`: its fields, e.g. sessionPassword). The organization's first code is its default.
 */
export async function trackableSetup(
  server: KeywardTestServer,
  options: { rules?: Record<string, unknown>; code?: Record<string, unknown> } = {},
): Promise<TrackableSetup> {
  const product = await server.admin("POST", "/v1/products", { name: "Tracked app" });
  assert.equal(product.status, 201, JSON.stringify(product.body));
  const productId = product.body.data.id;
  const policy = await server.admin("POST", "/v1/policies", {
    productId,
    name: "Trackable",
    floating: true,
    maxMachines: null,
    ...options.rules,
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const license = await server.admin("POST", "/v1/licenses", {
    productId,
    policyId: policy.body.data.id,
  });
  assert.equal(license.status, 201, JSON.stringify(license.body));
  const code = await server.admin("POST", "/v1/handshake-codes", options.code ?? {});
  assert.equal(code.status, 201, JSON.stringify(code.body));
  const bound = await server.admin(
    "POST",
    `/v1/licenses/${license.body.data.id}/actions/bind-handshake-code`,
    { handshakeCodeId: code.body.data.id },
  );
  assert.equal(bound.status, 200, JSON.stringify(bound.body));
  return {
    productId,
    policyId: policy.body.data.id,
    licenseId: license.body.data.id,
    code: { id: code.body.data.id, code: code.body.data.code },
  };
}

/** A 7-day trial policy on the product, made its public trial (SPEC T2: neither org nor code). */
export async function enablePublicTrial(server: KeywardTestServer, productId: string) {
  const policy = await server.admin("POST", "/v1/policies", {
    productId,
    name: "Public trial",
    model: "trial",
    durationSeconds: 7 * 86_400,
    floating: true,
    maxMachines: null,
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  // admin() is typed for the verbs the license tests use; the server takes PUT as well.
  const put = server.admin as (method: string, path: string, body?: unknown) => Promise<Answer>;
  const enabled = await put("PUT", `/v1/products/${productId}/trackable`, {
    publicTrialPolicyId: policy.body.data.id,
  });
  assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
}

/** The SDK's trackable client on the test server's clock, without retries, counting requests. */
export function trackableClient(
  server: KeywardTestServer,
  options: Partial<TrackableClientOptions> & { productId: string; storage?: KeywardStorage },
) {
  const defaults = testClientOptions(server);
  const client = createTrackableClient({ ...defaults, ...options });
  return { client, fetch: defaults.fetch };
}

/** The server's totals per feature for a license (admin usage read). */
export async function serverTotals(
  server: KeywardTestServer,
  licenseId: string,
): Promise<Record<string, number>> {
  const answer = await server.admin("GET", `/v1/licenses/${licenseId}/usage?groupBy=feature`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return Object.fromEntries(
    answer.body.data.map((row: { key: string; count: number }) => [row.key, row.count]),
  );
}
