// The Keygen-form signing string a response signature covers.
import { FormatError } from "../errors.js";

/** The signed headers, in signing-string order. Keyward signs and accepts exactly this list. */
export const SIGNED_HEADERS: readonly string[] = ["(request-target)", "host", "date", "digest"];

/** The values a signing string is built from, all taken verbatim except the method. */
export interface SigningStringParts {
  /** HTTP method of the request that produced the response; lower-cased in the string. */
  method: string;
  /** Request target: path plus query string, e.g. `/v1/licenses/actions/validate-key?x=1`. */
  target: string;
  /** Host the request was sent to, e.g. `licensing.example.com`. */
  host: string;
  /** The Date header value (IMF-fixdate). */
  date: string;
  /** The Digest header value, `sha-256=<base64>`. */
  digest: string;
}

/**
 * The exact text that is signed. Throws FormatError(BAD_FORMAT) for an empty part or one that
 * contains a line break (it would make the signing string ambiguous).
 */
export function buildSigningString(parts: SigningStringParts): string {
  for (const name of ["method", "target", "host", "date", "digest"] as const) {
    const value = parts[name];
    if (typeof value !== "string" || value === "") {
      throw new FormatError("BAD_FORMAT", `signing string: ${name} is missing`);
    }
    if (/[\r\n]/.test(value)) {
      throw new FormatError("BAD_FORMAT", `signing string: ${name} contains a line break`);
    }
  }
  return [
    `(request-target): ${parts.method.toLowerCase()} ${parts.target}`,
    `host: ${parts.host}`,
    `date: ${parts.date}`,
    `digest: ${parts.digest}`,
  ].join("\n");
}
