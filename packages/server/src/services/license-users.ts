import { isIPv6 } from "node:net";
import { hashPassword, verifyPassword } from "../passwords.js";
import { keyedHash } from "../secrets.js";
import type { Store } from "../store/database.js";
import {
  loginAttemptsRepository,
  offlineActivationRepository,
} from "../store/offline-activation.js";
import type { UserRecord as User } from "../store/records.js";
import { usersRepository } from "../store/users.js";
import type { Clock } from "./clock.js";
import { ServiceError } from "./errors.js";

// SPEC L4 brute-force limit, which guessing cannot aim at the user it guesses for: failures are
// counted per user and source (the client's network), and per user over every source. A source
// is refused after MAX_LOGIN_FAILURES in LOGIN_WINDOW_SECONDS; the user's other sources are not.
// Sources together are refused after MAX_USER_LOGIN_FAILURES in USER_LOGIN_WINDOW_SECONDS,
// except a source where the user's password was right in the last TRUSTED_SOURCE_SECONDS: an
// attacker spread over many addresses cannot lock the owner out of the places they use. Cost: in
// such an attack, the owner's first login from a new network waits for the user's window.

/** Failed passwords per user and source in LOGIN_WINDOW_SECONDS, then 429 for that source. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failed passwords per user over every source in USER_LOGIN_WINDOW_SECONDS. */
export const MAX_USER_LOGIN_FAILURES = 50;
export const USER_LOGIN_WINDOW_SECONDS = 24 * 60 * 60;
/** How long a right password from a source spares that source the per-user cap. */
export const TRUSTED_SOURCE_SECONDS = 30 * 24 * 60 * 60;
/** The per-user row's source. */
const EVERY_SOURCE = "*";

export interface LicenseUserLogin {
  user: User;
  licenseId: string;
}

/**
 * The network a client address counts for: an IPv4 address, or the /64 of an IPv6 address (one
 * host or subscriber holds a whole /64; counting its addresses one by one would count nothing).
 */
export function sourceNetwork(address: string): string {
  const plain = address.split("%")[0]!;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1]!;
  if (!isIPv6(plain)) return plain;
  const groups = (text: string) =>
    text === ""
      ? []
      : text.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const [head = "", tail] = plain.split("::");
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${all
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

const invalidCredentials = () =>
  new ServiceError("INVALID_CREDENTIALS", "unknown username or wrong password");

/**
 * License users (SPEC L4): a license authorized by its licensee's username and password
 * instead of its key. Failed passwords are counted in the database (license_user_attempts), so
 * the limits hold across processes and racing requests.
 */
export function licenseUsersService(deps: { store: Store; secret: string; clock: Clock }) {
  const { store, secret, clock } = deps;
  // Unknown users cost a hash check too, so response times do not tell which usernames exist.
  let dummyHash: Promise<string> | undefined;

  const tooMany = (message: string) => new ServiceError("TOO_MANY_ATTEMPTS", message);

  /**
   * Takes the attempt's slots: every source's (its refusal does not apply to a trusted
   * source), then this source's; 429 when a limit is reached. Every source's comes first, so an
   * attempt it refuses stores nothing: guessing from ever new addresses adds no rows.
   */
  async function takeSlots(organizationId: string, userId: string, source: string, now: Date) {
    const attempts = loginAttemptsRepository(store.db);
    const at = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
    const trusted = await attempts.trusted(organizationId, userId, source, now.toISOString());
    const everySource = await attempts.take(organizationId, userId, EVERY_SOURCE, {
      now: now.toISOString(),
      start: at(USER_LOGIN_WINDOW_SECONDS),
      limit: MAX_USER_LOGIN_FAILURES,
    });
    if (!everySource && !trusted) {
      throw tooMany(
        "too many failed logins for this user: try again from where you signed in before, " +
          `or within ${USER_LOGIN_WINDOW_SECONDS / 3600} hours`,
      );
    }
    const fromSource = await attempts.take(organizationId, userId, source, {
      now: now.toISOString(),
      start: at(LOGIN_WINDOW_SECONDS),
      limit: MAX_LOGIN_FAILURES,
    });
    if (!fromSource) {
      if (everySource) await attempts.giveBack(organizationId, userId, EVERY_SOURCE);
      throw tooMany(
        `too many failed logins for this user from here: try again within ${LOGIN_WINDOW_SECONDS / 60} minutes`,
      );
    }
    return { everySource };
  }

  return {
    /**
     * The user's license: the only one they hold, or the only one of `productCode`'s product.
     * `address` is the client's (request.ip). 400 PASSWORD_MISSING, 401 INVALID_CREDENTIALS,
     * 429 TOO_MANY_ATTEMPTS, 404 LICENSE_NOT_FOUND, 409 LICENSE_AMBIGUOUS.
     */
    async login(
      organizationId: string,
      username: string,
      password: string | undefined,
      productCode: string | undefined,
      address: string,
    ): Promise<LicenseUserLogin> {
      if (password === undefined || password === "") {
        throw new ServiceError("PASSWORD_MISSING", "password is missing for username");
      }
      const repo = offlineActivationRepository(store.db);
      const user = await usersRepository(store.db).findByUsername(
        organizationId,
        username.trim().toLowerCase(),
      );
      if (!user || user.passwordHash === null) {
        dummyHash ??= hashPassword("keyward-no-such-user");
        await verifyPassword(password, await dummyHash);
        throw invalidCredentials();
      }
      const now = clock();
      // Kept as a keyed hash: the table says which networks tried, not who.
      const source = keyedHash(secret, "login-source", sourceNetwork(address));
      const { everySource } = await takeSlots(organizationId, user.id, source, now);
      if (!(await verifyPassword(password, user.passwordHash))) throw invalidCredentials();
      const attempts = loginAttemptsRepository(store.db);
      // Right: this source's failures are forgiven and it is trusted; every source's count
      // keeps the others' failures (the owner's success must not reset an attacker's count).
      if (everySource) await attempts.giveBack(organizationId, user.id, EVERY_SOURCE);
      const trustedUntil = new Date(now.getTime() + TRUSTED_SOURCE_SECONDS * 1000);
      await attempts.trust(organizationId, user.id, source, trustedUntil.toISOString());

      const licenses = await repo.licensesOfUser(organizationId, user.id, productCode);
      const [license] = licenses;
      if (!license) {
        throw new ServiceError("LICENSE_NOT_FOUND", "this user holds no such license");
      }
      if (licenses.length > 1) {
        throw new ServiceError(
          "LICENSE_AMBIGUOUS",
          "this user holds several licenses: name the product (its code) in the request",
        );
      }
      return { user, licenseId: license.id };
    },

    /** The background job: counts whose windows have passed and that trust no source. */
    deleteStaleAttempts(): Promise<number> {
      const now = clock();
      const windowsBefore = new Date(now.getTime() - USER_LOGIN_WINDOW_SECONDS * 1000);
      return loginAttemptsRepository(store.db).deleteStale(
        windowsBefore.toISOString(),
        now.toISOString(),
      );
    },
  };
}

export type LicenseUsersService = ReturnType<typeof licenseUsersService>;
