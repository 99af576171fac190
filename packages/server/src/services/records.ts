// The records services take and return, for HTTP's presenters: http/ never imports store/
// (biome.json's noRestrictedImports rule), so the types it needs pass through here.
export type { Page, PageRequest } from "../store/pagination.js";
export type {
  ActiveKeyStamps,
  AuditEntryRecord,
  EntitlementRecord,
  EventRecord,
  HandshakeCodeRecord,
  JsonObject,
  LicenseRecord,
  MachineRecord,
  OrganizationRecord,
  PolicyRecord,
  ProductRecord,
  SigningKeyRecord,
  TokenRecord,
  UserRecord,
  ValidationFields,
  WebhookDeliveryRecord,
  WebhookDeliveryStatus,
  WebhookEndpointRecord,
} from "../store/records.js";
