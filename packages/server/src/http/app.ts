import type { SecureContextOptions } from "node:tls";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import type { Services } from "../services/index.js";
import { authenticate } from "./auth.js";
import { type CorsSettings, DEFAULT_CORS, registerCors } from "./cors.js";
import { type DashboardOptions, dashboardRoutes } from "./dashboard.js";
import {
  clientErrorHandler,
  errorHandler,
  expectationFailed,
  newRequestId,
  notFoundHandler,
} from "./errors.js";
import { registerIdempotency } from "./idempotency.js";
import { closeUndeclaredInputs, registerJsonBody } from "./json-body.js";
import { type LogOptions, loggerOptions, RequestLog, rememberRouteSegments } from "./logging.js";
import { type MetricsEndpoint, registerMetricsRoute, registerRequestMetrics } from "./metrics.js";
import { registerOpenApi } from "./openapi.js";
import { registerQueryStringCheck } from "./query-string.js";
import { type RateLimitSettings, type RateLimits, registerRateLimits } from "./rate-limits.js";
import { registerResponseSigning } from "./response-signing.js";
import { auditLogRoutes } from "./routes/audit-log.js";
import { checkoutRoutes } from "./routes/checkout.js";
import { consumptionRoutes } from "./routes/consumption.js";
import { entitlementRoutes } from "./routes/entitlements.js";
import { eventRoutes } from "./routes/events.js";
import { handshakeCodeRoutes } from "./routes/handshake-codes.js";
import { healthRoutes } from "./routes/health.js";
import { licenseRoutes } from "./routes/licenses.js";
import { machineRoutes } from "./routes/machines.js";
import { offlineActivationRoutes, offlineKeyRoutes } from "./routes/offline-activation.js";
import { organizationRoutes } from "./routes/organization.js";
import { policyRoutes } from "./routes/policies.js";
import { productRoutes } from "./routes/products.js";
import { publicKeyRoutes } from "./routes/public-keys.js";
import { signingKeyRoutes } from "./routes/signing-keys.js";
import { statsRoutes } from "./routes/stats.js";
import { tokenRoutes } from "./routes/tokens.js";
import { trackableDeviceRoutes, trackableRoutes } from "./routes/trackable.js";
import { usageAlertRoutes } from "./routes/usage-alerts.js";
import { userRoutes } from "./routes/users.js";
import { keyValidationRoutes, validationRoutes } from "./routes/validation.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { ErrorResponse } from "./schemas.js";
import { buildValidator } from "./validator.js";

export interface AppOptions {
  services: Services;
  version: string;
  bodyLimit?: number;
  /** Origins allowed on the client routes and on the admin routes (default: any / none). */
  cors?: CorsSettings;
  /** Longest a client may take to send its headers, and its whole request. */
  timeouts?: HttpTimeouts;
  /** Whose X-Forwarded-For gives the client's address (config.ts trustProxy). */
  trustProxy?: boolean | string[];
  /** Log level and format (http/logging.ts); false for silence (tests). */
  logger?: false | LogOptions;
  /** HTTPS with this certificate and key (tls.ts); plain HTTP when absent. */
  tls?: SecureContextOptions;
  /** The admin dashboard's built files, served at /admin; absent or false: no /admin. */
  dashboard?: false | DashboardOptions;
  /** Request metrics and GET /metrics (http/metrics.ts); absent: neither. */
  metrics?: MetricsEndpoint;
  /** Rate limits (http/rate-limits.ts); absent or false: none (tests, benches). */
  rateLimits?: false | RateLimitSettings;
}

export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
}

export const HTTP_TIMEOUT_DEFAULTS: HttpTimeouts = { headersMs: 30_000, requestMs: 30_000 };

/** Builds the Fastify app: public routes, then every /v1 resource behind bearer-token auth. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? HTTP_TIMEOUT_DEFAULTS;
  const http = {
    headersTimeout: timeouts.headersMs,
    connectionsCheckingInterval: Math.min(1000, Math.ceil(timeouts.headersMs / 4)),
  };
  const app = Fastify({
    logger:
      options.logger === false ? false : await loggerOptions(options.logger ?? { level: "info" }),
    logController: new RequestLog(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    genReqId: newRequestId,
    // Slow senders are cut off (408); Node looks for them every connectionsCheckingInterval.
    requestTimeout: timeouts.requestMs,
    http,
    // Fastify hands an HTTPS server only these options, so they carry the timeouts too.
    ...(options.tls ? { https: { ...http, ...options.tls } } : {}),
    // What Node and the router refuse before any route, in the standard error body too.
    clientErrorHandler,
    frameworkErrors: errorHandler,
    // Requests arriving while the server drains are served (with Connection: close) rather
    // than answered with Fastify's own 503 body; the database closes after they finish.
    return503OnClosing: false,
    // Strict input: no silent type coercion or dropping of unknown fields in bodies.
    // allowUnionTypes: Nullable (schemas.ts) writes "type": [T, "null"]. allErrors stays off:
    // validator.ts validates a failing input again to report every problem, within bounds.
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        allErrors: false,
        allowUnionTypes: true,
      },
    },
    schemaController: { compilersFactory: { buildValidator: buildValidator() } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  registerJsonBody(app);
  // Before any route (the OpenAPI document's included): every route validates all its input.
  closeUndeclaredInputs(app);
  // Also before any route: the log shows a path no route took by the words routes have.
  rememberRouteSegments(app);
  app.server.on("checkExpectation", expectationFailed);
  app.addSchema(ErrorResponse);
  // On the root, before any route: public routes are signed on request too (SPEC K7).
  registerResponseSigning(app, options.services);
  await registerOpenApi(app, options.version);
  registerCors(app, options.cors ?? DEFAULT_CORS);
  // After CORS: a browser may read the 400 of a bad query string.
  registerQueryStringCheck(app);
  if (options.metrics) {
    registerRequestMetrics(app, options.services.metrics);
    if (options.metrics.onMainPort) registerMetricsRoute(app, options.metrics);
  }
  const limits: RateLimits | null = options.rateLimits
    ? await registerRateLimits(app, options.rateLimits, options.services.metrics)
    : null;

  await app.register(healthRoutes, { services: options.services });
  await app.register(publicKeyRoutes, { services: options.services });
  // The client routes: the license key (or nothing) is the credential.
  await app.register(async (client) => {
    limits?.clientScope(client);
    await client.register(keyValidationRoutes, { services: options.services });
    await client.register(offlineActivationRoutes, { services: options.services });
    await client.register(trackableDeviceRoutes, { services: options.services });
  });
  if (options.dashboard) await app.register(dashboardRoutes, options.dashboard);
  await app.register(async (authenticated) => {
    if (limits) authenticated.addHook("onRequest", limits.beforeAuthentication);
    authenticated.addHook("onRequest", authenticate(options.services));
    if (limits) authenticated.addHook("onRequest", limits.afterAuthentication);
    // Every POST in this scope honours Idempotency-Key, except token creation (its secret).
    registerIdempotency(authenticated, options.services);
    const deps = { services: options.services };
    await authenticated.register(organizationRoutes, deps);
    await authenticated.register(signingKeyRoutes, deps);
    await authenticated.register(tokenRoutes, deps);
    await authenticated.register(productRoutes, deps);
    await authenticated.register(userRoutes, deps);
    await authenticated.register(handshakeCodeRoutes, deps);
    await authenticated.register(policyRoutes, deps);
    await authenticated.register(licenseRoutes, deps);
    await authenticated.register(entitlementRoutes, deps);
    await authenticated.register(machineRoutes, deps);
    await authenticated.register(validationRoutes, deps);
    await authenticated.register(consumptionRoutes, deps);
    await authenticated.register(offlineKeyRoutes, deps);
    await authenticated.register(checkoutRoutes, deps);
    await authenticated.register(eventRoutes, deps);
    await authenticated.register(statsRoutes, deps);
    await authenticated.register(auditLogRoutes, deps);
    await authenticated.register(trackableRoutes, deps);
    await authenticated.register(usageAlertRoutes, deps);
    await authenticated.register(webhookRoutes, deps);
  });
  return app;
}
