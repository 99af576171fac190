import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyPassword } from "../src/passwords.js";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("users: create, read, update, delete", (db) => {
  const t = useTestApp(db);
  const password = "Pa55word-for-alice";

  async function row(id: string) {
    return t().store.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  }

  test("create returns the user without any password; the database holds only a scrypt hash", async () => {
    const a = api(t().app, t().adminToken);
    const created = await a("POST", "/v1/users", {
      email: "Alice@Example.COM",
      username: "Alice.W",
      name: "Alice Wonder",
      password,
      metadata: { crm: 42 },
    });
    assert.equal(created.status, 201, created.text);
    const user = created.body.data;
    assert.match(user.id, /^usr_[0-9a-hjkmnp-tv-z]{26}$/);
    assert.deepEqual(
      { ...user, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        email: "alice@example.com",
        username: "alice.w",
        name: "Alice Wonder",
        hasPassword: true,
        metadata: { crm: 42 },
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    assert.ok(!created.text.includes(password));
    assert.ok(!/password_hash|passwordHash|scrypt\$/.test(created.text));

    const stored = await row(user.id);
    assert.ok(stored?.password_hash);
    assert.notEqual(stored.password_hash, password);
    assert.ok(!stored.password_hash.includes(password));
    assert.match(stored.password_hash, /^scrypt\$/);
    assert.equal(await verifyPassword(password, stored.password_hash), true);
    assert.equal(stored.organization_id, t().organizationId);

    const got = await a("GET", `/v1/users/${user.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.data, user);
    assert.ok(!got.text.includes(password));
  });

  test("a user without password, username or name", async () => {
    const a = api(t().app, t().adminToken);
    const created = await a("POST", "/v1/users", { email: "bob@example.com" });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.data.hasPassword, false);
    assert.equal(created.body.data.username, null);
    assert.equal(created.body.data.name, null);
    assert.deepEqual(created.body.data.metadata, {});
    assert.equal((await row(created.body.data.id))?.password_hash, null);
  });

  test("email and username are unique per organization, case-insensitively", async () => {
    const a = api(t().app, t().adminToken);
    const first = await a("POST", "/v1/users", { email: "carol@example.com", username: "carol" });
    assert.equal(first.status, 201);
    const before = await t().store.db.selectFrom("users").selectAll().execute();
    const email = await a("POST", "/v1/users", { email: "CAROL@example.com" });
    assert.equal(email.status, 409);
    assert.equal(errorCode(email), "EMAIL_TAKEN");
    const username = await a("POST", "/v1/users", { email: "c2@example.com", username: "CaRoL" });
    assert.equal(username.status, 409);
    assert.equal(errorCode(username), "USERNAME_TAKEN");
    assert.deepEqual(await t().store.db.selectFrom("users").selectAll().execute(), before);

    // Another user may not take them by an update either; the user itself may keep them.
    const other = await a("POST", "/v1/users", { email: "dave@example.com" });
    const steal = await a("PATCH", `/v1/users/${other.body.data.id}`, {
      email: "Carol@Example.com",
    });
    assert.equal(steal.status, 409);
    assert.equal(errorCode(steal), "EMAIL_TAKEN");
    const keep = await a("PATCH", `/v1/users/${first.body.data.id}`, {
      email: "Carol@example.com",
      username: "CAROL",
    });
    assert.equal(keep.status, 200, keep.text);

    // Another organization has its own namespace.
    const b = await createOrganization(t().services, "Users B");
    const inB = await api(t().app, b.adminToken)("POST", "/v1/users", {
      email: "carol@example.com",
      username: "carol",
    });
    assert.equal(inB.status, 201, inB.text);
  });

  test("update: fields, password change and removal", async () => {
    const a = api(t().app, t().adminToken);
    const created = await a("POST", "/v1/users", { email: "erin@example.com", password });
    const id = created.body.data.id;
    const hashBefore = (await row(id))?.password_hash;

    const renamed = await a("PATCH", `/v1/users/${id}`, {
      name: "Erin",
      username: "erin",
      metadata: { tier: "gold" },
    });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.data.name, "Erin");
    assert.equal(renamed.body.data.username, "erin");
    assert.deepEqual(renamed.body.data.metadata, { tier: "gold" });
    assert.equal(renamed.body.data.email, "erin@example.com");
    assert.equal((await row(id))?.password_hash, hashBefore, "untouched without password");

    const newPassword = "another-Passw0rd";
    const changed = await a("PATCH", `/v1/users/${id}`, { password: newPassword });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.data.hasPassword, true);
    assert.ok(!changed.text.includes(newPassword));
    const hashAfter = (await row(id))?.password_hash;
    assert.ok(hashAfter && hashAfter !== hashBefore);
    assert.equal(await verifyPassword(newPassword, hashAfter), true);
    assert.equal(await verifyPassword(password, hashAfter), false);

    const cleared = await a("PATCH", `/v1/users/${id}`, { password: null, username: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.data.hasPassword, false);
    assert.equal(cleared.body.data.username, null);
    assert.equal((await row(id))?.password_hash, null);
  });

  test("delete, then 404 everywhere", async () => {
    const a = api(t().app, t().adminToken);
    const created = await a("POST", "/v1/users", { email: "frank@example.com" });
    const id = created.body.data.id;
    const deleted = await a("DELETE", `/v1/users/${id}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "x" }],
      ["DELETE", undefined],
    ] as const) {
      const response = await a(method, `/v1/users/${id}`, body);
      assert.equal(response.status, 404);
      assert.equal(errorCode(response), "USER_NOT_FOUND");
    }
    assert.equal(await row(id), undefined);
  });

  test("list pages through every user in creation order", async () => {
    const b = await createOrganization(t().services, "Users paging");
    const asB = api(t().app, b.adminToken);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await asB("POST", "/v1/users", { email: `user${i}@paging.test` });
      ids.push(created.body.data.id);
    }
    const first = await asB("GET", "/v1/users?limit=3");
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.data.map((user: { id: string }) => user.id),
      ids.slice(0, 3),
    );
    assert.equal(first.body.nextCursor, ids[2]);
    const second = await asB("GET", `/v1/users?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      second.body.data.map((user: { id: string }) => user.id),
      ids.slice(3, 6),
    );
    const all = await listAll(asB, "/v1/users");
    assert.deepEqual(
      all.map((user) => user.id),
      ids,
    );
    for (const user of all) assert.ok(!("password" in user) && !("passwordHash" in user));
  });
});
