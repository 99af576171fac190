// Cryptographic and plain-text license keys, browser-safe side: schemes, datasets and templates,
// plain keys, verification and decryption. Signing lives in ./node.ts.
export type { DatasetOptions, LicenseFacts, TemplateVariable } from "./dataset.js";
export {
  DEFAULT_JWT_ISSUER,
  defaultDataset,
  renderTemplate,
  TEMPLATE_VARIABLES,
} from "./dataset.js";
export { generatePlainKey, isPlainKey } from "./plain-key.js";
export type { KeyLayout, KeyScheme } from "./schemes.js";
export {
  isDeprecatedScheme,
  isKeyScheme,
  KEY_SCHEMES,
  keyLayoutOf,
  keySignatureFor,
  keyTypeOfScheme,
  licenseFileSignatureFor,
} from "./schemes.js";
export type { VerifiedLicenseKey, VerifyLicenseKeyOptions } from "./verify.js";
export { verifyLicenseKey } from "./verify.js";
