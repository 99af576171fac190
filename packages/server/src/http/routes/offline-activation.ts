import multipart from "@fastify/multipart";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { parseHttpDate } from "@keyward/formats";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../../services/errors.js";
import type { Services } from "../../services/index.js";
import type {
  OfflineActivationResponse,
  OfflineAuthorization,
  OfflineDate,
  OfflineRequestInput,
} from "../../services/offline-activation.js";
import { errorHandler } from "../errors.js";
import { errorResponses, KeepPreviousSeconds, Nullable, Timestamp } from "../schemas.js";

// Offline activation (SPEC L1–L7, seed 003): the request is Base64 text, sent as the raw body
// or as the `file` field of multipart/form-data; the HMAC inside it is the credential, with the
// Authorization and Date headers of LicenseSpring's API. Field names are seed 003's.

/** Request files are small; this bounds what a multipart part or raw body may hold. */
const MAX_REQUEST_BYTES = 64 * 1024;
/** Parts of a multipart body, of any kind: the `file` field and a few others at most. */
const MAX_PARTS = 16;

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
  "BODY_TOO_LARGE",
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
  "the `file` field of multipart/form-data. Headers: `Date` (RFC 7231 IMF-fixdate, within the server's " +
  'window, default 10 minutes) and `Authorization`: LicenseSpring\'s `algorithm="hmac-sha256",' +
  'headers="date",signature="<base64 HMAC of licenseSpring\\ndate: <Date>>",apikey="<api key>"`, ' +
  "or `Bearer <admin or product token>`. A request is served once (replays: 409).";

/**
 * The Base64 request text: the raw body, or the `file` part of a multipart body (the first one).
 * Every part is read to its end, so that one over the size limit, or cut short by the body's
 * end, refuses the request rather than passing unseen.
 */
async function requestText(request: FastifyRequest): Promise<string | undefined> {
  if (!request.isMultipart()) return request.body as string | undefined;
  let text: string | undefined;
  let sawPart = false;
  try {
    for await (const part of request.parts()) {
      sawPart = true;
      // Every part is a file stream (isPartAFile below); a field is handled all the same.
      let content: string;
      if (part.type === "file") content = (await part.toBuffer()).toString("utf8");
      else if (part.valueTruncated) throw partTooLarge();
      else content = String(part.value);
      if (part.fieldname === "file" && text === undefined) text = content;
    }
  } catch (error) {
    throw multipartError(request, error);
  }
  if (text === undefined) {
    throw sawPart
      ? new ServiceError("FILE_MISSING", "the multipart body has no `file` field")
      : new ServiceError("REQUEST_BODY_MISSING", "no file found in the request body");
  }
  return text;
}

const KB = MAX_REQUEST_BYTES / 1024;

function partTooLarge(): ServiceError {
  return new ServiceError(
    "BODY_TOO_LARGE",
    `a part of the multipart body is over ${KB} KB (a request file's limit)`,
  );
}

/** The raw body over its limit: the offline routes' own, not KEYWARD_BODY_LIMIT. */
function requestTooLarge(): ServiceError {
  return new ServiceError("BODY_TOO_LARGE", `the request body is over ${KB} KB`);
}

function tooManyParts(): ServiceError {
  return new ServiceError(
    "BODY_TOO_LARGE",
    `the multipart body has more than ${MAX_PARTS} parts (the request needs one: \`file\`)`,
  );
}

/** @fastify/multipart's errors for the limits set below, in the catalogue's terms. */
const MULTIPART_LIMIT_ERRORS: Record<string, () => ServiceError> = {
  FST_REQ_FILE_TOO_LARGE: partTooLarge,
  FST_PARTS_LIMIT: tooManyParts,
  FST_FILES_LIMIT: tooManyParts,
  FST_FIELDS_LIMIT: tooManyParts,
};

/** A `boundary` parameter in a Content-Type: it only picks the message (busboy decides). */
const BOUNDARY_PARAMETER = /;\s*boundary\*?\s*=/i;

/**
 * A multipart body that could not be read, as the caller's error: over a limit, 413
 * BODY_TOO_LARGE saying which; a part named after an Object.prototype property (which
 * @fastify/multipart refuses), or anything busboy could not read (its plain Errors: no
 * boundary, a malformed part, the body ending inside a part), 400 VALIDATION_FAILED. Only
 * the plugin's 5xx errors (a fault here) keep their answers.
 */
function multipartError(request: FastifyRequest, error: unknown): unknown {
  if (error instanceof ServiceError) return error;
  const { code, statusCode } = (error ?? {}) as Partial<FastifyError>;
  const limit = MULTIPART_LIMIT_ERRORS[code ?? ""];
  if (limit) return limit();
  if (typeof statusCode === "number" && statusCode >= 500) return error;
  request.log.debug({ reason: (error as Error)?.message, code }, "unreadable multipart body");
  const problem =
    code === "FST_PROTO_VIOLATION"
      ? "has a part named after a property of Object.prototype (such as __proto__ or " +
        "constructor), which is refused"
      : BOUNDARY_PARAMETER.test(request.headers["content-type"] ?? "")
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

/**
 * The Date header as RFC 7231's IMF-fixdate only (`Mon, 07 Dec 2026 12:00:00 GMT`: GMT, the
 * weekday of the date, a day the month has), as LicenseSpring's clients and `keyward offline`
 * send it; null (INVALID_DATE_HEADER) for any other form, which Date.parse would guess at.
 */
function parseDate(header: string): OfflineDate {
  return { text: header, at: parseHttpDate(header) };
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
  // Every part is read as a file stream, text fields too: one size limit for all (fileSize,
  // an error; fieldSize would cut a field silently), and a part cut short by the body's end
  // is an error to its reader (busboy drops a cut field unseen). `parts` bounds parts of any
  // kind; `fields` and `fieldSize` only back it up.
  await app.register(multipart, {
    isPartAFile: () => true,
    limits: {
      fileSize: MAX_REQUEST_BYTES,
      fieldSize: MAX_REQUEST_BYTES,
      parts: MAX_PARTS,
      files: MAX_PARTS,
      fields: MAX_PARTS,
    },
  });
  // The raw body's limit is this plugin's: say so, not KEYWARD_BODY_LIMIT (http/errors.ts).
  app.setErrorHandler<FastifyError>((error, request, reply) =>
    errorHandler(
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? requestTooLarge() : error,
      request,
      reply,
    ),
  );

  app.post(
    "/v1/offline/activate",
    {
      // The body is the request text, read by offlineRequest: no JSON body schema.
      config: { ownBody: true },
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
      config: { ownBody: true },
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
  previous: Nullable(
    Type.Object({
      apiKey: Type.String(),
      validUntil: Timestamp,
    }),
    {
      description:
        "the api key the last rotation replaced, kept with its shared key by " +
        "`keepPreviousSeconds`: requests made with them verify until validUntil; null: none",
    },
  ),
});

const RotateOfflineKeys = Type.Object(
  {
    keepPreviousSeconds: KeepPreviousSeconds(
      "how long requests made with the old keys still verify (0, the default: not at all). " +
        "Apps ship the keys inside: an overlap lets the old version activate while a new one " +
        "rolls out; a leaked key wants 0",
    ),
  },
  { additionalProperties: false },
);

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
        summary:
          "Replace the offline api key and shared key (the old ones stop, or after an overlap)",
        operationId: "rotateOfflineKeys",
        description:
          "Replaces both keys with new ones: requests made with the old keys no longer verify, " +
          "at once or when `keepPreviousSeconds` have passed (the answer's `previous` says until " +
          "when; one previous set at a time: a rotation drops the set an earlier one kept). " +
          "Answers the new keys.",
        body: RotateOfflineKeys,
        response: { 200: Type.Object({ data: OfflineKeys }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await services.offlineActivation.rotateKeys(
        request.principal,
        request.body.keepPreviousSeconds ?? 0,
      ),
    }),
  );
};
