// `keyward backup` and `keyward restore`: an online backup of a server that goes on writing,
// restored into a new data dir that a server then serves from.
import assert from "node:assert/strict";
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import { type ServerProcess, serve } from "../../server/test/support/processes.js";
import { assertFails, assertOk, keyward, run, tempDir } from "./support/cli.js";

const ADMIN_TOKEN = `kw_admin_${"backup_test_".repeat(3)}`;

async function createProduct(server: ServerProcess, code: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/products`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: code, code }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.text();
  return response.status;
}

/** Every product code in the SQLite database of `dataDir`, after an integrity check. */
function productCodes(file: string): Set<string> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    return new Set(db.prepare("select code from products").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

describe("keyward backup and restore", () => {
  let root: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ dir: root, cleanup } = await tempDir());
  });
  after(() => cleanup());

  test("a backup under write load restores every write acknowledged before it began", async () => {
    const dataDir = join(root, "live");
    const scheduled = join(root, "scheduled");
    const server = await serve(["--data-dir", dataDir], {
      cwd: root,
      // Rate limits off: four writers back to back pass the per-token limit within the minute.
      env: {
        KEYWARD_ADMIN_TOKEN: ADMIN_TOKEN,
        KEYWARD_BACKUP_DIR: scheduled,
        KEYWARD_RATE_LIMITS: "false",
      },
    });
    await server.waitUntilHealthy();

    // Four writers create products back to back until told to stop; each acknowledged (201)
    // code is recorded the moment its answer arrives.
    const acknowledged: string[] = [];
    let stop = false;
    let failures = 0;
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; !stop; i++) {
        const code = `w${writer}-${i}`;
        if ((await createProduct(server, code)) === 201) acknowledged.push(code);
        else failures++;
      }
    });
    try {
      while (acknowledged.length < 200) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const beforeBackup = [...acknowledged];
      const file = join(root, "under-load.sqlite");
      // A process of its own, as from cron: the writers go on while it starts and copies.
      const output = assertOk(
        await keyward(["backup", "--data-dir", dataDir, "--out", file]),
        "backup",
      );
      assert.equal(output, `backup written to ${file}\n`);
      const duringBackup = acknowledged.length - beforeBackup.length;
      assert.ok(duringBackup > 0, "no write was acknowledged while the backup ran");
      const countAfter = acknowledged.length;
      // The server kept writing: more answers arrive after the backup.
      while (acknowledged.length < countAfter + 20) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      stop = true;
      await Promise.all(writers);
      assert.equal(failures, 0, "a write failed during the backup");
      assert.equal((await stat(file)).mode & 0o777, 0o600);

      const restored = join(root, "restored");
      const restoredOutput = assertOk(
        await run(["restore", file, "--data-dir", restored]),
        "restore",
      );
      assert.match(restoredOutput, /^restored .* \(migration \d{4}_[a-z_]+\) into /);
      assert.equal((await stat(restored)).mode & 0o777, 0o700);
      const database = join(restored, "keyward.sqlite");
      assert.equal((await stat(database)).mode & 0o777, 0o600);
      const codes = productCodes(database);
      const missing = beforeBackup.filter((code) => !codes.has(code));
      assert.deepEqual(missing, [], "acknowledged writes missing from the backup");
      // A snapshot: it does not hold everything written later.
      assert.ok(codes.size < acknowledged.length, "the backup holds writes made after it");

      // The restored data dir, with the secret put back, serves the same data.
      await copyFile(join(dataDir, "secret"), join(restored, "secret"));
      const second = await serve(["--data-dir", restored], { cwd: root });
      await second.waitUntilHealthy();
      const listed = await fetch(`${second.url}/v1/products?limit=1`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      assert.equal(listed.status, 200);
      const keys = await fetch(`${second.url}/v1/signing-keys`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      assert.equal(keys.status, 200);
      assert.deepEqual(await second.stop(), { code: 0, signal: null });
    } finally {
      stop = true;
      await Promise.allSettled(writers);
      assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output);
    }
    // KEYWARD_BACKUP_DIR: the server wrote its first scheduled backup at start (stopping waits
    // for a backup under way).
    const [first, ...others] = await readdir(scheduled);
    assert.deepEqual(others, []);
    assert.match(String(first), /^keyward-\d{8}T\d{4}Z\.sqlite$/);
    assert.match(server.stdout, /scheduled backup written/);
    assert.equal((await stat(join(scheduled, String(first)))).mode & 0o777, 0o600);

    // A stopped server's data dir (no -wal file) backs up too, read-only.
    const cold = join(root, "cold.sqlite");
    assertOk(await run(["backup", "--data-dir", dataDir, "--out", cold]), "cold backup");
    assert.equal(productCodes(cold).size, acknowledged.length);
  });

  test("refusals: an existing output, a non-empty data dir, not a Keyward database, PostgreSQL", async () => {
    const dir = join(root, "refusals");
    await mkdir(dir);
    const taken = join(dir, "taken.sqlite");
    await writeFile(taken, "x");
    assertFails(
      await run(["backup", "--data-dir", join(root, "live"), "--out", taken]),
      "IO_ERROR",
      3,
    );
    assertFails(
      await run(["backup", "--data-dir", join(dir, "none"), "--out", join(dir, "a.sqlite")]),
      "IO_ERROR",
      3,
    );

    const full = join(dir, "full");
    await mkdir(full);
    await writeFile(join(full, "something"), "");
    const good = join(root, "under-load.sqlite");
    const nonEmpty = await run(["restore", good, "--data-dir", full]);
    assertFails(nonEmpty, "IO_ERROR", 3);
    assert.match(nonEmpty.stderr, /is not empty/);
    assert.deepEqual(await readdir(full), ["something"]);

    const notSqlite = await run(["restore", taken, "--data-dir", join(dir, "r1")]);
    assertFails(notSqlite, "BAD_FORMAT", 4);
    const foreign = join(dir, "foreign.sqlite");
    const db = new SQLite(foreign);
    db.exec("create table notes (id integer primary key)");
    db.close();
    const notKeyward = await run(["restore", foreign, "--data-dir", join(dir, "r2")]);
    assertFails(notKeyward, "BAD_FORMAT", 4);
    assert.match(notKeyward.stderr, /not a Keyward database/);

    const newer = join(dir, "newer.sqlite");
    await copyFile(good, newer);
    const edit = new SQLite(newer);
    edit
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("9999_from_the_future", new Date().toISOString());
    edit.close();
    const fromNewer = await run(["restore", newer, "--data-dir", join(dir, "r3")]);
    assertFails(fromNewer, "BAD_FORMAT", 4);
    assert.match(fromNewer.stderr, /newer Keyward \(migration 9999_from_the_future/);

    // A damaged index page (what a torn write may leave): the product codes it holds change
    // ("w…" becomes "v…"), its structure stays; the tables still read, but PRAGMA
    // integrity_check finds rows missing from the index.
    const torn = join(dir, "torn.sqlite");
    await copyFile(good, torn);
    const inspect = new SQLite(torn, { readonly: true });
    const pageSize = inspect.pragma("page_size", { simple: true }) as number;
    inspect.close();
    const bytes = await readFile(torn);
    const INDEX_LEAF = 0x0a;
    let page = 1;
    while (
      page * pageSize < bytes.length &&
      !(
        bytes[page * pageSize] === INDEX_LEAF &&
        bytes.subarray(page * pageSize, (page + 1) * pageSize).includes("w0-")
      )
    ) {
      page++;
    }
    assert.ok(page * pageSize < bytes.length, "no index page with product codes");
    for (let i = page * pageSize + 8; i < (page + 1) * pageSize; i++) {
      if (bytes[i] === 0x77) bytes[i] = 0x76;
    }
    await writeFile(torn, bytes);
    const damaged = await run(["restore", torn, "--data-dir", join(dir, "r4")]);
    assertFails(damaged, "BAD_FORMAT", 4);
    assert.match(damaged.stderr, /fails PRAGMA integrity_check/);
    for (const name of ["r1", "r2", "r3", "r4"]) {
      assert.equal(
        await stat(join(dir, name)).then(
          () => "exists",
          () => "missing",
        ),
        "missing",
        `${name} was created by a refused restore`,
      );
    }

    const postgres = await run([
      "backup",
      "--database-url",
      "postgres://127.0.0.1/keyward",
      "--out",
      join(dir, "pg.sqlite"),
    ]);
    assertFails(postgres, "USAGE", 2);
    assert.match(postgres.stderr, /pg_dump/);
  });
});
