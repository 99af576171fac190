import {
  type FastifyPluginAsyncTypebox,
  type Static,
  type TSchema,
  Type,
} from "@fastify/type-provider-typebox";
import type { Principal } from "../services/principal.js";
import type { Page, PageRequest } from "../services/records.js";
import {
  ErrorResponse,
  errorResponses,
  IdParams,
  PageOf,
  PageQuery,
  pageRequest,
} from "./schemas.js";

// The routes every organization-scoped resource has, each with its schema (tags, summary,
// params/body/querystring, responses) and a thin handler: call the service, present the row(s).

export type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** Where a route is and how the OpenAPI description names it. */
export interface RouteDoc {
  path: string;
  tag: string;
  summary: string;
}

/** The item schema and how a stored row is turned into it. */
export interface Presented<I extends TSchema, R> {
  item: I;
  present: (row: R) => Static<I>;
}

/** The OpenAPI tags and summary of a route's schema. */
function described(route: RouteDoc) {
  return { tags: [route.tag], summary: route.summary };
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
      /** Statuses besides errorResponses' and what they mean (their codes), for OpenAPI. */
      errors?: Record<number, string>;
    },
): void {
  const extra = Object.entries(route.errors ?? {}).map(([status, description]) => [
    status,
    { ...ErrorResponse, description },
  ]);
  app.post(
    route.path,
    {
      schema: {
        ...described(route),
        body: route.body as TSchema,
        response: { 201: one(route.item), ...errorResponses, ...Object.fromEntries(extra) },
      },
    },
    async (request, reply) => {
      const row = await route.create(request.principal, request.body as Static<B>);
      return reply.status(201).send({ data: route.present(row) });
    },
  );
}

/** GET `path` with a page query (plus the resource's filters, if any): 200 {data[], nextCursor}. */
export function registerList<I extends TSchema, R, Q extends TSchema = typeof PageQuery>(
  app: App,
  route: RouteDoc &
    Presented<I, R> & {
      /** The page query, extended with filters; PageQuery when absent. */
      querystring?: Q;
      list: (principal: Principal, page: PageRequest, query: Static<Q>) => Promise<Page<R>>;
    },
): void {
  app.get(
    route.path,
    {
      schema: {
        ...described(route),
        querystring: (route.querystring ?? PageQuery) as TSchema,
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
        ...described(route),
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
        ...described(route),
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
        ...described(route),
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
