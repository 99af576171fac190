import assert from "node:assert/strict";
import { test } from "node:test";
import { api, createOrganization, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const PRODUCT_ID = /^prod_[0-9a-hjkmnp-tv-z]{26}$/;
const PRODUCT_KEYS = [
  "appIdentifiers",
  "code",
  "createdAt",
  "id",
  "metadata",
  "name",
  "platforms",
  "updatedAt",
];

forEachDatabase("products: happy paths", (db) => {
  // A clock that only moves when told: every product below is created in the same millisecond
  // unless a test advances it, so list order cannot come from distinct timestamps alone.
  const clock = manualClock(new Date("2030-01-02T03:04:05.678Z"));
  const t = useTestApp(db, { clock });

  test("create answers 201 with the product, defaults filled in", async () => {
    const call = api(t().app, t().adminToken);
    const response = await call("POST", "/v1/products", { name: "Photo Editor" });
    assert.equal(response.status, 201);
    assert.match(String(response.headers["content-type"]), /^application\/json/);
    const product = response.body.data;
    assert.deepEqual(Object.keys(product).sort(), PRODUCT_KEYS);
    assert.match(product.id, PRODUCT_ID);
    assert.deepEqual(
      { ...product, id: "x" },
      {
        id: "x",
        name: "Photo Editor",
        code: null,
        platforms: [],
        appIdentifiers: [],
        metadata: {},
        createdAt: "2030-01-02T03:04:05.678Z",
        updatedAt: "2030-01-02T03:04:05.678Z",
      },
    );
  });

  test("create keeps every field, and GET returns the same product", async () => {
    const call = api(t().app, t().adminToken);
    const input = {
      name: "Video Editor Pro",
      code: "video-pro_2.x",
      platforms: ["macos", "windows"],
      appIdentifiers: ["com.example.video", "com.example.video.beta"],
      metadata: { tier: "pro", seats: 5, nested: { list: [1, null, "x"], flag: true } },
    };
    const created = await call("POST", "/v1/products", input);
    assert.equal(created.status, 201);
    const { id, createdAt, updatedAt, ...fields } = created.body.data;
    assert.deepEqual(fields, input);
    const fetched = await call("GET", `/v1/products/${id}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, { data: { id, createdAt, updatedAt, ...input } });
  });

  test("list pages by cursor in creation order: 5 products, limit 2, 3 pages", async () => {
    // A fresh organization, so the list holds exactly these five.
    const { adminToken } = await createOrganization(t().services, "Paging");
    const call = api(t().app, adminToken);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await call("POST", "/v1/products", { name: `Product ${i}` });
      assert.equal(response.status, 201);
      created.push(response.body.data.id);
    }

    const pages: Array<{ names: string[]; ids: string[]; nextCursor: string | null }> = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "?limit=2" : `?limit=2&cursor=${cursor}`;
      const response = await call("GET", `/v1/products${query}`);
      assert.equal(response.status, 200);
      assert.deepEqual(Object.keys(response.body).sort(), ["data", "nextCursor"]);
      pages.push({
        names: response.body.data.map((p: { name: string }) => p.name),
        ids: response.body.data.map((p: { id: string }) => p.id),
        nextCursor: response.body.nextCursor,
      });
      cursor = response.body.nextCursor;
    } while (cursor !== null && pages.length < 10);

    assert.deepEqual(
      pages.map((page) => page.names),
      [["Product 0", "Product 1"], ["Product 2", "Product 3"], ["Product 4"]],
    );
    assert.deepEqual(
      pages.flatMap((page) => page.ids),
      created,
    );
    // The cursor is the last id of its page; the last page has none.
    assert.equal(pages[0]!.nextCursor, created[1]);
    assert.equal(pages[1]!.nextCursor, created[3]);
    assert.equal(pages[2]!.nextCursor, null);

    // Without a limit: all five in one page (default 25).
    const all = await call("GET", "/v1/products");
    assert.deepEqual(
      all.body.data.map((p: { id: string }) => p.id),
      created,
    );
    assert.equal(all.body.nextCursor, null);
    // A page that ends exactly at the last item says so.
    const exact = await call("GET", "/v1/products?limit=5");
    assert.equal(exact.body.data.length, 5);
    assert.equal(exact.body.nextCursor, null);
  });

  test("an empty organization lists nothing", async () => {
    const { adminToken } = await createOrganization(t().services, "Empty");
    const response = await api(t().app, adminToken)("GET", "/v1/products");
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { data: [], nextCursor: null });
  });

  test("patch changes only the given fields and moves updatedAt", async () => {
    const call = api(t().app, t().adminToken);
    const created = await call("POST", "/v1/products", {
      name: "Before",
      code: "patch-me",
      platforms: ["linux"],
      metadata: { keep: 1 },
    });
    const before = created.body.data;
    clock.advance(60_000);

    const patched = await call("PATCH", `/v1/products/${before.id}`, {
      name: "After",
      appIdentifiers: ["org.example.after"],
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.data, {
      ...before,
      name: "After",
      appIdentifiers: ["org.example.after"],
      updatedAt: new Date(Date.parse(before.createdAt) + 60_000).toISOString(),
    });
    const fetched = await call("GET", `/v1/products/${before.id}`);
    assert.deepEqual(fetched.body.data, patched.body.data);

    // code: null clears the code; an empty patch changes nothing but updatedAt.
    clock.advance(1_000);
    const cleared = await call("PATCH", `/v1/products/${before.id}`, { code: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.data.code, null);
    assert.equal(cleared.body.data.name, "After");
    const empty = await call("PATCH", `/v1/products/${before.id}`, {});
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.data, cleared.body.data);
    // The freed code can be used again.
    const reused = await call("POST", "/v1/products", { name: "Reuse", code: "patch-me" });
    assert.equal(reused.status, 201);
  });

  test("delete answers 204, then the product is gone everywhere", async () => {
    const call = api(t().app, t().adminToken);
    const created = await call("POST", "/v1/products", { name: "Doomed", code: "doomed" });
    const id = created.body.data.id;

    const deleted = await call("DELETE", `/v1/products/${id}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");

    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "x" }],
      ["DELETE", undefined],
    ] as const) {
      const response = await call(method, `/v1/products/${id}`, body);
      assert.equal(response.status, 404, method);
      assert.equal(response.body.error.code, "PRODUCT_NOT_FOUND", method);
    }
    const list = await call("GET", "/v1/products?limit=100");
    assert.ok(!list.body.data.some((p: { id: string }) => p.id === id));
    const rows = await t()
      .store.db.selectFrom("products")
      .select("id")
      .where("id", "=", id)
      .execute();
    assert.deepEqual(rows, []);
    // Its code is free again.
    const again = await call("POST", "/v1/products", { name: "Reborn", code: "doomed" });
    assert.equal(again.status, 201);
  });
});
