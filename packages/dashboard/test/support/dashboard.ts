// The dashboard's production build (Vite, into a temp dir) served by a real server on SQLite at
// /admin, and headless Chromium pages on it whose CSP violations, page errors and requests to
// other origins are recorded; with the API calls and the axe-core check a browser test needs.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { type ClientTestServer, useClientTestServer } from "../../../client/test/support/server.js";
import { dashboardRoutes } from "../../../server/src/http/dashboard.js";
import { launchChromium } from "../../../server/test/support/chromium.js";
import { databases } from "../../../server/test/support/databases.js";

const DASHBOARD = fileURLToPath(new URL("../..", import.meta.url));
const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * Registers the before/after hooks that build the dashboard into a temp dir and serve it from a
 * real server; gives the server and the built files' directory.
 */
export function useServedDashboard(): { server(): ClientTestServer; dist(): string } {
  let outDir = "";
  // The build comes first: before() hooks run in the order they are registered, and the
  // server reads the built files when it starts.
  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), "keyward-dashboard-build-"));
    await build({
      root: DASHBOARD,
      logLevel: "silent",
      build: { outDir: join(outDir, "dist"), emptyOutDir: true },
    });
  });
  const server = useClientTestServer(databases()[0]!, {
    routes(app) {
      app.register(dashboardRoutes, { dir: join(outDir, "dist") });
    },
  });
  after(() => rm(outDir, { recursive: true, force: true }));
  return { server, dist: () => join(outDir, "dist") };
}

/** A page of `context` whose CSP violations, errors and requests leaving `origin` go to `problems`. */
export async function watchedPage(
  context: BrowserContext,
  origin: string,
  problems: string[],
): Promise<Page> {
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (
      message.type() === "error" &&
      /CSP violation|Content Security Policy/.test(message.text())
    ) {
      problems.push(message.text());
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("blob:")) {
      problems.push(`request outside the origin: ${url}`);
    }
  });
  return page;
}

/** axe-core's serious and critical findings on `page` as it is (WCAG 2.1 A and AA). */
export async function axeFindings(page: Page): Promise<string[]> {
  // Through the DevTools protocol: CSP does not apply to it, and the page keeps its own CSP.
  await page.evaluate(await readFile(AXE_SOURCE, "utf8"));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.nodes
            .map((node) => node.target.join(" "))
            .join(", ")}`,
      );
  });
}

export interface Dashboard {
  server(): ClientTestServer;
  /** The page, 1280 × 900, its clock in UTC (the zone the server's logs use). */
  page(): Page;
  /** securitypolicyviolation events, page errors and requests leaving the origin. */
  problems: string[];
  /** An API call with `token` (the admin token unless another), as the API answers it. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  /** An admin call that must succeed: the data field of its answer. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the fields they need
  admin(method: string, path: string, body?: unknown): Promise<any>;
  /** Signs the page in with `token` (the admin token unless another) and waits for the overview. */
  signIn(token?: string): Promise<void>;
  /** axeFindings on the page. */
  axeFindings(): Promise<string[]>;
}

/** Calls to the served API with its admin token (or another): `call` and `admin` as above. */
export function apiCalls(server: () => ClientTestServer): Pick<Dashboard, "call" | "admin"> {
  const call = (method: string, path: string, body?: unknown, token = server().adminToken) =>
    fetch(`${server().url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    call,
    async admin(method, path, body) {
      const response = await call(method, path, body);
      if (!response.ok) {
        assert.fail(`${method} ${path}: ${response.status} ${await response.text()}`);
      }
      return ((await response.json()) as { data: unknown }).data;
    },
  };
}

/** Registers the before/after hooks that build, serve and open the dashboard in one page. */
export function useDashboard(): Dashboard {
  const { server } = useServedDashboard();
  let browser: Browser | undefined;
  let page: Page | undefined;
  const problems: string[] = [];
  before(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: "UTC",
    });
    context.setDefaultTimeout(10_000);
    page = await watchedPage(context, new URL(server().url).origin, problems);
  });
  after(() => browser?.close());

  const thePage = () => {
    if (!page) throw new Error("the browser did not start (did before() fail?)");
    return page;
  };
  return {
    server,
    page: thePage,
    problems,
    ...apiCalls(server),
    async signIn(token = server().adminToken) {
      const page = thePage();
      await page.goto(`${server().url}/admin/`);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.getByLabel("API token").fill(token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Overview" }).waitFor();
    },
    axeFindings: () => axeFindings(thePage()),
  };
}
