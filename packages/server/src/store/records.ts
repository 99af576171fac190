import type { PolicyRules } from "../domain/policy.js";

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
