// Issue 18.2: validations are counters per (license, code, day) plus the last validation of each
// license and machine; an event only when a code changes. On both databases, in one process,
// and across two server processes on one PostgreSQL (counts exact).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import pg from "pg";
import { validationLog } from "../src/services/validation-log.js";
import { openStore, SQLITE_FILE, type Store } from "../src/store/database.js";
import { foldValidationEvents } from "../src/store/migrations/0014_validation_counters.js";
import { validationsRepository } from "../src/store/validations.js";
import { keepUnwritten, writeKeptValidations } from "../src/unwritten-validations.js";
import {
  activate,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
  productToken,
} from "./licensing-fixtures.js";
import { api, errorCode, manualClock, useTestApp } from "./support/app.js";
import {
  createTestSchema,
  forEachDatabase,
  POSTGRES_SKIP,
  type TestSchema,
} from "./support/databases.js";
import { type ServerProcess, serve } from "./support/processes.js";
import { TcpProxy } from "./support/tcp-proxy.js";

const START = new Date("2031-05-10T12:00:00.000Z");

/** A license's counters as [code, count], read on a store of the test's own. */
async function countsByCode(store: Store, licenseId: string) {
  const rows = await store.db
    .selectFrom("validation_counters")
    .select(["code", "count"])
    .where("license_id", "=", licenseId)
    .execute();
  return rows.map((row) => [row.code, Number(row.count)]);
}
const CHECKS = 1000;

/** A count of VALID validations of a license on 2031-05-10, as the log hands out unwritten ones. */
function keptCount(organizationId: string, productId: string, licenseId: string, count: number) {
  return { organizationId, productId, licenseId, code: "VALID", day: "2031-05-10", count };
}

forEachDatabase("validation counters", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  async function setUp(rules: Record<string, unknown> = {}) {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, rules);
    return { call, productId, license: await createLicense(call, policy) };
  }

  async function check(key: string, fingerprint?: string) {
    const response = await api(t().app, null)("POST", "/v1/check", {
      key,
      ...(fingerprint ? { fingerprint } : {}),
    });
    assert.equal(response.status, 200, response.text);
    return response.body as { valid: boolean; code: string };
  }

  /** The license's validation events, as [type, machineId, code]. */
  async function validationEvents(licenseId: string) {
    await t().services.flush();
    const rows = await t()
      .store.db.selectFrom("events")
      .select(["type", "machine_id", "data"])
      .where("license_id", "=", licenseId)
      .where("type", "like", "license.validation.%")
      .orderBy("id")
      .execute();
    return rows.map((row) => [row.type, row.machine_id, JSON.parse(row.data).code]);
  }

  async function counters(licenseId: string) {
    await t().services.flush();
    const rows = await t()
      .store.db.selectFrom("validation_counters")
      .select(["code", "day", "count"])
      .where("license_id", "=", licenseId)
      .orderBy("day")
      .orderBy("code")
      .execute();
    return rows.map((row) => [row.day, row.code, Number(row.count)]);
  }

  test(`${CHECKS} identical checks: one event, counted ${CHECKS} times`, async () => {
    clock.set(START);
    const { license } = await setUp();
    await check(license.key);
    assert.deepEqual(await validationEvents(license.id), [
      ["license.validation.succeeded", null, "VALID"],
    ]);
    for (let i = 1; i < CHECKS; i++) await check(license.key);
    assert.deepEqual(await validationEvents(license.id), [
      ["license.validation.succeeded", null, "VALID"],
    ]);
    assert.deepEqual(await counters(license.id), [["2031-05-10", "VALID", CHECKS]]);
    const row = await t()
      .store.db.selectFrom("licenses")
      .select(["last_validated_at", "last_validation_code"])
      .where("id", "=", license.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      last_validated_at: START.toISOString(),
      last_validation_code: "VALID",
    });
  });

  test("a change of code writes one event; counters split by code and day", async () => {
    clock.set(START);
    const { license } = await setUp({ model: "timed", durationSeconds: DAY });
    await check(license.key);
    await check(license.key);
    clock.advance(2 * DAY * 1000);
    assert.equal((await check(license.key)).code, "EXPIRED");
    await check(license.key);
    await check(license.key);
    assert.deepEqual(await validationEvents(license.id), [
      ["license.validation.succeeded", null, "VALID"],
      ["license.validation.failed", null, "EXPIRED"],
    ]);
    assert.deepEqual(await counters(license.id), [
      ["2031-05-10", "VALID", 2],
      ["2031-05-12", "EXPIRED", 3],
    ]);
    const latest = await t()
      .store.db.selectFrom("licenses")
      .select(["last_validated_at", "last_validation_code"])
      .where("id", "=", license.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(latest, {
      last_validated_at: "2031-05-12T12:00:00.000Z",
      last_validation_code: "EXPIRED",
    });
  });

  test("a machine keeps its own last validation; the license's is without a machine", async () => {
    clock.set(START);
    const { license } = await setUp();
    const machine = await activate(t().app, license.key, "fp-1");
    for (let i = 0; i < 5; i++) await check(license.key, "fp-1");
    for (let i = 0; i < 3; i++) await check(license.key, "fp-unknown");
    for (let i = 0; i < 2; i++) await check(license.key, "fp-1");
    assert.deepEqual(await validationEvents(license.id), [
      ["license.validation.succeeded", machine.id, "VALID"],
      ["license.validation.failed", null, "FINGERPRINT_SCOPE_MISMATCH"],
    ]);
    assert.deepEqual(await counters(license.id), [
      ["2031-05-10", "FINGERPRINT_SCOPE_MISMATCH", 3],
      ["2031-05-10", "VALID", 7],
    ]);
    const machineRow = await t()
      .store.db.selectFrom("machines")
      .select(["last_validated_at", "last_validation_code"])
      .where("id", "=", machine.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(machineRow, {
      last_validated_at: START.toISOString(),
      last_validation_code: "VALID",
    });
  });

  test("concurrent first checks record the change once", async () => {
    clock.set(START);
    const { license } = await setUp();
    await Promise.all(Array.from({ length: 40 }, () => check(license.key)));
    assert.deepEqual(await validationEvents(license.id), [
      ["license.validation.succeeded", null, "VALID"],
    ]);
    assert.deepEqual(await counters(license.id), [["2031-05-10", "VALID", 40]]);
  });

  test("concurrent flushes of the same rows in opposite orders: none fails, none is lost", async () => {
    // Two processes flush their batches at the same moment, each in the order its checks came
    // in. On PostgreSQL rows locked in opposite orders deadlock, and the aborted flush's counts
    // were lost. The repository writes in one order whatever order it is given.
    const { call, productId } = await setUp();
    const policy = await createPolicy(call, productId, {});
    const licenses: string[] = [];
    for (let i = 0; i < 8; i++) licenses.push((await createLicense(call, policy)).id as string);
    const { organizationId } = t();
    const batch = (ids: string[]) => ({
      counts: ids.map((licenseId) => ({
        organizationId,
        productId,
        licenseId,
        code: "VALID",
        day: "2031-05-10",
        count: 1,
      })),
      last: ids.map((id) => ({
        subject: "license" as const,
        organizationId,
        id,
        at: START.toISOString(),
      })),
    });
    const forward = batch(licenses);
    const backward = batch([...licenses].reverse());
    const validations = validationsRepository(t().store.db);
    const ROUNDS = 20;
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        [forward, backward, forward, backward].map(({ counts, last }) =>
          validations.record(counts, last),
        ),
      );
    }
    const rows = await t()
      .store.db.selectFrom("validation_counters")
      .select(["license_id", "count"])
      .where("license_id", "in", licenses)
      .execute();
    assert.deepEqual(
      rows.map((row) => Number(row.count)),
      licenses.map(() => ROUNDS * 4),
    );
  });

  /**
   * A second store on the test database that can be kept from writing: on PostgreSQL through a
   * proxy that refuses connections, on SQLite by another connection holding the write lock.
   */
  async function blockableStore() {
    const { databaseUrl, dataDir } = t().testStore;
    if (databaseUrl !== null) {
      const proxy = await TcpProxy.start();
      const store = openStore({
        databaseUrl: proxy.url(databaseUrl),
        dataDir,
        limits: { connectTimeoutMs: 2000 },
      });
      return {
        store,
        block: () => proxy.refuse(),
        unblock: () => proxy.accept(),
        close: async () => {
          await store.close();
          await proxy.close();
        },
      };
    }
    const store = openStore({ databaseUrl: null, dataDir, limits: { sqliteBusyTimeoutMs: 50 } });
    const locker = new SQLite(join(dataDir, SQLITE_FILE));
    return {
      store,
      block: async () => void locker.exec("begin immediate"),
      unblock: async () => void locker.exec("rollback"),
      close: async () => {
        locker.close();
        await store.close();
      },
    };
  }

  test("counts a flush could not write wait for the next one: nothing is lost", async () => {
    const { productId, license } = await setUp();
    const outcome = {
      organizationId: t().organizationId,
      productId,
      licenseId: license.id as string,
      machineId: null,
      valid: true,
      code: "VALID",
      previousCode: "VALID",
      at: START,
    };
    const database = await blockableStore();
    const logged: Array<[string, string, Record<string, unknown>]> = [];
    const log = validationLog({
      store: database.store,
      log: {
        warn: (fields, message) => logged.push(["warn", message, fields]),
        info: (fields, message) => logged.push(["info", message, fields]),
      },
    });
    try {
      for (let i = 0; i < 5; i++) log.count(outcome);
      await database.block();
      await log.flush();
      assert.deepEqual(await counters(license.id), []);
      for (let i = 0; i < 3; i++) log.count(outcome);
      await database.unblock();
      await log.flush();
      assert.deepEqual(await counters(license.id), [["2031-05-10", "VALID", 8]]);
      assert.deepEqual(
        logged.map(([level, message, fields]) => [level, message, Object.keys(fields)]),
        [
          [
            "warn",
            "validation counts not written; retried every 200 ms while the server runs",
            ["counters", "reason"],
          ],
          ["info", "validation counts written again", ["lastedMs", "repeated"]],
        ],
      );
      assert.equal(logged[0]?.[2].counters, 1);
    } finally {
      await database.close();
    }
  });

  test("kept counts: each file written once by racing starts; a claim left behind is taken over", async () => {
    const { productId, license } = await setUp();
    const licenseId = license.id as string;
    const counter = (count: number) => keptCount(t().organizationId, productId, licenseId, count);
    const last = { subject: "license" as const, organizationId: t().organizationId, id: licenseId };
    const dataDir = await mkdtemp(join(tmpdir(), "keyward-kept-"));
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    try {
      await keepUnwritten(dataDir, { counts: [counter(3)], lastValidations: [] }, warn);
      const file = await keepUnwritten(
        dataDir,
        { counts: [counter(4)], lastValidations: [{ ...last, at: START.toISOString() }] },
        warn,
      );
      // Claims: one a minute and more old (its process died), one in progress.
      const dir = dirname(file);
      const claim = (ageMs: number) => `${Date.now() - ageMs}-${randomBytes(4).toString("hex")}`;
      await writeFile(
        join(dir, `left.json.claimed-${claim(61_000)}`),
        JSON.stringify({
          counts: [counter(5)],
          lastValidations: [],
        }),
      );
      const inProgress = `busy.json.claimed-${claim(1000)}`;
      await writeFile(
        join(dir, inProgress),
        JSON.stringify({ counts: [counter(100)], lastValidations: [] }),
      );

      const written = await Promise.all([
        writeKeptValidations(dataDir, t().store, warn),
        writeKeptValidations(dataDir, t().store, warn),
      ]);
      assert.equal(written[0].files + written[1].files, 3);
      assert.equal(written[0].validations + written[1].validations, 12);
      assert.deepEqual(await counters(licenseId), [["2031-05-10", "VALID", 12]]);
      const row = await t()
        .store.db.selectFrom("licenses")
        .select("last_validated_at")
        .where("id", "=", licenseId)
        .executeTakeFirstOrThrow();
      assert.equal(row.last_validated_at, START.toISOString());
      assert.deepEqual(await readdir(dir), [inProgress]);
      assert.deepEqual(warnings, []);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("kept counts the database does not take are put back for the next start", async () => {
    const { productId, license } = await setUp();
    const dataDir = await mkdtemp(join(tmpdir(), "keyward-kept-"));
    const database = await blockableStore();
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    try {
      const counts = [keptCount(t().organizationId, productId, license.id as string, 7)];
      const file = await keepUnwritten(dataDir, { counts, lastValidations: [] }, warn);
      await database.block();
      assert.deepEqual(await writeKeptValidations(dataDir, database.store, warn), {
        files: 0,
        validations: 0,
      });
      assert.match(warnings.join("\n"), /could not write the validation counts kept in/);
      assert.deepEqual(await readdir(dirname(file)), [basename(file)]);
      await database.unblock();
      assert.deepEqual(await writeKeptValidations(dataDir, database.store, warn), {
        files: 1,
        validations: 7,
      });
      assert.deepEqual(await counters(license.id as string), [["2031-05-10", "VALID", 7]]);
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("a kept file that cannot be read is set aside once, with one warning", async () => {
    const { productId, license } = await setUp();
    const dataDir = await mkdtemp(join(tmpdir(), "keyward-kept-"));
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    try {
      const counts = [keptCount(t().organizationId, productId, license.id as string, 7)];
      const dir = dirname(await keepUnwritten(dataDir, { counts, lastValidations: [] }, warn));
      await writeFile(join(dir, "1-cut-short.json"), '{"counts":[{"organiz');
      await writeFile(
        join(dir, "2-wrong-shape.json"),
        JSON.stringify({ counts: [{ ...counts[0], count: "7" }], lastValidations: [] }),
      );
      for (let start = 0; start < 2; start++) {
        assert.deepEqual(await writeKeptValidations(dataDir, t().store, warn), {
          files: start === 0 ? 1 : 0,
          validations: start === 0 ? 7 : 0,
        });
      }
      assert.deepEqual(await counters(license.id as string), [["2031-05-10", "VALID", 7]]);
      assert.deepEqual((await readdir(dir)).sort(), [
        "1-cut-short.json.unreadable",
        "2-wrong-shape.json.unreadable",
      ]);
      assert.equal(warnings.length, 2, warnings.join("\n"));
      for (const warning of warnings) assert.match(warning, /is not a file of kept validation/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("GET /v1/stats/validations: per day and code, scoped by token", async () => {
    clock.set(START);
    const { call, productId, license } = await setUp();
    const other = await setUp();
    for (let i = 0; i < 3; i++) await check(license.key);
    await check(other.license.key);
    clock.advance(DAY * 1000);
    await check(license.key, "no-such-machine");
    await t().services.flush();
    const days = { from: "2031-05-10", to: "2031-05-11" };
    const byLicense = await call("GET", "/v1/stats/validations", undefined, {
      query: { ...days, licenseId: license.id },
    });
    assert.equal(byLicense.status, 200, byLicense.text);
    assert.deepEqual(byLicense.body, {
      from: "2031-05-10",
      to: "2031-05-11",
      data: [
        { day: "2031-05-10", code: "VALID", count: 3 },
        { day: "2031-05-11", code: "NO_MACHINE", count: 1 },
      ],
    });
    // The default span: the 30 days up to today.
    const recent = await call("GET", "/v1/stats/validations", undefined, {
      query: { productId },
    });
    assert.deepEqual([recent.body.from, recent.body.to], ["2031-04-12", "2031-05-11"]);
    assert.equal(recent.body.data.length, 2);

    // A product token sees its product's counts, and is refused another product's.
    const token = await productToken(call, productId);
    const asProduct = api(t().app, token);
    const own = await asProduct("GET", "/v1/stats/validations", undefined, { query: days });
    assert.deepEqual(own.body.data, byLicense.body.data);
    const foreign = await asProduct("GET", "/v1/stats/validations", undefined, {
      query: { ...days, productId: other.productId },
    });
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(errorCode(foreign), "FORBIDDEN");
    // Another product's license through a product token: nothing, not its counts.
    const otherLicense = await asProduct("GET", "/v1/stats/validations", undefined, {
      query: { ...days, licenseId: other.license.id },
    });
    assert.deepEqual(otherLicense.body.data, []);
    // A license key is no reader of statistics.
    const asLicense = await api(t().app, null)("GET", "/v1/stats/validations", undefined, {
      headers: { authorization: `License ${license.key}` },
    });
    assert.equal(asLicense.status, 403, asLicense.text);
  });

  test("GET /v1/stats/validations refuses bad ranges with 400", async () => {
    const call = api(t().app, t().adminToken);
    const badRanges: Record<string, string>[] = [
      { from: "2031-02-30" },
      { to: "2031-13-01" },
      { from: "2031-05-11", to: "2031-05-10" },
      { from: "2030-01-01", to: "2031-01-02" },
    ];
    for (const query of badRanges) {
      const response = await call("GET", "/v1/stats/validations", undefined, { query });
      assert.equal(response.status, 400, `${JSON.stringify(query)}: ${response.text}`);
      assert.equal(errorCode(response), "INVALID_DATE_RANGE");
    }
    const badQueries: Record<string, string>[] = [{ from: "May 10" }, { limit: "5" }];
    for (const query of badQueries) {
      const response = await call("GET", "/v1/stats/validations", undefined, { query });
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
    const year = await call("GET", "/v1/stats/validations", undefined, {
      query: { from: "2030-01-01", to: "2030-12-31" },
    });
    assert.equal(year.status, 200, year.text);
  });

  test("migration 0014 folds existing validation events into counters and last validations", async () => {
    clock.set(START);
    const { license } = await setUp();
    const machine = await activate(t().app, license.key, "fp-old");
    const { db: kysely } = t().store;
    const organizationId = t().organizationId;
    const event = (id: string, at: string, code: string, machineId: string | null) => ({
      id,
      organization_id: organizationId,
      type: code === "VALID" ? "license.validation.succeeded" : "license.validation.failed",
      license_id: license.id,
      machine_id: machineId,
      data: JSON.stringify({ code }),
      created_at: at,
    });
    // Rows as the old per-check recording wrote them (ids in time order, like newId's).
    await kysely
      .insertInto("events")
      .values([
        event("evt_0000000000000000000000001", "2031-01-01T10:00:00.000Z", "VALID", null),
        event("evt_0000000000000000000000002", "2031-01-01T11:00:00.000Z", "VALID", null),
        event("evt_0000000000000000000000003", "2031-01-02T10:00:00.000Z", "EXPIRED", null),
        event("evt_0000000000000000000000004", "2031-01-02T11:00:00.000Z", "VALID", machine.id),
        event("evt_0000000000000000000000005", "2031-01-02T12:00:00.000Z", "VALID", machine.id),
      ])
      .execute();
    // As at migration time: no counters yet (earlier tests' validations made some).
    await t().services.flush();
    await kysely.deleteFrom("validation_counters").execute();
    await foldValidationEvents(kysely as never);
    assert.deepEqual(await counters(license.id), [
      ["2031-01-01", "VALID", 2],
      ["2031-01-02", "EXPIRED", 1],
      ["2031-01-02", "VALID", 2],
    ]);
    const licenseRow = await kysely
      .selectFrom("licenses")
      .select(["last_validated_at", "last_validation_code"])
      .where("id", "=", license.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(licenseRow, {
      last_validated_at: "2031-01-02T10:00:00.000Z",
      last_validation_code: "EXPIRED",
    });
    const machineRow = await kysely
      .selectFrom("machines")
      .select(["last_validated_at", "last_validation_code"])
      .where("id", "=", machine.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(machineRow, {
      last_validated_at: "2031-01-02T12:00:00.000Z",
      last_validation_code: "VALID",
    });
  });
});

for (const database of ["sqlite", "postgres"] as const) {
  const over = database === "sqlite" ? "one SQLite file" : "one PostgreSQL";
  const skip = database === "postgres" ? POSTGRES_SKIP : false;
  const adminToken = `kw_admin_${randomBytes(24).toString("hex")}`;
  const secret = randomBytes(32).toString("hex");

  async function call(server: ServerProcess, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A product, a plain policy and a license on it: the license's id and key. */
  async function licenseOn(server: ServerProcess): Promise<{ id: string; key: string }> {
    const product = await call(server, "POST", "/v1/products", { name: "Counted" });
    const policy = await call(server, "POST", "/v1/policies", {
      productId: product.body.data.id,
      name: "Plain",
    });
    const license = await call(server, "POST", "/v1/licenses", {
      productId: product.body.data.id,
      policyId: policy.body.data.id,
    });
    return license.body.data;
  }

  describe(`validation counters across two server processes on ${over}`, { skip }, () => {
    let schema: TestSchema | undefined;
    let root: string;
    let servers: ServerProcess[] = [];

    before(async () => {
      if (database === "postgres") schema = await createTestSchema();
      root = await mkdtemp(join(tmpdir(), "keyward-counters-"));
      const env = {
        ...(schema ? { DATABASE_URL: schema.databaseUrl } : {}),
        KEYWARD_SECRET: secret,
        KEYWARD_ADMIN_TOKEN: adminToken,
        // 1,000 checks of one key within a minute: past the per-key rate limit (300 a process).
        KEYWARD_RATE_LIMITS: "false",
      };
      // One after the other: the first start migrates. On SQLite both share the data dir's file.
      for (const name of ["one", "two"]) {
        const server = await serve(["--log-level", "warn"], {
          cwd: root,
          env: { ...env, KEYWARD_DATA_DIR: join(root, database === "sqlite" ? "shared" : name) },
        });
        await server.waitUntilHealthy();
        servers.push(server);
      }
    });

    after(async () => {
      for (const server of servers) await server.stop();
      servers = [];
      await rm(root, { recursive: true, force: true });
      await schema?.drop();
    });

    test(`${CHECKS} checks split over both servers: counted exactly, one event`, async () => {
      const [one, two] = servers as [ServerProcess, ServerProcess];
      const { key, id } = await licenseOn(one);
      // 20 at a time, alternating servers, so both see the first (changing) check concurrently.
      for (let start = 0; start < CHECKS; start += 20) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            call((start + i) % 2 === 0 ? one : two, "POST", "/v1/check", { key }),
          ),
        );
        for (const answer of answers) assert.equal(answer.body.code, "VALID");
      }
      // Stopping flushes each process's pending counts.
      for (const server of servers) await server.stop();
      servers = [];
      const store = openStore({
        databaseUrl: schema?.databaseUrl ?? null,
        dataDir: join(root, "shared"),
      });
      try {
        assert.deepEqual(await countsByCode(store, id), [["VALID", CHECKS]]);
        const events = await store.db
          .selectFrom("events")
          .select("type")
          .where("license_id", "=", id)
          .where("type", "like", "license.validation.%")
          .execute();
        assert.equal(events.length, 1);
      } finally {
        await store.close();
      }
    });
  });

  describe(`validation counts kept over a restart while ${over} takes no writes`, { skip }, () => {
    const KEPT_CHECKS = 50;

    /**
     * Keeps the database from taking the counts while checks (reads) go on: on SQLite another
     * connection holds the write lock, on PostgreSQL one holds an exclusive lock on the
     * counters (a full disk or a read-only database does the same).
     */
    async function holdWrites(dataDir: string, databaseUrl: string | null) {
      if (databaseUrl === null) {
        const locker = new SQLite(join(dataDir, SQLITE_FILE));
        locker.exec("begin immediate");
        return async () => {
          locker.exec("rollback");
          locker.close();
        };
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query("begin");
      await client.query("lock table validation_counters in exclusive mode");
      return async () => {
        await client.query("rollback");
        await client.end();
      };
    }

    // PostgreSQL's only (no skip to report on SQLite): each failed write is seen in
    // pg_stat_activity.
    const onPostgres = database === "postgres" ? test : () => {};
    onPostgres(
      "writes failing in a row: one JSON warning, then one info line once they succeed",
      async () => {
        const schema = await createTestSchema();
        const root = await mkdtemp(join(tmpdir(), "keyward-counts-warning-"));
        const dataDir = join(root, "data");
        const server = await serve(["--log-level", "info"], {
          cwd: root,
          env: {
            DATABASE_URL: schema.databaseUrl,
            KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS: "500",
            KEYWARD_SECRET: secret,
            KEYWARD_ADMIN_TOKEN: adminToken,
            KEYWARD_DATA_DIR: dataDir,
          },
        });
        const watcher = new pg.Client({ connectionString: schema.databaseUrl });
        await watcher.connect();
        const lines = () =>
          server.stdout
            .split("\n")
            .filter((line) => line.startsWith("{"))
            .map((line) => JSON.parse(line) as { level: number; msg: string; repeated?: number });
        /** Polls `condition` until it holds; fails after a minute. */
        const until = async (condition: () => boolean | Promise<boolean>) => {
          const deadline = Date.now() + 60_000;
          while (!(await condition())) {
            assert.ok(Date.now() < deadline, `not in time:\n${server.output}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        };
        try {
          await server.waitUntilHealthy();
          const { key } = await licenseOn(server);
          await call(server, "POST", "/v1/check", { key });
          const release = await holdWrites(dataDir, schema.databaseUrl);
          try {
            await call(server, "POST", "/v1/check", { key });
            // Three writes of the counts that waited for the lock (a new statement each time: its
            // own start); the first two failed at the statement timeout, the last may succeed.
            const attempts = new Set<string>();
            await until(async () => {
              const { rows } = await watcher.query<{ started: Date }>(
                `select query_start as started from pg_stat_activity
               where wait_event_type = 'Lock' and query like 'insert into "validation_counters"%'`,
              );
              for (const row of rows) attempts.add(row.started.toISOString());
              return attempts.size >= 3;
            });
          } finally {
            await release();
          }
          const over = (line: { msg: string }) => line.msg === "validation counts written again";
          await until(() => lines().some(over));
          const warnings = lines().filter((line) => line.msg.startsWith("validation counts not"));
          assert.equal(warnings.length, 1, server.output);
          assert.equal(warnings[0]?.level, 40);
          const info = lines().find(over);
          assert.equal(info?.level, 30);
          assert.ok((info?.repeated ?? 0) >= 1, JSON.stringify(info));
          assert.doesNotMatch(server.stderr, /validation counts/);
        } finally {
          await watcher.end();
          await server.stop();
          await rm(root, { recursive: true, force: true });
          await schema.drop();
        }
      },
    );

    test("counts shutdown could not write are kept in the data dir and written by the next start", async () => {
      const schema = database === "postgres" ? await createTestSchema() : undefined;
      const root = await mkdtemp(join(tmpdir(), "keyward-kept-counts-"));
      const dataDir = join(root, "data");
      const start = () =>
        serve(
          // A write waits this long for the lock held below, then fails.
          ["--log-level", "info", "--sqlite-busy-timeout-ms", "100"],
          {
            cwd: root,
            env: {
              ...(schema ? { DATABASE_URL: schema.databaseUrl } : {}),
              KEYWARD_DATABASE_STATEMENT_TIMEOUT_MS: "500",
              KEYWARD_SECRET: secret,
              KEYWARD_ADMIN_TOKEN: adminToken,
              KEYWARD_RATE_LIMITS: "false",
              KEYWARD_DATA_DIR: dataDir,
            },
          },
        );
      const checkValid = async (server: ServerProcess, key: string) => {
        const answer = await call(server, "POST", "/v1/check", { key });
        assert.equal(answer.body.code, "VALID", JSON.stringify(answer.body));
      };
      try {
        const first = await start();
        await first.waitUntilHealthy();
        const { id, key } = await licenseOn(first);
        await checkValid(first, key);
        const release = await holdWrites(dataDir, schema?.databaseUrl ?? null);
        try {
          for (let i = 0; i < KEPT_CHECKS; i++) await checkValid(first, key);
          assert.deepEqual(await first.stop(), { code: 0, signal: null });
        } finally {
          await release();
        }
        assert.match(first.output, /did not take the validation counts .*kept for the next start/);
        const keptDir = join(dataDir, "unwritten-validations");
        const kept = await readdir(keptDir);
        assert.equal(kept.length, 1, kept.join());
        if (process.platform !== "win32") {
          assert.equal((await stat(keptDir)).mode & 0o777, 0o700);
          assert.equal((await stat(join(keptDir, kept[0]!))).mode & 0o777, 0o600);
        }

        const second = await start();
        await second.waitUntilHealthy();
        assert.deepEqual(await second.stop(), { code: 0, signal: null });
        assert.match(second.output, /wrote the validation counts earlier processes kept/);
        assert.deepEqual(await readdir(keptDir), []);
        const store = openStore({ databaseUrl: schema?.databaseUrl ?? null, dataDir });
        try {
          assert.deepEqual(await countsByCode(store, id), [["VALID", KEPT_CHECKS + 1]]);
        } finally {
          await store.close();
        }
      } finally {
        await rm(root, { recursive: true, force: true });
        await schema?.drop();
      }
    });
  });
}
