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

export type TokenKind = "admin" | "product" | "license";

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
}

export type SigningAlgorithm = "ed25519" | "rsa";

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
  /** 0/1; the status itself is computed (domain/license-status.ts). */
  suspended: number;
  revoked_at: string | null;
  expires_at: string | null;
  uses: number;
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
  key: string;
  method: string;
  path: string;
  /** SHA-256 (hex) of method, path and canonical JSON body. */
  request_hash: string;
  /** HTTP status of the stored response; null while the first request is in progress. */
  status: number | null;
  response_body: string | null;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  handshake_codes: HandshakeCodesTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type User = Selectable<UsersTable>;
export type HandshakeCode = Selectable<HandshakeCodesTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;

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
  created_at: string;
  updated_at: string;
}

export interface Database {
  machines: MachinesTable;
}

export type Machine = Selectable<MachinesTable>;
