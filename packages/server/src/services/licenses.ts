// The licenses service: the operations live in licenses/ (create, edit, lifecycle, queries,
// shared), each a named function of its deps; this factory binds them for services/index.ts.

import type { PageRequest } from "../store/pagination.js";
import type { LicenseRecord as License } from "../store/records.js";
import { createLicense, type LicenseInput } from "./licenses/create.js";
import { deleteLicense, type LicenseUpdate, updateLicense } from "./licenses/edit.js";
import {
  reinstateLicense,
  renewLicense,
  revokeLicense,
  suspendLicense,
} from "./licenses/lifecycle.js";
import {
  countLicenses,
  getLicense,
  type LicenseFilterInput,
  licenseStatusNow,
  listLicenses,
} from "./licenses/queries.js";
import { type LicensesDeps, loadLicense } from "./licenses/shared.js";
import type { Principal } from "./principal.js";

export type { LicenseInput } from "./licenses/create.js";
export type { LicenseUpdate } from "./licenses/edit.js";
export type { LicenseFilterInput } from "./licenses/queries.js";
export { hashLicenseKey, statusOf } from "./licenses/shared.js";

export function licensesService(deps: LicensesDeps) {
  return {
    load: (principal: Principal, id: string, read = false) =>
      loadLicense(deps, principal, id, read),
    get: (principal: Principal, id: string) => getLicense(deps, principal, id),
    status: (license: License) => licenseStatusNow(deps, license),
    create: (principal: Principal, input: LicenseInput) => createLicense(deps, principal, input),
    list: (principal: Principal, filter: LicenseFilterInput, page: PageRequest) =>
      listLicenses(deps, principal, filter, page),
    counts: (principal: Principal, filter: { productId?: string | undefined }) =>
      countLicenses(deps, principal, filter),
    update: (principal: Principal, id: string, input: LicenseUpdate) =>
      updateLicense(deps, principal, id, input),
    delete: (principal: Principal, id: string) => deleteLicense(deps, principal, id),
    suspend: (principal: Principal, id: string) => suspendLicense(deps, principal, id),
    reinstate: (principal: Principal, id: string) => reinstateLicense(deps, principal, id),
    renew: (principal: Principal, id: string) => renewLicense(deps, principal, id),
    revoke: (principal: Principal, id: string) => revokeLicense(deps, principal, id),
  };
}
export type LicensesService = ReturnType<typeof licensesService>;
