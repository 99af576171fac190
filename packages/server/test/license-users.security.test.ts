// License users (SPEC L4): a license authorized by username + password in an offline request.
// Wrong passwords are refused and counted in the database, per user and source (5 per 15
// minutes, then 429 for that source) and per user over every source (50 a day, then 429 for
// sources where the user never signed in): guessing stays bounded, and cannot lock the owner out.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { verifyActivationResponse } from "@keyward/formats";
import { hashPassword } from "../src/passwords.js";
import {
  MAX_LOGIN_FAILURES,
  MAX_USER_LOGIN_FAILURES,
  sourceNetwork,
} from "../src/services/license-users.js";
import {
  deviceRequest,
  encode,
  type OfflineKeys,
  offlineKeys,
  offlineLicense,
  offlineSnapshot,
  postOffline,
  signedHeaders,
} from "./offline-activation-fixtures.js";
import { api, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase, type TestDatabase } from "./support/databases.js";

const ACTIVATE = "/v1/offline/activate";
/** The lowest cost a stored hash may name (passwords.ts). */
const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/**
 * The suite's app (with `options`), its offline keys, and license users who log in through
 * offline activation requests from a given address (and X-Forwarded-For, if any).
 */
function licenseUsers(db: TestDatabase, options: { trustProxy?: string[] } = {}) {
  const clock = manualClock();
  const t = useTestApp(db, { clock, ...options });
  let keys: OfflineKeys;
  let userCount = 0;

  before(async () => {
    keys = await offlineKeys(api(t().app, t().adminToken));
  });

  /**
   * A user with a password and a license of their own. The API stores the password's hash at
   * the server's cost (scrypt N=2^15, ~0.1 s of CPU a check); unless `storedHash` is "api", the
   * hash is then replaced by one of the same password at N=2^10 (real scrypt; a check reads
   * the cost from the stored hash), so that tests about counting guesses (dozens each) do not
   * spend their time hashing. passwords.test.ts holds the cost itself.
   */
  async function licenseUser(
    password = "correct horse",
    { storedHash = "cheap" }: { storedHash?: "api" | "cheap" } = {},
  ) {
    const call = api(t().app, t().adminToken);
    userCount += 1;
    const username = `User${userCount}`;
    const user = await call("POST", "/v1/users", {
      email: `user${userCount}@example.com`,
      username,
      password,
    });
    assert.equal(user.status, 201, user.text);
    const userId: string = user.body.data.id;
    if (storedHash === "cheap") {
      const { numUpdatedRows } = await t()
        .store.db.updateTable("users")
        .set({ password_hash: await hashPassword(password, CHEAP_SCRYPT) })
        .where("id", "=", userId)
        .executeTakeFirst();
      assert.equal(numUpdatedRows, 1n);
    }
    const license = await offlineLicense(call, {}, { userId });
    return { username, password, userId, license };
  }

  async function activate(
    username: string,
    password: string | undefined,
    hardwareId = "hw-u",
    remoteAddress = "127.0.0.1",
    forwardedFor?: string,
  ) {
    const request = await deviceRequest(
      keys,
      password === undefined ? { username } : { username, password },
      { hardware_id: hardwareId, date: clock().toUTCString() },
    );
    return postOffline(t().app, ACTIVATE, encode(request), {
      headers: {
        ...signedHeaders(keys, clock()),
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
      remoteAddress,
    });
  }

  /** The user's counts: per source (hashed) and over every source ("*"). */
  async function attemptRows(userId: string) {
    return t()
      .store.db.selectFrom("license_user_attempts")
      .selectAll()
      .where("user_id", "=", userId)
      .execute();
  }

  return { t, clock, keys: () => keys, licenseUser, activate, attemptRows };
}

forEachDatabase("license users: username + password offline activation", (db) => {
  const { t, clock, keys: offline, licenseUser, activate, attemptRows } = licenseUsers(db);

  test("the right username (any case) and password activate the user's license", async () => {
    // The hash as the API stored it.
    const { username, password, userId, license } = await licenseUser(undefined, {
      storedHash: "api",
    });
    const response = await activate(username.toUpperCase(), password);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.license_id, license.id);
    assert.equal(response.body.license_key, null);
    assert.equal(response.body.product_details.authorization_method, "user");
    assert.equal(response.body.user.id, userId);
    assert.equal(response.body.user.username, username.toLowerCase());
    const verified = await verifyActivationResponse(response.body, {
      sharedKey: offline().sharedKey,
      username: username.toUpperCase(),
      hardwareId: "hw-u",
      apiKey: offline().apiKey,
    });
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
  });

  test("wrong password, unknown user, missing password: refused, no device written", async () => {
    const { username } = await licenseUser();
    const before = await offlineSnapshot(t().store);
    for (const [name, password, status, code] of [
      [username, "wrong", 401, "INVALID_CREDENTIALS"],
      ["nobody", "whatever", 401, "INVALID_CREDENTIALS"],
      [username, undefined, 400, "PASSWORD_MISSING"],
    ] as const) {
      const response = await activate(name, password);
      assert.equal(response.status, status, response.text);
      assert.equal(errorCode(response), code);
    }
    assert.deepEqual(await offlineSnapshot(t().store), before);
  });

  test("5 wrong passwords from an address lock that address, not the owner's", async () => {
    const { username, password } = await licenseUser();
    const attacker = "203.0.113.7";
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      const response = await activate(username, `guess-${i}`, "hw-u", attacker);
      assert.equal(response.status, 401, response.text);
    }
    // The attacker's address is refused, even with the right password…
    const locked = await activate(username, password, "hw-u", attacker);
    assert.equal(locked.status, 429, locked.text);
    assert.equal(errorCode(locked), "TOO_MANY_ATTEMPTS");
    // …the owner, from their own address, gets in, and that does not free the attacker's.
    const owner = await activate(username, password, "hw-u", "198.51.100.20");
    assert.equal(owner.status, 200, owner.text);
    assert.equal((await activate(username, "guess-x", "hw-z", attacker)).status, 429);
    clock.advance(14 * 60_000);
    assert.equal((await activate(username, password, "hw-u", attacker)).status, 429);
    clock.advance(60_000 + 1);
    const unlocked = await activate(username, password, "hw-u", attacker);
    assert.equal(unlocked.status, 200, unlocked.text);
  });

  test(`guesses from many addresses stop at ${MAX_USER_LOGIN_FAILURES} a day; the owner's address still gets in`, async () => {
    const { username, password, userId } = await licenseUser();
    const home = "198.51.100.30";
    assert.equal((await activate(username, password, "hw-u", home)).status, 200);
    // Ten addresses, five guesses each, all at once: exactly the user's cap over every source.
    const perAddress = MAX_USER_LOGIN_FAILURES / MAX_LOGIN_FAILURES;
    const guesses = await Promise.all(
      Array.from({ length: MAX_USER_LOGIN_FAILURES }, (_, n) =>
        activate(username, `guess-${n}`, "hw-x", `192.0.2.${(n % perAddress) + 1}`),
      ),
    );
    assert.deepEqual(
      guesses.filter((response) => response.status !== 401).map((response) => response.text),
      [],
    );
    const rows = (await attemptRows(userId)).length;
    // Any new address is refused now, the right password included, and stores nothing.
    for (const address of ["192.0.2.200", "2001:db8:7::1", "198.51.100.31"]) {
      const refused = await activate(username, password, "hw-z", address);
      assert.equal(refused.status, 429, `${address}: ${refused.text}`);
      assert.match(refused.body.error.message, /where you signed in before/);
    }
    assert.equal((await attemptRows(userId)).length, rows, "refused guesses added rows");
    // The owner's address, where the password was right before, is not refused.
    clock.advance(60_000);
    const home2 = await activate(username, password, "hw-u", home);
    assert.equal(home2.status, 200, home2.text);
    // The owner's success gives back only its own slot: the cap still holds for others.
    assert.equal((await activate(username, password, "hw-z", "192.0.2.201")).status, 429);
    // A day after the first guess, new addresses may try again.
    clock.advance(24 * 60 * 60_000);
    const later = await activate(username, password, "hw-u", "192.0.2.202");
    assert.equal(later.status, 200, later.text);
  });

  test("an IPv6 /64 is one source; IPv4-mapped addresses are their IPv4 address", async () => {
    assert.equal(sourceNetwork("2001:db8:1:2::1"), "2001:db8:1:2::/64");
    assert.equal(sourceNetwork("2001:0db8:0001:0002:ffff:0:0:9"), "2001:db8:1:2::/64");
    assert.equal(sourceNetwork("2001:db8::1:2:3:4:5"), "2001:db8:0:1::/64");
    assert.equal(sourceNetwork("fe80::1%eth0"), "fe80:0:0:0::/64");
    assert.equal(sourceNetwork("::ffff:192.0.2.1"), "192.0.2.1");
    assert.equal(sourceNetwork("192.0.2.1"), "192.0.2.1");
    const { username, password } = await licenseUser();
    for (let i = 1; i <= MAX_LOGIN_FAILURES; i++) {
      const response = await activate(username, `v6-${i}`, "hw-6", `2001:db8:1:2::${i}`);
      assert.equal(response.status, 401, response.text);
    }
    // Another address of the same /64 is the same source…
    assert.equal((await activate(username, password, "hw-6", "2001:db8:1:2::99")).status, 429);
    // …the next /64 is not.
    const next = await activate(username, password, "hw-6", "2001:db8:1:3::1");
    assert.equal(next.status, 200, next.text);
  });

  test("a right password clears the count; another user is not affected by the lockout", async () => {
    const a = await licenseUser();
    const b = await licenseUser();
    for (let i = 0; i < 4; i++) assert.equal((await activate(a.username, "nope")).status, 401);
    assert.equal((await activate(a.username, a.password, "hw-a1")).status, 200);
    clock.advance(1000);
    for (let i = 0; i < 4; i++) assert.equal((await activate(a.username, "nope")).status, 401);
    clock.advance(1000);
    assert.equal((await activate(a.username, a.password, "hw-a2")).status, 422);
    for (let i = 0; i < 6; i++) await activate(b.username, "nope");
    assert.equal((await activate(b.username, b.password)).status, 429);
    clock.advance(1000);
    const stillA = await activate(a.username, "nope");
    assert.equal(stillA.status, 401, stillA.text);
  });

  test("12 racing wrong passwords: at most 5 are checked, the rest get 429 (counted in the DB)", async () => {
    const { username, userId } = await licenseUser();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => activate(username, `race-${i}`)),
    );
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 401).length, 5, statuses.join(","));
    assert.equal(statuses.filter((status) => status === 429).length, 7, statuses.join(","));
    // The source's count and every source's: the 7 refused gave their slots back.
    const rows = await attemptRows(userId);
    assert.deepEqual(
      rows.map((row) => [row.source === "*" ? "*" : "source", row.failures]).sort(),
      [
        ["*", 5],
        ["source", 5],
      ],
    );
    // The address is kept as a keyed hash, not in clear.
    const source = rows.find((row) => row.source !== "*")!.source;
    assert.match(source, /^[0-9a-f]{64}$/);
    assert.doesNotMatch(JSON.stringify(rows), /127\.0\.0\.1/);
  });

  test("the job deletes counts whose day has passed, and keeps a trusted source until its trust ends", async () => {
    const { username, password, userId } = await licenseUser();
    assert.equal((await activate(username, "nope", "hw-j", "192.0.2.77")).status, 401);
    assert.equal((await activate(username, password, "hw-j", "192.0.2.78")).status, 200);
    assert.equal((await attemptRows(userId)).length, 3);
    clock.advance(24 * 60 * 60_000 + 1);
    await t().services.licenseUsers.deleteStaleAttempts();
    // The trusted source stays (its trust lasts 30 days); the others' windows have passed.
    const left = await attemptRows(userId);
    assert.equal(left.length, 1);
    assert.ok(left[0]!.trusted_until !== null);
    clock.advance(30 * 24 * 60 * 60_000);
    await t().services.licenseUsers.deleteStaleAttempts();
    assert.deepEqual(await attemptRows(userId), []);
  });

  test("a user with counted failures can still be deleted (once their license is gone)", async () => {
    const call = api(t().app, t().adminToken);
    const { username, userId, license } = await licenseUser();
    assert.equal((await activate(username, "nope")).status, 401);
    assert.equal((await call("DELETE", `/v1/licenses/${license.id}`)).status, 204);
    const deleted = await call("DELETE", `/v1/users/${userId}`);
    assert.equal(deleted.status, 204, deleted.text);
    const rows = await t()
      .store.db.selectFrom("license_user_attempts")
      .select("user_id")
      .where("user_id", "=", userId)
      .execute();
    assert.deepEqual(rows, []);
  });

  test("a user with several licenses names the product by its code", async () => {
    const call = api(t().app, t().adminToken);
    const { username, password, userId, license } = await licenseUser();
    const second = await offlineLicense(call, {}, { userId });
    const ambiguous = await activate(username, password, "hw-m");
    assert.equal(ambiguous.status, 409, ambiguous.text);
    assert.equal(errorCode(ambiguous), "LICENSE_AMBIGUOUS");
    const product = await call("GET", `/v1/products/${second.productId}`);
    clock.advance(1000);
    const request = await deviceRequest(
      offline(),
      { username, password },
      { hardware_id: "hw-m", date: clock().toUTCString(), product: product.body.data.code },
    );
    const response = await postOffline(t().app, ACTIVATE, encode(request), {
      headers: signedHeaders(offline(), clock()),
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.license_id, second.id);
    assert.notEqual(response.body.license_id, license.id);
  });
});

forEachDatabase("license users behind a reverse proxy (KEYWARD_TRUST_PROXY)", (db) => {
  const proxy = "10.1.2.3";
  const { activate, licenseUser } = licenseUsers(db, { trustProxy: [proxy] });

  test("the address the proxy forwards is the source; a client that is no proxy is its own", async () => {
    const { username, password } = await licenseUser();
    const attacker = "203.0.113.50";
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      const response = await activate(username, `guess-${i}`, "hw-z", proxy, attacker);
      assert.equal(response.status, 401, response.text);
    }
    assert.equal((await activate(username, password, "hw-z", proxy, attacker)).status, 429);
    // The owner comes through the same proxy from elsewhere.
    const owner = await activate(username, password, "hw-u", proxy, "198.51.100.60");
    assert.equal(owner.status, 200, owner.text);
    // Straight from the attacker's address, claiming another one: the claim is not believed.
    const spoofed = await activate(username, password, "hw-y", attacker, "198.51.100.61");
    assert.equal(spoofed.status, 429, spoofed.text);
  });
});
