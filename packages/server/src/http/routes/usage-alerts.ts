import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { UsageAlert } from "../../services/usage-alerts.js";
import { registerGet, registerList } from "../crud.js";
import { errorResponses, IdParams, Nullable, oneOf, pageQuery, Timestamp } from "../schemas.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });

const UsageAlertItem = Type.Object({
  id: Type.String({ description: "alrt_…" }),
  licenseId: Type.String(),
  period: Type.String({ description: '"lifetime" or the UTC month "YYYY-MM"' }),
  metric: Type.String({
    description: '"uses" (the sum), "uses:<feature>" or "devices" (the devices in use)',
  }),
  threshold: Type.Integer({ description: "the percentage of the limit crossed" }),
  used: Nullable(
    Type.Integer({
      description:
        "the period's count when the threshold was crossed; null for alerts recorded before " +
        "migration 0017 (their usage.alert event has it)",
    }),
  ),
  limit: Nullable(
    Type.Integer({
      description:
        "the limit crossed (once per limit: a changed limit re-arms its thresholds); null as " +
        "for used",
    }),
  ),
  /**
   * open: not acknowledged and of the current period; acknowledged: an admin acknowledged it;
   * closed: not acknowledged and its period is over.
   */
  state: oneOf(["open", "acknowledged", "closed"] as const),
  createdAt: Timestamp,
  acknowledgedAt: Nullable(Timestamp),
  acknowledgedBy: Nullable(Type.String({ description: "the id of the token that acknowledged" })),
});

const UsageAlertQuery = Type.Object(
  {
    ...pageQuery("alrt").properties,
    state: Type.Optional(oneOf(["open", "all"] as const)),
    licenseId: Type.Optional(Id),
    productId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

function present(alert: UsageAlert) {
  return {
    id: alert.id,
    licenseId: alert.licenseId,
    period: alert.period,
    metric: alert.metric,
    threshold: alert.threshold,
    used: alert.used,
    limit: alert.limit,
    state: alert.state,
    createdAt: alert.createdAt,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgedBy: alert.acknowledgedBy,
  };
}

const doc = {
  tag: "trackable",
  resource: { one: "usageAlert", many: "usageAlerts", notFound: "USAGE_ALERT_NOT_FOUND" },
  item: UsageAlertItem,
  present,
} as const;

/**
 * Usage alerts (SPEC T8) with their state (services/usage-alerts.ts), admin tokens. Alerts have
 * ids (migration 0017) rather than being addressed by (license, period, metric, threshold): the
 * list pages by id like every list, and acknowledge is an action on one resource like the
 * other `/actions/` routes.
 */
export const usageAlertRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  registerList(app, {
    ...doc,
    path: "/v1/usage-alerts",
    summary: "List usage alerts, open ones or all, by license or product",
    description:
      "Quota thresholds licenses crossed (one alert per license, period, metric and " +
      "threshold), oldest first, a page at a time (`nextCursor` back as `cursor`). " +
      "`state=open` keeps the open ones: not acknowledged, of the current period (lifetime, or " +
      "this UTC month; a new month closes the alerts of the last). `licenseId` and `productId` " +
      "narrow it. Admin tokens only.",
    querystring: UsageAlertQuery,
    list: (principal, page, { state, licenseId, productId }) =>
      services.usageAlerts.list(principal, { state, licenseId, productId }, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/usage-alerts/:id",
    summary: "Get a usage alert with its state",
    get: (principal, id) => services.usageAlerts.get(principal, id),
  });

  app.post(
    "/v1/usage-alerts/:id/actions/acknowledge",
    {
      schema: {
        tags: ["trackable"],
        summary: "Acknowledge a usage alert: it leaves the open list (admin tokens)",
        operationId: "acknowledgeUsageAlert",
        description:
          "Records that an admin has seen the alert (when, and with which token): it is no " +
          "longer open. Records an audit entry and a `usage.alert.acknowledged` event. " +
          "Acknowledging an acknowledged alert changes nothing and answers it as it is.",
        "x-error-codes": ["USAGE_ALERT_NOT_FOUND"],
        params: IdParams,
        response: { 200: Type.Object({ data: UsageAlertItem }), ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.usageAlerts.acknowledge(request.principal, request.params.id)),
    }),
  );
};
