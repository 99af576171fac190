// The client bundled for the browser (esbuild, platform=browser: a Node built-in anywhere on the
// path fails the build) and run in headless Chromium against a real server. The page and the
// bundle are served by that server through test-only routes: one origin, no CORS.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import {
  browserBundle,
  CHROMIUM_SKIP,
  launchChromium,
} from "../../server/test/support/chromium.js";
import { databases } from "../../server/test/support/databases.js";
import { useClientTestServer } from "./support/server.js";

const PAGE = `<!doctype html><script type="module">
  import * as client from "/test-only/keyward-client.js";
  window.client = client;
  window.ready = true;
</script>`;

describe("@keyward/client in headless Chromium", { skip: CHROMIUM_SKIP }, () => {
  let bundle = "";
  const server = useClientTestServer(databases()[0]!, {
    routes(app) {
      app.get("/test-only/page.html", { schema: { hide: true } }, (_request, reply) =>
        reply.type("text/html").send(PAGE),
      );
      app.get("/test-only/keyward-client.js", { schema: { hide: true } }, (_request, reply) =>
        reply.type("text/javascript").send(bundle),
      );
    },
  });
  let browser: Browser;
  let page: Page;

  before(async () => {
    bundle = await browserBundle(fileURLToPath(new URL("../src/index.ts", import.meta.url)));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server().url}/test-only/page.html`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  after(async () => {
    await browser?.close();
  });

  test("creates, lists across pages and reads; errors are KeywardApiError", async () => {
    const results = await page.evaluate(
      async ({ token }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
        const { createKeywardClient, KeywardApiError } = (window as any).client;
        const keyward = createKeywardClient({ url: location.origin, token });
        const created = [];
        for (const name of ["One", "Two", "Three"]) {
          created.push((await keyward.POST("/v1/products", { body: { name } })).data.id);
        }
        const listed = [];
        for await (const product of keyward.paginate("/v1/products", {
          params: { query: { limit: "2" } },
        })) {
          listed.push(product.id);
        }
        let error: unknown;
        try {
          await keyward.GET("/v1/products/{id}", { params: { path: { id: "prod_missing" } } });
        } catch (caught) {
          error = caught;
        }
        const apiError = error as InstanceType<typeof KeywardApiError>;
        return {
          sameList: JSON.stringify(listed) === JSON.stringify(created),
          isApiError: error instanceof KeywardApiError,
          status: apiError.status,
          code: apiError.code,
          requestId: apiError.requestId,
          hasProcess: typeof (globalThis as { process?: unknown }).process !== "undefined",
        };
      },
      { token: server().adminToken },
    );
    assert.equal(results.sameList, true);
    assert.equal(results.isApiError, true);
    assert.equal(results.status, 404);
    assert.equal(results.code, "PRODUCT_NOT_FOUND");
    assert.match(results.requestId ?? "", /^req_/);
    assert.equal(results.hasProcess, false);
    // The products exist on the server, as the browser created them.
    const check = await fetch(`${server().url}/v1/products`, {
      headers: { authorization: `Bearer ${server().adminToken}` },
    });
    assert.equal(((await check.json()) as { data: unknown[] }).data.length, 3);
  });

  test("an unreachable server: KeywardNetworkError naming the URL", async () => {
    const message = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports on window
      const { createKeywardClient, KeywardNetworkError } = (window as any).client;
      // Port 9 (discard) on loopback: nothing listens, the connection is refused.
      const keyward = createKeywardClient({ url: "http://127.0.0.1:9" });
      try {
        await keyward.GET("/v1/health");
        return "resolved";
      } catch (error) {
        return error instanceof KeywardNetworkError ? (error as Error).message : String(error);
      }
    });
    assert.match(message, /^GET http:\/\/127\.0\.0\.1:9\/v1\/health failed: Failed to fetch/);
  });
});
