import { base64urlDecode, base64urlEncode } from "../encoding/base64.js";
import { utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { FormatError, type Result } from "../errors.js";

// Encryption on request for trackable devices (SPEC T12), with WebCrypto only so browsers and
// Node share it. The scheme, precisely (docs/server.md "Encryption on request"):
//   ikm  = UTF-8(JSON ["keyward-trackable-v1", organizationId|"", handshakeCode|"", sessionPassword|""])
//   key  = HKDF-SHA256(ikm, salt = 16 random bytes per message, info = "keyward trackable aes-256-gcm v1", 32 bytes)
//   aad  = UTF-8(JSON ["keyward-trackable-v1", purpose, productId, deviceId|"", nonce|""])
//   body = AES-256-GCM(key, iv = 12 random bytes, plaintext = UTF-8(JSON message), aad)
// A fresh salt per message gives a fresh key per message, so a repeated random IV cannot reuse
// a (key, IV) pair. The cost of deriving the key from what the device already sends: whoever
// reads the request's credential can derive it, so this hides answers from those who see
// responses only (logs, caches, proxies that keep bodies) and is no substitute for TLS.

export const TRACKABLE_ENCRYPTION = "aes-256-gcm" as const;

const VERSION = "keyward-trackable-v1";
const INFO = utf8Encode("keyward trackable aes-256-gcm v1");
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const NOPAD = { pad: false };

/** What device and server both know: the credential fields of the request. */
export interface TrackableSecret {
  organizationId?: string | undefined;
  handshakeCode?: string | undefined;
  sessionPassword?: string | undefined;
}

/** What a message is bound to (its AAD): a ciphertext made for one context opens in no other. */
export interface TrackableContext {
  /** authorization: the answer of /v1/trackable/authorize; usage-report / usage-answer. */
  purpose: "authorization" | "usage-report" | "usage-answer";
  productId: string;
  /** The authorizing device (authorization only). */
  deviceId?: string | undefined;
  /** authorization: the request's nonce; usage-answer: the encrypted request's iv. */
  nonce?: string | undefined;
}

/** An encrypted message as JSON: every member base64url without padding. */
export interface TrackableEnvelope {
  alg: typeof TRACKABLE_ENCRYPTION;
  salt: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** true when the credential holds something to derive a key from (not a public trial). */
export function hasTrackableSecret(secret: TrackableSecret): boolean {
  return !!secret.organizationId || !!secret.handshakeCode;
}

type Bytes = Uint8Array<ArrayBuffer>;
const bytes = (data: Uint8Array) => data as Bytes;

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error("WebCrypto (globalThis.crypto.subtle) is not available");
  return api;
}

async function deriveKey(secret: TrackableSecret, salt: Uint8Array, usage: KeyUsage) {
  const ikm = utf8Encode(
    JSON.stringify([
      VERSION,
      secret.organizationId ?? "",
      secret.handshakeCode ?? "",
      secret.sessionPassword ?? "",
    ]),
  );
  const base = await subtle().importKey("raw", bytes(ikm), "HKDF", false, ["deriveKey"]);
  return subtle().deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: bytes(salt), info: bytes(INFO) },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    [usage],
  );
}

function additionalData(context: TrackableContext): Bytes {
  return bytes(
    utf8Encode(
      JSON.stringify([
        VERSION,
        context.purpose,
        context.productId,
        context.deviceId ?? "",
        context.nonce ?? "",
      ]),
    ),
  );
}

/** Encrypts `message` (any JSON value) for `context` with a key from `secret`. */
export async function encryptTrackable(
  secret: TrackableSecret,
  context: TrackableContext,
  message: unknown,
): Promise<TrackableEnvelope> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(secret, salt, "encrypt");
  const sealed = new Uint8Array(
    await subtle().encrypt(
      { name: "AES-GCM", iv, additionalData: additionalData(context), tagLength: 128 },
      key,
      bytes(utf8Encode(JSON.stringify(message))),
    ),
  );
  const cut = sealed.length - TAG_BYTES;
  return {
    alg: TRACKABLE_ENCRYPTION,
    salt: base64urlEncode(salt, NOPAD),
    iv: base64urlEncode(iv, NOPAD),
    ciphertext: base64urlEncode(sealed.subarray(0, cut), NOPAD),
    tag: base64urlEncode(sealed.subarray(cut), NOPAD),
  };
}

function decode(value: unknown, length?: number): Uint8Array | null {
  if (typeof value !== "string") return null;
  try {
    const decoded = base64urlDecode(value);
    return length === undefined || decoded.length === length ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * Opens an envelope made by encryptTrackable: the parsed JSON message, or CANNOT_DECRYPT
 * (tampered salt/iv/ciphertext/tag, another key, another context) / BAD_FORMAT. Never throws.
 */
export async function decryptTrackable(
  secret: TrackableSecret,
  context: TrackableContext,
  envelope: unknown,
): Promise<Result<unknown>> {
  const e = (envelope ?? {}) as Partial<Record<keyof TrackableEnvelope, unknown>>;
  if (typeof envelope !== "object" || e.alg !== TRACKABLE_ENCRYPTION) {
    return fail("BAD_FORMAT", `the envelope's alg must be ${TRACKABLE_ENCRYPTION}`);
  }
  const salt = decode(e.salt, SALT_BYTES);
  const iv = decode(e.iv, IV_BYTES);
  const tag = decode(e.tag, TAG_BYTES);
  const ciphertext = decode(e.ciphertext);
  if (!salt || !iv || !tag || !ciphertext) {
    return fail("BAD_FORMAT", "salt (16 bytes), iv (12), tag (16) and ciphertext: base64url");
  }
  let plain: Uint8Array;
  try {
    const key = await deriveKey(secret, salt, "decrypt");
    const sealed = new Uint8Array(ciphertext.length + TAG_BYTES);
    sealed.set(ciphertext);
    sealed.set(tag, ciphertext.length);
    plain = new Uint8Array(
      await subtle().decrypt(
        { name: "AES-GCM", iv: bytes(iv), additionalData: additionalData(context), tagLength: 128 },
        key,
        sealed,
      ),
    );
  } catch {
    return fail(
      "CANNOT_DECRYPT",
      "cannot decrypt: another key (credential), another request, or a changed message",
    );
  }
  try {
    return { ok: true, value: JSON.parse(utf8Decode(plain)) };
  } catch {
    return fail("BAD_FORMAT", "the decrypted message is not JSON");
  }
}

function fail(code: "BAD_FORMAT" | "CANNOT_DECRYPT", message: string): Result<unknown> {
  return { ok: false, error: new FormatError(code, message) };
}
