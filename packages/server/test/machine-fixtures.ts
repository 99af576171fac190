// Machines for the machine tests. The API does not create machines (activation comes with the
// licensing engine), so these go in through the store's repository.
import assert from "node:assert/strict";
import { newId } from "../src/ids.js";
import type { Store } from "../src/store/database.js";
import type { Machine } from "../src/store/schema.js";
import type { Api, TestApp } from "./support/app.js";

export async function insertMachine(
  t: TestApp,
  licenseId: string,
  fields: Partial<Machine> = {},
  organizationId: string = t.organizationId,
): Promise<Machine> {
  const now = new Date().toISOString();
  const machine: Machine = {
    id: newId("mach"),
    organization_id: organizationId,
    license_id: licenseId,
    fingerprint: `fp-${newId("mach").slice(5)}`,
    name: null,
    platform: "linux",
    os_version: "6.8",
    app_identifier: "com.example.app",
    app_version: "1.2.3",
    variables: JSON.stringify({ cpu: 8 }),
    metadata: "{}",
    last_heartbeat_at: null,
    heartbeat_deadline_at: null,
    cull_when_dead: 0,
    last_validated_at: null,
    last_validation_code: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
  await t.store.db.insertInto("machines").values(machine).execute();
  return machine;
}

/** Every machine row of the store, for "nothing changed" checks. */
export function machineRows(store: Store): Promise<Machine[]> {
  return store.db.selectFrom("machines").selectAll().orderBy("id").execute();
}

/** A license token for `licenseId`, created with `call`'s token. */
export async function licenseToken(call: Api, licenseId: string): Promise<string> {
  const response = await call("POST", `/v1/licenses/${licenseId}/tokens`, { name: "sdk" });
  assert.equal(response.status, 201, response.text);
  return response.body.data.token;
}
