import type { Insertable, Selectable } from "kysely";

// Table types shared by SQLite and PostgreSQL. Portable column types only: timestamps are
// ISO-8601 text (UTC, millisecond precision, so they sort as text), booleans are 0/1 integers
// and structured values are JSON text. Ids are prefixed random strings (see ids.ts).

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

import type { TokenKind, TokenScope } from "./records.js";

export type { TokenKind, TokenScope };

export interface TokensTable {
  id: string;
  organization_id: string;
  kind: TokenKind;
  product_id: string | null;
  license_id: string | null;
  name: string | null;
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** read: GET only; write: whatever the kind allows (migration 0011). */
  scope: TokenScope;
  /** Authentication's last use, kept to the minute (services/tokens.ts). */
  last_used_at: string | null;
}

import type { SigningAlgorithm, SigningKeyState } from "./records.js";

export type { SigningAlgorithm };

export interface SigningKeysTable {
  id: string;
  organization_id: string;
  algorithm: SigningAlgorithm;
  /** SubjectPublicKeyInfo, Base64 DER. */
  public_key: string;
  /** PKCS#8 DER encrypted with the server secret (see secrets.ts). */
  private_key_encrypted: string;
  created_at: string;
  /** Set when rotated out: still verifies what it signed, signs nothing new. */
  retired_at: string | null;
  /** next (published, not signing), active (signs), retired (verifies only): migration 0015. */
  state: SigningKeyState;
  /** Changes with the state: the signing-key cache compares it. */
  updated_at: string;
  /** The key that endorsed this one, and its signature (both or neither): migration 0021. */
  endorsed_by: string | null;
  endorsement_signature: string | null;
}

export interface ProductsTable {
  id: string;
  organization_id: string;
  name: string;
  code: string | null;
  /** JSON array of allowed platforms; empty = any (SPEC R1). */
  platforms: string;
  /** JSON array of allowed application identifiers; empty = any (SPEC R1). */
  app_identifiers: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  tokens: TokensTable;
  signing_keys: SigningKeysTable;
  products: ProductsTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type Token = Selectable<TokensTable>;
export type NewToken = Insertable<TokensTable>;
export type SigningKey = Selectable<SigningKeysTable>;
export type Product = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;

// Licensing (migration 0002_licensing): policies, licenses, entitlements and their links.
// Declared as a second `Database` block, which TypeScript merges with the one above.

export interface PoliciesTable {
  id: string;
  organization_id: string;
  product_id: string;
  name: string;
  /** JSON of PolicyRules (domain/policy.ts), complete and checked. */
  rules: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface LicensesTable {
  id: string;
  organization_id: string;
  product_id: string;
  policy_id: string;
  /** The licensee (a user of the organization), if any. */
  user_id: string | null;
  name: string | null;
  /** The license key, shown to the vendor (plain text or a cryptographic key). */
  key: string;
  /** SHA-256 (hex) of the key, unique: lookups by key go through it. */
  key_hash: string;
  /** 1: another system issued the key (`importedKey`, migration 0025); 0: Keyward made it. */
  key_imported: number;
  /** 0/1; the status itself is computed (domain/license-status.ts). */
  suspended: number;
  revoked_at: string | null;
  expires_at: string | null;
  uses: number;
  /** Set once, by the first activation / validation (expiry bases, domain/activation.ts). */
  first_activated_at: string | null;
  first_validated_at: string | null;
  /** Last check-in (policy checkInIntervalSeconds); null: none yet, counted from creation. */
  last_check_in_at: string | null;
  /** The expires_at the expiry job recorded license.expired for (renewal moves expires_at on). */
  expired_event_for: string | null;
  /** The handshake code devices reach the license through (trackable licenses, SPEC T2–T3). */
  handshake_code_id: string | null;
  /** The last validation that found no machine: its time (written in batches) and code
   * (written when it changes, with an event). Migration 0014. */
  last_validated_at: string | null;
  last_validation_code: string | null;
  /** JSON of LicenseOverrides (domain/policy.ts). */
  overrides: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface EntitlementsTable {
  id: string;
  organization_id: string;
  code: string;
  name: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface PolicyEntitlementsTable {
  organization_id: string;
  policy_id: string;
  entitlement_id: string;
  created_at: string;
}

export interface LicenseEntitlementsTable {
  organization_id: string;
  license_id: string;
  entitlement_id: string;
  created_at: string;
}

export interface Database {
  policies: PoliciesTable;
  licenses: LicensesTable;
  entitlements: EntitlementsTable;
  policy_entitlements: PolicyEntitlementsTable;
  license_entitlements: LicenseEntitlementsTable;
}

export type Policy = Selectable<PoliciesTable>;
export type License = Selectable<LicensesTable>;
export type Entitlement = Selectable<EntitlementsTable>;

// Users (licensees), handshake codes (SPEC T2–T5) and Idempotency-Key records: migration 0003.

export interface UsersTable {
  id: string;
  organization_id: string;
  /** Lowercased; unique per organization. */
  email: string;
  /** Lowercased; unique per organization when set. */
  username: string | null;
  name: string | null;
  /** scrypt hash string (see passwords.ts); never returned by the API. */
  password_hash: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface HandshakeCodesTable {
  id: string;
  organization_id: string;
  /** The public string devices send; unique across organizations (SPEC T2: code alone). */
  code: string;
  name: string | null;
  /** scrypt hash string of the session password (SPEC T4); never returned by the API. */
  session_password_hash: string | null;
  /** 0/1; at most one 1 per organization (partial unique index). */
  is_default: number;
  /** JSON {domains, processNames, appIdentifiers}: string arrays, empty = any (SPEC T5). */
  validation_fields: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  /** Whose key it is: a token's id, or `license:<id>` for a license key (0020). */
  caller: string;
  key: string;
  method: string;
  path: string;
  /** HMAC-SHA256 (hex, keyed with the server secret) of the SHA-256 of method, path and body. */
  request_hash: string;
  /** HTTP status of the stored response; null while the first request is in progress. */
  status: number | null;
  /** The response body sealed with the server secret (secrets.ts seal); 0009 on. */
  response_body: string | null;
  /** JSON object of the stored response's content-type and content-disposition (0008). */
  response_headers: string | null;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  handshake_codes: HandshakeCodesTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type User = Selectable<UsersTable>;
export type HandshakeCode = Selectable<HandshakeCodesTable>;

// Machines (devices a license is activated on): migration 0004.

export interface MachinesTable {
  id: string;
  organization_id: string;
  license_id: string;
  /** The SDK's device UUID or a hardware fingerprint; unique per license. */
  fingerprint: string;
  name: string | null;
  platform: string | null;
  os_version: string | null;
  app_identifier: string | null;
  app_version: string | null;
  /** JSON object of device variables (SPEC L6). */
  variables: string;
  metadata: string;
  last_heartbeat_at: string | null;
  /** When the machine counts as dead without a heartbeat; null: it needs none. */
  heartbeat_deadline_at: string | null;
  /** 0/1: the culling job deletes it once dead (policy cull strategy "deactivate"). */
  cull_when_dead: number;
  /** The last validation that found this machine: time (in batches) and code (on change). */
  last_validated_at: string | null;
  last_validation_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  machines: MachinesTable;
}

export type Machine = Selectable<MachinesTable>;

// Events (migration 0005): every state change, the source of the audit log and webhooks.

export interface EventsTable {
  id: string;
  organization_id: string;
  /** e.g. "license.created", "machine.activated", "license.validation.failed". */
  type: string;
  license_id: string | null;
  machine_id: string | null;
  /** JSON object with the event's details. */
  data: string;
  created_at: string;
}

export interface Database {
  events: EventsTable;
}

export type Event = Selectable<EventsTable>;

// Validation counters (migration 0014): how many validations of a license answered a code on a
// day (UTC), upserted in batches; the product is the license's when counted.

export interface ValidationCountersTable {
  organization_id: string;
  product_id: string;
  license_id: string;
  /** The validation code (domain/validation.ts), e.g. "VALID". */
  code: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  count: number;
}

export interface Database {
  validation_counters: ValidationCountersTable;
}

// Offline activation (migration 0006): api key and shared key per organization, requests
// already served (replay refusal), failed license-user logins (brute-force limit).

export interface OfflineKeysTable {
  organization_id: string;
  /** Public identifier devices put in their requests (`api_key`); unique across organizations. */
  api_key: string;
  /** The shared HMAC key, sealed with the server secret (secrets.ts). */
  shared_key_encrypted: string;
  created_at: string;
  updated_at: string;
  /** The keys the last rotation replaced, verifying until previous_valid_until (migration 0023). */
  previous_api_key: string | null;
  previous_shared_key_encrypted: string | null;
  previous_valid_until: string | null;
}

import type { OfflineRequestKind } from "./records.js";

export type { OfflineRequestKind };

export interface OfflineRequestsTable {
  organization_id: string;
  /** SHA-256 (hex) of the request's signature; the primary key refuses a replay. */
  signature_hash: string;
  kind: OfflineRequestKind;
  license_id: string;
  hardware_id: string;
  created_at: string;
}

export interface LicenseUserAttemptsTable {
  organization_id: string;
  user_id: string;
  /** Keyed hash of the client's network (services/license-users.ts), or "*": every source. */
  source: string;
  /** Start of the current counting window. */
  window_started_at: string;
  /** Password attempts in the window that were not (yet) successful. */
  failures: number;
  /** A right password came from this source: it is spared the all-sources cap until then. */
  trusted_until: string | null;
}

export interface Database {
  offline_keys: OfflineKeysTable;
  offline_requests: OfflineRequestsTable;
  license_user_attempts: LicenseUserAttemptsTable;
}

// Trackable licenses (migration 0007, SPEC T2–T11): handshake-code bindings, settings, trial
// grants, per-device release marks and usage counters (and licenses.handshake_code_id).

export interface TrackableSettingsTable {
  /** The product, policy or license the settings belong to. */
  owner_id: string;
  organization_id: string;
  /** JSON: product {publicTrialPolicyId}; policy/license Partial<TrackableSettings>. */
  settings: string;
  updated_at: string;
}

export interface TrialGrantsTable {
  product_id: string;
  kind: "public" | "private";
  /** The device UUID (public) or the organization id (private). */
  subject: string;
  /** Public trials: the device's hashed hardware id when it sent one (one trial per machine). */
  hardware_id: string | null;
  organization_id: string;
  license_id: string;
  expires_at: string;
  created_at: string;
}

export interface TrackableDevicesTable {
  machine_id: string;
  organization_id: string;
  license_id: string;
  /** Per-device model: when the device is released without further activity. */
  release_at: string | null;
}

export interface UsageReportsTable {
  organization_id: string;
  license_id: string;
  /** The client's id of the report: a retried report is counted once (SPEC T6). */
  report_id: string;
  device_id: string;
  period_start: string;
  period_end: string;
  /** JSON {feature: count}. */
  counters: string;
  received_at: string;
}

export interface UsageDailyTable {
  organization_id: string;
  license_id: string;
  /** YYYY-MM-DD (UTC) of the report's period start. */
  day: string;
  device_id: string;
  feature: string;
  count: number | string;
}

export interface UsageTotalsTable {
  organization_id: string;
  license_id: string;
  /** "lifetime" or YYYY-MM (domain/trackable.ts periodKey). */
  period: string;
  /** A feature, or "*" for the sum over features. */
  feature: string;
  count: number | string;
}

export interface UsageAlertsTable {
  /** Migration 0017: `alrt_…`, made at created_at. */
  id: string;
  organization_id: string;
  license_id: string;
  period: string;
  /** "uses" or "uses:<feature>". */
  metric: string;
  threshold: number;
  created_at: string;
  /** Migration 0017: when an admin acknowledged it, and with which token. */
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  /** Migration 0017: the count when crossed and the quota (null: unlimited, or older alert). */
  used: number | string | null;
  quota: number | string | null;
}

export interface Database {
  trackable_settings: TrackableSettingsTable;
  trial_grants: TrialGrantsTable;
  trackable_devices: TrackableDevicesTable;
  usage_reports: UsageReportsTable;
  usage_daily: UsageDailyTable;
  usage_totals: UsageTotalsTable;
  usage_alerts: UsageAlertsTable;
}

// Webhooks (migration 0012): endpoints and the outbox of deliveries.

export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types; empty: every type. */
  event_types: string;
  /** 0/1 */
  enabled: number;
  /** whsec_… sealed with the server secret (secrets.ts). */
  secret_sealed: string;
  /** The secret the last rotation replaced, sealed; it signs too until previous_valid_until
   * (migration 0024). Both null when none. */
  previous_secret_sealed: string | null;
  previous_valid_until: string | null;
  failing_since: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

export interface WebhookDeliveriesTable {
  /** The webhook-id header (msg_…). */
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The JSON body every attempt sends. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_response: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;

// License search terms and their trigrams (migrations 0016, 0018; store/license-search.ts).

export interface LicenseSearchTermsTable {
  organization_id: string;
  license_id: string;
  /**
   * Lowercased name, user email or name, metadata value or `key:value`; sorts bytewise on both
   * databases.
   */
  term: string;
}

/** Each trigram of a license's terms (migration 0018): the postings a substring search reads. */
export interface LicenseSearchTrigramsTable {
  organization_id: string;
  trigram: string;
  license_id: string;
}

export interface Database {
  license_search_terms: LicenseSearchTermsTable;
  license_search_trigrams: LicenseSearchTrigramsTable;
}

// The audit log (migration 0013): who changed what, from where, before/after.

export interface AuditEntriesTable {
  id: string;
  organization_id: string;
  /** The token's kind ("license" also for a license-key credential), or "system". */
  actor_kind: string;
  actor_token_id: string | null;
  /** The license of a license-key credential or license token. */
  actor_license_id: string | null;
  /** e.g. "product.created", "license.suspended" (services/audit.ts). */
  action: string;
  resource_type: string;
  resource_id: string;
  request_id: string | null;
  source_ip: string | null;
  /** JSON object of the changed fields' old values; null when the resource is new. */
  before: string | null;
  /** JSON object of the changed fields' new values; null when the resource is gone. */
  after: string | null;
  created_at: string;
}

export interface Database {
  audit_entries: AuditEntriesTable;
}

export type AuditEntry = Selectable<AuditEntriesTable>;
