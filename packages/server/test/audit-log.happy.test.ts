// The audit log (issue 17.7): every admin mutation writes exactly one entry naming its actor,
// request and changed fields, secrets redacted; refused requests write none; the list filters.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { changedFields } from "../src/services/audit.js";
import {
  asLicenseKey,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import { type Api, api, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

interface Entry {
  id: string;
  actor: { kind: string; tokenId: string | null; licenseId: string | null };
  action: string;
  resource: { type: string; id: string };
  requestId: string | null;
  sourceIp: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

const REDACTED = "[redacted]";

forEachDatabase("audit log", (db) => {
  // Webhook endpoints on 127.0.0.1 (nothing is sent: no event is subscribed to here).
  const t = useTestApp(db, { webhooks: { allowPrivate: true } });
  /** Plaintext secrets and their stored forms: none may appear in the log. */
  const secrets = new Set<string>();

  const admin = () => api(t().app, t().adminToken);
  async function adminTokenId(): Promise<string> {
    const tokens = await listAll(admin(), "/v1/tokens");
    return (tokens as Array<{ id: string; name: string }>).find(
      (token) => token.name === "Organization A admin",
    )!.id;
  }

  async function entries(query = ""): Promise<Entry[]> {
    const items: Entry[] = [];
    let cursor: string | null = null;
    do {
      const separator = query ? "&" : "";
      const page = await admin()(
        "GET",
        `/v1/audit-log?${query}${separator}limit=5${cursor ? `&cursor=${cursor}` : ""}`,
      );
      assert.equal(page.status, 200, page.text);
      items.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return items;
  }

  /** Runs `work` and answers the one entry it wrote (fails on none or several). */
  async function onlyEntry(work: () => Promise<unknown>): Promise<Entry> {
    const before = await auditRowCount();
    await work();
    const after = await entries();
    assert.equal(after.length, before + 1, JSON.stringify(after.slice(before)));
    return after.at(-1)!;
  }

  /** Organization A's rows in audit_entries, read from the table itself. */
  async function auditRowCount(): Promise<number> {
    const rows = await t()
      .store.db.selectFrom("audit_entries")
      .select("id")
      .where("organization_id", "=", t().organizationId)
      .execute();
    return rows.length;
  }

  async function ok(
    call: Api,
    method: "POST" | "PATCH" | "DELETE" | "PUT",
    url: string,
    body?: unknown,
  ) {
    const response = await call(method, url, body);
    assert.ok(response.status < 300, `${method} ${url}: ${response.status} ${response.text}`);
    return response.body?.data;
  }

  test("each admin mutation writes one entry with its actor, request and changes", async () => {
    const call = admin();
    const tokenId = await adminTokenId();
    const byAdmin = (entry: Entry, action: string, id: string) => {
      assert.equal(entry.action, action);
      assert.equal(entry.resource.type, action.slice(0, action.indexOf(".")));
      assert.equal(entry.resource.id, id);
      assert.deepEqual(entry.actor, { kind: "admin", tokenId, licenseId: null });
      assert.match(entry.requestId ?? "", /^req_[0-9a-f]{32}$/);
      assert.equal(entry.sourceIp, "127.0.0.1");
    };

    // Organization.
    let entry = await onlyEntry(() => ok(call, "PATCH", "/v1/organization", { name: "Renamed" }));
    byAdmin(entry, "organization.updated", t().organizationId);
    assert.deepEqual(entry.before, { name: "Organization A" });
    assert.deepEqual(entry.after, { name: "Renamed" });

    // Tokens: created with its hash redacted, the plaintext nowhere; revoked.
    let token: { id: string; token: string } | undefined;
    entry = await onlyEntry(async () => {
      token = await ok(call, "POST", "/v1/tokens", { kind: "admin", name: "CI" });
    });
    secrets.add(token!.token);
    byAdmin(entry, "token.created", token!.id);
    assert.equal(entry.before, null);
    assert.equal(entry.after?.tokenHash, REDACTED);
    assert.equal(entry.after?.name, "CI");
    entry = await onlyEntry(() => ok(call, "DELETE", `/v1/tokens/${token!.id}`));
    byAdmin(entry, "token.revoked", token!.id);
    assert.deepEqual(entry.before, { revokedAt: null });
    assert.equal(typeof entry.after?.revokedAt, "string");

    // Products.
    let productId = "";
    entry = await onlyEntry(async () => {
      productId = await createProduct(call, "Audited");
    });
    byAdmin(entry, "product.created", productId);
    assert.equal(entry.after?.name, "Audited");
    entry = await onlyEntry(() => ok(call, "PATCH", `/v1/products/${productId}`, { name: "Au" }));
    byAdmin(entry, "product.updated", productId);
    assert.deepEqual([entry.before, entry.after], [{ name: "Audited" }, { name: "Au" }]);

    // Policies.
    let policy: { id: string; productId: string } | undefined;
    entry = await onlyEntry(async () => {
      policy = await createPolicy(call, productId, {
        model: "timed",
        durationSeconds: DAY,
        maxMachines: 1,
      });
    });
    byAdmin(entry, "policy.created", policy!.id);
    entry = await onlyEntry(() =>
      ok(call, "PATCH", `/v1/policies/${policy!.id}`, { name: "Renamed policy" }),
    );
    byAdmin(entry, "policy.updated", policy!.id);
    assert.deepEqual(entry.after, { name: "Renamed policy" });

    // Users: the password is neither stored nor logged; its hash shows only as redacted.
    const password = "correct horse battery staple";
    secrets.add(password);
    let userId = "";
    entry = await onlyEntry(async () => {
      userId = (await ok(call, "POST", "/v1/users", { email: "ada@example.com", password })).id;
    });
    byAdmin(entry, "user.created", userId);
    assert.equal(entry.after?.passwordHash, REDACTED);
    entry = await onlyEntry(() =>
      ok(call, "PATCH", `/v1/users/${userId}`, { password: "another long password" }),
    );
    secrets.add("another long password");
    byAdmin(entry, "user.updated", userId);
    assert.deepEqual(
      [entry.before, entry.after],
      [{ passwordHash: REDACTED }, { passwordHash: REDACTED }],
    );

    // Handshake codes: the session password's hash redacted.
    const sessionPassword = "a session password";
    secrets.add(sessionPassword);
    let codeId = "";
    entry = await onlyEntry(async () => {
      codeId = (await ok(call, "POST", "/v1/handshake-codes", { name: "c", sessionPassword })).id;
    });
    byAdmin(entry, "handshake_code.created", codeId);
    assert.equal(entry.after?.sessionPasswordHash, REDACTED);
    entry = await onlyEntry(() =>
      ok(call, "PATCH", `/v1/handshake-codes/${codeId}`, { name: "d" }),
    );
    byAdmin(entry, "handshake_code.updated", codeId);
    assert.deepEqual([entry.before, entry.after], [{ name: "c" }, { name: "d" }]);

    // Entitlements, and attaching one to the policy.
    let entitlementId = "";
    entry = await onlyEntry(async () => {
      entitlementId = (await ok(call, "POST", "/v1/entitlements", { code: "f", name: "F" })).id;
    });
    byAdmin(entry, "entitlement.created", entitlementId);
    entry = await onlyEntry(() =>
      ok(call, "PATCH", `/v1/entitlements/${entitlementId}`, { name: "G" }),
    );
    byAdmin(entry, "entitlement.updated", entitlementId);
    entry = await onlyEntry(() =>
      ok(call, "POST", `/v1/policies/${policy!.id}/entitlements`, {
        entitlementIds: [entitlementId],
      }),
    );
    byAdmin(entry, "policy.entitlements_attached", policy!.id);
    assert.deepEqual(entry.after, { entitlementIds: [entitlementId] });

    // Licenses: the key is a credential, redacted; the lifecycle actions each write one.
    let license: { id: string; key: string } | undefined;
    entry = await onlyEntry(async () => {
      license = await createLicense(call, policy!);
    });
    secrets.add(license!.key);
    byAdmin(entry, "license.created", license!.id);
    assert.equal(entry.after?.key, REDACTED);
    assert.equal(entry.after?.keyHash, REDACTED);
    const licenseUrl = `/v1/licenses/${license!.id}`;
    entry = await onlyEntry(() => ok(call, "PATCH", licenseUrl, { name: "Ada's" }));
    byAdmin(entry, "license.updated", license!.id);
    assert.deepEqual([entry.before, entry.after], [{ name: null }, { name: "Ada's" }]);
    entry = await onlyEntry(() => ok(call, "POST", `${licenseUrl}/actions/suspend`));
    byAdmin(entry, "license.suspended", license!.id);
    assert.deepEqual([entry.before, entry.after], [{ suspended: false }, { suspended: true }]);
    // Suspending a suspended license changes nothing: no entry.
    const count = (await entries()).length;
    await ok(call, "POST", `${licenseUrl}/actions/suspend`);
    assert.equal((await entries()).length, count);
    entry = await onlyEntry(() => ok(call, "POST", `${licenseUrl}/actions/reinstate`));
    byAdmin(entry, "license.reinstated", license!.id);
    entry = await onlyEntry(() => ok(call, "POST", `${licenseUrl}/actions/renew`));
    byAdmin(entry, "license.renewed", license!.id);
    assert.ok(String(entry.after?.expiresAt) > String(entry.before?.expiresAt));

    // License-key credentials: the license is the actor, no token.
    const byKey = asLicenseKey(t().app, license!.key);
    const byLicense = (entry: Entry, action: string, id: string) => {
      assert.equal(entry.action, action);
      assert.equal(entry.resource.id, id);
      assert.deepEqual(entry.actor, { kind: "license", tokenId: null, licenseId: license!.id });
      assert.equal(entry.sourceIp, "127.0.0.1");
    };
    entry = await onlyEntry(() => ok(byKey, "POST", `${licenseUrl}/actions/check-in`));
    byLicense(entry, "license.checked_in", license!.id);
    assert.deepEqual(entry.before, { lastCheckInAt: null });
    let machineId = "";
    entry = await onlyEntry(async () => {
      machineId = (await ok(byKey, "POST", "/v1/machines", { fingerprint: "fp-audit-1" })).id;
    });
    byLicense(entry, "machine.activated", machineId);
    assert.equal(entry.after?.fingerprint, "fp-audit-1");
    entry = await onlyEntry(() => ok(call, "PATCH", `/v1/machines/${machineId}`, { name: "Mac" }));
    byAdmin(entry, "machine.updated", machineId);
    assert.deepEqual([entry.before, entry.after], [{ name: null }, { name: "Mac" }]);
    entry = await onlyEntry(() => ok(call, "DELETE", `/v1/machines/${machineId}`));
    byAdmin(entry, "machine.deactivated", machineId);
    assert.equal(entry.after, null);
    assert.equal(entry.before?.id, machineId);

    // Trackable settings and bindings are changes of their owner.
    entry = await onlyEntry(() =>
      ok(call, "PUT", `/v1/products/${productId}/trackable`, { publicTrialPolicyId: policy!.id }),
    );
    byAdmin(entry, "product.trackable_settings_updated", productId);
    entry = await onlyEntry(() =>
      ok(call, "POST", `${licenseUrl}/actions/bind-handshake-code`, { handshakeCodeId: codeId }),
    );
    byAdmin(entry, "license.handshake_code_bound", license!.id);
    assert.deepEqual(entry.after, { handshakeCodeId: codeId });
    entry = await onlyEntry(() => ok(call, "POST", `${licenseUrl}/actions/unbind-handshake-code`));
    byAdmin(entry, "license.handshake_code_unbound", license!.id);
    await ok(call, "PUT", `/v1/products/${productId}/trackable`, { publicTrialPolicyId: null });

    // Offline keys: the shared key is a secret.
    let sharedKey = "";
    entry = await onlyEntry(async () => {
      sharedKey = (await ok(call, "POST", "/v1/organization/offline-keys")).sharedKey;
    });
    secrets.add(sharedKey);
    byAdmin(entry, "offline_keys.created", t().organizationId);
    assert.equal(entry.after?.sharedKey, REDACTED);
    entry = await onlyEntry(async () => {
      secrets.add(
        (await ok(call, "POST", "/v1/organization/offline-keys/actions/rotate")).sharedKey,
      );
    });
    byAdmin(entry, "offline_keys.rotated", t().organizationId);
    assert.deepEqual(Object.keys(entry.after ?? {}).sort(), [
      "apiKey",
      "previousValidUntil",
      "sharedKey",
    ]);

    // Revoking and deleting.
    entry = await onlyEntry(() => ok(call, "POST", `${licenseUrl}/actions/revoke`));
    byAdmin(entry, "license.revoked", license!.id);
    entry = await onlyEntry(() => ok(call, "DELETE", licenseUrl));
    byAdmin(entry, "license.deleted", license!.id);
    assert.equal(entry.before?.key, REDACTED);
    entry = await onlyEntry(() =>
      ok(call, "DELETE", `/v1/policies/${policy!.id}/entitlements`, {
        entitlementIds: [entitlementId],
      }),
    );
    byAdmin(entry, "policy.entitlements_detached", policy!.id);
    for (const [url, action, id] of [
      [`/v1/entitlements/${entitlementId}`, "entitlement.deleted", entitlementId],
      [`/v1/policies/${policy!.id}`, "policy.deleted", policy!.id],
      [`/v1/products/${productId}`, "product.deleted", productId],
      [`/v1/users/${userId}`, "user.deleted", userId],
      [`/v1/handshake-codes/${codeId}`, "handshake_code.deleted", codeId],
    ] as const) {
      entry = await onlyEntry(() => ok(call, "DELETE", url));
      byAdmin(entry, action, id);
      assert.equal(entry.after, null);
      assert.equal(entry.before?.id, id);
    }
  });

  test("license tokens, license entitlements, trackable settings and private trials", async () => {
    const call = admin();
    const productId = await createProduct(call, "More");
    const policy = await createPolicy(call, productId, { model: "timed", durationSeconds: DAY });
    const license = await createLicense(call, policy);
    secrets.add(license.key);
    const entitlementId = (await ok(call, "POST", "/v1/entitlements", { code: "m", name: "M" })).id;
    const licenseUrl = `/v1/licenses/${license.id}`;
    let token: { id: string; token: string } | undefined;
    let entry = await onlyEntry(async () => {
      token = await ok(call, "POST", `${licenseUrl}/tokens`, { name: "for the app" });
    });
    secrets.add(token!.token);
    assert.equal(entry.action, "token.created");
    assert.equal(entry.resource.id, token!.id);
    assert.equal(entry.after?.licenseId, license.id);
    assert.equal(entry.after?.tokenHash, REDACTED);
    entry = await onlyEntry(() =>
      ok(call, "POST", `${licenseUrl}/entitlements`, { entitlementIds: [entitlementId] }),
    );
    assert.deepEqual(
      [entry.action, entry.resource, entry.after],
      [
        "license.entitlements_attached",
        { type: "license", id: license.id },
        { entitlementIds: [entitlementId] },
      ],
    );
    entry = await onlyEntry(() =>
      ok(call, "DELETE", `${licenseUrl}/entitlements`, { entitlementIds: [entitlementId] }),
    );
    assert.equal(entry.action, "license.entitlements_detached");
    entry = await onlyEntry(() =>
      ok(call, "PUT", `/v1/policies/${policy.id}/trackable`, { period: "month" }),
    );
    assert.equal(entry.action, "policy.trackable_settings_updated");
    assert.deepEqual(
      [entry.before, entry.after],
      [{ trackable: {} }, { trackable: { period: "month" } }],
    );
    // A private trial is a new license of the organization's.
    await ok(call, "POST", "/v1/handshake-codes", { name: "default" });
    let trialLicenseId = "";
    entry = await onlyEntry(async () => {
      const trial = await call("POST", "/v1/trackable/private-trials", { policyId: policy.id });
      assert.ok(trial.status < 300, trial.text);
      trialLicenseId = trial.body.data.licenseId;
    });
    assert.deepEqual([entry.action, entry.resource.id], ["license.created", trialLicenseId]);
    assert.equal(entry.after?.trial, "private");
  });

  test("webhook endpoints: created, updated, secret rotated, deleted; the secret never shows", async () => {
    const call = admin();
    let endpoint: { id: string; secret: string } | undefined;
    let entry = await onlyEntry(async () => {
      endpoint = await ok(call, "POST", "/v1/webhook-endpoints", {
        url: "http://127.0.0.1:9/hook",
        eventTypes: ["license.created"],
        enabled: false,
      });
    });
    secrets.add(endpoint!.secret);
    assert.deepEqual([entry.action, entry.resource.id], ["webhook_endpoint.created", endpoint!.id]);
    assert.equal(entry.after?.secretSealed, REDACTED);
    const url = `/v1/webhook-endpoints/${endpoint!.id}`;
    entry = await onlyEntry(() => ok(call, "PATCH", url, { description: "CRM" }));
    assert.equal(entry.action, "webhook_endpoint.updated");
    assert.deepEqual([entry.before, entry.after], [{ description: null }, { description: "CRM" }]);
    entry = await onlyEntry(async () => {
      secrets.add((await ok(call, "POST", `${url}/actions/rotate-secret`)).secret);
    });
    assert.equal(entry.action, "webhook_endpoint.secret_rotated");
    // The overlap asked for shows (0: none, the default); the secrets do not.
    assert.deepEqual(
      [entry.before, entry.after],
      [
        { secretSealed: REDACTED, keepPreviousSeconds: null },
        { secretSealed: REDACTED, keepPreviousSeconds: 0 },
      ],
    );
    entry = await onlyEntry(() => ok(call, "DELETE", url));
    assert.deepEqual([entry.action, entry.after], ["webhook_endpoint.deleted", null]);
  });

  test("signing-key rotation: created, activated, the old key retired; private halves redacted", async () => {
    const before = await auditRowCount();
    const rotated = await ok(admin(), "POST", "/v1/signing-keys/actions/rotate", {
      algorithm: "ed25519",
    });
    const written = (await entries()).slice(before);
    assert.deepEqual(
      written.map((entry) => [entry.action, entry.after?.state ?? null]),
      [
        ["signing_key.created", "next"],
        ["signing_key.retired", "retired"],
        ["signing_key.activated", "active"],
      ],
    );
    assert.equal(written[0]!.after?.privateKeyEncrypted, REDACTED);
    assert.equal(written[2]!.resource.id, rotated.id);
    assert.notEqual(written[1]!.resource.id, rotated.id);
    const next = await ok(admin(), "POST", "/v1/signing-keys", { algorithm: "ed25519" });
    const retired = await onlyEntry(() =>
      ok(admin(), "POST", `/v1/signing-keys/${next.id}/actions/retire`),
    );
    assert.deepEqual(
      [retired.action, retired.before, retired.after],
      ["signing_key.retired", { state: "next" }, { state: "retired" }],
    );
  });

  test("organizations made by the server: the system is the actor, private keys redacted", async () => {
    const organization = await t().services.organizations.create("Made by the CLI");
    const page = await t().services.audit.list(
      {
        organizationId: organization.id,
        tokenId: null,
        kind: "admin",
        productId: null,
        licenseId: null,
      },
      {},
      { limit: 10 },
    );
    assert.deepEqual(
      page.items.map((entry) => [entry.action, entry.actor.kind, entry.requestId]),
      [
        ["organization.created", "system", null],
        ["signing_key.created", "system", null],
        ["signing_key.created", "system", null],
      ],
    );
    for (const entry of page.items.slice(1)) {
      assert.equal(entry.after?.privateKeyEncrypted, REDACTED);
      assert.match(String(entry.after?.publicKey), /./);
    }
  });

  test("no secret appears in the log, plain, hashed or sealed", async () => {
    const stored = await t()
      .store.db.selectFrom("tokens")
      .select("token_hash")
      .where("organization_id", "=", t().organizationId)
      .execute();
    const keys = await t()
      .store.db.selectFrom("signing_keys")
      .select("private_key_encrypted")
      .execute();
    const offline = await t()
      .store.db.selectFrom("offline_keys")
      .select("shared_key_encrypted")
      .execute();
    const hooks = await t()
      .store.db.selectFrom("webhook_endpoints")
      .select("secret_sealed")
      .execute();
    const all = [
      ...secrets,
      ...hooks.map((row) => row.secret_sealed),
      ...stored.map((row) => row.token_hash),
      ...keys.map((row) => row.private_key_encrypted),
      ...offline.map((row) => row.shared_key_encrypted),
    ];
    assert.ok(all.length >= 10, `only ${all.length} secrets to look for`);
    const rows = JSON.stringify(
      await t().store.db.selectFrom("audit_entries").selectAll().execute(),
    );
    const listed = JSON.stringify(await entries());
    for (const secret of all) {
      assert.ok(
        !rows.includes(secret),
        `a secret is stored in audit_entries: ${secret.slice(0, 6)}…`,
      );
      assert.ok(!listed.includes(secret), `a secret is listed: ${secret.slice(0, 6)}…`);
    }
  });

  test("refused requests (400, 403, 404, 409, 422) write nothing", async () => {
    const call = admin();
    const productId = await createProduct(call, "Refusals");
    const policy = await createPolicy(call, productId, { maxMachines: 1 });
    const license = await createLicense(call, policy);
    const byKey = asLicenseKey(t().app, license.key);
    await ok(byKey, "POST", "/v1/machines", { fingerprint: "fp-seat" });
    const productTokenText = (await ok(call, "POST", "/v1/tokens", { kind: "product", productId }))
      .token;
    const readOnly = (await ok(call, "POST", "/v1/tokens", { kind: "admin", scope: "read" })).token;
    const count = await auditRowCount();
    const refusals: Array<[number, string, () => Promise<{ status: number; body: unknown }>]> = [
      [400, "VALIDATION_FAILED", () => call("POST", "/v1/products", { name: 5 })],
      [
        403,
        "FORBIDDEN",
        () => api(t().app, productTokenText)("POST", "/v1/products", { name: "x" }),
      ],
      [403, "FORBIDDEN", () => byKey("PATCH", `/v1/licenses/${license.id}`, { name: "x" })],
      [
        403,
        "TOKEN_READ_ONLY",
        () => api(t().app, readOnly)("PATCH", "/v1/organization", { name: "x" }),
      ],
      [
        404,
        "PRODUCT_NOT_FOUND",
        () => call("PATCH", "/v1/products/prod_01m84cp2y929bjrzt348fmrx3m", { name: "x" }),
      ],
      [
        404,
        "LICENSE_NOT_FOUND",
        () => call("POST", "/v1/licenses/lic_01m84cp2y929bjrzt348fmrx3m/actions/suspend"),
      ],
      [409, "PRODUCT_HAS_TOKENS", () => call("DELETE", `/v1/products/${productId}`)],
      [409, "POLICY_IN_USE", () => call("DELETE", `/v1/policies/${policy.id}`)],
      [
        422,
        "MACHINE_LIMIT_EXCEEDED",
        () => byKey("POST", "/v1/machines", { fingerprint: "fp-two" }),
      ],
    ];
    for (const [status, code, request] of refusals) {
      const response = await request();
      assert.equal(response.status, status, `${code}: ${JSON.stringify(response.body)}`);
      assert.equal(errorCode(response as never), code);
    }
    assert.equal(await auditRowCount(), count);
  });

  test("the list filters by resource, actor and time, and pages", async () => {
    const call = admin();
    const all = await entries();
    assert.ok(all.length > 20);
    assert.deepEqual(
      all.map((entry) => entry.id),
      [...all.map((entry) => entry.id)].sort(),
      "oldest first",
    );
    const productId = all.find((entry) => entry.action === "product.created")!.resource.id;
    const ofProduct = await entries(`resourceType=product&resourceId=${productId}`);
    assert.ok(ofProduct.length >= 3);
    assert.ok(ofProduct.every((entry) => entry.resource.id === productId));
    assert.deepEqual(
      (await entries("resourceType=machine")).map((entry) => entry.resource.type),
      all.filter((entry) => entry.resource.type === "machine").map(() => "machine"),
    );
    const licenseActor = all.find((entry) => entry.actor.kind === "license")!.actor.licenseId!;
    const byLicense = await entries(`actor=${licenseActor}`);
    assert.ok(byLicense.length >= 2);
    assert.ok(byLicense.every((entry) => entry.actor.licenseId === licenseActor));
    const tokenId = await adminTokenId();
    const byToken = await entries(`actor=${tokenId}`);
    assert.equal(byToken.length, all.filter((entry) => entry.actor.tokenId === tokenId).length);
    // Time: [since, until).
    const middle = all[Math.floor(all.length / 2)]!.createdAt;
    const since = await entries(`since=${encodeURIComponent(middle)}`);
    const until = await entries(`until=${encodeURIComponent(middle)}`);
    assert.equal(since.length + until.length, all.length);
    assert.ok(since.every((entry) => entry.createdAt >= middle));
    assert.ok(until.every((entry) => entry.createdAt < middle));
    // Bad filters: 400, never a 500.
    for (const query of [
      "since=2030-01-01T00:00:00Z&until=2029-01-01T00:00:00Z",
      "since=2030-06-30T23:59:60Z",
    ]) {
      const response = await call("GET", `/v1/audit-log?${query}`);
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), "INVALID_TIME_RANGE");
    }
    const wrongType = await call("GET", "/v1/audit-log?resourceType=secret");
    assert.equal(errorCode(wrongType), "VALIDATION_FAILED");
    // Admin tokens only; no way to write or delete entries.
    const token = (
      await ok(call, "POST", "/v1/tokens", {
        kind: "product",
        productId: await createProduct(call),
      })
    ).token;
    assert.equal(errorCode(await api(t().app, token)("GET", "/v1/audit-log")), "FORBIDDEN");
    for (const method of ["POST", "PATCH", "DELETE", "PUT"] as const) {
      const response = await call(method, "/v1/audit-log", {});
      assert.equal(response.status, 404, `${method}: ${response.text}`);
      const one = await call(method, `/v1/audit-log/${all[0]!.id}`, {});
      assert.equal(one.status, 404);
    }
  });

  test("the entry is part of the change: when it cannot be written, the change rolls back", async () => {
    const { db: kysely } = t().store;
    const call = admin();
    const products = async () =>
      (await kysely.selectFrom("products").select("id").execute()).map((row) => row.id).sort();
    const before = await products();
    const license = (await kysely.selectFrom("licenses").selectAll().execute())[0];
    await sql`alter table audit_entries rename to audit_entries_away`.execute(kysely);
    try {
      const created = await call("POST", "/v1/products", { name: "Never" });
      assert.equal(created.status, 500, created.text);
      if (license) {
        const suspended = await call("POST", `/v1/licenses/${license.id}/actions/suspend`);
        assert.equal(suspended.status, 500, suspended.text);
      }
    } finally {
      await sql`alter table audit_entries_away rename to audit_entries`.execute(kysely);
    }
    assert.deepEqual(await products(), before);
    if (license) {
      const after = await kysely
        .selectFrom("licenses")
        .selectAll()
        .where("id", "=", license.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, license);
    }
  });

  test("retention deletes entries older than the period, in batches", async () => {
    const { db: kysely } = t().store;
    const old = new Date(Date.now() - 400 * DAY * 1000).toISOString();
    const rows = Array.from({ length: 2_500 }, (_, index) => ({
      id: `aud_old${String(index).padStart(8, "0")}`,
      organization_id: t().organizationId,
      actor_kind: "system",
      actor_token_id: null,
      actor_license_id: null,
      action: "product.created",
      resource_type: "product",
      resource_id: "prod_x",
      request_id: null,
      source_ip: null,
      before: null,
      after: "{}",
      created_at: old,
    }));
    for (let start = 0; start < rows.length; start += 500) {
      await kysely
        .insertInto("audit_entries")
        .values(rows.slice(start, start + 500))
        .execute();
    }
    const recent = await auditRowCount();
    assert.equal(await t().services.audit.deleteExpired(), 2_500);
    assert.equal(await auditRowCount(), recent - 2_500);
    assert.equal(await t().services.audit.deleteExpired(), 0);
  });
});

test("changedFields: only what changed, secrets redacted at any depth, nulls kept", () => {
  assert.deepEqual(
    changedFields(
      { id: "x", name: "a", secret: "s1", metadata: { nested: { password: "p" } }, updatedAt: "1" },
      { id: "x", name: "b", secret: "s2", metadata: { nested: { password: "q" } }, updatedAt: "2" },
    ),
    {
      before: { name: "a", secret: REDACTED, metadata: { nested: { password: REDACTED } } },
      after: { name: "b", secret: REDACTED, metadata: { nested: { password: REDACTED } } },
    },
  );
  assert.deepEqual(changedFields({ passwordHash: null }, { passwordHash: "h" }), {
    before: { passwordHash: null },
    after: { passwordHash: REDACTED },
  });
  assert.deepEqual(changedFields(null, { key: "K-1", list: [{ apiSecret: "z" }] }), {
    before: null,
    after: { key: REDACTED, list: [{ apiSecret: REDACTED }] },
  });
  assert.deepEqual(changedFields({ a: 1, updatedAt: "1" }, { a: 1, updatedAt: "2" }), {
    before: {},
    after: {},
  });
});
