/**
 * What the benchmarks share: a real Keyward server process started like `npm start` (built bin,
 * fresh temp data dir, one process), ceiling servers in their own processes (so both sides get
 * the same share of the CPU), and autocannon load measured the same way for each: both sides
 * warmed up (JIT, connections), then loaded in alternating rounds so that a busy neighbour on
 * the machine hits both alike; a ratio is the median of the rounds.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

export const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

export const SECONDS = argument("seconds", 5);
export const ROUNDS = argument("rounds", 3);
export const CONNECTIONS = argument("connections", 20);
const WARMUP_SECONDS = 2;
const root = new URL("..", import.meta.url).pathname;

export async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitFor(url: string, init?: RequestInit): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(url, init)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become healthy`);
}

export interface LoadRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

/** Average requests/s under autocannon; any non-2xx answer or error fails the benchmark. */
export async function load(request: LoadRequest, duration = SECONDS): Promise<number> {
  const result = await autocannon({
    url: request.url,
    method: request.method ?? "GET",
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
    connections: CONNECTIONS,
    duration,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${request.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
}

export interface Keyward {
  url: string;
  token: string;
  /** The server's data dir (its SQLite file) and process id (its memory). */
  dataDir: string;
  pid: number;
  /**
   * SIGTERM; resolves once the process has exited (it drains first), then removes the data dir
   * it made unless `keepData` (another server is to use it; a later stop() removes it).
   */
  stop(keepData?: boolean): Promise<void>;
}

export interface StartOptions {
  /** Added to the environment (DATABASE_URL for PostgreSQL). */
  env?: Record<string, string>;
  /** Added to `keyward serve`'s arguments (`--workers 2`). */
  args?: string[];
  /** The data dir of another bench server (shared, kept by it); default a fresh temp dir. */
  dataDir?: string;
  /**
   * How the info log line that says the server is ready starts (`2 workers serving`): the
   * server then logs at info, and only its warnings and errors are shown.
   */
  readyMessage?: string;
}

/** The built server (`npm run build` first), like `npm start`, on a fresh temp data dir. */
export async function startKeyward(options: StartOptions = {}): Promise<Keyward> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "keyward-bench-"));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, "packages/cli/bin/keyward.js"),
      "serve",
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      "--data-dir",
      dataDir,
      "--log-level",
      "warn",
      ...(options.readyMessage ? ["--log-level", "info"] : []),
      ...(options.args ?? []),
    ],
    // The benches measure throughput from one address: the rate limits would cap it.
    {
      stdio: ["ignore", options.readyMessage ? "pipe" : "inherit", "inherit"],
      env: { ...process.env, KEYWARD_RATE_LIMITS: "false", ...options.env },
    },
  );
  const ready = options.readyMessage ? readyLine(child, options.readyMessage) : null;
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v1/health`);
  await ready;
  return {
    url,
    token: readFileSync(join(dataDir, "admin-token"), "utf8").trim(),
    dataDir,
    pid: child.pid!,
    async stop(keepData = false) {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once("exit", () => resolve());
      });
      child.kill("SIGTERM");
      await exited;
      if (!options.dataDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves at the JSON log line starting with `message`; shows those of level warn (40) and up. */
function readyLine(child: ChildProcess, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const log = JSON.parse(line) as { level: number; msg: string };
        if (log.level >= 40) console.log(line);
        if (log.msg.startsWith(message)) resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before ready`)));
  });
}

/** A ceiling server: `script` (an ES module source) run in its own process with `args`. */
export async function startCeiling(
  script: string,
  args: string[],
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", script, String(port), ...args],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`);
  return { url, child };
}

/** POSTs JSON with the admin token; the created resource's `data`. */
export async function create(
  keyward: Keyward,
  path: string,
  body: object,
  authorization = `Bearer ${keyward.token}`,
): Promise<{ id: string; key?: string }> {
  const response = await fetch(`${keyward.url}${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) {
    throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as { data: { id: string; key?: string } }).data;
}

/**
 * Keyward's throughput next to a ceiling's: warm-up, then ROUNDS alternating rounds, one line per
 * round; the median ratio, with the goal when there is one.
 */
export async function compare(
  name: string,
  ceiling: LoadRequest,
  ours: LoadRequest,
  goal?: number,
): Promise<number> {
  await load(ceiling, WARMUP_SECONDS);
  await load(ours, WARMUP_SECONDS);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const top = await load(ceiling);
    const ourRate = await load(ours);
    ratios.push(ourRate / top);
    console.log(
      `  round ${round}: ceiling ${top.toFixed(0).padStart(6)} req/s, ` +
        `Keyward ${ourRate.toFixed(0).padStart(6)} req/s, ${(ourRate / top).toFixed(2)}x`,
    );
  }
  const median = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  const verdict =
    goal === undefined
      ? " (reference, no goal)"
      : ` (goal ${goal}x: ${median >= goal ? "met" : "NOT met"})`;
  console.log(`${name}: ${median.toFixed(2)}x the ceiling, median of ${ROUNDS} rounds${verdict}`);
  return median;
}

export function header(detail: string): void {
  console.log(
    `Node ${process.version}; ${ROUNDS} rounds of ${SECONDS}s, ${CONNECTIONS} connections; ${detail}`,
  );
}

/**
 * A license of a floating, yearly policy (up to 5 machines) on a fresh product: what the
 * benchmarks read and check. `license` holds extra license fields, `policy` extra rules.
 */
export async function createBenchLicense(
  keyward: Keyward,
  extra: { policy?: object; license?: object } = {},
): Promise<{ id: string; key?: string }> {
  const product = await create(keyward, "/v1/products", { name: "Bench", platforms: ["linux"] });
  const policy = await create(keyward, "/v1/policies", {
    productId: product.id,
    name: "Floating, yearly",
    model: "timed",
    durationSeconds: 31_536_000,
    floating: true,
    maxMachines: 5,
    ...extra.policy,
  });
  return create(keyward, "/v1/licenses", {
    productId: product.id,
    policyId: policy.id,
    ...extra.license,
  });
}
