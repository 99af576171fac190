import type { LicenseStatus } from "../../domain/license-status.js";
import type { LicenseRecord } from "../../store/records.js";

/**
 * A license as the API shows it (`GET /v1/licenses/{id}`), with its status computed by the
 * caller: at the decision's time for an answer (validation, consumption, check-in), at the
 * event's for a webhook, by the licenses service otherwise. The HTTP layer presents licenses
 * with it (http/presenters.ts) and webhook payloads carry it (webhooks/outbox.ts): one shape.
 */
export function licenseView(license: LicenseRecord, status: LicenseStatus) {
  return {
    id: license.id,
    productId: license.productId,
    policyId: license.policyId,
    userId: license.userId,
    name: license.name,
    key: license.key,
    status,
    suspended: license.suspended,
    expiresAt: license.expiresAt,
    revokedAt: license.revokedAt,
    uses: license.uses,
    firstActivatedAt: license.firstActivatedAt,
    firstValidatedAt: license.firstValidatedAt,
    lastCheckInAt: license.lastCheckInAt,
    handshakeCodeId: license.handshakeCodeId,
    overrides: license.overrides as Record<string, unknown>,
    metadata: license.metadata,
    createdAt: license.createdAt,
    updatedAt: license.updatedAt,
  };
}
