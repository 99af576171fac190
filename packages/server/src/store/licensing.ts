import {
  DummyDriver,
  type ExpressionBuilder,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from "kysely";
import { literalBuilder, pointLookup } from "./database.js";
import { licenseFromRow } from "./licenses.js";
import { machineFromRow } from "./machines.js";
import type {
  ActiveKeyStamp,
  ActiveKeyStamps,
  LicenseRecord,
  MachineRecord,
  SigningAlgorithm,
} from "./records.js";
import type { Database, License, Machine } from "./schema.js";
import { inLockOrder, lockInOrder, lockScoped } from "./scoped.js";

// The licensing engine's queries: a license with everything a decision needs in one round trip,
// its machines by fingerprint and count, the entitlements it grants, and the row lock that
// serializes changes to one license's machines. Every query is scoped by organization, except
// the lookup by key hash: the key is the credential and names its organization.

/**
 * A license with what every decision on it reads, fetched in one statement. The policy's rules,
 * the license's overrides and the product's lists stay JSON text here as well: they are the
 * keys of services/license-context.ts's parsed-once caches, so a check parses them only when
 * they change (parsing them per check costs more than the decision).
 */
export interface LicenseContext {
  license: LicenseRecord;
  /** The policy's rules JSON. */
  policyRules: string;
  /** The license's overrides JSON (license.overrides parsed). */
  overrides: string;
  /** The product's JSON arrays. */
  platforms: string;
  appIdentifiers: string;
  /** The license's machine with the fingerprint asked for; null when none was or none has it. */
  machine: MachineRecord | null;
  /** How many machines the license has. */
  machineCount: number;
  /**
   * The organization's active signing keys as this read saw them: a check signs with the
   * cached key when its stamp matches, with no read of its own (services/signing-keys.ts).
   */
  signingKeys: ActiveKeyStamps;
}

// Every machine column, selected as `m_<column>` next to the license's. A record of them, so
// the compiler rejects the list when a column is added to machines and not here.
const MACHINE_COLUMN_SET: Record<keyof Machine, true> = {
  id: true,
  organization_id: true,
  license_id: true,
  fingerprint: true,
  name: true,
  platform: true,
  os_version: true,
  app_identifier: true,
  app_version: true,
  variables: true,
  metadata: true,
  last_heartbeat_at: true,
  heartbeat_deadline_at: true,
  cull_when_dead: true,
  last_validated_at: true,
  last_validation_code: true,
  created_at: true,
  updated_at: true,
};
const MACHINE_COLUMNS = Object.keys(MACHINE_COLUMN_SET) as (keyof Machine)[];
const MACHINE_PREFIX = "m_";

/**
 * contextQuery's machine columns (`m_<column>`) as a machines row. Copied in a loop into two
 * dictionaries, a context row took 5.4 µs; 0.7 µs this way.
 */
const machineColumns = literalBuilder(
  MACHINE_COLUMNS.map((column) => [column, `${MACHINE_PREFIX}${column}`]),
) as (row: Record<string, unknown>) => Machine;

/** The row of contextQuery into its parts: the license's columns keep their own names. */
function toContext(row: Record<string, unknown> | undefined): LicenseContext | undefined {
  if (!row) return undefined;
  return {
    license: licenseFromRow(row as unknown as License),
    policyRules: row.policy_rules as string,
    overrides: row.overrides as string,
    platforms: row.product_platforms as string,
    appIdentifiers: row.product_app_identifiers as string,
    machine: row[`${MACHINE_PREFIX}id`] === null ? null : machineFromRow(machineColumns(row)),
    // PostgreSQL returns count(*) as a bigint string.
    machineCount: Number(row.machine_count),
    signingKeys: {
      ed25519: stampOf(row.ed25519_key_stamp),
      rsa: stampOf(row.rsa_key_stamp),
    },
  };
}

/** "<id> <updated_at>" (see activeKeyStamp) as a stamp. */
function stampOf(value: unknown): ActiveKeyStamp | null {
  if (typeof value !== "string") return null;
  const [id, updatedAt] = value.split(" ");
  return { id: id!, updatedAt: updatedAt! };
}

/**
 * The license's organization's active key of `algorithm` as "<id> <updated_at>" (neither holds
 * a space), or null: read with the license, it spares every signed answer a second read (on
 * PostgreSQL a second round trip). The state is a literal so SQLite plans the partial index
 * once (store/signing-keys.ts). The cost: two indexed single-row subqueries per context read.
 */
function activeKeyStamp(
  eb: ExpressionBuilder<Database & { l: Database["licenses"] }, "l">,
  algorithm: SigningAlgorithm,
) {
  return eb
    .selectFrom("signing_keys as k")
    .select(sql<string>`k.id || ' ' || k.updated_at`.as("stamp"))
    .whereRef("k.organization_id", "=", "l.organization_id")
    .where("k.algorithm", "=", sql.lit(algorithm))
    .where("k.state", "=", sql.lit("active"))
    .as(`${algorithm}_key_stamp`);
}

/**
 * The license with its policy's rules, its product's lists, its machine count and the machine
 * with `fingerprint` (null: none asked for): one statement, so a check reads one snapshot and
 * SQLite takes its read lock once (each costs two file-lock syscalls).
 */
function contextQuery(db: Kysely<Database>, fingerprint: string | null) {
  return db
    .selectFrom("licenses as l")
    .innerJoin("policies as p", (join) =>
      join.onRef("p.id", "=", "l.policy_id").onRef("p.organization_id", "=", "l.organization_id"),
    )
    .innerJoin("products as pr", (join) =>
      join
        .onRef("pr.id", "=", "l.product_id")
        .onRef("pr.organization_id", "=", "l.organization_id"),
    )
    .leftJoin("machines as m", (join) =>
      join
        .onRef("m.organization_id", "=", "l.organization_id")
        .onRef("m.license_id", "=", "l.id")
        .on("m.fingerprint", "=", fingerprint),
    )
    .selectAll("l")
    .select(MACHINE_COLUMNS.map((column) => `m.${column} as ${MACHINE_PREFIX}${column}` as const))
    .select((eb) => [
      "p.rules as policy_rules",
      "pr.platforms as product_platforms",
      "pr.app_identifiers as product_app_identifiers",
      eb
        .selectFrom("machines as counted")
        .select(eb.fn.countAll<number | string>().as("count"))
        .whereRef("counted.organization_id", "=", "l.organization_id")
        .whereRef("counted.license_id", "=", "l.id")
        .as("machine_count"),
      activeKeyStamp(eb, "ed25519"),
      activeKeyStamp(eb, "rsa"),
    ]);
}

// The lookups every check makes (see pointLookup).
const contextByKeyHash = pointLookup((db, keyHash: string, fingerprint: string | null) =>
  contextQuery(db, fingerprint).where("l.key_hash", "=", keyHash),
);
const contextById = pointLookup(
  (db, organizationId: string, id: string, fingerprint: string | null) =>
    contextQuery(db, fingerprint)
      .where("l.organization_id", "=", organizationId)
      .where("l.id", "=", id),
);
const licenseByKeyHash = pointLookup((db, keyHash: string) =>
  db.selectFrom("licenses").select(["id", "organization_id"]).where("key_hash", "=", keyHash),
);
const machineByFingerprint = pointLookup(
  (db, organizationId: string, licenseId: string, fingerprint: string) =>
    db
      .selectFrom("machines")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("license_id", "=", licenseId)
      .where("fingerprint", "=", fingerprint),
);

/**
 * The SQL of the license-context read by key hash on `dialect`, and which parameter each
 * placeholder takes: what bench/validate.ts's ceilings run, so they measure the very statement
 * the server runs.
 */
export function licenseContextSql(dialect: "sqlite" | "postgres"): {
  sql: string;
  parameters: ("fingerprint" | "keyHash")[];
} {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => (dialect === "postgres" ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (inner) =>
        dialect === "postgres" ? new PostgresIntrospector(inner) : new SqliteIntrospector(inner),
      createQueryCompiler: () =>
        dialect === "postgres" ? new PostgresQueryCompiler() : new SqliteQueryCompiler(),
    },
  });
  const compiled = contextQuery(db, "\u0000fingerprint")
    .where("l.key_hash", "=", "\u0000keyHash")
    .compile();
  return {
    sql: compiled.sql,
    parameters: compiled.parameters.map((value) =>
      value === "\u0000fingerprint" ? "fingerprint" : "keyHash",
    ),
  };
}

export function licensingRepository(db: Kysely<Database>) {
  return {
    /** The license of a key with its context; `fingerprint` picks the machine read with it. */
    async contextByKeyHash(
      keyHash: string,
      fingerprint?: string,
    ): Promise<LicenseContext | undefined> {
      return toContext(await contextByKeyHash(db, keyHash, fingerprint ?? null));
    },

    /** The license a key belongs to (its organization and id), for `License <key>` auth. */
    async licenseByKeyHash(
      keyHash: string,
    ): Promise<Pick<LicenseRecord, "id" | "organizationId"> | undefined> {
      const row = await licenseByKeyHash(db, keyHash);
      return row && { id: row.id, organizationId: row.organization_id };
    },

    async contextById(
      organizationId: string,
      id: string,
      fingerprint?: string,
    ): Promise<LicenseContext | undefined> {
      return toContext(await contextById(db, organizationId, id, fingerprint ?? null));
    },

    /**
     * Takes the license's row lock for the rest of the transaction (a no-op update: a row lock
     * on PostgreSQL, the write lock on SQLite), so concurrent activations of one license run one
     * after another and the machine count they read stays true. False when the license is gone.
     */
    lockLicense(organizationId: string, id: string): Promise<boolean> {
      return lockScoped(db, "licenses", organizationId, id);
    },

    async machineByFingerprint(
      organizationId: string,
      licenseId: string,
      fingerprint: string,
    ): Promise<MachineRecord | undefined> {
      const row = await machineByFingerprint(db, organizationId, licenseId, fingerprint);
      return row && machineFromRow(row);
    },

    /** Codes of the entitlements attached to the license or its policy, sorted. */
    async entitlementCodes(
      organizationId: string,
      license: Pick<LicenseRecord, "id" | "policyId">,
    ): Promise<string[]> {
      const rows = await db
        .selectFrom("entitlements as e")
        .select("e.code")
        .where("e.organization_id", "=", organizationId)
        .where((eb) =>
          eb.or([
            eb(
              "e.id",
              "in",
              eb
                .selectFrom("license_entitlements")
                .select("entitlement_id")
                .where("organization_id", "=", organizationId)
                .where("license_id", "=", license.id),
            ),
            eb(
              "e.id",
              "in",
              eb
                .selectFrom("policy_entitlements")
                .select("entitlement_id")
                .where("organization_id", "=", organizationId)
                .where("policy_id", "=", license.policyId),
            ),
          ]),
        )
        .orderBy("e.code")
        .execute();
      return rows.map((row) => row.code);
    },

    /** Sets a license timestamp once (first activation / validation); false if set. */
    async setOnce(
      organizationId: string,
      id: string,
      field: "firstActivatedAt" | "firstValidatedAt",
      value: string,
      expiresAt: string | null,
    ): Promise<boolean> {
      const column = field === "firstActivatedAt" ? "first_activated_at" : "first_validated_at";
      const result = await db
        .updateTable("licenses")
        .set({ [column]: value, ...(expiresAt !== null ? { expires_at: expiresAt } : {}) })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .where(column, "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async touchLicense(
      organizationId: string,
      id: string,
      changes: Pick<LicenseRecord, "lastCheckInAt">,
    ): Promise<void> {
      await db
        .updateTable("licenses")
        .set({ last_check_in_at: changes.lastCheckInAt })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
    },

    /** Records a heartbeat; false when the machine is gone (culled or deactivated). */
    async heartbeat(
      organizationId: string,
      machineId: string,
      now: string,
      deadline: string | null,
      cullWhenDead: boolean,
    ): Promise<boolean> {
      const result = await db
        .updateTable("machines")
        .set({
          last_heartbeat_at: now,
          heartbeat_deadline_at: deadline,
          cull_when_dead: cullWhenDead ? 1 : 0,
        })
        .where("organization_id", "=", organizationId)
        .where("id", "=", machineId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Deletes up to `limit` machines whose heartbeat deadline passed and whose policy culls dead
     * machines. The deadline is checked again in the DELETE, so a heartbeat that lands in
     * between keeps its machine, and two culling instances never both delete (and report) one.
     */
    async cullDead(now: string, limit: number): Promise<MachineRecord[]> {
      const candidates = await db
        .selectFrom("machines")
        .select("id")
        .where("cull_when_dead", "=", 1)
        .where("heartbeat_deadline_at", "<=", now)
        .orderBy("heartbeat_deadline_at")
        .limit(limit)
        .execute();
      if (candidates.length === 0) return [];
      const ids = candidates.map((row) => row.id);
      const dead = (eb: ExpressionBuilder<Database, "machines">) =>
        eb.and([
          eb("id", "in", ids),
          eb("cull_when_dead", "=", 1),
          eb("heartbeat_deadline_at", "<=", now),
        ]);
      // Locked in lock order first, as validation flushes lock them: against the DELETE's plan
      // order, a flush of two of them in the other order deadlocked with it.
      await lockInOrder(db, db.selectFrom("machines").select("id").where(dead));
      const culled = await db.deleteFrom("machines").where(dead).returningAll().execute();
      return culled.map(machineFromRow);
    },

    /**
     * Marks up to `limit` licenses that expired since their last license.expired event and
     * returns them. Each is claimed by a conditional update, so with several instances every
     * expiry is reported once.
     */
    async claimExpired(now: string, limit: number): Promise<LicenseRecord[]> {
      const candidates = await db
        .selectFrom("licenses")
        .selectAll()
        .where("expires_at", "<=", now)
        .where((eb) =>
          eb.or([
            eb("expired_event_for", "is", null),
            eb("expired_event_for", "!=", eb.ref("expires_at")),
          ]),
        )
        .orderBy("expires_at")
        .limit(limit)
        .execute();
      const expired = candidates.map(licenseFromRow);
      // Claimed in lock order, reported in expiry order: validation flushes and a user's
      // reindexing lock licenses in lock order too, and against this transaction's up to
      // `limit` locks taken in expiry order, PostgreSQL aborted one of the two as deadlocked.
      const claimed = new Set<LicenseRecord>();
      for (const license of [...expired].sort(inLockOrder)) {
        const result = await db
          .updateTable("licenses")
          .set({ expired_event_for: license.expiresAt })
          .where("id", "=", license.id)
          .where("expires_at", "=", license.expiresAt)
          .where((eb) =>
            eb.or([
              eb("expired_event_for", "is", null),
              eb("expired_event_for", "!=", eb.ref("expires_at")),
            ]),
          )
          .executeTakeFirst();
        if (result.numUpdatedRows > 0n) claimed.add(license);
      }
      return expired.filter((license) => claimed.has(license));
    },
  };
}
