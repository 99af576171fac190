// Transactions that lock several rows of one table take them in one order (store/scoped.ts
// inLockOrder): in opposite orders, two of them can each wait for the other, and PostgreSQL
// aborts one as deadlocked. Each test races, on real connections, writers of the same rows that
// are handed those rows in opposite orders; none may fail, and each does its work once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { validationsRepository } from "../src/store/validations.js";
import { webhooksRepository } from "../src/store/webhooks.js";
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
  const t = useTestApp(db, { clock, webhooks: { allowPrivate: true } });

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

  test("deleting a license and a validation flush on its machines", async () => {
    // The later a machine is made here (the higher its id), the lower its fingerprint: the
    // license's DELETE of its machines walks them in the order its plan meets them (on a small
    // table PostgreSQL takes the index by organization and fingerprint), the flush by id.
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      floating: true,
      maxMachines: LICENSES,
    });
    const { organizationId, store } = t();
    for (let round = 0; round < ROUNDS; round++) {
      const { id, key } = await createLicense(call, policy);
      const machines: { organizationId: string; id: string }[] = [];
      for (let device = LICENSES; device > 0; device--) {
        const machine = await activate(t().app, key as string, `device-${round}-${device}`);
        machines.push({ organizationId, id: machine.id });
      }
      const at = clock().toISOString();
      const [, deleted] = await Promise.all([
        validationsRepository(store.db).record(
          [],
          machines.map((machine) => ({ subject: "machine" as const, ...machine, at })),
        ),
        call("DELETE", `/v1/licenses/${id}`),
      ]);
      assert.equal(deleted.status, 204, deleted.text);
      const left = await store.db
        .selectFrom("machines")
        .select("id")
        .where("license_id", "=", id)
        .execute();
      assert.deepEqual(left, []);
      clock.advance(1000);
    }
  });

  /**
   * An endpoint with LICENSES claimed deliveries, rewritten from the last to the first so that
   * PostgreSQL's heap holds them in the reverse of id order; and the worker's batch of their
   * outcomes, written by id (services/webhooks deliverDue).
   */
  async function claimedInReverse(
    call: ReturnType<typeof api>,
    policy: Awaited<ReturnType<typeof createPolicy>>,
  ) {
    const { store } = t();
    const endpoint = await call("POST", "/v1/webhook-endpoints", {
      url: "http://127.0.0.1:9/hooks",
      eventTypes: ["license.created"],
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    const endpointId: string = endpoint.body.data.id;
    for (let i = 0; i < LICENSES; i++) await createLicense(call, policy);
    const newestFirst = await store.db
      .selectFrom("webhook_deliveries")
      .select("id")
      .where("endpoint_id", "=", endpointId)
      .orderBy("id", "desc")
      .execute();
    assert.equal(newestFirst.length, LICENSES);
    for (const { id } of newestFirst) {
      await store.db
        .updateTable("webhook_deliveries")
        .set({ attempts: 0 })
        .where("id", "=", id)
        .execute();
    }
    const now = clock().toISOString();
    const leaseUntil = new Date(clock().getTime() + 60_000).toISOString();
    const claimed = await webhooksRepository(store.db).claimDue(now, leaseUntil, 100);
    assert.equal(claimed.length, LICENSES);
    const recordBatch = () =>
      store.db.transaction().execute(async (trx) => {
        for (const delivery of claimed) {
          await webhooksRepository(trx).recordAttempt(delivery.id, leaseUntil, {
            status: "pending",
            nextAttemptAt: new Date(clock().getTime() + 120_000).toISOString(),
            lastAttemptAt: now,
            lastStatusCode: 500,
            lastLatencyMs: 1,
            lastResponse: null,
            lastError: null,
          });
        }
      });
    const statuses = async () =>
      (
        await store.db
          .selectFrom("webhook_deliveries")
          .select("status")
          .where("endpoint_id", "=", endpointId)
          .execute()
      ).map((row) => row.status);
    return { endpointId, now, recordBatch, statuses };
  }

  test("a batch's outcomes and disabling its endpoint on the same deliveries", async () => {
    // Disabling fails the endpoint's pending deliveries in one statement.
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    for (let round = 0; round < ROUNDS; round++) {
      const { endpointId, now, recordBatch, statuses } = await claimedInReverse(call, policy);
      await Promise.all([
        recordBatch(),
        t()
          .store.db.transaction()
          .execute(async (trx) => {
            const webhooks = webhooksRepository(trx);
            assert.ok(await webhooks.disableEndpoint(endpointId, "failing", now));
            await webhooks.failPending(t().organizationId, endpointId, "disabled", now);
          }),
      ]);
      // Whichever went first, the disabling wins: a later outcome finds its claim gone.
      assert.deepEqual(
        await statuses(),
        Array.from({ length: LICENSES }, () => "failed"),
      );
      clock.advance(1000);
    }
  });

  test("a batch's outcomes and deleting its endpoint on the same deliveries", async () => {
    // Deleting the endpoint deletes its deliveries by cascade.
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    for (let round = 0; round < ROUNDS; round++) {
      const { endpointId, recordBatch, statuses } = await claimedInReverse(call, policy);
      const [, deleted] = await Promise.all([
        recordBatch(),
        call("DELETE", `/v1/webhook-endpoints/${endpointId}`),
      ]);
      assert.equal(deleted.status, 204, deleted.text);
      assert.deepEqual(await statuses(), []);
      clock.advance(1000);
    }
  });
});
