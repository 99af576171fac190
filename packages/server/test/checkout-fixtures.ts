// Shared by the check-out and response-signing tests: the organization's public keys, machines
// activated through the API, the offline CLI run in-process, and "nothing changed" snapshots.
import assert from "node:assert/strict";
import { type PublicKey, parsePublicKey } from "@keyward/formats";
import { type RunResult, run } from "../../cli/test/support/cli.js";
import type { Api, TestApp } from "./support/app.js";

export interface OrganizationKey {
  id: string;
  /** SubjectPublicKeyInfo, Base64 DER: what `keyward … --public-key` takes as text. */
  base64: string;
  key: PublicKey;
}

/** The organization's current Ed25519 and RSA public keys, as clients get them (no auth). */
export async function organizationKeys(
  call: Api,
  organizationId: string,
): Promise<{ ed25519: OrganizationKey; rsa: OrganizationKey }> {
  const response = await call("GET", `/v1/organizations/${organizationId}/signing-keys`);
  assert.equal(response.status, 200, response.text);
  const pick = (algorithm: string): OrganizationKey => {
    const row = response.body.data.find(
      (k: { algorithm: string; state: string }) =>
        k.algorithm === algorithm && k.state === "active",
    );
    assert.ok(row, `no ${algorithm} key`);
    return { id: row.id, base64: row.publicKey, key: parsePublicKey(row.publicKey) };
  };
  return { ed25519: pick("ed25519"), rsa: pick("rsa") };
}

/** Activates a device on a license through the API and returns the machine. */
export async function activate(
  call: Api,
  licenseId: string,
  fingerprint: string,
): Promise<{ id: string; fingerprint: string; createdAt: string }> {
  const response = await call("POST", "/v1/machines", { licenseId, fingerprint });
  assert.equal(response.status, 201, response.text);
  return response.body.data;
}

/** `keyward file verify … -` with the certificate on stdin, in this process. */
export function cliVerify(certificate: string, args: string[]): Promise<RunResult> {
  return run(["file", "verify", ...args, "-"], { input: certificate });
}

/** Every row a check-out or a signed request could touch, for "nothing changed" checks. */
export async function snapshot(t: TestApp): Promise<string[][]> {
  await t.services.flush();
  const tables = ["licenses", "machines", "events", "idempotency_keys", "signing_keys"] as const;
  const rows = await Promise.all(
    tables.map((table) => t.store.db.selectFrom(table).selectAll().execute()),
  );
  // Row order is the database's business: compare sets of rows.
  return rows.map((table) => table.map((row) => JSON.stringify(row)).sort());
}
