import {
  decryptTrackable,
  encryptTrackable,
  hasTrackableSecret,
  type TrackableContext,
  type TrackableEnvelope,
  type TrackableSecret,
} from "@keyward/formats";
import { ServiceError } from "../errors.js";

// Encryption on request (SPEC T12): a device that sends `encryption: "aes-256-gcm"` gets its
// answer (the signed lease inside it, as it is) encrypted with a key derived from its own
// credential; usage reports may come encrypted the same way. The scheme lives in
// @keyward/formats (trackable-encryption) and docs/server.md. Sign-then-encrypt: the lease is
// signed as always and the whole answer is encrypted, so the signature verifies exactly as for
// plain answers after decryption, and the lease (license id, key id) is not visible in transit.

export type { TrackableContext, TrackableEnvelope };

/** The answer of a request that asked for encryption. */
export interface EncryptedAnswer {
  encrypted: TrackableEnvelope;
}

/** 400 ENCRYPTION_UNAVAILABLE unless the credential has something to derive a key from. */
export function requireTrackableSecret(credential: TrackableSecret): void {
  if (!hasTrackableSecret(credential)) {
    throw new ServiceError(
      "ENCRYPTION_UNAVAILABLE",
      "encryption needs an organizationId or handshakeCode to derive the key from; public " +
        "trial requests are answered in plain",
    );
  }
}

/** `answer` encrypted for the device that sent `credential`, bound to `context`. */
export async function sealAnswer(
  credential: TrackableSecret,
  context: TrackableContext,
  answer: unknown,
): Promise<EncryptedAnswer> {
  requireTrackableSecret(credential);
  return { encrypted: await encryptTrackable(secretOf(credential), context, answer) };
}

/** The decrypted message, or 400 ENCRYPTED_BODY_INVALID (changed, another key or context). */
export async function openRequest(
  credential: TrackableSecret,
  context: TrackableContext,
  envelope: unknown,
): Promise<unknown> {
  requireTrackableSecret(credential);
  const opened = await decryptTrackable(secretOf(credential), context, envelope);
  if (!opened.ok) {
    throw new ServiceError(
      "ENCRYPTED_BODY_INVALID",
      `the encrypted body does not open with this request's credential: ${opened.error.message}`,
    );
  }
  return opened.value;
}

/** Only the three fields the key is derived from (the request carries more). */
function secretOf(credential: TrackableSecret): TrackableSecret {
  return {
    organizationId: credential.organizationId,
    handshakeCode: credential.handshakeCode,
    sessionPassword: credential.sessionPassword,
  };
}
