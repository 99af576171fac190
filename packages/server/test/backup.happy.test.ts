// Scheduled SQLite backups: one file per interval whatever the number of instances, the newest
// KEYWARD_BACKUP_KEEP kept, private files. (`keyward backup`/`restore` under write load:
// packages/cli/test/backup.test.ts.)
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  checkBackup,
  runScheduledBackup,
  scheduleBackups,
  scheduledBackupName,
} from "../src/backup.js";
import { openStore } from "../src/store/database.js";
import { MIGRATION_NAMES, migrateToLatest } from "../src/store/migrate.js";

const HOUR = 3_600_000;
const START = Date.parse("2026-12-06T00:00:00Z");

describe("scheduled backups", () => {
  let root: string;
  let dataDir: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "keyward-backups-"));
    dataDir = join(root, "data");
    const store = openStore({ databaseUrl: null, dataDir });
    await migrateToLatest(store.db);
    await store.close();
  });
  after(() => rm(root, { recursive: true, force: true }));

  test("one backup per interval; the newest KEEP stay; other files are left alone", async () => {
    const dir = join(root, "hourly");
    const options = { dataDir, dir, intervalMinutes: 60, keep: 3 };
    const written: Array<string | null> = [];
    for (let hour = 0; hour < 5; hour++) {
      written.push(await runScheduledBackup(options, new Date(START + hour * HOUR + 60_000)));
      if (hour === 0) await writeFile(join(dir, "notes.txt"), "mine");
    }
    assert.deepEqual(
      written,
      [0, 1, 2, 3, 4].map((hour) => join(dir, scheduledBackupName(new Date(START + hour * HOUR)))),
    );
    assert.equal(scheduledBackupName(new Date(START + 4 * HOUR)), "keyward-20261206T0400Z.sqlite");
    const expected = [2, 3, 4].map((hour) => scheduledBackupName(new Date(START + hour * HOUR)));
    assert.deepEqual((await readdir(dir)).sort(), [...expected, "notes.txt"].sort());

    // Later in the same interval: nothing new.
    assert.equal(await runScheduledBackup(options, new Date(START + 4 * HOUR + 59 * 60_000)), null);
    assert.deepEqual((await readdir(dir)).sort(), [...expected, "notes.txt"].sort());

    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const name of expected) {
      assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600);
      assert.equal(checkBackup(join(dir, name)), MIGRATION_NAMES.at(-1));
    }
  });

  test("instances sharing the backup dir write each interval's file once", async () => {
    const dir = join(root, "shared");
    const options = { dataDir, dir, intervalMinutes: 15, keep: 10 };
    const now = new Date(START + 20 * 60_000);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => runScheduledBackup(options, now)),
    );
    const file = join(dir, "keyward-20261206T0015Z.sqlite");
    assert.deepEqual(
      results.filter((result) => result !== null),
      [file],
    );
    // No partial files left behind by the instances that lost.
    assert.deepEqual(await readdir(dir), ["keyward-20261206T0015Z.sqlite"]);
  });

  test("the schedule backs up at once, then every interval, until stopped", async () => {
    const dir = join(root, "scheduled");
    let reportBackup: (file: string) => void = () => {};
    const first = new Promise<string>((resolve) => {
      reportBackup = resolve;
    });
    const errors: unknown[] = [];
    const schedule = scheduleBackups({
      dataDir,
      dir,
      intervalMinutes: 60,
      keep: 2,
      onBackup: (file) => reportBackup(file),
      onError: (error) => errors.push(error),
    });
    const file = await first;
    await schedule.stop();
    assert.deepEqual(errors, []);
    assert.deepEqual(await readdir(dir), [file.slice(dir.length + 1)]);
    assert.match(file, /keyward-\d{8}T\d{4}Z\.sqlite$/);
  });

  test("a failing backup is reported, not thrown", async () => {
    const errors: unknown[] = [];
    const schedule = scheduleBackups({
      dataDir: join(root, "no-such-data-dir"),
      dir: join(root, "failing"),
      intervalMinutes: 60,
      keep: 2,
      onBackup: () => assert.fail("nothing to back up"),
      onError: (error) => errors.push(error),
    });
    await schedule.stop();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /no Keyward database/);
  });
});
