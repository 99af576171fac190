/**
 * @keyward/formats/node — the signing side (server, CLI): key generation, private keys,
 * creating keys, files, proofs and signatures with node:crypto, plus a node:crypto
 * VerifyCrypto for fast verification on servers.
 */
export * from "./key-endorsement/node.js";
export * from "./lease/node.js";
export * from "./license-file/node.js";
export * from "./license-key/node.js";
export type { AesGcmSealed } from "./node/crypto.js";
export { aesGcmEncrypt, hmacSha256Sync, nodeCrypto, sha256Sync, signBytes } from "./node/crypto.js";
export type { KeyPair, PrivateKey, PrivateKeyFormat } from "./node/keys.js";
export { exportPrivateKey, generateKeyPair, parsePrivateKey, publicKeyOf } from "./node/keys.js";
export * from "./offline-activation/node.js";
export * from "./proof/node.js";
export * from "./response-signature/node.js";
