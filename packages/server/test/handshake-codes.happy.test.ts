import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyPassword } from "../src/passwords.js";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

type Call = ReturnType<typeof api>;

forEachDatabase("handshake codes: create, default, update, delete", (db) => {
  const t = useTestApp(db);

  /** A fresh organization per test, so the "first code is default" rule is observable. */
  async function freshOrganization(name: string) {
    const org = await createOrganization(t().services, name);
    return { ...org, call: api(t().app, org.adminToken) };
  }

  /** An organization with a product and a floating policy, and a way to issue its licenses. */
  async function withLicenses(name: string) {
    const { call } = await freshOrganization(name);
    const product = (await call("POST", "/v1/products", { name })).body.data;
    const policy = (
      await call("POST", "/v1/policies", { productId: product.id, name, floating: true })
    ).body.data;
    const newLicenseId = async (): Promise<string> => {
      const license = await call("POST", "/v1/licenses", {
        productId: product.id,
        policyId: policy.id,
      });
      assert.equal(license.status, 201, license.text);
      return license.body.data.id;
    };
    return { call, newLicenseId, policyId: policy.id as string };
  }

  async function defaults(organizationId: string) {
    return t()
      .store.db.selectFrom("handshake_codes")
      .select(["id"])
      .where("organization_id", "=", organizationId)
      .where("is_default", "=", 1)
      .execute();
  }

  async function create(call: Call, body: Record<string, unknown> = {}) {
    const response = await call("POST", "/v1/handshake-codes", body);
    assert.equal(response.status, 201, response.text);
    return response.body.data;
  }

  test("the first code is generated, becomes the default, and has empty validation fields", async () => {
    const { call, organizationId } = await freshOrganization("First code");
    const first = await create(call, { name: "main" });
    assert.match(first.id, /^hsc_[0-9a-hjkmnp-tv-z]{26}$/);
    assert.match(first.code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal(first.isDefault, true);
    assert.equal(first.hasSessionPassword, false);
    assert.equal(first.name, "main");
    assert.deepEqual(first.validationFields, { domains: [], processNames: [], appIdentifiers: [] });
    assert.deepEqual(first.metadata, {});
    // Even when asked not to be: an organization with codes always has a default.
    const { call: other } = await freshOrganization("First code not default");
    assert.equal((await create(other, { isDefault: false })).isDefault, true);

    const second = await create(call, { code: "ACME-2026_v2.x" });
    assert.equal(second.code, "ACME-2026_v2.x");
    assert.equal(second.isDefault, false);
    assert.deepEqual(await defaults(organizationId), [{ id: first.id }]);
    assert.equal((await call("GET", `/v1/handshake-codes/${first.id}`)).body.data.isDefault, true);

    const codes = await Promise.all([1, 2, 3, 4, 5].map(() => create(call)));
    assert.equal(new Set(codes.map((code) => code.code)).size, 5, "generated codes differ");
  });

  test("a new default replaces the old one: at create and at update", async () => {
    const { call, organizationId } = await freshOrganization("Switch default");
    const first = await create(call);
    const second = await create(call, { isDefault: true });
    assert.equal(second.isDefault, true);
    assert.equal((await call("GET", `/v1/handshake-codes/${first.id}`)).body.data.isDefault, false);
    assert.deepEqual(await defaults(organizationId), [{ id: second.id }]);

    const third = await create(call);
    const patched = await call("PATCH", `/v1/handshake-codes/${third.id}`, { isDefault: true });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.data.isDefault, true);
    assert.deepEqual(await defaults(organizationId), [{ id: third.id }]);
    // Making the default the default again changes nothing.
    const again = await call("PATCH", `/v1/handshake-codes/${third.id}`, { isDefault: true });
    assert.equal(again.status, 200);
    assert.deepEqual(await defaults(organizationId), [{ id: third.id }]);
    // isDefault: false on another code is a no-op.
    const noop = await call("PATCH", `/v1/handshake-codes/${first.id}`, { isDefault: false });
    assert.equal(noop.status, 200);
    assert.deepEqual(await defaults(organizationId), [{ id: third.id }]);
  });

  test("concurrent 'make default' requests leave exactly one default", async () => {
    const { call, organizationId } = await freshOrganization("Concurrent default");
    const codes: Array<{ id: string }> = [];
    for (let i = 0; i < 6; i++) codes.push(await create(call));
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(
        codes.map((code) => call("PATCH", `/v1/handshake-codes/${code.id}`, { isDefault: true })),
      );
      for (const response of responses) assert.equal(response.status, 200, response.text);
      const now = await defaults(organizationId);
      assert.equal(now.length, 1, JSON.stringify(now));
      const listed = await listAll(call, "/v1/handshake-codes");
      assert.equal(listed.filter((code) => (code as { isDefault?: boolean }).isDefault).length, 1);
    }
    // Concurrent creates with isDefault too.
    const created = await Promise.all(
      [1, 2, 3, 4, 5].map(() => call("POST", "/v1/handshake-codes", { isDefault: true })),
    );
    for (const response of created) assert.equal(response.status, 201, response.text);
    assert.equal((await defaults(organizationId)).length, 1);
  });

  test("concurrent first codes of an organization: exactly one becomes the default", async () => {
    const { call, organizationId } = await freshOrganization("Concurrent first");
    const responses = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => call("POST", "/v1/handshake-codes", {})),
    );
    for (const response of responses) assert.equal(response.status, 201, response.text);
    assert.equal(responses.filter((response) => response.body.data.isDefault).length, 1);
    assert.equal((await defaults(organizationId)).length, 1);
  });

  test("without codes, binding and private trials answer 409; an unknown code 404; nothing written", async () => {
    const { call, newLicenseId, policyId } = await withLicenses("No codes");
    const licenseId = await newLicenseId();
    const bind = `/v1/licenses/${licenseId}/actions/bind-handshake-code`;
    const noDefault = await call("POST", bind, {});
    assert.equal(noDefault.status, 409);
    assert.equal(errorCode(noDefault), "NO_DEFAULT_HANDSHAKE_CODE");
    const trial = await call("POST", "/v1/trackable/private-trials", { policyId });
    assert.equal(trial.status, 409);
    assert.equal(errorCode(trial), "NO_DEFAULT_HANDSHAKE_CODE");
    await create(call);
    const unknown = await call("POST", bind, { handshakeCodeId: "hsc_00000000000000000000000000" });
    assert.equal(unknown.status, 404);
    assert.equal((await call("GET", `/v1/licenses/${licenseId}`)).body.data.handshakeCodeId, null);
    assert.equal((await call("GET", "/v1/licenses")).body.data.length, 1, "no trial license");
  });

  test("a code with licenses bound to it is not deleted until they are unbound", async () => {
    const { call, newLicenseId } = await withLicenses("Delete bound");
    const licenseId = await newLicenseId();
    await create(call);
    const code = await create(call);
    const bind = `/v1/licenses/${licenseId}/actions/bind-handshake-code`;
    assert.equal((await call("POST", bind, { handshakeCodeId: code.id })).status, 200);

    const refused = await call("DELETE", `/v1/handshake-codes/${code.id}`);
    assert.equal(refused.status, 409);
    assert.equal(errorCode(refused), "HANDSHAKE_CODE_IN_USE");
    assert.equal((await call("GET", `/v1/handshake-codes/${code.id}`)).status, 200);

    const unbind = `/v1/licenses/${licenseId}/actions/unbind-handshake-code`;
    assert.equal((await call("POST", unbind)).status, 200);
    assert.equal((await call("DELETE", `/v1/handshake-codes/${code.id}`)).status, 204);
    // A deleted code cannot be bound.
    const late = await call("POST", bind, { handshakeCodeId: code.id });
    assert.equal(late.status, 404);
  });

  test("binding and deleting one code at once: never a license bound to a deleted code", async () => {
    const { call, newLicenseId } = await withLicenses("Delete race");
    await create(call);
    for (let round = 0; round < 10; round++) {
      const licenseId = await newLicenseId();
      const code = await create(call);
      const [bound, deleted] = await Promise.all([
        call("POST", `/v1/licenses/${licenseId}/actions/bind-handshake-code`, {
          handshakeCodeId: code.id,
        }),
        call("DELETE", `/v1/handshake-codes/${code.id}`),
      ]);
      const outcome = `${bound.status}/${deleted.status}`;
      assert.ok(outcome === "200/409" || outcome === "404/204", outcome);
    }
  });

  test("the default cannot be un-set, nor deleted while other codes exist; the last one can", async () => {
    const { call, organizationId } = await freshOrganization("Delete default");
    const first = await create(call);
    const second = await create(call);
    const unset = await call("PATCH", `/v1/handshake-codes/${first.id}`, {
      isDefault: false,
      name: "should not apply",
    });
    assert.equal(unset.status, 409);
    assert.equal(errorCode(unset), "HANDSHAKE_CODE_IS_DEFAULT");
    assert.equal((await call("GET", `/v1/handshake-codes/${first.id}`)).body.data.name, null);
    const refused = await call("DELETE", `/v1/handshake-codes/${first.id}`);
    assert.equal(refused.status, 409);
    assert.equal(errorCode(refused), "HANDSHAKE_CODE_IS_DEFAULT");

    assert.equal((await call("DELETE", `/v1/handshake-codes/${second.id}`)).status, 204);
    assert.equal((await call("GET", `/v1/handshake-codes/${second.id}`)).status, 404);
    const last = await call("DELETE", `/v1/handshake-codes/${first.id}`);
    assert.equal(last.status, 204);
    assert.deepEqual(await listAll(call, "/v1/handshake-codes"), []);
    // With no codes left, the next one is the default again.
    assert.equal((await create(call)).isDefault, true);
    assert.equal((await defaults(organizationId)).length, 1);
  });

  test("session password: set, changed, removed; stored only as a hash", async () => {
    const { call } = await freshOrganization("Session password");
    const secret = "session-Secret-1";
    const code = await create(call, { sessionPassword: secret });
    assert.equal(code.hasSessionPassword, true);
    const hashOf = async () =>
      (
        await t()
          .store.db.selectFrom("handshake_codes")
          .select("session_password_hash")
          .where("id", "=", code.id)
          .executeTakeFirstOrThrow()
      ).session_password_hash;
    const first = await hashOf();
    assert.ok(first && first !== secret && !first.includes(secret));
    assert.equal(await verifyPassword(secret, first), true);

    const rotated = "session-Secret-2";
    const changed = await call("PATCH", `/v1/handshake-codes/${code.id}`, {
      sessionPassword: rotated,
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.data.hasSessionPassword, true);
    const second = await hashOf();
    assert.ok(second && second !== first);
    assert.equal(await verifyPassword(rotated, second), true);
    assert.equal(await verifyPassword(secret, second), false);

    const renamed = await call("PATCH", `/v1/handshake-codes/${code.id}`, { name: "renamed" });
    assert.equal(renamed.body.data.hasSessionPassword, true);
    assert.equal(await hashOf(), second, "untouched when not given");

    const removed = await call("PATCH", `/v1/handshake-codes/${code.id}`, {
      sessionPassword: null,
    });
    assert.equal(removed.body.data.hasSessionPassword, false);
    assert.equal(await hashOf(), null);
  });

  test("validation fields: given lists are kept; an update replaces only the lists it names", async () => {
    const { call } = await freshOrganization("Validation fields");
    const code = await create(call, {
      validationFields: {
        domains: ["example.com", "*.example.org"],
        processNames: ["scanner.exe"],
      },
      metadata: { team: "mobile" },
    });
    assert.deepEqual(code.validationFields, {
      domains: ["example.com", "*.example.org"],
      processNames: ["scanner.exe"],
      appIdentifiers: [],
    });
    const updated = await call("PATCH", `/v1/handshake-codes/${code.id}`, {
      validationFields: { appIdentifiers: ["com.example.app"], domains: [] },
    });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.body.data.validationFields, {
      domains: [],
      processNames: ["scanner.exe"],
      appIdentifiers: ["com.example.app"],
    });
    assert.deepEqual(updated.body.data.metadata, { team: "mobile" });
    assert.equal(updated.body.data.code, code.code);
    assert.deepEqual(
      (await call("GET", `/v1/handshake-codes/${code.id}`)).body.data,
      updated.body.data,
    );
  });

  test("list pages in creation order", async () => {
    const { call } = await freshOrganization("Paging");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(call)).id);
    const page = await call("GET", "/v1/handshake-codes?limit=2");
    assert.deepEqual(
      page.body.data.map((code: { id: string }) => code.id),
      ids.slice(0, 2),
    );
    assert.equal(page.body.nextCursor, ids[1]);
    assert.deepEqual(
      (await listAll(call, "/v1/handshake-codes")).map((code) => code.id),
      ids,
    );
  });
});
