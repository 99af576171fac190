// docs/server.md's webhook receiver (the ```js webhook-receiver block) runs as written, in its
// own Node process with the real `standardwebhooks` package, and a real Keyward app delivers
// to it: it must verify the signature, print the event once per webhook-id, and refuse an
// unsigned request.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, useTestApp } from "./support/app.js";
import { databases } from "./support/databases.js";
import { freePort } from "./support/processes.js";

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));

async function receiverSource(): Promise<string> {
  const markdown = await readFile(join(REPOSITORY, "docs/server.md"), "utf8");
  const match = /```js webhook-receiver\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(match, "docs/server.md has a ```js webhook-receiver block");
  return match[1]!;
}

const sqlite = databases().find((db) => db.name === "sqlite")!;
const t = useTestApp(sqlite, { webhooks: { allowPrivate: true } });
let child: ChildProcess | undefined;
let dir: string | undefined;
after(async () => {
  child?.kill("SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the documented receiver verifies Keyward's deliveries and refuses unsigned ones", async () => {
  dir = await mkdtemp(join(tmpdir(), "keyward-receiver-"));
  // The block imports `standardwebhooks`: the repository's node_modules, beside the file.
  await symlink(join(REPOSITORY, "node_modules"), join(dir, "node_modules"), "dir");
  await writeFile(join(dir, "receiver.mjs"), await receiverSource());
  const port = await freePort();
  const asA = api(t().app, t().adminToken);
  const endpoint = await asA("POST", "/v1/webhook-endpoints", {
    url: `http://127.0.0.1:${port}/`,
    eventTypes: ["license.created"],
  });
  assert.equal(endpoint.status, 201, endpoint.text);
  let output = "";
  child = spawn(process.execPath, ["receiver.mjs"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: endpoint.body.data.secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  // Ready once it answers; an unsigned request gets 400.
  let unsigned: Response | undefined;
  for (let attempt = 0; attempt < 300 && !unsigned; attempt++) {
    unsigned = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" }).catch(
      () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100)),
    );
  }
  assert.equal(unsigned?.status, 400);

  const license = await createLicense(asA, await createPolicy(asA, await createProduct(asA)));
  const [result] = await t().services.webhooks.deliverDue();
  assert.equal(result?.ok, true, result?.error ?? "");
  assert.equal(result.statusCode, 204);
  // Redelivered with the same webhook-id: the receiver answers 204 and prints nothing more.
  const redelivered = await asA(
    "POST",
    `/v1/webhook-deliveries/${result.deliveryId}/actions/redeliver`,
  );
  assert.equal(redelivered.status, 200, redelivered.text);
  const [again] = await t().services.webhooks.deliverDue();
  assert.equal(again?.statusCode, 204);
  assert.equal(output, `license.created ${license.id}\n`);
});
