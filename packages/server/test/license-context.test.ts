// rulesOf: parsed once per distinct JSON and shared between requests, so what it returns must
// be frozen; overrides apply, and inconsistent ones fall back to the policy's own rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { rulesOf } from "../src/services/license-context.js";

const policy = JSON.stringify({ model: "perpetual", floating: true, maxMachines: 5 });

test("the same policy and overrides give the same frozen rules, all the way down", () => {
  const first = rulesOf(policy, "{}");
  assert.equal(rulesOf(policy, "{}"), first);
  assert.equal(first.maxMachines, 5);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.heartbeat));
  assert.throws(() => {
    (first as { maxMachines: number | null }).maxMachines = 50;
  }, TypeError);
  assert.throws(() => {
    (first.heartbeat as { durationSeconds: number | null }).durationSeconds = 1;
  }, TypeError);
});

test("overrides change the rules; inconsistent ones leave the policy's", () => {
  assert.equal(rulesOf(policy, JSON.stringify({ maxMachines: 8 })).maxMachines, 8);
  // A node-locked policy cannot take more than one machine: the override is ignored.
  const nodeLocked = JSON.stringify({ model: "perpetual", floating: false });
  assert.equal(rulesOf(nodeLocked, JSON.stringify({ maxMachines: 3 })).maxMachines, 1);
});
