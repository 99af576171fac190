// Transactions that lock several rows of one table take them in one order (store/scoped.ts
// inLockOrder): in opposite orders, two of them can each wait for the other, and PostgreSQL
// aborts one as deadlocked. Each test races, on real connections, writers of the same rows that
// are handed those rows in opposite orders; none may fail, and each does its work once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { validationsRepository } from "../src/store/validations.js";
import {
  activate,
  createLicense,
  createPolicy,
  createProduct,
  createUser,
} from "./licensing-fixtures.js";
import { api, createOrganization, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2031-05-10T12:00:00.000Z");
const LICENSES = 8;
const ROUNDS = 10;
const DEVICES = 4;

forEachDatabase("lock order", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("the expiry job, a validation flush and a licensee's rename on the same licenses", async () => {
    // Ids sort by creation; the later a license is made here, the earlier it expired. The job
    // takes the expired licenses in expiry order, the flush and the rename's reindexing by id.
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId);
    const userId = await createUser(call, "licensee@example.com");
    const ids: string[] = [];
    for (let i = 0; i < LICENSES; i++) {
      const expiresAt = new Date(START.getTime() - (i + 1) * 60_000).toISOString();
      ids.push((await createLicense(call, policy, { userId, expiresAt })).id);
    }
    const { organizationId, store, services } = t();
    const flush = () =>
      validationsRepository(store.db).record(
        ids.map((licenseId) => ({
          organizationId,
          productId,
          licenseId,
          code: "EXPIRED",
          day: "2031-05-10",
          count: 1,
        })),
        ids.map((id) => ({
          subject: "license" as const,
          organizationId,
          id,
          at: clock().toISOString(),
        })),
      );
    for (let round = 0; round < ROUNDS; round++) {
      // Each round the job finds every expiry unreported again.
      await store.db
        .updateTable("licenses")
        .set({ expired_event_for: null })
        .where("id", "in", ids)
        .execute();
      clock.advance(1000);
      const [expired, , renamed] = await Promise.all([
        services.expirations.recordExpired(),
        flush(),
        call("PATCH", `/v1/users/${userId}`, { name: `Licensee ${round}` }),
      ]);
      assert.deepEqual(
        expired.map((license) => license.id),
        [...ids].reverse(),
      );
      assert.equal(renamed.status, 200, renamed.text);
    }
    const counters = await store.db
      .selectFrom("validation_counters")
      .select(["license_id", "count"])
      .where("license_id", "in", ids)
      .orderBy("license_id")
      .execute();
    assert.deepEqual(
      counters.map((row) => [row.license_id, Number(row.count)]),
      ids.map((id) => [id, ROUNDS]),
    );
    const events = await store.db
      .selectFrom("events")
      .select("license_id")
      .where("type", "=", "license.expired")
      .where("license_id", "in", ids)
      .execute();
    assert.equal(events.length, LICENSES * ROUNDS);
  });

  test("the culling job and a validation flush on the same machines of two organizations", async () => {
    // Each round machines of two organizations die, the first made (the lower ids) on the
    // organization that sorts last. The job deletes them in one statement, in the order its
    // plan meets them; the flush updates them by organization, then id.
    const other = await createOrganization(t().services, "Other");
    const floating = async (organizationId: string, token: string) => {
      const call = api(t().app, token);
      const policy = await createPolicy(call, await createProduct(call), {
        floating: true,
        maxMachines: 100,
        heartbeat: { required: true, durationSeconds: 600, cullStrategy: "deactivate" },
      });
      return { organizationId, key: (await createLicense(call, policy)).key as string };
    };
    const licenses = [
      await floating(t().organizationId, t().adminToken),
      await floating(other.organizationId, other.adminToken),
    ].sort((a, b) => (a.organizationId < b.organizationId ? 1 : -1));
    for (let round = 0; round < ROUNDS; round++) {
      const machines: { organizationId: string; id: string }[] = [];
      for (const { organizationId, key } of licenses) {
        for (let device = 0; device < DEVICES; device++) {
          const { id } = await activate(t().app, key, `device-${round}-${device}`);
          machines.push({ organizationId, id });
        }
      }
      clock.advance(601 * 1000);
      const at = clock().toISOString();
      const [culled] = await Promise.all([
        t().services.activation.cullDeadMachines(),
        validationsRepository(t().store.db).record(
          [],
          machines.map((machine) => ({ subject: "machine" as const, ...machine, at })),
        ),
      ]);
      assert.deepEqual(
        culled.map((machine) => machine.id).sort(),
        machines.map((m) => m.id).sort(),
      );
    }
  });
});
