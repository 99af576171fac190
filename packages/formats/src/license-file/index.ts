// License and machine files (SPEC F, seed 004): browser-safe reading, verifying, decrypting.
// Creating files needs a private key and lives in ./node.ts.
export type { LicenseFileAlgorithm, LicenseFileAlgorithmParts } from "./algorithms.js";
export {
  isLicenseFileAlgorithm,
  LICENSE_FILE_ALGORITHMS,
  licenseFileAlgorithm,
  licenseFileAlgorithmFor,
  parseLicenseFileAlgorithm,
} from "./algorithms.js";
export type { FileKind, UnverifiedLicenseFileCertificate } from "./certificate.js";
export {
  CERTIFICATE_LINE_LENGTH,
  FILE_KINDS,
  isFileKind,
  readLicenseFileCertificate,
  writeLicenseFileCertificate,
} from "./certificate.js";
export type { LicenseFileDocument, LicenseFileMeta } from "./document.js";
export {
  DEFAULT_LICENSE_FILE_TTL,
  licenseFileMeta,
  MAX_LICENSE_FILE_TTL,
  MIN_LICENSE_FILE_TTL,
} from "./document.js";
export type {
  LicenseFileResult,
  VerifiedLicenseFile,
  VerifyLicenseFileOptions,
} from "./verify.js";
export { LicenseFileError, verifyLicenseFile } from "./verify.js";
