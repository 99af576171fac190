/**
 * @keyward/sdk — the client vendors embed, browser-safe entry (ESM, WebCrypto, fetch; no Node
 * built-ins). Node helpers (file storage, hashed machine id) are in `@keyward/sdk/node`.
 *
 * Every licensing decision comes from data signed with the vendor's key, verified by
 * @keyward/formats: leases from online checks, license and machine files, signed license keys.
 */
export type {
  LeaseClaims,
  LicenseFileAlgorithm,
  LicenseFileResult,
  OfflineActivationRequest,
  OfflineResponseBinding,
  PublicKey,
  Result,
  TrustedKey,
  TrustedKeys,
  UnsignedActivationRequest,
  VerifiedActivationResponse,
  VerifiedLicenseFile,
  VerifiedLicenseKey,
} from "@keyward/formats";
// The air-gapped device's side of offline activation: it signs and encodes its request, and
// verifies the response the vendor's server made for it (the vendor's side is the CLI's).
export {
  encodeActivationRequest,
  FormatError,
  parsePublicKey,
  signActivationRequest,
  trustedKeysFromJson,
  verifyActivationResponse,
  verifyLease,
  verifyLicenseFile,
  verifyLicenseKey,
} from "@keyward/formats";
export type {
  AppInfo,
  ClientEvents,
  KeywardClientOptions,
  License,
  Machine,
} from "./client.js";
export { createClient, KeywardClient } from "./client.js";
export type { TrustedKeyInput } from "./common.js";
export type { KeywardErrorCode } from "./errors.js";
export { isKeywardError, KeywardError } from "./errors.js";
export type { FetchLike, RetryOptions } from "./http.js";
export type {
  LicenseFileCheck,
  LicenseFileReason,
  LicenseFileState,
  LicenseFileStatus,
} from "./license-file.js";
export { licenseFileState } from "./license-file.js";
export type { LicenseState, LicenseStatus, StatusReason } from "./status.js";
export { NOT_ACTIVATED_CODES } from "./status.js";
export type { KeywardStorage, WebStorageLike } from "./storage.js";
export { indexedDbStorage, localStorageStorage, memoryStorage } from "./storage.js";
export type {
  FlushResult,
  RejectedReport,
  TrackableAppInfo,
  TrackableClientOptions,
  TrackableDevice,
  TrackableEvents,
  TrackableStatus,
} from "./trackable.js";
export { createTrackableClient, TrackableClient } from "./trackable.js";
export type { UsageReport } from "./usage.js";
