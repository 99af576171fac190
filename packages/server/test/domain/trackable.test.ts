// The pure rules of trackable licenses (SPEC T2, T5, T8, T10).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { withDefaults } from "../../src/domain/policy.js";
import {
  codeAnswers,
  DEFAULT_TRACKABLE_SETTINGS,
  deviceDecision,
  domainAllowed,
  fieldRefusal,
  holdsSeat,
  periodKey,
  periodStart,
  quotaStage,
  resolveRequest,
  thresholdsCrossed,
  trackableSettings,
  usageStage,
} from "../../src/domain/trackable.js";

const NOW = new Date("2030-05-17T08:30:00.000Z");

test("T2: the resolution table", () => {
  assert.deepEqual(resolveRequest({ organizationId: "org_a" }), {
    kind: "default",
    organizationId: "org_a",
  });
  assert.deepEqual(resolveRequest({ organizationId: "org_a", handshakeCode: "C" }), {
    kind: "code",
    code: "C",
    organizationId: "org_a",
  });
  assert.deepEqual(resolveRequest({ handshakeCode: "C" }), {
    kind: "code",
    code: "C",
    organizationId: null,
  });
  assert.deepEqual(resolveRequest({}), { kind: "public_trial" });
  const both = { kind: "code", code: "C", organizationId: "org_a" } as const;
  assert.equal(codeAnswers(both, "org_a"), true);
  assert.equal(codeAnswers(both, "org_b"), false);
  assert.equal(codeAnswers({ ...both, organizationId: null }, "org_b"), true);
});

test("T5: validation fields; empty lists allow anything, wildcards match subdomains only", () => {
  const lists = {
    domains: ["*.acme.example", "Shop.example"],
    processNames: ["a.exe"],
    appIdentifiers: [],
  };
  assert.equal(fieldRefusal(lists, { domain: "x.ACME.example", processName: "a.exe" }), null);
  assert.equal(
    fieldRefusal(lists, { domain: "shop.EXAMPLE", processName: "a.exe", appIdentifier: "any" }),
    null,
  );
  assert.equal(
    fieldRefusal(lists, { domain: "acme.example", processName: "a.exe" }),
    "DOMAIN_NOT_ALLOWED",
  );
  assert.equal(
    fieldRefusal(lists, { domain: "x.acme.example", processName: "A.exe" }),
    "PROCESS_NOT_ALLOWED",
  );
  assert.equal(
    fieldRefusal({ domains: [], processNames: [], appIdentifiers: ["com.a"] }, {}),
    "APP_IDENTIFIER_NOT_ALLOWED",
  );
  assert.equal(fieldRefusal({ domains: [], processNames: [], appIdentifiers: [] }, {}), null);
  assert.equal(domainAllowed(["*.acme.example"], "evilacme.example"), false);
  assert.equal(domainAllowed(["*.acme.example"], ".acme.example"), false);
  assert.equal(domainAllowed(["*.acme.example"], undefined), false);
});

test("T8: quota stages with the overage", () => {
  const none = { strategy: "none", allowance: 0 } as const;
  const tenPercent = { strategy: "percent", allowance: 10 } as const;
  assert.equal(quotaStage(99, 100, none), "ok");
  assert.equal(quotaStage(100, 100, none), "exhausted");
  assert.equal(quotaStage(100, 100, tenPercent), "grace");
  assert.equal(quotaStage(109, 100, tenPercent), "grace");
  assert.equal(quotaStage(110, 100, tenPercent), "exhausted");
  assert.equal(quotaStage(10 ** 9, null, none), "ok");
  const rules = withDefaults({ maxUses: 100 });
  const settings = trackableSettings({ featureQuotas: { images: 5 } });
  assert.equal(
    usageStage(
      new Map([
        ["*", 50],
        ["images", 5],
      ]),
      rules,
      settings,
    ),
    "exhausted",
  );
  assert.equal(
    usageStage(
      new Map([
        ["*", 50],
        ["images", 4],
      ]),
      rules,
      settings,
    ),
    "ok",
  );
});

test("T8: over any sequence of reports each threshold is crossed exactly once", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 30 }),
      (limit, increments) => {
        const crossed: number[] = [];
        let used = 0;
        for (const increment of increments) {
          crossed.push(...thresholdsCrossed(used, used + increment, limit, [80, 90, 100]));
          used += increment;
        }
        const expected = [80, 90, 100].filter((t) => used * 100 >= t * limit);
        assert.deepEqual(crossed, expected);
      },
    ),
  );
  assert.deepEqual(thresholdsCrossed(0, 10 ** 6, null, [80]), []);
});

test("T10: seats per device model and the decision for seated devices", () => {
  const seen = { lastSeenAt: "2030-05-02T00:00:00.000Z", seatUntil: "2030-05-17T08:31:00.000Z" };
  const since = periodStart("month", NOW);
  assert.equal(since, "2030-05-01T00:00:00.000Z");
  assert.equal(periodKey("month", NOW), "2030-05");
  assert.equal(periodKey("lifetime", NOW), "lifetime");
  assert.equal(holdsSeat("per_device", seen, NOW, since), true);
  assert.equal(holdsSeat("per_device", null, NOW, since), false);
  assert.equal(holdsSeat("concurrent", seen, NOW, since), true);
  assert.equal(
    holdsSeat("concurrent", { ...seen, seatUntil: NOW.toISOString() }, NOW, since),
    false,
  );
  assert.equal(holdsSeat("per_active_device", seen, NOW, since), true);
  assert.equal(
    holdsSeat("per_active_device", { ...seen, lastSeenAt: "2030-04-30T23:59:59.999Z" }, NOW, since),
    false,
  );

  const facts = {
    suspended: false,
    revokedAt: null,
    expiresAt: null,
    rules: withDefaults({ floating: true, maxMachines: 2 }),
    machineCount: 2,
  };
  assert.deepEqual(deviceDecision(facts, true, NOW), { ok: true });
  assert.equal(deviceDecision(facts, false, NOW).ok, false);
  assert.equal(deviceDecision({ ...facts, machineCount: 1 }, false, NOW).ok, true);
  const expired = { ...facts, expiresAt: "2030-05-01T00:00:00.000Z" };
  assert.equal(deviceDecision(expired, true, NOW).ok, false);
  const maintained = {
    ...expired,
    rules: { ...expired.rules, expirationStrategy: "maintain" as const },
  };
  assert.deepEqual(deviceDecision(maintained, true, NOW), { ok: true });
  assert.equal(deviceDecision({ ...facts, suspended: true }, true, NOW).ok, false);
  assert.equal(DEFAULT_TRACKABLE_SETTINGS.inactiveDays, 90);
  assert.deepEqual(DEFAULT_TRACKABLE_SETTINGS.alertThresholds, [80, 90, 100]);
});
