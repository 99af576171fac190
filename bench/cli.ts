/**
 * Start-up time of the built `keyward` binary on an offline command, next to a bare `node -e 0`
 * measured in the same run, in alternating rounds so that a busy neighbour hits both alike.
 *   npm run bench:cli [-- --runs 20]
 * Goal (issue 13): `keyward key verify` under 300 ms; offline commands never load the server.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportPublicKey } from "@keyward/formats";
import { generateKeyPair, signLicenseKey } from "@keyward/formats/node";
import { argument } from "./support.js";

const RUNS = argument("runs", 20);
const BIN = new URL("../packages/cli/bin/keyward.js", import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), "keyward-bench-cli-"));
const { publicKey, privateKey } = generateKeyPair("ed25519");
writeFileSync(join(dir, "public.pem"), exportPublicKey(publicKey, "pem"));
writeFileSync(join(dir, "license.key"), signLicenseKey("ED25519_SIGN", privateKey, '{"a":1}'));

const commands: Record<string, string[]> = {
  "node -e 0": ["-e", "0"],
  "keyward key verify": [
    BIN,
    ...["key", "verify", "--scheme", "ED25519_SIGN", "--public-key", "public.pem"],
    ...["--key-file", "license.key"],
  ],
  "keyward --help": [BIN, "--help"],
};

function once(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return elapsed;
}

const times: Record<string, number[]> = Object.fromEntries(
  Object.keys(commands).map((name) => [name, []]),
);
for (const args of Object.values(commands)) once(args); // warm the file cache
for (let run = 0; run < RUNS; run++) {
  for (const [name, args] of Object.entries(commands)) times[name]!.push(once(args));
}
rmSync(dir, { recursive: true, force: true });

for (const [name, samples] of Object.entries(times)) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `${name.padEnd(22)} median ${median.toFixed(0).padStart(5)} ms  mean ${mean.toFixed(0).padStart(5)} ms  min ${sorted[0]!.toFixed(0).padStart(5)} ms  max ${sorted.at(-1)!.toFixed(0).padStart(5)} ms  (${RUNS} runs)`,
  );
}
