import { heartbeatState } from "../../domain/validation.js";
import type { Store } from "../../store/database.js";
import { type EntitlementOwner, entitlementsRepository } from "../../store/entitlements.js";
import { policiesRepository } from "../../store/policies.js";
import { productsRepository } from "../../store/products.js";
import type {
  EntitlementRecord as Entitlement,
  MachineRecord as Machine,
} from "../../store/records.js";
import { usersRepository } from "../../store/users.js";
import type { LoadedLicense } from "../license-context.js";
import { statusOf } from "../licenses.js";

// The documents inside license and machine files (SPEC F1–F6): JSON:API-like resources of the
// license, its machine and what a file includes, read from the store at the checkout's time.

/** What a license file may include besides the license itself. */
export const LICENSE_FILE_INCLUDES = ["entitlements", "product", "policy", "owner"] as const;
/** What a machine file may include: its license too. */
export const MACHINE_FILE_INCLUDES = ["license", ...LICENSE_FILE_INCLUDES] as const;
export type FileInclude = (typeof MACHINE_FILE_INCLUDES)[number];

type StoreDeps = { store: Store };

/** A resource in a file's document (JSON:API-like, as Keygen's files). */
export interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

const ref = (type: string, id: string | null) => ({ data: id === null ? null : { type, id } });

/** The license resource of a file: what an offline app decides on (status, limits, expiry). */
export function licenseResource(
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

export function machineResource(machine: Machine, productId: string, now: Date): Resource {
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

/** Every entitlement attached to one owner, following the repository's pages. */
async function attached(
  deps: StoreDeps,
  organizationId: string,
  owner: EntitlementOwner,
): Promise<Entitlement[]> {
  const repository = entitlementsRepository(deps.store.db);
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
export async function entitlementsOf(
  deps: StoreDeps,
  { license }: LoadedLicense,
): Promise<Entitlement[]> {
  const organizationId = license.organizationId;
  const [own, policy] = await Promise.all([
    attached(deps, organizationId, { kind: "license", id: license.id }),
    attached(deps, organizationId, { kind: "policy", id: license.policyId }),
  ]);
  const byId = new Map([...own, ...policy].map((e) => [e.id, e]));
  return [...byId.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The related resources asked for, in MACHINE_FILE_INCLUDES order. */
export async function includedResources(
  deps: StoreDeps,
  loaded: LoadedLicense,
  include: ReadonlySet<FileInclude>,
  entitlements: Entitlement[] | undefined,
  now: Date,
): Promise<Resource[]> {
  const { license } = loaded;
  const organizationId = license.organizationId;
  const [product, policy, owner] = await Promise.all([
    include.has("product")
      ? productsRepository(deps.store.db).find(organizationId, license.productId)
      : undefined,
    include.has("policy")
      ? policiesRepository(deps.store.db).find(organizationId, license.policyId)
      : undefined,
    include.has("owner") && license.userId !== null
      ? usersRepository(deps.store.db).find(organizationId, license.userId)
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
