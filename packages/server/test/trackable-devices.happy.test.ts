// Trackable devices managed by the credential's holder (SPEC X6 for trackable licenses, T10):
// POST /v1/trackable/devices/actions/list and …/release. A device (or the customer's admin with
// the same organization id / handshake code and session password) frees a seat at once, with
// the event, webhook and audit entry a machine deactivation has; another code's credential
// never reaches the device; bad input is a 4xx that changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLicense } from "./licensing-fixtures.js";
import { type ApiResponse, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { authorize, device, trackableLicense, trackableRows } from "./trackable-fixtures.js";

function list(t: Parameters<typeof authorize>[0], body: Record<string, unknown>) {
  return api(t.app, null)("POST", "/v1/trackable/devices/actions/list", body);
}

function release(t: Parameters<typeof authorize>[0], body: Record<string, unknown>) {
  return api(t.app, null)("POST", "/v1/trackable/devices/actions/release", body);
}

const deviceIds = (answer: ApiResponse) =>
  (answer.body.data as Array<{ deviceId: string }>).map((d) => d.deviceId);

forEachDatabase("trackable devices: listed and released by the credential's holder", (db) => {
  const t = useTestApp(db);

  test("a full per-device license: a device's release frees its seat at once, with its event, webhook and audit entry", async () => {
    const { call, license, productId, code } = await trackableLicense(t(), {
      rules: { maxMachines: 2 },
    });
    // An endpoint on a public address (nothing is sent here): its delivery is the webhook.
    const endpoint = await call("POST", "/v1/webhook-endpoints", {
      url: "https://93.184.215.14/devices-hook",
      eventTypes: ["machine.deactivated"],
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    const credential = { handshakeCode: code.code, productId };
    const [lost, kept, next] = [device(), device(), device()];
    for (const deviceId of [lost, kept]) {
      assert.equal((await authorize(t(), { ...credential, deviceId })).body.valid, true);
    }
    const full = await authorize(t(), { ...credential, deviceId: next });
    assert.equal(full.body.code, "DEVICE_LIMIT_EXCEEDED", full.text);

    const listed = await list(t(), credential);
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(deviceIds(listed), [lost, kept]);
    assert.equal(listed.body.nextCursor, null);
    const lostDevice = listed.body.data[0];
    assert.match(lostDevice.id, /^mach_/);
    assert.equal(lostDevice.licenseId, license.id);
    assert.deepEqual(Object.keys(lostDevice).sort(), [
      "appVersion",
      "createdAt",
      "deviceId",
      "id",
      "lastSeenAt",
      "licenseId",
      "platform",
      "seatUntil",
    ]);
    // Pages: one device at a time, the cursor going on from the last.
    const first = await list(t(), { ...credential, limit: 1 });
    assert.deepEqual(deviceIds(first), [lost]);
    const second = await list(t(), { ...credential, limit: 1, cursor: first.body.nextCursor });
    assert.deepEqual(deviceIds(second), [kept]);

    const released = await release(t(), { ...credential, deviceId: lost });
    assert.equal(released.status, 200, released.text);
    assert.deepEqual(released.body.data, [lostDevice]);
    assert.deepEqual(deviceIds(await list(t(), credential)), [kept]);
    // The vendor sees it gone, and the seat taken by the next device.
    assert.equal((await call("GET", `/v1/machines/${lostDevice.id}`)).status, 404);
    const taken = await authorize(t(), { ...credential, deviceId: next });
    assert.equal(taken.body.code, "VALID", taken.text);

    const events = await call("GET", "/v1/events", undefined, {
      query: { type: "machine.deactivated", licenseId: license.id },
    });
    assert.deepEqual(
      events.body.data.map((e: { machineId: string; data: unknown }) => [e.machineId, e.data]),
      [[lostDevice.id, { fingerprint: lost, by: "handshake_code", handshakeCodeId: code.id }]],
    );
    const deliveries = await call(
      "GET",
      `/v1/webhook-endpoints/${endpoint.body.data.id}/deliveries`,
    );
    assert.deepEqual(
      deliveries.body.data.map((d: { eventId: string }) => d.eventId),
      [events.body.data[0].id],
      deliveries.text,
    );
    const audit = await call("GET", "/v1/audit-log", undefined, {
      query: { resourceId: lostDevice.id },
    });
    const entry = audit.body.data.find(
      (e: { action: string }) => e.action === "machine.deactivated",
    );
    assert.ok(entry, audit.text);
    assert.deepEqual(entry.actor, {
      kind: "handshake_code",
      tokenId: null,
      licenseId: license.id,
    });
    assert.match(entry.requestId, /^req_/);
    assert.equal(entry.before.fingerprint, lost);
    assert.equal(entry.after, null);

    // Again: already released, as for any device the license does not have.
    const again = await release(t(), { ...credential, deviceId: lost });
    assert.equal(again.status, 404, again.text);
    assert.equal(errorCode(again), "DEVICE_NOT_FOUND");
  });

  test("the organization id alone reaches its default code's devices; a session password is checked as for an authorization", async () => {
    const other = await createOrganization(t().services, "Organization with a password");
    const { productId, code } = await trackableLicense(t(), {
      code: { sessionPassword: "correct horse battery" },
      token: other.adminToken,
    });
    const credential = {
      organizationId: other.organizationId,
      sessionPassword: "correct horse battery",
      productId,
    };
    const deviceId = device();
    assert.equal((await authorize(t(), { ...credential, deviceId })).body.valid, true);
    const before = await trackableRows(t());
    for (const sessionPassword of [undefined, "wrong horse"]) {
      const body = { ...credential, sessionPassword };
      const refused = await release(t(), { ...body, deviceId });
      assert.equal(refused.status, 401, refused.text);
      assert.equal(errorCode(refused), "SESSION_PASSWORD_INVALID");
      assert.equal(errorCode(await list(t(), body)), "SESSION_PASSWORD_INVALID");
    }
    assert.deepEqual(await trackableRows(t()), before, "a refusal releases nothing");
    // The code with its password, or the organization id with it: the same devices.
    const byCode = { handshakeCode: code.code, sessionPassword: credential.sessionPassword };
    assert.deepEqual(deviceIds(await list(t(), { ...byCode, productId })), [deviceId]);
    const released = await release(t(), { ...credential, deviceId });
    assert.equal(released.status, 200, released.text);
    assert.deepEqual(deviceIds(await list(t(), credential)), []);
  });

  test("another license's credential never reaches the device: 404, nothing released", async () => {
    const a = await trackableLicense(t());
    const aCredential = { handshakeCode: a.code.code, productId: a.productId };
    const aDevice = device();
    assert.equal((await authorize(t(), { ...aCredential, deviceId: aDevice })).body.valid, true);
    // B: another license of the same product and organization, on another code.
    const bLicense = await createLicense(a.call, a.policy);
    const bCode = await a.call("POST", "/v1/handshake-codes", {});
    assert.equal(bCode.status, 201, bCode.text);
    const bound = await a.call("POST", `/v1/licenses/${bLicense.id}/actions/bind-handshake-code`, {
      handshakeCodeId: bCode.body.data.id,
    });
    assert.equal(bound.status, 200, bound.text);
    const bCredential = { handshakeCode: bCode.body.data.code, productId: a.productId };
    const bDevice = device();
    assert.equal((await authorize(t(), { ...bCredential, deviceId: bDevice })).body.valid, true);
    // C: another organization's code, with a license of its own product.
    const c = await createOrganization(t().services, "Organization C");
    const cTrackable = await trackableLicense(t(), { token: c.adminToken });
    const cCredential = { handshakeCode: cTrackable.code.code, productId: cTrackable.productId };

    const before = await trackableRows(t());
    const unknown = await release(t(), { ...bCredential, deviceId: device() });
    for (const [who, body] of [
      ["B's code", { ...bCredential, deviceId: aDevice }],
      ["C's code", { ...cCredential, deviceId: aDevice }],
    ] as const) {
      const refused = await release(t(), body);
      assert.equal(refused.status, 404, `${who}: ${refused.text}`);
      assert.equal(errorCode(refused), "DEVICE_NOT_FOUND", who);
      assert.equal(refused.body.error.message, unknown.body.error.message, who);
    }
    // C's code naming A's product: no license of it there, as authorize answers.
    const otherProduct = await release(t(), {
      ...cCredential,
      productId: a.productId,
      deviceId: aDevice,
    });
    assert.equal(otherProduct.status, 404, otherProduct.text);
    assert.equal(errorCode(otherProduct), "LICENSE_NOT_FOUND");
    // A's code under C's organization id: the same 404 as an unknown code.
    const mixed = await release(t(), {
      ...aCredential,
      organizationId: c.organizationId,
      deviceId: aDevice,
    });
    assert.equal(mixed.status, 404, mixed.text);
    assert.equal(errorCode(mixed), "HANDSHAKE_CODE_NOT_FOUND");
    assert.deepEqual(await trackableRows(t()), before, "nothing released");

    // Lists: each code sees its own license's devices only.
    assert.deepEqual(deviceIds(await list(t(), aCredential)), [aDevice]);
    assert.deepEqual(deviceIds(await list(t(), bCredential)), [bDevice]);
    assert.deepEqual(deviceIds(await list(t(), cCredential)), []);
    const released = await release(t(), { ...aCredential, deviceId: aDevice });
    assert.equal(released.status, 200, released.text);
  });

  test("bad input: 400 with the field named, a public trial's request 400 HANDSHAKE_CODE_REQUIRED, nothing released", async () => {
    const { productId, code } = await trackableLicense(t());
    const credential = { handshakeCode: code.code, productId };
    const deviceId = device();
    assert.equal((await authorize(t(), { ...credential, deviceId })).body.valid, true);
    const before = await trackableRows(t());
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ["no deviceId", { ...credential }, "VALIDATION_FAILED", "body.deviceId"],
      [
        "a short deviceId",
        { ...credential, deviceId: "short" },
        "VALIDATION_FAILED",
        "body.deviceId",
      ],
      [
        "a deviceId of other characters",
        { ...credential, deviceId: "device id with spaces" },
        "VALIDATION_FAILED",
        "body.deviceId",
      ],
      [
        "no productId",
        { handshakeCode: code.code, deviceId },
        "VALIDATION_FAILED",
        "body.productId",
      ],
      [
        "an unknown field",
        { ...credential, deviceId, machineId: "mach_x" },
        "VALIDATION_FAILED",
        "body",
      ],
      ["neither organization nor code", { productId, deviceId }, "HANDSHAKE_CODE_REQUIRED", ""],
    ];
    for (const [what, body, expected, path] of cases) {
      const refused = await release(t(), body);
      assert.equal(refused.status, 400, `${what}: ${refused.text}`);
      assert.equal(errorCode(refused), expected, what);
      if (path !== "") {
        assert.ok(
          (refused.body.error.details as Array<{ path: string }>).some((d) =>
            d.path.startsWith(path),
          ),
          `${what}: ${refused.text}`,
        );
      }
    }
    for (const [what, body] of [
      ["limit 0", { ...credential, limit: 0 }],
      ["limit 101", { ...credential, limit: 101 }],
      [
        "a cursor that is no machine id",
        { ...credential, cursor: "lic_01m84cp2y929bjrzt348fmrx3m" },
      ],
      ["neither organization nor code", { productId }],
    ] as const) {
      const refused = await list(t(), body);
      assert.equal(refused.status, 400, `${what}: ${refused.text}`);
    }
    assert.deepEqual(await trackableRows(t()), before);
    assert.deepEqual(deviceIds(await list(t(), credential)), [deviceId]);
  });
});
