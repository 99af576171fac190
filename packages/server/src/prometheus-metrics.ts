import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PoolStats, PrometheusMetrics } from "./metrics.js";
import { workerMetrics } from "./metrics-cluster.js";

// Seconds: a cached validation answers in well under a millisecond, a cold PostgreSQL write in
// tens; 10 s is past every timeout but the request's own.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * Metrics in their own registry (never prom-client's global one), so several apps in one process
 * (the tests) do not collide. Label values come from fixed sets (route patterns, codes from the
 * catalogue and domain, job names), which bounds the series: about 80 routes × a few statuses.
 * In a worker of `--workers N` (`workers`), render answers every worker's sum
 * (metrics-cluster.ts).
 */
export function prometheusMetrics(
  options: { defaultMetrics?: boolean; workers?: boolean } = {},
): PrometheusMetrics {
  const registry = new Registry();
  const text = options.workers ? workerMetrics(registry) : () => registry.metrics();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: "keyward_http_requests_total",
    help: "HTTP requests by route pattern, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "keyward_http_request_duration_seconds",
    help: "HTTP request latency by route pattern, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const validations = new Counter({
    name: "keyward_validations_total",
    help: "License validations (validate) and checks (check) by validation code",
    labelNames: ["kind", "code"] as const,
    registers,
  });
  const activations = new Counter({
    name: "keyward_activations_total",
    help: "Device activations by kind (online, offline) and outcome",
    labelNames: ["kind", "outcome"] as const,
    registers,
  });
  const jobRuns = new Counter({
    name: "keyward_job_runs_total",
    help: "Background job runs by job and outcome",
    labelNames: ["job", "outcome"] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: "keyward_job_duration_seconds",
    help: "Background job run time by job",
    labelNames: ["job"] as const,
    buckets: [0.01, 0.05, 0.25, 1, 5, 30, 120],
    registers,
  });
  const webhookDeliveries = new Counter({
    name: "keyward_webhook_deliveries_total",
    help: "Webhook delivery attempts by outcome",
    labelNames: ["outcome"] as const,
    registers,
  });
  const databaseErrors = new Counter({
    name: "keyward_database_errors_total",
    help: "Times the database could not answer, by kind",
    labelNames: ["kind"] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: "keyward_rate_limited_total",
    help: "Requests refused with 429 RATE_LIMITED, by limit",
    labelNames: ["limit"] as const,
    registers,
  });
  // Registered with the first pool (PostgreSQL): SQLite has none, and a 0 would mislead.
  const pools: Array<() => PoolStats> = [];
  const poolGauge = (name: string, help: string, field: keyof PoolStats) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(pools.reduce((sum, stats) => sum + stats()[field], 0));
      },
    });
  const registerPoolGauges = () => {
    poolGauge(
      "keyward_database_pool_connections",
      "PostgreSQL pool: open connections (in use and idle)",
      "total",
    );
    poolGauge("keyward_database_pool_idle", "PostgreSQL pool: idle connections", "idle");
    poolGauge(
      "keyward_database_pool_waiting",
      "PostgreSQL pool: queries waiting for a connection",
      "waiting",
    );
  };

  return {
    request(route, method, status, seconds) {
      const labels = { route, method, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    validation(kind, code) {
      validations.inc({ kind, code });
    },
    activation(kind, outcome) {
      activations.inc({ kind, outcome });
    },
    jobRun(job, outcome, seconds) {
      jobRuns.inc({ job, outcome });
      jobDuration.observe({ job }, seconds);
    },
    webhookDelivery(outcome) {
      webhookDeliveries.inc({ outcome });
    },
    databaseError(kind) {
      databaseErrors.inc({ kind });
    },
    watchPool(stats) {
      if (pools.length === 0) registerPoolGauges();
      pools.push(stats);
    },
    rateLimited(limit) {
      rateLimited.inc({ limit });
    },
    async render() {
      return { contentType: registry.contentType, text: await text() };
    },
  };
}
