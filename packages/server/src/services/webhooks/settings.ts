/** How webhooks are sent (config.ts reads them from KEYWARD_WEBHOOK_* variables). */
export interface WebhookSettings {
  /** KEYWARD_WEBHOOKS_ALLOW_PRIVATE: send to loopback/private/link-local addresses too. */
  allowPrivate: boolean;
  /** Longest an attempt may take, connection to last byte (ms). */
  timeoutMs: number;
  /** How much of a response is read (the rest is dropped with the connection). */
  maxResponseBytes: number;
  /** How long a delivery is retried, from its event (ms); then it fails for good. */
  retryWindowMs: number;
  /** An endpoint failing without a success for this long is disabled (ms). */
  disableAfterMs: number;
  /** First retry delay (ms); each next one doubles, up to maxRetryDelayMs, ±20% jitter. */
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** Deliveries one worker pass claims, sent at once. */
  batchSize: number;
}

const DAY_MS = 86_400_000;

export const WEBHOOK_DEFAULTS: WebhookSettings = {
  allowPrivate: false,
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  retryWindowMs: 3 * DAY_MS,
  disableAfterMs: 5 * DAY_MS,
  firstRetryDelayMs: 30_000,
  maxRetryDelayMs: 12 * 3_600_000,
  batchSize: 20,
};

/** The stored excerpt of a response: its first 1 KB. */
export const RESPONSE_EXCERPT_BYTES = 1024;
