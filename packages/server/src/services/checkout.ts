import {
  activationProofDataset,
  DEFAULT_LICENSE_FILE_TTL,
  type FileKind,
  type LicenseFileAlgorithm,
  licenseFileAlgorithmFor,
  parseLicenseFileAlgorithm,
  type SignatureAlgorithm,
} from "@keyward/formats";
import {
  createActivationProof,
  createLicenseFile,
  type SignedResponseHeaders,
  signResponse,
} from "@keyward/formats/node";
import { heartbeatState } from "../domain/validation.js";
import type { Store } from "../store/database.js";
import { type EntitlementOwner, entitlementsRepository } from "../store/entitlements.js";
import { licensingRepository } from "../store/licensing.js";
import { policiesRepository } from "../store/policies.js";
import { productsRepository } from "../store/products.js";
import type {
  EntitlementRecord as Entitlement,
  MachineRecord as Machine,
} from "../store/records.js";
import { usersRepository } from "../store/users.js";
import type { Clock } from "./clock.js";
import { forbidden, notFound } from "./errors.js";
import { type LoadedLicense, loadedLicense } from "./license-context.js";
import { type LicensesService, statusOf } from "./licenses.js";
import type { machinesService } from "./machines.js";
import type { Principal } from "./principal.js";
import { keyTypeOf, type SigningKeysService } from "./signing-keys.js";

// Offline artifacts (SPEC F1–F6, K6, K7): license and machine files checked out as a snapshot
// of the license in a JSON:API-like document, activation proofs, and response signatures, all
// signed with the organization's current keys.

/** What a license file may include besides the license itself. */
export const LICENSE_FILE_INCLUDES = ["entitlements", "product", "policy", "owner"] as const;
/** What a machine file may include: its license too. */
export const MACHINE_FILE_INCLUDES = ["license", ...LICENSE_FILE_INCLUDES] as const;
export type FileInclude = (typeof MACHINE_FILE_INCLUDES)[number];

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

/** What a response signature covers besides the date and body digest (SPEC K7). */
export interface SignedRequest {
  method: string;
  target: string;
  host: string;
  body: Uint8Array | string;
}

/** A resource in a file's document (JSON:API-like, as Keygen's files). */
interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

const ref = (type: string, id: string | null) => ({ data: id === null ? null : { type, id } });

/** The license resource of a file: what an offline app decides on (status, limits, expiry). */
function licenseResource(
  { license, rules }: LoadedLicense,
  now: Date,
  entitlements: Entitlement[] | undefined,
): Resource {
  return {
    type: "licenses",
    id: license.id,
    attributes: {
      name: license.name,
      key: license.key,
      status: statusOf(license, now),
      expiry: license.expiresAt,
      uses: license.uses,
      suspended: license.suspended,
      scheme: rules.scheme,
      floating: rules.floating,
      maxMachines: rules.maxMachines,
      maxUses: rules.maxUses,
      requireHeartbeat: rules.heartbeat.required,
      heartbeatDuration: rules.heartbeat.durationSeconds,
      checkInInterval: rules.checkInIntervalSeconds,
      lastCheckIn: license.lastCheckInAt,
      minVersion: rules.minVersion,
      maxVersion: rules.maxVersion,
      metadata: license.metadata,
      created: license.createdAt,
      updated: license.updatedAt,
    },
    relationships: {
      account: ref("accounts", license.organizationId),
      product: ref("products", license.productId),
      policy: ref("policies", license.policyId),
      owner: ref("users", license.userId),
      ...(entitlements && {
        entitlements: { data: entitlements.map((e) => ({ type: "entitlements", id: e.id })) },
      }),
    },
  };
}

function machineResource(machine: Machine, productId: string, now: Date): Resource {
  const heartbeat = {
    lastHeartbeatAt: machine.lastHeartbeatAt,
    heartbeatDeadlineAt: machine.heartbeatDeadlineAt,
  };
  return {
    type: "machines",
    id: machine.id,
    attributes: {
      fingerprint: machine.fingerprint,
      name: machine.name,
      platform: machine.platform,
      osVersion: machine.osVersion,
      appIdentifier: machine.appIdentifier,
      appVersion: machine.appVersion,
      variables: machine.variables,
      requireHeartbeat: machine.heartbeatDeadlineAt !== null,
      heartbeatStatus: heartbeatState(heartbeat, now),
      lastHeartbeat: machine.lastHeartbeatAt,
      heartbeatDeadline: machine.heartbeatDeadlineAt,
      metadata: machine.metadata,
      created: machine.createdAt,
      updated: machine.updatedAt,
    },
    relationships: {
      account: ref("accounts", machine.organizationId),
      product: ref("products", productId),
      license: ref("licenses", machine.licenseId),
    },
  };
}

export function checkoutService(deps: {
  store: Store;
  clock: Clock;
  signingKeys: SigningKeysService;
  licenses: LicensesService;
  machines: ReturnType<typeof machinesService>;
}) {
  const { store, clock, signingKeys } = deps;

  async function context(organizationId: string, licenseId: string): Promise<LoadedLicense> {
    const found = await licensingRepository(store.db).contextById(organizationId, licenseId);
    // Deleted between the caller's access check and here: as if it never existed.
    if (!found) throw notFound("license", licenseId);
    return loadedLicense(found);
  }

  /** Every entitlement attached to one owner, following the repository's pages. */
  async function attached(organizationId: string, owner: EntitlementOwner): Promise<Entitlement[]> {
    const repository = entitlementsRepository(store.db);
    const all: Entitlement[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.listAttached(organizationId, owner, { limit: 100, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }

  /** What the license grants: its own entitlements and its policy's, by code. */
  async function entitlementsOf({ license }: LoadedLicense): Promise<Entitlement[]> {
    const organizationId = license.organizationId;
    const [own, policy] = await Promise.all([
      attached(organizationId, { kind: "license", id: license.id }),
      attached(organizationId, { kind: "policy", id: license.policyId }),
    ]);
    const byId = new Map([...own, ...policy].map((e) => [e.id, e]));
    return [...byId.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /** The related resources asked for, in MACHINE_FILE_INCLUDES order. */
  async function includedResources(
    loaded: LoadedLicense,
    include: ReadonlySet<FileInclude>,
    entitlements: Entitlement[] | undefined,
    now: Date,
  ): Promise<Resource[]> {
    const { license } = loaded;
    const organizationId = license.organizationId;
    const [product, policy, owner] = await Promise.all([
      include.has("product")
        ? productsRepository(store.db).find(organizationId, license.productId)
        : undefined,
      include.has("policy")
        ? policiesRepository(store.db).find(organizationId, license.policyId)
        : undefined,
      include.has("owner") && license.userId !== null
        ? usersRepository(store.db).find(organizationId, license.userId)
        : undefined,
    ]);
    const included: Resource[] = [];
    if (include.has("license")) included.push(licenseResource(loaded, now, entitlements));
    for (const entitlement of entitlements ?? []) {
      included.push({
        type: "entitlements",
        id: entitlement.id,
        attributes: {
          code: entitlement.code,
          name: entitlement.name,
          metadata: entitlement.metadata,
          created: entitlement.createdAt,
          updated: entitlement.updatedAt,
        },
      });
    }
    if (product) {
      included.push({
        type: "products",
        id: product.id,
        attributes: {
          name: product.name,
          code: product.code,
          platforms: product.platforms,
          appIdentifiers: product.appIdentifiers,
          metadata: product.metadata,
          created: product.createdAt,
          updated: product.updatedAt,
        },
      });
    }
    if (policy) {
      included.push({
        type: "policies",
        id: policy.id,
        attributes: {
          name: policy.name,
          ...policy.rules,
          metadata: policy.metadata,
          created: policy.createdAt,
          updated: policy.updatedAt,
        },
        relationships: { product: ref("products", policy.productId) },
      });
    }
    if (owner) {
      // Never the password hash: the file goes to the license holder.
      included.push({
        type: "users",
        id: owner.id,
        attributes: {
          email: owner.email,
          username: owner.username,
          name: owner.name,
          metadata: owner.metadata,
          created: owner.createdAt,
          updated: owner.updatedAt,
        },
      });
    }
    return included;
  }

  /** Signs (and for aes-256-gcm+… encrypts) the file of one license or machine. */
  async function checkOut(
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
      signingKeys.current(principal.organizationId, keyTypeOf(signature)),
      include.has("entitlements") ? entitlementsOf(loaded) : undefined,
    ]);
    const now = clock();
    const included = await includedResources(loaded, include, entitlements, now);
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

  return {
    /** POST /v1/licenses/:id/actions/check-out: whoever may read the license. */
    async licenseFile(
      principal: Principal,
      id: string,
      options: CheckoutOptions,
    ): Promise<CheckedOutFile> {
      const license = await deps.licenses.get(principal, id);
      const loaded = await context(principal.organizationId, license.id);
      return checkOut(
        principal,
        "license",
        loaded,
        (entitlements, now) => licenseResource(loaded, now, entitlements),
        options,
      );
    },

    /** POST /v1/machines/:id/actions/check-out: encrypted with license key + fingerprint (F5). */
    async machineFile(
      principal: Principal,
      id: string,
      options: CheckoutOptions,
    ): Promise<CheckedOutFile> {
      const machine = await deps.machines.get(principal, id);
      const loaded = await context(principal.organizationId, machine.licenseId);
      return checkOut(
        principal,
        "machine",
        loaded,
        (_, now) => machineResource(machine, loaded.license.productId, now),
        options,
        machine.fingerprint,
      );
    },

    /** POST /v1/machines/:id/actions/proof: the license bound to the device (SPEC K6). */
    async proof(
      principal: Principal,
      id: string,
      algorithm: SignatureAlgorithm = "ed25519",
    ): Promise<string> {
      const machine = await deps.machines.get(principal, id);
      const { license } = await context(principal.organizationId, machine.licenseId);
      const signingKey = await signingKeys.current(principal.organizationId, keyTypeOf(algorithm));
      return createActivationProof({
        algorithm,
        privateKey: signingKey.privateKey,
        dataset: activationProofDataset({
          accountId: principal.organizationId,
          productId: license.productId,
          license: { id: license.id, key: license.key, expiry: license.expiresAt },
          machine: {
            id: machine.id,
            fingerprint: machine.fingerprint,
            created: machine.createdAt,
          },
          issued: clock(),
        }),
      });
    },

    /** Date, Digest and signature headers for a response (SPEC K7), keyid = the key's id. */
    async signResponse(
      organizationId: string,
      algorithm: SignatureAlgorithm,
      request: SignedRequest,
    ): Promise<SignedResponseHeaders> {
      const signingKey = await signingKeys.current(organizationId, keyTypeOf(algorithm));
      return signResponse({
        privateKey: signingKey.privateKey,
        algorithm,
        keyId: signingKey.id,
        ...request,
        date: clock(),
      });
    },
  };
}

export type CheckoutService = ReturnType<typeof checkoutService>;
