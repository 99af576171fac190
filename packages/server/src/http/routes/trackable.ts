import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { Value } from "typebox/value";
import { MAX_LIMIT } from "../../domain/policy.js";
import { DEVICE_MODELS, USAGE_PERIODS } from "../../domain/trackable.js";
import { idPattern } from "../../ids.js";
import { ServiceError } from "../../services/errors.js";
import type { Services } from "../../services/index.js";
import type { MachineRecord } from "../../services/records.js";
import {
  BASE64URL_MESSAGE,
  BASE64URL_PATTERN,
  errorResponses,
  FEATURE_PATTERN,
  Feature,
  IDENTIFIER_MESSAGE,
  IDENTIFIER_PATTERN,
  IdParams,
  Nonce,
  Nullable,
  oneOf,
  StringMatching,
  Timestamp,
} from "../schemas.js";
import { isClean } from "../validator.js";

// Trackable licenses (SPEC T1–T11). Devices authorize and report usage with an organization id
// and/or handshake code (+ session password) as the credential, no bearer token; the vendor's
// admin token configures settings, bindings, private trials and reads usage.

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Identifier = (maxLength: number, description: string) =>
  StringMatching(IDENTIFIER_PATTERN, IDENTIFIER_MESSAGE, { minLength: 1, maxLength, description });
const DeviceId = StringMatching(IDENTIFIER_PATTERN, IDENTIFIER_MESSAGE, {
  minLength: 8,
  maxLength: 128,
  description: "the random UUID the SDK generates and caches (SPEC T7)",
});
const HardwareId = StringMatching(BASE64URL_PATTERN, BASE64URL_MESSAGE, {
  minLength: 16,
  maxLength: 128,
  description:
    "public trials only: a hash of the machine's id, keyed per product (the SDK sends " +
    "HMAC-SHA-256 hex where the platform has a machine id); one public trial per value",
});

/** What every device request carries to be recognised (SPEC T2, T4, T5). */
const credential = {
  organizationId: Type.Optional(Text(64)),
  handshakeCode: Type.Optional(Text(64)),
  sessionPassword: Type.Optional(Text(1024)),
  productId: Text(64),
  domain: Type.Optional(Text(255)),
  processName: Type.Optional(Text(255)),
  appIdentifier: Type.Optional(Text(255)),
};

/** SPEC T12: the client asks for its answer encrypted (docs/server.md, "Encryption on request"). */
const Encryption = Type.Optional(
  Type.Literal("aes-256-gcm", {
    description:
      "answer encrypted (AES-256-GCM, key HKDF-SHA256 from the credential): { encrypted } " +
      "instead of the plain answer; needs organizationId or handshakeCode",
  }),
);
const B64url = (bytes: number) =>
  StringMatching(BASE64URL_PATTERN, BASE64URL_MESSAGE, { maxLength: Math.ceil((bytes * 4) / 3) });
const Envelope = Type.Object(
  {
    alg: Type.Literal("aes-256-gcm"),
    salt: B64url(16),
    iv: B64url(12),
    ciphertext: StringMatching("^[A-Za-z0-9_-]*$", BASE64URL_MESSAGE),
    tag: B64url(16),
  },
  { additionalProperties: false },
);
const EncryptedAnswer = Type.Object(
  { encrypted: Envelope },
  { description: "the plain answer as JSON, encrypted (T12)" },
);

const Authorize = Type.Object(
  {
    ...credential,
    encryption: Encryption,
    deviceId: DeviceId,
    hardwareId: Type.Optional(HardwareId),
    platform: Type.Optional(Text(100)),
    appVersion: Type.Optional(Text(50)),
    nonce: Type.Optional(Nonce),
  },
  { additionalProperties: false },
);

const QuotaStage = oneOf(["ok", "grace", "exhausted"] as const);

const Authorization = Type.Object({
  valid: Type.Boolean(),
  code: Type.String(),
  detail: Type.String(),
  lease: Type.String({
    description:
      "lease/<claims>.<signature> (Ed25519): verifyLease from @keyward/formats; claims add " +
      "org, prod, hsc, off (the offline period from this authorization in seconds, gr − iat, " +
      "at most 365 days; T9), q (quota stage) and trial",
  }),
  licenseId: Type.String(),
  expiresAt: Nullable(Type.String()),
  quota: Nullable(QuotaStage),
  trial: Nullable(
    Type.Object({
      kind: oneOf(["public", "private"] as const),
      expiresAt: Nullable(Type.String()),
    }),
  ),
});

const Counters = Type.Unsafe<Record<string, number>>({
  type: "object",
  patternProperties: { [FEATURE_PATTERN]: { type: "integer", minimum: 0, maximum: MAX_LIMIT } },
  additionalProperties: false,
  maxProperties: 100,
  description: "uses per feature in the period",
});

const Report = Type.Object(
  {
    reportId: Identifier(64, "the client's id of the report: counted once (SPEC T6)"),
    deviceId: DeviceId,
    periodStart: Type.String({ format: "date-time" }),
    periodEnd: Type.String({ format: "date-time" }),
    counters: Counters,
  },
  { additionalProperties: false },
);

const Reports = Type.Array(Report, { minItems: 1, maxItems: 1000 });
const Usage = Type.Object(
  {
    ...credential,
    encryption: Encryption,
    reports: Type.Optional(Reports),
    encrypted: Type.Optional(
      Type.Unsafe<never>({
        ...Envelope,
        description:
          "instead of reports: { reports } encrypted (T12); decrypted before validation, so " +
          "its reports are checked like plain ones",
      }),
    ),
  },
  { additionalProperties: false },
);

const UsageAnswer = Type.Object({
  accepted: Type.Integer({ description: "reports counted now" }),
  duplicates: Type.Integer({ description: "reports counted before: not counted again" }),
  counted: Type.Integer({ description: "counter lines (report × feature) counted now" }),
  rejected: Type.Array(Type.Object({ reportId: Type.String(), code: Type.String() })),
  licenses: Type.Array(Type.Object({ licenseId: Type.String(), quota: QuotaStage })),
});

const SettingsFields = {
  deviceModel: oneOf(DEVICE_MODELS),
  inactiveDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  seatSeconds: Type.Integer({ minimum: 60, maximum: 7 * 86_400 }),
  period: oneOf(USAGE_PERIODS),
  featureQuotas: Type.Unsafe<Record<string, number>>({
    type: "object",
    patternProperties: { [FEATURE_PATTERN]: { type: "integer", minimum: 1, maximum: MAX_LIMIT } },
    additionalProperties: false,
    maxProperties: 100,
  }),
  alertThresholds: Type.Array(Type.Integer({ minimum: 1, maximum: 1000 }), {
    maxItems: 10,
    uniqueItems: true,
  }),
};
const Settings = Type.Object(SettingsFields);
/** A change: a setting given is set, null removes it (the inherited or default value applies). */
const SettingsInput = Type.Partial(
  Type.Object({
    deviceModel: Nullable(SettingsFields.deviceModel),
    inactiveDays: Nullable(SettingsFields.inactiveDays),
    seatSeconds: Nullable(SettingsFields.seatSeconds),
    period: Nullable(SettingsFields.period),
    featureQuotas: Nullable(SettingsFields.featureQuotas),
    alertThresholds: Nullable(SettingsFields.alertThresholds),
  }),
  { additionalProperties: false },
);
const SettingsAnswer = Type.Object({
  data: Type.Object({ own: Type.Partial(Settings), effective: Settings }),
});

const ProductSettings = Type.Object(
  { publicTrialPolicyId: Nullable(Text(64)) },
  { additionalProperties: false },
);

// Devices also hear 429 SESSION_PASSWORD_BUSY: too many session passwords checked at once.
const deviceErrors = { ...errorResponses, 429: errorResponses[400] };

const Binding = Type.Object({
  data: Type.Object({
    licenseId: Type.String(),
    handshakeCodeId: Nullable(Type.String()),
  }),
});

const UsageQuery = Type.Object(
  {
    groupBy: Type.Optional(oneOf(["day", "device", "feature"] as const)),
    from: Type.Optional(Type.String({ format: "date" })),
    to: Type.Optional(Type.String({ format: "date" })),
    deviceId: Type.Optional(DeviceId),
    feature: Type.Optional(Feature()),
  },
  { additionalProperties: false },
);

const Quota = Type.Object({
  data: Type.Object({
    period: Type.String(),
    stage: QuotaStage,
    quotas: Type.Array(
      Type.Object({
        metric: Type.String(),
        used: Type.Integer(),
        limit: Nullable(Type.Integer()),
        most: Nullable(Type.Integer()),
        stage: QuotaStage,
      }),
    ),
    devices: Type.Object({
      model: oneOf(DEVICE_MODELS),
      inUse: Type.Integer(),
      limit: Nullable(Type.Integer()),
      most: Nullable(Type.Integer()),
      // grace: more devices in use than the limit (its overage taken); never exhausted.
      stage: oneOf(["ok", "grace"] as const),
    }),
  }),
});

const Trial = Type.Object({
  data: Type.Object({ licenseId: Type.String(), expiresAt: Type.String() }),
});

/** A device of a code's licenses, as the credential's holder sees it (no vendor metadata). */
const TrackableDevice = Type.Object({
  id: Type.String({ description: "the device's machine id (mach_…)" }),
  licenseId: Type.String(),
  deviceId: Type.String({ description: "the device's UUID (SPEC T7)" }),
  platform: Nullable(Type.String()),
  appVersion: Nullable(Type.String()),
  lastSeenAt: Nullable(Timestamp, {
    description: "its last authorization or usage report",
  }),
  seatUntil: Nullable(Timestamp, {
    description: "concurrent model: when its seat lapses without activity; null otherwise",
  }),
  createdAt: Timestamp,
});

function presentDevice(machine: MachineRecord) {
  return {
    id: machine.id,
    licenseId: machine.licenseId,
    deviceId: machine.fingerprint,
    platform: machine.platform,
    appVersion: machine.appVersion,
    lastSeenAt: machine.lastHeartbeatAt,
    seatUntil: machine.heartbeatDeadlineAt,
    createdAt: machine.createdAt,
  };
}

const ListDevices = Type.Object(
  {
    ...credential,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "default 100" })),
    cursor: Type.Optional(
      StringMatching(
        idPattern("mach"),
        "must be the nextCursor of an earlier page of this list: an id starting mach_",
        { description: "nextCursor of the previous page" },
      ),
    ),
  },
  { additionalProperties: false },
);

const ReleaseDevice = Type.Object(
  { ...credential, deviceId: DeviceId },
  { additionalProperties: false },
);

/** The errors of a device request's credential (T2, T4, T5) and of reaching a license. */
const credentialErrors = [
  "SESSION_PASSWORD_INVALID",
  "DOMAIN_NOT_ALLOWED",
  "PROCESS_NOT_ALLOWED",
  "APP_IDENTIFIER_NOT_ALLOWED",
  "HANDSHAKE_CODE_NOT_FOUND",
  "HANDSHAKE_CODE_REQUIRED",
  "LICENSE_NOT_FOUND",
  "SESSION_PASSWORD_BUSY",
  "RATE_LIMITED",
  "DATABASE_UNAVAILABLE",
] as const;

/** The device side: no bearer token, the organization/handshake code is the credential. */
export const trackableDeviceRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const crypt = services.trackable.encryption;
  /** Usage requests that came encrypted: their iv, which the encrypted answer is bound to. */
  const encryptedRequests = new WeakMap<object, string>();
  app.post(
    "/v1/trackable/authorize",
    {
      schema: {
        tags: ["trackable"],
        summary: "Authorize a device by organization and/or handshake code (SPEC T2–T10)",
        operationId: "authorizeDevice",
        "x-error-codes": [
          "SESSION_PASSWORD_INVALID",
          "DOMAIN_NOT_ALLOWED",
          "PROCESS_NOT_ALLOWED",
          "APP_IDENTIFIER_NOT_ALLOWED",
          "HANDSHAKE_CODE_NOT_FOUND",
          "LICENSE_NOT_FOUND",
          "TRIAL_NOT_AVAILABLE",
          "POLICY_NOT_FOUND",
          "TRIAL_ALREADY_USED",
          "CONFLICT",
          "ENCRYPTION_UNAVAILABLE",
          "SESSION_PASSWORD_BUSY",
          "RATE_LIMITED",
          "DATABASE_UNAVAILABLE",
        ],
        // No bearer token: the organization id / handshake code (+ password) is the credential.
        security: [],
        description:
          "Neither organizationId nor handshakeCode: the product's 7-day public trial, once per " +
          "device UUID and, when hardwareId is sent, once per machine (409 TRIAL_ALREADY_USED). " +
          "200 with a signed lease for every decision on a license (valid or not); 401 " +
          "SESSION_PASSWORD_INVALID, 403 DOMAIN/PROCESS/APP_IDENTIFIER_NOT_ALLOWED, 404 " +
          "HANDSHAKE_CODE_NOT_FOUND / LICENSE_NOT_FOUND / TRIAL_NOT_AVAILABLE, 429 " +
          "SESSION_PASSWORD_BUSY (retry in a few seconds).",
        body: Authorize,
        response: { 200: Type.Union([Authorization, EncryptedAnswer]), ...deviceErrors },
      },
    },
    async (request) => {
      const { encryption, ...body } = request.body;
      const input = { ...body, address: request.ip };
      if (encryption === undefined) return services.trackable.authorize(input);
      // Refused before anything is granted: nothing changes.
      crypt.require(input);
      const answer = await services.trackable.authorize(input);
      return crypt.seal(
        input,
        {
          purpose: "authorization",
          productId: input.productId,
          deviceId: input.deviceId,
          nonce: input.nonce,
        },
        answer,
      );
    },
  );

  app.post(
    "/v1/trackable/usage",
    {
      schema: {
        tags: ["trackable"],
        summary: "Report usage: a batch of condensed reports, each counted once (SPEC T6, T8)",
        operationId: "reportUsage",
        description:
          "Counts a batch of usage reports from devices, each once per license and report id (a " +
          "repeat is a duplicate, not counted again). Reports of unknown devices or licenses, or " +
          "past an exhausted quota, come back in `rejected` with their code; the rest are counted.",
        "x-error-codes": [
          "SESSION_PASSWORD_INVALID",
          "DOMAIN_NOT_ALLOWED",
          "PROCESS_NOT_ALLOWED",
          "APP_IDENTIFIER_NOT_ALLOWED",
          "HANDSHAKE_CODE_NOT_FOUND",
          "INVALID_REPORT",
          "ENCRYPTION_UNAVAILABLE",
          "ENCRYPTED_BODY_INVALID",
          "SESSION_PASSWORD_BUSY",
          "RATE_LIMITED",
          "DATABASE_UNAVAILABLE",
        ],
        // No bearer token: the organization id / handshake code (+ password) is the credential.
        security: [],
        body: Usage,
        response: { 200: Type.Union([UsageAnswer, EncryptedAnswer]), ...deviceErrors },
      },
      // An encrypted body is opened before validation: its reports then pass the same schema
      // (and NUL/depth checks) as plain ones. Undecryptable: 400 ENCRYPTED_BODY_INVALID.
      preValidation: async (request) => {
        const body = request.body as Record<string, unknown> | null;
        if (typeof body !== "object" || body === null || body.reports !== undefined) return;
        // An envelope not of its schema's shape (another alg, a field of another type, an
        // unknown field) is left to validation, which names the field (400 VALIDATION_FAILED).
        if (!Value.Check(Envelope, body.encrypted)) return;
        // A NUL or a nesting too deep: validation refuses it, naming the field.
        if (!isClean(body)) return;
        const credential = stringFields(body, [
          "organizationId",
          "handshakeCode",
          "sessionPassword",
        ]);
        if (credential === null || typeof body.productId !== "string") return;
        const envelope = body.encrypted as { iv?: unknown };
        const opened = await crypt.open(
          credential,
          { purpose: "usage-report", productId: body.productId },
          envelope,
        );
        const { encrypted: _, ...rest } = body;
        // Not { reports }: null, which validation refuses (body.reports must be array).
        request.body = {
          ...rest,
          reports: (opened as { reports?: unknown } | null)?.reports ?? null,
        } as typeof request.body;
        encryptedRequests.set(request, typeof envelope.iv === "string" ? envelope.iv : "");
      },
    },
    async (request) => {
      const { encryption, encrypted, reports, ...credential } = request.body;
      if (reports === undefined || encrypted !== undefined) {
        throw new ServiceError("VALIDATION_FAILED", "send either reports or encrypted", [
          { path: "body.reports", message: "send either reports or encrypted (not both)" },
        ]);
      }
      if (encryption !== undefined) crypt.require(credential);
      const answer = await services.trackable.usage.ingest({
        ...credential,
        reports,
        address: request.ip,
      });
      if (encryption === undefined) return answer;
      const nonce = encryptedRequests.get(request) ?? "";
      return crypt.seal(
        credential,
        { purpose: "usage-answer", productId: credential.productId, nonce },
        answer,
      );
    },
  );
  app.post(
    "/v1/trackable/devices/actions/list",
    {
      schema: {
        tags: ["trackable"],
        summary: "List the devices of the handshake code's licenses of a product (SPEC X6)",
        operationId: "listTrackableDevices",
        description:
          "The devices (machines) holding seats of the licenses of `productId` bound to the " +
          "handshake code the credential resolves to, in registration order, a page at a time " +
          '(`nextCursor` back as `cursor`): for a "your devices" screen where the customer ' +
          "frees the seat of a lost device. The credential is checked as for an authorization; " +
          "a public trial's request (neither organizationId nor handshakeCode) is 400 " +
          "HANDSHAKE_CODE_REQUIRED. POST because the session password travels in the body.",
        "x-error-codes": [...credentialErrors],
        // No bearer token: the organization id / handshake code (+ password) is the credential.
        security: [],
        body: ListDevices,
        response: {
          200: Type.Object({
            data: Type.Array(TrackableDevice),
            nextCursor: Nullable(Type.String()),
          }),
          ...deviceErrors,
        },
      },
    },
    async (request) => {
      const { limit, cursor, ...input } = request.body;
      const page = await services.trackable.devices.devices(
        { ...input, address: request.ip },
        { limit: limit ?? 100, cursor },
      );
      return { data: page.items.map(presentDevice), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/v1/trackable/devices/actions/release",
    {
      schema: {
        tags: ["trackable"],
        summary: "Free a device's seat: the device itself, or a lost one (SPEC X6, T10)",
        operationId: "releaseTrackableDevice",
        description:
          "Deletes the machine of `deviceId` on the licenses of `productId` bound to the " +
          "handshake code the credential resolves to, freeing its seat at once (per-device " +
          "licenses no longer wait for the inactivity release). Records `machine.deactivated` " +
          "(`by: handshake_code`, also a webhook) and an audit entry. Answers the released " +
          "devices. 404 DEVICE_NOT_FOUND when none of those licenses has the device (unknown, " +
          "already released, or another code's); the device may authorize again later and " +
          "then takes a seat like a new one.",
        "x-error-codes": [...credentialErrors, "DEVICE_NOT_FOUND"],
        // No bearer token: the organization id / handshake code (+ password) is the credential.
        security: [],
        body: ReleaseDevice,
        response: { 200: Type.Object({ data: Type.Array(TrackableDevice) }), ...deviceErrors },
      },
    },
    async (request) => {
      const released = await services.trackable.devices.release({
        ...request.body,
        address: request.ip,
        origin: { requestId: request.id, ip: request.ip },
      });
      return { data: released.map(presentDevice) };
    },
  );
};

/** The named members of `body` if each is a string or absent; else null (validation refuses). */
function stringFields(
  body: Record<string, unknown>,
  names: readonly string[],
): Record<string, string | undefined> | null {
  const fields: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = body[name];
    if (value !== undefined && typeof value !== "string") return null;
    fields[name] = value;
  }
  return fields;
}

/** The vendor side (admin token). */
export const trackableRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const settings = services.trackable.settings;

  for (const owner of ["policy", "license"] as const) {
    const path = `/v1/${owner === "policy" ? "policies" : "licenses"}/:id/trackable`;
    app.get(
      path,
      {
        schema: {
          tags: ["trackable"],
          summary: `Trackable settings of a ${owner}: its own and the effective ones`,
          operationId: owner === "policy" ? "getPolicyTrackable" : "getLicenseTrackable",
          description:
            `The ${owner}'s own trackable settings and the effective ones, after what it inherits ` +
            "is merged in (a license inherits its policy's).",
          "x-error-codes": [owner === "policy" ? "POLICY_NOT_FOUND" : "LICENSE_NOT_FOUND"],
          params: IdParams,
          response: { 200: SettingsAnswer, ...errorResponses },
        },
      },
      async (request) => ({
        data: await settings.get(request.principal, owner, request.params.id),
      }),
    );
    app.put(
      path,
      {
        schema: {
          tags: ["trackable"],
          summary: `Change a ${owner}'s trackable settings (merged into what it has)`,
          operationId: owner === "policy" ? "updatePolicyTrackable" : "updateLicenseTrackable",
          description:
            `Merges the body into the ${owner}'s own trackable settings (null removes a setting) ` +
            "and answers its own and effective settings.",
          "x-error-codes": [owner === "policy" ? "POLICY_NOT_FOUND" : "LICENSE_NOT_FOUND"],
          params: IdParams,
          body: SettingsInput,
          response: { 200: SettingsAnswer, ...errorResponses },
        },
      },
      async (request) => ({
        data: await settings.put(request.principal, owner, request.params.id, request.body),
      }),
    );
  }

  app.get(
    "/v1/products/:id/trackable",
    {
      schema: {
        tags: ["trackable"],
        summary: "A product's trackable settings (its public-trial policy)",
        operationId: "getProductTrackable",
        description:
          "The product's trackable settings: the policy its public trials follow, if any.",
        "x-error-codes": ["PRODUCT_NOT_FOUND"],
        params: IdParams,
        response: { 200: Type.Object({ data: ProductSettings }), ...errorResponses },
      },
    },
    async (request) => ({ data: await settings.getProduct(request.principal, request.params.id) }),
  );
  app.put(
    "/v1/products/:id/trackable",
    {
      schema: {
        tags: ["trackable"],
        summary: "Set the policy of the product's 7-day public trials (null: no public trial)",
        operationId: "updateProductTrackable",
        description:
          "Sets the policy the product's 7-day public trials are made from (a policy of this " +
          "product), or null to offer no public trial.",
        "x-error-codes": ["PRODUCT_NOT_FOUND", "POLICY_NOT_FOUND", "POLICY_PRODUCT_MISMATCH"],
        params: IdParams,
        body: ProductSettings,
        response: { 200: Type.Object({ data: ProductSettings }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await settings.putProduct(request.principal, request.params.id, request.body),
    }),
  );

  app.post(
    "/v1/licenses/:id/actions/bind-handshake-code",
    {
      schema: {
        tags: ["trackable"],
        summary: "Bind a license to a handshake code (absent: the organization's default; T3)",
        operationId: "bindLicenseHandshakeCode",
        description:
          "Binds the license to a handshake code (`handshakeCodeId`, or the organization's " +
          "default when absent): devices sending that code reach the license. Answers the license.",
        "x-error-codes": [
          "LICENSE_NOT_FOUND",
          "HANDSHAKE_CODE_NOT_FOUND",
          "NO_DEFAULT_HANDSHAKE_CODE",
        ],
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { handshakeCodeId: Type.Optional(Text(64)) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Binding, ...errorResponses },
      },
    },
    async (request) => ({
      data: await settings.bind(
        request.principal,
        request.params.id,
        request.body?.handshakeCodeId,
      ),
    }),
  );
  app.post(
    "/v1/licenses/:id/actions/unbind-handshake-code",
    {
      schema: {
        tags: ["trackable"],
        summary: "Unbind a license from its handshake code: devices no longer reach it",
        operationId: "unbindLicenseHandshakeCode",
        description:
          "Removes the license's handshake code: devices no longer reach it through one. Answers " +
          "the license.",
        "x-error-codes": ["LICENSE_NOT_FOUND"],
        params: IdParams,
        response: { 200: Binding, ...errorResponses },
      },
    },
    async (request) => ({ data: await settings.unbind(request.principal, request.params.id) }),
  );

  app.post(
    "/v1/trackable/private-trials",
    {
      schema: {
        tags: ["trackable"],
        summary: "Create the organization's 30-day private trial on its default code (SPEC T3)",
        operationId: "createPrivateTrial",
        "x-error-codes": ["POLICY_NOT_FOUND", "NO_DEFAULT_HANDSHAKE_CODE", "CONFLICT"],
        description: "201 when created; 200 with the existing trial: one per product.",
        body: Type.Object({ policyId: Text(64) }, { additionalProperties: false }),
        response: { 200: Trial, 201: Trial, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { grant, created } = await services.trackable.privateTrial(
        request.principal,
        request.body.policyId,
      );
      return reply
        .status(created ? 201 : 200)
        .send({ data: { licenseId: grant.licenseId, expiresAt: grant.expiresAt } });
    },
  );

  app.get(
    "/v1/licenses/:id/usage",
    {
      schema: {
        tags: ["trackable"],
        summary: "A license's reported usage summed per day (default), device or feature",
        operationId: "getLicenseUsage",
        description:
          "The license's reported usage in a time range, summed per day (default), per device or " +
          "per feature. 400 INVALID_DATE_RANGE when from is after to.",
        "x-error-codes": ["LICENSE_NOT_FOUND", "INVALID_DATE_RANGE"],
        params: IdParams,
        querystring: UsageQuery,
        response: {
          200: Type.Object({
            data: Type.Array(Type.Object({ key: Type.String(), count: Type.Integer() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: await services.trackable.usage.usage(request.principal, request.params.id, {
        ...request.query,
        groupBy: request.query.groupBy ?? "day",
      }),
    }),
  );

  app.get(
    "/v1/licenses/:id/quota",
    {
      schema: {
        tags: ["trackable"],
        summary: "A license's quotas in the current period and its devices in use",
        operationId: "getLicenseQuota",
        description:
          "The license's quotas in the current period (used, limit, the most with grace, " +
          "stage) and the devices it has in use now.",
        "x-error-codes": ["LICENSE_NOT_FOUND"],
        params: IdParams,
        response: { 200: Quota, ...errorResponses },
      },
    },
    async (request) => ({
      data: await services.trackable.usage.quota(request.principal, request.params.id),
    }),
  );
};
