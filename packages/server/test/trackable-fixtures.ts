// Builders for the trackable-license tests (SPEC T2–T11): a product, policy and license bound
// to a handshake code, and the device-side calls.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { parsePublicKey, verifyLease } from "@keyward/formats";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { type Api, type ApiResponse, api, type TestApp } from "./support/app.js";

export interface Trackable {
  call: Api;
  productId: string;
  policy: { id: string; productId: string };
  license: { id: string };
  code: { id: string; code: string };
}

/** A floating policy (rules merged in), one license on it, bound to a new handshake code. */
export async function trackableLicense(
  t: TestApp,
  options: {
    rules?: Record<string, unknown>;
    settings?: Record<string, unknown>;
    code?: Record<string, unknown>;
    token?: string;
  } = {},
): Promise<Trackable> {
  const call = api(t.app, options.token ?? t.adminToken);
  const productId = await createProduct(call);
  const policy = await createPolicy(call, productId, {
    floating: true,
    maxMachines: null,
    ...options.rules,
  });
  const license = await createLicense(call, policy);
  const created = await call("POST", "/v1/handshake-codes", options.code ?? {});
  assert.equal(created.status, 201, created.text);
  const code = created.body.data;
  const bound = await call("POST", `/v1/licenses/${license.id}/actions/bind-handshake-code`, {
    handshakeCodeId: code.id,
  });
  assert.equal(bound.status, 200, bound.text);
  if (options.settings) {
    const put = await call("PUT", `/v1/policies/${policy.id}/trackable`, options.settings);
    assert.equal(put.status, 200, put.text);
  }
  return { call, productId, policy, license, code };
}

/** A trackable product whose public trial (T2) is a floating policy with unlimited devices. */
export async function publicTrialProduct(
  t: TestApp,
): Promise<Trackable & { trialPolicy: { id: string } }> {
  const trackable = await trackableLicense(t);
  const trialPolicy = await createPolicy(trackable.call, trackable.productId, {
    floating: true,
    maxMachines: null,
  });
  const put = await trackable.call("PUT", `/v1/products/${trackable.productId}/trackable`, {
    publicTrialPolicyId: trialPolicy.id,
  });
  assert.equal(put.status, 200, put.text);
  return { ...trackable, trialPolicy };
}

export function device(): string {
  return randomUUID();
}

export function authorize(t: TestApp, body: Record<string, unknown>): Promise<ApiResponse> {
  return api(t.app, null)("POST", "/v1/trackable/authorize", body);
}

export function report(t: TestApp, body: Record<string, unknown>): Promise<ApiResponse> {
  return api(t.app, null)("POST", "/v1/trackable/usage", body);
}

/** A usage report of `deviceId` on `day` (YYYY-MM-DD). */
export function usageReport(
  deviceId: string,
  counters: Record<string, number>,
  day = "2030-05-01",
  reportId: string = randomUUID(),
) {
  return {
    reportId,
    deviceId,
    periodStart: `${day}T10:00:00.000Z`,
    periodEnd: `${day}T10:03:00.000Z`,
    counters,
  };
}

/** Verifies the answer's lease with the organization's published Ed25519 key. */
export async function verifiedClaims(
  t: TestApp,
  organizationId: string,
  lease: string,
  now: Date,
  binding: { fingerprint?: string; nonce?: string } = {},
) {
  const keys = await api(t.app, null)("GET", `/v1/organizations/${organizationId}/signing-keys`);
  const key = keys.body.data.find((k: { algorithm: string }) => k.algorithm === "ed25519");
  const verified = await verifyLease(lease, parsePublicKey(key.publicKey), {
    algorithm: "ed25519",
    now,
    ...binding,
  });
  assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
  // biome-ignore lint/suspicious/noExplicitAny: the trackable claims beside the lease's own
  return verified.value as { claims: any; state: string };
}

/** Counts of the rows a device request may write, for "nothing recorded" checks. */
export async function trackableRows(t: TestApp) {
  const db = t.store.db;
  const count = async (
    table: "machines" | "usage_reports" | "usage_totals" | "trial_grants" | "licenses" | "events",
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    machines: await count("machines"),
    reports: await count("usage_reports"),
    totals: await count("usage_totals"),
    trials: await count("trial_grants"),
    licenses: await count("licenses"),
    events: await count("events"),
  };
}
