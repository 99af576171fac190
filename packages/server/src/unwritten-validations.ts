import { randomBytes } from "node:crypto";
import { open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { preparePrivateDir, type Warn } from "./data-dir.js";
import type { UnwrittenValidations } from "./services/validation-log.js";
import type { Store } from "./store/database.js";
import { validationsRepository } from "./store/validations.js";

// Validation counts the server could not write when it closed, because the database was away
// (services/validation-log.ts keeps them in memory and retries while the server runs). They
// are kept in the data dir, one file per closing process, and the next start writes them:
// without this, a restart during an outage lost every count of the outage.
// - Written to a temporary name, synced, then renamed: a file there is whole.
// - A start claims a file by renaming it, with the claim's time in the new name (atomic: of
//   several processes starting at once, one gets each file), writes it in one transaction and
//   then deletes it. Failing, it puts the file back for the next start. A claim over a minute
//   old was left by a process that died, and the next start takes it over: if that process
//   died between its commit and the delete (one unlink), those counts are counted twice (the
//   last validation times cannot go back); any earlier, they are counted once.
// - A file that is not one of these (changed or cut short by hand or by a failing disk) is
//   renamed `<name>.unreadable` with one warning and not read again; the operator decides.
// - The files hold license, machine and organization ids and counts: no keys or secrets. The
//   directory is 0700 and the files 0600, like the rest of the data dir.

const DIR = "unwritten-validations";
const CLAIMED = ".claimed-";
const UNREADABLE = ".unreadable";
/** A claim older than this was left by a process that died while writing it. */
const STALE_CLAIM_MS = 60_000;

/** Keeps `unwritten` in the data dir for the next start; answers the file. */
export async function keepUnwritten(
  dataDir: string,
  unwritten: UnwrittenValidations,
  warn: Warn,
): Promise<string> {
  const dir = join(dataDir, DIR);
  preparePrivateDir(dir, warn);
  const name = `${Date.now()}-${process.pid}-${randomBytes(4).toString("hex")}.json`;
  const temporary = join(dir, `.${name}.tmp`);
  const file = await open(temporary, "wx", 0o600);
  try {
    await file.writeFile(JSON.stringify(unwritten));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, join(dir, name));
  return join(dir, name);
}

/**
 * Writes what earlier processes kept (keepUnwritten) to the database and deletes their files:
 * answers how many counts were written. A file the database does not take is put back, with a
 * warning; one that cannot be read is set aside (UNREADABLE), with a warning; the start goes on.
 */
export async function writeKeptValidations(
  dataDir: string,
  store: Store,
  warn: Warn,
): Promise<{ files: number; validations: number }> {
  const dir = join(dataDir, DIR);
  const written = { files: 0, validations: 0 };
  for (const name of await kept(dir)) {
    const original = name.split(CLAIMED)[0]!;
    // The claim's time is in its name, set by the rename that makes the claim.
    const claimed = join(
      dir,
      `${original}${CLAIMED}${Date.now()}-${randomBytes(4).toString("hex")}`,
    );
    try {
      await rename(join(dir, name), claimed);
    } catch (error) {
      // Another process claimed it first.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    let unwritten: UnwrittenValidations;
    try {
      unwritten = parse(await readFile(claimed, "utf8"));
    } catch (error) {
      const aside = join(dir, `${original}${UNREADABLE}`);
      await rename(claimed, aside);
      warn(`${aside} is not a file of kept validation counts (${error}); it is not read again`);
      continue;
    }
    try {
      await validationsRepository(store.db).record(unwritten.counts, unwritten.lastValidations);
      await unlink(claimed);
      written.files += 1;
      written.validations += unwritten.counts.reduce((sum, counter) => sum + counter.count, 0);
    } catch (error) {
      await rename(claimed, join(dir, original));
      warn(`could not write the validation counts kept in ${join(dir, original)}: ${error}`);
    }
  }
  return written;
}

/** The kept files: unclaimed ones, and claims left by a process that died. */
async function kept(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.sort().filter((name) => {
    // Temporary files start with a dot (keepUnwritten).
    if (name.startsWith(".")) return false;
    if (name.endsWith(".json")) return true;
    if (!name.includes(CLAIMED)) return false;
    const claimedAt = Number.parseInt(name.split(CLAIMED)[1]!, 10);
    return Date.now() - claimedAt >= STALE_CLAIM_MS;
  });
}

/** The file's counts, each field checked: a database would refuse a wrong one at every start. */
function parse(text: string): UnwrittenValidations {
  const value = JSON.parse(text) as Partial<UnwrittenValidations>;
  const texts = (item: unknown, keys: string[]) =>
    typeof item === "object" &&
    item !== null &&
    keys.every((key) => typeof (item as Record<string, unknown>)[key] === "string");
  if (
    !Array.isArray(value.counts) ||
    !Array.isArray(value.lastValidations) ||
    !value.counts.every(
      (count) =>
        texts(count, ["organizationId", "productId", "licenseId", "code", "day"]) &&
        Number.isSafeInteger(count.count) &&
        count.count > 0,
    ) ||
    !value.lastValidations.every(
      (last) =>
        texts(last, ["organizationId", "id", "at"]) &&
        (last.subject === "license" || last.subject === "machine"),
    )
  ) {
    throw new Error("its JSON is not counts and last validations");
  }
  return { counts: value.counts, lastValidations: value.lastValidations };
}
