import { pingDatabase, type Store } from "../store/database.js";
import { ServiceError } from "./errors.js";

/** Readiness: whether the database answers, asked every time (nothing is cached). */
export function healthService(deps: { store: Store }) {
  return {
    /** Resolves when the database answers; 503 DATABASE_UNAVAILABLE while it does not. */
    async ready(): Promise<void> {
      try {
        await pingDatabase(deps.store.db);
      } catch (error) {
        // Whatever failed, the server cannot serve: the 503 any request needing the database gets.
        const unavailable = new ServiceError(
          "DATABASE_UNAVAILABLE",
          "the database is unavailable; retry later",
        );
        unavailable.cause = error;
        throw unavailable;
      }
    },
  };
}
