// Consumption: bad input, unusable licenses and other tenants get clear 4xx and change nothing.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { offlineLicense } from "./offline-activation-fixtures.js";
import { api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("consumption licenses: refusals", (db) => {
  const t = useTestApp(db);
  let license: { id: string; key: string; productId: string };

  before(async () => {
    license = await offlineLicense(api(t().app, t().adminToken), {
      model: "consumption",
      maxUses: 10,
    });
  });

  const usesRow = () =>
    t().store.db.selectFrom("licenses").select(["id", "uses"]).orderBy("id").execute();

  async function refused(token: string, id: string, body: unknown, status: number, code: string) {
    const before = await usesRow();
    const response = await api(t().app, token)("POST", `/v1/licenses/${id}/actions/consume`, body);
    assert.equal(response.status, status, response.text);
    assert.equal(errorCode(response), code);
    assert.deepEqual(await usesRow(), before);
  }

  test("uses must be a whole number from 1: 400 VALIDATION_FAILED", async () => {
    for (const body of [
      { uses: 0 },
      { uses: -1 },
      { uses: 1.5 },
      { uses: "3" },
      {},
      { uses: 1, x: 1 },
    ]) {
      await refused(t().adminToken, license.id, body, 400, "VALIDATION_FAILED");
    }
  });

  test("more than the quota at once: 422, the counter unchanged", async () => {
    await refused(t().adminToken, license.id, { uses: 11 }, 422, "USAGE_LIMIT_EXCEEDED");
  });

  test("unknown license, another organization's license: 404 LICENSE_NOT_FOUND", async () => {
    await refused(
      t().adminToken,
      "lic_00000000000000000000000000",
      { uses: 1 },
      404,
      "LICENSE_NOT_FOUND",
    );
    const other = await createOrganization(t().services, "Organization B");
    await refused(other.adminToken, license.id, { uses: 1 }, 404, "LICENSE_NOT_FOUND");
  });

  test("another product's token: 403; a suspended license: 409 LICENSE_SUSPENDED", async () => {
    const call = api(t().app, t().adminToken);
    const elsewhere = await offlineLicense(call);
    const token = await call("POST", "/v1/tokens", {
      kind: "product",
      productId: elsewhere.productId,
    });
    await refused(token.body.data.token, license.id, { uses: 1 }, 403, "FORBIDDEN");
    const suspended = await offlineLicense(call, { model: "consumption", maxUses: 5 });
    await call("POST", `/v1/licenses/${suspended.id}/actions/suspend`);
    await refused(t().adminToken, suspended.id, { uses: 1 }, 409, "LICENSE_SUSPENDED");
  });
});
