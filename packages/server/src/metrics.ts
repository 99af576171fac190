/**
 * What the server counts for Prometheus (docs/server.md, Metrics). Services, jobs and the HTTP
 * layer call these; `noopMetrics` stands in when metrics are not exposed (and in tests), so the
 * hot paths pay one empty call. The Prometheus implementation (prometheus-metrics.ts) is loaded
 * only when metrics are exposed: prom-client and its registry cost idle memory otherwise.
 */
export interface Metrics {
  /** One finished HTTP request: the route's pattern (never the raw URL), method and status. */
  request(route: string, method: string, status: number, seconds: number): void;
  /** One license check: `validate` (full answer) or `check` (lease), by validation code. */
  validation(kind: "validate" | "check", code: string): void;
  /** One activation attempt: online (POST /v1/machines) or offline, and how it ended. */
  activation(kind: "online" | "offline", outcome: "activated" | "refused" | "failed"): void;
  /** One background job run and how long it took. */
  jobRun(job: string, outcome: "ok" | "failed", seconds: number): void;
  /** One webhook delivery attempt: `delivered`, `failed` (will retry), `exhausted`, … */
  webhookDelivery(outcome: string): void;
  /** The database could not answer (DATABASE_UNAVAILABLE, a lost pooled connection, …). */
  databaseError(kind: string): void;
  /** Reports a PostgreSQL pool's sizes on each scrape (store/database.ts poolStats). */
  watchPool(stats: () => PoolStats): void;
  /** A rate limit refused a request (http/rate-limits.ts), by which limit. */
  rateLimited(limit: string): void;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface PrometheusMetrics extends Metrics {
  /** The exposition text and its Content-Type. */
  render(): Promise<{ contentType: string; text: string }>;
}

export const noopMetrics: Metrics = {
  request() {},
  validation() {},
  activation() {},
  jobRun() {},
  webhookDelivery() {},
  databaseError() {},
  watchPool() {},
  rateLimited() {},
};
