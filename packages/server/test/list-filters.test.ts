// Exact list filters for a backend that keeps its own ids in metadata (a store wiring Keyward to
// Stripe): `metadata[key]=value` on GET /v1/licenses, /v1/machines and /v1/users (exact and
// case-sensitive, keys ANDed, store/metadata-filter.ts), `userId` on licenses and machines, and
// `email` on users (exact, ignoring case). Combined with the other filters, search and cursor
// pages; bad input is 400 VALIDATION_FAILED naming the parameter; on both databases. Another
// organization's rows never match (isolation.security.test.ts walks that too).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLicense, createPolicy, createProduct, productToken } from "./licensing-fixtures.js";
import { licenseToken } from "./machine-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";

/**
 * The names of the items a list answers for `query`, every page (2 a page), in page order;
 * checks that the pages come in id order, each item once, and that `nextCursor` is the id of
 * the page's last item.
 */
async function found(call: Api, path: string, query: string): Promise<string[]> {
  const names: string[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${path}?${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await call("GET", url);
    assert.equal(response.status, 200, `${url}: ${response.text}`);
    for (const item of response.body.data) {
      names.push(item.name ?? item.email ?? item.id);
      ids.push(item.id);
    }
    cursor = response.body.nextCursor;
    if (cursor !== null) assert.equal(cursor, ids[ids.length - 1], url);
  } while (cursor !== null);
  assert.deepEqual(ids, [...new Set(ids)].sort(), `${query}: pages in id order, each once`);
  return names;
}

/** `metadata[key]=value` for each entry, encoded as a client would. */
function metadata(filter: Record<string, string>): string {
  return Object.entries(filter)
    .map(([key, value]) => `metadata%5B${encodeURIComponent(key)}%5D=${encodeURIComponent(value)}`)
    .join("&");
}

forEachDatabase("list filters: metadata, user and email", (db) => {
  const t = useTestApp(db);
  let call: Api;
  let productId: string;
  let alice: string;
  let bob: string;
  let exactLicense: string;
  let otherOrganizationUser: string;

  test("setup: licenses, machines and users with metadata", async () => {
    call = api(t().app, t().adminToken);
    productId = await createProduct(call, "Editor");
    const policy = await createPolicy(call, productId, { floating: true, maxMachines: 5 });
    const user = async (email: string, fields: Record<string, unknown> = {}) => {
      const response = await call("POST", "/v1/users", { email, ...fields });
      assert.equal(response.status, 201, response.text);
      return response.body.data.id as string;
    };
    alice = await user("Alice@Example.com", { metadata: { crm: "C-1", vip: true } });
    bob = await user("bob@example.com", { metadata: { crm: "c-1" } });
    await user("alice@example.co", { metadata: { crm: "C-12" } });
    const license = (name: string, fields: Record<string, unknown>) =>
      createLicense(call, policy, { name, ...fields });
    const exact = await license("exact", {
      userId: alice,
      metadata: { stripeCustomerId: "cus_ABC123", plan: "pro", seats: 5, trial: true },
    });
    exactLicense = exact.id;
    await license("longer", { userId: alice, metadata: { stripeCustomerId: "cus_ABC1234" } });
    const lower = await license("lower", {
      userId: bob,
      metadata: { stripeCustomerId: "cus_abc123" },
    });
    const exact2 = await license("exact2", {
      userId: bob,
      metadata: { stripeCustomerId: "cus_ABC123", plan: "basic" },
    });
    const suspended = await call("POST", `/v1/licenses/${exact2.id}/actions/suspend`);
    assert.equal(suspended.status, 200, suspended.text);
    await license("exact3", { metadata: { stripeCustomerId: "cus_ABC123", seats: "5" } });
    await license("shapes", {
      metadata: {
        stripeCustomerId: { id: "cus_ABC123" },
        list: ["cus_ABC123"],
        seats: 5.5,
        trial: "true",
        none: null,
      },
    });
    await license("dotted", { metadata: { "a.b": "x", "k:v-1_2": "y" } });
    await license("nested", { metadata: { a: { b: "x" } } });
    const machine = async (licenseId: string, fingerprint: string, rack: string) => {
      const response = await call("POST", "/v1/machines", {
        licenseId,
        fingerprint,
        name: fingerprint,
        metadata: { rack },
      });
      assert.equal(response.status, 201, response.text);
    };
    await machine(exact.id, "alice-1", "R1");
    await machine(exact.id, "alice-2", "R2");
    await machine(exact.id, "alice-3", "R1");
    await machine(lower.id, "bob-1", "R1");
    await machine(lower.id, "bob-2", "r1");

    // Another organization with the same metadata, emails and shapes.
    const other = await createOrganization(t().services, "Other");
    const asOther = api(t().app, other.adminToken);
    const otherPolicy = await createPolicy(asOther, await createProduct(asOther, "Other"));
    const otherUser = await asOther("POST", "/v1/users", {
      email: "alice@example.com",
      metadata: { crm: "C-1" },
    });
    assert.equal(otherUser.status, 201, otherUser.text);
    otherOrganizationUser = otherUser.body.data.id;
    const otherLicense = await createLicense(asOther, otherPolicy, {
      name: "other",
      userId: otherOrganizationUser,
      metadata: { stripeCustomerId: "cus_ABC123" },
    });
    const otherMachine = await asOther("POST", "/v1/machines", {
      licenseId: otherLicense.id,
      fingerprint: "other-1",
      metadata: { rack: "R1" },
    });
    assert.equal(otherMachine.status, 201, otherMachine.text);
  });

  test("licenses: metadata matches exactly, case-sensitively, never a substring", async () => {
    const licenses = (filter: Record<string, string>, extra = "") =>
      found(call, "/v1/licenses", metadata(filter) + extra);
    assert.deepEqual(await licenses({ stripeCustomerId: "cus_ABC123" }), [
      "exact",
      "exact2",
      "exact3",
    ]);
    assert.deepEqual(await licenses({ stripeCustomerId: "cus_abc123" }), ["lower"]);
    assert.deepEqual(await licenses({ stripeCustomerId: "cus_ABC1234" }), ["longer"]);
    for (const near of ["cus_ABC12", "CUS_ABC123", "cus_ABC123 ", "ABC123", "cus_"]) {
      assert.deepEqual(await licenses({ stripeCustomerId: near }), [], near);
    }
    // Keys ANDed; a key no license has matches none.
    assert.deepEqual(await licenses({ stripeCustomerId: "cus_ABC123", plan: "pro" }), ["exact"]);
    assert.deepEqual(await licenses({ stripeCustomerId: "cus_ABC123", plan: "Pro" }), []);
    assert.deepEqual(await licenses({ stripeCustomerId: "cus_ABC123", missing: "x" }), []);
    // Keys are whole top-level names: `a.b` is the key "a.b", not a path.
    assert.deepEqual(await licenses({ "a.b": "x" }), ["dotted"]);
    assert.deepEqual(await licenses({ "k:v-1_2": "y" }), ["dotted"]);
    assert.deepEqual(await licenses({ a: "x" }), []);
    // Keys that name an object's prototype are keys like any other (no license has them).
    assert.deepEqual(await licenses(Object.fromEntries([["__proto__", "x"]])), []);
    assert.deepEqual(await licenses({ constructor: "x", toString: "y" }), []);
    // Unencoded brackets are the same parameter.
    const plain = await call("GET", "/v1/licenses?metadata[stripeCustomerId]=cus_abc123");
    assert.equal(plain.status, 200, plain.text);
    assert.deepEqual(
      plain.body.data.map((license: { name: string }) => license.name),
      ["lower"],
    );
  });

  test("licenses: numbers, booleans, null, objects and arrays", async () => {
    const licenses = (filter: Record<string, string>) =>
      found(call, "/v1/licenses", metadata(filter));
    // A value written as a number matches the string and a number equal to it.
    assert.deepEqual(await licenses({ seats: "5" }), ["exact", "exact3"]);
    assert.deepEqual(await licenses({ seats: "5.0" }), ["exact"]);
    assert.deepEqual(await licenses({ seats: "5.5" }), ["shapes"]);
    assert.deepEqual(await licenses({ seats: "05" }), []);
    // true/false match the boolean and the string.
    assert.deepEqual(await licenses({ trial: "true" }), ["exact", "shapes"]);
    assert.deepEqual(await licenses({ trial: "1" }), []);
    assert.deepEqual(await licenses({ trial: "True" }), []);
    // Never null, an object or an array, nor what is inside them.
    assert.deepEqual(await licenses({ none: "null" }), []);
    assert.deepEqual(await licenses({ none: "" }), []);
    assert.deepEqual(await licenses({ list: "cus_ABC123" }), []);
    assert.deepEqual(await licenses({ stripeCustomerId: '{"id":"cus_ABC123"}' }), []);
  });

  test("licenses: combined with status, userId, search and pages", async () => {
    const customer = metadata({ stripeCustomerId: "cus_ABC123" });
    assert.deepEqual(await found(call, "/v1/licenses", `${customer}&status=suspended`), ["exact2"]);
    assert.deepEqual(await found(call, "/v1/licenses", `${customer}&status=active`), [
      "exact",
      "exact3",
    ]);
    assert.deepEqual(await found(call, "/v1/licenses", `${customer}&userId=${bob}`), ["exact2"]);
    assert.deepEqual(await found(call, "/v1/licenses", `${customer}&productId=${productId}`), [
      "exact",
      "exact2",
      "exact3",
    ]);
    // With a search: its substring, then the exact metadata.
    assert.deepEqual(await found(call, "/v1/licenses", `q=exact&${metadata({ plan: "basic" })}`), [
      "exact2",
    ]);
    assert.deepEqual(await found(call, "/v1/licenses", `q=ex&${customer}`), [
      "exact",
      "exact2",
      "exact3",
    ]);
    // Pages of one: each page its own query, the cursor after the last.
    const first = await call("GET", `/v1/licenses?${customer}&limit=1`);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      first.body.data.map((license: { name: string }) => license.name),
      ["exact"],
    );
    const second = await call(
      "GET",
      `/v1/licenses?${customer}&limit=1&cursor=${first.body.nextCursor}`,
    );
    assert.deepEqual(
      second.body.data.map((license: { name: string }) => license.name),
      ["exact2"],
    );
    // A product token: its product's licenses, filtered the same.
    const asProduct = api(t().app, await productToken(call, productId));
    assert.deepEqual(await found(asProduct, "/v1/licenses", `${customer}&userId=${alice}`), [
      "exact",
    ]);
  });

  test("licenses and machines by userId; another organization's or unknown user: none", async () => {
    assert.deepEqual(await found(call, "/v1/licenses", `userId=${alice}`), ["exact", "longer"]);
    assert.deepEqual(await found(call, "/v1/licenses", `userId=${bob}`), ["lower", "exact2"]);
    assert.deepEqual(await found(call, "/v1/machines", `userId=${alice}`), [
      "alice-1",
      "alice-2",
      "alice-3",
    ]);
    assert.deepEqual(await found(call, "/v1/machines", `userId=${bob}`), ["bob-1", "bob-2"]);
    for (const userId of [otherOrganizationUser, "usr_01jf3k8q2w7x9r5t6v4m2n8p0c", "garbage"]) {
      assert.deepEqual(await found(call, "/v1/licenses", `userId=${userId}`), [], userId);
      assert.deepEqual(await found(call, "/v1/machines", `userId=${userId}`), [], userId);
    }
  });

  test("machines: metadata, with userId, licenseId and a license token", async () => {
    const rack = (value: string, extra = "") =>
      found(call, "/v1/machines", metadata({ rack: value }) + extra);
    assert.deepEqual(await rack("R1"), ["alice-1", "alice-3", "bob-1"]);
    assert.deepEqual(await rack("r1"), ["bob-2"]);
    assert.deepEqual(await rack("R"), []);
    assert.deepEqual(await rack("R1", `&userId=${alice}`), ["alice-1", "alice-3"]);
    assert.deepEqual(await rack("R1", `&licenseId=${exactLicense}&userId=${bob}`), []);
    const asLicense = api(t().app, await licenseToken(call, exactLicense));
    assert.deepEqual(await found(asLicense, "/v1/machines", metadata({ rack: "R1" })), [
      "alice-1",
      "alice-3",
    ]);
  });

  test("users: email exactly, ignoring case; metadata exactly", async () => {
    assert.deepEqual(await found(call, "/v1/users", "email=alice%40example.com"), [
      "alice@example.com",
    ]);
    assert.deepEqual(await found(call, "/v1/users", "email=ALICE%40Example.COM"), [
      "alice@example.com",
    ]);
    for (const near of ["alice", "alice%40example", "example.com", "alice%40example.c"]) {
      assert.deepEqual(await found(call, "/v1/users", `email=${near}`), [], near);
    }
    assert.deepEqual(await found(call, "/v1/users", metadata({ crm: "C-1" })), [
      "alice@example.com",
    ]);
    assert.deepEqual(await found(call, "/v1/users", metadata({ crm: "c-1" })), ["bob@example.com"]);
    assert.deepEqual(await found(call, "/v1/users", metadata({ vip: "true" })), [
      "alice@example.com",
    ]);
    assert.deepEqual(
      await found(call, "/v1/users", `email=bob%40example.com&${metadata({ crm: "C-1" })}`),
      [],
    );
  });

  test("bad filters: 400 VALIDATION_FAILED naming the parameter, nothing changes", async () => {
    const before = await tableRows(t());
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, "v"]));
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, "v"]));
    const cases: Array<[string, RegExp]> = [
      [metadata(nine), /^query\.metadata must NOT have more than 8 properties/],
      ["metadata%5Bplan%5D=a%00b", /^query\.metadata\.plan .*NUL/i],
      ["metadata%5Bpl%00an%5D=x", /^query\.metadata/],
      ["metadata%5Ba%20b%5D=x", /^query\.metadata\["a b"\] is not allowed/],
      ['metadata%5Ba"b%5D=x', /^query\.metadata\["a\\?"b"\] is not allowed/],
      ["metadata%5B%5D=x", /^query\.metadata.* is not allowed/],
      ["metadata%5B.x%5D=x", /^query\.metadata\[".x"\] is not allowed/],
      [`metadata%5B${"k".repeat(65)}%5D=x`, /^query\.metadata\["k+/],
      [`metadata%5Bplan%5D=${"v".repeat(501)}`, /^query\.metadata\.plan must NOT have more/],
      ["metadata%5Bplan%5D=a&metadata%5Bplan%5D=b", /^query\.metadata\.plan must be string/],
      ["metadata%5Ba%5D%5Bb%5D=x", /^query\["metadata\[a\]\[b\]"\] is not allowed/],
      ["metadata=x", /^query\.metadata must be object/],
      ["metadata=x&metadata%5Bplan%5D=pro", /is not allowed/],
      ["metadatas%5Bplan%5D=x", /^query\["metadatas\[plan\]"\] is not allowed/],
      ["meta%5Bplan%5D=x", /is not allowed/],
      ["plan=pro", /^query\.plan is not allowed/],
    ];
    for (const path of ["/v1/licenses", "/v1/machines", "/v1/users"]) {
      const fine = await call("GET", `${path}?${metadata(eight)}`);
      assert.equal(fine.status, 200, `${path} 8 keys: ${fine.text}`);
      for (const [query, message] of cases) {
        const label = `GET ${path}?${query}`;
        const response = await call("GET", `${path}?${query}`);
        assert.equal(response.status, 400, `${label}: ${response.text}`);
        assert.equal(errorCode(response), "VALIDATION_FAILED", label);
        assert.match(response.body.error.message, message, `${label}: ${response.text}`);
      }
    }
    for (const query of ["email=", `email=${"a".repeat(255)}`, "email=a%00b"]) {
      const response = await call("GET", `/v1/users?${query}`);
      assert.equal(response.status, 400, `users?${query}: ${response.text}`);
      assert.match(response.body.error.message, /^query\.email/, query);
    }
    for (const path of ["/v1/licenses", "/v1/machines"]) {
      const response = await call("GET", `${path}?userId=`);
      assert.equal(response.status, 400, `${path}?userId=: ${response.text}`);
      assert.match(response.body.error.message, /^query\.userId/);
    }
    assert.deepEqual(await tableRows(t()), before, "a refused list query wrote something");
  });
});
