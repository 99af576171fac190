// The API reference at /v1/docs: Scalar's page, script and document, all served by the server
// itself (it may run air-gapped). Checked over HTTP, then in headless Chromium: the operations
// render, no request leaves the server's origin, and the page runs under its own
// Content-Security-Policy. The page reads no data, so SQLite alone stands for both databases.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, useTestApp } from "./support/app.js";
import { CHROMIUM_SKIP, launchChromium } from "./support/chromium.js";
import { databases } from "./support/databases.js";

const sqlite = databases()[0]!;

describe("GET /v1/docs over HTTP", () => {
  const t = useTestApp(sqlite);

  test("/v1/docs redirects to the page, which loads only its own script", async () => {
    const call = api(t().app, null);
    const redirect = await call("GET", "/v1/docs");
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, "/v1/docs/");
    const page = await call("GET", "/v1/docs/");
    assert.equal(page.status, 200);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.match(page.text, /<title>Keyward API<\/title>/);
    const sources = [...page.text.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(sources, ["js/scalar.js"]);
    assert.ok(!/https?:\/\//.test(page.text), "the page names no other origin");
  });

  test("the browser's /favicon.ico is answered, empty, not 404 (a console error on every page)", async () => {
    const icon = await api(t().app, null)("GET", "/favicon.ico");
    assert.equal(icon.status, 204, icon.text);
    assert.equal(icon.text, "");
    assert.match(String(icon.headers["cache-control"]), /max-age=86400/);
  });

  test("the page's Content-Security-Policy: this origin, its one inline script by hash", async () => {
    const page = await api(t().app, null)("GET", "/v1/docs/");
    const policy = String(page.headers["content-security-policy"]);
    const inline = [...page.text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(inline.length, 1);
    const hash = createHash("sha256").update(inline[0]![1]!).digest("base64");
    const directives = Object.fromEntries(
      policy.split("; ").map((directive) => {
        const [name, ...values] = directive.split(" ");
        return [name, values.join(" ")];
      }),
    );
    assert.deepEqual(directives, {
      "default-src": "'none'",
      "script-src": `'self' 'sha256-${hash}'`,
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data:",
      "font-src": "'self' data:",
      "connect-src": "'self'",
      "base-uri": "'none'",
      "form-action": "'none'",
      "frame-ancestors": "'none'",
    });
    assert.equal(page.headers["x-content-type-options"], "nosniff");
  });

  test("the bundled script and the document come from the server", async () => {
    const call = api(t().app, null);
    const script = await call("GET", "/v1/docs/js/scalar.js");
    assert.equal(script.status, 200);
    assert.match(String(script.headers["content-type"]), /^application\/javascript/);
    assert.ok(script.text.includes("@scalar/api-reference"));
    const document = await call("GET", "/v1/docs/openapi.json");
    assert.equal(document.status, 200);
    const served = await call("GET", "/v1/openapi.json");
    assert.deepEqual(Object.keys(document.body.paths), Object.keys(served.body.paths));
    // The reference's own routes stay out of the API description.
    for (const path of Object.keys(served.body.paths)) assert.ok(!path.startsWith("/v1/docs"));
  });
});

describe("GET /v1/docs in headless Chromium", { skip: CHROMIUM_SKIP }, () => {
  const t = useTestApp(sqlite);
  let origin = "";
  let browser: Browser;

  before(async () => {
    await t().app.listen({ host: "127.0.0.1", port: 0 });
    const address = t().app.server.address();
    assert.ok(address && typeof address === "object");
    origin = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  /**
   * Opens /v1/docs and waits until an operation of a collapsed tag is rendered and the fonts
   * its text needs are loaded: the requests of loading and reading the page. (Not Playwright's
   * "networkidle": under the CSP it never came, though every request had finished.)
   */
  async function openReference(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}/v1/docs`);
    await page.getByText("Liveness").first().waitFor();
    // The sidebar's collapsed "licenses" tag.
    await page.getByRole("button", { name: /^licenses Open Group/ }).click();
    await page.getByText("Suspend a license (idempotent)").first().waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  }

  test("renders the operations; every request stays on the server's origin", async (context) => {
    // Without the page's CSP, so that a request to another origin is made (and recorded)
    // rather than blocked: what is proven is Scalar's configuration, not the policy.
    const browserContext = await browser.newContext({ bypassCSP: true });
    context.after(() => browserContext.close());
    const requests: string[] = [];
    browserContext.on("request", (request) => requests.push(request.url()));
    await browserContext.route(
      (url) => url.origin !== origin,
      (route) => route.abort(),
    );
    const page = await openReference(browserContext);
    assert.ok(await page.getByText("Create a license; its key is generated").first().isVisible());
    assert.ok(requests.includes(`${origin}/v1/docs/js/scalar.js`), requests.join("\n"));
    assert.ok(requests.includes(`${origin}/v1/docs/openapi.json`), requests.join("\n"));
    const elsewhere = requests.filter((url) => new URL(url).origin !== origin);
    assert.deepEqual(elsewhere, []);
  });

  test("runs under its Content-Security-Policy: no violation, no page error", async (context) => {
    const browserContext = await browser.newContext();
    context.after(() => browserContext.close());
    await browserContext.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener("securitypolicyviolation", (event) =>
        seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
      );
    });
    const errors: string[] = [];
    browserContext.on("weberror", (error) => errors.push(error.error().message));
    const page = await openReference(browserContext);
    const violations = await page.evaluate(
      () => (window as unknown as { violations: string[] }).violations,
    );
    // The one allowed: zod's probe `try { new Function("") }`, which falls back without eval.
    assert.deepEqual(
      violations.filter((violation) => violation !== "script-src eval"),
      [],
    );
    assert.deepEqual(errors, []);
  });
});
