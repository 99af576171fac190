import { base64urlEncode } from "../encoding/base64.js";
import { isRecord, parseJson, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";
import { KEY_ENDORSEMENT_PREFIX } from "../key-endorsement/format.js";
import { rsaPrivateEncrypt, signBytes } from "../node/crypto.js";
import { type PrivateKey, privateKeyObject } from "../node/keys.js";
import { buildSignedToken } from "../node/signed-token.js";
import {
  type DatasetOptions,
  defaultDataset,
  type LicenseFacts,
  renderTemplate,
} from "./dataset.js";
import { JWT_HEADER, maxEncryptedDatasetBytes, SIGNED_KEY_TOKEN } from "./format.js";
import {
  isKeyScheme,
  type KeyScheme,
  keyLayoutOf,
  keySignatureFor,
  keyTypeOfScheme,
} from "./schemes.js";

// Creating cryptographic license keys (Node only: needs the account's private key).

/**
 * What the organization's keys sign besides license keys starts with one of these: signed keys,
 * leases, proofs, license and machine files, key endorsements, response signatures. A legacy
 * key (RSA_2048_PKCS1_PSS_SIGN, RSA_2048_PKCS1_SIGN) signs its dataset as it is, with the same
 * RSA key, so a dataset that is such a text would make the key a valid signature of that
 * artifact: whoever may create licenses could mint a lease, file or key endorsement. Refused;
 * the cost is that no legacy dataset may start this way.
 */
const ARTIFACT_PREFIXES = [
  "key/",
  "lease/",
  "proof/",
  "license/",
  "machine/",
  `${KEY_ENDORSEMENT_PREFIX}/`,
  "(request-target)",
];

function refuseArtifactText(dataset: string): void {
  const prefix = ARTIFACT_PREFIXES.find((start) => dataset.startsWith(start));
  if (prefix !== undefined) {
    throw new FormatError(
      "BAD_FORMAT",
      `a legacy key's dataset may not start with ${prefix}: it is what other artifacts sign`,
    );
  }
}

/**
 * Signs or encrypts `dataset` into a license key of `scheme`, in exactly Keygen's layout:
 * - ED25519_SIGN, RSA_2048_PKCS1_PSS_SIGN_V2, RSA_2048_PKCS1_SIGN_V2:
 *   `key/<b64url dataset>.<b64url signature over "key/<b64url dataset>">`
 * - RSA_2048_PKCS1_PSS_SIGN, RSA_2048_PKCS1_SIGN (deprecated):
 *   `<b64url dataset>.<b64url signature over the dataset>`
 * - RSA_2048_PKCS1_ENCRYPT: `<b64url PKCS#1 v1.5 private-key encryption of the dataset>`;
 *   at most 245 bytes of UTF-8 with a 2048-bit key (TOO_LARGE otherwise)
 * - RSA_2048_JWT_RS256: compact JWT `header.claims.signature` (unpadded base64url, RFC 7515);
 *   the dataset is the claims and must be a JSON object (BAD_FORMAT otherwise)
 * Base64url is padded (as in Keygen's keys) except in JWTs. PSS signatures use the maximum salt
 * length. Throws FormatError: BAD_KEY when the private key's type does not fit the scheme,
 * BAD_ENCODING when the dataset is not well-formed Unicode (lone surrogates).
 */
export function signLicenseKey(scheme: KeyScheme, privateKey: PrivateKey, dataset: string): string {
  if (!isKeyScheme(scheme)) {
    throw new FormatError("UNSUPPORTED_ALGORITHM", `unknown license key scheme ${String(scheme)}`);
  }
  const keyType = keyTypeOfScheme(scheme);
  if (privateKey?.type !== keyType) {
    throw new FormatError("BAD_KEY", `${scheme} keys are made with an ${keyType} private key`);
  }
  const data = utf8Encode(dataset);
  // TextEncoder silently turns lone surrogates into U+FFFD; the key would not embed `dataset`.
  if (utf8Decode(data) !== dataset) {
    throw new FormatError("BAD_ENCODING", "dataset is not well-formed Unicode");
  }
  const signature = keySignatureFor(scheme);
  switch (keyLayoutOf(scheme)) {
    case "signed":
      return buildSignedToken(SIGNED_KEY_TOKEN, data, (signingData) =>
        signBytes(signature!, privateKey, signingData),
      );
    case "signed-legacy":
      refuseArtifactText(dataset);
      return `${base64urlEncode(data)}.${base64urlEncode(signBytes(signature!, privateKey, data))}`;
    case "encrypted": {
      const modulusBits = privateKeyObject(privateKey).asymmetricKeyDetails?.modulusLength ?? 2048;
      const limit = maxEncryptedDatasetBytes(Math.ceil(modulusBits / 8));
      if (data.length > limit) {
        throw new FormatError(
          "TOO_LARGE",
          `${scheme} datasets are at most ${limit} bytes of UTF-8, this one is ${data.length}`,
        );
      }
      return base64urlEncode(rsaPrivateEncrypt(privateKey, data));
    }
    case "jwt": {
      if (!isRecord(parseJson(dataset, "JWT claims"))) {
        throw new FormatError("BAD_FORMAT", "JWT claims must be a JSON object");
      }
      const unpadded = { pad: false };
      const signingInput = `${base64urlEncode(utf8Encode(JWT_HEADER), unpadded)}.${base64urlEncode(data, unpadded)}`;
      const sig = signBytes("rsa-sha256", privateKey, utf8Encode(signingInput));
      return `${signingInput}.${base64urlEncode(sig, unpadded)}`;
    }
  }
}

export interface CreateLicenseKeyInput extends DatasetOptions {
  scheme: KeyScheme;
  privateKey: PrivateKey;
  facts: LicenseFacts;
  /**
   * The policy's or license's custom dataset, with template variables (`{{id}}`, `{{expiry}}`,
   * ...). The scheme's default dataset when omitted, null or empty.
   */
  template?: string | null;
}

/**
 * The key of a new license: renders the custom dataset template (or builds the scheme's
 * default dataset) from the license's facts, then signs or encrypts it with signLicenseKey.
 */
export function createLicenseKey(input: CreateLicenseKeyInput): string {
  const { scheme, privateKey, facts, template, ...options } = input;
  const dataset =
    template === undefined || template === null || template === ""
      ? defaultDataset(scheme, facts, options)
      : renderTemplate(template, facts);
  return signLicenseKey(scheme, privateKey, dataset);
}
