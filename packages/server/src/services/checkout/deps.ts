import type { Store } from "../../store/database.js";
import type { Clock } from "../clock.js";
import type { LicensesService } from "../licenses.js";
import type { machinesService } from "../machines.js";
import type { SigningKeysService } from "../signing-keys.js";

/** What the checkout operations need: the files and proofs are signed at deps.clock(). */
export interface CheckoutDeps {
  store: Store;
  clock: Clock;
  signingKeys: SigningKeysService;
  licenses: LicensesService;
  machines: ReturnType<typeof machinesService>;
}
