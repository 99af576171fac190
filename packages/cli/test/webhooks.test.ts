// `keyward webhook-endpoints …` and `keyward webhook-deliveries …` against a real server
// (SQLite, loopback port) that may deliver to loopback (KEYWARD_WEBHOOKS_ALLOW_PRIVATE), with a
// receiver on another loopback port: the endpoint's URL is --endpoint-url (--url is the server).
import assert from "node:assert/strict";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig, type RunningServer, startServer } from "@keyward/server";
import { assertFails, assertOk, type RunResult, run, tempDir } from "./support/cli.js";

let server: RunningServer;
let receiver: Server;
let hooks: string;
let token: string;
let cleanup: () => Promise<void>;
/** The requests the receiver got, and a wait for the next one. */
const received: { path: string; webhookId: string; body: string }[] = [];
let nextRequest: Promise<void>;
let requestArrived: () => void = () => {};

function expectRequest(): void {
  nextRequest = new Promise((resolve) => {
    requestArrived = resolve;
  });
}

before(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  receiver = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        webhookId: String(request.headers["webhook-id"]),
        body,
      });
      response.writeHead(204).end();
      requestArrived();
    });
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startServer(
    loadConfig(
      {
        host: "127.0.0.1",
        port: 0,
        dataDir: join(dir, "data"),
        logLevel: "silent",
        webhooksAllowPrivate: "true",
        webhookPollMs: "20",
      },
      {},
    ),
  );
  token = (await readFile(join(dir, "data/admin-token"), "utf8")).trim();
});
after(async () => {
  await server.close();
  receiver.closeAllConnections();
  receiver.close();
  await cleanup();
});

function admin(...args: string[]): Promise<RunResult> {
  return run([...args, "--url", server.url, "--token", token]);
}

async function json<T = { data: Record<string, unknown> }>(...args: string[]): Promise<T> {
  return JSON.parse(assertOk(await admin(...args, "--json"), args.join(" "))) as T;
}

describe("keyward webhook-endpoints / webhook-deliveries against a server", () => {
  test("create, list, get, update, rotate the secret, deliveries, redeliver, delete", async () => {
    const created = await json(
      ...["webhook-endpoints", "create", "--endpoint-url", `${hooks}/hook`],
      ...["--event-types", "license.created", "--description", "billing"],
    );
    const id = created.data.id as string;
    assert.match(id, /^whep_/);
    assert.equal(created.data.url, `${hooks}/hook`);
    assert.deepEqual(created.data.eventTypes, ["license.created"]);
    assert.equal(created.data.enabled, true);
    assert.match(String(created.data.secret), /^whsec_/);

    // Without --endpoint-url (or url in --data): a usage error naming the flag.
    const missing = await admin("webhook-endpoints", "create", "--description", "x");
    assertFails(missing, "USAGE", 2);
    assert.match(missing.stderr, /--endpoint-url required/);
    // The URL from --data, flags with it (disabled: it gets no deliveries).
    const fromData = await json(
      ...["webhook-endpoints", "create", "--data", JSON.stringify({ url: `${hooks}/other` })],
      "--no-enabled",
    );
    assert.equal(fromData.data.url, `${hooks}/other`);
    assert.equal(fromData.data.enabled, false);

    const table = assertOk(await admin("webhook-endpoints", "list"));
    assert.match(table, /^id +url +enabled +eventTypes +failingSince +createdAt$/m);
    assert.match(table, new RegExp(`^${id} +${hooks}/hook +true +`, "m"));
    assert.match(table, new RegExp(`^${fromData.data.id} +${hooks}/other +false +`, "m"));

    const updated = await json(
      ...["webhook-endpoints", "update", id, "--endpoint-url", `${hooks}/hook2`],
      ...["--description", "none", "--no-enabled"],
    );
    assert.equal(updated.data.url, `${hooks}/hook2`);
    assert.equal(updated.data.description, null);
    assert.equal(updated.data.enabled, false);
    const shown = assertOk(await admin("webhook-endpoints", "get", id));
    assert.match(shown, new RegExp(`^url +${hooks}/hook2$`, "m"));
    assert.match(shown, /^enabled +false$/m);
    assert.equal((await json("webhook-endpoints", "update", id, "--enabled")).data.enabled, true);

    const rotated = await json("webhook-endpoints", "rotate-secret", id);
    assert.match(String(rotated.data.secret), /^whsec_/);
    assert.notEqual(rotated.data.secret, created.data.secret);

    // An event of the endpoint's type: a delivery, sent to the URL the update set.
    expectRequest();
    const product = (await json("products", "create", "--name", "Hooked")).data.id as string;
    const policy = (await json("policies", "create", "--product-id", product, "--name", "P")).data
      .id as string;
    await json("licenses", "create", "--product-id", product, "--policy-id", policy);
    const deliveries = await json<{ data: { id: string; eventType: string }[] }>(
      ...["webhook-endpoints", "deliveries", id],
    );
    assert.equal(deliveries.data.length, 1);
    const delivery = deliveries.data[0]!;
    assert.equal(delivery.eventType, "license.created");
    await nextRequest;
    assert.equal(received.length, 1);
    assert.equal(received[0]!.path, "/hook2");
    assert.equal(received[0]!.webhookId.startsWith("msg_"), true);
    assert.equal(JSON.parse(received[0]!.body).type, "license.created");

    const one = await json("webhook-deliveries", "get", delivery.id);
    assert.equal(one.data.id, delivery.id);
    assert.equal(one.data.endpointId, id);
    assert.match(assertOk(await admin("webhook-deliveries", "redeliver", delivery.id)), /^id +/m);

    assert.equal(
      assertOk(await admin("webhook-endpoints", "delete", id)),
      `deleted webhook endpoint ${id}\n`,
    );
    assertFails(await admin("webhook-endpoints", "get", id), "WEBHOOK_ENDPOINT_NOT_FOUND", 20);
    const left = await json<{ data: { id: string }[] }>("webhook-endpoints", "list");
    assert.deepEqual(
      left.data.map((endpoint) => endpoint.id),
      [fromData.data.id],
    );
  });
});
