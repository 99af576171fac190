import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { EVENT_TYPES } from "../../services/events.js";
import type { Services } from "../../services/index.js";
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from "../../services/records.js";
import { registerDelete, registerGet, registerList, registerPatch } from "../crud.js";
import {
  errorResponses,
  IdParams,
  KeepPreviousSeconds,
  Metadata,
  Nullable,
  oneOf,
  PageOf,
  pageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";

// Webhooks (issue 17): endpoints per organization, their delivery log, redelivery. Admin only.

const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

const Url = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: "http(s) URL the events are POSTed to; private addresses are refused",
});
const EventTypes = Type.Array(oneOf(EVENT_TYPES), {
  maxItems: EVENT_TYPES.length,
  description: "event types sent; empty: every type",
});
const Description = Nullable(Type.String({ maxLength: 500 }));

const EndpointFields = {
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  previousSecretValidUntil: Nullable(Timestamp, {
    description:
      "until when the secret the last rotation replaced still signs next to the current one " +
      "(its `keepPreviousSeconds`); null: it signs nothing (the secret itself is never shown)",
  }),
  failingSince: Nullable(Timestamp),
  disabledReason: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
const Endpoint = Type.Object(EndpointFields);
const EndpointWithSecret = Type.Object({
  ...EndpointFields,
  secret: Type.String({ description: "whsec_… signing secret, shown only in this response" }),
});

const CreateEndpoint = Type.Object(
  {
    url: Url,
    description: Type.Optional(Description),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UpdateEndpoint = Type.Partial(CreateEndpoint, { additionalProperties: false });

const RotateSecret = Type.Object(
  {
    keepPreviousSeconds: KeepPreviousSeconds(
      "how long the old secret still signs, next to the new one (0, the default: not at " +
        "all). A planned rotation wants an overlap (e.g. 86400) to deploy the new secret " +
        "before the old one stops; a leaked secret wants 0",
    ),
  },
  { additionalProperties: false },
);

const Delivery = Type.Object({
  id: Type.String({ description: "the webhook-id header, the same on every attempt" }),
  endpointId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  status: oneOf(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastAttemptAt: Nullable(Timestamp),
  lastStatusCode: Nullable(Type.Integer()),
  lastLatencyMs: Nullable(Type.Integer()),
  lastResponse: Nullable(Type.String({ description: "the answer's first 1 KB" })),
  lastError: Nullable(Type.String()),
  payload: Metadata,
  createdAt: Timestamp,
});

const DeliveryQuery = Type.Object(
  { ...pageQuery("msg").properties, status: Type.Optional(oneOf(DELIVERY_STATUSES)) },
  { additionalProperties: false },
);

function presentEndpoint(endpoint: WebhookEndpointRecord) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    previousSecretValidUntil: endpoint.previousValidUntil,
    failingSince: endpoint.failingSince,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function presentDelivery(delivery: WebhookDeliveryRecord) {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt,
    lastAttemptAt: delivery.lastAttemptAt,
    lastStatusCode: delivery.lastStatusCode,
    lastLatencyMs: delivery.lastLatencyMs,
    lastResponse: delivery.lastResponse,
    lastError: delivery.lastError,
    payload: JSON.parse(delivery.payload) as Record<string, unknown>,
    createdAt: delivery.createdAt,
  };
}

export const webhookRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const webhooks = services.webhooks;
  const doc = {
    tag: "webhooks",
    resource: {
      one: "webhookEndpoint",
      many: "webhookEndpoints",
      notFound: "WEBHOOK_ENDPOINT_NOT_FOUND",
    } as const,
    item: Endpoint,
    present: presentEndpoint,
  };

  app.post(
    "/v1/webhook-endpoints",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Create a webhook endpoint; the response holds its signing secret, shown once",
        operationId: "createWebhookEndpoint",
        description:
          "Events of the organization (all, or the `eventTypes` listed) are POSTed to `url`, " +
          "signed by the Standard Webhooks scheme with the `secret` of this response, which is " +
          "stored sealed and never shown again (rotate it for a new one). URLs resolving to " +
          "loopback, private, link-local or reserved addresses are refused.",
        "x-error-codes": ["WEBHOOK_URL_NOT_ALLOWED"],
        body: CreateEndpoint,
        response: { 201: Type.Object({ data: EndpointWithSecret }), ...errorResponses },
      },
      // The response holds the signing secret: never stored to replay (http/idempotency.ts).
      config: { idempotency: false },
    },
    async (request, reply) => {
      const { endpoint, secret } = await webhooks.create(request.principal, request.body);
      return reply.status(201).send({ data: { ...presentEndpoint(endpoint), secret } });
    },
  );

  registerList(app, {
    ...doc,
    path: "/v1/webhook-endpoints",
    querystring: pageQuery("whep"),
    summary: "List webhook endpoints (never their secrets)",
    list: (principal, page) => webhooks.list(principal, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/webhook-endpoints/:id",
    summary: "Get a webhook endpoint (never its secret)",
    get: (principal, id) => webhooks.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/webhook-endpoints/:id",
    summary: "Update a webhook endpoint (enabling it again forgets its failures)",
    errors: ["WEBHOOK_URL_NOT_ALLOWED"],
    body: UpdateEndpoint,
    update: (principal, id, body) => webhooks.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/webhook-endpoints/:id",
    summary: "Delete a webhook endpoint and its delivery log",
    delete: (principal, id) => webhooks.delete(principal, id),
  });

  app.post(
    "/v1/webhook-endpoints/:id/actions/rotate-secret",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Rotate a webhook endpoint's signing secret; the new one is shown once",
        operationId: "rotateWebhookEndpointSecret",
        description:
          "Makes a new signing secret and answers it, only this once; attempts from now on are " +
          "signed with it (retries of earlier events too). The old one signs nothing more, or, " +
          "with `keepPreviousSeconds`, still signs every attempt next to the new one until " +
          "then (`webhook-signature: v1,<new> v1,<old>`; `previousSecretValidUntil` says until " +
          "when), so the receiver can deploy the new secret first. One previous secret at a " +
          "time: a rotation drops the one an earlier rotation kept.",
        "x-error-codes": ["WEBHOOK_ENDPOINT_NOT_FOUND"],
        params: IdParams,
        body: RotateSecret,
        response: { 200: Type.Object({ data: EndpointWithSecret }), ...errorResponses },
      },
      config: { idempotency: false },
    },
    async (request) => {
      const { endpoint, secret } = await webhooks.rotateSecret(
        request.principal,
        request.params.id,
        request.body.keepPreviousSeconds ?? 0,
      );
      return { data: { ...presentEndpoint(endpoint), secret } };
    },
  );

  app.get(
    "/v1/webhook-endpoints/:id/deliveries",
    {
      schema: {
        tags: ["webhooks"],
        summary: "List a webhook endpoint's deliveries (the delivery log)",
        operationId: "listWebhookDeliveries",
        description:
          "The endpoint's deliveries, oldest first, a page at a time (`nextCursor` back as " +
          "`cursor`): status, attempts, next attempt, and the last attempt's status code, " +
          "latency and first 1 KB of the answer; `status` narrows it.",
        "x-error-codes": ["WEBHOOK_ENDPOINT_NOT_FOUND"],
        params: IdParams,
        querystring: DeliveryQuery,
        response: { 200: PageOf(Delivery), ...errorResponses },
      },
    },
    async (request) => {
      const page = await webhooks.listDeliveries(
        request.principal,
        request.params.id,
        { status: request.query.status },
        pageRequest(request.query),
      );
      return { data: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );

  registerGet(app, {
    tag: "webhooks",
    resource: {
      one: "webhookDelivery",
      many: "webhookDeliveries",
      notFound: "WEBHOOK_DELIVERY_NOT_FOUND",
    },
    item: Delivery,
    present: presentDelivery,
    path: "/v1/webhook-deliveries/:id",
    summary: "Get a webhook delivery",
    get: (principal, id) => webhooks.getDelivery(principal, id),
  });

  app.post(
    "/v1/webhook-deliveries/:id/actions/redeliver",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Send a webhook delivery again, with the same webhook-id",
        operationId: "redeliverWebhookDelivery",
        description:
          "Makes the delivery due now, whatever its state: the worker sends it again with the " +
          "same `webhook-id`, so a receiver that de-duplicates sees it once.",
        "x-error-codes": ["WEBHOOK_DELIVERY_NOT_FOUND", "WEBHOOK_ENDPOINT_DISABLED"],
        params: IdParams,
        response: { 200: Type.Object({ data: Delivery }), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentDelivery(await webhooks.redeliver(request.principal, request.params.id)),
    }),
  );
};
