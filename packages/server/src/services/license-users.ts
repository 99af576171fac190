import { hashPassword, verifyPassword } from "../passwords.js";
import type { Store } from "../store/database.js";
import {
  loginAttemptsRepository,
  offlineActivationRepository,
} from "../store/offline-activation.js";
import type { User } from "../store/schema.js";
import { usersRepository } from "../store/users.js";
import type { Clock } from "./clock.js";
import { ServiceError } from "./errors.js";

/** SPEC L4 brute-force limit: this many failed passwords per user per window, then 429. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export interface LicenseUserLogin {
  user: User;
  licenseId: string;
}

const invalidCredentials = () =>
  new ServiceError(401, "INVALID_CREDENTIALS", "unknown username or wrong password");

/**
 * License users (SPEC L4): a license authorized by its licensee's username and password
 * instead of its key. Failed passwords are counted in the database (license_user_attempts), so
 * the limit holds across processes and racing requests.
 */
export function licenseUsersService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  // Unknown users cost a hash check too, so response times do not tell which usernames exist.
  let dummyHash: Promise<string> | undefined;

  return {
    /**
     * The user's license: the only one they hold, or the only one of `productCode`'s product.
     * 400 PASSWORD_MISSING, 401 INVALID_CREDENTIALS, 429 TOO_MANY_ATTEMPTS,
     * 404 LICENSE_NOT_FOUND, 409 LICENSE_AMBIGUOUS.
     */
    async login(
      organizationId: string,
      username: string,
      password: string | undefined,
      productCode: string | undefined,
    ): Promise<LicenseUserLogin> {
      if (password === undefined || password === "") {
        throw new ServiceError(400, "PASSWORD_MISSING", "password is missing for username");
      }
      const repo = offlineActivationRepository(store.db);
      const user = await usersRepository(store.db).findByUsername(
        organizationId,
        username.trim().toLowerCase(),
      );
      if (!user || user.password_hash === null) {
        dummyHash ??= hashPassword("keyward-no-such-user");
        await verifyPassword(password, await dummyHash);
        throw invalidCredentials();
      }
      const now = clock();
      const windowStart = new Date(now.getTime() - LOGIN_WINDOW_SECONDS * 1000);
      const attempts = loginAttemptsRepository(store.db);
      const allowed = await attempts.take(
        organizationId,
        user.id,
        now.toISOString(),
        windowStart.toISOString(),
        MAX_LOGIN_FAILURES,
      );
      if (!allowed) {
        throw new ServiceError(
          429,
          "TOO_MANY_ATTEMPTS",
          `too many failed logins for this user: try again within ${LOGIN_WINDOW_SECONDS / 60} minutes`,
        );
      }
      if (!(await verifyPassword(password, user.password_hash))) throw invalidCredentials();
      await attempts.clear(organizationId, user.id);

      const licenses = await repo.licensesOfUser(organizationId, user.id, productCode);
      const [license] = licenses;
      if (!license) {
        throw new ServiceError(404, "LICENSE_NOT_FOUND", "this user holds no such license");
      }
      if (licenses.length > 1) {
        throw new ServiceError(
          409,
          "LICENSE_AMBIGUOUS",
          "this user holds several licenses: name the product (its code) in the request",
        );
      }
      return { user, licenseId: license.id };
    },
  };
}

export type LicenseUsersService = ReturnType<typeof licenseUsersService>;
