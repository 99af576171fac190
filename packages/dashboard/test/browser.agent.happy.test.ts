// The dashboard as a support agent works with it, in headless Chromium on a real server: the
// license actions keep the keyboard's focus and say what they did in words; Renew only where the
// policy has a duration; a long name does not push the Licenses table's columns out of view;
// the Licenses list keeps its page in the address (Back from a license, a reload) and its search
// box follows Back; dates name their time zone; a webhook secret rotated with an overlap says
// until when the old one signs; the delivery log's times, and no redelivery while the endpoint
// is disabled. Last, a read-only admin token: the header says so, and no screen offers it a
// control the API would refuse. axe-core finds nothing serious on any screen visited.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CHROMIUM_SKIP } from "../../server/test/support/chromium.js";
import { useDashboard } from "./support/dashboard.js";

describe("the dashboard for a support agent", { skip: CHROMIUM_SKIP }, () => {
  const dashboard = useDashboard();
  const { admin } = dashboard;
  const page = () => dashboard.page();
  const url = (path: string) => `${dashboard.server().url}/admin${path}`;
  let productId = "";
  /** A policy with a duration (renewable) and one without (perpetual). */
  let monthly = "";
  let perpetual = "";
  let endpointId = "";
  const hook = "https://93.184.215.14/agent-hook";

  before(async () => {
    productId = (await admin("POST", "/v1/products", { name: "Agent App" })).id;
    monthly = (
      await admin("POST", "/v1/policies", {
        productId,
        name: "Monthly",
        model: "subscription",
        durationSeconds: 30 * 86_400,
      })
    ).id;
    perpetual = (await admin("POST", "/v1/policies", { productId, name: "Perpetual" })).id;
    endpointId = (await admin("POST", "/v1/webhook-endpoints", { url: hook })).id;
    await dashboard.signIn();
  });

  after(() => {
    assert.deepEqual(dashboard.problems, [], "CSP violations, page errors or foreign requests");
  });

  /** Waits until focus is on a button named `name`; failing, says where focus is. */
  async function focusOnButton(name: string) {
    try {
      await page().waitForFunction(
        (text) =>
          document.activeElement?.tagName === "BUTTON" &&
          document.activeElement.textContent?.trim() === text,
        name,
      );
    } catch (error) {
      const focused = await page().evaluate(
        () => `${document.activeElement?.tagName} "${document.activeElement?.textContent}"`,
      );
      throw new Error(`focus is not on ${name} but on ${focused}`, { cause: error });
    }
  }

  async function noAxeFindings(name: string) {
    assert.deepEqual(await dashboard.axeFindings(), [], name);
  }

  test("license actions keep focus on their button and say what they did in words", async () => {
    const license = await admin("POST", "/v1/licenses", { policyId: monthly, name: "focus-kept" });
    await page().goto(url(`/licenses/${license.id}`));
    await page()
      .getByRole("heading", { name: /^License focus-kept/ })
      .waitFor();
    const actions = page().getByRole("region", { name: "Actions" });
    const notice = actions.getByRole("status");

    // Suspend by keyboard: the same button, now Reinstate, keeps focus (not <body>).
    await actions.getByRole("button", { name: "Suspend" }).focus();
    await page().keyboard.press("Enter");
    await notice.getByText("Suspended.", { exact: true }).waitFor();
    await focusOnButton("Reinstate");
    await page().keyboard.press("Enter");
    await notice.getByText("Reinstated.", { exact: true }).waitFor();
    await focusOnButton("Suspend");

    const expiresBefore = (await admin("GET", `/v1/licenses/${license.id}`)).expiresAt;
    await actions.getByRole("button", { name: "Renew" }).focus();
    await page().keyboard.press("Enter");
    await notice.getByText("Renewed.", { exact: true }).waitFor();
    await focusOnButton("Renew");
    assert.notEqual((await admin("GET", `/v1/licenses/${license.id}`)).expiresAt, expiresBefore);

    await actions.getByRole("button", { name: "Check in" }).focus();
    await page().keyboard.press("Enter");
    await notice.getByText("Checked in.", { exact: true }).waitFor();
    await focusOnButton("Check in");
    await noAxeFindings("license actions");
  });

  test("Renew is not offered on a perpetual license (its policy has no duration)", async () => {
    const license = await admin("POST", "/v1/licenses", { policyId: perpetual, name: "forever" });
    await page().goto(url(`/licenses/${license.id}`));
    const actions = page().getByRole("region", { name: "Actions" });
    await actions.getByRole("button", { name: "Check in" }).waitFor();
    // The policies have loaded (the facts name it) before Renew's absence means anything.
    await page().getByRole("definition").getByText("Perpetual", { exact: true }).waitFor();
    assert.equal(await actions.getByRole("button", { name: "Renew" }).count(), 0);
  });

  test("dates name their time zone (UTC here), to match the server's logs", async () => {
    const license = await admin("POST", "/v1/licenses", { policyId: monthly, name: "zoned" });
    await page().goto(url(`/licenses/${license.id}`));
    const created = page().locator("dt:text-is('Created') + dd");
    await created.waitFor();
    assert.match((await created.textContent()) ?? "", /\d{1,2}:\d{2}\s?[AP]M UTC$/);
  });

  test("a 160-character name without spaces wraps: every column of the Licenses table stays in view", async () => {
    const name = `customer-${"x".repeat(151)}`;
    await admin("POST", "/v1/licenses", { policyId: monthly, name });
    await page().goto(url(`/licenses?q=${name}`));
    const table = page().getByRole("region", { name: "Licenses table" });
    await table.getByRole("link", { name }).waitFor();
    const sizes = await table.evaluate((wrap) => ({
      wrap: wrap.clientWidth,
      table: wrap.querySelector("table")!.scrollWidth,
    }));
    assert.ok(sizes.table <= sizes.wrap, `the table is ${sizes.table} px in ${sizes.wrap} px`);
    await noAxeFindings("licenses with a long name");
  });

  test("the Licenses list keeps its page in the address: Back from a license and a reload find it", async () => {
    const paged = (await admin("POST", "/v1/products", { name: "Paged App" })).id;
    const policy = (await admin("POST", "/v1/policies", { productId: paged, name: "Paged" })).id;
    // 25 a page: 55 licenses make three pages.
    for (let index = 0; index < 55; index++) {
      await admin("POST", "/v1/licenses", { policyId: policy, name: `paged-${index}` });
    }
    await page().goto(url(`/licenses?productId=${paged}`));
    const pager = page().getByRole("navigation", { name: "Pages" });
    await pager.getByText("Page 1").waitFor();
    await pager.getByRole("button", { name: "Next page" }).click();
    await pager.getByText("Page 2").waitFor();
    await pager.getByRole("button", { name: "Next page" }).click();
    await pager.getByText("Page 3").waitFor();
    const table = page().getByRole("region", { name: "Licenses table" });
    const first = (await table.getByRole("link").first().textContent()) ?? "";

    await table.getByRole("link", { name: first, exact: true }).click();
    await page()
      .getByRole("heading", { name: new RegExp(`^License ${first}`) })
      .waitFor();
    await page().goBack();
    await pager.getByText("Page 3").waitFor();
    await table.getByRole("link", { name: first, exact: true }).waitFor();

    await page().reload();
    await pager.getByText("Page 3").waitFor();
    await table.getByRole("link", { name: first, exact: true }).waitFor();
    // Previous goes back a page; another filter starts again at page 1.
    await pager.getByRole("button", { name: "Previous page" }).click();
    await pager.getByText("Page 2").waitFor();
    await page().getByLabel("Status").selectOption("active");
    await pager.getByText("Page 1").waitFor();
  });

  test("the search box follows Back: it says the search the list shows", async () => {
    await page().goto(url("/licenses"));
    const box = page().getByRole("searchbox", { name: "Search" });
    const table = page().getByRole("region", { name: "Licenses table" });
    await box.fill("focus-kept");
    await box.press("Enter");
    await table.getByRole("link", { name: "focus-kept" }).waitFor();
    await box.fill("forever");
    await box.press("Enter");
    await table.getByRole("link", { name: "forever" }).waitFor();
    await page().goBack();
    await table.getByRole("link", { name: "focus-kept" }).waitFor();
    assert.equal(await box.inputValue(), "focus-kept");
  });

  test("webhooks: a rotation keeps the old secret for the time chosen, and says until when", async () => {
    await page().goto(url("/webhooks"));
    await page()
      .getByRole("button", { name: `Rotate secret of ${hook}` })
      .click();
    const asked = page().getByRole("group", { name: /^Rotate the signing secret/ });
    await asked.getByLabel("Keep the old secret signing for").selectOption({ label: "1 day" });
    await asked.getByText(/signed with both for the time chosen/).waitFor();
    await noAxeFindings("the rotation's question");
    const rotatedAt = Date.now();
    await asked.getByRole("button", { name: "Yes, rotate" }).click();
    await page().getByTestId("webhook-secret").waitFor();

    const endpoint = await admin("GET", `/v1/webhook-endpoints/${endpointId}`);
    const until = Date.parse(endpoint.previousSecretValidUntil);
    assert.ok(Math.abs(until - rotatedAt - 86_400_000) < 60_000, endpoint.previousSecretValidUntil);
    await page()
      .getByRole("cell", { name: /; previous secret also signs until .* UTC$/ })
      .waitFor();
  });

  test("webhooks: deliveries show when they were made and last tried; no redelivery while the endpoint is disabled", async () => {
    // license.created events for the endpoint (all types): deliveries in its log.
    await admin("POST", "/v1/licenses", { policyId: monthly, name: "delivered" });
    const [delivery] = await admin("GET", `/v1/webhook-endpoints/${endpointId}/deliveries`);
    await page().goto(url("/webhooks"));
    await page()
      .getByRole("button", { name: `Deliveries of ${hook}` })
      .click();
    const log = page().getByRole("region", { name: "Deliveries table" });
    await log.getByRole("columnheader", { name: "Created" }).waitFor();
    await log.getByRole("columnheader", { name: "Last attempt" }).waitFor();
    const row = log.getByRole("row").filter({
      has: page().getByRole("button", { name: `Redeliver ${delivery.id}` }),
    });
    await row.getByRole("cell", { name: /UTC$/ }).first().waitFor();

    await page()
      .getByRole("button", { name: `Disable ${hook}` })
      .click();
    await page().getByText("The endpoint is disabled: enable it to redeliver.").waitFor();
    assert.equal(await log.getByRole("button", { name: /^Redeliver / }).count(), 0);
    await noAxeFindings("deliveries of a disabled endpoint");
    await page()
      .getByRole("button", { name: `Enable ${hook}` })
      .click();
    await log.getByRole("button", { name: `Redeliver ${delivery.id}` }).waitFor();
  });

  test("a read-only admin token: said in the header, and offered no control that changes anything", async () => {
    const license = await admin("POST", "/v1/licenses", { policyId: monthly, name: "read-me" });
    await admin("POST", "/v1/machines", { licenseId: license.id, fingerprint: "agent-device-1" });
    const token = (await admin("POST", "/v1/tokens", { kind: "admin", scope: "read" })).token;
    await dashboard.signIn(token);
    await page()
      .getByText(/· read-only admin token$/)
      .waitFor();
    // Buttons that only read (Copy, Deliveries, Licenses, pages, filters) stay.
    const writes =
      /^(Suspend|Reinstate|Renew|Check in|Revoke|Delete|Save|Create|Attach|Detach|Bind|Unbind|Deactivate|Disable|Enable|Rotate|Publish|Activate|Retire|Acknowledge|Redeliver|Edit|Download|Yes)\b/;
    const screens: [string, string][] = [
      [`/licenses/${license.id}`, `License read-me`],
      ["/licenses", "Licenses"],
      ["/products", "Products"],
      [`/products/${productId}`, "Product Agent App"],
      ["/policies", "Policies"],
      [`/policies/${monthly}`, "Policy Monthly"],
      ["/machines", "Machines"],
      ["/users", "Users"],
      ["/entitlements", "Entitlements"],
      ["/handshake-codes", "Handshake codes"],
      ["/signing-keys", "Signing keys"],
      ["/offline-keys", "Offline activation keys"],
      ["/tokens", "Tokens"],
      ["/webhooks", "Webhooks"],
      ["/organization", "Organization"],
    ];
    for (const [path, heading] of screens) {
      await page().goto(url(path));
      await page().getByRole("heading", { name: heading, level: 1 }).first().waitFor();
      // Each screen's lists and lookups loaded (no "Loading …" left).
      await page().waitForFunction(() => !document.body.textContent?.includes("Loading"));
      const offered = (
        await page()
          .getByRole("button")
          .evaluateAll((buttons) =>
            buttons.map((button) => button.getAttribute("aria-label") ?? button.textContent ?? ""),
          )
      ).filter((name) => writes.test(name.trim()));
      assert.deepEqual(offered, [], `${path} offers a read-only token`);
      assert.equal(await page().locator("form.panel").count(), 0, `${path} shows a form`);
    }
    await page().goto(url("/webhooks"));
    await page()
      .getByRole("button", { name: `Deliveries of ${hook}` })
      .click();
    await page().getByRole("region", { name: "Deliveries table" }).waitFor();
    assert.equal(
      await page()
        .getByRole("button", { name: /^Redeliver / })
        .count(),
      0,
    );
    await noAxeFindings("webhooks for a read-only token");
  });
});
