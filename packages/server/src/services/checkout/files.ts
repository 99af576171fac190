import {
  DEFAULT_LICENSE_FILE_TTL,
  type FileKind,
  type LicenseFileAlgorithm,
  licenseFileAlgorithmFor,
  parseLicenseFileAlgorithm,
} from "@keyward/formats";
import { createLicenseFile } from "@keyward/formats/node";
import { licensingRepository } from "../../store/licensing.js";
import type { EntitlementRecord as Entitlement } from "../../store/records.js";
import { forbidden, notFound } from "../errors.js";
import { type LoadedLicense, loadedLicense } from "../license-context.js";
import type { Principal } from "../principal.js";
import { keyTypeOf } from "../signing-keys.js";
import type { CheckoutDeps } from "./deps.js";
import {
  entitlementsOf,
  type FileInclude,
  includedResources,
  licenseResource,
  machineResource,
  type Resource,
} from "./resources.js";

export interface CheckoutOptions {
  /** Default: per the policy's key scheme, unencrypted (seed 004's mapping table). */
  algorithm?: LicenseFileAlgorithm | undefined;
  /** Seconds the file stays valid (1 hour to 1 year); null: never expires; default 30 days. */
  ttlSeconds?: number | null | undefined;
  include?: readonly FileInclude[] | undefined;
}

export interface CheckedOutFile {
  /** The license's or machine's id: the file is saved as `<id>.lic`. */
  id: string;
  certificate: string;
  algorithm: LicenseFileAlgorithm;
  issued: string;
  expiry: string | null;
  ttl: number | null;
}

/** The license with its rules, after the caller's access check. */
export async function checkoutContext(
  deps: Pick<CheckoutDeps, "store">,
  organizationId: string,
  licenseId: string,
): Promise<LoadedLicense> {
  const found = await licensingRepository(deps.store.db).contextById(organizationId, licenseId);
  // Deleted between the caller's access check and here: as if it never existed.
  if (!found) throw notFound("license", licenseId);
  return loadedLicense(found);
}

/** Signs (and for aes-256-gcm+… encrypts) the file of one license or machine. */
export async function checkOut(
  deps: Pick<CheckoutDeps, "store" | "clock" | "signingKeys">,
  principal: Principal,
  kind: FileKind,
  loaded: LoadedLicense,
  data: (entitlements: Entitlement[] | undefined, now: Date) => Resource,
  options: CheckoutOptions,
  fingerprint?: string,
): Promise<CheckedOutFile> {
  const ttl = options.ttlSeconds === undefined ? DEFAULT_LICENSE_FILE_TTL : options.ttlSeconds;
  // A file without expiry outlives any later suspension or revocation: the vendor's call only.
  if (ttl === null && principal.kind === "license") {
    throw forbidden("only the vendor can check out a file that never expires (ttlSeconds null)");
  }
  const algorithm = options.algorithm ?? licenseFileAlgorithmFor(loaded.rules.scheme, false);
  const { signature } = parseLicenseFileAlgorithm(algorithm);
  const include = new Set(options.include ?? []);
  const [signingKey, entitlements] = await Promise.all([
    deps.signingKeys.current(principal.organizationId, keyTypeOf(signature)),
    include.has("entitlements") ? entitlementsOf(deps, loaded) : undefined,
  ]);
  const now = deps.clock();
  const included = await includedResources(deps, loaded, include, entitlements, now);
  const resource = data(entitlements, now);
  const certificate = createLicenseFile({
    kind,
    algorithm,
    privateKey: signingKey.privateKey,
    data: resource,
    ...(include.size > 0 ? { included } : {}),
    issued: now,
    ttl,
    licenseKey: loaded.license.key,
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    keyId: signingKey.id,
  });
  return {
    id: resource.id,
    certificate,
    algorithm,
    issued: now.toISOString(),
    expiry: ttl === null ? null : new Date(now.getTime() + ttl * 1000).toISOString(),
    ttl,
  };
}

/** POST /v1/licenses/:id/actions/check-out: whoever may read the license. */
export async function checkOutLicenseFile(
  deps: CheckoutDeps,
  principal: Principal,
  id: string,
  options: CheckoutOptions,
): Promise<CheckedOutFile> {
  const license = await deps.licenses.get(principal, id);
  const loaded = await checkoutContext(deps, principal.organizationId, license.id);
  return checkOut(
    deps,
    principal,
    "license",
    loaded,
    (entitlements, now) => licenseResource(loaded, now, entitlements),
    options,
  );
}

/** POST /v1/machines/:id/actions/check-out: encrypted with license key + fingerprint (F5). */
export async function checkOutMachineFile(
  deps: CheckoutDeps,
  principal: Principal,
  id: string,
  options: CheckoutOptions,
): Promise<CheckedOutFile> {
  const machine = await deps.machines.get(principal, id);
  const loaded = await checkoutContext(deps, principal.organizationId, machine.licenseId);
  return checkOut(
    deps,
    principal,
    "machine",
    loaded,
    (_, now) => machineResource(machine, loaded.license.productId, now),
    options,
    machine.fingerprint,
  );
}
