/**
 * @keyward/sdk — the client vendors embed. Until the SDK issue lands it offers the offline
 * verifiers of @keyward/formats, which already run in Node and browsers.
 */
export {
  parsePublicKey,
  verifyLicenseFile,
  verifyLicenseKey,
} from "@keyward/formats";
