import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import { registerDelete, registerGet, registerList, registerPatch } from "../crud.js";
import { Machine, presentMachine, Variables } from "../presenters.js";
import {
  errorResponses,
  IdParams,
  Metadata,
  MetadataFilter,
  Nullable,
  pageQuery,
  TOKEN_OR_LICENSE_KEY,
} from "../schemas.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Name = Nullable(Type.String({ minLength: 1, maxLength: 200 }));

const Text = Nullable(Type.String({ minLength: 1, maxLength: 255 }));

const ActivateMachine = Type.Object(
  {
    licenseId: Type.Optional(Id),
    fingerprint: Type.String({ minLength: 1, maxLength: 255 }),
    name: Type.Optional(Name),
    platform: Type.Optional(Text),
    osVersion: Type.Optional(Text),
    appIdentifier: Type.Optional(Text),
    appVersion: Type.Optional(Text),
    variables: Type.Optional(Variables),
    metadata: Type.Optional(Metadata),
    productId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "the product the device's app is for: a license of another product is refused " +
          "(422 LICENSE_PRODUCT_MISMATCH) before it takes a seat; absent: not checked",
      }),
    ),
  },
  {
    additionalProperties: false,
    description: "licenseId may be left out with a license token or key (it is theirs)",
  },
);

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
    ...pageQuery("mach").properties,
    licenseId: Type.Optional(Id),
    productId: Type.Optional(Id),
    fingerprint: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    userId: Type.Optional(
      Type.String({
        ...Id,
        description: "only machines of this user's licenses (another organization's user: none)",
      }),
    ),
    metadata: Type.Optional(MetadataFilter("machines")),
  },
  { additionalProperties: false },
);

const CountsQuery = Type.Object({ productId: Type.Optional(Id) }, { additionalProperties: false });

const Count = Type.Integer({ minimum: 0 });
const MachineCounts = Type.Object({
  alive: Type.Integer({ minimum: 0, description: "heartbeat required and beating in time" }),
  notStarted: Type.Integer({
    minimum: 0,
    description: "heartbeat required, none sent yet, deadline not passed",
  }),
  dead: Type.Integer({
    minimum: 0,
    description: "heartbeat deadline passed (kept: cullStrategy keep, or not culled yet)",
  }),
  notRequired: Type.Integer({ minimum: 0, description: "no heartbeat required" }),
  total: Count,
});

/**
 * Machines: the devices licenses are activated on. Activation (POST) and deactivation (DELETE)
 * go through the licensing engine (services/activation.ts): limits hold under concurrency.
 */
export const machineRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const doc = {
    tag: "machines",
    resource: { one: "machine", many: "machines", notFound: "MACHINE_NOT_FOUND" } as const,
    item: Machine,
    present: presentMachine,
  };

  app.post(
    "/v1/machines",
    {
      schema: {
        tags: ["machines"],
        summary: "Activate a device on a license (201 new, 200 when already activated)",
        operationId: "activateMachine",
        security: TOKEN_OR_LICENSE_KEY,
        description:
          "Activates a device (its `fingerprint`) on a license and takes one of its machine seats. " +
          "The same fingerprint again answers 200 with the machine it already is. A license or " +
          "product token may leave out `licenseId` when it is theirs.",
        "x-error-codes": [
          "LICENSE_REQUIRED",
          "LICENSE_NOT_FOUND",
          "LICENSE_SUSPENDED",
          "LICENSE_EXPIRED",
          "LICENSE_REVOKED",
          "LICENSE_PRODUCT_MISMATCH",
          "HEARTBEAT_DEAD",
          "MACHINE_LIMIT_EXCEEDED",
          "PLATFORM_NOT_ALLOWED",
          "APP_IDENTIFIER_NOT_ALLOWED",
        ],
        body: ActivateMachine,
        response: {
          200: Type.Object({ data: Machine }),
          201: Type.Object({ data: Machine }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { machine, created } = await services.activation.activate(
        request.principal,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ data: presentMachine(machine) });
    },
  );

  app.post(
    "/v1/machines/:id/actions/heartbeat",
    {
      schema: {
        tags: ["machines"],
        summary: "Heartbeat: keeps a machine of a heartbeat policy alive (SPEC X4)",
        operationId: "heartbeatMachine",
        security: TOKEN_OR_LICENSE_KEY,
        description:
          "Records a heartbeat: the machine stays alive for its policy's heartbeat duration from " +
          "now. A machine past its deadline is dead (409 HEARTBEAT_DEAD) and must activate again.",
        "x-error-codes": ["MACHINE_NOT_FOUND", "HEARTBEAT_DEAD"],
        params: IdParams,
        response: { 200: Type.Object({ data: Machine }), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentMachine(
        await services.activation.heartbeat(request.principal, request.params.id),
      ),
    }),
  );

  app.get(
    "/v1/machines/counts",
    {
      schema: {
        tags: ["machines"],
        operationId: "countMachines",
        summary: "Count activated machines by heartbeat state (all, or one product's)",
        description:
          "Answers how many machines are activated now, and how many of them are alive, not " +
          "started, dead or need no heartbeat: the organization's (admin tokens), one " +
          "product's (`productId`), or the product token's own product.",
        querystring: CountsQuery,
        response: { 200: Type.Object({ data: MachineCounts }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await services.machines.counts(request.principal, request.query),
    }),
  );

  registerList(app, {
    ...doc,
    path: "/v1/machines",
    licenseKey: true,
    summary: "List machines, filtered by license, product, user, fingerprint or metadata",
    errors: ["LICENSE_NOT_FOUND"],
    querystring: MachineQuery,
    list: (principal, page, { licenseId, productId, fingerprint, userId, metadata }) =>
      services.machines.list(
        principal,
        { licenseId, productId, fingerprint, userId, metadata },
        page,
      ),
  });

  registerGet(app, {
    ...doc,
    path: "/v1/machines/:id",
    licenseKey: true,
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
    licenseKey: true,
    summary: "Deactivate a machine (vendor, or license holder: SPEC X6): its seat is free again",
    delete: (principal, id) => services.activation.deactivate(principal, id),
  });
};
