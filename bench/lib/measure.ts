/**
 * Latency at a fixed moderate rate (the throughput rounds measure a saturated server; this is
 * what a client sees when the server is not) and a process's resident memory.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import type { LoadRequest } from "../support.js";

export const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

/** Requests/s of the latency runs: well below every line's saturation on the 2-core VM. */
export const LATENCY_RATE = argument("rate", 1000);
export const LATENCY_SECONDS = argument("latency-seconds", 3);

/** p50 and p99 latency (ms) at `rate` requests/s over 10 connections; errors fail the run. */
export async function latencyAt(
  request: LoadRequest,
  rate = LATENCY_RATE,
  seconds = LATENCY_SECONDS,
): Promise<{ p50: number; p99: number; rate: number }> {
  const result = await autocannon({
    url: request.url,
    method: request.method ?? "GET",
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
    connections: 10,
    overallRate: rate,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${request.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return { p50: result.latency.p50, p99: result.latency.p99, rate: result.requests.average };
}

/** Resident set size of a process in MB (Linux /proc), or null where there is none. */
export function rssMegabytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}
