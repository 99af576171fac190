// Racing a reference against the deletion of what it names: a license naming a user while the
// user is deleted, a token issued for a license being deleted, a license moved to a policy or a
// policy chosen for public trials while it is deleted… Either the reference lands first and
// the deletion is refused (or takes the reference with it), or the deletion wins and the
// reference is 404: never both, never a 500, and nothing is left dangling. Both sides take the
// named row's lock (store/scoped.ts lockScoped), so this holds on PostgreSQL's pool of
// connections too.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  createUser,
} from "./licensing-fixtures.js";
import { type Api, type ApiResponse, api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { danglingReferences } from "./support/tables.js";

const ROUNDS = 6;

/** "<status> <error code>", or the status alone for a success. */
type Outcome = string;

interface Race {
  /** Makes what the two calls race over. */
  setup(call: Api): Promise<{ reference(): Promise<ApiResponse>; remove(): Promise<ApiResponse> }>;
  /** The [reference, deletion] outcomes that may happen. */
  allowed: Array<[Outcome, Outcome]>;
}

function outcome(response: ApiResponse): Outcome {
  return response.status < 300
    ? String(response.status)
    : `${response.status} ${response.body?.error?.code}`;
}

/** A policy with its product: what most races need. */
async function anyPolicy(call: Api) {
  return createPolicy(call, await createProduct(call), { floating: true, maxMachines: 5 });
}

const RACES: Record<string, Race> = {
  "a new license names a user / the user is deleted": {
    async setup(call) {
      const policy = await anyPolicy(call);
      const userId = await createUser(call, `racer-${Math.random()}@example.com`);
      return {
        reference: () => call("POST", "/v1/licenses", { policyId: policy.id, userId }),
        remove: () => call("DELETE", `/v1/users/${userId}`),
      };
    },
    allowed: [
      ["201", "409 USER_HAS_LICENSES"],
      ["404 USER_NOT_FOUND", "204"],
    ],
  },
  "a license is given a user / the user is deleted": {
    async setup(call) {
      const license = await createLicense(call, await anyPolicy(call));
      const userId = await createUser(call, `racer-${Math.random()}@example.com`);
      return {
        reference: () => call("PATCH", `/v1/licenses/${license.id}`, { userId }),
        remove: () => call("DELETE", `/v1/users/${userId}`),
      };
    },
    allowed: [
      ["200", "409 USER_HAS_LICENSES"],
      ["404 USER_NOT_FOUND", "204"],
    ],
  },
  "a license is created under a policy / the policy is deleted": {
    async setup(call) {
      const policy = await anyPolicy(call);
      return {
        reference: () => call("POST", "/v1/licenses", { policyId: policy.id }),
        remove: () => call("DELETE", `/v1/policies/${policy.id}`),
      };
    },
    allowed: [
      ["201", "409 POLICY_IN_USE"],
      ["404 POLICY_NOT_FOUND", "204"],
    ],
  },
  "a license is moved to a policy / the policy is deleted": {
    async setup(call) {
      const license = await createLicense(call, await anyPolicy(call));
      const to = await createPolicy(call, license.productId, { floating: true });
      return {
        reference: () => call("PATCH", `/v1/licenses/${license.id}`, { policyId: to.id }),
        remove: () => call("DELETE", `/v1/policies/${to.id}`),
      };
    },
    allowed: [
      ["200", "409 POLICY_IN_USE"],
      ["404 POLICY_NOT_FOUND", "204"],
    ],
  },
  "a policy is chosen for public trials / the policy is deleted": {
    async setup(call) {
      const policy = await anyPolicy(call);
      return {
        reference: () =>
          call("PUT", `/v1/products/${policy.productId}/trackable`, {
            publicTrialPolicyId: policy.id,
          }),
        remove: () => call("DELETE", `/v1/policies/${policy.id}`),
      };
    },
    allowed: [
      ["200", "409 POLICY_IN_USE"],
      ["404 POLICY_NOT_FOUND", "204"],
    ],
  },
  "a license token is issued / the license is deleted": {
    async setup(call) {
      const license = await createLicense(call, await anyPolicy(call));
      return {
        reference: () => call("POST", `/v1/licenses/${license.id}/tokens`, {}),
        remove: () => call("DELETE", `/v1/licenses/${license.id}`),
      };
    },
    // Issued first, the token is revoked with its license.
    allowed: [
      ["201", "204"],
      ["404 LICENSE_NOT_FOUND", "204"],
    ],
  },
  "a machine is activated / the license is deleted": {
    async setup(call) {
      const license = await createLicense(call, await anyPolicy(call));
      return {
        reference: () =>
          call("POST", "/v1/machines", { licenseId: license.id, fingerprint: "racing-device" }),
        remove: () => call("DELETE", `/v1/licenses/${license.id}`),
      };
    },
    allowed: [
      ["201", "204"],
      ["404 LICENSE_NOT_FOUND", "204"],
    ],
  },
  "an entitlement is attached / the license is deleted": {
    async setup(call) {
      const license = await createLicense(call, await anyPolicy(call));
      const entitlementId = await createEntitlement(call, `racing-${Math.random()}`);
      return {
        reference: () =>
          call("POST", `/v1/licenses/${license.id}/entitlements`, {
            entitlementIds: [entitlementId],
          }),
        remove: () => call("DELETE", `/v1/licenses/${license.id}`),
      };
    },
    allowed: [
      ["204", "204"],
      ["404 LICENSE_NOT_FOUND", "204"],
    ],
  },
  "a product token is issued / the product is deleted": {
    async setup(call) {
      const productId = await createProduct(call);
      return {
        reference: () => call("POST", "/v1/tokens", { kind: "product", productId }),
        remove: () => call("DELETE", `/v1/products/${productId}`),
      };
    },
    allowed: [
      ["201", "409 PRODUCT_HAS_TOKENS"],
      ["404 PRODUCT_NOT_FOUND", "204"],
    ],
  },
  "a policy is created / its product is deleted": {
    async setup(call) {
      const productId = await createProduct(call);
      return {
        reference: () => call("POST", "/v1/policies", { productId, name: "racing" }),
        remove: () => call("DELETE", `/v1/products/${productId}`),
      };
    },
    // A product with policies is refused, saying so (docs/server.md, Products).
    allowed: [
      ["201", "409 PRODUCT_IN_USE"],
      ["404 PRODUCT_NOT_FOUND", "204"],
    ],
  },
};

forEachDatabase("references: racing a reference and the deletion of what it names", (db) => {
  const t = useTestApp(db);

  for (const [name, race] of Object.entries(RACES)) {
    test(`${name}: one wins, nothing dangles`, async (context) => {
      const call = api(t().app, t().adminToken);
      const seen = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        const { reference, remove } = await race.setup(call);
        // Alternate who starts, so either side gets to go first.
        const [referenced, removed] =
          round % 2 === 0
            ? await Promise.all([reference(), remove()])
            : await Promise.all([remove(), reference()]).then(([r, ref]) => [ref, r] as const);
        const pair: [Outcome, Outcome] = [outcome(referenced), outcome(removed)];
        assert.ok(
          race.allowed.some(([a, b]) => a === pair[0] && b === pair[1]),
          `round ${round}: ${pair.join(" / ")} (${referenced.text} / ${removed.text})`,
        );
        seen.add(pair.join(" / "));
        assert.deepEqual(await danglingReferences(t().store), [], `round ${round}`);
      }
      context.diagnostic(`outcomes: ${[...seen].join("; ")}`);
    });
  }
});
