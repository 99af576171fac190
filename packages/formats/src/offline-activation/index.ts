/**
 * Offline activation by request/response (SPEC L1–L3, seed 003), with LicenseSpring's field names
 * and signing string, so clients written for LicenseSpring's offline endpoint can talk to Keyward.
 *
 * Request: the air-gapped device writes a JSON object, Base64-encodes it and the user carries the
 * text (or a file holding it) to a connected machine. Its `signature` is
 *
 *   base64( HMAC-SHA256( sharedKey, signingString ) )
 *
 * over the signing string (lines joined by "\n", no trailing newline):
 *
 *   licenseSpring
 *   date: <date>
 *   <license_key or username>
 *   <hardware_id>
 *   <api_key>
 *
 * The first line is a parameter (`prefix`, default "licenseSpring"; SPEC L2 lets Keyward use its
 * own). The date line is `date: <date>` — "date", a colon and a space — as in LicenseSpring's
 * published signing strings and example vector (see `offlineSigningString`).
 *
 * Response: the server answers with the license and an `offline_signature` built the same way from
 * the response's own `date`, so the device can check it offline. Deactivation requests use the same
 * envelope (LicenseSpring distinguishes them by endpoint and the optional `request` field).
 *
 * Everything here is browser-safe (WebCrypto by default); the device that signs a request may be
 * a browser. `./node.ts` adds a synchronous node:crypto variant for servers.
 */
import type { VerifyCrypto } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { constantTimeEqual, isRecord, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import {
  FormatError,
  type FormatErrorCode,
  fail,
  isFormatError,
  ok,
  type Result,
} from "../errors.js";
import {
  checkFreshness,
  type FreshnessOptions,
  parseTimestamp,
} from "../response-signature/http-date.js";

/** The first line of LicenseSpring's signing string. */
export const LICENSESPRING_PREFIX = "licenseSpring";

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
 * the optional fields. Empty strings and null count as missing. Unknown fields are dropped.
 * Errors are OfflineRequestError with a `reason`; the code is BAD_ENCODING for NOT_BASE64 and
 * BAD_FORMAT for every other reason.
 */
export function decodeActivationRequest(
  body: string | null | undefined,
): Result<OfflineActivationRequest, OfflineRequestError> {
  if (body === null || body === undefined) return reject("BAD_FORMAT", "EMPTY", "no request body");
  if (typeof body !== "string") return reject("BAD_FORMAT", "EMPTY", "request body is not text");
  const compact = body.replace(/[ \t\r\n\f]+/g, "");
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
      if (typeof value !== "string") return badField(`variables.${name}`, "a string");
    }
    // fromEntries defines own properties, so a variable named "__proto__" stays a variable.
    out.variables = Object.fromEntries(entries);
  }
  return ok(out as unknown as OfflineActivationRequest);
}

function badField(field: string, expected: string): Result<never, OfflineRequestError> {
  return reject("BAD_FORMAT", "BAD_FIELD", `${field} must be ${expected}`, field);
}

/** The parts of an offline signing string. */
export interface OfflineSigningParts {
  /** The request's (or response's) `date` value, verbatim. */
  date: string;
  /** The license key, or the username for user-based licenses. */
  identity: string;
  hardwareId: string;
  apiKey: string;
  /** First line; default "licenseSpring". */
  prefix?: string;
}

/**
 * `<prefix>\ndate: <date>\n<identity>\n<hardwareId>\n<apiKey>`. Throws FormatError(BAD_FORMAT)
 * for an empty part or one holding a line break (which would make two requests sign alike).
 *
 * The date line is "date: " + date. Seed 003 says "the string date, plus the date value" (SPEC L2
 * renders it `date <date>`); LicenseSpring's current API reference spells that string out as
 * "date: ", and its published header example (shared key
 * kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja, date "Tue, 07 Jun 2011 20:51:35 GMT" →
 * UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=) signs
 * "licenseSpring\ndate: Tue, 07 Jun 2011 20:51:35 GMT"; Keyward's tests check that vector.
 */
export function offlineSigningString(parts: OfflineSigningParts): string {
  const prefix = parts.prefix ?? LICENSESPRING_PREFIX;
  const named: [string, unknown][] = [
    ["prefix", prefix],
    ["date", parts.date],
    ["identity", parts.identity],
    ["hardware id", parts.hardwareId],
    ["api key", parts.apiKey],
  ];
  for (const [name, value] of named) {
    if (typeof value !== "string" || value === "") {
      throw new FormatError("BAD_FORMAT", `offline signing string: ${name} is missing`);
    }
    if (/[\r\n]/.test(value)) {
      throw new FormatError("BAD_FORMAT", `offline signing string: ${name} has a line break`);
    }
  }
  return `${prefix}\ndate: ${parts.date}\n${parts.identity}\n${parts.hardwareId}\n${parts.apiKey}`;
}

/** The vendor's shared key: text (used as its UTF-8 bytes, as LicenseSpring does) or bytes. */
export type SharedKey = string | Uint8Array;

function keyBytes(sharedKey: SharedKey): Uint8Array {
  return typeof sharedKey === "string" ? utf8Encode(sharedKey) : sharedKey;
}

export interface OfflineSignatureParams extends OfflineSigningParts {
  sharedKey: SharedKey;
}

/**
 * base64(HMAC-SHA256(sharedKey, offlineSigningString(params))) — standard Base64 of the 32 raw
 * MAC bytes (not of their hex), as LicenseSpring computes it. Throws FormatError(BAD_FORMAT) like
 * offlineSigningString.
 */
export async function offlineSignature(
  params: OfflineSignatureParams,
  crypto: VerifyCrypto = webCrypto,
): Promise<string> {
  const mac = await crypto.hmacSha256(
    keyBytes(params.sharedKey),
    utf8Encode(offlineSigningString(params)),
  );
  return base64Encode(mac);
}

/**
 * Checks a signature in constant time. BAD_ENCODING when it is not Base64, BAD_SIGNATURE when it
 * is not the MAC of these parts, BAD_FORMAT when the parts cannot form a signing string.
 */
export async function verifyOfflineSignature(
  params: OfflineSignatureParams & { signature: string },
  crypto: VerifyCrypto = webCrypto,
): Promise<Result<true>> {
  try {
    if (typeof params.signature !== "string" || params.signature === "") {
      return fail("BAD_SIGNATURE", "the signature is missing");
    }
    const given = base64Decode(params.signature);
    const expected = await crypto.hmacSha256(
      keyBytes(params.sharedKey),
      utf8Encode(offlineSigningString(params)),
    );
    if (!constantTimeEqual(given, expected)) {
      return fail("BAD_SIGNATURE", "offline signature does not match");
    }
    return ok(true);
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
}

/** The license key or username of a request (whichever it carries). */
export function requestIdentity(request: UnsignedActivationRequest): string {
  const identity = request.license_key ?? request.username;
  if (typeof identity !== "string" || identity === "") {
    throw new FormatError("BAD_FORMAT", "the request has neither license_key nor username");
  }
  return identity;
}

export interface OfflineSigningOptions {
  /** First line of the signing string; default "licenseSpring". */
  prefix?: string;
  crypto?: VerifyCrypto;
}

/** Adds `signature` to a request (browser-safe: the device signs with WebCrypto by default). */
export async function signActivationRequest(
  fields: UnsignedActivationRequest,
  sharedKey: SharedKey,
  options: OfflineSigningOptions = {},
): Promise<OfflineActivationRequest> {
  if (fields.license_key !== undefined && fields.username !== undefined) {
    throw new FormatError("BAD_FORMAT", "give either license_key or username, not both");
  }
  const signature = await offlineSignature(
    {
      sharedKey,
      date: fields.date,
      identity: requestIdentity(fields),
      hardwareId: fields.hardware_id,
      apiKey: fields.api_key,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    },
    options.crypto,
  );
  return { ...fields, signature };
}

export interface VerifyOfflineEnvelopeOptions extends OfflineSigningOptions, FreshnessOptions {
  sharedKey: SharedKey;
}

/**
 * Verifies the signature of a decoded request (server side). Dates are checked only when
 * `maxAgeSeconds` or `now` is given — an air-gapped device's clock may be off, and a request file
 * may travel for days — and then `date` must be an RFC 7231 or RFC 3339 date (BAD_FORMAT).
 */
export async function verifyActivationRequest(
  request: OfflineActivationRequest,
  options: VerifyOfflineEnvelopeOptions,
): Promise<Result<OfflineActivationRequest>> {
  let identity: string;
  try {
    identity = requestIdentity(request);
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
  const verified = await verifyOfflineSignature(
    {
      sharedKey: options.sharedKey,
      date: request.date,
      identity,
      hardwareId: request.hardware_id,
      apiKey: request.api_key,
      signature: request.signature,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    },
    options.crypto,
  );
  if (!verified.ok) return verified;
  const fresh = checkDate(request.date, options);
  if (!fresh.ok) return fresh;
  return ok(request);
}

function checkDate(date: string, options: FreshnessOptions): Result<void> {
  if (options.maxAgeSeconds === undefined && options.now === undefined) return ok(undefined);
  const parsed = parseTimestamp(date);
  if (!parsed) return fail("BAD_FORMAT", "date is neither an RFC 7231 nor an RFC 3339 date");
  return checkFreshness(parsed, options);
}

/** Who and what an offline response is for: the device's own request values. */
export interface OfflineResponseBinding {
  sharedKey: SharedKey;
  /** The license key the device asked with (give this or `username`). */
  licenseKey?: string;
  /** The license user the device asked with (give this or `licenseKey`). */
  username?: string;
  hardwareId: string;
  apiKey: string;
}

function bindingIdentity(binding: OfflineResponseBinding): string {
  const given = [binding.licenseKey, binding.username].filter((v) => v !== undefined);
  if (given.length !== 1) throw new TypeError("give exactly one of licenseKey and username");
  return given[0]!;
}

/**
 * Server side: returns a copy of `response` with `date` and `offline_signature` set, the
 * signature computed over the response date and the device's identity, hardware id and api key.
 */
export async function signActivationResponse<T extends Record<string, unknown>>(
  response: T,
  options: OfflineResponseBinding & OfflineSigningOptions & { date: string },
): Promise<T & { date: string; offline_signature: string }> {
  const offline_signature = await offlineSignature(
    {
      sharedKey: options.sharedKey,
      date: options.date,
      identity: bindingIdentity(options),
      hardwareId: options.hardwareId,
      apiKey: options.apiKey,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    },
    options.crypto,
  );
  return { ...response, date: options.date, offline_signature };
}

export interface VerifiedActivationResponse {
  /** The whole response object. */
  response: Record<string, unknown>;
  /** Its signed `date`, verbatim. */
  date: string;
}

/**
 * Device side: verifies an offline activation response — an object, its JSON text, or Base64 of
 * that JSON (as a response file may hold it). Errors: BAD_FORMAT / BAD_ENCODING (unreadable, no
 * `date` or `offline_signature`), BAD_SIGNATURE (not signed with this shared key for this
 * identity, device and api key), MISMATCH (a `license_key` / `hardware_id` field in the response
 * that differs from the device's), then, only when `maxAgeSeconds` or `now` is given,
 * EXPIRED / ISSUED_IN_FUTURE.
 *
 * `offline_signature` authenticates the date and the binding to this device only, not the rest of
 * the response (as in LicenseSpring): trust license contents only from a signed artifact (license
 * file, response signature). Throws TypeError unless exactly one of licenseKey/username is given.
 */
export async function verifyActivationResponse(
  response: string | Record<string, unknown>,
  options: OfflineResponseBinding & OfflineSigningOptions & FreshnessOptions,
): Promise<Result<VerifiedActivationResponse>> {
  const identity = bindingIdentity(options);
  const parsed = readResponse(response);
  if (!parsed.ok) return parsed;
  const object = parsed.value;
  const { date, offline_signature: signature } = object;
  if (typeof date !== "string" || date === "") {
    return fail("BAD_FORMAT", "the response has no date");
  }
  if (typeof signature !== "string" || signature === "") {
    return fail("BAD_FORMAT", "the response has no offline_signature");
  }
  const verified = await verifyOfflineSignature(
    {
      sharedKey: options.sharedKey,
      date,
      identity,
      hardwareId: options.hardwareId,
      apiKey: options.apiKey,
      signature,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    },
    options.crypto,
  );
  if (!verified.ok) return verified;
  const bound: [string, string | undefined][] = [
    ["license_key", options.licenseKey],
    ["hardware_id", options.hardwareId],
  ];
  for (const [field, expected] of bound) {
    const actual = object[field];
    if (expected === undefined || actual === undefined || actual === null) continue;
    if (
      typeof actual !== "string" ||
      !constantTimeEqual(utf8Encode(actual), utf8Encode(expected))
    ) {
      return fail("MISMATCH", `the response's ${field} is not this device's`);
    }
  }
  const fresh = checkDate(date, options);
  if (!fresh.ok) return fresh;
  return ok({ response: object, date });
}

function readResponse(response: string | Record<string, unknown>): Result<Record<string, unknown>> {
  if (isRecord(response)) return ok(response);
  if (typeof response !== "string") return fail("BAD_FORMAT", "the response is not an object");
  let text = response.trim();
  try {
    if (!text.startsWith("{") && !text.startsWith("[")) {
      const compact = text.replace(/[ \t\r\n\f]+/g, "");
      if (compact === "") return fail("BAD_FORMAT", "the response is empty");
      text = utf8Decode(base64Decode(compact));
    }
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("BAD_FORMAT", "the response is not JSON");
  }
  return isRecord(value) ? ok(value) : fail("BAD_FORMAT", "the response is not a JSON object");
}
