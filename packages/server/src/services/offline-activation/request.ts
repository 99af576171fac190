import { createHash } from "node:crypto";
import {
  base64Decode,
  decodeActivationRequest,
  LICENSESPRING_PREFIX,
  type OfflineActivationRequest,
  type OfflineRequestReason,
  verifyActivationRequest,
} from "@keyward/formats";
import { hmacSha256Sync, nodeCrypto } from "@keyward/formats/node";
import { secretsEqual } from "../../secrets.js";
import { licensingRepository } from "../../store/licensing.js";
import { offlineActivationRepository } from "../../store/offline-activation.js";
import type { OfflineRequestKind, UserRecord as User } from "../../store/records.js";
import { type ErrorCode, ServiceError } from "../errors.js";
import { hashLicenseKey } from "../licenses.js";
import { type Principal, requireProductAccess } from "../principal.js";
import { type RequestKeys, requestKeys } from "./keys.js";
import {
  type Authorized,
  DEFAULT_DATE_WINDOW_SECONDS,
  type OfflineActivationDeps,
  type OfflineAuthorization,
  type OfflineDate,
  type OfflineRequestInput,
} from "./types.js";

// A device's request checked (SPEC L1–L7, seed 003): its envelope decoded, the Authorization
// and Date headers the route parsed, the request's own HMAC, replay, then the license it names.

/** The request was served already (its signature's hash is recorded). */
export function replayed(): ServiceError {
  return new ServiceError("REQUEST_REPLAYED", "this request was already served: make a new one");
}

export function licenseNotFound(): ServiceError {
  return new ServiceError("LICENSE_NOT_FOUND", "no such license");
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

/** The kinds a request's optional `request` field may name, and where each is sent. */
const REQUEST_KINDS: Record<OfflineRequestKind, string> = {
  activation: "/v1/offline/activate",
  deactivation: "/v1/offline/deactivate",
};

/**
 * A request of the other kind names where it goes; any other value is said to be none of the
 * kinds, never quoted (it is the request's, unchecked: any length, line breaks, empty).
 */
function wrongKind(value: string): ServiceError {
  const endpoint = Object.hasOwn(REQUEST_KINDS, value)
    ? REQUEST_KINDS[value as OfflineRequestKind]
    : undefined;
  return new ServiceError(
    "WRONG_REQUEST_KIND",
    endpoint === undefined
      ? 'request is not a known kind: it must be "activation" or "deactivation", or be left out'
      : `request is "${value}": send it to ${endpoint}`,
  );
}

/** The Authorization header: LicenseSpring's HMAC of the Date header, or a vendor token. */
export async function checkAuthorization(
  deps: Pick<OfflineActivationDeps, "tokens">,
  authorization: OfflineAuthorization,
  date: OfflineDate,
  keys: RequestKeys,
): Promise<Principal | null> {
  if (authorization.scheme === "bearer") {
    const principal = await deps.tokens.authenticate(authorization.token);
    if (
      !principal ||
      principal.kind === "license" ||
      principal.organizationId !== keys.organizationId
    ) {
      throw new ServiceError("INVALID_AUTHORIZATION", "the bearer token cannot serve this api_key");
    }
    if (principal.readOnly) {
      throw new ServiceError("TOKEN_READ_ONLY", "a read-scoped token cannot activate");
    }
    return principal;
  }
  const expected = Buffer.from(
    hmacSha256Sync(
      Buffer.from(keys.sharedKey, "utf8"),
      `${LICENSESPRING_PREFIX}\ndate: ${date.text}`,
    ),
  ).toString("base64");
  if (
    authorization.scheme !== "hmac-sha256" ||
    !secretsEqual(authorization.apiKey, keys.apiKey) ||
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
export function checkDate(
  deps: Pick<OfflineActivationDeps, "clock" | "dateWindowSeconds">,
  { at }: OfflineDate,
): void {
  const windowMs = (deps.dateWindowSeconds ?? DEFAULT_DATE_WINDOW_SECONDS) * 1000;
  if (at === null) {
    throw new ServiceError(
      "INVALID_DATE_HEADER",
      "the Date header is not an RFC 7231 date in its IMF-fixdate form, such as " +
        "Mon, 07 Dec 2026 12:00:00 GMT (GMT, the date's own weekday)",
    );
  }
  if (Math.abs(deps.clock().getTime() - at.getTime()) > windowMs) {
    throw new ServiceError(
      "STALE_DATE",
      `the Date header is more than ${windowMs / 60_000} minutes from the server's time`,
    );
  }
}

/** The request envelope, decoded and checked field by field (no credential checked yet). */
export function decodeOfflineRequest(body: string | undefined): OfflineActivationRequest {
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
export async function authorizeOfflineRequest(
  deps: OfflineActivationDeps,
  input: OfflineRequestInput,
  kind: OfflineRequestKind,
): Promise<Authorized> {
  const repo = offlineActivationRepository(deps.store.db);
  const request = decodeOfflineRequest(input.body);
  if (request.request !== undefined && request.request !== kind) throw wrongKind(request.request);
  const stored = await repo.keysByApiKey(request.api_key);
  const keys = stored && requestKeys(deps.secret, stored, request.api_key, deps.clock());
  if (!keys) throw new ServiceError("INVALID_API_KEY", "no organization has this api_key");
  const { organizationId, sharedKey } = keys;
  const vendor = await checkAuthorization(deps, input.authorization, input.date, keys);
  checkDate(deps, input.date);
  const verified = await verifyActivationRequest(request, { sharedKey, crypto: nodeCrypto });
  if (!verified.ok) {
    throw new ServiceError("INVALID_SIGNATURE", "the request signature does not verify");
  }
  // Hash the MAC bytes, not the text: two spellings of one Base64 value are one request.
  const signatureHash = createHash("sha256").update(base64Decode(request.signature)).digest("hex");
  if (await repo.requestSeen(organizationId, signatureHash)) throw replayed();

  let licenseId: string;
  let user: User | null = null;
  if (request.license_key !== undefined) {
    const found = await licensingRepository(deps.store.db).licenseByKeyHash(
      hashLicenseKey(request.license_key),
    );
    // Another organization's license is unknown here (its api key named this one).
    if (!found || found.organizationId !== organizationId) throw licenseNotFound();
    licenseId = found.id;
  } else {
    const login = await deps.licenseUsers.login(
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
    const context = await licensingRepository(deps.store.db).contextById(organizationId, licenseId);
    if (!context) throw licenseNotFound();
    requireProductAccess(vendor, context.license.productId);
  }
  return { organizationId, request, sharedKey, signatureHash, licenseId, user };
}
