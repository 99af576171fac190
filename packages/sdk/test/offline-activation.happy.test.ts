// An air-gapped device's round trip (SPEC L1–L3): its signed request file goes to the vendor's
// server by another route, and the device checks the response file with the SDK.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
// The device side from the SDK alone: its tarball carries @keyward/formats, which apps cannot
// import themselves.
import {
  encodeActivationRequest,
  signActivationRequest,
  verifyActivationResponse,
} from "../src/index.js";
import { useKeywardServer } from "./support/server.js";

forEachDatabase("SDK: offline activation response files from a real server", (db) => {
  const server = useKeywardServer(db);

  test("the device verifies the server's response file; another device or key does not", async () => {
    const keys = await server().admin("POST", "/v1/organization/offline-keys");
    assert.ok(keys.status === 201 || keys.status === 200, JSON.stringify(keys.body));
    const { apiKey, sharedKey } = keys.body.data as { apiKey: string; sharedKey: string };
    const { key } = await server().createLicense();

    const date = server().clock().toUTCString();
    const request = await signActivationRequest(
      { license_key: key, hardware_id: "air-gapped-1", api_key: apiKey, date },
      sharedKey,
    );
    const signature = createHmac("sha256", sharedKey)
      .update(`licenseSpring\ndate: ${date}`)
      .digest("base64");
    const response = await fetch(`${server().url}/v1/offline/activate?format=file`, {
      method: "POST",
      headers: {
        date,
        authorization: `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="${apiKey}"`,
        "content-type": "text/plain",
      },
      body: encodeActivationRequest(request),
    });
    const file = await response.text();
    assert.equal(response.status, 200, file);

    const binding = { licenseKey: key, hardwareId: "air-gapped-1", apiKey, sharedKey };
    const verified = await verifyActivationResponse(file, binding);
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    for (const other of [
      { ...binding, hardwareId: "another-device" },
      { ...binding, licenseKey: `${key}x` },
      { ...binding, sharedKey: "not-the-shared-key" },
    ]) {
      const result = await verifyActivationResponse(file, other);
      assert.equal(result.ok, false);
    }
  });
});
