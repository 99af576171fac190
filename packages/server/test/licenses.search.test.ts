// License search and counts (issue 16): GET /v1/licenses?q=&expiresBefore=&expiresAfter= and
// GET /v1/licenses/counts, on both databases, plus who may ask and what bad input gets. `q`
// matches substrings of names, users' emails and names, and metadata values from 3
// characters, prefixes below (store/license-search.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as licenseSearch from "../src/store/migrations/0016_license_search.js";
import * as licenseSearchTrigrams from "../src/store/migrations/0018_license_search_trigrams.js";
import {
  createLicense,
  createPolicy,
  createProduct,
  createUser,
  DAY,
  productToken,
} from "./licensing-fixtures.js";
import {
  type Api,
  api,
  createOrganization,
  errorCode,
  manualClock,
  useTestApp,
} from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { danglingReferences, tableRows } from "./support/tables.js";

const START = new Date("2031-05-01T00:00:00.000Z");
const iso = (offsetDays: number) =>
  new Date(START.getTime() + offsetDays * DAY * 1000).toISOString();

/**
 * The names (or ids) of the licenses a search answers, every page (2 a page), sorted; checks
 * that the pages come in id order, each license once, and that `nextCursor` is the id of the
 * page's last license.
 */
async function found(call: Api, query: string): Promise<string[]> {
  const names: string[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/v1/licenses?${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await call("GET", url);
    assert.equal(response.status, 200, `${url}: ${response.text}`);
    for (const license of response.body.data) {
      names.push(license.name ?? license.id);
      ids.push(license.id);
    }
    cursor = response.body.nextCursor;
    if (cursor !== null) assert.equal(cursor, ids[ids.length - 1], url);
  } while (cursor !== null);
  assert.deepEqual(ids, [...new Set(ids)].sort(), `${query}: pages in id order, each once`);
  return names.sort();
}

forEachDatabase("licenses: search, expiry filters and counts", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });
  let call: Api;
  let productId: string;
  let otherProductId: string;
  let acmeKey: string;
  let acmeId: string;
  let globexId: string;
  let carol: string;

  test("setup: licenses with names, metadata, users and expiries", async () => {
    call = api(t().app, t().adminToken);
    productId = await createProduct(call, "Editor");
    otherProductId = await createProduct(call, "Viewer");
    const policy = await createPolicy(call, productId);
    const otherPolicy = await createPolicy(call, otherProductId);
    carol = await createUser(call, "carol@customer.example");
    const acme = await createLicense(call, policy, {
      name: "ACME Corp seat",
      metadata: { plan: "Pro", order: 4711, region: "eu-west-1", nested: { deep: "hidden" } },
      expiresAt: iso(10),
    });
    acmeKey = acme.key;
    acmeId = acme.id;
    await createLicense(call, policy, { name: "Acme Labs", metadata: { plan: "basic" } });
    const globex = await createLicense(call, policy, {
      name: "Globex",
      userId: carol,
      expiresAt: iso(40),
    });
    globexId = globex.id;
    await createLicense(call, otherPolicy, { name: "acme viewer", expiresAt: iso(-1) });
    const suspended = await createLicense(call, otherPolicy, { name: "Initech" });
    const done = await call("POST", `/v1/licenses/${suspended.id}/actions/suspend`);
    assert.equal(done.status, 200, done.text);
  });

  test("q finds by a substring of the name, ignoring case; other filters narrow it", async () => {
    assert.deepEqual(await found(call, "q=acme"), ["ACME Corp seat", "Acme Labs", "acme viewer"]);
    assert.deepEqual(await found(call, "q=ACME%20C"), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, `q=acme&productId=${otherProductId}`), ["acme viewer"]);
    assert.deepEqual(await found(call, "q=acme&status=expired"), ["acme viewer"]);
    // Inside a name, across a space, and a name's trigrams in another order than the query's.
    assert.deepEqual(await found(call, "q=corp"), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, "q=cme%20corp%20se"), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, "q=CME"), ["ACME Corp seat", "Acme Labs", "acme viewer"]);
    assert.deepEqual(await found(call, "q=seat%20corp"), []);
    assert.deepEqual(await found(call, "q=nothing-like-this"), []);
  });

  test("q under 3 characters finds by the start of a term only", async () => {
    assert.deepEqual(await found(call, "q=Ac"), ["ACME Corp seat", "Acme Labs", "acme viewer"]);
    // "me" is inside "acme" but starts no term; "gl" starts one.
    assert.deepEqual(await found(call, "q=me"), []);
    assert.deepEqual(await found(call, "q=gl"), ["Globex"]);
    assert.deepEqual(await found(call, "q=g"), ["Globex"]);
  });

  test("q finds by a substring of a metadata value or key:value (top-level scalars)", async () => {
    assert.deepEqual(await found(call, "q=pro"), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, "q=WEST"), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, "q=711"), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, "q=plan:basic"), ["Acme Labs"]);
    assert.deepEqual(await found(call, "q=an:ba"), ["Acme Labs"]);
    assert.deepEqual(await found(call, "q=plan:"), ["ACME Corp seat", "Acme Labs"]);
    assert.deepEqual(await found(call, "q=hidden"), []);
  });

  test("q finds by the exact key (hashed), the id, and the user's email", async () => {
    assert.deepEqual(await found(call, `q=${encodeURIComponent(acmeKey)}`), ["ACME Corp seat"]);
    // Part of a key is not a key: keys are only ever compared by hash.
    assert.deepEqual(await found(call, `q=${encodeURIComponent(acmeKey.slice(0, -1))}`), []);
    assert.deepEqual(await found(call, `q=${encodeURIComponent(acmeKey.slice(2, 12))}`), []);
    assert.deepEqual(await found(call, `q=${acmeId}`), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, "q=Carol%40Customer.example"), ["Globex"]);
    assert.deepEqual(await found(call, "q=%40customer.exa"), ["Globex"]);
    assert.deepEqual(await found(call, "q=rol%40"), ["Globex"]);
    assert.deepEqual(await found(call, "q=ca"), ["Globex"]);
  });

  test("a license both arms find (its id and its name) comes once", async () => {
    const policy = await createPolicy(call, productId);
    const twice = await createLicense(call, policy, { name: "placeholder" });
    const renamed = await call("PATCH", `/v1/licenses/${twice.id}`, { name: twice.id });
    assert.equal(renamed.status, 200, renamed.text);
    assert.deepEqual(await found(call, `q=${twice.id}`), [twice.id]);
    assert.equal((await call("DELETE", `/v1/licenses/${twice.id}`)).status, 204);
  });

  test("many matches page in id order through the filters", async () => {
    const policy = await createPolicy(call, productId);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const license = await createLicense(call, policy, {
        name: `Bulk order ${i}`,
        metadata: { tier: i % 2 === 0 ? "even" : "odd" },
      });
      made.push(license.id);
    }
    const all = Array.from({ length: 7 }, (_, i) => `Bulk order ${i}`);
    assert.deepEqual(await found(call, "q=lk%20ord"), all);
    assert.deepEqual(
      await found(call, `q=lk%20ord&policyId=${policy.id}`),
      all,
      "the policy filter keeps them all",
    );
    assert.deepEqual(await found(call, "q=tier:ev"), [
      "Bulk order 0",
      "Bulk order 2",
      "Bulk order 4",
      "Bulk order 6",
    ]);
    for (const id of made) assert.equal((await call("DELETE", `/v1/licenses/${id}`)).status, 204);
    assert.deepEqual(await found(call, "q=bulk"), []);
  });

  test("edits move a license in and out of the search", async () => {
    const renamed = await call("PATCH", `/v1/licenses/${acmeId}`, {
      name: "Umbrella",
      metadata: { plan: "enterprise" },
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.deepEqual(await found(call, "q=acme"), ["Acme Labs", "acme viewer"]);
    assert.deepEqual(await found(call, "q=umbr"), ["Umbrella"]);
    assert.deepEqual(await found(call, "q=pro"), []);
    assert.deepEqual(await found(call, "q=plan:ent"), ["Umbrella"]);
    assert.deepEqual(await found(call, "q=erpris"), ["Umbrella"]);
    assert.deepEqual(await found(call, "q=west"), [], "metadata replaced: its old values go");
    const back = await call("PATCH", `/v1/licenses/${acmeId}`, {
      name: "ACME Corp seat",
      metadata: { plan: "Pro", order: 4711, region: "eu-west-1", nested: { deep: "hidden" } },
    });
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(await found(call, "q=umbr"), []);
    assert.deepEqual(await found(call, "q=mbrell"), []);
    // A deleted license leaves no terms behind (its rows reference it).
    const extra = await createLicense(call, await createPolicy(call, productId), {
      name: "Temporary",
    });
    assert.equal((await call("DELETE", `/v1/licenses/${extra.id}`)).status, 204);
    assert.deepEqual(await found(call, "q=temp"), []);
    assert.deepEqual(await danglingReferences(t().store), []);
  });

  test("the user's email and name follow detach, attach and the user's edits", async () => {
    const detached = await call("PATCH", `/v1/licenses/${globexId}`, { userId: null });
    assert.equal(detached.status, 200, detached.text);
    assert.deepEqual(await found(call, "q=customer.exa"), []);
    const attached = await call("PATCH", `/v1/licenses/${globexId}`, { userId: carol });
    assert.equal(attached.status, 200, attached.text);
    assert.deepEqual(await found(call, "q=customer.exa"), ["Globex"]);
    // A second license of carol's: an edit of carol rewrites both.
    const policy = await createPolicy(call, productId);
    const second = await createLicense(call, policy, { name: "Second seat", userId: carol });
    const edited = await call("PATCH", `/v1/users/${carol}`, {
      email: "carol@initrode.example",
      name: "Carol Danvers",
    });
    assert.equal(edited.status, 200, edited.text);
    assert.deepEqual(await found(call, "q=customer.exa"), []);
    assert.deepEqual(await found(call, "q=initrode"), ["Globex", "Second seat"]);
    assert.deepEqual(await found(call, "q=danvers"), ["Globex", "Second seat"]);
    const back = await call("PATCH", `/v1/users/${carol}`, {
      email: "carol@customer.example",
      name: null,
    });
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(await found(call, "q=danvers"), []);
    assert.deepEqual(await found(call, "q=initrode"), []);
    assert.equal((await call("DELETE", `/v1/licenses/${second.id}`)).status, 204);
    assert.deepEqual(await found(call, "q=carol"), ["Globex"]);
  });

  test("another organization's licenses and users are never found", async () => {
    const other = await createOrganization(t().services, "Organization B");
    const asOther = api(t().app, other.adminToken);
    const policy = await createPolicy(asOther, await createProduct(asOther, "B's"));
    const dave = await createUser(asOther, "dave@customer.example");
    await createLicense(asOther, policy, { name: "Acme of B", userId: dave });
    for (const q of ["acme", "ac", "customer.exa", "of%20b"]) {
      const ours = await found(call, `q=${q}`);
      assert.ok(!ours.includes("Acme of B"), `A searching ${q}: ${ours}`);
    }
    assert.deepEqual(await found(asOther, "q=acme"), ["Acme of B"]);
    assert.deepEqual(await found(asOther, "q=customer.exa"), ["Acme of B"]);
    assert.deepEqual(await found(asOther, `q=${acmeId}`), []);
    assert.deepEqual(await found(asOther, `q=${encodeURIComponent(acmeKey)}`), []);
  });

  test("expiresBefore / expiresAfter select by expiry; no expiry never matches", async () => {
    const window = `expiresAfter=${iso(0)}&expiresBefore=${iso(30)}`;
    assert.deepEqual(await found(call, window), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, `expiresAfter=${iso(0)}`), ["ACME Corp seat", "Globex"]);
    assert.deepEqual(await found(call, `expiresBefore=${iso(0)}`), ["acme viewer"]);
    assert.deepEqual(await found(call, `${window}&status=active`), ["ACME Corp seat"]);
  });

  test("counts: by status, for all, one product, and a product token's own", async () => {
    const all = await call("GET", "/v1/licenses/counts");
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body.data, { active: 3, suspended: 1, expired: 1, revoked: 0, total: 5 });
    const other = await call("GET", `/v1/licenses/counts?productId=${otherProductId}`);
    assert.deepEqual(other.body.data, {
      active: 0,
      suspended: 1,
      expired: 1,
      revoked: 0,
      total: 2,
    });
    const asProduct = api(t().app, await productToken(call, productId));
    const own = await asProduct("GET", "/v1/licenses/counts");
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.body.data, { active: 3, suspended: 0, expired: 0, revoked: 0, total: 3 });
    const foreign = await asProduct("GET", `/v1/licenses/counts?productId=${otherProductId}`);
    assert.equal(foreign.status, 403, foreign.text);
    // Time moves: the 10-day license expires.
    clock.set(new Date(iso(11)));
    const later = await call("GET", "/v1/licenses/counts");
    assert.deepEqual(later.body.data, {
      active: 2,
      suspended: 1,
      expired: 2,
      revoked: 0,
      total: 5,
    });
    clock.set(START);
  });

  test("a product token searches its own product only", async () => {
    const asProduct = api(t().app, await productToken(call, otherProductId));
    assert.deepEqual(await found(asProduct, "q=acme"), ["acme viewer"]);
    const foreign = await asProduct("GET", `/v1/licenses?q=acme&productId=${productId}`);
    assert.equal(foreign.status, 403, foreign.text);
  });

  test("handshakeCodeId lists the licenses bound to a code", async () => {
    const code = await call("POST", "/v1/handshake-codes", { name: "desktop" });
    assert.equal(code.status, 201, code.text);
    assert.deepEqual(await found(call, `handshakeCodeId=${code.body.data.id}`), []);
    const bound = await call("POST", `/v1/licenses/${acmeId}/actions/bind-handshake-code`, {
      handshakeCodeId: code.body.data.id,
    });
    assert.equal(bound.status, 200, bound.text);
    assert.deepEqual(await found(call, `handshakeCodeId=${code.body.data.id}`), ["ACME Corp seat"]);
    assert.deepEqual(await found(call, `handshakeCodeId=${code.body.data.id}&q=globex`), []);
  });

  test("bad search input: 400 VALIDATION_FAILED naming the field, nothing changes", async () => {
    const before = await tableRows(t());
    for (const [query, field] of [
      [`q=${"x".repeat(256)}`, "query.q"],
      ["q=acme%00corp", "query.q"],
      ["expiresBefore=tomorrow", "query.expiresBefore"],
      ["expiresAfter=2031-13-01", "query.expiresAfter"],
      ["status=lost", "query.status"],
    ] as const) {
      const response = await call("GET", `/v1/licenses?${query}`);
      assert.equal(response.status, 400, `${query}: ${response.text}`);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
      assert.ok(
        response.body.error.details.some((detail: { path: string }) => detail.path === field),
        `${query}: ${response.text}`,
      );
    }
    const counts = await call("GET", "/v1/licenses/counts?status=active");
    assert.equal(counts.status, 400, counts.text);
    assert.deepEqual(await tableRows(t()), before);
  });
});

// A user's edit rewrites their licenses' rows under each license's lock: without it, the
// rewrite and a rename of the same license conflicted on PostgreSQL (duplicate rows: a 409).
forEachDatabase("licenses: search rows under concurrent edits", (db) => {
  const t = useTestApp(db);

  test("concurrent edits of a user and of their licenses leave the search right", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const user = await createUser(call, "race@before.example");
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await createLicense(call, policy, { name: `Race ${i}`, userId: user })).id);
    }
    const responses = await Promise.all([
      call("PATCH", `/v1/users/${user}`, { email: "race@after.example" }),
      ...ids.map((id, i) => call("PATCH", `/v1/licenses/${id}`, { name: `Renamed race ${i}` })),
      call("PATCH", `/v1/users/${user}`, { name: "Racer" }),
    ]);
    for (const response of responses) assert.equal(response.status, 200, response.text);
    const renamed = ids.map((_, i) => `Renamed race ${i}`);
    assert.deepEqual(await found(call, "q=after.exam"), renamed);
    assert.deepEqual(await found(call, "q=racer"), renamed);
    assert.deepEqual(await found(call, "q=before.exam"), []);
    assert.deepEqual(await found(call, "q=named%20race"), renamed);
    assert.deepEqual(await danglingReferences(t().store), []);
  });
});

forEachDatabase("licenses: migration 0016 indexes the licenses that exist", (db) => {
  const t = useTestApp(db);

  test("a database with licenses before 0016 finds them by name and metadata after it", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    await createLicense(call, policy, { name: "Before Upgrade", metadata: { plan: "gold" } });
    await createLicense(call, policy, { name: "Also Old" });
    // Back to the schema before 0016 (its table and indexes gone), then 0016 again.
    const kysely = t().store.db;
    await kysely.schema.dropTable("license_search_terms").execute();
    await kysely.schema.dropIndex("licenses_organization_states").execute();
    await kysely.schema.dropIndex("licenses_organization_user").execute();
    assert.deepEqual(await found(call, "q=before").catch(() => "no table"), "no table");
    await licenseSearch.up(kysely as never);
    assert.deepEqual(await found(call, "q=before"), ["Before Upgrade"]);
    assert.deepEqual(await found(call, "q=plan:gold"), ["Before Upgrade"]);
    assert.deepEqual(await found(call, "q=also"), ["Also Old"]);
  });
});

forEachDatabase("licenses: migration 0018 indexes the licenses that exist", (db) => {
  const t = useTestApp(db);

  test("a database with licenses before 0018 finds them by substring and email after it", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const erin = await createUser(call, "erin@northwind.example");
    await createLicense(call, policy, { name: "Big Acme Corp", metadata: { plan: "gold" } });
    await createLicense(call, policy, { name: "Erin's seat", userId: erin });
    // Back to the schema before 0018: no trigrams, and terms without the users' emails.
    const kysely = t().store.db;
    await kysely.schema.dropTable("license_search_trigrams").execute();
    await kysely.deleteFrom("license_search_terms").where("term", "like", "%@%").execute();
    await licenseSearchTrigrams.up(kysely as never);
    assert.deepEqual(await found(call, "q=acme"), ["Big Acme Corp"]);
    assert.deepEqual(await found(call, "q=n:gol"), ["Big Acme Corp"]);
    assert.deepEqual(await found(call, "q=northwind"), ["Erin's seat"]);
    assert.deepEqual(await found(call, "q=bi"), ["Big Acme Corp"]);
    assert.deepEqual(await danglingReferences(t().store), []);
  });
});
