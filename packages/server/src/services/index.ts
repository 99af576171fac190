import type { KeyPair } from "@keyward/formats/node";
import { type Metrics, noopMetrics } from "../metrics.js";
import type { Store } from "../store/database.js";
import type { SigningAlgorithm } from "../store/records.js";
import { activationService } from "./activation.js";
import { auditService } from "./audit.js";
import { checkoutService } from "./checkout.js";
import { type Clock, systemClock } from "./clock.js";
import { consumptionService } from "./consumption.js";
import { entitlementsService } from "./entitlements.js";
import { eventsService } from "./events.js";
import { expirationsService } from "./expirations.js";
import { handshakeCodesService } from "./handshake-codes.js";
import { healthService } from "./health.js";
import { idempotencyService } from "./idempotency.js";
import { licenseUsersService } from "./license-users.js";
import { licensesService } from "./licenses.js";
import { machinesService } from "./machines.js";
import { offlineActivationService } from "./offline-activation.js";
import { organizationsService } from "./organizations.js";
import { policiesService } from "./policies.js";
import { productsService } from "./products.js";
import { type RetentionSettings, retentionService } from "./retention.js";
import { signingKeysService } from "./signing-keys.js";
import { statsService } from "./stats.js";
import { tokensService } from "./tokens.js";
import { trackableServices } from "./trackable/index.js";
import { sessionPasswordVerifier } from "./trackable/session-passwords.js";
import { usageAlertsService } from "./usage-alerts.js";
import { usersService } from "./users.js";
import { validationService } from "./validation.js";
import { type ServiceLog, validationLog } from "./validation-log.js";
import { type DeliveryResult, type WebhookSettings, webhooksService } from "./webhooks/index.js";

/** Wires every service to the store once; the HTTP app and the CLI use this bundle. */
export function createServices(deps: {
  store: Store;
  secret: string;
  clock?: Clock;
  /** Offline activation's Date header window in seconds (default 10 minutes). */
  offlineDateWindowSeconds?: number;
  /**
   * Makes organizations' signing key pairs (default: generated). Tests pass pre-generated RSA
   * keys (test/support/key-pairs.ts): RSA-2048 generation costs ~0.2 s per organization.
   */
  generateKeyPair?: (algorithm: SigningAlgorithm) => KeyPair;
  /** Where counters go (metrics.ts); default: nowhere (noopMetrics). */
  metrics?: Metrics;
  /** Webhook sending (services/webhooks/settings.ts); defaults refuse private addresses. */
  webhooks?: Partial<WebhookSettings>;
  /** Called after every webhook attempt (the metrics hook). */
  onWebhookDelivery?: (result: DeliveryResult) => void;
  /** How long events and webhook deliveries are kept (services/retention.ts). */
  retention?: Partial<RetentionSettings>;
  /** Audit entries are kept this many days (default AUDIT_RETENTION_DEFAULT_DAYS, 365). */
  auditRetentionDays?: number;
  /** Where the validations' warnings go (a failed write of counts); default: stderr. */
  log?: ServiceLog;
}) {
  const metrics = deps.metrics ?? noopMetrics;
  const shared = { store: deps.store, secret: deps.secret, clock: deps.clock ?? systemClock };
  // The hot-path caches live here, one set per bundle, on the injected clock: the unsealed
  // signing keys (checked against the active key's id and updated_at on every use) and the verified session passwords (10 minutes, tied to the stored
  // hash, so a changed password misses at once). The parsed-JSON caches of license-context.ts
  // and the store's prepared statements are process-wide pools (documented where they are).
  const signingKeys = signingKeysService({ ...shared, generateKeyPair: deps.generateKeyPair });
  const passwords = sessionPasswordVerifier(shared);
  const validations = validationLog({ ...shared, log: deps.log });
  const policies = policiesService(shared);
  const licenses = licensesService({ ...shared, signingKeys });
  const machines = machinesService(shared);
  const licenseUsers = licenseUsersService(shared);
  const activation = activationService(shared);
  const tokens = tokensService(shared);
  return {
    health: healthService(shared),
    audit: auditService({ ...shared, retentionDays: deps.auditRetentionDays }),
    organizations: organizationsService({ ...shared, generateKeyPair: deps.generateKeyPair }),
    tokens,
    products: productsService(shared),
    users: usersService(shared),
    handshakeCodes: handshakeCodesService(shared),
    idempotency: idempotencyService(shared),
    policies,
    licenses,
    entitlements: entitlementsService({ ...shared, policies, licenses }),
    machines,
    activation,
    validation: validationService({ ...shared, validations, signingKeys, log: deps.log }),
    expirations: expirationsService(shared),
    events: eventsService(shared),
    stats: statsService(shared),
    usageAlerts: usageAlertsService(shared),
    checkout: checkoutService({ ...shared, signingKeys, licenses, machines }),
    signingKeys,
    trackable: trackableServices({ ...shared, signingKeys, passwords }),
    licenseUsers,
    consumption: consumptionService(shared),
    offlineActivation: offlineActivationService({
      ...shared,
      activation,
      tokens,
      licenseUsers,
      dateWindowSeconds: deps.offlineDateWindowSeconds,
    }),
    /** Counters for /metrics (noop unless the server exposes them). */
    metrics,
    webhooks: webhooksService({
      ...shared,
      ...(deps.webhooks ? { settings: deps.webhooks } : {}),
      onDelivery: (result) => {
        metrics.webhookDelivery(
          result.ok ? "delivered" : result.status === "failed" ? "failed" : "retrying",
        );
        deps.onWebhookDelivery?.(result);
      },
    }),
    retention: retentionService({
      ...shared,
      ...(deps.retention ? { settings: deps.retention } : {}),
    }),
    /** Writes buffered validation counters; call before closing the store. */
    flush: () => validations.flush(),
    /** What the last flush could not write (the database is away), taken out; see server.ts. */
    takeUnwrittenValidations: () => validations.takeUnwritten(),
  };
}

export type Services = ReturnType<typeof createServices>;
