import multipart from "@fastify/multipart";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../../services/errors.js";
import type { Services } from "../../services/index.js";
import type {
  OfflineActivationResponse,
  OfflineAuthorization,
  OfflineDate,
  OfflineRequestInput,
} from "../../services/offline-activation.js";
import { errorResponses, Nullable, Timestamp } from "../schemas.js";

// Offline activation (SPEC L1–L7, seed 003): the request is Base64 text, sent as the raw body
// or as the `file` field of multipart/form-data; the HMAC inside it is the credential, with the
// Authorization and Date headers of LicenseSpring's API. Field names are seed 003's.

/** Request files are small; this bounds what a multipart part or raw body may hold. */
const MAX_REQUEST_BYTES = 64 * 1024;

const NullableString = Nullable(Type.String());
const NullableCount = Nullable(Type.Integer());

const ActivationResponse = Type.Object(
  {
    license_id: Type.String(),
    license_key: Nullable(Type.String(), {
      description: "null when the request was authorized by a license user",
    }),
    license_type: Type.Union([
      Type.Literal("perpetual"),
      Type.Literal("time-limited"),
      Type.Literal("subscription"),
      Type.Literal("consumption"),
    ]),
    is_trial: Type.Boolean(),
    license_active: Type.Boolean(),
    license_enabled: Type.Boolean(),
    is_expired: Type.Boolean(),
    validity_period: Nullable(Timestamp, { description: "expiry; null: never" }),
    max_activations: NullableCount,
    times_activated: Type.Integer(),
    max_consumptions: NullableCount,
    total_consumptions: Type.Integer(),
    allow_overages: Type.Boolean(),
    max_overages: Type.Integer(),
    product_features: Type.Array(Type.Object({ code: Type.String() })),
    product_details: Type.Object({
      product_id: Type.String(),
      product_name: Type.String(),
      short_code: NullableString,
      authorization_method: Type.Union([Type.Literal("license_key"), Type.Literal("user")]),
    }),
    user: Nullable(
      Type.Object({
        id: Type.String(),
        email: Type.String(),
        username: NullableString,
        name: NullableString,
      }),
    ),
    device_id: Type.String(),
    hardware_id: Type.String(),
    variables: Type.Record(Type.String(), Type.Unknown()),
    date: Type.String({ description: "RFC 7231 date the offline_signature covers" }),
    offline_signature: Type.String({
      description:
        "base64 HMAC-SHA256 (shared key) of licenseSpring\\ndate: <date>\\n<license_key or " +
        "username>\\n<hardware_id>\\n<api_key>",
    }),
  },
  { description: "seed 003's activation response" },
);

const DeactivationResponse = Type.Object({
  license_id: Type.String(),
  hardware_id: Type.String(),
  deactivated: Type.Literal(true),
});

const FormatQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal("json"), Type.Literal("file")], {
        description: "file: the response as a downloadable response file (Base64 of the JSON)",
      }),
    ),
  },
  { additionalProperties: false },
);

const offlineErrors = {
  ...errorResponses,
  422: errorResponses[400],
  429: errorResponses[400],
};

/** What an offline request can be refused with, activation or deactivation alike. */
const OFFLINE_CODES = [
  "RATE_LIMITED",
  "MISSING_HEADERS",
  "REQUEST_BODY_MISSING",
  "FILE_MISSING",
  "VALIDATION_FAILED",
  "INVALID_BASE64",
  "INVALID_REQUEST_DATA",
  "LICENSE_KEY_MISSING",
  "AMBIGUOUS_IDENTITY",
  "HARDWARE_ID_MISSING",
  "DATE_MISSING",
  "API_KEY_MISSING",
  "SIGNATURE_MISSING",
  "INVALID_FIELD",
  "WRONG_REQUEST_KIND",
  "INVALID_DATE_HEADER",
  "PASSWORD_MISSING",
  "INVALID_API_KEY",
  "INVALID_AUTHORIZATION",
  "STALE_DATE",
  "INVALID_SIGNATURE",
  "INVALID_CREDENTIALS",
  "LICENSE_NOT_FOUND",
  "REQUEST_REPLAYED",
  "LICENSE_AMBIGUOUS",
  "TOO_MANY_ATTEMPTS",
  "DATABASE_UNAVAILABLE",
] as const;

const REQUEST_DESCRIPTION =
  "Body: the device's request, Base64 of its JSON, as the raw body (any content type) or as " +
  "the `file` field of multipart/form-data. Headers: `Date` (RFC 7231, within the server's " +
  'window, default 10 minutes) and `Authorization`: LicenseSpring\'s `algorithm="hmac-sha256",' +
  'headers="date",signature="<base64 HMAC of licenseSpring\\ndate: <Date>>",apikey="<api key>"`, ' +
  "or `Bearer <admin or product token>`. A request is served once (replays: 409).";

/** The Base64 request text: the raw body, or the `file` part of a multipart body. */
async function requestText(request: FastifyRequest): Promise<string | undefined> {
  if (!request.isMultipart()) return request.body as string | undefined;
  let text: string | undefined;
  let sawPart = false;
  try {
    for await (const part of request.parts()) {
      sawPart = true;
      if (part.fieldname !== "file" || text !== undefined) {
        if (part.type === "file") part.file.resume();
        continue;
      }
      text = part.type === "file" ? (await part.toBuffer()).toString("utf8") : String(part.value);
    }
  } catch (error) {
    throw malformedMultipart(request, error);
  }
  if (text === undefined) {
    throw sawPart
      ? new ServiceError("FILE_MISSING", "the multipart body has no `file` field")
      : new ServiceError("REQUEST_BODY_MISSING", "no file found in the request body");
  }
  return text;
}

/** A `boundary` parameter in a Content-Type: it only picks the message (busboy decides). */
const BOUNDARY_PARAMETER = /;\s*boundary\*?\s*=/i;

/**
 * A multipart body busboy could not read (its plain Errors: no boundary, a malformed part, the
 * body ending inside one) is the caller's 400 VALIDATION_FAILED, not a fault of the server.
 * @fastify/multipart's own errors (a file over the size limit, too many parts) have a status
 * and keep their answers.
 */
function malformedMultipart(request: FastifyRequest, error: unknown): unknown {
  if (error instanceof ServiceError || typeof (error as FastifyError)?.statusCode === "number") {
    return error;
  }
  request.log.debug({ reason: (error as Error)?.message }, "unreadable multipart body");
  const problem = BOUNDARY_PARAMETER.test(request.headers["content-type"] ?? "")
    ? "is not valid multipart/form-data: its boundary is too long, a part is " +
      "malformed, or the body ends inside a part"
    : "is multipart/form-data without a boundary (Content-Type: multipart/form-data; " +
      "boundary=<1–70 characters>)";
  return new ServiceError("VALIDATION_FAILED", `body ${problem}`, [
    { path: "body", message: problem },
  ]);
}

// LicenseSpring's API authorization: an HMAC of "licenseSpring\ndate: <Date header>".
const SIGNATURE_AUTH = /^\s*(?:[a-z]+="[^"]*"\s*,\s*)*[a-z]+="[^"]*"\s*$/i;
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/i;

/** A bearer token, LicenseSpring's `name="value"` list with a signature and api key, or neither. */
function parseAuthorization(header: string): OfflineAuthorization {
  const bearer = BEARER.exec(header);
  if (bearer) return { scheme: "bearer", token: bearer[1]! };
  if (!SIGNATURE_AUTH.test(header)) return { scheme: "unrecognized" };
  const fields = new Map<string, string>();
  for (const [, name, value] of header.matchAll(/([a-z]+)="([^"]*)"/gi)) {
    fields.set(name!.toLowerCase(), value!);
  }
  const signature = fields.get("signature");
  const apiKey = fields.get("apikey");
  if (
    (fields.get("algorithm") ?? "hmac-sha256").toLowerCase() !== "hmac-sha256" ||
    signature === undefined ||
    apiKey === undefined
  ) {
    return { scheme: "unrecognized" };
  }
  return { scheme: "hmac-sha256", signature, apiKey };
}

function parseDate(header: string): OfflineDate {
  const at = Date.parse(header);
  return { text: header, at: Number.isNaN(at) ? null : new Date(at) };
}

async function offlineRequest(request: FastifyRequest): Promise<OfflineRequestInput> {
  const { authorization, date } = request.headers;
  // Seed 003: "missing authorization or date headers" comes before any look at the body.
  if (!authorization?.trim() || !date?.trim()) {
    throw new ServiceError("MISSING_HEADERS", "the Authorization and Date headers are required");
  }
  return {
    authorization: parseAuthorization(authorization),
    date: parseDate(date),
    body: await requestText(request),
    address: request.ip,
  };
}

/** ?format=file, or (without ?format) an Accept that asks for octet-stream and not JSON. */
function wantsFile(format: string | undefined, accept = ""): boolean {
  if (format !== undefined) return format === "file";
  return accept.includes("application/octet-stream") && !accept.includes("application/json");
}

function sendActivation(reply: FastifyReply, response: OfflineActivationResponse, asFile: boolean) {
  if (!asFile) return reply.send(response);
  return reply
    .type("application/octet-stream")
    .header("content-disposition", `attachment; filename="${response.license_id}.offline"`)
    .send(Buffer.from(JSON.stringify(response), "utf8").toString("base64"));
}

/** POST /v1/offline/activate and /deactivate: public, the request's HMAC is the credential. */
export const offlineActivationRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  // In this plugin only: any content type is the request text, except multipart.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "string", bodyLimit: MAX_REQUEST_BYTES },
    (_r, body, done) => done(null, body),
  );
  await app.register(multipart, {
    limits: { fileSize: MAX_REQUEST_BYTES, fieldSize: MAX_REQUEST_BYTES, files: 4, fields: 16 },
  });

  app.post(
    "/v1/offline/activate",
    {
      schema: {
        tags: ["offline activation"],
        summary: "Activate a device from its offline request file (seed 003, LicenseSpring names)",
        operationId: "activateOffline",
        "x-error-codes": [
          ...OFFLINE_CODES,
          "LICENSE_SUSPENDED",
          "LICENSE_EXPIRED",
          "LICENSE_REVOKED",
          "HEARTBEAT_DEAD",
          "MACHINE_LIMIT_EXCEEDED",
        ],
        // The HMAC authorization header (or a bearer token) is checked by the service.
        security: [],
        description:
          `${REQUEST_DESCRIPTION} The answer is the license and the activated device with an ` +
          "`offline_signature` the device checks with its shared key; `?format=file` (or " +
          "`Accept: application/octet-stream`) returns it as a response file.",
        querystring: FormatQuery,
        response: { 200: ActivationResponse, ...offlineErrors },
      },
    },
    async (request, reply) =>
      sendActivation(
        reply,
        await services.offlineActivation.activate(await offlineRequest(request)),
        wantsFile(request.query.format, request.headers.accept),
      ),
  );

  app.post(
    "/v1/offline/deactivate",
    {
      schema: {
        tags: ["offline activation"],
        summary: "Free a device's seat from its signed offline deactivation request",
        operationId: "deactivateOffline",
        "x-error-codes": [...OFFLINE_CODES, "DEVICE_NOT_FOUND"],
        security: [],
        description: REQUEST_DESCRIPTION,
        response: { 200: DeactivationResponse, ...offlineErrors },
      },
    },
    async (request) => services.offlineActivation.deactivate(await offlineRequest(request)),
  );
};

const OfflineKeys = Type.Object({
  apiKey: Type.String({ description: "public: devices put it in their requests (api_key)" }),
  sharedKey: Type.String({
    description:
      "the HMAC key devices sign requests and verify responses with; embed it in the app",
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** The organization's offline api key and shared key (admin tokens). */
export const offlineKeyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    "/v1/organization/offline-keys",
    {
      schema: {
        tags: ["offline activation"],
        summary: "The offline activation api key and shared key (null until created with POST)",
        operationId: "getOfflineKeys",
        description:
          "The organization's offline activation keys: the api key devices put in their requests " +
          "and the shared key they sign with; both null until POST creates them.",
        response: {
          200: Type.Object({ data: Nullable(OfflineKeys) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ data: await services.offlineActivation.keys(request.principal) }),
  );

  app.post(
    "/v1/organization/offline-keys",
    {
      schema: {
        tags: ["offline activation"],
        summary: "Create the offline activation api key and shared key (201), or return them (200)",
        operationId: "createOfflineKeys",
        description:
          "Creates the organization's offline api key and shared key (201), or answers the ones it " +
          "has (200): calling it twice is safe.",
        response: {
          200: Type.Object({ data: OfflineKeys }),
          201: Type.Object({ data: OfflineKeys }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { keys, created } = await services.offlineActivation.ensureKeys(request.principal);
      return reply.status(created ? 201 : 200).send({ data: keys });
    },
  );

  app.post(
    "/v1/organization/offline-keys/actions/rotate",
    {
      schema: {
        tags: ["offline activation"],
        summary: "Replace the offline api key and shared key (old requests stop verifying)",
        operationId: "rotateOfflineKeys",
        description:
          "Replaces both keys with new ones: requests made with the old keys no longer verify. " +
          "Answers the new keys.",
        response: { 200: Type.Object({ data: OfflineKeys }), ...errorResponses },
      },
    },
    async (request) => ({ data: await services.offlineActivation.rotateKeys(request.principal) }),
  );
};
