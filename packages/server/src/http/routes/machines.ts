import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import type { Machine as MachineRow } from "../../store/schema.js";
import { registerDelete, registerGet, registerList, registerPatch } from "../crud.js";
import { Metadata, PageQuery, Timestamp } from "../schemas.js";

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
  const doc = { tag: "machines", item: Machine, present };

  registerList(app, {
    ...doc,
    path: "/v1/machines",
    summary: "List machines, filtered by license, product or fingerprint",
    querystring: MachineQuery,
    list: (principal, page, { licenseId, productId, fingerprint }) =>
      services.machines.list(principal, { licenseId, productId, fingerprint }, page),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/machines/:id",
    summary: "Get a machine",
    get: (principal, id) => services.machines.get(principal, id),
  });

  registerPatch(app, {
    ...doc,
    path: "/v1/machines/:id",
    summary: "Update a machine's name, metadata or variables",
    body: UpdateMachine,
    update: (principal, id, body) => services.machines.update(principal, id, body),
  });

  registerDelete(app, {
    ...doc,
    path: "/v1/machines/:id",
    summary: "Deactivate a machine (vendor side): it is deleted and frees its seat",
    delete: (principal, id) => services.machines.delete(principal, id),
  });
};
