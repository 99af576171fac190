// The offline signing string and its HMAC (SPEC L2), shared by requests and responses.
import type { VerifyCrypto } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { constantTimeEqual, utf8Encode } from "../encoding/bytes.js";
import { attempt, FormatError, fail, ok, type Result } from "../errors.js";

/** The first line of LicenseSpring's signing string. */
export const LICENSESPRING_PREFIX = "licenseSpring";

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

export interface OfflineSignatureParams extends OfflineSigningParts {
  sharedKey: SharedKey;
}

/** HMAC-SHA256(sharedKey, offlineSigningString(params)): the 32 raw MAC bytes. */
function offlineMac(params: OfflineSignatureParams, crypto: VerifyCrypto): Promise<Uint8Array> {
  const { sharedKey } = params;
  const key = typeof sharedKey === "string" ? utf8Encode(sharedKey) : sharedKey;
  return crypto.hmacSha256(key, utf8Encode(offlineSigningString(params)));
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
  return base64Encode(await offlineMac(params, crypto));
}

/**
 * Checks a signature in constant time. BAD_ENCODING when it is not Base64, BAD_SIGNATURE when it
 * is not the MAC of these parts, BAD_FORMAT when the parts cannot form a signing string.
 */
export async function verifyOfflineSignature(
  params: OfflineSignatureParams & { signature: string },
  crypto: VerifyCrypto = webCrypto,
): Promise<Result<true>> {
  if (typeof params.signature !== "string" || params.signature === "") {
    return fail("BAD_SIGNATURE", "the signature is missing");
  }
  const matches = await attempt(async () =>
    constantTimeEqual(base64Decode(params.signature), await offlineMac(params, crypto)),
  );
  if (!matches.ok) return matches;
  return matches.value ? ok(true) : fail("BAD_SIGNATURE", "offline signature does not match");
}
