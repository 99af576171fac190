/**
 * `keyward serve --workers 2` vs one process (issue 18.4), on the database of the bench server
 * (the same SQLite file or PostgreSQL schema), which it stops first. Each round starts the one server
 * and then the other, warms it up, loads it and stops it, so only one of them is up while it is
 * measured: an idle second server on the same database measurably slowed the other on this
 * shared machine. No goal: here the load generator (autocannon) shares the same 2 cores as the
 * workers, so the ratio shows what a second process buys when the cores are not free.
 */
import {
  type Keyward,
  type LoadRequest,
  load,
  ROUNDS,
  type StartOptions,
  startKeyward,
} from "../support.js";

// Longer than compare()'s 2 s: each of two workers sees half the warm-up requests, and with
// 2 s the second worker's JIT was measurably colder (0.4-0.5x instead of ~1.1x in one run).
const WARMUP_SECONDS = 5;

export async function compareWorkers(
  running: Keyward,
  options: StartOptions,
  request: LoadRequest,
  name: string,
): Promise<void> {
  const path = request.url.slice(running.url.length);
  // Its requests' answers are known by now; only one server may be up at a time.
  await running.stop(true);
  const measure = async (workers: 1 | 2) => {
    const keyward = await startKeyward({
      ...options,
      dataDir: running.dataDir,
      args: [...(options.args ?? []), "--workers", String(workers)],
      // Both log at info, so the log level is not a difference between them.
      readyMessage: workers === 2 ? "2 workers serving" : "Keyward ",
    });
    try {
      const target = { ...request, url: `${keyward.url}${path}` };
      await load(target, WARMUP_SECONDS);
      return await load(target);
    } finally {
      await keyward.stop();
    }
  };
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const one = await measure(1);
    const two = await measure(2);
    ratios.push(two / one);
    console.log(
      `  round ${round}: 1 process ${one.toFixed(0).padStart(6)} req/s, ` +
        `2 workers ${two.toFixed(0).padStart(6)} req/s, ${(two / one).toFixed(2)}x`,
    );
  }
  const median = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  console.log(
    `${name}: 2 workers ${median.toFixed(2)}x one process, median of ${ROUNDS} rounds ` +
      "(the load generator shares the same 2 cores; no goal)",
  );
}
