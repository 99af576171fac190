// Safe webhook targets (issue 17.5): loopback, private, link-local, metadata and other special
// addresses are refused when an endpoint is saved and again when a delivery is sent (a name
// that resolved elsewhere before, DNS rebinding), unless KEYWARD_WEBHOOKS_ALLOW_PRIVATE.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createServices } from "../src/services/index.js";
import { isPublicAddress } from "../src/services/webhooks/targets.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { selfSignedCertificate } from "./support/openssl.js";
import { tableRows } from "./support/tables.js";
import { startReceiver } from "./support/webhook-receiver.js";

test("addresses: only public unicast ones are targets", () => {
  const refused = [
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "169.254.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "198.18.0.1",
    "::",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "::ffff:8.8.8.8",
    // IPv4-translated (RFC 2765): ::ffff:0:a.b.c.d.
    "::ffff:0:7f00:1",
    "::ffff:0:127.0.0.1",
    "::ffff:0:a9fe:a9fe",
    "::ffff:0:808:808",
    "::127.0.0.1",
    "64:ff9b::7f00:1",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::1",
    "ff02::1",
    "2001:db8::1",
    // Benchmarking, the second documentation prefix, SRv6 segment identifiers.
    "2001:2::1",
    "2001:2:0:ffff::1",
    "3fff::1",
    "3fff:fff:ffff::1",
    "5f00::1",
    "5f00:ffff::1",
    // ORCHID and ORCHIDv2 (overlay identifiers, never routed).
    "2001:10::1",
    "2001:1f:ffff::1",
    "2001:20::1",
    "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff",
    "2002:7f00:1::1",
    "not an address",
  ];
  for (const address of refused) assert.equal(isPublicAddress(address), false, address);
  for (const address of [
    "8.8.8.8",
    "93.184.215.14",
    "1.1.1.1",
    "2606:4700:4700::1111",
    // Just past ORCHIDv2, and a public address elsewhere in 2001::/16.
    "2001:30::1",
    "2001:4860:4860::8888",
    // Just past benchmarking, the documentation prefix and SRv6 SIDs.
    "2001:2:1::1",
    "3fff:1000::1",
    "5f01::1",
  ]) {
    assert.equal(isPublicAddress(address), true, address);
  }
});

forEachDatabase("webhook targets", (db) => {
  // The default: private targets refused.
  const t = useTestApp(db);

  test("URLs resolving to private addresses are refused at creation, and nothing is written", async () => {
    const asA = api(t().app, t().adminToken);
    const before = await tableRows(t());
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[::ffff:0:7f00:1]/",
      "http://[::ffff:0:a9fe:a9fe]/latest/meta-data",
      "http://[2001:10::1]/hook",
      "http://[2001:20::1]/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[fd00:ec2::254]/",
      "http://10.0.0.5/hook",
      "http://192.168.0.10/hook",
      "http://[fe80::1]/hook",
      "http://0.0.0.0/hook",
      "http://2130706433/hook",
      "http://0x7f.1/hook",
      "https://no-such-host.invalid/hook",
    ]) {
      const response = await asA("POST", "/v1/webhook-endpoints", { url });
      assert.equal(response.status, 400, `${url}: ${response.text}`);
      assert.equal(errorCode(response), "WEBHOOK_URL_NOT_ALLOWED", url);
    }
    // A public address is fine (nothing is sent here: the worker does not run).
    const ok = await asA("POST", "/v1/webhook-endpoints", { url: "https://93.184.215.14/hook" });
    assert.equal(ok.status, 201, ok.text);
    const moved = await asA("PATCH", `/v1/webhook-endpoints/${ok.body.data.id}`, {
      url: "http://127.0.0.1/hook",
    });
    assert.equal(moved.status, 400, moved.text);
    assert.equal((await asA("DELETE", `/v1/webhook-endpoints/${ok.body.data.id}`)).status, 204);
    const after = await tableRows(t());
    assert.deepEqual(after.webhook_endpoints, before.webhook_endpoints);
    assert.deepEqual(after.webhook_deliveries, before.webhook_deliveries);
  });

  test("the address is checked again at send time: a target that turned private gets nothing", async () => {
    const receiver = await startReceiver();
    // Saved while private targets were allowed (or while the name resolved elsewhere)...
    const permissive = createServices({
      store: t().store,
      secret: t().secret,
      webhooks: { allowPrivate: true },
    });
    const { endpoint } = await permissive.webhooks.create(
      {
        organizationId: t().organizationId,
        kind: "admin",
        tokenId: null,
        productId: null,
        licenseId: null,
      },
      { url: receiver.url.replace("127.0.0.1", "localhost"), eventTypes: ["license.created"] },
    );
    const asA = api(t().app, t().adminToken);
    await createLicense(asA, await createPolicy(asA, await createProduct(asA)));
    // ...sent by a server that refuses them: no request leaves, the attempt is logged.
    const [result] = await t().services.webhooks.deliverDue();
    assert.ok(result);
    assert.equal(result.ok, false);
    assert.match(result.error ?? "", /resolves to (127\.0\.0\.1|::1), a loopback, private/);
    assert.equal(receiver.received.length, 0);
    const [delivery] = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body
      .data;
    assert.equal(delivery.status, "pending");
    assert.equal(delivery.attempts, 1);
    assert.match(delivery.lastError, /loopback, private/);
    assert.equal((await asA("DELETE", `/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
  });

  test("https: the connection goes to the checked address, with the host's name for SNI and certificate checks", async () => {
    const dir = await mkdtemp(join(tmpdir(), "keyward-hook-tls-"));
    try {
      selfSignedCertificate(dir, "localhost", "DNS:localhost");
      const names: string[] = [];
      let requests = 0;
      const server = createHttpsServer(
        {
          key: await readFile(join(dir, "key.pem")),
          cert: await readFile(join(dir, "cert.pem")),
          SNICallback: (name, callback) => {
            names.push(name);
            callback(null);
          },
        },
        (_request, response) => {
          requests++;
          response.writeHead(200).end();
        },
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as AddressInfo).port;
      const services = createServices({
        store: t().store,
        secret: t().secret,
        webhooks: { allowPrivate: true },
      });
      const { endpoint } = await services.webhooks.create(
        {
          organizationId: t().organizationId,
          kind: "admin",
          tokenId: null,
          productId: null,
          licenseId: null,
        },
        { url: `https://localhost:${port}/hook`, eventTypes: ["license.created"] },
      );
      const asA = api(t().app, t().adminToken);
      await createLicense(asA, await createPolicy(asA, await createProduct(asA)));
      const [result] = await services.webhooks.deliverDue();
      // A self-signed certificate is refused (verification stays on), after a handshake that
      // named the host, not the address connected to.
      assert.equal(result?.ok, false);
      assert.match(result?.error ?? "", /self[- ]signed/i);
      assert.deepEqual(names, ["localhost"]);
      assert.equal(requests, 0);
      server.close();
      await asA("DELETE", `/v1/webhook-endpoints/${endpoint.id}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
