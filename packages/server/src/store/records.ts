import type { KeyEndorsement } from "@keyward/formats";
import type { LicenseOverrides, PolicyRules } from "../domain/policy.js";
import type { TrackableSettings } from "../domain/trackable.js";

// Records: what repositories hand out and take in. A row is decoded once, here at the store
// boundary, into camelCase fields, real booleans and parsed JSON; services and HTTP speak only
// records, and rows never leave store/ (docs/architecture.md).
//
// Times stay ISO-8601 strings (UTC, millisecond precision), as stored: they sort and compare as
// text in SQL and in code, the API returns them as they are, and the hot path pays no
// Date-object conversion per column. The cost: arithmetic needs Date.parse where it happens
// (expiry and lease math already take `Date`s built from these strings).

/** JSON object stored as text (metadata, device variables, event data). */
export type JsonObject = Record<string, unknown>;

export interface ProductRecord {
  id: string;
  organizationId: string;
  name: string;
  code: string | null;
  /** Allowed platforms; empty = any (SPEC R1). */
  platforms: string[];
  /** Allowed application identifiers; empty = any (SPEC R1). */
  appIdentifiers: string[];
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export interface UserRecord {
  id: string;
  organizationId: string;
  /** Lowercased; unique per organization. */
  email: string;
  /** Lowercased; unique per organization when set. */
  username: string | null;
  name: string | null;
  /** scrypt hash string (passwords.ts); never returned by the API. */
  passwordHash: string | null;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export interface EntitlementRecord {
  id: string;
  organizationId: string;
  code: string;
  name: string;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

/** SPEC T5: each list limits what a client may send; an empty list allows anything. */
export interface ValidationFields {
  domains: string[];
  processNames: string[];
  appIdentifiers: string[];
}

export interface HandshakeCodeRecord {
  id: string;
  organizationId: string;
  /** The public string devices send; unique across organizations (SPEC T2). */
  code: string;
  name: string | null;
  /** scrypt hash string of the session password (SPEC T4); never returned by the API. */
  sessionPasswordHash: string | null;
  /** At most one default per organization. */
  isDefault: boolean;
  validationFields: ValidationFields;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export interface EventRecord {
  id: string;
  organizationId: string;
  /** e.g. "license.created", "machine.activated" (services/events.ts EVENT_TYPES). */
  type: string;
  licenseId: string | null;
  machineId: string | null;
  data: JsonObject;
  createdAt: string;
}

/** One admin mutation (services/audit.ts): who, from where, what, and the changed fields. */
export interface AuditEntryRecord {
  id: string;
  organizationId: string;
  actor: {
    /**
     * The credential: a token's kind ("license" also for a license key), "handshake_code" for
     * a trackable device's credential (organization id / handshake code + session password),
     * or "system" for the server itself.
     */
    kind: "admin" | "product" | "license" | "handshake_code" | "system";
    tokenId: string | null;
    licenseId: string | null;
  };
  action: string;
  resource: { type: string; id: string };
  requestId: string | null;
  sourceIp: string | null;
  /** The changed fields' old values (secrets redacted); null when the resource is new. */
  before: JsonObject | null;
  /** The changed fields' new values (secrets redacted); null when the resource is gone. */
  after: JsonObject | null;
  createdAt: string;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export type SigningAlgorithm = "ed25519" | "rsa";
export type SigningKeyState = "next" | "active" | "retired";

/** The active key's identity: what the signing-key cache compares before using its entry. */
export interface ActiveKeyStamp {
  id: string;
  updatedAt: string;
}

/** The active key of each algorithm as one read saw it (null: none), see store/licensing.ts contextQuery. */
export type ActiveKeyStamps = Record<SigningAlgorithm, ActiveKeyStamp | null>;

export interface SigningKeyRecord {
  id: string;
  organizationId: string;
  algorithm: SigningAlgorithm;
  /** SubjectPublicKeyInfo, Base64 DER. */
  publicKey: string;
  /** PKCS#8 DER sealed with the server secret (secrets.ts). */
  privateKeyEncrypted: string;
  createdAt: string;
  /** Set when rotated out: still verifies what it signed, signs nothing new. */
  retiredAt: string | null;
  /** next: published, signs nothing yet; active: signs (one per algorithm); retired: verifies only. */
  state: SigningKeyState;
  /** Changes with the state. */
  updatedAt: string;
  /**
   * The active key's signature over this one when it was created (@keyward/formats
   * key-endorsement); null for an organization's first keys and keys made before migration 0021.
   */
  endorsement: KeyEndorsement | null;
}

export interface PolicyRecord {
  id: string;
  organizationId: string;
  productId: string;
  name: string;
  /** Complete and checked; rules stored before a rule existed get its default. */
  rules: PolicyRules;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export interface LicenseRecord {
  id: string;
  organizationId: string;
  productId: string;
  policyId: string;
  /** The licensee (a user of the organization), if any. */
  userId: string | null;
  name: string | null;
  /** The license key, shown to the vendor (plain text or a cryptographic key). */
  key: string;
  /** SHA-256 (hex) of the key: lookups by key go through it. */
  keyHash: string;
  /** Another system issued the key (`importedKey`): Keyward neither made nor signed it. */
  keyImported: boolean;
  /** The status itself is computed (domain/license-status.ts). */
  suspended: boolean;
  revokedAt: string | null;
  expiresAt: string | null;
  uses: number;
  /** Set once, by the first activation / validation (expiry bases, domain/activation.ts). */
  firstActivatedAt: string | null;
  firstValidatedAt: string | null;
  /** Last check-in (policy checkInIntervalSeconds); null: none yet, counted from creation. */
  lastCheckInAt: string | null;
  /** The expiresAt the expiry job recorded license.expired for. */
  expiredEventFor: string | null;
  /** The handshake code devices reach the license through (trackable licenses). */
  handshakeCodeId: string | null;
  /** The last validation that found no machine (time and code; see docs/server.md). */
  lastValidatedAt: string | null;
  lastValidationCode: string | null;
  overrides: LicenseOverrides;
  metadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export interface MachineRecord {
  id: string;
  organizationId: string;
  licenseId: string;
  /** The SDK's device UUID or a hardware fingerprint; unique per license. */
  fingerprint: string;
  name: string | null;
  platform: string | null;
  osVersion: string | null;
  appIdentifier: string | null;
  appVersion: string | null;
  /** Device variables (SPEC L6). */
  variables: JsonObject;
  metadata: JsonObject;
  lastHeartbeatAt: string | null;
  /** When the machine counts as dead without a heartbeat; null: it needs none. */
  heartbeatDeadlineAt: string | null;
  /** The culling job deletes it once dead (policy cull strategy "deactivate"). */
  cullWhenDead: boolean;
  /** The last validation that found this machine (time and code; see docs/server.md). */
  lastValidatedAt: string | null;
  lastValidationCode: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TokenKind = "admin" | "product" | "license";
export type TokenScope = "read" | "write";

export interface TokenRecord {
  id: string;
  organizationId: string;
  kind: TokenKind;
  productId: string | null;
  licenseId: string | null;
  name: string | null;
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** read: GET only; write: whatever the kind allows. */
  scope: TokenScope;
  /** Authentication's last use, kept to the minute (services/tokens.ts). */
  lastUsedAt: string | null;
}

export type OfflineRequestKind = "activation" | "deactivation";

/** An organization's offline-activation keys (SPEC L1–L4); vendors embed both in their app. */
export interface OfflineKeysRecord {
  organizationId: string;
  /** Public identifier devices put in their requests; unique across organizations. */
  apiKey: string;
  /** The shared HMAC key, sealed with the server secret (secrets.ts). */
  sharedKeyEncrypted: string;
  createdAt: string;
  updatedAt: string;
  /** The keys the last rotation replaced and until when they verify requests; null: none. */
  previous: { apiKey: string; sharedKeyEncrypted: string; validUntil: string } | null;
}

/** An offline request already served: its signature's hash refuses a replay. */
export interface OfflineRequestRecord {
  organizationId: string;
  /** SHA-256 (hex) of the request's signature bytes. */
  signatureHash: string;
  kind: OfflineRequestKind;
  licenseId: string;
  hardwareId: string;
  createdAt: string;
}

/**
 * Trackable settings a policy or license sets itself: a layer over the defaults and the layers
 * below it (domain/trackable.ts trackableSettings). Stored as given, checked at the edge.
 */
export type TrackableSettingsLayer = Partial<TrackableSettings>;

/** A product's trackable settings: the policy its 7-day public trials follow (SPEC T2). */
export interface ProductTrackableSettings {
  publicTrialPolicyId: string | null;
}

/** A trial issued once (SPEC T2, T3): the key (product, kind, subject) decides racing requests. */
export interface TrialGrantRecord {
  productId: string;
  kind: "public" | "private";
  /** The device UUID (public) or the organization id (private). */
  subject: string;
  /** Public trials: the device's hashed hardware id when it sent one (one trial per machine). */
  hardwareId: string | null;
  organizationId: string;
  licenseId: string;
  expiresAt: string;
  createdAt: string;
}

/** A per-device device idle past its release time (SPEC T10). */
export interface IdleDeviceRecord {
  machineId: string;
  organizationId: string;
  licenseId: string;
}

/** A usage report as counted (SPEC T6): the client's id makes a retry count once. */
export interface UsageReportRecord {
  organizationId: string;
  licenseId: string;
  reportId: string;
  deviceId: string;
  periodStart: string;
  periodEnd: string;
  /** Feature → count. */
  counters: Record<string, number>;
  receivedAt: string;
}

/** A daily counter: one per day (UTC, YYYY-MM-DD), device and feature. */
export interface UsageDailyRecord {
  organizationId: string;
  licenseId: string;
  day: string;
  deviceId: string;
  feature: string;
  count: number;
}

/** A period counter: one per period ("lifetime" or YYYY-MM) and feature ("*": the sum). */
export interface UsageTotalRecord {
  organizationId: string;
  licenseId: string;
  period: string;
  feature: string;
  count: number;
}

/** A usage threshold crossed, recorded once a period. */
export interface UsageAlertRecord {
  id: string;
  organizationId: string;
  licenseId: string;
  period: string;
  /** "uses" or "uses:<feature>". */
  metric: string;
  threshold: number;
  createdAt: string;
  acknowledgedAt: string | null;
  /** The id of the token that acknowledged it. */
  acknowledgedBy: string | null;
  /** The period's count when the threshold was crossed; null for alerts before migration 0017. */
  used: number | null;
  /** The quota it was measured against; null when unlimited (or before migration 0017). */
  limit: number | null;
}

/** The headers a stored response is replayed with (its type and download name). */
export type ReplayedHeaders = Partial<Record<"content-type" | "content-disposition", string>>;

/** An Idempotency-Key's record (services/idempotency.ts); nothing of a request kept in clear. */
export interface IdempotencyRecord {
  organizationId: string;
  /**
   * Whose key it is: the bearer token's id, or `license:<id>` for a license key. One caller's
   * key never names another's request (another caller's stored answer is not theirs to see).
   */
  caller: string;
  key: string;
  method: string;
  path: string;
  /** HMAC-SHA256 (hex, keyed with the server secret) of the SHA-256 of method, path and body. */
  requestHash: string;
  /** HTTP status of the stored response; null while the first request is in progress. */
  status: number | null;
  /** The response body sealed with the server secret (secrets.ts seal); null in progress. */
  responseBodySealed: string | null;
  /** Records stored before migration 0008 have none: they were all JSON ({}). */
  responseHeaders: ReplayedHeaders;
  createdAt: string;
}

export interface WebhookEndpointRecord {
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  /** Event types it receives; empty: every type. */
  eventTypes: string[];
  enabled: boolean;
  /** The whsec_… signing secret, sealed (secrets.ts); the API shows it only on create/rotate. */
  secretSealed: string;
  /**
   * The secret the last rotation replaced (sealed), kept by its `keepPreviousSeconds`: it signs
   * deliveries next to the current one until `previousValidUntil`. Both null when none.
   */
  previousSecretSealed: string | null;
  previousValidUntil: string | null;
  /** Start of the current run of failed attempts; null after a success. */
  failingSince: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

export interface WebhookDeliveryRecord {
  /** The webhook-id header (msg_…), the same on every attempt. */
  id: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The JSON body every attempt sends. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  /** The start of the receiver's last answer (at most 1 KB). */
  lastResponse: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}
