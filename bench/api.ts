/**
 * Requests/s for an authenticated admin read on the real server (SQLite, one process) next to,
 * measured the same way in one run: the essential work of the read (bench/lib/ceiling.ts, mode
 * "api": hash the bearer token, read the token and the license by prepared better-sqlite3
 * statements from a copy of the server's database, answer the same bytes), and a bare node:http
 * server answering the same body. Both are references: the goals are the checks'
 * (bench/validate.ts).
 *   npm run bench:api [-- --seconds 5 --rounds 3 --connections 20]
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { copyDatabase, startEssentialCeiling } from "./lib/ceiling.js";
import { compare, createBenchLicense, header, startCeiling, startKeyward } from "./support.js";

// Serializes the same object on every request, as any JSON API does: the same bytes as Keyward's
// answer, without the work of a route.
const BARE_SERVER = `
import { createServer } from "node:http";
const [port, body] = process.argv.slice(-2);
const value = JSON.parse(body);
createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(value));
}).listen(Number(port), "127.0.0.1");
`;

const keyward = await startKeyward();
try {
  const auth = { authorization: `Bearer ${keyward.token}` };
  const license = await createBenchLicense(keyward, {
    policy: { scheme: "ED25519_SIGN" },
    license: { name: "Bench license" },
  });
  const path = `/v1/licenses/${license.id}`;
  const body = await (await fetch(`${keyward.url}${path}`, { headers: auth })).text();
  const bare = await startCeiling(BARE_SERVER, [body]);
  const file = await copyDatabase(keyward.dataDir);
  const essential = await startEssentialCeiling({ file, mode: "api", body });
  try {
    header(`GET /v1/licenses/:id, body ${body.length} bytes`);
    await compare(
      "Keyward GET /v1/licenses/:id vs essential work (hash, token and license reads, same bytes)",
      { url: `${essential.url}${path}`, headers: auth },
      { url: `${keyward.url}${path}`, headers: auth },
    );
    await compare(
      "Keyward GET /v1/licenses/:id vs bare node:http JSON",
      { url: `${bare.url}${path}`, headers: auth },
      { url: `${keyward.url}${path}`, headers: auth },
    );
  } finally {
    bare.child.kill("SIGTERM");
    essential.child.kill("SIGTERM");
    rmSync(dirname(file), { recursive: true, force: true });
  }
} finally {
  await keyward.stop();
}
