import { newId } from "../ids.js";
import { type AuditFilter, auditRepository } from "../store/audit.js";
import type { Db, Store } from "../store/database.js";
import type { PageRequest } from "../store/pagination.js";
import type { AuditEntryRecord, JsonObject } from "../store/records.js";
import type { Clock } from "./clock.js";
import { ServiceError } from "./errors.js";
import { type Principal, type RequestOrigin, requireAdmin } from "./principal.js";

// The audit log (issue 17.7): every admin mutation records who (the token, or the license of a
// license key), from where (request id, source address), what (action, resource) and the
// changed fields before/after, secrets redacted, with recordAudit in the mutation's own
// transaction, so a mutation that rolls back (a refusal, a conflict) leaves no entry and a
// committed one always has its entry. Append-only through the API: only GET /v1/audit-log
// reads it; the retention job deletes old entries.

/** What a mutation tells recordAudit: `<resource type>.<verb>`, the resource and its states. */
export interface AuditInput {
  /** e.g. "product.created", "license.suspended"; the resource type is the part before the dot. */
  action: `${AuditResourceType}.${string}`;
  /** The resource's id. */
  id: string;
  /** The resource before the change (null or absent: it is new). */
  before?: object | null;
  /** The resource after the change (null or absent: it is gone). */
  after?: object | null;
}

export const AUDIT_RESOURCE_TYPES = [
  "organization",
  "token",
  "signing_key",
  "offline_keys",
  "product",
  "policy",
  "license",
  "machine",
  "user",
  "handshake_code",
  "entitlement",
  "webhook_endpoint",
  "usage_alert",
] as const;
export type AuditResourceType = (typeof AUDIT_RESOURCE_TYPES)[number];

/** What stands in for a secret's value (both sides of a change, so the change still shows). */
export const REDACTED = "[redacted]";

// Field names that hold secrets or credentials anywhere in a record (and in metadata, where a
// vendor may have put one): hashes of tokens and passwords, sealed private keys, shared keys,
// webhook signing secrets, plaintexts, and a license's key (it is a credential: `License
// <key>`). Matching by name costs an occasional over-redaction (a metadata field called
// "password_hint"); under-redaction would leak a secret into a log kept for a year.
const SECRET_FIELD = /hash|secret|password|private|plaintext|sealed|encrypted|sharedkey|^key$/i;

// Fields that change with every write and say nothing of what changed.
const NOISE_FIELDS = new Set(["updatedAt", "lastUsedAt"]);

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    // A null stays null: that there is no password is no secret.
    out[key] = SECRET_FIELD.test(key) && inner !== null ? REDACTED : redacted(inner);
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The changed top-level fields as {before, after}, redacted: a new resource shows all its
 * fields after (before null), a deleted one all before (after null), a change only the fields
 * whose values differ (a field that appears or disappears shows as null on the other side).
 */
export function changedFields(
  before: object | null | undefined,
  after: object | null | undefined,
): { before: JsonObject | null; after: JsonObject | null } {
  const strip = (record: object) =>
    Object.fromEntries(Object.entries(record).filter(([key]) => !NOISE_FIELDS.has(key)));
  if (!before || !after) {
    return {
      before: before ? (redacted(strip(before)) as JsonObject) : null,
      after: after ? (redacted(strip(after)) as JsonObject) : null,
    };
  }
  const old = strip(before) as JsonObject;
  const now = strip(after) as JsonObject;
  const changedBefore: JsonObject = {};
  const changedAfter: JsonObject = {};
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (same(old[key], now[key])) continue;
    changedBefore[key] = old[key] ?? null;
    changedAfter[key] = now[key] ?? null;
  }
  return {
    before: redacted(changedBefore) as JsonObject,
    after: redacted(changedAfter) as JsonObject,
  };
}

/**
 * Whether a change from `before` to `after` changes nothing (every field but the noise ones
 * the same): recordAudit then records no entry, and a change recording an event too
 * (licenses/shared.ts, changeWithEvent) records none either. A creation or a deletion (one
 * side absent) always changes something.
 */
export function changesNothing(
  before: object | null | undefined,
  after: object | null | undefined,
): boolean {
  if (!before || !after) return false;
  return Object.keys(changedFields(before, after).after ?? {}).length === 0;
}

/**
 * A trackable device's credential (an organization id and/or handshake code, with its session
 * password): no token, so recordAudit is given this instead of a principal. `licenseId` is the
 * license it acted on; `origin` the request's.
 */
export interface DeviceActor {
  kind: "handshake_code";
  organizationId: string;
  licenseId: string;
  origin: RequestOrigin;
}

/** The actor of a principal: its token and kind, and the license of license credentials. */
function actorOf(principal: Principal | DeviceActor | null): AuditEntryRecord["actor"] {
  if (!principal) return { kind: "system", tokenId: null, licenseId: null };
  if (principal.kind === "handshake_code") {
    return { kind: "handshake_code", tokenId: null, licenseId: principal.licenseId };
  }
  return {
    kind: principal.kind,
    tokenId: principal.tokenId,
    licenseId: principal.kind === "license" ? principal.licenseId : null,
  };
}

/**
 * Records one audit entry with `db`: pass the transaction of the mutation it describes, so the
 * two commit or roll back together. `principal` null: the server itself (bootstrap, CLI); a
 * DeviceActor: a trackable device's credential.
 * `organizationId` defaults to the principal's. A change that changes nothing (suspending a
 * suspended license, a PATCH repeating the current values) records nothing.
 */
export async function recordAudit(
  db: Db,
  principal: Principal | DeviceActor | null,
  now: Date,
  input: AuditInput & { organizationId?: string },
): Promise<void> {
  const organizationId = input.organizationId ?? principal?.organizationId;
  if (!organizationId) throw new Error("recordAudit needs an organization");
  if (changesNothing(input.before, input.after)) return;
  const changes = changedFields(input.before, input.after);
  await auditRepository(db).insert({
    id: newId("aud", now),
    organizationId,
    actor: actorOf(principal),
    action: input.action,
    resource: { type: input.action.slice(0, input.action.indexOf(".")), id: input.id },
    requestId: principal?.origin?.requestId ?? null,
    sourceIp: principal?.origin?.ip ?? null,
    before: changes.before,
    after: changes.after,
    createdAt: now.toISOString(),
  });
}

/**
 * Runs `work` in a transaction (or in `db` when it already is one) and records its audit
 * entry there: for mutations that had no transaction of their own. `work` answers its result
 * and the entry (null: nothing to record, e.g. the resource was unknown and work throws next).
 */
export async function auditedTransaction<T>(
  db: Db,
  principal: Principal | null,
  now: Date,
  work: (trx: Db) => Promise<{ result: T; audit: AuditInput | null }>,
): Promise<T> {
  const run = async (trx: Db) => {
    const { result, audit } = await work(trx);
    if (audit) await recordAudit(trx, principal, now, audit);
    return result;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Retention: entries older than this many days are deleted (KEYWARD_AUDIT_RETENTION_DAYS). */
export const AUDIT_RETENTION_DEFAULT_DAYS = 365;
// One DELETE removes at most this many rows: each statement holds SQLite's write lock (or the
// rows' locks) for a few milliseconds, not for the whole backlog; the job loops until done,
// up to AUDIT_PRUNE_MAX_BATCHES per run (a backlog beyond 100,000 rows waits for later runs).
const AUDIT_PRUNE_BATCH = 1_000;
const AUDIT_PRUNE_MAX_BATCHES = 100;

/** An ISO timestamp as stored (UTC, milliseconds), or 400 for one that is no real time. */
function instant(text: string | undefined, field: string): string | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  // The date-time format lets leap seconds ("23:59:60Z") through; Date.parse gives NaN.
  if (Number.isNaN(time)) {
    throw new ServiceError("INVALID_TIME_RANGE", `${field} is not a valid date-time`);
  }
  return new Date(time).toISOString();
}

export function auditService(deps: { store: Store; clock: Clock; retentionDays?: number }) {
  const { store, clock } = deps;
  const retentionDays = deps.retentionDays ?? AUDIT_RETENTION_DEFAULT_DAYS;
  return {
    list(principal: Principal, filter: AuditFilter, page: PageRequest) {
      requireAdmin(principal);
      const since = instant(filter.since, "since");
      const until = instant(filter.until, "until");
      if (since !== undefined && until !== undefined && since > until) {
        throw new ServiceError("INVALID_TIME_RANGE", "since must not be after until");
      }
      return auditRepository(store.db).list(
        principal.organizationId,
        { ...filter, since, until },
        page,
      );
    },

    /** Deletes entries older than the retention period in bounded batches; how many. */
    async deleteExpired(): Promise<number> {
      const cutoff = new Date(clock().getTime() - retentionDays * 86_400_000).toISOString();
      let total = 0;
      for (let batch = 0; batch < AUDIT_PRUNE_MAX_BATCHES; batch++) {
        const deleted = await auditRepository(store.db).deleteOlderThan(cutoff, AUDIT_PRUNE_BATCH);
        total += deleted;
        if (deleted < AUDIT_PRUNE_BATCH) break;
      }
      return total;
    },
  };
}
