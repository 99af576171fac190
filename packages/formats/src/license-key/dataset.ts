import { FormatError } from "../errors.js";
import type { KeyScheme } from "./schemes.js";

// The data embedded in a cryptographic license key: the default dataset of each scheme and
// custom datasets with template variables (seed 004, "Template variables" and each scheme's
// "default dataset"). Pure: no I/O, no crypto except a random JWT id when none is given.

/** What the server knows about a license when its key is created. */
export interface LicenseFacts {
  accountId: string;
  productId: string;
  policyId: string;
  /** The policy's duration in seconds; null when licenses of the policy do not expire. */
  policyDuration: number | null;
  userId: string | null;
  userEmail: string | null;
  licenseId: string;
  created: Date;
  expiry: Date | null;
}

export interface DatasetOptions {
  /** `iss` of RSA_2048_JWT_RS256 claims; DEFAULT_JWT_ISSUER when omitted. */
  issuer?: string;
  /** `jti` of RSA_2048_JWT_RS256 claims; a random UUID when omitted. */
  jti?: string;
}

/**
 * `iss` of default JWT claims. Keygen uses "https://keygen.sh"; a Keyward server should pass
 * its own public URL as `issuer` so that clients can pin it.
 */
export const DEFAULT_JWT_ISSUER = "keyward";

/** The variables `renderTemplate` replaces, written `{{name}}` in a template. */
export const TEMPLATE_VARIABLES = [
  "account",
  "product",
  "policy",
  "user",
  "email",
  "created",
  "expiry",
  "duration",
  "id",
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const TEMPLATE_PATTERN = new RegExp(`\\{\\{(${TEMPLATE_VARIABLES.join("|")})\\}\\}`, "g");

/**
 * The dataset a key of `scheme` embeds when the license is created without a custom one,
 * byte for byte as Keygen writes it (compact JSON, keys in the order of seed 004):
 * - sign schemes: `{"account":{"id"},"product":{"id"},"policy":{"id","duration"},
 *   "user":null|{"id","email"},"license":{"id","created","expiry"}}`
 * - RSA_2048_PKCS1_ENCRYPT: `{"id","created","expiry","duration"}` (fits the 245-byte limit)
 * - RSA_2048_JWT_RS256: claims `{"jti","iss","aud","sub","iat","nbf","exp"}` with aud = account
 *   id, sub = license id, iat = nbf = creation time in seconds, exp omitted without expiry.
 * Timestamps are ISO 8601 with milliseconds. Throws FormatError BAD_FORMAT on invalid facts.
 */
export function defaultDataset(
  scheme: KeyScheme,
  facts: LicenseFacts,
  options: DatasetOptions = {},
): string {
  const created = isoTimestamp(facts.created, "created");
  const expiry = facts.expiry === null ? null : isoTimestamp(facts.expiry, "expiry");
  const duration = checkedDuration(facts.policyDuration);
  switch (scheme) {
    case "RSA_2048_PKCS1_ENCRYPT":
      return JSON.stringify({ id: facts.licenseId, created, expiry, duration });
    case "RSA_2048_JWT_RS256": {
      const issuedAt = unixSeconds(facts.created);
      return JSON.stringify({
        jti: options.jti ?? globalThis.crypto.randomUUID(),
        iss: options.issuer ?? DEFAULT_JWT_ISSUER,
        aud: facts.accountId,
        sub: facts.licenseId,
        iat: issuedAt,
        nbf: issuedAt,
        ...(facts.expiry === null ? {} : { exp: unixSeconds(facts.expiry) }),
      });
    }
    case "ED25519_SIGN":
    case "RSA_2048_PKCS1_PSS_SIGN_V2":
    case "RSA_2048_PKCS1_SIGN_V2":
    case "RSA_2048_PKCS1_PSS_SIGN":
    case "RSA_2048_PKCS1_SIGN":
      return JSON.stringify({
        account: { id: facts.accountId },
        product: { id: facts.productId },
        policy: { id: facts.policyId, duration },
        user: facts.userId === null ? null : { id: facts.userId, email: facts.userEmail },
        license: { id: facts.licenseId, created, expiry },
      });
    default:
      throw new FormatError("UNSUPPORTED_ALGORITHM", `unknown key scheme ${String(scheme)}`);
  }
}

/**
 * Replaces the template variables of a custom dataset (`{{account}}`, `{{product}}`,
 * `{{policy}}`, `{{user}}`, `{{email}}`, `{{created}}`, `{{expiry}}`, `{{duration}}`, `{{id}}`)
 * with the license's values. `{{user}}` and `{{email}}` are empty without a user, `{{expiry}}`
 * without an expiry and `{{duration}}` without a policy duration. Values are inserted as they
 * are (not JSON-escaped), in a single pass: a value that itself contains `{{id}}` stays as is.
 * Unknown `{{names}}` are left untouched.
 *
 * Seed 004: template variables are only evaluated for cryptographic keys, so a server must not
 * render the custom key of a policy without a scheme (a plain-text key is stored verbatim).
 */
export function renderTemplate(template: string, facts: LicenseFacts): string {
  const values: Record<TemplateVariable, string> = {
    account: facts.accountId,
    product: facts.productId,
    policy: facts.policyId,
    user: facts.userId ?? "",
    email: facts.userId === null ? "" : (facts.userEmail ?? ""),
    created: isoTimestamp(facts.created, "created"),
    expiry: facts.expiry === null ? "" : isoTimestamp(facts.expiry, "expiry"),
    duration: String(checkedDuration(facts.policyDuration) ?? ""),
    id: facts.licenseId,
  };
  return template.replace(TEMPLATE_PATTERN, (_match, name: TemplateVariable) => values[name]);
}

function isoTimestamp(date: Date, what: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new FormatError("BAD_FORMAT", `license ${what} is not a valid date`);
  }
  return date.toISOString();
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function checkedDuration(duration: number | null): number | null {
  if (duration !== null && !Number.isFinite(duration)) {
    throw new FormatError("BAD_FORMAT", "policy duration must be a finite number of seconds");
  }
  return duration;
}
