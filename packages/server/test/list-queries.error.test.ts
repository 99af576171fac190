// Every paged list takes `limit` (a whole number from 1 to 100) and `cursor` (the nextCursor of
// one of its pages: an id of its items' kind, as ids.ts makes them). Anything else answers 400
// VALIDATION_FAILED in the standard error body, naming the parameter and saying in words what it
// takes (no regex), and changes nothing. A cursor of the list's own kind pages on whether or not
// its item still exists (it may have been deleted since).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createProduct, oneOfEach } from "./licensing-fixtures.js";
import { type ApiResponse, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";

/** Every paged list of the API, and the kind of id its items (and so its cursors) have. */
const LISTS: Record<string, string> = {
  "/v1/tokens": "tok",
  "/v1/products": "prod",
  "/v1/users": "usr",
  "/v1/handshake-codes": "hsc",
  "/v1/policies": "pol",
  "/v1/policies/{id}/entitlements": "ent",
  "/v1/licenses": "lic",
  "/v1/licenses/{id}/entitlements": "ent",
  "/v1/entitlements": "ent",
  "/v1/machines": "mach",
  "/v1/events": "evt",
  "/v1/audit-log": "aud",
  "/v1/usage-alerts": "alrt",
  "/v1/webhook-endpoints": "whep",
  "/v1/webhook-endpoints/{id}/deliveries": "msg",
};

/** An id body as ids.ts makes them: 26 lowercase Crockford base32 digits, the first 0–7. */
const BODY = "01jf3k8q2w7x9r5t6v4m2n8p0c";

const LIMIT_MESSAGE = "must be an integer from 1 to 100";

function cursorMessage(kind: string): string {
  return `must be the nextCursor of an earlier page of this list: an id starting ${kind}_`;
}

/** A 400 VALIDATION_FAILED whose one problem is `path`, said as `message`, in the message too. */
function assertOneProblem(response: ApiResponse, path: string, message: string, label: string) {
  assert.equal(response.status, 400, `${label}: ${response.text}`);
  assert.equal(errorCode(response), "VALIDATION_FAILED", label);
  assert.deepEqual(response.body.error.details, [{ path, message }], label);
  assert.equal(response.body.error.message, `${path} ${message}`, label);
}

forEachDatabase("list queries: limit and cursor", (db) => {
  const t = useTestApp(db, { webhooks: { allowPrivate: true } });
  /** Values for the `{id}` of a list's path. */
  const parents: Record<string, string> = {};
  let products: string[];

  before(async () => {
    const call = api(t().app, t().adminToken);
    const ids = await oneOfEach(call);
    products = [ids.products!, await createProduct(call, "Second")];
    const endpoint = await call("POST", "/v1/webhook-endpoints", {
      url: "http://127.0.0.1:9/hook",
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    Object.assign(parents, {
      policies: ids.policies,
      licenses: ids.licenses,
      "webhook-endpoints": endpoint.body.data.id,
    });
  });

  function url(template: string, query: string): string {
    const path = template.replace(
      /^\/v1\/([a-z-]+)\/\{id\}/,
      (_, collection: string) => `/v1/${collection}/${parents[collection]}`,
    );
    return `${path}?${query}`;
  }

  test("the lists checked here are every paged list of the OpenAPI document", async () => {
    const document = (await api(t().app, null)("GET", "/v1/openapi.json")).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>;
    };
    const paged = Object.entries(document.paths)
      .filter(([, methods]) => methods.get?.parameters?.some(({ name }) => name === "cursor"))
      .map(([path]) => path);
    assert.deepEqual(paged.sort(), Object.keys(LISTS).sort());
  });

  test("a cursor no page of the list could have given: 400 naming cursor, on every list", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    for (const [template, kind] of Object.entries(LISTS)) {
      const other = kind === "prod" ? "lic" : "prod";
      const cursors = [
        "garbage",
        "zzzzzzzzzzzz",
        "",
        // An id of another kind: another list's cursor (a real one too).
        `${other}_${BODY}`,
        ...(kind === "prod" ? [] : [products[0]!]),
        // The list's kind, but no id: too long, too short, upper case, a letter Crockford's
        // base32 leaves out, a first digit past the 128 bits of an id, no separator.
        `${kind}_${BODY}0`,
        `${kind}_${BODY.slice(1)}`,
        `${kind}_${BODY}`.toUpperCase(),
        `${kind}_${BODY.slice(0, -1)}u`,
        `${kind}_z${BODY.slice(1)}`,
        `${kind}${BODY}`,
        ` ${kind}_${BODY}`,
      ];
      for (const cursor of cursors) {
        const label = `GET ${template} cursor=${JSON.stringify(cursor)}`;
        const response = await call(
          "GET",
          url(template, `limit=1&cursor=${encodeURIComponent(cursor)}`),
        );
        assertOneProblem(response, "query.cursor", cursorMessage(kind), label);
      }
    }
    assert.deepEqual(await tableRows(t()), before, "a refused list query wrote something");
  });

  test("a cursor of the list's own kind pages, whether or not its item exists", async () => {
    const call = api(t().app, t().adminToken);
    // Following nextCursor: the second product after the first.
    const first = await call("GET", "/v1/products?limit=1");
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      [first.body.data.map((p: { id: string }) => p.id), first.body.nextCursor],
      [[products[0]], products[0]],
    );
    const second = await call("GET", `/v1/products?limit=1&cursor=${first.body.nextCursor}`);
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(
      second.body.data.map((p: { id: string }) => p.id),
      [products[1]],
    );
    // On every list, an id of its kind that names nothing (made before any row here): the
    // whole list follows it; one made after every row: nothing does.
    for (const [template, kind] of Object.entries(LISTS)) {
      const all = await call("GET", url(template, "limit=100"));
      assert.equal(all.status, 200, `${template}: ${all.text}`);
      const earliest = await call(
        "GET",
        url(template, `limit=100&cursor=${kind}_${"0".repeat(26)}`),
      );
      assert.equal(earliest.status, 200, `${template}: ${earliest.text}`);
      assert.deepEqual(earliest.body, all.body, template);
      const latest = await call(
        "GET",
        url(template, `limit=100&cursor=${kind}_7${"z".repeat(25)}`),
      );
      assert.equal(latest.status, 200, `${template}: ${latest.text}`);
      assert.deepEqual(latest.body, { data: [], nextCursor: null }, template);
    }
  });

  test("a limit that is not a whole number from 1 to 100: 400 saying so, on every list", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    for (const template of Object.keys(LISTS)) {
      for (const limit of ["0", "abc", "101", "-1", "1.5", "01", "007", "1e2", "", " 5", "0x10"]) {
        const label = `GET ${template} limit=${JSON.stringify(limit)}`;
        const response = await call("GET", url(template, `limit=${encodeURIComponent(limit)}`));
        assertOneProblem(response, "query.limit", LIMIT_MESSAGE, label);
        assert.doesNotMatch(response.text, /pattern|\^|\$/, label);
      }
      for (const limit of ["1", "9", "10", "99", "100"]) {
        const response = await call("GET", url(template, `limit=${limit}`));
        assert.equal(response.status, 200, `${template} limit=${limit}: ${response.text}`);
      }
    }
    assert.deepEqual(await tableRows(t()), before, "a refused list query wrote something");
  });
});
