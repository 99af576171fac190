import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type ActivationFacts,
  activationDecision,
  expiryStartingAt,
} from "../../src/domain/activation.js";
import { leaseTimes } from "../../src/domain/lease.js";
import { limitWithOverage } from "../../src/domain/limits.js";
import { DAY_SECONDS, type PolicyRulesInput, withDefaults } from "../../src/domain/policy.js";
import {
  checkInDueAt,
  type LicenseFacts,
  VALIDATION_CODES,
  type ValidationCode,
  type ValidationScope,
  validateLicense,
} from "../../src/domain/validation.js";
import { compareVersions, versionAllowed } from "../../src/domain/version.js";

const NOW = new Date("2030-06-01T12:00:00.000Z");
const iso = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000).toISOString();

function facts(rules: PolicyRulesInput = {}, change: Partial<LicenseFacts> = {}): LicenseFacts {
  return {
    suspended: false,
    revokedAt: null,
    expiresAt: null,
    createdAt: iso(-DAY_SECONDS),
    lastCheckInAt: null,
    productId: "prod_1",
    uses: 0,
    rules: withDefaults(rules),
    platforms: [],
    appIdentifiers: [],
    machineCount: 1,
    machine: { lastHeartbeatAt: null, heartbeatDeadlineAt: null },
    entitlements: [],
    ...change,
  };
}

function code(f: LicenseFacts, scope: ValidationScope = {}): [boolean, ValidationCode] {
  const answer = validateLicense(f, scope, NOW);
  return [answer.valid, answer.code];
}

describe("validation codes: each one has facts that produce it", () => {
  const produced = new Set<ValidationCode>(["NOT_FOUND"]);
  const expect = (
    f: LicenseFacts,
    scope: ValidationScope,
    valid: boolean,
    expected: ValidationCode,
  ) => {
    assert.deepEqual(code(f, scope), [valid, expected]);
    produced.add(expected);
  };

  test("lock states and expiry", () => {
    expect(facts(), {}, true, "VALID");
    expect(facts({}, { revokedAt: iso(-1) }), {}, false, "LOCKED");
    expect(facts({}, { suspended: true }), {}, false, "SUSPENDED");
    const expired = { expiresAt: iso(0) };
    expect(facts({ model: "timed", durationSeconds: DAY_SECONDS }, expired), {}, false, "EXPIRED");
    expect(
      facts(
        { model: "timed", durationSeconds: DAY_SECONDS, expirationStrategy: "revoke" },
        expired,
      ),
      {},
      false,
      "LOCKED",
    );
    for (const strategy of ["maintain", "allow"] as const) {
      const f = facts(
        { model: "timed", durationSeconds: DAY_SECONDS, expirationStrategy: strategy },
        expired,
      );
      expect(f, {}, true, "EXPIRED");
      // Maintained access still fails on everything else.
      expect({ ...f, suspended: true }, {}, false, "SUSPENDED");
    }
  });

  test("check-in", () => {
    const rules = { checkInIntervalSeconds: 3600 };
    expect(facts(rules, { lastCheckInAt: iso(-3601) }), {}, false, "OVERDUE");
    expect(facts(rules, { lastCheckInAt: iso(-3600) }), {}, true, "VALID");
    // Never checked in: counted from creation (a day ago).
    expect(facts(rules), {}, false, "OVERDUE");
    assert.equal(
      checkInDueAt(withDefaults(rules), facts(rules, { lastCheckInAt: iso(-600) })),
      iso(3000),
    );
    assert.equal(checkInDueAt(withDefaults({}), facts({})), null);
  });

  test("the client's scope: product, platform, app identifier, version", () => {
    const f = facts(
      { minVersion: "2.0", maxVersion: "2" },
      { platforms: ["linux", "macos"], appIdentifiers: ["com.acme.app"] },
    );
    expect(f, { productId: "prod_2" }, false, "PRODUCT_SCOPE_MISMATCH");
    expect(f, { platform: "windows" }, false, "PLATFORM_NOT_ALLOWED");
    expect(f, { appIdentifier: "com.evil.app" }, false, "APP_IDENTIFIER_NOT_ALLOWED");
    expect(f, { appVersion: "1.9.9" }, false, "VERSION_NOT_ALLOWED");
    expect(f, { appVersion: "3.0" }, false, "VERSION_NOT_ALLOWED");
    expect(f, { appVersion: "not-a-version" }, false, "VERSION_NOT_ALLOWED");
    expect(
      f,
      {
        productId: "prod_1",
        platform: "linux",
        appIdentifier: "com.acme.app",
        appVersion: "2.7.1",
      },
      true,
      "VALID",
    );
  });

  test("limits with and without their grace stage", () => {
    const floating = { floating: true, maxMachines: 5 };
    expect(facts(floating, { machineCount: 6 }), {}, false, "TOO_MANY_MACHINES");
    const grace = { ...floating, overage: { strategy: "count" as const, allowance: 1 } };
    const inGrace = validateLicense(facts(grace, { machineCount: 6 }), {}, NOW);
    assert.deepEqual([inGrace.valid, inGrace.code], [true, "VALID"]);
    assert.match(inGrace.detail, /grace/);
    expect(facts({ maxUses: 100 }, { uses: 101 }), {}, false, "QUOTA_EXCEEDED");
    expect(facts({ maxUses: 100 }, { uses: 100 }), {}, true, "VALID");
  });

  test("the device: machines, fingerprint, heartbeat", () => {
    const scope = { fingerprint: "fp-1" };
    expect(facts({}, { machineCount: 0, machine: null }), scope, false, "NO_MACHINE");
    expect(
      facts({ floating: true }, { machineCount: 0, machine: null }),
      scope,
      false,
      "NO_MACHINES",
    );
    expect(
      facts({}, { machineCount: 1, machine: null }),
      scope,
      false,
      "FINGERPRINT_SCOPE_MISMATCH",
    );
    const beating = { heartbeatDeadlineAt: iso(60) };
    expect(
      facts({}, { machine: { lastHeartbeatAt: null, ...beating } }),
      scope,
      false,
      "HEARTBEAT_NOT_STARTED",
    );
    expect(facts({}, { machine: { lastHeartbeatAt: iso(-10), ...beating } }), scope, true, "VALID");
    expect(
      facts({}, { machine: { lastHeartbeatAt: iso(-100), heartbeatDeadlineAt: iso(0) } }),
      scope,
      false,
      "HEARTBEAT_DEAD",
    );
    // Without a fingerprint the license itself is validated: no device checks.
    expect(facts({}, { machineCount: 0, machine: null }), {}, true, "VALID");
  });

  test("entitlements", () => {
    const f = facts({}, { entitlements: ["export", "sync"] });
    expect(f, { entitlements: ["export", "print"] }, false, "ENTITLEMENTS_MISSING");
    expect(f, { entitlements: ["export", "sync"] }, true, "VALID");
  });

  test("every code of the list was produced above", () => {
    assert.deepEqual([...produced].sort(), [...VALIDATION_CODES].sort());
  });
});

describe("activation decisions", () => {
  const base: Omit<ActivationFacts, "rules"> = {
    suspended: false,
    revokedAt: null,
    expiresAt: null,
    machineCount: 0,
  };
  const decide = (rules: PolicyRulesInput, change: Partial<typeof base> = {}) => {
    const decision = activationDecision({ ...base, ...change, rules: withDefaults(rules) }, NOW);
    return decision.ok ? "ok" : decision.code;
  };

  test("limits count the grace stage", () => {
    assert.equal(decide({}), "ok");
    assert.equal(decide({}, { machineCount: 1 }), "MACHINE_LIMIT_EXCEEDED");
    const floating = { floating: true, maxMachines: 10 };
    assert.equal(decide(floating, { machineCount: 9 }), "ok");
    assert.equal(decide(floating, { machineCount: 10 }), "MACHINE_LIMIT_EXCEEDED");
    const percent = { ...floating, overage: { strategy: "percent" as const, allowance: 20 } };
    assert.equal(decide(percent, { machineCount: 11 }), "ok");
    assert.equal(decide(percent, { machineCount: 12 }), "MACHINE_LIMIT_EXCEEDED");
    assert.equal(decide({ floating: true }, { machineCount: 1_000_000 }), "ok");
  });

  test("refusals count in words a person reads: 1 machine, 2 machines", () => {
    const message = (rules: PolicyRulesInput, machineCount: number) => {
      const decision = activationDecision(
        { ...base, machineCount, rules: withDefaults(rules) },
        NOW,
      );
      return decision.ok ? "ok" : decision.message;
    };
    assert.equal(message({}, 1), "license has reached its limit of 1 machine");
    assert.equal(
      message({ floating: true, maxMachines: 2 }, 2),
      "license has reached its limit of 2 machines",
    );
    const overage = {
      floating: true,
      maxMachines: 1,
      overage: { strategy: "count" as const, allowance: 1 },
    };
    assert.equal(
      message(overage, 2),
      "license has reached its limit of 1 machine (2 with its overage)",
    );
    const tooMany = validateLicense(
      facts({ floating: true, maxMachines: 1 }, { machineCount: 2 }),
      {},
      NOW,
    );
    assert.equal(tooMany.detail, "license has 2 machines, more than its limit allows");
    const quota = validateLicense(facts({ maxUses: 1 }, { uses: 2 }), {}, NOW);
    assert.equal(quota.detail, "license has used 2 of 1 use");
  });

  test("license states", () => {
    assert.equal(decide({}, { revokedAt: iso(-1) }), "LICENSE_REVOKED");
    assert.equal(decide({}, { suspended: true }), "LICENSE_SUSPENDED");
    const timed = { model: "timed" as const, durationSeconds: DAY_SECONDS };
    for (const [strategy, outcome] of [
      ["restrict", "LICENSE_EXPIRED"],
      ["revoke", "LICENSE_EXPIRED"],
      ["maintain", "LICENSE_EXPIRED"],
      ["allow", "ok"],
    ] as const) {
      assert.equal(
        decide({ ...timed, expirationStrategy: strategy }, { expiresAt: iso(-1) }),
        outcome,
      );
    }
  });

  test("expiry bases start the clock once, at their event", () => {
    const rules = withDefaults({
      model: "timed",
      durationSeconds: DAY_SECONDS,
      expirationBasis: "first_activation",
    });
    assert.equal(expiryStartingAt(rules, "first_activation", null, NOW), iso(DAY_SECONDS));
    assert.equal(expiryStartingAt(rules, "first_validation", null, NOW), null);
    assert.equal(expiryStartingAt(rules, "first_activation", iso(5), NOW), null);
  });
});

describe("limits, versions and lease times", () => {
  test("overage arithmetic", () => {
    assert.equal(limitWithOverage(null, { strategy: "count", allowance: 5 }), null);
    assert.equal(limitWithOverage(10, { strategy: "none", allowance: 0 }), 10);
    assert.equal(limitWithOverage(10, { strategy: "count", allowance: 3 }), 13);
    assert.equal(limitWithOverage(5, { strategy: "percent", allowance: 10 }), 5);
    assert.equal(limitWithOverage(10, { strategy: "percent", allowance: 10 }), 11);
  });

  test("versions compare by number, and a max of 2 covers every 2.x", () => {
    assert.ok(compareVersions("1.10", "1.9") > 0);
    assert.equal(compareVersions("2", "2.0.0"), 0);
    assert.ok(versionAllowed("2.99.1", "2", "2"));
    assert.ok(!versionAllowed("3.0", null, "2"));
    assert.ok(versionAllowed("anything", null, null));
  });

  test("a lease lasts the lease duration plus grace, within expiry, heartbeat and check-in deadlines", () => {
    const rules = withDefaults({
      leaseDurationSeconds: 3600,
      offlineGraceSeconds: 3 * DAY_SECONDS,
    });
    const t = Math.floor(NOW.getTime() / 1000);
    const free = { expiresAt: null, heartbeatDeadlineAt: null, checkInDueAt: null };
    assert.deepEqual(leaseTimes(rules, true, NOW, free), {
      issuedAt: t,
      leaseUntil: t + 3600,
      graceUntil: t + 3600 + 3 * DAY_SECONDS,
    });
    assert.deepEqual(leaseTimes(rules, true, NOW, { ...free, expiresAt: iso(600) }), {
      issuedAt: t,
      leaseUntil: t + 600,
      graceUntil: t + 600,
    });
    // "allow"/"maintain" keep access after expiry: the expiry does not cut the lease.
    const allow = withDefaults({ ...rules, expirationStrategy: "allow" });
    assert.equal(
      leaseTimes(allow, true, NOW, { ...free, expiresAt: iso(600) }).leaseUntil,
      t + 3600,
    );
    assert.equal(
      leaseTimes(rules, true, NOW, { ...free, heartbeatDeadlineAt: iso(120) }).graceUntil,
      t + 120,
    );
    assert.deepEqual(leaseTimes(rules, true, NOW, { ...free, checkInDueAt: iso(1800) }), {
      issuedAt: t,
      leaseUntil: t + 1800,
      graceUntil: t + 1800,
    });
    assert.deepEqual(leaseTimes(rules, false, NOW, free), {
      issuedAt: t,
      leaseUntil: t,
      graceUntil: t,
    });
  });

  test("T9 the grace ends at most 365 days after the answer, also for rules stored before that was checked", () => {
    const legacy = withDefaults({
      leaseDurationSeconds: 365 * DAY_SECONDS,
      offlineGraceSeconds: 365 * DAY_SECONDS,
    });
    const t = Math.floor(NOW.getTime() / 1000);
    const free = { expiresAt: null, heartbeatDeadlineAt: null, checkInDueAt: null };
    assert.deepEqual(leaseTimes(legacy, true, NOW, free), {
      issuedAt: t,
      leaseUntil: t + 365 * DAY_SECONDS,
      graceUntil: t + 365 * DAY_SECONDS,
    });
    const month = withDefaults({ ...legacy, leaseDurationSeconds: 30 * DAY_SECONDS });
    assert.equal(leaseTimes(month, true, NOW, free).graceUntil, t + 365 * DAY_SECONDS);
  });
});
