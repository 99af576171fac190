import {
  type FastifyPluginAsyncTypebox,
  type Static,
  type TSchema,
  Type,
} from "@fastify/type-provider-typebox";
import type { ErrorCode } from "../services/error-catalogue.js";
import type { Principal } from "../services/principal.js";
import type { Page, PageRequest } from "../services/records.js";
import { foldDeepObjects } from "./query-string.js";
import { errorResponses, IdParams, PageOf, pageRequest, TOKEN_OR_LICENSE_KEY } from "./schemas.js";

// The routes every organization-scoped resource has, each with its schema (tags, summary,
// params/body/querystring, responses) and a thin handler: call the service, present the row(s).

export type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** Where a route is and how the OpenAPI description names it. */
export interface RouteDoc {
  path: string;
  tag: string;
  /** The resource, camelCase (`handshakeCode`, plural `handshakeCodes`), for operationIds. */
  resource: { one: string; many: string; notFound?: ErrorCode };
  summary: string;
  /** What the operation does, when the verb's standard description is not enough. */
  description?: string;
  /** Catalogue codes it answers besides the implied ones and the resource's *_NOT_FOUND. */
  errors?: ErrorCode[];
  /** A license holder may call it with the license key (schemas.ts TOKEN_OR_LICENSE_KEY). */
  licenseKey?: true;
}

type Verb = "create" | "list" | "get" | "update" | "delete";

/** `handshakeCode` → `handshake code`. */
function words(camel: string): string {
  return camel.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const DESCRIPTIONS: Record<Verb, (one: string, many: string) => string> = {
  create: (one) => `Creates a ${one} in the calling token's organization; answers 201 with it.`,
  list: (_one, many) =>
    `Lists the organization's ${many}, oldest first, a page at a time: pass \`nextCursor\` ` +
    "back as `cursor` until it is null.",
  get: (one) =>
    `Answers the ${one} with this id. An id of another organization answers 404 exactly as ` +
    "one that does not exist.",
  update: (one) =>
    `Changes the fields the body names, leaves the others as they are, and answers the ${one}.`,
  delete: (one) => `Deletes the ${one}; answers 204 with no body.`,
};

/**
 * The OpenAPI side of a route's schema: tags, summary, operationId (`createProduct`,
 * `listProducts`…), description, and its error codes (the resource's *_NOT_FOUND on the routes
 * of one id).
 */
function described(route: RouteDoc, verb: Verb) {
  const { one, many, notFound } = route.resource;
  const name = verb === "list" ? many : one;
  const byId = verb === "get" || verb === "update" || verb === "delete";
  return {
    tags: [route.tag],
    summary: route.summary,
    operationId: `${verb}${capitalized(name)}`,
    description: route.description ?? DESCRIPTIONS[verb](words(one), words(many)),
    "x-error-codes": [...(byId && notFound ? [notFound] : []), ...(route.errors ?? [])],
    ...(route.licenseKey ? { security: TOKEN_OR_LICENSE_KEY } : {}),
  };
}

/** The item schema and how a stored row is turned into it. */
export interface Presented<I extends TSchema, R> {
  item: I;
  present: (row: R) => Static<I>;
}

/** The {data} response of one item. */
function one(item: TSchema) {
  return Type.Object({ data: item });
}

/** POST `path` with a body: 201 {data}. */
export function registerCreate<I extends TSchema, R, B extends TSchema>(
  app: App,
  route: RouteDoc &
    Presented<I, R> & {
      body: B;
      create: (principal: Principal, body: Static<B>) => Promise<R>;
    },
): void {
  app.post(
    route.path,
    {
      schema: {
        ...described(route, "create"),
        body: route.body as TSchema,
        response: { 201: one(route.item), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await route.create(request.principal, request.body as Static<B>);
      return reply.status(201).send({ data: route.present(row) });
    },
  );
}

/** GET `path` with a page query (plus the resource's filters, if any): 200 {data[], nextCursor}. */
export function registerList<I extends TSchema, R, Q extends TSchema>(
  app: App,
  route: RouteDoc &
    Presented<I, R> & {
      /** The page query of the items' id kind (schemas.ts pageQuery), with any filters. */
      querystring: Q;
      list: (principal: Principal, page: PageRequest, query: Static<Q>) => Promise<Page<R>>;
    },
): void {
  // Object parameters (a metadata filter) arrive as `name[key]=value` (OpenAPI deepObject).
  const properties = (route.querystring as { properties?: Record<string, { type?: unknown }> })
    .properties;
  const objects = Object.entries(properties ?? {})
    .filter(([, schema]) => schema.type === "object")
    .map(([name]) => name);
  app.get(
    route.path,
    {
      ...(objects.length > 0 ? { preValidation: foldDeepObjects(objects) } : {}),
      schema: {
        ...described(route, "list"),
        querystring: route.querystring as TSchema,
        response: { 200: PageOf(route.item as TSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as Static<Q> & { limit?: string; cursor?: string };
      const page = await route.list(request.principal, pageRequest(query), query);
      return { data: page.items.map(route.present), nextCursor: page.nextCursor };
    },
  );
}

/** GET `path` (…/:id): 200 {data}. */
export function registerGet<I extends TSchema, R>(
  app: App,
  route: RouteDoc &
    Presented<I, R> & {
      get: (principal: Principal, id: string) => Promise<R>;
    },
): void {
  app.get(
    route.path,
    {
      schema: {
        ...described(route, "get"),
        params: IdParams,
        response: { 200: one(route.item), ...errorResponses },
      },
    },
    async (request) => ({
      data: route.present(await route.get(request.principal, request.params.id)),
    }),
  );
}

/** PATCH `path` (…/:id) with a body: 200 {data}. */
export function registerPatch<I extends TSchema, R, B extends TSchema>(
  app: App,
  route: RouteDoc &
    Presented<I, R> & {
      body: B;
      update: (principal: Principal, id: string, body: Static<B>) => Promise<R>;
    },
): void {
  app.patch(
    route.path,
    {
      schema: {
        ...described(route, "update"),
        params: IdParams,
        body: route.body as TSchema,
        response: { 200: one(route.item), ...errorResponses },
      },
    },
    async (request) => ({
      data: route.present(
        await route.update(request.principal, request.params.id, request.body as Static<B>),
      ),
    }),
  );
}

/** DELETE `path` (…/:id): 204. */
export function registerDelete(
  app: App,
  route: RouteDoc & {
    delete: (principal: Principal, id: string) => Promise<unknown>;
  },
): void {
  app.delete(
    route.path,
    {
      schema: {
        ...described(route, "delete"),
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await route.delete(request.principal, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
