// Signing and verifying the request/response envelopes (SPEC L1–L3): the request the device
// signs and the server checks, and the response the server signs and the device checks.
import type { VerifyCrypto } from "../crypto/provider.js";
import { base64Decode, withoutAsciiWhitespace } from "../encoding/base64.js";
import { constantTimeEqual, isRecord, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { attemptSync, FormatError, fail, ok, type Result } from "../errors.js";
import {
  checkFreshness,
  type FreshnessOptions,
  parseTimestamp,
} from "../response-signature/http-date.js";
import {
  type OfflineActivationRequest,
  requestIdentity,
  type UnsignedActivationRequest,
} from "./request.js";
import { offlineSignature, type SharedKey, verifyOfflineSignature } from "./signing.js";

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
      prefix: options.prefix,
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
  const identity = attemptSync(() => requestIdentity(request));
  if (!identity.ok) return identity;
  const verified = await verifyOfflineSignature(
    {
      sharedKey: options.sharedKey,
      date: request.date,
      identity: identity.value,
      hardwareId: request.hardware_id,
      apiKey: request.api_key,
      signature: request.signature,
      prefix: options.prefix,
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
      prefix: options.prefix,
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
      prefix: options.prefix,
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
  if (!text.startsWith("{") && !text.startsWith("[")) {
    const compact = withoutAsciiWhitespace(text);
    if (compact === "") return fail("BAD_FORMAT", "the response is empty");
    const decoded = attemptSync(() => utf8Decode(base64Decode(compact)));
    if (!decoded.ok) return decoded;
    text = decoded.value;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("BAD_FORMAT", "the response is not JSON");
  }
  return isRecord(value) ? ok(value) : fail("BAD_FORMAT", "the response is not a JSON object");
}
