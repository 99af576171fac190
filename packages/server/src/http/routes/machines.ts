import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { Machine as MachineRow } from "../../store/schema.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  PageOf,
  PageQuery,
  pageRequest,
  Timestamp,
} from "../schemas.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Name = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Variables = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  description: "device variables (SPEC L6): a JSON object",
});

const Machine = Type.Object({
  id: Type.String(),
  licenseId: Type.String(),
  fingerprint: Type.String({ description: "the SDK's device UUID or a hardware fingerprint" }),
  name: NullableText,
  platform: NullableText,
  osVersion: NullableText,
  appIdentifier: NullableText,
  appVersion: NullableText,
  variables: Variables,
  metadata: Metadata,
  lastHeartbeatAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const UpdateMachine = Type.Object(
  {
    name: Type.Optional(Name),
    metadata: Type.Optional(Metadata),
    variables: Type.Optional(Variables),
  },
  { additionalProperties: false },
);

const MachineQuery = Type.Object(
  {
    ...PageQuery.properties,
    licenseId: Type.Optional(Id),
    productId: Type.Optional(Id),
    fingerprint: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  },
  { additionalProperties: false },
);

function present(machine: MachineRow) {
  return {
    id: machine.id,
    licenseId: machine.license_id,
    fingerprint: machine.fingerprint,
    name: machine.name,
    platform: machine.platform,
    osVersion: machine.os_version,
    appIdentifier: machine.app_identifier,
    appVersion: machine.app_version,
    variables: JSON.parse(machine.variables) as Record<string, unknown>,
    metadata: JSON.parse(machine.metadata) as Record<string, unknown>,
    lastHeartbeatAt: machine.last_heartbeat_at,
    createdAt: machine.created_at,
    updatedAt: machine.updated_at,
  };
}

/**
 * Machines: the devices licenses are activated on. There is no POST here on purpose: machines
 * are created by activation, under the license's machine limits (the licensing engine, next);
 * until then only the store's machinesRepository.insert creates them (tests).
 */
export const machineRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const One = Type.Object({ data: Machine });

  app.get(
    "/v1/machines",
    {
      schema: {
        tags: ["machines"],
        summary: "List machines, filtered by license, product or fingerprint",
        querystring: MachineQuery,
        response: { 200: PageOf(Machine), ...errorResponses },
      },
    },
    async (request) => {
      const { licenseId, productId, fingerprint } = request.query;
      const page = await services.machines.list(
        request.principal,
        { licenseId, productId, fingerprint },
        pageRequest(request.query),
      );
      return { data: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/v1/machines/:id",
    {
      schema: {
        tags: ["machines"],
        summary: "Get a machine",
        params: IdParams,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(await services.machines.get(request.principal, request.params.id)),
    }),
  );

  app.patch(
    "/v1/machines/:id",
    {
      schema: {
        tags: ["machines"],
        summary: "Update a machine's name, metadata or variables",
        params: IdParams,
        body: UpdateMachine,
        response: { 200: One, ...errorResponses },
      },
    },
    async (request) => ({
      data: present(
        await services.machines.update(request.principal, request.params.id, request.body),
      ),
    }),
  );

  app.delete(
    "/v1/machines/:id",
    {
      schema: {
        tags: ["machines"],
        summary: "Deactivate a machine (vendor side): it is deleted and frees its seat",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await services.machines.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
