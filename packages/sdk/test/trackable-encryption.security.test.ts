// Trackable mode with `encrypt: true` (SPEC T12) against a real Keyward server (SQLite and
// PostgreSQL): authorizations and usage go encrypted both ways and the lease inside is verified;
// an answer changed in transit, replayed from another request, made with another key, or sent
// in plain is refused with a clear error and loses no usage; plain clients are unaffected.
import assert from "node:assert/strict";
import { test } from "node:test";
import { base64urlDecode, base64urlEncode, encryptTrackable } from "@keyward/formats";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { createTrackableClient, isKeywardError, memoryStorage } from "../src/index.js";
import { type KeywardTestServer, useKeywardServer } from "./support/server.js";
import { serverTotals, trackableSetup } from "./support/trackable.js";

const PASSWORD = "correct horse battery";

interface Exchange {
  path: string;
  request: Record<string, unknown>;
  status: number;
  answer: string;
}

/**
 * A fetch that records every exchange and lets the test rewrite an answer's JSON on its way
 * back (`rewrite`: return the new body, or undefined to keep it).
 */
function recordingFetch() {
  const state = {
    exchanges: [] as Exchange[],
    rewrite: undefined as
      | ((path: string, body: Record<string, unknown>) => unknown | undefined)
      | undefined,
  };
  const fetchLike = async (input: string, init: RequestInit) => {
    const response = await fetch(input, init);
    const path = new URL(input).pathname;
    let answer = await response.text();
    const replaced =
      response.status === 200 && state.rewrite
        ? state.rewrite(path, JSON.parse(answer))
        : undefined;
    if (replaced !== undefined) answer = JSON.stringify(replaced);
    state.exchanges.push({
      path,
      request: JSON.parse(String(init.body ?? "{}")),
      status: response.status,
      answer,
    });
    return new Response(answer, { status: response.status, headers: response.headers });
  };
  return { fetch: fetchLike, state };
}

function flipFirst(text: string): string {
  const raw = base64urlDecode(text);
  raw[0] = raw[0]! ^ 1;
  return base64urlEncode(raw, { pad: false });
}

function client(
  server: KeywardTestServer,
  setup: { productId: string; code: { code: string } },
  fetchLike: ReturnType<typeof recordingFetch>["fetch"],
  options: { encrypt?: boolean } = {},
) {
  return createTrackableClient({
    serverUrl: server.url,
    publicKey: server.publicKey,
    storage: memoryStorage(),
    clock: server.clock,
    retry: { retries: 0 },
    productId: setup.productId,
    handshakeCode: setup.code.code,
    sessionPassword: PASSWORD,
    encrypt: true,
    fetch: fetchLike,
    ...options,
  });
}

forEachDatabase("SDK trackable encryption against a real server", (db) => {
  const server = useKeywardServer(db);

  test("encrypt: true — authorization and usage encrypted on the wire, lease verified, counted once", async () => {
    const setup = await trackableSetup(server(), { code: { sessionPassword: PASSWORD } });
    const { fetch, state } = recordingFetch();
    const device = client(server(), setup, fetch);

    const status = await device.authorize();
    assert.equal(status.state, "valid", status.error?.message);
    assert.equal(status.source, "server");
    assert.equal(status.licenseId, setup.licenseId);
    await device.count("export", 3);
    await device.count("print");
    const flushed = await device.flush();
    assert.equal(flushed.accepted, 1);
    assert.deepEqual(flushed.licenses, [{ licenseId: setup.licenseId, quota: "ok" }]);
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { export: 3, print: 1 });

    // On the wire: the request asks for encryption, reports travel encrypted, the answers hold
    // nothing but the envelope (no lease, license id or counts in clear).
    const [authorization, usage] = state.exchanges;
    assert.equal(authorization!.request.encryption, "aes-256-gcm");
    assert.deepEqual(Object.keys(JSON.parse(authorization!.answer)), ["encrypted"]);
    assert.doesNotMatch(authorization!.answer, /lease\/|lic_|VALID/);
    assert.equal(usage!.request.reports, undefined);
    assert.equal((usage!.request.encrypted as { alg: string }).alg, "aes-256-gcm");
    assert.doesNotMatch(JSON.stringify(usage!.request), /export|print/);
    assert.deepEqual(Object.keys(JSON.parse(usage!.answer)), ["encrypted"]);
  });

  test("a changed ciphertext, iv, tag or salt: CANNOT_DECRYPT; the device is not authorized by it", async () => {
    const setup = await trackableSetup(server(), { code: { sessionPassword: PASSWORD } });
    for (const member of ["ciphertext", "iv", "tag", "salt"] as const) {
      const { fetch, state } = recordingFetch();
      state.rewrite = (_path, body) => {
        const envelope = body.encrypted as Record<string, string>;
        return { encrypted: { ...envelope, [member]: flipFirst(envelope[member]!) } };
      };
      const status = await client(server(), setup, fetch).authorize();
      assert.equal(status.state, "locked", member);
      assert.equal(status.error?.code, "CANNOT_DECRYPT", member);
      assert.match(status.error?.message ?? "", /cannot decrypt/);
    }
  });

  test("an answer made with another key, or replayed from another request: CANNOT_DECRYPT", async () => {
    const setup = await trackableSetup(server(), { code: { sessionPassword: PASSWORD } });
    // Another key: the right context, encrypted with another session password.
    const wrongKey = recordingFetch();
    wrongKey.state.rewrite = () => undefined;
    const device = client(server(), setup, async (input, init) => {
      const request = JSON.parse(String(init.body));
      const response = await wrongKey.fetch(input, init);
      const encrypted = await encryptTrackable(
        { handshakeCode: setup.code.code, sessionPassword: "another password" },
        {
          purpose: "authorization",
          productId: setup.productId,
          deviceId: request.deviceId,
          nonce: request.nonce,
        },
        { valid: true, lease: "lease/forged.forged" },
      );
      assert.equal(response.status, 200);
      return new Response(JSON.stringify({ encrypted }), { status: 200 });
    });
    const refused = await device.authorize();
    assert.equal(refused.error?.code, "CANNOT_DECRYPT");
    assert.equal(refused.state, "locked");

    // Replay: a genuine encrypted answer of an earlier request (another nonce) handed back.
    const { fetch, state } = recordingFetch();
    const replaying = client(server(), setup, fetch);
    assert.equal((await replaying.authorize()).state, "valid");
    const earlier = JSON.parse(state.exchanges[0]!.answer);
    state.rewrite = () => earlier;
    const replayed = await replaying.authorize({ force: true });
    assert.equal(replayed.error?.code, "CANNOT_DECRYPT");
    // The stored, verified lease still holds: a refused answer changes nothing.
    assert.equal(replayed.state, "valid");
    assert.equal(replayed.source, "storage");
  });

  test("a usage answer that does not decrypt: the reports stay queued and count once later", async () => {
    const setup = await trackableSetup(server(), { code: { sessionPassword: PASSWORD } });
    const { fetch, state } = recordingFetch();
    const device = client(server(), setup, fetch);
    assert.equal((await device.authorize()).state, "valid");
    await device.count("export", 2);
    state.rewrite = (path, body) => {
      if (path !== "/v1/trackable/usage") return undefined;
      const envelope = body.encrypted as Record<string, string>;
      return { encrypted: { ...envelope, tag: flipFirst(envelope.tag!) } };
    };
    await assert.rejects(device.flush(), (error) => {
      assert.ok(isKeywardError(error));
      assert.equal(error.code, "CANNOT_DECRYPT");
      return true;
    });
    assert.deepEqual(await device.unsent(), { export: 2 });
    state.rewrite = undefined;
    const again = await device.flush();
    // The server had counted the first sending; the second is the same report id.
    assert.equal(again.duplicates, 1);
    assert.deepEqual(await device.unsent(), {});
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { export: 2 });
  });

  test("a plain answer to an encrypted request: BAD_RESPONSE; plain clients still work", async () => {
    const setup = await trackableSetup(server(), { code: { sessionPassword: PASSWORD } });
    const downgrading = recordingFetch();
    const device = client(server(), setup, async (input, init) => {
      const request = JSON.parse(String(init.body));
      delete request.encryption;
      return downgrading.fetch(input, { ...init, body: JSON.stringify(request) });
    });
    const refused = await device.authorize();
    assert.equal(refused.error?.code, "BAD_RESPONSE");
    assert.equal(refused.state, "locked");

    const plain = recordingFetch();
    const unencrypting = client(server(), setup, plain.fetch, { encrypt: false });
    assert.equal((await unencrypting.authorize()).state, "valid");
    await unencrypting.count("export");
    assert.equal((await unencrypting.flush()).accepted, 1);
    assert.equal(plain.state.exchanges[0]!.request.encryption, undefined);
    assert.match(plain.state.exchanges[0]!.answer, /"lease":"lease\//);
  });

  test("encrypt without organizationId or handshakeCode (a public trial): CONFIG", () => {
    assert.throws(
      () =>
        createTrackableClient({
          serverUrl: server().url,
          publicKey: server().publicKey,
          storage: memoryStorage(),
          productId: "prod_x",
          encrypt: true,
        }),
      (error) => isKeywardError(error) && error.code === "CONFIG",
    );
  });
});
