// A policy's key scheme cannot change while it has licenses (their keys were made with it), and
// a license is not made with a scheme its policy no longer has. Both sides take the policy's row
// lock, and each asks its question under it: whether the policy has licenses (the update), and
// whether the scheme is still the one the key was made with (the creation). These tests put
// the other side's whole transaction exactly between a side's first read and its lock, with no
// timing involved:
// - SQLite (one connection per process, transactions one at a time): the service's clock is
//   read between its read and its transaction; the clock starts the other transaction there,
//   which is then first in line for the connection.
// - PostgreSQL: a second connection holds the policy's row lock with its change written and not
//   committed before the service starts; the service reads (not seeing it), then waits for the
//   lock; the test sees it waiting (pg_blocking_pids) and commits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generatePlainKey } from "@keyward/formats";
import { sql } from "kysely";
import { newId } from "../src/ids.js";
import type { Clock } from "../src/services/clock.js";
import { hashLicenseKey } from "../src/services/licenses.js";
import type { Principal } from "../src/services/principal.js";
import { type Db, openStore } from "../src/store/database.js";
import { licensesRepository } from "../src/store/licenses.js";
import { policiesRepository } from "../src/store/policies.js";
import type { LicenseRecord } from "../src/store/records.js";
import { createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

/** What the service answered: "ok", or its error's code. */
async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

forEachDatabase("policies: a key scheme change against a license landing on the policy", (db) => {
  /** Runs once, at the next read of the clock (SQLite's interleaving). */
  let atNextClock: (() => void) | undefined;
  const clock: Clock = () => {
    const hook = atNextClock;
    atNextClock = undefined;
    hook?.();
    return new Date();
  };
  const t = useTestApp(db, { clock });
  const admin = (): Principal => ({
    organizationId: t().organizationId,
    tokenId: null,
    kind: "admin",
    productId: null,
    licenseId: null,
  });

  /**
   * Runs `service()` with `other` (a whole transaction on the policy, under its row lock)
   * committed between the service's reads and its own lock; answers the service's outcome.
   */
  async function between(
    policyId: string,
    other: (trx: Db) => Promise<void>,
    service: () => Promise<unknown>,
  ): Promise<string> {
    const { store, organizationId, testStore } = t();
    const lockThen = async (trx: Db) => {
      assert.ok(await policiesRepository(trx).lock(organizationId, policyId));
      await other(trx);
    };
    if (testStore.databaseUrl === null) {
      let done: Promise<void> | undefined;
      atNextClock = () => {
        done = store.db.transaction().execute(lockThen);
      };
      const answer = outcome(service());
      const result = await answer;
      assert.ok(done, "the service read the clock between its reads and its transaction");
      await done;
      return result;
    }
    const second = openStore({ databaseUrl: testStore.databaseUrl, dataDir: testStore.dataDir });
    try {
      let held!: (pid: number) => void;
      const holding = new Promise<number>((resolve) => {
        held = resolve;
      });
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => {
        commit = resolve;
      });
      const other = second.db.transaction().execute(async (trx) => {
        await lockThen(trx);
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        held(rows[0]!.pid);
        await committing;
      });
      const pid = await holding;
      const answer = outcome(service());
      // The service waits for the lock: its read came first, without the uncommitted change.
      for (let tries = 0; ; tries++) {
        const { rows } = await sql<{ waiting: number | string }>`
          select count(*) as waiting from pg_stat_activity
          where ${pid} = any(pg_blocking_pids(pid))`.execute(second.db);
        if (Number(rows[0]!.waiting) > 0) break;
        assert.ok(tries < 2000, "the service never waited for the policy's lock");
        await new Promise((resolve) => setImmediate(resolve));
      }
      commit();
      await other;
      return await answer;
    } finally {
      await second.close();
    }
  }

  test("a license created on the policy between the update's read and its lock: the scheme change is refused", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    assert.equal(policy.scheme, null, "plain keys");
    const key = generatePlainKey();
    const now = new Date().toISOString();
    const license: LicenseRecord = {
      id: newId("lic"),
      organizationId: t().organizationId,
      productId: policy.productId,
      policyId: policy.id,
      userId: null,
      name: null,
      key,
      keyHash: hashLicenseKey(key),
      keyImported: false,
      suspended: false,
      revokedAt: null,
      expiresAt: null,
      uses: 0,
      firstActivatedAt: null,
      firstValidatedAt: null,
      lastCheckInAt: null,
      expiredEventFor: null,
      handshakeCodeId: null,
      lastValidatedAt: null,
      lastValidationCode: null,
      overrides: {},
      metadata: {},
      createdAt: now,
      updatedAt: now,
    };
    const result = await between(
      policy.id,
      // What creating a license writes under the policy's lock.
      (trx) => licensesRepository(trx).insert(license),
      () => t().services.policies.update(admin(), policy.id, { scheme: "ED25519_SIGN" }),
    );
    assert.equal(result, "POLICY_IN_USE");
    const after = await call("GET", `/v1/policies/${policy.id}`);
    assert.equal(after.body.data.scheme, null, "the license's plain key is still its scheme's");
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).status, 200);
  });

  test("the scheme changed between a license's read of the policy and its lock: the license is refused, not made with the old scheme", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), { scheme: "ED25519_SIGN" });
    const result = await between(
      policy.id,
      // What a scheme change writes under the policy's lock (it has no licenses yet).
      async (trx) => {
        const policies = policiesRepository(trx);
        const current = await policies.find(t().organizationId, policy.id);
        assert.ok(current);
        await policies.update(
          t().organizationId,
          policy.id,
          { rules: { ...current.rules, scheme: null } },
          new Date().toISOString(),
        );
      },
      () => t().services.licenses.create(admin(), { policyId: policy.id }),
    );
    assert.equal(result, "CONFLICT");
    const licenses = await call("GET", "/v1/licenses", undefined, {
      query: { policyId: policy.id },
    });
    assert.deepEqual(licenses.body.data, [], "no signed key on a plain-key policy");
    // Asked again, the license is made with the policy's scheme now.
    const again = await call("POST", "/v1/licenses", { policyId: policy.id });
    assert.equal(again.status, 201, again.text);
    assert.doesNotMatch(again.body.data.key, /^key\//);
  });
});
