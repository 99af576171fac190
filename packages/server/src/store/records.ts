import type { LicenseOverrides, PolicyRules } from "../domain/policy.js";

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
    kind: "admin" | "product" | "license" | "system";
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
