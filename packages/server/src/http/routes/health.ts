import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { sql } from "kysely";
import type { Store } from "../../store/database.js";

/** Liveness and readiness: no authentication, no tenant data. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  const Status = Type.Object({ status: Type.String() });

  app.get(
    "/v1/health",
    { schema: { tags: ["health"], summary: "Liveness", response: { 200: Status } } },
    async () => ({ status: "ok" }),
  );

  app.get(
    "/v1/ready",
    {
      schema: {
        tags: ["health"],
        summary: "Readiness: the database answers",
        response: { 200: Status, 503: Status },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(store.db);
        return { status: "ready" };
      } catch (error) {
        request.log.warn({ err: error }, "database not reachable");
        return reply.status(503).send({ status: "database unreachable" });
      }
    },
  );
};
