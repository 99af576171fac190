import { isId, newId } from "../../ids.js";
import { SealError, seal, unseal } from "../../secrets.js";
import type { Store } from "../../store/database.js";
import { mapPage, type PageRequest } from "../../store/pagination.js";
import type {
  WebhookDeliveryRecord,
  WebhookDeliveryStatus,
  WebhookEndpointRecord,
} from "../../store/records.js";
import {
  type AttemptOutcome,
  type EndpointChanges,
  webhooksRepository,
} from "../../store/webhooks.js";
import { auditedTransaction } from "../audit.js";
import type { Clock } from "../clock.js";
import { notFound, ServiceError } from "../errors.js";
import { recordEvents } from "../events.js";
import { type Principal, requireAdmin } from "../principal.js";
import { webhookSender } from "./send.js";
import { RESPONSE_EXCERPT_BYTES, WEBHOOK_DEFAULTS, type WebhookSettings } from "./settings.js";
import { newWebhookSecret, signWebhook } from "./signing.js";
import { parseTargetUrl, resolveTarget, TargetError } from "./targets.js";

// Webhook endpoints (CRUD, secret rotation), their delivery log and redelivery, and the worker's
// pass over due deliveries (jobs/webhooks.ts runs it). Admin tokens only.

export interface EndpointInput {
  url: string;
  description?: string | null;
  /** Empty or absent: every event type. */
  eventTypes?: string[];
  enabled?: boolean;
}

/** An endpoint with its signing secret in clear: the answer of create and rotate, once. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpointRecord;
  secret: string;
}

/** What one attempt came to: for metrics (onDelivery) and tests. */
export interface DeliveryResult {
  deliveryId: string;
  endpointId: string;
  organizationId: string;
  eventType: string;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The delivery's state after the attempt. */
  status: WebhookDeliveryStatus;
}

export interface WebhooksDeps {
  store: Store;
  secret: string;
  clock: Clock;
  settings?: Partial<WebhookSettings>;
  /** Called after every attempt (the metrics hook). */
  onDelivery?: (result: DeliveryResult) => void;
  /** Random in [0, 1) for the backoff's jitter (tests fix it). */
  random?: () => number;
}

/** How much longer than an attempt's timeout a claim lasts before another worker may retake it. */
const LEASE_MARGIN_MS = 5_000;

export function webhooksService(deps: WebhooksDeps) {
  const { store, clock } = deps;
  const settings: WebhookSettings = { ...WEBHOOK_DEFAULTS, ...deps.settings };
  const sender = webhookSender(settings);
  const random = deps.random ?? Math.random;
  const repository = () => webhooksRepository(store.db);

  async function checkUrl(url: string): Promise<void> {
    try {
      await resolveTarget(url, settings.allowPrivate);
    } catch (error) {
      if (error instanceof TargetError) {
        throw new ServiceError("WEBHOOK_URL_NOT_ALLOWED", error.message);
      }
      throw error;
    }
  }

  async function load(principal: Principal, id: string): Promise<WebhookEndpointRecord> {
    requireAdmin(principal);
    const endpoint = isId("whep", id)
      ? await repository().findEndpoint(principal.organizationId, id)
      : undefined;
    if (!endpoint) throw notFound("webhook_endpoint", id);
    return endpoint;
  }

  async function loadDelivery(principal: Principal, id: string): Promise<WebhookDeliveryRecord> {
    requireAdmin(principal);
    const delivery = isId("msg", id)
      ? await repository().findDelivery(principal.organizationId, id)
      : undefined;
    if (!delivery) throw notFound("webhook_delivery", id);
    return delivery;
  }

  /** The next retry's delay after `attempts` attempts: doubling from the first, capped, ±20%. */
  function retryDelayMs(attempts: number): number {
    const base = Math.min(
      settings.firstRetryDelayMs * 2 ** Math.max(0, attempts - 1),
      settings.maxRetryDelayMs,
    );
    return Math.round(base * (0.8 + 0.4 * random()));
  }

  /** An attempt's result and what to write back to its delivery. */
  interface Attempted {
    result: DeliveryResult;
    outcome: AttemptOutcome;
  }

  /**
   * The endpoint as the API shows it at `now`: a previous secret whose overlap has ended is
   * gone (its columns are left to the next rotation, which replaces them; nothing signs with it).
   */
  function current(endpoint: WebhookEndpointRecord, now: Date = clock()): WebhookEndpointRecord {
    if (endpoint.previousValidUntil === null) return endpoint;
    if (Date.parse(endpoint.previousValidUntil) > now.getTime()) return endpoint;
    return { ...endpoint, previousSecretSealed: null, previousValidUntil: null };
  }

  /** The secret sealed under KEYWARD_SECRET, or null when it cannot be unsealed. */
  function unsealed(sealed: string): string | null {
    try {
      return Buffer.from(unseal(deps.secret, sealed)).toString();
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      return null;
    }
  }

  /** Sends one claimed delivery (no database writes: deliverDue records a batch at once). */
  async function attempt(
    delivery: WebhookDeliveryRecord,
    endpoint: { record: WebhookEndpointRecord; secrets: string[] | null } | undefined,
  ): Promise<Attempted> {
    let statusCode: number | null = null;
    let latencyMs: number | null = null;
    let excerpt: string | null = null;
    let error: string | null = null;
    if (!endpoint?.record.enabled) {
      error = "the endpoint is disabled";
    } else if (endpoint.secrets === null) {
      // Sealed under another KEYWARD_SECRET: nothing can be signed; rotating makes a new one.
      error = "the signing secret cannot be unsealed (KEYWARD_SECRET changed?): rotate it";
    } else {
      try {
        const target = await resolveTarget(endpoint.record.url, settings.allowPrivate);
        const headers = signWebhook(
          endpoint.secrets,
          delivery.id,
          Math.floor(clock().getTime() / 1000),
          delivery.payload,
        );
        const sent = await sender.send(target, { ...headers }, delivery.payload);
        statusCode = sent.statusCode;
        latencyMs = sent.latencyMs;
        error = sent.error;
        excerpt = sent.body.subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
      } catch (thrown) {
        if (!(thrown instanceof TargetError)) throw thrown;
        error = thrown.message;
      }
    }
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    if (!ok && error === null) error = `the receiver answered ${statusCode}`;
    const now = clock();
    let status: WebhookDeliveryStatus = "succeeded";
    let nextAttemptAt: string | null = null;
    if (!ok) {
      const next = now.getTime() + retryDelayMs(delivery.attempts);
      const giveUpAt = Date.parse(delivery.createdAt) + settings.retryWindowMs;
      const retry = endpoint?.record.enabled === true && next <= giveUpAt;
      status = retry ? "pending" : "failed";
      nextAttemptAt = retry ? new Date(next).toISOString() : null;
    }
    return {
      result: {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        organizationId: delivery.organizationId,
        eventType: delivery.eventType,
        attempt: delivery.attempts,
        ok,
        statusCode,
        latencyMs: latencyMs ?? 0,
        error,
        status,
      },
      outcome: {
        status,
        nextAttemptAt,
        lastAttemptAt: now.toISOString(),
        lastStatusCode: statusCode,
        lastLatencyMs: latencyMs,
        lastResponse: excerpt,
        lastError: error,
      },
    };
  }

  /**
   * A failed attempt: starts the endpoint's run of failures, and disables it once the run is
   * older than disableAfterMs, giving up its pending deliveries and recording
   * webhook.endpoint.disabled (once, whichever process gets there first).
   */
  async function noteFailure(endpoint: WebhookEndpointRecord, now: Date): Promise<void> {
    const current = await repository().markEndpointFailing(endpoint.id, now.toISOString());
    if (!current?.failingSince || !current.enabled) return;
    if (now.getTime() - Date.parse(current.failingSince) < settings.disableAfterMs) return;
    const reason = `every attempt failed since ${current.failingSince}`;
    await store.db.transaction().execute(async (trx) => {
      const webhooks = webhooksRepository(trx);
      if (!(await webhooks.disableEndpoint(endpoint.id, reason, now.toISOString()))) return;
      await webhooks.failPending(
        endpoint.organizationId,
        endpoint.id,
        "the endpoint was disabled",
        now.toISOString(),
      );
      await recordEvents(trx, now, {
        organizationId: endpoint.organizationId,
        type: "webhook.endpoint.disabled",
        data: {
          endpointId: endpoint.id,
          url: endpoint.url,
          failingSince: current.failingSince,
          reason,
        },
      });
    });
  }

  return {
    settings,

    /** Closes the connections kept alive to receivers (the worker calls it when it stops). */
    closeConnections: () => sender.close(),

    async create(principal: Principal, input: EndpointInput): Promise<EndpointWithSecret> {
      requireAdmin(principal);
      await checkUrl(input.url);
      const now = clock().toISOString();
      const secret = newWebhookSecret();
      const endpoint: WebhookEndpointRecord = {
        id: newId("whep", clock()),
        organizationId: principal.organizationId,
        url: parseTargetUrl(input.url).href,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes ?? [])],
        enabled: input.enabled ?? true,
        secretSealed: seal(deps.secret, Buffer.from(secret)),
        previousSecretSealed: null,
        previousValidUntil: null,
        failingSince: null,
        disabledReason: null,
        createdAt: now,
        updatedAt: now,
      };
      await auditedTransaction(store.db, principal, clock(), async (trx) => {
        await webhooksRepository(trx).insertEndpoint(endpoint);
        return {
          result: null,
          audit: { action: "webhook_endpoint.created", id: endpoint.id, after: endpoint },
        };
      });
      return { endpoint, secret };
    },

    async list(principal: Principal, page: PageRequest) {
      requireAdmin(principal);
      const now = clock();
      return mapPage(await repository().listEndpoints(principal.organizationId, page), (endpoint) =>
        current(endpoint, now),
      );
    },

    get: async (principal: Principal, id: string) => current(await load(principal, id)),

    async update(
      principal: Principal,
      id: string,
      input: Partial<EndpointInput>,
    ): Promise<WebhookEndpointRecord> {
      const endpoint = await load(principal, id);
      const changes: EndpointChanges = {};
      if (input.url !== undefined) {
        await checkUrl(input.url);
        changes.url = parseTargetUrl(input.url).href;
      }
      if (input.description !== undefined) changes.description = input.description;
      if (input.eventTypes !== undefined) changes.eventTypes = [...new Set(input.eventTypes)];
      if (input.enabled !== undefined) {
        changes.enabled = input.enabled;
        // Enabled again: a new start, the old run of failures forgotten.
        if (input.enabled && !endpoint.enabled) {
          changes.failingSince = null;
          changes.disabledReason = null;
        }
      }
      const now = clock();
      return auditedTransaction(store.db, principal, now, async (trx) => {
        const updated = await webhooksRepository(trx).updateEndpoint(
          principal.organizationId,
          id,
          changes,
          now.toISOString(),
        );
        if (!updated) throw notFound("webhook_endpoint", id);
        return {
          result: current(updated, now),
          audit: { action: "webhook_endpoint.updated", id, before: endpoint, after: updated },
        };
      });
    },

    async delete(principal: Principal, id: string): Promise<void> {
      const endpoint = await load(principal, id);
      await auditedTransaction(store.db, principal, clock(), async (trx) => {
        if (!(await webhooksRepository(trx).deleteEndpoint(principal.organizationId, id))) {
          throw notFound("webhook_endpoint", id);
        }
        return {
          result: null,
          audit: { action: "webhook_endpoint.deleted", id, before: endpoint },
        };
      });
    },

    /**
     * A new signing secret. The old one stops signing at once, or, with `keepPreviousSeconds`,
     * signs next to the new one until that overlap ends (every delivery carries both
     * signatures, retries queued before the rotation too), so the receiver can deploy the new
     * secret first. One previous secret at a time: a rotation drops the one an earlier kept.
     */
    async rotateSecret(
      principal: Principal,
      id: string,
      keepPreviousSeconds = 0,
    ): Promise<EndpointWithSecret> {
      await load(principal, id);
      const secret = newWebhookSecret();
      const now = clock();
      // The secrets show as redacted: the entry says that the secret changed, not to what; it
      // shows the overlap asked for and until when the previous secret signs.
      const endpoint = await auditedTransaction(store.db, principal, now, async (trx) => {
        const webhooks = webhooksRepository(trx);
        // The row locked and read again in the transaction: the previous secret is the one
        // being replaced, even if another rotation committed since `load`.
        const replaced = await webhooks.lockEndpoint(principal.organizationId, id);
        if (!replaced) throw notFound("webhook_endpoint", id);
        const keep = keepPreviousSeconds > 0;
        const rotated = await webhooks.updateEndpoint(
          principal.organizationId,
          id,
          {
            secretSealed: seal(deps.secret, Buffer.from(secret)),
            previousSecretSealed: keep ? replaced.secretSealed : null,
            previousValidUntil: keep
              ? new Date(now.getTime() + keepPreviousSeconds * 1000).toISOString()
              : null,
          },
          now.toISOString(),
        );
        if (!rotated) throw notFound("webhook_endpoint", id);
        const after = current(rotated, now);
        return {
          result: after,
          audit: {
            action: "webhook_endpoint.secret_rotated",
            id,
            before: current(replaced, now),
            after: { ...after, keepPreviousSeconds },
          },
        };
      });
      return { endpoint, secret };
    },

    async listDeliveries(
      principal: Principal,
      endpointId: string,
      filter: { status?: WebhookDeliveryStatus | undefined },
      page: PageRequest,
    ) {
      await load(principal, endpointId);
      return repository().listDeliveries(principal.organizationId, endpointId, filter, page);
    },

    getDelivery: loadDelivery,

    /** Sends the delivery again, soon, with the same webhook-id (whatever its state). */
    async redeliver(principal: Principal, id: string): Promise<WebhookDeliveryRecord> {
      const delivery = await loadDelivery(principal, id);
      const endpoint = await load(principal, delivery.endpointId);
      if (!endpoint.enabled) {
        throw new ServiceError(
          "WEBHOOK_ENDPOINT_DISABLED",
          `webhook endpoint ${endpoint.id} is disabled: enable it first`,
        );
      }
      const now = clock();
      await auditedTransaction(store.db, principal, now, async (trx) => {
        await webhooksRepository(trx).redeliver(principal.organizationId, id, now.toISOString());
        return {
          result: null,
          audit: {
            action: "webhook_endpoint.redelivered",
            id: endpoint.id,
            after: { deliveryId: id },
          },
        };
      });
      return loadDelivery(principal, id);
    },

    /**
     * One worker pass: claims up to batchSize due deliveries and sends them at once; answers
     * the attempts' results. Any number of processes may run it together (claimDue).
     */
    async deliverDue(): Promise<DeliveryResult[]> {
      const now = clock();
      const claimedUntil = new Date(
        now.getTime() + settings.timeoutMs + LEASE_MARGIN_MS,
      ).toISOString();
      const claimed = await repository().claimDue(
        now.toISOString(),
        claimedUntil,
        settings.batchSize,
      );
      if (claimed.length === 0) return [];
      // Each endpoint read and its secrets unsealed once per batch: the current one, and the
      // one a rotation replaced while its overlap lasts (a previous secret that cannot be
      // unsealed is left out; the current one is what the attempt needs).
      const endpoints = new Map<
        string,
        { record: WebhookEndpointRecord; secrets: string[] | null }
      >();
      for (const delivery of claimed) {
        if (endpoints.has(delivery.endpointId)) continue;
        const record = await repository().findEndpoint(
          delivery.organizationId,
          delivery.endpointId,
        );
        if (!record) continue;
        const secret = unsealed(record.secretSealed);
        const previousSealed = current(record, now).previousSecretSealed;
        const previous = previousSealed === null ? null : unsealed(previousSealed);
        const secrets = secret === null ? null : previous === null ? [secret] : [secret, previous];
        endpoints.set(record.id, { record, secrets });
      }
      const attempts = await Promise.all(
        claimed.map((delivery) => attempt(delivery, endpoints.get(delivery.endpointId))),
      );
      // The batch's outcomes in one transaction: one commit instead of one per delivery. An
      // outcome is not written if the claim was lost meanwhile (recordAttempt).
      await store.db.transaction().execute(async (trx) => {
        const webhooks = webhooksRepository(trx);
        for (const { result, outcome } of attempts) {
          await webhooks.recordAttempt(result.deliveryId, claimedUntil, outcome);
        }
      });
      // Per endpoint: a success ends its run of failures; only failures start or extend it.
      for (const { record } of endpoints.values()) {
        if (!record.enabled) continue;
        const mine = attempts.filter(({ result }) => result.endpointId === record.id);
        if (mine.length === 0) continue;
        if (mine.some(({ result }) => result.ok)) {
          if (record.failingSince !== null) await repository().markEndpointHealthy(record.id);
        } else {
          await noteFailure(record, clock());
        }
      }
      const results = attempts.map(({ result }) => result);
      if (deps.onDelivery) for (const result of results) deps.onDelivery(result);
      return results;
    },
  };
}

export type WebhooksService = ReturnType<typeof webhooksService>;
export type { WebhookSettings } from "./settings.js";
