import { base64Decode, base64Encode } from "../encoding/base64.js";
import { isRecord, parseJson, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { attemptSync, FormatError, type Result } from "../errors.js";

// The armor of a license/machine file (seed 004, "License file format"):
//
//   -----BEGIN LICENSE FILE-----
//   <Base64 of {"enc":…,"sig":…,"alg":…}, 60 characters a line>
//   -----END LICENSE FILE-----
//
// This file only moves between text and the three payload strings; it checks nothing
// cryptographic. verify.ts decides whether the contents can be trusted.

/** `license` files snapshot a license, `machine` files a machine (and are bound to its fingerprint). */
export type FileKind = "license" | "machine";

export const FILE_KINDS: readonly FileKind[] = ["license", "machine"];

/**
 * The payload of a certificate as read from text: NOT verified. `alg` is whatever the file
 * declares, possibly an algorithm Keyward does not know.
 */
export interface UnverifiedLicenseFileCertificate {
  kind: FileKind;
  enc: string;
  sig: string;
  alg: string;
  /**
   * The signing key's id (SPEC X7), when the file names one: NOT signed, only a hint for
   * picking the trusted key (the signature decides). Keygen's verifiers ignore it.
   */
  kid?: string;
}

/** Characters per body line. Keygen's files (and SPEC F1) use 60; seed 004's prose says 80. */
export const CERTIFICATE_LINE_LENGTH = 60;

const LABELS: Readonly<Record<FileKind, string>> = { license: "LICENSE", machine: "MACHINE" };

const ARMOR =
  /^-----BEGIN (LICENSE|MACHINE) FILE-----[ \t]*\r?\n([\s\S]*?)\s*-----END \1 FILE-----$/;

export function isFileKind(value: unknown): value is FileKind {
  return value === "license" || value === "machine";
}

/**
 * The certificate text of a payload: header line, Base64 body wrapped at 60 characters,
 * footer line, final newline. The payload JSON keeps Keygen's key order: enc, sig, alg.
 */
export function writeLicenseFileCertificate(certificate: {
  kind: FileKind;
  enc: string;
  sig: string;
  alg: string;
  /** Written after `alg` when given: Keygen's verifiers read only the first three members. */
  kid?: string | undefined;
}): string {
  const { kind, enc, sig, alg, kid } = certificate;
  if (!isFileKind(kind)) throw new FormatError("BAD_FORMAT", "kind must be license or machine");
  const payload = JSON.stringify(kid === undefined ? { enc, sig, alg } : { enc, sig, alg, kid });
  const body = base64Encode(utf8Encode(payload));
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += CERTIFICATE_LINE_LENGTH) {
    lines.push(body.slice(i, i + CERTIFICATE_LINE_LENGTH));
  }
  const label = LABELS[kind];
  return `-----BEGIN ${label} FILE-----\n${lines.join("\n")}\n-----END ${label} FILE-----\n`;
}

/**
 * Reads the armor and the payload of a certificate WITHOUT verifying anything: for tooling and
 * diagnostics. Use verifyLicenseFile before trusting any of it.
 *
 * Tolerates surrounding whitespace, CRLF line ends and a missing final newline; whitespace inside
 * the body (line breaks, indentation, blank lines) is ignored, as PEM readers do. The joined
 * body must be strict, padded Base64 (BAD_ENCODING) of compact JSON: an object with string `enc`,
 * `sig` and `alg` (BAD_FORMAT); a string `kid` is returned as the key hint; other members are
 * ignored, as they are not signed.
 */
export function readLicenseFileCertificate(text: string): Result<UnverifiedLicenseFileCertificate> {
  return attemptSync(() => decodeCertificate(text));
}

/** readLicenseFileCertificate that throws FormatError: for use inside `attempt`. */
export function decodeCertificate(text: string): UnverifiedLicenseFileCertificate {
  if (typeof text !== "string") throw new FormatError("BAD_FORMAT", "certificate must be text");
  const armor = ARMOR.exec(text.trim());
  if (!armor) {
    throw new FormatError(
      "BAD_FORMAT",
      "not a license file: expected -----BEGIN LICENSE FILE----- or -----BEGIN MACHINE FILE----- " +
        "and the matching END line",
    );
  }
  const kind: FileKind = armor[1] === "MACHINE" ? "machine" : "license";
  const body = armor[2]!.replace(/\s+/g, "");
  // Keygen always pads. Requiring it keeps the body canonical: no two bodies decode alike.
  if (body.length % 4 !== 0) {
    throw new FormatError("BAD_ENCODING", "license file body is not padded Base64");
  }
  const payloadText = utf8Decode(base64Decode(body));
  // Keygen and Keyward write compact JSON. Refusing whitespace around it keeps one payload per
  // body: otherwise a padding character turned into a letter adds a tab and still parses.
  if (payloadText.trim() !== payloadText) {
    throw new FormatError("BAD_FORMAT", "license file payload has whitespace around its JSON");
  }
  const payload = parseJson(payloadText, "license file payload");
  if (!isRecord(payload))
    throw new FormatError("BAD_FORMAT", "license file payload is not an object");
  const { enc, sig, alg } = payload;
  if (typeof enc !== "string" || typeof sig !== "string" || typeof alg !== "string") {
    throw new FormatError(
      "BAD_FORMAT",
      "license file payload must have string enc, sig and alg members",
    );
  }
  const kid = typeof payload.kid === "string" ? { kid: payload.kid } : {};
  return { kind, enc, sig, alg, ...kid };
}
