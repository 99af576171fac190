import { createHash, randomBytes, randomUUID } from "node:crypto";
import {
  base64Decode,
  decodeActivationRequest,
  LICENSESPRING_PREFIX,
  type OfflineActivationRequest,
  type OfflineRequestReason,
  signActivationResponse,
  verifyActivationRequest,
} from "@keyward/formats";
import { hmacSha256Sync, nodeCrypto } from "@keyward/formats/node";
import { limitWithOverage } from "../domain/limits.js";
import type { LicenseModel } from "../domain/policy.js";
import { seal, secretsEqual, unseal } from "../secrets.js";
import type { Store } from "../store/database.js";
import { licensingRepository } from "../store/licensing.js";
import { offlineActivationRepository } from "../store/offline-activation.js";
import { productsRepository } from "../store/products.js";
import type { MachineRecord as Machine, UserRecord as User } from "../store/records.js";
import type { OfflineKeys, OfflineRequestKind } from "../store/schema.js";
import type { ActivationService } from "./activation.js";
import { recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { type ErrorCode, ServiceError } from "./errors.js";
import { recordEvents } from "./events.js";
import { loadedLicense } from "./license-context.js";
import type { LicenseUsersService } from "./license-users.js";
import { hashLicenseKey, statusOf } from "./licenses.js";
import { type Principal, requireAdmin, requireProductAccess } from "./principal.js";
import type { tokensService } from "./tokens.js";

// Offline activation by request/response file (SPEC L1–L7, seed 003), with LicenseSpring's
// field names on the wire. The envelope, its decoding and its HMAC come from @keyward/formats;
// this file maps a request onto Keyward's licenses and machines and answers in seed 003's terms.

/** Default window for the Date header (SPEC L7 "stale date"). */
export const DEFAULT_DATE_WINDOW_SECONDS = 10 * 60;

/** The organization's offline keys as an admin sees them (vendors embed both in their app). */
export interface OfflineKeyPair {
  apiKey: string;
  sharedKey: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The Authorization header as the route parsed it: a vendor token, LicenseSpring's HMAC of the
 * Date header (algorithm hmac-sha256) with the api key, or anything else (refused here, after
 * the body and api key checks, as seed 003 orders them).
 */
export type OfflineAuthorization =
  | { scheme: "bearer"; token: string }
  | { scheme: "hmac-sha256"; signature: string; apiKey: string }
  | { scheme: "unrecognized" };

/** The Date header: its text (the HMAC signs it) and its instant, null when it is not a date. */
export interface OfflineDate {
  text: string;
  at: Date | null;
}

/** What the route hands over: the parsed headers and the Base64 request text. */
export interface OfflineRequestInput {
  authorization: OfflineAuthorization;
  date: OfflineDate;
  /** The raw body, or the content of the multipart `file` field. */
  body: string | undefined;
  /** The client's address: license-user logins are limited per source (license-users.ts). */
  address: string;
}

/** The activation response, in seed 003's names; `offline_signature` signs date + binding. */
export interface OfflineActivationResponse extends Record<string, unknown> {
  license_id: string;
  license_key: string | null;
  license_type: "perpetual" | "time-limited" | "subscription" | "consumption";
  is_trial: boolean;
  license_active: boolean;
  license_enabled: boolean;
  is_expired: boolean;
  validity_period: string | null;
  max_activations: number | null;
  times_activated: number;
  max_consumptions: number | null;
  total_consumptions: number;
  allow_overages: boolean;
  max_overages: number;
  product_features: { code: string }[];
  product_details: {
    product_id: string;
    product_name: string;
    short_code: string | null;
    authorization_method: "license_key" | "user";
  };
  user: { id: string; email: string; username: string | null; name: string | null } | null;
  device_id: string;
  hardware_id: string;
  variables: Record<string, unknown>;
  date: string;
  offline_signature: string;
}

export interface OfflineDeactivationResponse {
  license_id: string;
  hardware_id: string;
  deactivated: true;
}

/** One error code per seed-003 case the envelope decoder tells apart. */
const REQUEST_ERRORS: Record<OfflineRequestReason, [ErrorCode, string]> = {
  EMPTY: ["REQUEST_BODY_MISSING", "no request body: send the Base64 request text or a file"],
  NOT_BASE64: ["INVALID_BASE64", "the request body is not Base64"],
  NOT_JSON: ["INVALID_REQUEST_DATA", "the request body is not Base64 of JSON"],
  NOT_OBJECT: ["INVALID_REQUEST_DATA", "the request is not a JSON object"],
  MISSING_IDENTITY: ["LICENSE_KEY_MISSING", "license_key or username is missing"],
  AMBIGUOUS_IDENTITY: ["AMBIGUOUS_IDENTITY", "give either license_key or username, not both"],
  MISSING_HARDWARE_ID: ["HARDWARE_ID_MISSING", "hardware_id is missing"],
  // Seed 003's "data body parameter": the request's signed `date` value.
  MISSING_DATE: ["DATE_MISSING", "date is missing from the request data"],
  MISSING_API_KEY: ["API_KEY_MISSING", "api_key is missing"],
  MISSING_SIGNATURE: ["SIGNATURE_MISSING", "signature is missing"],
  BAD_FIELD: ["INVALID_FIELD", "a request field has the wrong type"],
};

/** Longest values stored from a request (the machine columns' limits on the online route). */
const FIELD_LIMITS: [keyof OfflineActivationRequest, number][] = [
  ["hardware_id", 255],
  ["hostname", 200],
  ["os_ver", 255],
  ["app_ver", 50],
  ["username", 255],
  ["license_key", 4096],
];

const LICENSE_TYPES: Record<LicenseModel, OfflineActivationResponse["license_type"]> = {
  perpetual: "perpetual",
  timed: "time-limited",
  subscription: "subscription",
  // LicenseSpring marks trials with is_trial on a time-limited license.
  trial: "time-limited",
  consumption: "consumption",
};

const replayed = () =>
  new ServiceError("REQUEST_REPLAYED", "this request was already served: make a new one");

/** Who the request is for, once its credentials are checked. */
interface Authorized {
  organizationId: string;
  request: OfflineActivationRequest;
  sharedKey: string;
  signatureHash: string;
  licenseId: string;
  user: User | null;
}

export function offlineActivationService(deps: {
  store: Store;
  secret: string;
  clock: Clock;
  activation: ActivationService;
  licenseUsers: LicenseUsersService;
  tokens: Pick<ReturnType<typeof tokensService>, "authenticate">;
  dateWindowSeconds?: number;
}) {
  const { store, secret, clock, activation, licenseUsers, tokens } = deps;
  const windowMs = (deps.dateWindowSeconds ?? DEFAULT_DATE_WINDOW_SECONDS) * 1000;
  const repo = () => offlineActivationRepository(store.db);

  function newKeys(): Pick<OfflineKeys, "api_key" | "shared_key_encrypted"> {
    const sharedKey = randomBytes(32).toString("base64url");
    return {
      api_key: randomUUID(),
      shared_key_encrypted: seal(secret, Buffer.from(sharedKey, "utf8")),
    };
  }

  function present(keys: OfflineKeys): OfflineKeyPair {
    return {
      apiKey: keys.api_key,
      sharedKey: Buffer.from(unseal(secret, keys.shared_key_encrypted)).toString("utf8"),
      createdAt: keys.created_at,
      updatedAt: keys.updated_at,
    };
  }

  /** The organization's keys, created on first use; `db`: a transaction to do it in. */
  async function keysOf(organizationId: string, db = store.db): Promise<OfflineKeys> {
    const repo = () => offlineActivationRepository(db);
    const existing = await repo().keysOf(organizationId);
    if (existing) return existing;
    const now = clock().toISOString();
    await repo().insertKeysIfAbsent({
      organization_id: organizationId,
      ...newKeys(),
      created_at: now,
      updated_at: now,
    });
    const created = await repo().keysOf(organizationId);
    if (!created) throw new Error("offline keys vanished right after their creation");
    return created;
  }

  /** The Authorization header: LicenseSpring's HMAC of the Date header, or a vendor token. */
  async function checkAuthorization(
    authorization: OfflineAuthorization,
    date: OfflineDate,
    keys: OfflineKeys,
    sharedKey: string,
  ): Promise<Principal | null> {
    if (authorization.scheme === "bearer") {
      const principal = await tokens.authenticate(authorization.token);
      if (
        !principal ||
        principal.kind === "license" ||
        principal.organizationId !== keys.organization_id
      ) {
        throw new ServiceError(
          "INVALID_AUTHORIZATION",
          "the bearer token cannot serve this api_key",
        );
      }
      if (principal.readOnly) {
        throw new ServiceError("TOKEN_READ_ONLY", "a read-scoped token cannot activate");
      }
      return principal;
    }
    const expected = Buffer.from(
      hmacSha256Sync(Buffer.from(sharedKey, "utf8"), `${LICENSESPRING_PREFIX}\ndate: ${date.text}`),
    ).toString("base64");
    if (
      authorization.scheme !== "hmac-sha256" ||
      !secretsEqual(authorization.apiKey, keys.api_key) ||
      !secretsEqual(authorization.signature, expected)
    ) {
      throw new ServiceError(
        "INVALID_AUTHORIZATION",
        'Authorization must be algorithm="hmac-sha256",headers="date",signature="…",apikey="…" ' +
          "signed with the shared key, or a Bearer token of the organization",
      );
    }
    return null;
  }

  /** The Date header must be within the window of the server's clock. */
  function checkDate({ at }: OfflineDate): void {
    if (at === null) {
      throw new ServiceError("INVALID_DATE_HEADER", "the Date header is not an RFC 7231 date");
    }
    if (Math.abs(clock().getTime() - at.getTime()) > windowMs) {
      throw new ServiceError(
        "STALE_DATE",
        `the Date header is more than ${windowMs / 60_000} minutes from the server's time`,
      );
    }
  }

  function decode(body: string | undefined): OfflineActivationRequest {
    const decoded = decodeActivationRequest(body);
    if (!decoded.ok) {
      const { reason, message } = decoded.error;
      const [code, text] = REQUEST_ERRORS[reason];
      // A BAD_FIELD message names the field; the other reasons are said best by our text.
      throw new ServiceError(code, reason === "BAD_FIELD" ? message : text);
    }
    const request = decoded.value;
    for (const [field, limit] of FIELD_LIMITS) {
      const value = request[field];
      if (typeof value === "string" && value.length > limit) {
        throw new ServiceError("INVALID_FIELD", `${field} is longer than ${limit} characters`);
      }
    }
    return request;
  }

  /**
   * Every check of seed 003 in its order after the headers' presence (the route's): body,
   * fields, api key, Authorization, Date window, request signature, replay, then the license
   * (by key, or by license user).
   */
  async function authorize(
    input: OfflineRequestInput,
    kind: OfflineRequestKind,
  ): Promise<Authorized> {
    const request = decode(input.body);
    if (request.request !== undefined && request.request !== kind) {
      throw new ServiceError(
        "WRONG_REQUEST_KIND",
        `this is a ${request.request} request; send it to the ${request.request} endpoint`,
      );
    }
    const keys = await repo().keysByApiKey(request.api_key);
    if (!keys) throw new ServiceError("INVALID_API_KEY", "no organization has this api_key");
    const organizationId = keys.organization_id;
    const sharedKey = Buffer.from(unseal(secret, keys.shared_key_encrypted)).toString("utf8");
    const vendor = await checkAuthorization(input.authorization, input.date, keys, sharedKey);
    checkDate(input.date);
    const verified = await verifyActivationRequest(request, { sharedKey, crypto: nodeCrypto });
    if (!verified.ok) {
      throw new ServiceError("INVALID_SIGNATURE", "the request signature does not verify");
    }
    // Hash the MAC bytes, not the text: two spellings of one Base64 value are one request.
    const signatureHash = createHash("sha256")
      .update(base64Decode(request.signature))
      .digest("hex");
    if (await repo().requestSeen(organizationId, signatureHash)) throw replayed();

    let licenseId: string;
    let user: User | null = null;
    if (request.license_key !== undefined) {
      const found = await licensingRepository(store.db).licenseByKeyHash(
        hashLicenseKey(request.license_key),
      );
      // Another organization's license is unknown here (its api key named this one).
      if (!found || found.organizationId !== organizationId) throw licenseNotFound();
      licenseId = found.id;
    } else {
      const login = await licenseUsers.login(
        organizationId,
        request.username,
        request.password,
        request.product,
        input.address,
      );
      licenseId = login.licenseId;
      user = login.user;
    }
    if (vendor?.kind === "product") {
      const context = await licensingRepository(store.db).contextById(organizationId, licenseId);
      if (!context) throw licenseNotFound();
      requireProductAccess(vendor, context.license.productId);
    }
    return { organizationId, request, sharedKey, signatureHash, licenseId, user };
  }

  /** Marks the request served, with its audit event; a racing replay loses here. */
  async function recordServed(
    authorized: Authorized,
    kind: OfflineRequestKind,
    machineId: string,
  ): Promise<void> {
    const now = clock();
    await store.db.transaction().execute(async (trx) => {
      const fresh = await offlineActivationRepository(trx).recordRequest({
        organization_id: authorized.organizationId,
        signature_hash: authorized.signatureHash,
        kind,
        license_id: authorized.licenseId,
        hardware_id: authorized.request.hardware_id,
        created_at: now.toISOString(),
      });
      if (!fresh) throw replayed();
      await recordEvents(trx, now, {
        organizationId: authorized.organizationId,
        type: kind === "activation" ? "offline.activated" : "offline.deactivated",
        licenseId: authorized.licenseId,
        machineId,
        data: {
          hardwareId: authorized.request.hardware_id,
          by: authorized.user ? "user" : "license_key",
          ...(authorized.request.request_id ? { requestId: authorized.request.request_id } : {}),
        },
      });
    });
  }

  async function respond(
    authorized: Authorized,
    machine: Machine,
  ): Promise<OfflineActivationResponse> {
    const { organizationId, licenseId, request, user } = authorized;
    const licensing = licensingRepository(store.db);
    const context = await licensing.contextById(organizationId, licenseId);
    if (!context) throw licenseNotFound();
    const { license, rules } = loadedLicense(context);
    const product = await productsRepository(store.db).find(organizationId, license.productId);
    if (!product) throw licenseNotFound();
    const now = clock();
    const status = statusOf(license, now);
    const allowedUses = limitWithOverage(rules.maxUses, rules.overage);
    const response = {
      license_id: license.id,
      // A user-authorized request does not learn the key (LicenseSpring omits it too).
      license_key: request.license_key !== undefined ? license.key : null,
      license_type: LICENSE_TYPES[rules.model],
      is_trial: rules.model === "trial",
      license_active: status === "active",
      license_enabled: status !== "suspended" && status !== "revoked",
      is_expired: status === "expired",
      validity_period: license.expiresAt,
      max_activations: rules.maxMachines,
      times_activated: context.machineCount,
      max_consumptions: rules.maxUses,
      total_consumptions: license.uses,
      allow_overages: rules.overage.strategy !== "none",
      max_overages:
        allowedUses === null || rules.maxUses === null ? 0 : allowedUses - rules.maxUses,
      product_features: (await licensing.entitlementCodes(organizationId, license)).map((code) => ({
        code,
      })),
      product_details: {
        product_id: product.id,
        product_name: product.name,
        short_code: product.code,
        authorization_method: user ? ("user" as const) : ("license_key" as const),
      },
      user: user && { id: user.id, email: user.email, username: user.username, name: user.name },
      device_id: machine.id,
      hardware_id: machine.fingerprint,
      variables: machine.variables,
    };
    return signActivationResponse(response, {
      sharedKey: authorized.sharedKey,
      date: now.toUTCString(),
      ...(request.license_key !== undefined
        ? { licenseKey: request.license_key }
        : { username: request.username }),
      hardwareId: request.hardware_id,
      apiKey: request.api_key,
      crypto: nodeCrypto,
    });
  }

  function licensePrincipal(authorized: Authorized): Principal {
    return {
      organizationId: authorized.organizationId,
      tokenId: null,
      kind: "license",
      productId: null,
      licenseId: authorized.licenseId,
    };
  }

  return {
    /** GET /v1/organization/offline-keys (admins); null until created (reads never write). */
    async keys(principal: Principal): Promise<OfflineKeyPair | null> {
      requireAdmin(principal);
      const keys = await repo().keysOf(principal.organizationId);
      return keys ? present(keys) : null;
    },

    /** POST /v1/organization/offline-keys: creates them once; later calls return them. */
    async ensureKeys(principal: Principal): Promise<{ keys: OfflineKeyPair; created: boolean }> {
      requireAdmin(principal);
      const existing = await repo().keysOf(principal.organizationId);
      if (existing) return { keys: present(existing), created: false };
      const keys = await store.db.transaction().execute(async (trx) => {
        const created = await keysOf(principal.organizationId, trx);
        await recordAudit(trx, principal, clock(), {
          action: "offline_keys.created",
          id: principal.organizationId,
          after: { apiKey: created.api_key, sharedKey: created.shared_key_encrypted },
        });
        return created;
      });
      return { keys: present(keys), created: true };
    },

    /** New api key and shared key; requests signed with the old ones stop verifying. */
    async rotateKeys(principal: Principal): Promise<OfflineKeyPair> {
      requireAdmin(principal);
      const { organizationId } = principal;
      const at = clock();
      const keys = await store.db.transaction().execute(async (trx) => {
        const before = await keysOf(organizationId, trx);
        const fresh = newKeys();
        await offlineActivationRepository(trx).replaceKeys(organizationId, {
          ...fresh,
          updated_at: at.toISOString(),
        });
        // The shared keys show as redacted: the entry says that they changed, not to what.
        await recordAudit(trx, principal, at, {
          action: "offline_keys.rotated",
          id: organizationId,
          before: { apiKey: before.api_key, sharedKey: before.shared_key_encrypted },
          after: { apiKey: fresh.api_key, sharedKey: fresh.shared_key_encrypted },
        });
        return keysOf(organizationId, trx);
      });
      return present(keys);
    },

    /**
     * POST /v1/offline/activate: activates the request's device on its license through the
     * licensing engine (limits, locking, status), then answers with the signed response.
     */
    async activate(input: OfflineRequestInput): Promise<OfflineActivationResponse> {
      const authorized = await authorize(input, "activation");
      const { request } = authorized;
      const { machine } = await activation.activate(licensePrincipal(authorized), {
        fingerprint: request.hardware_id,
        name: request.hostname ?? request.os_hostname ?? null,
        osVersion: request.os_ver ?? null,
        appVersion: request.app_ver ?? null,
        variables: request.variables,
        offline: true,
        metadata: {
          offline: true,
          ...(request.is_vm !== undefined ? { isVm: request.is_vm } : {}),
          ...(request.mac_address ? { macAddress: request.mac_address } : {}),
        },
      });
      await recordServed(authorized, "activation", machine.id);
      return respond(authorized, machine);
    },

    /** POST /v1/offline/deactivate: frees the seat of the request's device. */
    async deactivate(input: OfflineRequestInput): Promise<OfflineDeactivationResponse> {
      const authorized = await authorize(input, "deactivation");
      const machine = await licensingRepository(store.db).machineByFingerprint(
        authorized.organizationId,
        authorized.licenseId,
        authorized.request.hardware_id,
      );
      if (!machine) {
        throw new ServiceError("DEVICE_NOT_FOUND", "this device is not activated on the license");
      }
      await activation.deactivate(licensePrincipal(authorized), machine.id);
      await recordServed(authorized, "deactivation", machine.id);
      return {
        license_id: authorized.licenseId,
        hardware_id: authorized.request.hardware_id,
        deactivated: true,
      };
    },
  };
}

function licenseNotFound(): ServiceError {
  return new ServiceError("LICENSE_NOT_FOUND", "no such license");
}

export type OfflineActivationService = ReturnType<typeof offlineActivationService>;
