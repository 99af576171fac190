// References: every id a request stores (a license's userId, a token's productId, attached
// entitlements, a product's public-trial policy…) must name a row of the caller's organization.
// The walk below finds every body field of the OpenAPI document named …Id or …Ids; each must be
// in REFERENCES (tried with another organization's id, an unknown id and a malformed one: the
// same 404 or 422, nothing written) or in NOT_STORED with the reason, so a new one cannot be
// skipped silently. Deleting a row that something refers to is refused (409) and changes nothing.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  createUser,
} from "./licensing-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";

type Verb = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
type Kind = "product" | "policy" | "license" | "user" | "entitlement" | "handshakeCode";

/** The ids of one organization's rows, one of each kind. */
type Ids = Record<Kind, string>;

interface Reference {
  /** The kind of row the field names. */
  kind: Kind;
  /** The request path, with A's own rows where it has an {id}. */
  path: (a: Ids) => string;
  /** A body that is right in every way but the tried id. */
  body: (id: string, a: Ids) => unknown;
  status: 404 | 422;
  code: string;
}

const REFERENCES: Record<string, Reference> = {
  "POST /v1/tokens productId": {
    kind: "product",
    path: () => "/v1/tokens",
    body: (id) => ({ kind: "product", productId: id }),
    status: 404,
    code: "PRODUCT_NOT_FOUND",
  },
  "POST /v1/policies productId": {
    kind: "product",
    path: () => "/v1/policies",
    body: (id) => ({ productId: id, name: "stray" }),
    status: 404,
    code: "PRODUCT_NOT_FOUND",
  },
  "POST /v1/licenses productId": {
    kind: "product",
    path: () => "/v1/licenses",
    body: (id, a) => ({ policyId: a.policy, productId: id }),
    status: 422,
    code: "POLICY_PRODUCT_MISMATCH",
  },
  "POST /v1/licenses policyId": {
    kind: "policy",
    path: () => "/v1/licenses",
    body: (id) => ({ policyId: id }),
    status: 404,
    code: "POLICY_NOT_FOUND",
  },
  "POST /v1/licenses userId": {
    kind: "user",
    path: () => "/v1/licenses",
    body: (id, a) => ({ policyId: a.policy, userId: id }),
    status: 404,
    code: "USER_NOT_FOUND",
  },
  "PATCH /v1/licenses/{id} userId": {
    kind: "user",
    path: (a) => `/v1/licenses/${a.license}`,
    body: (id) => ({ userId: id, name: "renamed too" }),
    status: 404,
    code: "USER_NOT_FOUND",
  },
  "PATCH /v1/licenses/{id} policyId": {
    kind: "policy",
    path: (a) => `/v1/licenses/${a.license}`,
    body: (id) => ({ policyId: id, name: "moved too" }),
    status: 404,
    code: "POLICY_NOT_FOUND",
  },
  "POST /v1/machines licenseId": {
    kind: "license",
    path: () => "/v1/machines",
    body: (id) => ({ licenseId: id, fingerprint: "a-stray-device" }),
    status: 404,
    code: "LICENSE_NOT_FOUND",
  },
  "POST /v1/machines productId": {
    kind: "product",
    path: () => "/v1/machines",
    body: (id, a) => ({ licenseId: a.license, fingerprint: "a-stray-device", productId: id }),
    status: 422,
    code: "LICENSE_PRODUCT_MISMATCH",
  },
  "PUT /v1/products/{id}/trackable publicTrialPolicyId": {
    kind: "policy",
    path: (a) => `/v1/products/${a.product}/trackable`,
    body: (id) => ({ publicTrialPolicyId: id }),
    status: 404,
    code: "POLICY_NOT_FOUND",
  },
  "POST /v1/licenses/{id}/actions/bind-handshake-code handshakeCodeId": {
    kind: "handshakeCode",
    path: (a) => `/v1/licenses/${a.license}/actions/bind-handshake-code`,
    body: (id) => ({ handshakeCodeId: id }),
    status: 404,
    code: "HANDSHAKE_CODE_NOT_FOUND",
  },
  "POST /v1/trackable/private-trials policyId": {
    kind: "policy",
    path: () => "/v1/trackable/private-trials",
    body: (id) => ({ policyId: id }),
    status: 404,
    code: "POLICY_NOT_FOUND",
  },
};
for (const verb of ["POST", "DELETE"] as const) {
  for (const owner of ["policy", "license"] as const) {
    const collection = owner === "policy" ? "policies" : "licenses";
    REFERENCES[`${verb} /v1/${collection}/{id}/entitlements entitlementIds`] = {
      kind: "entitlement",
      path: (a) => `/v1/${collection}/${a[owner]}/entitlements`,
      // A's own entitlement first: all or nothing, so it is not attached (or detached) either.
      body: (id, a) => ({ entitlementIds: [a.entitlement, id] }),
      status: 404,
      code: "ENTITLEMENT_NOT_FOUND",
    };
  }
}

/** Fields named like ids that name no stored row of the caller, and why. */
const NOT_STORED: Record<string, string> = {
  "POST /v1/licenses/{id}/actions/validate scope.productId":
    "compared with the license's product, never stored",
  "POST /v1/licenses/actions/validate-key scope.productId":
    "compared with the license's product, never stored",
  "POST /v1/trackable/authorize organizationId": "a device's lookup (trackable.security)",
  "POST /v1/trackable/authorize productId": "a device's lookup (trackable.security)",
  "POST /v1/trackable/authorize deviceId": "the device's own UUID, not a row",
  "POST /v1/trackable/authorize hardwareId": "a keyed hash of the device's machine id, not a row",
  "POST /v1/trackable/usage organizationId": "a device's lookup (trackable.security)",
  "POST /v1/trackable/usage productId": "a device's lookup (trackable.security)",
  "POST /v1/trackable/usage reports[].reportId": "the client's id of its report",
  "POST /v1/trackable/usage reports[].deviceId": "the device's own UUID, not a row",
  "POST /v1/trackable/devices/actions/list organizationId":
    "a device's lookup (isolation.security)",
  "POST /v1/trackable/devices/actions/list productId": "a device's lookup (isolation.security)",
  "POST /v1/trackable/devices/actions/release organizationId":
    "a device's lookup (isolation.security)",
  "POST /v1/trackable/devices/actions/release productId": "a device's lookup (isolation.security)",
  "POST /v1/trackable/devices/actions/release deviceId":
    "a device's own UUID, looked up among the credential's licenses (isolation.security)",
};

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
}

/** `<field path>` of every property named …Id or …Ids in a body schema. */
function idFields(schema: Schema | undefined, prefix = ""): string[] {
  return Object.entries(schema?.properties ?? {}).flatMap(([name, property]) => [
    ...(/Ids?$/.test(name) ? [`${prefix}${name}`] : []),
    ...idFields(property, `${prefix}${name}.`),
    ...idFields(property.items, `${prefix}${name}[].`),
  ]);
}

/** One row of each kind, made through the API. */
async function rowsOf(call: Api, name: string): Promise<Ids> {
  const product = await createProduct(call, `${name}'s product`);
  const policy = await createPolicy(call, product);
  const code = await call("POST", "/v1/handshake-codes", { name: `${name}'s code` });
  assert.equal(code.status, 201, code.text);
  return {
    product,
    policy: policy.id,
    license: (await createLicense(call, policy)).id,
    user: await createUser(call, `${name.toLowerCase()}@example.com`),
    entitlement: await createEntitlement(call, `${name.toLowerCase()}-feature`),
    handshakeCode: code.body.data.id,
  };
}

const UNKNOWN: Ids = {
  product: "prod_01m84cp2y929bjrzt348fmrx3m",
  policy: "pol_01m84cp2y929bjrzt348fmrx3m",
  license: "lic_01m84cp2y929bjrzt348fmrx3m",
  user: "usr_01m84cp2y929bjrzt348fmrx3m",
  entitlement: "ent_01m84cp2y929bjrzt348fmrx3m",
  handshakeCode: "hsc_01m84cp2y929bjrzt348fmrx3m",
};

forEachDatabase("references: every stored id names a row of the caller's organization", (db) => {
  const t = useTestApp(db);
  let a: Ids;
  let b: Ids;

  before(async () => {
    a = await rowsOf(api(t().app, t().adminToken), "Alice");
    const other = await createOrganization(t().services, "Organization B");
    b = await rowsOf(api(t().app, other.adminToken), "Bob");
  });

  test("another organization's, unknown and malformed ids: refused alike, nothing written", async (context) => {
    const call = api(t().app, t().adminToken);
    const response = await call("GET", "/v1/openapi.json");
    assert.equal(response.status, 200);
    const paths = response.body.paths as Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
    >;
    const found: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = operation.requestBody?.content?.["application/json"]?.schema;
        for (const field of idFields(schema))
          found.push(`${method.toUpperCase()} ${path} ${field}`);
      }
    }
    const unknownFields = found.filter((key) => !(key in REFERENCES) && !(key in NOT_STORED));
    assert.deepEqual(unknownFields, [], "id fields in neither REFERENCES nor NOT_STORED");
    for (const key of [...Object.keys(REFERENCES), ...Object.keys(NOT_STORED)]) {
      assert.ok(found.includes(key), `${key} is no longer in the OpenAPI document`);
    }

    const before = await tableRows(t());
    let requests = 0;
    for (const [key, reference] of Object.entries(REFERENCES)) {
      const verb = key.split(" ")[0] as Verb;
      for (const id of [b[reference.kind], UNKNOWN[reference.kind], "nope"]) {
        const refused = await call(verb, reference.path(a), reference.body(id, a));
        const label = `${key} = ${id}: ${refused.status} ${refused.text}`;
        assert.equal(refused.status, reference.status, label);
        assert.equal(errorCode(refused), reference.code, label);
        requests++;
      }
    }
    context.diagnostic(`${Object.keys(REFERENCES).length} fields, ${requests} requests`);
    assert.deepEqual(await tableRows(t()), before, "a refused reference wrote something");

    // The same bodies with A's own ids are accepted: the refusals above were about the id.
    for (const [key, reference] of Object.entries(REFERENCES)) {
      const verb = key.split(" ")[0] as Verb;
      const accepted = await call(verb, reference.path(a), reference.body(a[reference.kind], a));
      assert.ok(accepted.status < 300, `${key} with A's own id: ${accepted.text}`);
    }
  });

  test("a user that a license names is not deleted (409); reassigned, it is", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const userId = await createUser(call, "licensee@example.com");
    const license = await createLicense(call, policy, { userId });
    const before = await tableRows(t());
    const refused = await call("DELETE", `/v1/users/${userId}`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), "USER_HAS_LICENSES");
    assert.deepEqual(await tableRows(t()), before);
    // Another organization's admin cannot delete A's user either (404, as an unknown id).
    const other = await createOrganization(t().services, "Deleter");
    const stranger = await api(t().app, other.adminToken)("DELETE", `/v1/users/${userId}`);
    assert.equal(stranger.status, 404, stranger.text);
    assert.equal(errorCode(stranger), "USER_NOT_FOUND");

    const detached = await call("PATCH", `/v1/licenses/${license.id}`, { userId: null });
    assert.equal(detached.status, 200, detached.text);
    assert.equal((await call("DELETE", `/v1/users/${userId}`)).status, 204);
    assert.equal((await call("GET", `/v1/users/${userId}`)).status, 404);
    // The deleted user cannot be named again.
    const renamed = await call("PATCH", `/v1/licenses/${license.id}`, { userId });
    assert.equal(renamed.status, 404, renamed.text);
    assert.equal(errorCode(renamed), "USER_NOT_FOUND");
  });

  test("a policy that a product's public trials follow is not deleted (409)", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, { model: "trial", durationSeconds: 86_400 });
    const chosen = await call("PUT", `/v1/products/${productId}/trackable`, {
      publicTrialPolicyId: policy.id,
    });
    assert.equal(chosen.status, 200, chosen.text);
    const before = await tableRows(t());
    const refused = await call("DELETE", `/v1/policies/${policy.id}`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), "POLICY_IN_USE");
    assert.match(refused.body.error.message, /public trials/);
    assert.deepEqual(await tableRows(t()), before);

    const cleared = await call("PUT", `/v1/products/${productId}/trackable`, {
      publicTrialPolicyId: null,
    });
    assert.equal(cleared.status, 200, cleared.text);
    const settings = await call("PUT", `/v1/policies/${policy.id}/trackable`, { period: "month" });
    assert.equal(settings.status, 200, settings.text);
    assert.equal((await call("DELETE", `/v1/policies/${policy.id}`)).status, 204);
    // Its trackable settings went with it; then the product and its own settings.
    assert.equal((await call("DELETE", `/v1/products/${productId}`)).status, 204);
    const left = await t()
      .store.db.selectFrom("trackable_settings")
      .select("owner_id")
      .where("owner_id", "in", [policy.id, productId])
      .execute();
    assert.deepEqual(left, []);
  });
});
