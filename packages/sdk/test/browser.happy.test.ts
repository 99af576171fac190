// The browser bundle (esbuild, platform=browser: a Node built-in anywhere on the path fails the
// build) loaded in headless Chromium: license file, lease, and the client with localStorage; then
// a page of another origin activating, checking and checking in a license against a real server
// (CORS), and calling the other license-key routes with @keyward/client.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { base64urlEncode, exportPublicKey, utf8Encode } from "@keyward/formats";
import { createLease, createLicenseFile, generateKeyPair } from "@keyward/formats/node";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { databases } from "../../server/test/support/databases.js";
import { useKeywardServer } from "./support/server.js";
import { serverTotals, trackableSetup } from "./support/trackable.js";

const CHROMIUM = "/usr/bin/chromium";
const ORIGIN = "https://app.test";
const skip =
  existsSync(CHROMIUM) || process.env.CI === "true"
    ? false
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does): browser tests skipped`;
if (skip) console.warn(`SKIPPED: ${skip}`);

// Page-side helpers as plain text: functions passed to page.evaluate are serialized, and tsx's
// transform would leave references to its own helpers in them.
const PAGE = `<!doctype html><script type="module">
  import * as sdk from "/keyward-sdk.js";
  window.sdk = sdk;
  // @keyward/client, where the page serves it (the cross-origin tests).
  window.loadClient = () => import("/keyward-client.js");
  window.verifyFile = async (certificate, pem, algorithm) => {
    const result = await sdk.verifyLicenseFile(certificate, sdk.parsePublicKey(pem), {
      algorithm,
      licenseKey: "BROWSER-KEY",
    });
    return result.ok ? result.value.document.data.id : result.error.code;
  };
  window.verifyLeaseAt = async (lease, pem, seconds, fingerprint) => {
    const result = await sdk.verifyLease(lease, sdk.parsePublicKey(pem), {
      algorithm: "ed25519",
      now: new Date(seconds * 1000),
      fingerprint,
    });
    return result.ok ? result.value.state : result.error.code;
  };
  window.ready = true;
</script>`;

/** The same build as `npm run build:browser` (or of another entry), in memory. */
async function browserBundle(entry = "../src/index.ts"): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@keyward/source"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("browser bundle in headless Chromium", { skip }, () => {
  const { privateKey, publicKey } = generateKeyPair("ed25519");
  const publicKeyPem = exportPublicKey(publicKey, "pem") as string;
  let browser: Browser;
  let page: Page;
  let checks = 0;

  before(async () => {
    const bundle = await browserBundle();
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage();
    // One https origin for page, bundle and API: a secure context (WebCrypto), no CORS.
    await page.route(`${ORIGIN}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === "/keyward-sdk.js") {
        return route.fulfill({ contentType: "text/javascript", body: bundle });
      }
      if (pathname === "/v1/check") {
        checks++;
        const { fingerprint, nonce } = route.request().postDataJSON();
        const now = Math.floor(Date.now() / 1000);
        const lease = createLease({
          privateKey,
          claims: {
            v: 1,
            lic: "lic_browser",
            fp: fingerprint,
            ok: true,
            code: "VALID",
            iat: now,
            exp: now + 3600,
            gr: now + 7200,
            n: nonce,
          },
        });
        return route.fulfill({ json: { valid: true, code: "VALID", lease } });
      }
      return route.fulfill({
        contentType: "text/html",
        body: PAGE,
      });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  after(async () => {
    await browser?.close();
  });

  test("verifies a license file and rejects it with a wrong algorithm or another key", async () => {
    const certificate = createLicenseFile({
      kind: "license",
      algorithm: "aes-256-gcm+ed25519",
      privateKey,
      data: { id: "lic_browser", attributes: { name: "Browser" } },
      licenseKey: "BROWSER-KEY",
    });
    const other = exportPublicKey(generateKeyPair("ed25519").publicKey, "pem") as string;
    const results = await page.evaluate(
      async ({ certificate, publicKeyPem, other }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's helpers
        const page = window as any;
        return {
          good: await page.verifyFile(certificate, publicKeyPem, "aes-256-gcm+ed25519"),
          wrongAlgorithm: await page.verifyFile(certificate, publicKeyPem, "base64+ed25519"),
          otherKey: await page.verifyFile(certificate, other, "aes-256-gcm+ed25519"),
          hasProcess: typeof (globalThis as { process?: unknown }).process !== "undefined",
        };
      },
      { certificate, publicKeyPem, other },
    );
    assert.deepEqual(results, {
      good: "lic_browser",
      wrongAlgorithm: "WRONG_ALGORITHM",
      otherKey: "BAD_SIGNATURE",
      hasProcess: false,
    });
  });

  test("verifies a lease: state, fingerprint binding, tampering", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { v: 1, lic: "lic_1", fp: "device-1", ok: true, code: "VALID", n: "nonce-123" };
    const lease = createLease({
      privateKey,
      claims: { ...claims, v: 1, iat: now, exp: now + 60, gr: now + 120 },
    });
    // The same signature over claims with a later grace end.
    const forged = { ...claims, v: 1, iat: now, exp: now + 60, gr: now + 99_999 };
    const tampered = `lease/${base64urlEncode(utf8Encode(JSON.stringify(forged)), { pad: false })}.${lease.split(".")[1]}`;
    const results = await page.evaluate(
      async ({ lease, tampered, publicKeyPem, now }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's helpers
        const page = window as any;
        return [
          await page.verifyLeaseAt(lease, publicKeyPem, now, "device-1"),
          await page.verifyLeaseAt(lease, publicKeyPem, now + 90, "device-1"),
          await page.verifyLeaseAt(lease, publicKeyPem, now + 200, "device-1"),
          await page.verifyLeaseAt(lease, publicKeyPem, now, "device-2"),
          await page.verifyLeaseAt(tampered, publicKeyPem, now, "device-1"),
        ];
      },
      { lease, tampered, publicKeyPem, now },
    );
    assert.deepEqual(results, ["valid", "grace", "locked", "MISMATCH", "BAD_SIGNATURE"]);
  });

  test("the client: UUID and lease kept in localStorage, no request while the lease holds", async () => {
    const before = checks;
    const run = () =>
      page.evaluate(
        async ({ origin, publicKeyPem }) => {
          // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
          const sdk = (window as any).sdk;
          const client = sdk.createClient({
            serverUrl: origin,
            licenseKey: "BROWSER-KEY",
            publicKey: publicKeyPem,
            storage: sdk.localStorageStorage(),
            retry: { retries: 0 },
          });
          const status = await client.check();
          return { state: status.state, source: status.source, device: await client.fingerprint() };
        },
        { origin: ORIGIN, publicKeyPem },
      );
    const first = await run();
    const reloaded = await run();
    assert.equal(first.state, "valid");
    assert.equal(first.source, "server");
    assert.match(first.device, /^[0-9a-f-]{36}$/);
    assert.deepEqual(reloaded, { ...first, source: "storage" });
    assert.equal(checks, before + 1);
  });

  test("IndexedDB storage: set, get, replace, delete", async () => {
    const results = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
      const storage = (window as any).sdk.indexedDbStorage({ databaseName: "keyward-test" });
      const seen: unknown[] = [await storage.get("device")];
      await storage.set("device", "one");
      await storage.set("device", "two");
      seen.push(await storage.get("device"));
      await storage.delete("device");
      seen.push(await storage.get("device"));
      return seen;
    });
    assert.deepEqual(results, [null, "two", null]);
  });

  test("setIfAbsent of IndexedDB and localStorage: the first of concurrent writers wins", async () => {
    const results = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
      const sdk = (window as any).sdk;
      const storages = [
        sdk.indexedDbStorage({ databaseName: "keyward-first-wins" }),
        sdk.localStorageStorage({ prefix: "keyward-first-wins:" }),
      ];
      return Promise.all(
        storages.map(async (storage) => [
          ...(await Promise.all(["a", "b", "c"].map((id) => storage.setIfAbsent("device", id)))),
          await storage.get("device"),
        ]),
      );
    });
    assert.deepEqual(results, [
      ["a", "a", "a", "a"],
      ["a", "a", "a", "a"],
    ]);
  });
});

describe("a page that is not a secure context (plain HTTP from a LAN address)", { skip }, () => {
  // Chromium treats all of 127.0.0.0/8 and localhost as secure: a LAN address is not.
  const LAN = "http://192.168.1.20:8080";
  const publicKeyPem = exportPublicKey(generateKeyPair("ed25519").publicKey, "pem") as string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const bundle = await browserBundle();
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage();
    await page.route(`${LAN}/**`, (route) =>
      new URL(route.request().url()).pathname === "/keyward-sdk.js"
        ? route.fulfill({ contentType: "text/javascript", body: bundle })
        : route.fulfill({ contentType: "text/html", body: PAGE }),
    );
    await page.goto(`${LAN}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  after(async () => {
    await browser?.close();
  });

  test("both clients fail at once with CONFIG, saying WebCrypto needs HTTPS or localhost", async () => {
    const result = await page.evaluate(
      async ({ origin, publicKeyPem }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
        const sdk = (window as any).sdk;
        const options = {
          serverUrl: origin,
          publicKey: publicKeyPem,
          storage: sdk.memoryStorage(),
          retry: { retries: 0 },
        };
        // Array items and arguments, not named consts: esbuild would name them with a helper
        // the page does not have.
        const starts = [
          () => sdk.createClient({ ...options, licenseKey: "LAN-KEY" }),
          () =>
            sdk.createTrackableClient({ ...options, productId: "prod_1", handshakeCode: "C-1" }),
        ];
        const [client, trackable] = await Promise.all(
          starts.map(async (start) => {
            try {
              // The first call an app makes: checkOrActivate(), or authorize() (trackable).
              const started = start();
              await (started.checkOrActivate ? started.checkOrActivate() : started.authorize());
              return "no error";
            } catch (error) {
              const { name, code, message } = error as {
                name: string;
                code?: string;
                message: string;
              };
              return { name, code, message };
            }
          }),
        );
        return { secure: window.isSecureContext, subtle: typeof crypto.subtle, client, trackable };
      },
      { origin: LAN, publicKeyPem },
    );
    const refused = {
      name: "KeywardError",
      code: "CONFIG",
      message:
        "WebCrypto (crypto.subtle) is unavailable: browsers offer it only in a secure context, " +
        `and this page (${LAN}) is not one. Serve it over HTTPS, or from localhost`,
    };
    assert.deepEqual(result, {
      secure: false,
      subtle: "undefined",
      client: refused,
      trackable: refused,
    });
  });
});

describe("a page of another origin against a real server (CORS) [sqlite]", { skip }, () => {
  const server = useKeywardServer(databases().find((db) => db.name === "sqlite")!);
  let browser: Browser;
  let page: Page;
  let pages: Server;
  let origin: string;

  before(async () => {
    const bundle = await browserBundle();
    const clientBundle = await browserBundle("../../client/src/index.ts");
    // The app's own origin: another port than the license server's, so every call is CORS.
    pages = createServer((request, response) => {
      const scripts: Record<string, string> = {
        "/keyward-sdk.js": bundle,
        "/keyward-client.js": clientBundle,
      };
      const script = scripts[request.url ?? ""];
      response.writeHead(200, { "content-type": script ? "text/javascript" : "text/html" });
      response.end(script ?? PAGE);
    });
    pages.listen(0, "127.0.0.1");
    await new Promise((resolve) => pages.once("listening", resolve));
    origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  after(async () => {
    await browser?.close();
    pages?.closeAllConnections();
    await new Promise((resolve) => pages?.close(resolve));
  });

  test("activates, checks, reads a refusal and deactivates across origins", async () => {
    assert.notEqual(new URL(server().url).origin, origin);
    const { key, id } = await server().createLicense({ floating: true, maxMachines: 1 });
    const run = (action: "start" | "check" | "deactivate", device = "laptop") =>
      page.evaluate(
        async ({ action, serverUrl, licenseKey, organizationId, device }) => {
          // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
          const sdk = (window as any).sdk;
          const client = sdk.createClient({
            serverUrl,
            licenseKey,
            // The key is fetched from the server too (GET …/signing-keys, cross-origin).
            trustOnFirstUse: { organizationId },
            // One storage per simulated device: its own UUID.
            storage: sdk.localStorageStorage({ prefix: `${device}:` }),
            retry: { retries: 0 },
          });
          if (action === "deactivate") {
            await client.deactivate();
            return null;
          }
          const status =
            action === "start"
              ? await client.checkOrActivate()
              : await client.check({ force: true });
          return {
            state: status.state,
            reason: status.reason,
            licenseId: status.licenseId,
            error: status.error && { code: status.error.code, serverCode: status.error.serverCode },
          };
        },
        {
          action,
          serverUrl: server().url,
          licenseKey: key,
          organizationId: server().organizationId,
          device,
        },
      );

    assert.deepEqual(await run("start"), {
      state: "valid",
      reason: "VALID",
      licenseId: id,
      error: null,
    });
    assert.equal((await run("check"))?.state, "valid");
    const machines = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.equal(machines.body.data.length, 1);

    // An error body (422) crosses too: the page sees the server's code, not a network error.
    assert.deepEqual(await run("start", "phone"), {
      state: "locked",
      reason: "NOT_ACTIVATED",
      licenseId: id,
      error: { code: "ACTIVATION_REFUSED", serverCode: "MACHINE_LIMIT_EXCEEDED" },
    });

    await run("deactivate");
    const after = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.deepEqual(after.body.data, []);
  });
  test("checks in, and calls every other license-key route, across origins", async () => {
    const { key, id } = await server().createLicense({ checkInIntervalSeconds: 7 * 86_400 });
    const result = await page.evaluate(
      async ({ serverUrl, licenseKey, organizationId }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundles' exports on window
        const page = window as any;
        const client = page.sdk.createClient({
          serverUrl,
          licenseKey,
          trustOnFirstUse: { organizationId },
          storage: page.sdk.localStorageStorage({ prefix: "check-in:" }),
          retry: { retries: 0 },
        });
        const status = await client.checkOrActivate();
        const checkedIn = await client.checkIn();

        // What a license holder's own page does with @keyward/client and the key.
        const { createKeywardClient, KeywardNetworkError } = await page.loadClient();
        const keyward = createKeywardClient({ url: serverUrl, licenseKey });
        const license = { params: { path: { id: status.licenseId } } };
        const machine = { params: { path: { id: status.machineId } } };
        const current = (await keyward.GET("/v1/tokens/current")).data;
        const read = (await keyward.GET("/v1/licenses/{id}", license)).data;
        const machines = (await keyward.GET("/v1/machines")).data;
        const one = (await keyward.GET("/v1/machines/{id}", machine)).data;
        const validated = await keyward.POST("/v1/licenses/{id}/actions/validate", {
          ...license,
          body: {},
        });
        const licenseFile = (
          await keyward.POST("/v1/licenses/{id}/actions/check-out", { ...license, body: {} })
        ).data;
        const machineFile = (
          await keyward.POST("/v1/machines/{id}/actions/check-out", {
            ...machine,
            body: { include: ["license"] },
          })
        ).data;
        const proof = (
          await keyward.POST("/v1/machines/{id}/actions/proof", { ...machine, body: {} })
        ).data;
        const file = await client.verifyLicenseFile(machineFile.certificate, {
          algorithm: machineFile.algorithm,
          kind: "machine",
        });
        // A vendor's route stays closed to this origin: the browser refuses it (no CORS).
        let admin = "resolved";
        try {
          await keyward.GET("/v1/products");
        } catch (error) {
          admin = error instanceof KeywardNetworkError ? "network error" : String(error);
        }
        return {
          status: status.state,
          checkedIn: checkedIn.id === status.licenseId && checkedIn.lastCheckInAt !== null,
          current: current.licenseId,
          read: read.id,
          machines: machines.map((item: { id: string }) => item.id),
          one: one.id,
          valid: validated.valid,
          licenseFile: licenseFile.certificate.startsWith("-----BEGIN LICENSE FILE-----"),
          proof: proof.proof.startsWith("proof/"),
          file: { ok: file.ok, usable: file.usable, licenseId: file.licenseId },
          machineId: status.machineId,
          admin,
        };
      },
      { serverUrl: server().url, licenseKey: key, organizationId: server().organizationId },
    );
    assert.deepEqual(result, {
      status: "valid",
      checkedIn: true,
      current: id,
      read: id,
      machines: [result.machineId],
      one: result.machineId,
      valid: true,
      licenseFile: true,
      proof: true,
      file: { ok: true, usable: true, licenseId: id },
      machineId: result.machineId,
      admin: "network error",
    });
    const checked = await server().admin("GET", `/v1/licenses/${id}`);
    assert.notEqual(checked.body.data.lastCheckInAt, null);
  });

  test("trackable encrypt: true in Chromium: WebCrypto HKDF and AES-GCM against the server's", async () => {
    const setup = await trackableSetup(server(), { code: { sessionPassword: "browser pass" } });
    const result = await page.evaluate(
      async ({ serverUrl, publicKey, productId, handshakeCode }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
        const sdk = (window as any).sdk;
        const client = sdk.createTrackableClient({
          serverUrl,
          publicKey,
          productId,
          handshakeCode,
          sessionPassword: "browser pass",
          storage: sdk.localStorageStorage({ prefix: "encrypted:" }),
          retry: { retries: 0 },
          encrypt: true,
        });
        const status = await client.authorize();
        await client.count("export", 2);
        const flushed = await client.flush();
        return {
          state: status.state,
          licenseId: status.licenseId,
          error: status.error?.message ?? null,
          accepted: flushed.accepted,
        };
      },
      {
        serverUrl: server().url,
        publicKey: server().publicKey,
        productId: setup.productId,
        handshakeCode: setup.code.code,
      },
    );
    assert.deepEqual(result, {
      state: "valid",
      licenseId: setup.licenseId,
      error: null,
      accepted: 1,
    });
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { export: 2 });
  });
});
