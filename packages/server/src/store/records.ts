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
