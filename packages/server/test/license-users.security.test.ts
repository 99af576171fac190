// License users (SPEC L4): a license authorized by username + password in an offline request.
// Wrong passwords are refused and counted in the database: 5 per user per 15 minutes, then 429.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { verifyActivationResponse } from "@keyward/formats";
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
import { forEachDatabase } from "./support/databases.js";

const ACTIVATE = "/v1/offline/activate";

forEachDatabase("license users: username + password offline activation", (db) => {
  const clock = manualClock();
  const t = useTestApp(db, { clock });
  let keys: OfflineKeys;
  let userCount = 0;

  before(async () => {
    keys = await offlineKeys(api(t().app, t().adminToken));
  });

  /** A user with a password and a license of their own. */
  async function licenseUser(password = "correct horse") {
    const call = api(t().app, t().adminToken);
    userCount += 1;
    const username = `User${userCount}`;
    const user = await call("POST", "/v1/users", {
      email: `user${userCount}@example.com`,
      username,
      password,
    });
    assert.equal(user.status, 201, user.text);
    const license = await offlineLicense(call, {}, { userId: user.body.data.id });
    return { username, password, userId: user.body.data.id, license };
  }

  async function activate(username: string, password: string | undefined, hardwareId = "hw-u") {
    const request = await deviceRequest(
      keys,
      password === undefined ? { username } : { username, password },
      { hardware_id: hardwareId, date: clock().toUTCString() },
    );
    return postOffline(t().app, ACTIVATE, encode(request), {
      headers: signedHeaders(keys, clock()),
    });
  }

  test("the right username (any case) and password activate the user's license", async () => {
    const { username, password, userId, license } = await licenseUser();
    const response = await activate(username.toUpperCase(), password);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.license_id, license.id);
    assert.equal(response.body.license_key, null);
    assert.equal(response.body.product_details.authorization_method, "user");
    assert.equal(response.body.user.id, userId);
    assert.equal(response.body.user.username, username.toLowerCase());
    const verified = await verifyActivationResponse(response.body, {
      sharedKey: keys.sharedKey,
      username: username.toUpperCase(),
      hardwareId: "hw-u",
      apiKey: keys.apiKey,
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

  test("5 wrong passwords, then 429 even for the right one; the window passes, it works", async () => {
    const { username, password } = await licenseUser();
    for (let i = 0; i < 5; i++) {
      const response = await activate(username, `guess-${i}`);
      assert.equal(response.status, 401, response.text);
    }
    const locked = await activate(username, password);
    assert.equal(locked.status, 429, locked.text);
    assert.equal(errorCode(locked), "TOO_MANY_ATTEMPTS");
    clock.advance(14 * 60_000);
    assert.equal((await activate(username, password)).status, 429);
    clock.advance(60_000 + 1);
    const unlocked = await activate(username, password);
    assert.equal(unlocked.status, 200, unlocked.text);
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
    const row = await t()
      .store.db.selectFrom("license_user_attempts")
      .selectAll()
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    assert.equal(row.failures, 5);
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
      keys,
      { username, password },
      { hardware_id: "hw-m", date: clock().toUTCString(), product: product.body.data.code },
    );
    const response = await postOffline(t().app, ACTIVATE, encode(request), {
      headers: signedHeaders(keys, clock()),
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.license_id, second.id);
    assert.notEqual(response.body.license_id, license.id);
  });
});
