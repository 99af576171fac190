/**
 * @keyward/formats — browser-safe entry: decode, verify and decrypt every Keyward/Keygen
 * artifact with WebCrypto. Nothing reachable from here imports a Node built-in.
 * Signing and key generation live in `@keyward/formats/node`.
 */
export type { SignatureAlgorithm, VerifyCrypto, VerifyOptions } from "./crypto/provider.js";
export { SIGNATURE_ALGORITHMS } from "./crypto/provider.js";
export { webCrypto } from "./crypto/web-crypto.js";
export {
  base64Decode,
  base64Encode,
  base64urlDecode,
  base64urlEncode,
} from "./encoding/base64.js";
export {
  constantTimeEqual,
  hexDecode,
  hexEncode,
  utf8Decode,
  utf8Encode,
} from "./encoding/bytes.js";
export type { FormatErrorCode, Result } from "./errors.js";
export { FormatError, isFormatError } from "./errors.js";
export * from "./key-endorsement/index.js";
export type { TrustedKey, TrustedKeys } from "./keys/key-set.js";
export { trustedKeysFromJson } from "./keys/key-set.js";
export type { KeyType, PublicKey, PublicKeyFormat } from "./keys/public-key.js";
export { ed25519FromRaw, exportPublicKey, parsePublicKey } from "./keys/public-key.js";
export * from "./lease/index.js";
export * from "./license-file/index.js";
export * from "./license-key/index.js";
export * from "./offline-activation/index.js";
export * from "./proof/index.js";
export * from "./response-signature/index.js";
export * from "./trackable-encryption/index.js";
