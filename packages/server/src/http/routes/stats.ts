import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import { ACTIVATION_EVENT_TYPES } from "../../services/stats.js";
import { errorResponses, Feature, StringMatching } from "../schemas.js";

const Day = StringMatching("^\\d{4}-\\d{2}-\\d{2}$", "must be a date written YYYY-MM-DD", {
  description: "YYYY-MM-DD (UTC)",
  examples: ["2026-12-06"],
});
const Id = Type.String({ minLength: 1, maxLength: 64 });

const ValidationStatsQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    productId: Type.Optional(Id),
    licenseId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const UsageStatsQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    productId: Type.Optional(Id),
    licenseId: Type.Optional(Id),
    feature: Type.Optional(Feature({ description: "one feature" })),
  },
  { additionalProperties: false },
);

const ActivationStatsQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day), productId: Type.Optional(Id) },
  { additionalProperties: false },
);

const DailyActivations = Type.Object({
  day: Day,
  type: Type.String({
    description: `the event: ${ACTIVATION_EVENT_TYPES.join(", ")}`,
    examples: ["machine.activated"],
  }),
  count: Type.Integer({ minimum: 0 }),
});

const DailyUsage = Type.Object({
  day: Day,
  feature: Type.String({ description: "the feature the uses were reported under" }),
  count: Type.Integer({ minimum: 0 }),
});

const DailyCount = Type.Object({
  day: Day,
  code: Type.String({ description: "the validation code, e.g. VALID or EXPIRED" }),
  count: Type.Integer({ minimum: 0 }),
});

/** Counters for the dashboard's charts (docs/server.md "Validation counters"). */
export const statsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    "/v1/stats/validations",
    {
      schema: {
        tags: ["stats"],
        summary: "Validations per day and code (counters), by product or license",
        operationId: "getValidationStats",
        description:
          "How many validations answered each code on each day (UTC) from `from` to `to` " +
          "(inclusive; default: the last 30 days, at most 366), summed over the organization's " +
          "licenses or those of `productId` or `licenseId`. Days and codes without validations " +
          "are absent. Counts are written in batches: the last fraction of a second may be " +
          "missing. Admin tokens, and product tokens for their own product.",
        querystring: ValidationStatsQuery,
        "x-error-codes": ["INVALID_DATE_RANGE"],
        response: {
          200: Type.Object({ data: Type.Array(DailyCount), from: Day, to: Day }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to, days } = await services.stats.validations(request.principal, request.query);
      return { data: days, from, to };
    },
  );

  app.get(
    "/v1/stats/usage",
    {
      schema: {
        tags: ["stats"],
        summary: "Uses per day and feature of trackable licenses (counters), by product or license",
        operationId: "getUsageStats",
        description:
          "How many uses of each feature trackable licenses reported on each day (UTC; the day " +
          "a report's period starts) from `from` to `to` (inclusive; default: the last 30 days, " +
          "at most 366), summed over the organization's licenses and their devices, or those " +
          "of `productId` or `licenseId`; `feature` keeps one feature. Days and features " +
          "without uses are absent; a day's total is the sum of its rows. Admin tokens, and " +
          "product tokens for their own product.",
        querystring: UsageStatsQuery,
        "x-error-codes": ["INVALID_DATE_RANGE"],
        response: {
          200: Type.Object({ data: Type.Array(DailyUsage), from: Day, to: Day }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to, days } = await services.stats.usage(request.principal, request.query);
      return { data: days, from, to };
    },
  );

  app.get(
    "/v1/stats/activations",
    {
      schema: {
        tags: ["stats"],
        summary: "Machine activations and deactivations per day (events), by product",
        operationId: "getActivationStats",
        description:
          "How many machines were activated (`machine.activated`: online, offline and " +
          "trackable devices) and gone (`machine.deactivated`, `machine.culled`, " +
          "`machine.released`) on each day (UTC) from `from` to `to` (inclusive; default: the " +
          "last 30 days, at most 366), in the organization or among the licenses of " +
          "`productId`. Counted from the events, which are kept for the event retention " +
          "(default 90 days): older days answer nothing. Days and types without events are " +
          "absent. Admin tokens, and product tokens for their own product.",
        querystring: ActivationStatsQuery,
        "x-error-codes": ["INVALID_DATE_RANGE"],
        response: {
          200: Type.Object({ data: Type.Array(DailyActivations), from: Day, to: Day }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to, days } = await services.stats.activations(request.principal, request.query);
      return { data: days, from, to };
    },
  );
};
