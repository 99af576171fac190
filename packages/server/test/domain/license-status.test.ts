import assert from "node:assert/strict";
import { test } from "node:test";
import { actionAllowed, licenseStatus } from "../../src/domain/license-status.js";

const now = new Date("2030-06-01T12:00:00.000Z");
const base = { suspended: false, revokedAt: null, expiresAt: null };

test("no flags and no expiry: active", () => {
  assert.equal(licenseStatus(base, now), "active");
});

test("expiry in the future: active; at or before now: expired", () => {
  assert.equal(licenseStatus({ ...base, expiresAt: "2030-06-01T12:00:00.001Z" }, now), "active");
  assert.equal(licenseStatus({ ...base, expiresAt: "2030-06-01T12:00:00.000Z" }, now), "expired");
  assert.equal(licenseStatus({ ...base, expiresAt: "2020-01-01T00:00:00.000Z" }, now), "expired");
});

test("suspended wins over expired; revoked wins over everything", () => {
  const expired = { ...base, expiresAt: "2020-01-01T00:00:00.000Z" };
  assert.equal(licenseStatus({ ...expired, suspended: true }, now), "suspended");
  assert.equal(licenseStatus({ ...base, suspended: true }, now), "suspended");
  assert.equal(
    licenseStatus({ ...expired, suspended: true, revokedAt: "2030-01-01T00:00:00.000Z" }, now),
    "revoked",
  );
});

test("the same license changes status as time passes", () => {
  const license = { ...base, expiresAt: "2030-06-02T00:00:00.000Z" };
  assert.equal(licenseStatus(license, new Date("2030-06-01T23:59:59.999Z")), "active");
  assert.equal(licenseStatus(license, new Date("2030-06-02T00:00:00.000Z")), "expired");
});

test("nothing applies to a revoked license", () => {
  for (const action of ["suspend", "reinstate", "renew", "revoke"] as const) {
    assert.equal(actionAllowed(base, action), true);
    assert.equal(actionAllowed({ ...base, revokedAt: "2030-01-01T00:00:00.000Z" }, action), false);
  }
});
