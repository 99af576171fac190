import type { OfflineActivationRequest } from "@keyward/formats";
import type { Store } from "../../store/database.js";
import type { UserRecord as User } from "../../store/records.js";
import type { ActivationService } from "../activation.js";
import type { Clock } from "../clock.js";
import type { LicenseUsersService } from "../license-users.js";
import type { tokensService } from "../tokens.js";

// Offline activation's types: what the route hands over and gets back, what the operations
// need (OfflineActivationDeps) and what they pass between them (Authorized).

/** Default window for the Date header (SPEC L7 "stale date"). */
export const DEFAULT_DATE_WINDOW_SECONDS = 10 * 60;

/** The organization's offline keys as an admin sees them (vendors embed both in their app). */
export interface OfflineKeyPair {
  apiKey: string;
  sharedKey: string;
  createdAt: string;
  updatedAt: string;
  /** The api key the last rotation replaced, and until when requests made with it verify. */
  previous: { apiKey: string; validUntil: string } | null;
}

/**
 * The Authorization header as the route parsed it: a vendor token, LicenseSpring's HMAC of the
 * Date header (algorithm hmac-sha256) with the api key, or anything else (refused here, after
 * the body and api key checks, as seed 003 orders them).
 */
export type OfflineAuthorization =
  | { scheme: "bearer"; token: string }
  | { scheme: "hmac-sha256"; signature: string; apiKey: string }
  | { scheme: "unrecognized" };

/** The Date header: its text (the HMAC signs it) and its instant, null when it is not a date. */
export interface OfflineDate {
  text: string;
  at: Date | null;
}

/** What the route hands over: the parsed headers and the Base64 request text. */
export interface OfflineRequestInput {
  authorization: OfflineAuthorization;
  date: OfflineDate;
  /** The raw body, or the content of the multipart `file` field. */
  body: string | undefined;
  /** The client's address: license-user logins are limited per source (license-users.ts). */
  address: string;
}

/** The activation response, in seed 003's names; `offline_signature` signs date + binding. */
export interface OfflineActivationResponse extends Record<string, unknown> {
  license_id: string;
  license_key: string | null;
  license_type: "perpetual" | "time-limited" | "subscription" | "consumption";
  is_trial: boolean;
  license_active: boolean;
  license_enabled: boolean;
  is_expired: boolean;
  validity_period: string | null;
  max_activations: number | null;
  times_activated: number;
  max_consumptions: number | null;
  total_consumptions: number;
  allow_overages: boolean;
  max_overages: number;
  product_features: { code: string }[];
  product_details: {
    product_id: string;
    product_name: string;
    short_code: string | null;
    authorization_method: "license_key" | "user";
  };
  user: { id: string; email: string; username: string | null; name: string | null } | null;
  device_id: string;
  hardware_id: string;
  variables: Record<string, unknown>;
  date: string;
  offline_signature: string;
}

export interface OfflineDeactivationResponse {
  license_id: string;
  hardware_id: string;
  deactivated: true;
}

/** What the offline-activation operations need; they read the time from deps.clock(). */
export interface OfflineActivationDeps {
  store: Store;
  /** The server secret: the shared keys are sealed with it. */
  secret: string;
  clock: Clock;
  activation: ActivationService;
  licenseUsers: LicenseUsersService;
  tokens: Pick<ReturnType<typeof tokensService>, "authenticate">;
  /** The Date header's window (default DEFAULT_DATE_WINDOW_SECONDS). */
  dateWindowSeconds?: number | undefined;
}

/** Who the request is for, once its credentials are checked. */
export interface Authorized {
  organizationId: string;
  request: OfflineActivationRequest;
  sharedKey: string;
  signatureHash: string;
  licenseId: string;
  user: User | null;
}
