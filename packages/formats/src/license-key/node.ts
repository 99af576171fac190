// Cryptographic license keys, signing side (Node only).
export type { CreateLicenseKeyInput } from "./sign.js";
export { createLicenseKey, signLicenseKey } from "./sign.js";
