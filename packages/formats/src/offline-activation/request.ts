// The offline activation request (SPEC L1, seed 003): its fields, the Base64 JSON body an
// air-gapped device hands over, and the checks the server runs when decoding that body.
import { base64Decode, base64Encode, withoutAsciiWhitespace } from "../encoding/base64.js";
import { isRecord, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { FormatError, type FormatErrorCode, ok, type Result } from "../errors.js";

/** The identity the request is for: a license key, or a license user (SPEC L4). */
export type OfflineIdentity =
  | { license_key: string; username?: undefined; password?: undefined }
  | { username: string; password?: string; license_key?: undefined };

/** Every field of the request other than the identity and the signature. */
export interface OfflineRequestFields {
  /** Device identifier (fingerprint). */
  hardware_id: string;
  /** The vendor's API key; part of the signing string. */
  api_key: string;
  /** Date the request was made (LicenseSpring clients send an RFC 7231 date). */
  date: string;
  /** Product short code. */
  product?: string;
  /** LicenseSpring sends "activation" / "deactivation" here. */
  request?: string;
  /** Client-chosen id: activation requests are idempotent by it. */
  request_id?: string;
  bundle_code?: string;
  license_id?: number;
  is_vm?: boolean;
  vm_info?: string;
  os_ver?: string;
  hostname?: string;
  os_hostname?: string;
  ip?: string;
  ip_local?: string;
  app_ver?: string;
  sdk_ver?: string;
  mac_address?: string;
  /** Device variables to set at activation (SPEC L6). */
  variables?: Record<string, string>;
}

/** A request before `signActivationRequest` adds its signature. */
export type UnsignedActivationRequest = OfflineIdentity & OfflineRequestFields;

/** An offline activation (or deactivation) request as carried, Base64 JSON, to the server. */
export type OfflineActivationRequest = UnsignedActivationRequest & {
  /** base64(HMAC-SHA256(shared key, signing string)). */
  signature: string;
};

/** Why a request body was rejected: one per error case of seed 003, plus a few of our own. */
export type OfflineRequestReason =
  /** No body at all, or only whitespace ("no request body"). */
  | "EMPTY"
  /** The body is not Base64. */
  | "NOT_BASE64"
  /** The Base64 does not hold UTF-8 JSON text. */
  | "NOT_JSON"
  /** The JSON is not an object. */
  | "NOT_OBJECT"
  /** Neither license_key nor username. */
  | "MISSING_IDENTITY"
  /** Both license_key and username. */
  | "AMBIGUOUS_IDENTITY"
  | "MISSING_HARDWARE_ID"
  | "MISSING_API_KEY"
  | "MISSING_DATE"
  | "MISSING_SIGNATURE"
  /** A field has the wrong type (`field` names it). */
  | "BAD_FIELD";

/** A FormatError that also says which seed-003 case it is, so the server can map it to HTTP. */
export class OfflineRequestError extends FormatError {
  constructor(
    code: FormatErrorCode,
    readonly reason: OfflineRequestReason,
    message: string,
    /** The request field concerned, when there is one. */
    readonly field?: string,
  ) {
    super(code, message);
  }
}

function reject(
  code: FormatErrorCode,
  reason: OfflineRequestReason,
  message: string,
  field?: string,
): Result<never, OfflineRequestError> {
  return { ok: false, error: new OfflineRequestError(code, reason, message, field) };
}

/** base64(JSON) of a request — the body an air-gapped device hands over. */
export function encodeActivationRequest(request: OfflineActivationRequest): string {
  return base64Encode(utf8Encode(JSON.stringify(request)));
}

const STRING_FIELDS = [
  "password",
  "product",
  "request",
  "request_id",
  "bundle_code",
  "vm_info",
  "os_ver",
  "hostname",
  "os_hostname",
  "ip",
  "ip_local",
  "app_ver",
  "sdk_ver",
  "mac_address",
] as const;

const REQUIRED_FIELDS = [
  ["hardware_id", "MISSING_HARDWARE_ID"],
  ["date", "MISSING_DATE"],
  ["api_key", "MISSING_API_KEY"],
  ["signature", "MISSING_SIGNATURE"],
] as const;

/**
 * Decodes a request body (the raw body, or the content of the multipart `file` field). ASCII
 * whitespace anywhere in the Base64 is ignored (wrapped lines, trailing newline of a file).
 * A null/undefined body counts as empty. Fields are checked in this order, the first failure wins:
 * identity (license_key xor username), hardware_id, date, api_key, signature, then the types of
 * the optional fields, then that no kept string holds a NUL character (U+0000: databases cannot
 * store it in text) or a lone surrogate (a JSON escape like "\ud800": no Unicode text, each
 * database would store its own replacement). Empty strings and null count as missing. Unknown
 * fields are dropped.
 * Errors are OfflineRequestError with a `reason`; the code is BAD_ENCODING for NOT_BASE64 and
 * BAD_FORMAT for every other reason.
 */
export function decodeActivationRequest(
  body: string | null | undefined,
): Result<OfflineActivationRequest, OfflineRequestError> {
  if (body === null || body === undefined) return reject("BAD_FORMAT", "EMPTY", "no request body");
  if (typeof body !== "string") return reject("BAD_FORMAT", "EMPTY", "request body is not text");
  const compact = withoutAsciiWhitespace(body);
  if (compact === "") return reject("BAD_FORMAT", "EMPTY", "no request body");
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(compact);
  } catch {
    return reject("BAD_ENCODING", "NOT_BASE64", "request body is not base64 encoded");
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    return reject("BAD_FORMAT", "NOT_JSON", "request body is not base64 of JSON text");
  }
  if (!isRecord(value)) return reject("BAD_FORMAT", "NOT_OBJECT", "request is not a JSON object");
  return validateRequest(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function validateRequest(
  input: Record<string, unknown>,
): Result<OfflineActivationRequest, OfflineRequestError> {
  const hasKey = present(input.license_key);
  const hasUser = present(input.username);
  if (!hasKey && !hasUser) {
    return reject(
      "BAD_FORMAT",
      "MISSING_IDENTITY",
      "license_key or username is missing",
      "license_key",
    );
  }
  if (hasKey && hasUser) {
    return reject(
      "BAD_FORMAT",
      "AMBIGUOUS_IDENTITY",
      "give either license_key or username, not both",
      "username",
    );
  }
  const identityField = hasKey ? "license_key" : "username";
  if (typeof input[identityField] !== "string") return badField(identityField, "a string");
  for (const [field, reason] of REQUIRED_FIELDS) {
    if (!present(input[field])) return reject("BAD_FORMAT", reason, `${field} is missing`, field);
    if (typeof input[field] !== "string") return badField(field, "a string");
  }
  const out: Record<string, unknown> = { [identityField]: input[identityField] };
  for (const [field] of REQUIRED_FIELDS) out[field] = input[field];
  for (const field of STRING_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return badField(field, "a string");
    if (field === "password" && hasKey) continue;
    out[field] = value;
  }
  if (input.license_id !== undefined && input.license_id !== null) {
    if (typeof input.license_id !== "number" || !Number.isFinite(input.license_id)) {
      return badField("license_id", "a number");
    }
    out.license_id = input.license_id;
  }
  if (input.is_vm !== undefined && input.is_vm !== null) {
    if (typeof input.is_vm !== "boolean") return badField("is_vm", "a boolean");
    out.is_vm = input.is_vm;
  }
  if (input.variables !== undefined && input.variables !== null) {
    if (!isRecord(input.variables)) return badField("variables", "an object");
    const entries = Object.entries(input.variables);
    for (const [name, value] of entries) {
      if (typeof value !== "string") return badField(`variables.${name}`, "a string", name);
    }
    // fromEntries defines own properties, so a variable named "__proto__" stays a variable.
    out.variables = Object.fromEntries(entries);
  }
  const unstorable = unstorableField(out);
  if (unstorable !== undefined) {
    const [field, problem, variable] = unstorable;
    return reject("BAD_FORMAT", "BAD_FIELD", `${label(field, variable)} ${problem}`, field);
  }
  return ok(out as unknown as OfflineActivationRequest);
}

// With the u flag a regex reads code points: a surrogate pair is one, outside this class.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** What keeps `text` out of a database's text column, if anything. */
function textProblem(text: string): string | undefined {
  if (text.includes("\0")) return "must not contain a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "must be well-formed Unicode (no lone surrogate)";
  return undefined;
}

/**
 * The first field (or variable) databases cannot store as it is in text, and why: U+0000, or a
 * lone surrogate (which the drivers turn into U+FFFD, SQLite three of them, PostgreSQL one).
 * For a variable, its name comes third.
 */
function unstorableField(request: Record<string, unknown>): [string, string, string?] | undefined {
  for (const [field, value] of Object.entries(request)) {
    const problem = typeof value === "string" ? textProblem(value) : undefined;
    if (problem !== undefined) return [field, problem];
  }
  const variables = (request.variables ?? {}) as Record<string, string>;
  for (const [name, value] of Object.entries(variables)) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem !== undefined) return [`variables.${name}`, problem, name];
  }
  return undefined;
}

function badField(
  field: string,
  expected: string,
  variable?: string,
): Result<never, OfflineRequestError> {
  return reject("BAD_FORMAT", "BAD_FIELD", `${label(field, variable)} must be ${expected}`, field);
}

const PLAIN_NAME = /^[A-Za-z0-9_.$-]{1,64}$/;
const MAX_QUOTED = 64;

/**
 * A field as a message names it. A variable's name is the request's, unchecked (any length,
 * line breaks, NUL): a plain one is written as it is, any other JSON-quoted and cut short.
 * The error's `field` keeps the name whole.
 */
function label(field: string, variable?: string): string {
  if (variable === undefined || PLAIN_NAME.test(variable)) return field;
  const cut = variable.length > MAX_QUOTED ? `${variable.slice(0, MAX_QUOTED)}…` : variable;
  return `variables[${JSON.stringify(cut)}]`;
}

/** The license key or username of a request (whichever it carries). */
export function requestIdentity(request: UnsignedActivationRequest): string {
  const identity = request.license_key ?? request.username;
  if (typeof identity !== "string" || identity === "") {
    throw new FormatError("BAD_FORMAT", "the request has neither license_key nor username");
  }
  return identity;
}
