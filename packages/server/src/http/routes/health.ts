import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { Services } from "../../services/index.js";
import { ErrorResponse } from "../schemas.js";

/** Liveness and readiness: no authentication, no tenant data. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const Status = Type.Object({ status: Type.String() });
  // Probes and uptime monitors may add parameters (cache busters): ignored, not refused.
  const AnyQuery = Type.Object(
    {},
    { additionalProperties: true, description: "any parameters, ignored (probes may add them)" },
  );

  app.get(
    "/v1/health",
    {
      schema: {
        tags: ["health"],
        summary: "Liveness",
        operationId: "getHealth",
        security: [],
        querystring: AnyQuery,
        description:
          "Answers 200 while the process serves requests, without asking the database (see " +
          "/v1/ready for that): for a supervisor's liveness probe.",
        response: { 200: Status },
      },
    },
    async () => ({ status: "ok" }),
  );

  app.get(
    "/v1/ready",
    {
      schema: {
        tags: ["health"],
        summary: "Readiness: the database answers",
        operationId: "getReadiness",
        security: [],
        querystring: AnyQuery,
        "x-error-codes": ["DATABASE_UNAVAILABLE"],
        description:
          "Asks the database every time (nothing is cached): 503 DATABASE_UNAVAILABLE while it " +
          "does not answer, 200 from the first probe after it is back.",
        response: { 200: Status, 503: ErrorResponse },
      },
    },
    async () => {
      await services.health.ready();
      return { status: "ready" };
    },
  );
};
