import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkPolicyRules,
  DAY_SECONDS,
  effectiveRules,
  initialExpiry,
  mergeRules,
  type PolicyRules,
  type PolicyRulesInput,
  renewedExpiry,
  resolvePolicyRules,
  withDefaults,
} from "../../src/domain/policy.js";

function problemsOf(input: PolicyRulesInput): string[] {
  const result = resolvePolicyRules(input);
  return result.ok ? [] : result.problems.map((p) => p.field);
}

function rules(input: PolicyRulesInput): PolicyRules {
  const result = resolvePolicyRules(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.rules;
}

describe("policy rules: defaults", () => {
  test("an empty input is a node-locked perpetual policy with plain keys", () => {
    assert.deepEqual(rules({}), {
      model: "perpetual",
      durationSeconds: null,
      floating: false,
      maxMachines: 1,
      maxUses: null,
      overage: { strategy: "none", allowance: 0 },
      heartbeat: { required: false, durationSeconds: null, cullStrategy: "deactivate" },
      leaseDurationSeconds: DAY_SECONDS,
      offlineGraceSeconds: 7 * DAY_SECONDS,
      scheme: null,
      expirationStrategy: "restrict",
      expirationBasis: "creation",
      checkInIntervalSeconds: null,
      minVersion: null,
      maxVersion: null,
    });
  });

  test("floating without maxMachines is unlimited", () => {
    assert.equal(rules({ floating: true }).maxMachines, null);
    assert.equal(rules({ floating: true, maxMachines: 5 }).maxMachines, 5);
  });

  test("every model with what it needs resolves", () => {
    for (const input of [
      { model: "perpetual" },
      { model: "timed", durationSeconds: 30 * DAY_SECONDS },
      { model: "subscription", durationSeconds: 365 * DAY_SECONDS },
      { model: "trial", durationSeconds: 14 * DAY_SECONDS, floating: true, maxMachines: 2 },
      { model: "consumption", maxUses: 1000 },
      { model: "consumption", maxUses: 1000, durationSeconds: DAY_SECONDS },
    ] as PolicyRulesInput[]) {
      assert.deepEqual(problemsOf(input), [], JSON.stringify(input));
    }
  });
});

describe("policy rules: inconsistencies are listed, all at once", () => {
  const cases: Array<[string, PolicyRulesInput, string[]]> = [
    [
      "perpetual with a duration",
      { model: "perpetual", durationSeconds: 3600 },
      ["durationSeconds"],
    ],
    ["timed without duration", { model: "timed" }, ["durationSeconds"]],
    ["subscription without duration", { model: "subscription" }, ["durationSeconds"]],
    ["trial without duration", { model: "trial" }, ["durationSeconds"]],
    ["consumption without quota", { model: "consumption" }, ["maxUses"]],
    ["duration under a minute", { model: "timed", durationSeconds: 59 }, ["durationSeconds"]],
    ["fractional duration", { model: "timed", durationSeconds: 3600.5 }, ["durationSeconds"]],
    ["node-locked with 3 machines", { maxMachines: 3 }, ["maxMachines"]],
    ["node-locked unlimited", { maxMachines: null }, ["maxMachines"]],
    ["floating with 0 machines", { floating: true, maxMachines: 0 }, ["maxMachines"]],
    ["negative quota", { maxUses: -1 }, ["maxUses"]],
    ["zero quota", { maxUses: 0 }, ["maxUses"]],
    [
      "none overage with allowance",
      { maxUses: 10, overage: { strategy: "none", allowance: 5 } },
      ["overage.allowance"],
    ],
    [
      "percent overage 0",
      { maxUses: 10, overage: { strategy: "percent", allowance: 0 } },
      ["overage.allowance"],
    ],
    [
      "percent overage over 1000",
      { maxUses: 10, overage: { strategy: "percent", allowance: 1001 } },
      ["overage.allowance"],
    ],
    [
      "count overage 0",
      { maxUses: 10, overage: { strategy: "count", allowance: 0 } },
      ["overage.allowance"],
    ],
    [
      "overage without any limit",
      { floating: true, overage: { strategy: "count", allowance: 2 } },
      ["overage.strategy"],
    ],
    [
      "heartbeat required without duration",
      { heartbeat: { required: true } },
      ["heartbeat.durationSeconds"],
    ],
    [
      "heartbeat duration too short",
      { heartbeat: { durationSeconds: 10 } },
      ["heartbeat.durationSeconds"],
    ],
    [
      "offline grace under 3 days",
      { offlineGraceSeconds: 3 * DAY_SECONDS - 1 },
      ["offlineGraceSeconds"],
    ],
    [
      "offline grace over 365 days",
      { offlineGraceSeconds: 365 * DAY_SECONDS + 1 },
      ["offlineGraceSeconds"],
    ],
    ["lease under a minute", { leaseDurationSeconds: 1 }, ["leaseDurationSeconds"]],
    ["unknown scheme", { scheme: "ROT13" as never }, ["scheme"]],
    ["unknown model", { model: "forever" as never }, ["model"]],
    [
      "unknown expiration strategy",
      { expirationStrategy: "maybe" as never },
      ["expirationStrategy"],
    ],
    ["unknown expiration basis", { expirationBasis: "later" as never }, ["expirationBasis"]],
    [
      "unknown cull strategy",
      { heartbeat: { cullStrategy: "drop" as never } },
      ["heartbeat.cullStrategy"],
    ],
    [
      "several problems at once",
      { model: "timed", maxMachines: 4, offlineGraceSeconds: 60 },
      ["durationSeconds", "maxMachines", "offlineGraceSeconds"],
    ],
  ];
  for (const [title, input, fields] of cases) {
    test(title, () => {
      assert.deepEqual(problemsOf(input), fields);
      const result = resolvePolicyRules(input);
      assert.equal(result.ok, false);
      if (!result.ok) for (const p of result.problems) assert.ok(p.message.length > 0);
    });
  }

  test("the offline bounds themselves are accepted: a grace of 3 days, lease and grace of 365", () => {
    assert.deepEqual(problemsOf({ offlineGraceSeconds: 3 * DAY_SECONDS }), []);
    assert.deepEqual(
      problemsOf({ leaseDurationSeconds: 60, offlineGraceSeconds: 365 * DAY_SECONDS - 60 }),
      [],
    );
    // T9 counts from the authorization: the default lease (a day) leaves 364 days of grace.
    assert.deepEqual(problemsOf({ offlineGraceSeconds: 364 * DAY_SECONDS }), []);
    assert.deepEqual(problemsOf({ offlineGraceSeconds: 365 * DAY_SECONDS }), [
      "offlineGraceSeconds",
    ]);
  });

  test("overage is allowed on floating machines or a quota", () => {
    assert.deepEqual(
      problemsOf({
        floating: true,
        maxMachines: 5,
        overage: { strategy: "percent", allowance: 20 },
      }),
      [],
    );
    assert.deepEqual(
      problemsOf({ maxUses: 100, overage: { strategy: "count", allowance: 10 } }),
      [],
    );
  });

  test("checkPolicyRules of a complete valid rule set is empty", () => {
    assert.deepEqual(checkPolicyRules(withDefaults({})), []);
  });
});

describe("policy rules: merging a change", () => {
  test("fields replace, nested objects merge field by field", () => {
    const current = rules({
      model: "timed",
      durationSeconds: DAY_SECONDS,
      heartbeat: { required: true, durationSeconds: 600 },
    });
    const merged = rules(
      mergeRules(current, {
        durationSeconds: 2 * DAY_SECONDS,
        heartbeat: { cullStrategy: "keep" },
      }),
    );
    assert.equal(merged.durationSeconds, 2 * DAY_SECONDS);
    assert.deepEqual(merged.heartbeat, {
      required: true,
      durationSeconds: 600,
      cullStrategy: "keep",
    });
  });

  test("switching to floating makes machines unlimited, back to node-locked makes it 1", () => {
    const floating = rules(mergeRules(rules({}), { floating: true }));
    assert.equal(floating.maxMachines, null);
    const locked = rules(
      mergeRules(rules({ floating: true, maxMachines: 7 }), { floating: false }),
    );
    assert.equal(locked.maxMachines, 1);
  });

  test("a change that breaks consistency is reported", () => {
    const current = rules({ model: "timed", durationSeconds: DAY_SECONDS });
    const result = resolvePolicyRules(mergeRules(current, { model: "perpetual" }));
    assert.equal(result.ok, false);
  });
});

describe("policy rules: license overrides and expiry math", () => {
  test("overrides apply and are checked against the policy", () => {
    const floating = rules({ floating: true, maxMachines: 2 });
    const result = effectiveRules(floating, { maxMachines: 10, maxUses: 50 });
    assert.ok(result.ok);
    if (result.ok) {
      assert.equal(result.rules.maxMachines, 10);
      assert.equal(result.rules.maxUses, 50);
    }
    const locked = effectiveRules(rules({}), { maxMachines: 3 });
    assert.equal(locked.ok, false);
    assert.equal(effectiveRules(rules({}), { offlineGraceSeconds: 1 }).ok, false);
  });

  test("rules stored before the 365-day offline bound keep their overrides and take other changes", () => {
    // A 30-day lease and a 365-day grace: accepted before lease + grace had to fit in 365 days.
    const stored = withDefaults({
      floating: true,
      maxMachines: 1,
      leaseDurationSeconds: 30 * DAY_SECONDS,
      offlineGraceSeconds: 365 * DAY_SECONDS,
    });
    const overridden = effectiveRules(stored, { maxMachines: 3 });
    assert.ok(overridden.ok, "the license's overrides still apply");
    assert.equal(overridden.ok && overridden.rules.maxMachines, 3);
    const other: PolicyRulesInput = { maxUses: 5 };
    assert.ok(resolvePolicyRules(mergeRules(stored, other), other).ok);
    // Changing the lease or the grace checks the bound again.
    const regrace = resolvePolicyRules(
      mergeRules(stored, { offlineGraceSeconds: 360 * DAY_SECONDS }),
    );
    assert.deepEqual(regrace.ok ? [] : regrace.problems.map((p) => p.field), [
      "offlineGraceSeconds",
    ]);
  });

  test("initial expiry: creation + duration only when counted from creation", () => {
    const created = new Date("2030-01-01T00:00:00.000Z");
    assert.equal(initialExpiry(rules({}), created), null);
    const timed = rules({ model: "timed", durationSeconds: DAY_SECONDS });
    assert.equal(initialExpiry(timed, created)?.toISOString(), "2030-01-02T00:00:00.000Z");
    const later = rules({
      model: "timed",
      durationSeconds: DAY_SECONDS,
      expirationBasis: "first_activation",
    });
    assert.equal(initialExpiry(later, created), null);
  });

  test("renewal extends from the later of now and the expiry", () => {
    const timed = rules({ model: "timed", durationSeconds: DAY_SECONDS });
    const now = new Date("2030-01-10T00:00:00.000Z");
    const future = new Date("2030-01-20T00:00:00.000Z");
    const past = new Date("2030-01-05T00:00:00.000Z");
    assert.equal(renewedExpiry(timed, future, now)?.toISOString(), "2030-01-21T00:00:00.000Z");
    assert.equal(renewedExpiry(timed, past, now)?.toISOString(), "2030-01-11T00:00:00.000Z");
    assert.equal(renewedExpiry(timed, null, now)?.toISOString(), "2030-01-11T00:00:00.000Z");
    assert.equal(renewedExpiry(rules({}), null, now), null);
  });
});
