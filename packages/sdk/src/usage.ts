// The device's usage buffer (SPEC T6, T8): counters and the reports made from them, in one
// storage value so that turning counters into a report is a single write (a crash leaves either
// the counters or the report, never both: nothing is counted twice, nothing lost).
import { KeywardError } from "./errors.js";
import type { KeywardStorage } from "./storage.js";

/** One report as POST /v1/trackable/usage takes it; `reportId` makes its retries count once. */
export interface UsageReport {
  reportId: string;
  deviceId: string;
  periodStart: string;
  periodEnd: string;
  counters: Record<string, number>;
}

interface UsageState {
  /** Counting since `since` (ISO time); empty counters: nothing counted yet. */
  open: { since: string; counters: Record<string, number> };
  /** Reports made and not yet acknowledged, oldest first. */
  pending: UsageReport[];
}

/** The server's limits on a report (routes/trackable.ts): feature names, 100 features, 10⁹ uses. */
const FEATURE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const MAX_FEATURES = 100;
const MAX_COUNT = 1_000_000_000;

export class UsageBuffer {
  constructor(
    private readonly storage: KeywardStorage,
    private readonly key: string,
  ) {}

  /** Adds `n` uses of `feature`; a full report (100 features, 10⁹ uses) is closed first. */
  async count(feature: string, n: number, deviceId: string, now: Date): Promise<void> {
    if (!FEATURE.test(feature)) {
      throw new KeywardError("CONFIG", `feature "${feature}" is not a valid feature name`);
    }
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_COUNT) {
      throw new KeywardError("CONFIG", `count must be a whole number from 1 to ${MAX_COUNT}`);
    }
    const state = await this.#read(now);
    const counters = state.open.counters;
    const full =
      (counters[feature] ?? 0) + n > MAX_COUNT ||
      (counters[feature] === undefined && Object.keys(counters).length >= MAX_FEATURES);
    if (full) close(state, deviceId, now);
    // The period starts at the first use counted, not at the last report.
    if (Object.keys(state.open.counters).length === 0) state.open.since = now.toISOString();
    state.open.counters[feature] = (state.open.counters[feature] ?? 0) + n;
    await this.#write(state);
  }

  /** Turns the counters into a report with a fresh id, stored before anything is sent. */
  async close(deviceId: string, now: Date): Promise<UsageReport[]> {
    const state = await this.#read(now);
    if (Object.keys(state.open.counters).length > 0) {
      close(state, deviceId, now);
      await this.#write(state);
    }
    return state.pending;
  }

  /** Drops the reports the server has answered for (counted, duplicate or refused). */
  async remove(reportIds: ReadonlySet<string>, now: Date): Promise<void> {
    const state = await this.#read(now);
    state.pending = state.pending.filter((report) => !reportIds.has(report.reportId));
    await this.#write(state);
  }

  /** Uses counted and not yet acknowledged, per feature (open counters and pending reports). */
  async unsent(now: Date): Promise<Record<string, number>> {
    const state = await this.#read(now);
    const sum: Record<string, number> = {};
    for (const counters of [state.open.counters, ...state.pending.map((r) => r.counters)]) {
      for (const [feature, n] of Object.entries(counters)) sum[feature] = (sum[feature] ?? 0) + n;
    }
    return sum;
  }

  async #read(now: Date): Promise<UsageState> {
    const text = await this.storage.get(this.key);
    if (text === null) return { open: { since: now.toISOString(), counters: {} }, pending: [] };
    try {
      return JSON.parse(text) as UsageState;
    } catch (error) {
      throw new KeywardError("CONFIG", "the stored usage is not readable", { cause: error });
    }
  }

  #write(state: UsageState): Promise<void> {
    return this.storage.set(this.key, JSON.stringify(state));
  }
}

function close(state: UsageState, deviceId: string, now: Date): void {
  const end = now.toISOString();
  // A device clock set back must not make a period that ends before it starts.
  const start = state.open.since <= end ? state.open.since : end;
  state.pending.push({
    reportId: crypto.randomUUID(),
    deviceId,
    periodStart: start,
    periodEnd: end,
    counters: state.open.counters,
  });
  state.open = { since: end, counters: {} };
}
