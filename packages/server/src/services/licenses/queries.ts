import type { LicenseStatus } from "../../domain/license-status.js";
import { licensesRepository } from "../../store/licenses.js";
import type { PageRequest } from "../../store/pagination.js";
import type { LicenseRecord as License } from "../../store/records.js";
import { type Principal, requireProductAccess } from "../principal.js";
import { hashLicenseKey, type LicensesDeps, loadLicense, statusOf } from "./shared.js";

export interface LicenseFilterInput {
  productId?: string | undefined;
  policyId?: string | undefined;
  /** The licenses of this user (another organization's user: none). */
  userId?: string | undefined;
  /** Exact top-level metadata values, all of them (store/metadata-filter.ts). */
  metadata?: Record<string, string> | undefined;
  handshakeCodeId?: string | undefined;
  status?: LicenseStatus | undefined;
  expiresBefore?: string | undefined;
  expiresAfter?: string | undefined;
  /**
   * Search text: exact key or id, or part of the name, the user's email or name, or a metadata
   * value (their start, under 3 characters).
   */
  q?: string | undefined;
}

/** GET of one license: license tokens may read their own. */
export function getLicense(
  deps: Pick<LicensesDeps, "store">,
  principal: Principal,
  id: string,
): Promise<License> {
  return loadLicense(deps, principal, id, true);
}

/** The license's status now. */
export function licenseStatusNow(deps: Pick<LicensesDeps, "clock">, license: License) {
  return statusOf(license, deps.clock());
}

/** Admin: every license (filtered); product tokens: their product's only. */
export async function listLicenses(
  deps: Pick<LicensesDeps, "store" | "clock">,
  principal: Principal,
  filter: LicenseFilterInput,
  page: PageRequest,
) {
  const productId = filter.productId ?? principal.productId ?? undefined;
  if (principal.kind !== "admin") requireProductAccess(principal, productId ?? "");
  return licensesRepository(deps.store.db).list(
    principal.organizationId,
    {
      productId,
      policyId: filter.policyId,
      userId: filter.userId,
      metadata: filter.metadata,
      handshakeCodeId: filter.handshakeCodeId,
      status: filter.status,
      expiresBefore: filter.expiresBefore,
      expiresAfter: filter.expiresAfter,
      search:
        filter.q !== undefined && filter.q.trim() !== ""
          ? { text: filter.q.trim(), keyHash: hashLicenseKey(filter.q.trim()) }
          : undefined,
      now: deps.clock().toISOString(),
    },
    page,
  );
}

/** Licenses by status now: admin, every product's or one's; product tokens: their own. */
export async function countLicenses(
  deps: Pick<LicensesDeps, "store" | "clock">,
  principal: Principal,
  filter: { productId?: string | undefined },
) {
  const productId = filter.productId ?? principal.productId ?? undefined;
  if (principal.kind !== "admin") requireProductAccess(principal, productId ?? "");
  return licensesRepository(deps.store.db).counts(
    principal.organizationId,
    productId,
    deps.clock().toISOString(),
  );
}
