import { randomBytes } from "node:crypto";
import { newId } from "../ids.js";
import { hashPassword } from "../passwords.js";
import type { Db, Store } from "../store/database.js";
import { type HandshakeCodeChanges, handshakeCodesRepository } from "../store/handshake-codes.js";
import { organizationsRepository } from "../store/organizations.js";
import type { PageRequest } from "../store/pagination.js";
import type { HandshakeCodeRecord as HandshakeCode, ValidationFields } from "../store/records.js";
import { recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { type Principal, requireAdmin } from "./principal.js";

/**
 * The code `id` (absent: the organization's default), read under the organization lock that
 * deleting a code takes, so what the caller binds to it in `trx` cannot land on a deleted code.
 * 404 for an unknown id, 409 NO_DEFAULT_HANDSHAKE_CODE when there is no default.
 */
export async function lockedHandshakeCode(
  trx: Db,
  organizationId: string,
  id: string | undefined,
): Promise<HandshakeCode> {
  const codes = handshakeCodesRepository(trx);
  await organizationsRepository(trx).lock(organizationId);
  const found =
    id === undefined
      ? await codes.findDefault(organizationId)
      : await codes.find(organizationId, id);
  if (found) return found;
  if (id !== undefined) throw notFound("handshake_code", id);
  throw new ServiceError(
    "NO_DEFAULT_HANDSHAKE_CODE",
    "the organization has no handshake code yet: create one first",
  );
}

export interface HandshakeCodeInput {
  /** Generated when absent. Immutable afterwards (deployed apps embed it; SPEC T11). */
  code?: string;
  name?: string | null;
  /** Plaintext; only its scrypt hash is stored. null (update) removes it. */
  sessionPassword?: string | null;
  isDefault?: boolean;
  validationFields?: Partial<ValidationFields>;
  metadata?: Record<string, unknown>;
}

// Crockford base32 without I, L, O, U: nothing to misread when a code is typed by hand.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 16 characters (80 random bits) in groups of four: `7KQ2-M9XD-4HTR-0BWE`. */
export function generateHandshakeCode(): string {
  const chars = [...randomBytes(16)].map((byte) => CODE_ALPHABET[byte & 31]);
  return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join("")).join("-");
}

const EMPTY_FIELDS: ValidationFields = { domains: [], processNames: [], appIdentifiers: [] };

function defaultRequired(): ServiceError {
  return new ServiceError(
    "HANDSHAKE_CODE_IS_DEFAULT",
    "this is the organization's default handshake code; make another code the default first",
  );
}

/**
 * Handshake codes (SPEC T2–T5). Invariant: an organization with codes has exactly one default
 * (its first code becomes default; a new default replaces the old one in one transaction
 * under the organization's row lock; the default cannot be un-set or deleted while other codes
 * exist). A partial unique index backs "at most one" in the database itself.
 */
export function handshakeCodesService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  return {
    async create(principal: Principal, input: HandshakeCodeInput): Promise<HandshakeCode> {
      requireAdmin(principal);
      const organizationId = principal.organizationId;
      const passwordHash = input.sessionPassword ? await hashPassword(input.sessionPassword) : null;
      return store.db.transaction().execute(async (trx) => {
        const codes = handshakeCodesRepository(trx);
        await organizationsRepository(trx).lock(organizationId);
        const code = input.code ?? generateHandshakeCode();
        if (await codes.findByCode(code)) {
          throw new ServiceError("HANDSHAKE_CODE_TAKEN", "that handshake code is already in use");
        }
        const now = clock();
        const first = (await codes.count(organizationId)) === 0;
        const created: HandshakeCode = {
          id: newId("hsc", now),
          organizationId,
          code,
          name: input.name ?? null,
          sessionPasswordHash: passwordHash,
          isDefault: false,
          validationFields: { ...EMPTY_FIELDS, ...input.validationFields },
          metadata: input.metadata ?? {},
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        };
        await codes.insert(created);
        if (first || input.isDefault === true) {
          await codes.makeDefault(organizationId, created.id, created.createdAt);
          created.isDefault = true;
        }
        await recordAudit(trx, principal, now, {
          action: "handshake_code.created",
          id: created.id,
          after: created,
        });
        return created;
      });
    },

    async get(principal: Principal, id: string): Promise<HandshakeCode> {
      requireAdmin(principal);
      const code = await handshakeCodesRepository(store.db).find(principal.organizationId, id);
      if (!code) throw notFound("handshake_code", id);
      return code;
    },

    async list(principal: Principal, page: PageRequest) {
      requireAdmin(principal);
      return handshakeCodesRepository(store.db).list(principal.organizationId, page);
    },

    async update(
      principal: Principal,
      id: string,
      input: Omit<HandshakeCodeInput, "code">,
    ): Promise<HandshakeCode> {
      requireAdmin(principal);
      const organizationId = principal.organizationId;
      if (!(await handshakeCodesRepository(store.db).find(organizationId, id))) {
        throw notFound("handshake_code", id);
      }
      const changes: HandshakeCodeChanges = {};
      if (input.sessionPassword !== undefined) {
        changes.sessionPasswordHash = input.sessionPassword
          ? await hashPassword(input.sessionPassword)
          : null;
      }
      if (input.name !== undefined) changes.name = input.name;
      if (input.metadata !== undefined) changes.metadata = input.metadata;
      return store.db.transaction().execute(async (trx) => {
        const codes = handshakeCodesRepository(trx);
        await organizationsRepository(trx).lock(organizationId);
        const current = await codes.find(organizationId, id);
        if (!current) throw notFound("handshake_code", id);
        if (input.isDefault === false && current.isDefault) throw defaultRequired();
        if (input.validationFields !== undefined) {
          changes.validationFields = { ...current.validationFields, ...input.validationFields };
        }
        const at = clock();
        const now = at.toISOString();
        await codes.update(organizationId, id, changes, now);
        if (input.isDefault === true && !current.isDefault) {
          await codes.makeDefault(organizationId, id, now);
        }
        const updated = await codes.find(organizationId, id);
        if (!updated) throw notFound("handshake_code", id);
        await recordAudit(trx, principal, at, {
          action: "handshake_code.updated",
          id,
          before: current,
          after: updated,
        });
        return updated;
      });
    },

    /**
     * The default code can only be deleted when it is the organization's last code, and no code
     * while licenses are bound to it (their devices would no longer reach them). Binding takes
     * the same organization lock, so a license cannot be bound to a code being deleted.
     */
    async delete(principal: Principal, id: string): Promise<void> {
      requireAdmin(principal);
      const organizationId = principal.organizationId;
      await store.db.transaction().execute(async (trx) => {
        const codes = handshakeCodesRepository(trx);
        await organizationsRepository(trx).lock(organizationId);
        const current = await codes.find(organizationId, id);
        if (!current) throw notFound("handshake_code", id);
        if (current.isDefault && (await codes.count(organizationId)) > 1) {
          throw defaultRequired();
        }
        if (await codes.hasLicenses(organizationId, id)) {
          throw new ServiceError(
            "HANDSHAKE_CODE_IN_USE",
            "licenses are bound to this code: bind them to another one " +
              "(POST /v1/licenses/{id}/actions/bind-handshake-code) or unbind them first",
          );
        }
        await codes.delete(organizationId, id);
        await recordAudit(trx, principal, clock(), {
          action: "handshake_code.deleted",
          id,
          before: current,
        });
      });
    },
  };
}
