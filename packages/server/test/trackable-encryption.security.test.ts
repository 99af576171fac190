// Encryption on request (SPEC T12) through real HTTP on both databases: an authorization and a
// usage batch encrypted both ways and opened with the device's credential; changed ciphertext,
// iv, tag or salt, another credential and another request's context → 400
// ENCRYPTED_BODY_INVALID with nothing recorded; public trials cannot ask; plain clients unchanged.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  base64urlDecode,
  base64urlEncode,
  decryptTrackable,
  encryptTrackable,
  type TrackableEnvelope,
} from "@keyward/formats";
import { manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import {
  authorize,
  device,
  publicTrialProduct,
  report,
  trackableLicense,
  trackableRows,
  usageReport,
  verifiedClaims,
} from "./trackable-fixtures.js";

const START = new Date("2030-05-01T12:00:00.000Z");

function flipFirst(text: string): string {
  const raw = base64urlDecode(text);
  raw[0] = raw[0]! ^ 1;
  return base64urlEncode(raw, { pad: false });
}

forEachDatabase("trackable encryption on request", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("authorize with encryption: the signed answer, encrypted, opens only for this request", async () => {
    const tr = await trackableLicense(t(), { code: { sessionPassword: "s3cret-pass" } });
    const credential = { handshakeCode: tr.code.code, sessionPassword: "s3cret-pass" };
    const deviceId = device();
    const nonce = "nonce-0123456789";
    const answer = await authorize(t(), {
      ...credential,
      productId: tr.productId,
      deviceId,
      nonce,
      encryption: "aes-256-gcm",
    });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(Object.keys(answer.body), ["encrypted"]);
    assert.equal(answer.body.encrypted.alg, "aes-256-gcm");
    assert.doesNotMatch(answer.text, /lease\/|VALID|lic_/);

    const context = { purpose: "authorization", productId: tr.productId, deviceId, nonce } as const;
    const opened = await decryptTrackable(credential, context, answer.body.encrypted);
    assert.ok(opened.ok, opened.ok ? "" : opened.error.message);
    const plain = opened.value as { valid: boolean; lease: string; licenseId: string };
    assert.equal(plain.valid, true);
    assert.equal(plain.licenseId, tr.license.id);
    // Sign-then-encrypt: the lease inside verifies as a plain one does.
    const { claims } = await verifiedClaims(t(), t().organizationId, plain.lease, START, {
      fingerprint: deviceId,
      nonce,
    });
    assert.equal(claims.lic, tr.license.id);

    // Another request's context or another credential cannot open it (no replay elsewhere).
    for (const [secret, other] of [
      [credential, { ...context, nonce: "nonce-other-00000" }],
      [credential, { ...context, deviceId: device() }],
      [{ ...credential, sessionPassword: "wrong-pass" }, context],
      [{ handshakeCode: tr.code.code }, context],
    ] as const) {
      const refused = await decryptTrackable(secret, other, answer.body.encrypted);
      assert.equal(!refused.ok && refused.error.code, "CANNOT_DECRYPT");
    }
  });

  test("an unencrypting client still gets the plain answer", async () => {
    const tr = await trackableLicense(t());
    const answer = await authorize(t(), {
      handshakeCode: tr.code.code,
      productId: tr.productId,
      deviceId: device(),
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.valid, true);
    assert.match(answer.body.lease, /^lease\//);
    assert.equal(answer.body.encrypted, undefined);
    const usage = await report(t(), {
      handshakeCode: tr.code.code,
      productId: tr.productId,
      reports: [usageReport(device(), { export: 1 })],
    });
    assert.equal(usage.status, 200, usage.text);
    assert.equal(usage.body.accepted, 1);
  });

  test("usage encrypted both ways: counted once, the answer bound to the request's iv", async () => {
    const tr = await trackableLicense(t());
    const credential = { organizationId: t().organizationId, handshakeCode: tr.code.code };
    const deviceId = device();
    const granted = await authorize(t(), { ...credential, productId: tr.productId, deviceId });
    assert.equal(granted.status, 200, granted.text);
    const reports = [usageReport(deviceId, { export: 3, print: 2 })];
    const encrypted = await encryptTrackable(
      credential,
      { purpose: "usage-report", productId: tr.productId },
      { reports },
    );
    const answer = await report(t(), {
      ...credential,
      productId: tr.productId,
      encryption: "aes-256-gcm",
      encrypted,
    });
    assert.equal(answer.status, 200, answer.text);
    const opened = await decryptTrackable(
      credential,
      { purpose: "usage-answer", productId: tr.productId, nonce: encrypted.iv },
      answer.body.encrypted,
    );
    assert.ok(opened.ok, opened.ok ? "" : opened.error.message);
    assert.deepEqual(opened.value, {
      accepted: 1,
      duplicates: 0,
      counted: 2,
      rejected: [],
      licenses: [{ licenseId: tr.license.id, quota: "ok" }],
    });
    // Sent again (a lost answer): a duplicate, as plain reports are.
    const again = await report(t(), { ...credential, productId: tr.productId, encrypted });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.duplicates, 1);
    assert.equal(again.body.accepted, 0);
  });

  test("changed salt, iv, ciphertext or tag, another credential or product → 400, nothing counted", async () => {
    const tr = await trackableLicense(t(), { code: { sessionPassword: "s3cret-pass" } });
    const credential = { handshakeCode: tr.code.code, sessionPassword: "s3cret-pass" };
    const deviceId = device();
    assert.equal(
      (await authorize(t(), { ...credential, productId: tr.productId, deviceId })).status,
      200,
    );
    const encrypted = await encryptTrackable(
      credential,
      { purpose: "usage-report", productId: tr.productId },
      { reports: [usageReport(deviceId, { export: 5 })] },
    );
    const before = await trackableRows(t());
    const bodies: Record<string, unknown>[] = [
      ...(["salt", "iv", "ciphertext", "tag"] as const).map((member) => ({
        ...credential,
        productId: tr.productId,
        encrypted: { ...encrypted, [member]: flipFirst(encrypted[member]) } as TrackableEnvelope,
      })),
      // Wrong key: another session password is another key (the password check comes after).
      { ...credential, sessionPassword: "wrong-pass", productId: tr.productId, encrypted },
    ];
    for (const body of bodies) {
      const answer = await report(t(), body);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.error.code, "ENCRYPTED_BODY_INVALID", answer.text);
      assert.match(answer.body.error.requestId, /^req_/);
    }
    assert.deepEqual(await trackableRows(t()), before);

    // Encrypted for another purpose (an authorization's answer replayed as a report): refused.
    const replayed = await encryptTrackable(
      credential,
      { purpose: "authorization", productId: tr.productId, deviceId },
      { reports: [usageReport(deviceId, { export: 5 })] },
    );
    const replay = await report(t(), {
      ...credential,
      productId: tr.productId,
      encrypted: replayed,
    });
    assert.equal(replay.status, 400, replay.text);
    assert.equal(replay.body.error.code, "ENCRYPTED_BODY_INVALID");

    // Decrypted but not valid reports: the ordinary 400 VALIDATION_FAILED, naming the field.
    const bad = await encryptTrackable(
      credential,
      { purpose: "usage-report", productId: tr.productId },
      { reports: [{ ...usageReport(deviceId, { export: 5 }), deviceId: "x" }] },
    );
    const invalid = await report(t(), { ...credential, productId: tr.productId, encrypted: bad });
    assert.equal(invalid.status, 400, invalid.text);
    assert.equal(invalid.body.error.code, "VALIDATION_FAILED");
    assert.match(invalid.text, /body\.reports\[0\]\.deviceId/);
    const notReports = await encryptTrackable(
      credential,
      { purpose: "usage-report", productId: tr.productId },
      ["not", "reports"],
    );
    const shape = await report(t(), {
      ...credential,
      productId: tr.productId,
      encrypted: notReports,
    });
    assert.equal(shape.status, 400, shape.text);
    assert.equal(shape.body.error.code, "VALIDATION_FAILED");

    // An envelope not of its schema's shape is refused as such, naming the field.
    for (const [envelope, path] of [
      [{ ...encrypted, alg: "aes-128" }, "body.encrypted.alg"],
      [{ ...encrypted, tag: 5 }, "body.encrypted.tag"],
      [{ ...encrypted, extra: "x" }, "body.encrypted.extra"],
    ] as const) {
      const answer = await report(t(), {
        ...credential,
        productId: tr.productId,
        encrypted: envelope,
      });
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.error.code, "VALIDATION_FAILED", answer.text);
      assert.ok(
        answer.body.error.details.some((detail: { path: string }) => detail.path === path),
        answer.text,
      );
    }

    // Both or neither of reports and encrypted: 400.
    for (const body of [
      { ...credential, productId: tr.productId },
      {
        ...credential,
        productId: tr.productId,
        encrypted,
        reports: [usageReport(deviceId, { export: 1 })],
      },
    ]) {
      const answer = await report(t(), body);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.error.code, "VALIDATION_FAILED");
    }
    // An unknown scheme is refused by the schema.
    const unknown = await authorize(t(), {
      ...credential,
      productId: tr.productId,
      deviceId,
      encryption: "aes-128-cbc",
    });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(unknown.body.error.code, "VALIDATION_FAILED");
    assert.deepEqual(await trackableRows(t()), before);
  });

  test("a public trial cannot ask for encryption: 400 ENCRYPTION_UNAVAILABLE, no trial granted", async () => {
    const { productId } = await publicTrialProduct(t());
    const before = await trackableRows(t());
    const answer = await authorize(t(), {
      productId,
      deviceId: device(),
      encryption: "aes-256-gcm",
    });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.body.error.code, "ENCRYPTION_UNAVAILABLE");
    const usage = await report(t(), {
      productId,
      encryption: "aes-256-gcm",
      reports: [usageReport(device(), { export: 1 })],
    });
    assert.equal(usage.status, 400, usage.text);
    assert.equal(usage.body.error.code, "ENCRYPTION_UNAVAILABLE");
    assert.deepEqual(await trackableRows(t()), before);
  });
});
