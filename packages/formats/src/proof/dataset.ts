// The default activation proof dataset (browser-safe and pure: it reads no clock).
import { FormatError } from "../errors.js";

/**
 * The default proof dataset. Serialized with exactly this key order:
 *
 * {"account":{"id":…},"product":{"id":…},
 *  "license":{"id":…,"key":…,"expiry":<ISO 8601 or null>},
 *  "machine":{"id":…,"fingerprint":…,"created":<ISO 8601>},
 *  "issued":<ISO 8601>[,"kid":<signing key id>]}
 *
 * `license.expiry` is the license's own expiry (null: never); the proof itself does not expire.
 * `issued` is when the proof was made.
 */
export interface ProofDataset {
  account: { id: string };
  product: { id: string };
  license: { id: string; key: string; expiry: string | null };
  machine: { id: string; fingerprint: string; created: string };
  issued: string;
  /** The id of the signing key, when the signer has one (SPEC X7): verifiers pick by it. */
  kid?: string;
}

export interface ProofDatasetInput {
  accountId: string;
  productId: string;
  license: { id: string; key: string; expiry?: Date | string | null };
  machine: { id: string; fingerprint: string; created: Date | string };
  /** When the proof is issued (passed in: this function reads no clock). */
  issued: Date | string;
  /** The signing key's id, added last as `kid`. */
  keyId?: string;
}

function isoDate(value: Date | string, what: string): string {
  if (typeof value === "string") return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new FormatError("BAD_FORMAT", `${what} is not a valid date`);
  }
  return value.toISOString();
}

/** Builds the default dataset in its stable key order (pure; Dates become ISO 8601 strings). */
export function activationProofDataset(input: ProofDatasetInput): ProofDataset {
  return {
    account: { id: input.accountId },
    product: { id: input.productId },
    license: {
      id: input.license.id,
      key: input.license.key,
      expiry: input.license.expiry == null ? null : isoDate(input.license.expiry, "license expiry"),
    },
    machine: {
      id: input.machine.id,
      fingerprint: input.machine.fingerprint,
      created: isoDate(input.machine.created, "machine created"),
    },
    issued: isoDate(input.issued, "issued"),
    ...(input.keyId !== undefined ? { kid: input.keyId } : {}),
  };
}
