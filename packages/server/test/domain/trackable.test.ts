// The pure rules of trackable licenses (SPEC T2, T5, T8, T10).
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { withDefaults } from "../../src/domain/policy.js";
import {
  admitReports,
  alertsCrossed,
  codeAnswers,
  DEFAULT_TRACKABLE_SETTINGS,
  deviceDecision,
  deviceStage,
  domainAllowed,
  fieldRefusal,
  holdsSeat,
  licenseStage,
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

test("T8: reports count in order while the quotas are not exhausted before them, however they are batched", () => {
  const settings = trackableSettings({ featureQuotas: { images: 30 } });
  const add = (totals: Map<string, number>, counters: Record<string, number>) => {
    for (const [feature, count] of Object.entries(counters)) {
      totals.set(feature, (totals.get(feature) ?? 0) + count);
      totals.set("*", (totals.get("*") ?? 0) + count);
    }
  };
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 500 }),
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 600 }),
      fc.array(fc.record({ pages: fc.nat(40), images: fc.nat(5) }), { maxLength: 40 }),
      fc.array(fc.nat(40)),
      (maxUses, allowance, used, counters, cuts) => {
        const rules = withDefaults({
          maxUses,
          overage: allowance === 0 ? { strategy: "none" } : { strategy: "count", allowance },
        });
        const reports = counters.map((c, i) => ({ id: i, counters: c }));
        const start = new Map([["*", used]]);
        const whole = admitReports(start, rules, settings, reports);
        // Each admitted report found the quotas not exhausted; the refused are the rest.
        const running = new Map(start);
        for (const report of whole.admitted) {
          assert.notEqual(usageStage(running, rules, settings), "exhausted");
          add(running, report.counters);
        }
        assert.deepEqual([...whole.admitted, ...whole.refused], reports);
        if (whole.refused.length > 0) {
          assert.equal(usageStage(running, rules, settings), "exhausted");
        }
        // The same reports in requests cut anywhere, each from what counted before it.
        const totals = new Map(start);
        const admitted: typeof reports = [];
        const edges = [0, ...cuts.filter((c) => c < reports.length), reports.length];
        edges.sort((a, b) => a - b);
        for (let i = 0; i + 1 < edges.length; i++) {
          const part = admitReports(totals, rules, settings, reports.slice(edges[i], edges[i + 1]));
          for (const report of part.admitted) add(totals, report.counters);
          admitted.push(...part.admitted);
        }
        assert.deepEqual(admitted, whole.admitted);
      },
    ),
  );
});

test("T8/T10: the devices' stage is grace past the limit, never exhausted; the license's is the worst", () => {
  assert.equal(deviceStage(5, 5), "ok");
  assert.equal(deviceStage(6, 5), "grace");
  assert.equal(deviceStage(10 ** 6, null), "ok");
  const rules = withDefaults({
    floating: true,
    maxMachines: 5,
    maxUses: 100,
    overage: { strategy: "count", allowance: 1 },
  });
  const settings = trackableSettings({});
  assert.equal(licenseStage(new Map([["*", 10]]), 5, rules, settings), "ok");
  assert.equal(licenseStage(new Map([["*", 10]]), 6, rules, settings), "grace");
  assert.equal(licenseStage(new Map([["*", 101]]), 6, rules, settings), "exhausted");
  assert.deepEqual(
    alertsCrossed(
      [
        { metric: "devices", limit: 5, before: 3, after: 5 },
        { metric: "uses", limit: null, before: 0, after: 10 ** 6 },
      ],
      [80, 90, 100],
    ),
    [
      { metric: "devices", threshold: 80, used: 5, limit: 5 },
      { metric: "devices", threshold: 90, used: 5, limit: 5 },
      { metric: "devices", threshold: 100, used: 5, limit: 5 },
    ],
  );
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
