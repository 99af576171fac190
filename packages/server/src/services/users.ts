import { isId, newId } from "../ids.js";
import { hashPassword } from "../passwords.js";
import type { Db, Store } from "../store/database.js";
import { licensesRepository } from "../store/licenses.js";
import type { PageRequest } from "../store/pagination.js";
import type { UserRecord as User } from "../store/records.js";
import { type UserChanges, usersRepository } from "../store/users.js";
import { auditedTransaction, changesNothing, recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { recordEvents } from "./events.js";
import { type Principal, requireAdmin } from "./principal.js";

export interface UserInput {
  email: string;
  username?: string | null;
  name?: string | null;
  /** Plaintext; only its scrypt hash is stored. null (update) removes the password. */
  password?: string | null;
  metadata?: Record<string, unknown>;
}

/**
 * A user as the API shows it (`GET /v1/users/{id}`) and `user.*` webhooks carry it: never the
 * password's hash, only whether there is one.
 */
export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.name,
    hasPassword: user.passwordHash !== null,
    metadata: user.metadata,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** A user's event (its id in `data`: events name licenses and machines in columns of theirs). */
function userEvent(user: User, type: "user.created" | "user.updated" | "user.deleted") {
  return { organizationId: user.organizationId, type, data: { userId: user.id } };
}

/**
 * Takes the user's row lock for the rest of `trx` (see usersService.delete) before a license
 * is made to name the user: 404 USER_NOT_FOUND when the user is unknown to the organization.
 */
export async function lockUser(trx: Db, organizationId: string, id: string): Promise<void> {
  if (!isId("usr", id) || !(await usersRepository(trx).lock(organizationId, id))) {
    throw notFound("user", id);
  }
}

/** Emails and usernames are matched case-insensitively: stored lowercased. */
function normalize(value: string): string {
  return value.trim().toLowerCase();
}

/** Users are licensees (SPEC L4: username + password licenses); admin tokens only. */
export function usersService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const users = () => usersRepository(store.db);

  async function assertFree(
    organizationId: string,
    fields: { email?: string | undefined; username?: string | null | undefined },
    selfId: string | null,
  ): Promise<void> {
    if (fields.email !== undefined) {
      const other = await users().findByEmail(organizationId, fields.email);
      if (other && other.id !== selfId) {
        throw new ServiceError("EMAIL_TAKEN", "another user of this organization has that email");
      }
    }
    if (fields.username) {
      const other = await users().findByUsername(organizationId, fields.username);
      if (other && other.id !== selfId) {
        throw new ServiceError(
          "USERNAME_TAKEN",
          "another user of this organization has that username",
        );
      }
    }
  }

  return {
    async create(principal: Principal, input: UserInput): Promise<User> {
      requireAdmin(principal);
      const email = normalize(input.email);
      const username = input.username ? normalize(input.username) : null;
      await assertFree(principal.organizationId, { email, username }, null);
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      const now = clock();
      const user: User = {
        id: newId("usr", now),
        organizationId: principal.organizationId,
        email,
        username,
        name: input.name ?? null,
        passwordHash,
        metadata: input.metadata ?? {},
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      // A concurrent create with the same email/username loses on the unique constraint (409).
      await auditedTransaction(store.db, principal, now, async (trx) => {
        await usersRepository(trx).insert(user);
        await recordEvents(trx, now, userEvent(user, "user.created"));
        return { result: null, audit: { action: "user.created", id: user.id, after: user } };
      });
      return user;
    },

    async get(principal: Principal, id: string): Promise<User> {
      requireAdmin(principal);
      const user = await users().find(principal.organizationId, id);
      if (!user) throw notFound("user", id);
      return user;
    },

    /** email: exact, ignoring case (stored lowercased); metadata: exact values (ANDed). */
    async list(
      principal: Principal,
      filter: { email?: string | undefined; metadata?: Record<string, string> | undefined },
      page: PageRequest,
    ) {
      requireAdmin(principal);
      return users().list(
        principal.organizationId,
        {
          email: filter.email === undefined ? undefined : normalize(filter.email),
          metadata: filter.metadata,
        },
        page,
      );
    },

    async update(principal: Principal, id: string, input: Partial<UserInput>): Promise<User> {
      requireAdmin(principal);
      if (!(await users().find(principal.organizationId, id))) throw notFound("user", id);
      const changes: UserChanges = {};
      if (input.email !== undefined) changes.email = normalize(input.email);
      if (input.username !== undefined) {
        changes.username = input.username ? normalize(input.username) : null;
      }
      await assertFree(principal.organizationId, changes, id);
      if (input.name !== undefined) changes.name = input.name;
      if (input.metadata !== undefined) changes.metadata = input.metadata;
      if (input.password !== undefined) {
        changes.passwordHash = input.password ? await hashPassword(input.password) : null;
      }
      const now = clock();
      return auditedTransaction(store.db, principal, now, async (trx) => {
        // The row lock first: a concurrent change then waits, and `before` is what this replaces.
        const repository = usersRepository(trx);
        const locked = await repository.lock(principal.organizationId, id);
        const before = locked ? await repository.find(principal.organizationId, id) : undefined;
        if (!before) throw notFound("user", id);
        const user = await repository.update(
          principal.organizationId,
          id,
          changes,
          now.toISOString(),
        );
        if (!user) throw notFound("user", id);
        // The user's licenses are searched by the user's email and name (store/license-search.ts).
        if (user.email !== before.email || user.name !== before.name) {
          await licensesRepository(trx).reindexUser(principal.organizationId, id);
        }
        // As for licenses: a change that changes nothing records no event (so no webhook).
        if (!changesNothing(before, user)) {
          await recordEvents(trx, now, userEvent(user, "user.updated"));
        }
        return { result: user, audit: { action: "user.updated", id, before, after: user } };
      });
    },

    /**
     * Refused (409) while a license names the user as its licensee: reassign or delete those
     * first. Under the user's row lock, which naming a user on a license takes too, so a license
     * cannot gain the user while it is being deleted.
     */
    async delete(principal: Principal, id: string): Promise<void> {
      requireAdmin(principal);
      const { organizationId } = principal;
      await store.db.transaction().execute(async (trx) => {
        const repository = usersRepository(trx);
        if (!(await repository.lock(organizationId, id))) throw notFound("user", id);
        if (await repository.hasLicenses(organizationId, id)) {
          throw new ServiceError(
            "USER_HAS_LICENSES",
            "licenses still name this user; reassign or delete them first",
          );
        }
        const before = await repository.find(organizationId, id);
        // Its event first, while the row is there: the webhook carries the user as it was.
        if (before) await recordEvents(trx, clock(), userEvent(before, "user.deleted"));
        await repository.delete(organizationId, id);
        await recordAudit(trx, principal, clock(), { action: "user.deleted", id, before });
      });
    },
  };
}
