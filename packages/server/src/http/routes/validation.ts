import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { VALIDATION_CODES } from "../../domain/validation.js";
import type { Services } from "../../services/index.js";
import { statusOf } from "../../services/licenses.js";
import type { ValidationResult } from "../../services/validation.js";
import { License, Machine, presentLicense, presentMachine } from "../presenters.js";
import { signAs } from "../response-signing.js";
import {
  errorResponses,
  IdParams,
  Nonce,
  Nullable,
  oneOf,
  TOKEN_OR_LICENSE_KEY,
} from "../schemas.js";

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Key = Type.String({ minLength: 1, maxLength: 4096, description: "the license key" });
const Fingerprint = Type.String({
  minLength: 1,
  maxLength: 255,
  description: "the SDK's device UUID or a hardware fingerprint",
});

const Scope = Type.Object(
  {
    fingerprint: Type.Optional(Fingerprint),
    productId: Type.Optional(Text(64)),
    platform: Type.Optional(Text(100)),
    appIdentifier: Type.Optional(Text(255)),
    appVersion: Type.Optional(Text(50)),
    entitlements: Type.Optional(Type.Array(Text(100), { maxItems: 100 })),
  },
  {
    additionalProperties: false,
    description: "what the client states about where it runs (SPEC R1); absent: not checked",
  },
);

const Validation = Type.Object({
  valid: Type.Boolean(),
  code: oneOf(VALIDATION_CODES),
  detail: Type.String(),
  license: Nullable(License),
  machine: Nullable(Machine),
});

const ValidateKey = Type.Object(
  { key: Key, scope: Type.Optional(Scope) },
  { additionalProperties: false },
);
const ValidateById = Type.Object({ scope: Type.Optional(Scope) }, { additionalProperties: false });

// SPEC R5: about 180 bytes in, 500 out. Short member names are not needed to get there.
const Check = Type.Object(
  {
    key: Key,
    fingerprint: Type.Optional(Fingerprint),
    app: Type.Optional(Text(255)),
    version: Type.Optional(Text(50)),
    platform: Type.Optional(Text(100)),
    nonce: Type.Optional(Nonce),
  },
  { additionalProperties: false },
);
const CheckAnswer = Type.Object({
  valid: Type.Boolean(),
  code: oneOf(VALIDATION_CODES),
  lease: Type.Optional(
    Type.String({ description: "lease/<claims>.<signature>: verify with @keyward/formats" }),
  ),
});

/** Validation with the license key as the credential (no bearer token): the SDK's routes. */
export const keyValidationRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    "/v1/licenses/actions/validate-key",
    {
      schema: {
        tags: ["validation"],
        summary: "Validate a license by its key, optionally scoped to a device and app",
        operationId: "validateKey",
        "x-error-codes": ["RATE_LIMITED", "DATABASE_UNAVAILABLE"],
        security: [],
        description:
          "Answers 200 for every outcome, NOT_FOUND included; the key is the credential.",
        body: ValidateKey,
        response: { 200: Validation, ...errorResponses },
      },
    },
    async (request) => {
      const result = await services.validation.validateKey(
        request.body.key,
        request.body.scope ?? {},
      );
      services.metrics.validation("validate", result.validation.code);
      signAs(request, result.license?.organizationId, result.signingKeys);
      return present(result);
    },
  );

  app.post(
    "/v1/check",
    {
      schema: {
        tags: ["validation"],
        summary: "Compact check: validation answered with a signed lease (SPEC R2–R5)",
        operationId: "checkLicense",
        "x-error-codes": ["RATE_LIMITED", "DATABASE_UNAVAILABLE"],
        security: [],
        description:
          "The lease (Ed25519) tells the device how long it may run without asking again and " +
          "how long it may run offline after that; a refusal is a signed lock. NOT_FOUND has " +
          "no lease (no organization to sign for).",
        body: Check,
        response: { 200: CheckAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { key, fingerprint, app: appIdentifier, version, platform, nonce } = request.body;
      const answer = await services.validation.check({
        key,
        fingerprint,
        appIdentifier,
        appVersion: version,
        platform,
        nonce,
      });
      services.metrics.validation("check", answer.code);
      if (answer.organizationId !== null) {
        signAs(request, answer.organizationId, answer.signingKeys);
      }
      return answer;
    },
  );
};

/** Validation and check-in with a bearer token (or a license key as `License <key>`). */
export const validationRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    "/v1/licenses/:id/actions/validate",
    {
      schema: {
        tags: ["validation"],
        summary: "Validate a license by id, optionally scoped to a device and app",
        operationId: "validateLicense",
        security: TOKEN_OR_LICENSE_KEY,
        description:
          "Validates the license now (status, expiry, heartbeats, check-ins, and the scope's " +
          "device, app and platform) and answers 200 with `valid` and a code for every outcome.",
        "x-error-codes": ["LICENSE_NOT_FOUND"],
        params: IdParams,
        body: ValidateById,
        response: { 200: Validation, ...errorResponses },
      },
    },
    async (request) => {
      const result = await services.validation.validateById(
        request.principal,
        request.params.id,
        request.body?.scope ?? {},
      );
      services.metrics.validation("validate", result.validation.code);
      return present(result);
    },
  );

  app.post(
    "/v1/licenses/:id/actions/check-in",
    {
      schema: {
        tags: ["licenses"],
        summary: "Check in: restarts the policy's check-in interval (see OVERDUE)",
        operationId: "checkInLicense",
        security: TOKEN_OR_LICENSE_KEY,
        description:
          "Records a check-in: the policy's check-in interval starts again from now, so the " +
          "license is no longer OVERDUE. Answers the license.",
        "x-error-codes": ["LICENSE_NOT_FOUND"],
        params: IdParams,
        response: { 200: Type.Object({ data: License }), ...errorResponses },
      },
    },
    async (request) => {
      const { license, now } = await services.validation.checkIn(
        request.principal,
        request.params.id,
      );
      return { data: presentLicense(license, statusOf(license, now)) };
    },
  );
};

/** A validation's answer; the license's status is the one at the decision's time. */
function present({ validation, license, machine, now }: ValidationResult) {
  return {
    ...validation,
    license: license && presentLicense(license, statusOf(license, now)),
    machine: machine && presentMachine(machine),
  };
}
