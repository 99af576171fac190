import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { EVENT_TYPES } from "../../services/events.js";
import type { Services } from "../../services/index.js";
import type { EventRecord } from "../../services/records.js";
import { registerList } from "../crud.js";
import { Metadata, Nullable, oneOf, pageQuery, Timestamp } from "../schemas.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });

const Event = Type.Object({
  id: Type.String(),
  type: oneOf(EVENT_TYPES),
  licenseId: Nullable(Type.String()),
  machineId: Nullable(Type.String()),
  data: Metadata,
  createdAt: Timestamp,
});

const EventQuery = Type.Object(
  {
    ...pageQuery("evt").properties,
    type: Type.Optional(oneOf(EVENT_TYPES)),
    licenseId: Type.Optional(Id),
    machineId: Type.Optional(Id),
    order: Type.Optional(
      Type.Union([Type.Literal("asc"), Type.Literal("desc")], {
        description:
          "asc (default): oldest first; desc: newest first. A cursor pages on in the order of " +
          "the page that gave it: send the same order with it",
      }),
    ),
  },
  { additionalProperties: false },
);

function present(event: EventRecord) {
  return {
    id: event.id,
    type: event.type as (typeof EVENT_TYPES)[number],
    licenseId: event.licenseId,
    machineId: event.machineId,
    data: event.data,
    createdAt: event.createdAt,
  };
}

/** The event log: every state change, oldest or newest first (admin tokens). */
export const eventRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  registerList(app, {
    tag: "events",
    resource: { one: "event", many: "events" },
    description:
      "The event log: every change of state in the organization, oldest first (`order=desc`: " +
      "newest first), a page at a time (`nextCursor` back as `cursor`, with the same `order`); " +
      "`type`, `licenseId` and `machineId` narrow it. Admin tokens only.",
    item: Event,
    present,
    path: "/v1/events",
    summary: "List events, oldest or newest first, filtered by type, license or machine",
    querystring: EventQuery,
    list: (principal, page, { type, licenseId, machineId, order }) =>
      services.events.list(principal, { type, licenseId, machineId }, { ...page, order }),
  });
};
