/**
 * Requests/s for an authenticated admin read on the real server (SQLite, one process) next to a
 * bare node:http server answering the same body, measured the same way in one run.
 *   npm run bench:api [-- --seconds 10 --connections 20]
 * The Keyward server runs as a child process started like `npm start` (fresh temp data dir).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const SECONDS = argument("seconds", 10);
const CONNECTIONS = argument("connections", 20);
const root = new URL("..", import.meta.url).pathname;

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const BARE_SERVER = `
import { createServer } from "node:http";
const [port, body] = process.argv.slice(-2);
createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  response.end(body);
}).listen(Number(port), "127.0.0.1");
`;

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the server did not become healthy");
}

async function load(url: string, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
}

async function startKeyward(): Promise<{
  url: string;
  token: string;
  child: ChildProcess;
  dataDir: string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), "keyward-bench-"));
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
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v1/health`);
  return { url, token: readFileSync(join(dataDir, "admin-token"), "utf8").trim(), child, dataDir };
}

const keyward = await startKeyward();
try {
  const auth = { authorization: `Bearer ${keyward.token}` };
  const post = async (resource: string, body: object) => {
    const response = await fetch(`${keyward.url}/v1/${resource}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST /v1/${resource}: ${response.status}`);
    return ((await response.json()) as { data: { id: string } }).data.id;
  };
  const productId = await post("products", { name: "Bench product", platforms: ["linux"] });
  const policyId = await post("policies", {
    productId,
    name: "Floating, yearly",
    model: "timed",
    durationSeconds: 31536000,
    floating: true,
    maxMachines: 5,
    scheme: "ED25519_SIGN",
  });
  const licenseId = await post("licenses", { productId, policyId, name: "Bench license" });
  const path = `/v1/licenses/${licenseId}`;
  const body = await (await fetch(`${keyward.url}${path}`, { headers: auth })).text();

  // The ceiling runs in its own process too, so both servers get the same share of the CPU.
  const barePort = await freePort();
  const bare = spawn(
    process.execPath,
    ["--input-type=module", "-e", BARE_SERVER, String(barePort), body],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const bareUrl = `http://127.0.0.1:${barePort}${path}`;
  await waitFor(bareUrl);

  console.log(
    `Node ${process.version}; ${SECONDS}s, ${CONNECTIONS} connections; body ${body.length} bytes`,
  );
  const ceiling = await load(bareUrl, auth);
  console.log(`bare node:http JSON             ${ceiling.toFixed(0).padStart(7)} req/s`);
  const ours = await load(`${keyward.url}${path}`, auth);
  console.log(`Keyward GET ${path.replace(/[^/]+$/, ":id")} ${ours.toFixed(0).padStart(7)} req/s`);
  console.log(`ratio: ${(ours / ceiling).toFixed(2)}x the bare node:http ceiling`);
  bare.kill("SIGTERM");
} finally {
  keyward.child.kill("SIGTERM");
  rmSync(keyward.dataDir, { recursive: true, force: true });
}
