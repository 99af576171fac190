// Signing-key rotation (SPEC X7, issue 19.1): next/active/retired keys with ids; leases, files,
// proofs and response signatures name their key; what was signed before a rotation verifies
// after it with the published key set (formats and the CLI); a retired key never signs; every
// services bundle sees a switch at once.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  endorsedKeys,
  parsePublicKey,
  parseSignatureHeader,
  readLicenseFileCertificate,
  type TrustedKey,
  trustedKeysFromJson,
  verifyActivationProof,
  verifyKeyEndorsement,
  verifyLease,
  verifyLicenseFile,
  verifyResponseSignature,
} from "@keyward/formats";
import { parsePrivateKey, publicKeyOf } from "@keyward/formats/node";
import { run } from "../../cli/test/support/cli.js";
import { unseal } from "../src/secrets.js";
import { createServices } from "../src/services/index.js";
import { activate, createLicense, createPolicy, createProduct, DAY } from "./licensing-fixtures.js";
import { type Api, api, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { testKeyPairs } from "./support/key-pairs.js";

const START = new Date("2030-01-02T03:04:05.678Z");
const HOST = "licenses.example.com";
const FINGERPRINT = "rotation-device-1";

interface PublishedKey {
  id: string;
  algorithm: "ed25519" | "rsa";
  state: "next" | "active" | "retired";
  publicKey: string;
  retiredAt: string | null;
  endorsement: { keyId: string; signature: string } | null;
}

/** One of each artifact Keyward signs with an organization's key. */
interface Artifacts {
  lease: string;
  licenseFile: string;
  proof: string;
  signed: { date: string; digest: string; signature: string; body: string; target: string };
}

forEachDatabase("signing-key rotation", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });
  let call: Api;
  let license: { id: string; key: string; productId: string };
  let machineId: string;
  let dir: string;

  before(async () => {
    call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, {
      floating: true,
      maxMachines: 5,
      leaseDurationSeconds: 3600,
      offlineGraceSeconds: 3 * DAY,
    });
    license = await createLicense(call, policy);
    machineId = (await activate(t().app, license.key, FINGERPRINT)).id;
    dir = await mkdtemp(join(tmpdir(), "keyward-rotation-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The public-keys endpoint (no token), as apps fetch it. */
  async function published(): Promise<{ body: unknown; keys: PublishedKey[] }> {
    const response = await api(t().app, null)(
      "GET",
      `/v1/organizations/${t().organizationId}/signing-keys`,
    );
    assert.equal(response.status, 200, response.text);
    return { body: response.body, keys: response.body.data };
  }

  async function adminKeys(): Promise<PublishedKey[]> {
    const response = await call("GET", "/v1/signing-keys");
    assert.equal(response.status, 200, response.text);
    return response.body.data;
  }

  const only = (keys: PublishedKey[], state: PublishedKey["state"], algorithm = "ed25519") =>
    keys.filter((key) => key.state === state && key.algorithm === algorithm);

  async function issue(): Promise<Artifacts> {
    const check = await api(t().app, null)("POST", "/v1/check", {
      key: license.key,
      fingerprint: FINGERPRINT,
    });
    assert.equal(check.status, 200, check.text);
    const file = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
      algorithm: "base64+ed25519",
    });
    assert.equal(file.status, 200, file.text);
    const proof = await call("POST", `/v1/machines/${machineId}/actions/proof`);
    assert.equal(proof.status, 200, proof.text);
    const target = `/v1/licenses/${license.id}`;
    const signed = await call("GET", target, undefined, {
      headers: { host: HOST, "keyward-accept-signature": 'algorithm="ed25519"' },
    });
    assert.equal(signed.status, 200, signed.text);
    return {
      lease: check.body.lease,
      licenseFile: file.body.data.certificate,
      proof: proof.body.data.proof,
      signed: {
        date: String(signed.headers.date),
        digest: String(signed.headers.digest),
        signature: String(signed.headers["keyward-signature"]),
        body: signed.text,
        target,
      },
    };
  }

  /** The key id each artifact names. */
  function keyIds(artifacts: Artifacts) {
    const claims = JSON.parse(
      Buffer.from(artifacts.lease.slice("lease/".length).split(".")[0]!, "base64url").toString(),
    );
    const certificate = readLicenseFileCertificate(artifacts.licenseFile);
    assert.ok(certificate.ok);
    const dataset = JSON.parse(
      Buffer.from(artifacts.proof.slice("proof/".length).split(".")[0]!, "base64url").toString(),
    );
    const header = parseSignatureHeader(artifacts.signed.signature);
    assert.ok(header.ok);
    return {
      lease: claims.kid,
      licenseFile: certificate.value.kid,
      proof: dataset.kid,
      response: header.value.keyId,
    };
  }

  /** Verifies every artifact with `keys` (one key, or the published set); the failures' codes. */
  async function verifyAll(artifacts: Artifacts, keys: TrustedKey[]) {
    const lease = await verifyLease(artifacts.lease, keys, {
      algorithm: "ed25519",
      now: clock(),
      fingerprint: FINGERPRINT,
    });
    const file = await verifyLicenseFile(artifacts.licenseFile, keys, {
      algorithm: "base64+ed25519",
      now: clock(),
    });
    const proof = await verifyActivationProof(artifacts.proof, keys, {
      algorithm: "ed25519",
      fingerprint: FINGERPRINT,
    });
    const named = keyIds(artifacts).response;
    const key = keys.find((candidate) => candidate.id === named) ?? keys[0]!;
    const response = await verifyResponseSignature({
      method: "GET",
      target: artifacts.signed.target,
      host: HOST,
      date: artifacts.signed.date,
      digest: artifacts.signed.digest,
      signature: artifacts.signed.signature,
      body: artifacts.signed.body,
      publicKey: key.publicKey,
      algorithm: "ed25519",
      now: clock(),
    });
    const code = (result: { ok: boolean; error?: { code: string } }) =>
      result.ok ? "ok" : result.error!.code;
    return {
      lease: code(lease),
      licenseFile: code(file),
      proof: code(proof),
      response: code(response),
    };
  }

  const ALL_OK = { lease: "ok", licenseFile: "ok", proof: "ok", response: "ok" };
  const ALL_BAD = {
    lease: "BAD_SIGNATURE",
    licenseFile: "BAD_SIGNATURE",
    proof: "BAD_SIGNATURE",
    response: "BAD_SIGNATURE",
  };

  /** `keyward file verify` and `keyward lease verify` with `--keys` (the published JSON). */
  async function cliVerifies(artifacts: Artifacts, keysFile: string) {
    const file = await run(
      [
        "file",
        "verify",
        "--algorithm",
        "base64+ed25519",
        "--keys",
        keysFile,
        "--now",
        clock().toISOString(),
        "-",
      ],
      { input: artifacts.licenseFile },
    );
    const lease = await run([
      "lease",
      "verify",
      "--keys",
      keysFile,
      "--fingerprint",
      FINGERPRINT,
      "--now",
      clock().toISOString(),
      artifacts.lease,
    ]);
    return { file, lease };
  }

  test("rotation end to end: a file and a lease from before and after both verify (formats, CLI)", async () => {
    clock.set(START);
    const initial = await published();
    assert.equal(initial.keys.length, 2);
    for (const key of initial.keys) {
      assert.equal(key.state, "active");
      assert.match(key.id, /^key_[0-9a-hjkmnp-tv-z]{26}$/);
    }
    const [oldKey] = only(initial.keys, "active");
    const before = await issue();
    assert.deepEqual(keyIds(before), {
      lease: oldKey!.id,
      licenseFile: oldKey!.id,
      proof: oldKey!.id,
      response: oldKey!.id,
    });

    // 1. The next key: published at once (both endpoints), signs nothing yet.
    const created = await call("POST", "/v1/signing-keys", { algorithm: "ed25519" });
    assert.equal(created.status, 201, created.text);
    const next: PublishedKey = created.body.data;
    assert.equal(next.state, "next");
    assert.deepEqual(
      (await published()).keys.map((key) => [key.id, key.state]),
      (await adminKeys()).map((key) => [key.id, key.state]),
    );
    assert.deepEqual(
      only((await published()).keys, "next").map((key) => key.id),
      [next.id],
    );
    assert.deepEqual(Object.values(keyIds(await issue())), Array(4).fill(oldKey!.id));

    // 2. Switch: the next key signs everything from now on; the old one is retired.
    clock.advance(60_000);
    const activated = await call("POST", `/v1/signing-keys/${next.id}/actions/activate`);
    assert.equal(activated.status, 200, activated.text);
    assert.equal(activated.body.data.state, "active");
    const { body: setJson, keys: afterKeys } = await published();
    const retired = afterKeys.find((key) => key.id === oldKey!.id)!;
    assert.equal(retired.state, "retired");
    assert.equal(retired.retiredAt, clock().toISOString());
    assert.deepEqual(
      only(afterKeys, "active").map((key) => key.id),
      [next.id],
    );
    const after = await issue();
    assert.deepEqual(Object.values(keyIds(after)), Array(4).fill(next.id));

    // 3. Both generations verify with the published set; each only with its own key.
    const set = trustedKeysFromJson(setJson);
    assert.equal(set.length, 3);
    const oldOnly = [{ publicKey: parsePublicKey(oldKey!.publicKey) }];
    const newOnly = [{ publicKey: parsePublicKey(next.publicKey) }];
    assert.deepEqual(await verifyAll(before, set), ALL_OK);
    assert.deepEqual(await verifyAll(after, set), ALL_OK);
    assert.deepEqual(await verifyAll(before, oldOnly), ALL_OK);
    assert.deepEqual(await verifyAll(after, newOnly), ALL_OK);
    // The retired key signed nothing after the switch; the new one nothing before it.
    assert.deepEqual(await verifyAll(after, oldOnly), ALL_BAD);
    assert.deepEqual(await verifyAll(before, newOnly), ALL_BAD);
    // A set whose ids lie still verifies by trying each key (the signature decides).
    const lying = set.map((key) => ({ ...key, id: "key_unknown" }));
    assert.deepEqual(await verifyAll(before, lying), ALL_OK);

    // 4. The CLI with the admin list as `keyward signing-keys list --json` writes it.
    const keysFile = join(dir, "keys.json");
    await writeFile(keysFile, JSON.stringify({ data: await adminKeys() }));
    for (const [label, artifacts, kid] of [
      ["before", before, oldKey!.id],
      ["after", after, next.id],
    ] as const) {
      const { file, lease } = await cliVerifies(artifacts, keysFile);
      assert.equal(file.code, 0, `${label}: ${file.stderr}`);
      assert.equal(JSON.parse(file.stdout).data.id, license.id);
      assert.equal(lease.code, 0, `${label}: ${lease.stderr}`);
      const verified = JSON.parse(lease.stdout);
      assert.equal(verified.claims.kid, kid);
      assert.equal(verified.state, "valid");
    }
    // With only the old key the CLI refuses what the new key signed.
    const oldFile = join(dir, "old.json");
    await writeFile(oldFile, JSON.stringify([{ id: oldKey!.id, publicKey: oldKey!.publicKey }]));
    const refused = await cliVerifies(after, oldFile);
    assert.equal(refused.file.code, 10, refused.file.stderr);
    assert.match(refused.lease.stderr, /BAD_SIGNATURE/);
  });

  test("a switch made by another services bundle (process) is seen at once", async () => {
    const other = createServices({
      store: t().store,
      secret: t().secret,
      clock,
      generateKeyPair: testKeyPairs(),
    });
    const before = await other.signingKeys.current(t().organizationId, "ed25519");
    const rotated = await call("POST", "/v1/signing-keys/actions/rotate", {
      algorithm: "ed25519",
    });
    assert.equal(rotated.status, 200, rotated.text);
    assert.equal(rotated.body.data.state, "active");
    assert.notEqual(rotated.body.data.id, before.id);
    const after = await other.signingKeys.current(t().organizationId, "ed25519");
    assert.equal(after.id, rotated.body.data.id);
    // And the key it unsealed is the published one.
    assert.equal(
      Buffer.from(publicKeyOf(after.privateKey).spki).toString("base64"),
      rotated.body.data.publicKey,
    );
    const keys = await adminKeys();
    assert.equal(keys.find((key) => key.id === before.id)?.state, "retired");
  });

  test("state rules: only a next key activates, the active key is not retired, one next", async () => {
    const keys = await adminKeys();
    const [active] = only(keys, "active");
    const [retired] = only(keys, "retired");
    const refuse = async (path: string, body?: unknown) => {
      const response = await call("POST", path, body);
      assert.equal(response.status, 409, `${path}: ${response.text}`);
      assert.equal(errorCode(response), "SIGNING_KEY_STATE");
    };
    const rowsBefore = await t().store.db.selectFrom("signing_keys").selectAll().execute();
    await refuse(`/v1/signing-keys/${active!.id}/actions/activate`);
    await refuse(`/v1/signing-keys/${retired!.id}/actions/activate`);
    await refuse(`/v1/signing-keys/${active!.id}/actions/retire`);
    // Bad input: 400, and nothing changed.
    for (const body of [{ algorithm: "dsa" }, {}, { algorithm: "ed25519", extra: 1 }]) {
      const response = await call("POST", "/v1/signing-keys", body);
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
    const missing = await call(
      "POST",
      "/v1/signing-keys/key_01m84cp2y929bjrzt348fmrx3m/actions/activate",
    );
    assert.equal(missing.status, 404, missing.text);
    assert.equal(errorCode(missing), "SIGNING_KEY_NOT_FOUND");
    // Retiring a retired key changes nothing.
    const again = await call("POST", `/v1/signing-keys/${retired!.id}/actions/retire`);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.data.retiredAt, retired!.retiredAt);
    assert.deepEqual(
      await t().store.db.selectFrom("signing_keys").selectAll().execute(),
      rowsBefore,
    );

    // One next key per algorithm; a next key retired unused can never be activated.
    const next = await call("POST", "/v1/signing-keys", { algorithm: "ed25519" });
    assert.equal(next.status, 201, next.text);
    await refuse("/v1/signing-keys", { algorithm: "ed25519" });
    const dropped = await call("POST", `/v1/signing-keys/${next.body.data.id}/actions/retire`);
    assert.equal(dropped.status, 200, dropped.text);
    assert.equal(dropped.body.data.state, "retired");
    await refuse(`/v1/signing-keys/${next.body.data.id}/actions/activate`);
    // The active key kept signing throughout.
    assert.deepEqual(only(await adminKeys(), "active"), [active]);

    // RSA rotates the same way, by itself.
    const rsa = await call("POST", "/v1/signing-keys/actions/rotate", { algorithm: "rsa" });
    assert.equal(rsa.status, 200, rsa.text);
    const after = await adminKeys();
    assert.deepEqual(
      only(after, "active", "rsa").map((key) => key.id),
      [rsa.body.data.id],
    );
    assert.equal(only(after, "retired", "rsa").length, 1);
    assert.deepEqual(only(after, "active"), [active]);
  });

  test("concurrent rotations leave exactly one active key per algorithm", async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        call("POST", "/v1/signing-keys/actions/rotate", { algorithm: "ed25519" }),
      ),
    );
    for (const answer of answers) assert.ok([200, 409].includes(answer.status), answer.text);
    assert.ok(answers.some((answer) => answer.status === 200));
    assert.equal(only(await adminKeys(), "active").length, 1);
    assert.equal(only(await adminKeys(), "next").length, 0);
  });

  test("only admin tokens rotate; new private halves are sealed like the first", async () => {
    const productId = await createProduct(call, "Other");
    const product = await call("POST", "/v1/tokens", { kind: "product", productId });
    const asProduct = api(t().app, product.body.data.token);
    const readOnly = await call("POST", "/v1/tokens", {
      kind: "admin",
      name: "reader",
      scope: "read",
    });
    assert.equal(readOnly.status, 201, readOnly.text);
    const asReader = api(t().app, readOnly.body.data.token);
    const before = await adminKeys();
    for (const caller of [asProduct, asReader]) {
      for (const [path, body] of [
        ["/v1/signing-keys", { algorithm: "ed25519" }],
        ["/v1/signing-keys/actions/rotate", { algorithm: "ed25519" }],
        [`/v1/signing-keys/${before[0]!.id}/actions/retire`, undefined],
      ] as const) {
        const response = await caller("POST", path, body);
        assert.equal(response.status, 403, `${path}: ${response.text}`);
      }
    }
    assert.deepEqual(await adminKeys(), before);

    const rows = await t()
      .store.db.selectFrom("signing_keys")
      .selectAll()
      .where("organization_id", "=", t().organizationId)
      .execute();
    assert.ok(rows.length > 4);
    for (const row of rows) {
      assert.match(
        row.private_key_encrypted,
        /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
      );
      assert.ok(!row.private_key_encrypted.includes("PRIVATE KEY"));
      const privateKey = parsePrivateKey(unseal(t().secret, row.private_key_encrypted));
      assert.equal(Buffer.from(publicKeyOf(privateKey).spki).toString("base64"), row.public_key);
    }
    // The published form has no private member.
    for (const key of (await published()).keys) {
      assert.doesNotMatch(JSON.stringify(key), /private/i);
      assert.equal(parsePublicKey(key.publicKey).type, key.algorithm);
    }
  });

  test("each key made while an algorithm has an active key is endorsed by it; first keys are not", async () => {
    const identified = (key: PublishedKey) => ({
      id: key.id,
      publicKey: parsePublicKey(key.publicKey),
    });
    /** Verifies `key`'s endorsement with the published key it names, which must be `endorser`. */
    async function assertEndorsed(key: PublishedKey, endorser: PublishedKey) {
      assert.ok(key.endorsement, `${key.id} has no endorsement`);
      assert.equal(key.endorsement.keyId, endorser.id);
      const verified = await verifyKeyEndorsement(
        identified(key),
        key.endorsement,
        identified(endorser),
      );
      assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
      // The same statement does not vouch for another key under this id.
      const other = (await published()).keys.find(
        (candidate) => candidate.algorithm === key.algorithm && candidate.id !== key.id,
      )!;
      const swapped = { id: key.id, publicKey: parsePublicKey(other.publicKey) };
      const refused = await verifyKeyEndorsement(swapped, key.endorsement, identified(endorser));
      assert.equal(refused.ok ? "ok" : refused.error.code, "BAD_SIGNATURE");
    }

    // An organization's first keys: nothing signed for them, in both lists.
    const fresh = await t().services.organizations.create("Endorsements");
    const firstKeys = await api(t().app, null)("GET", `/v1/organizations/${fresh.id}/signing-keys`);
    assert.equal(firstKeys.status, 200, firstKeys.text);
    assert.equal(firstKeys.body.data.length, 2);
    for (const key of firstKeys.body.data) assert.equal(key.endorsement, null);
    const oldest = await adminKeys();
    for (const algorithm of ["ed25519", "rsa"]) {
      assert.equal(oldest.find((key) => key.algorithm === algorithm)!.endorsement, null);
    }

    // createNext: the active key endorses the next one, in the admin and the public list.
    const [active] = only(await adminKeys(), "active");
    const created = await call("POST", "/v1/signing-keys", { algorithm: "ed25519" });
    assert.equal(created.status, 201, created.text);
    const next: PublishedKey = created.body.data;
    await assertEndorsed(next, active!);
    assert.deepEqual(
      (await published()).keys.find((key) => key.id === next.id)!.endorsement,
      next.endorsement,
    );
    assert.deepEqual(
      (await adminKeys()).find((key) => key.id === next.id)!.endorsement,
      next.endorsement,
    );

    // rotate without a next key (RSA here: RSA-PSS endorsements) endorses the key it makes.
    const [activeRsa] = only(await adminKeys(), "active", "rsa");
    const rotatedRsa = await call("POST", "/v1/signing-keys/actions/rotate", { algorithm: "rsa" });
    assert.equal(rotatedRsa.status, 200, rotatedRsa.text);
    await assertEndorsed(rotatedRsa.body.data, activeRsa!);

    // Activate the next key, then rotate once more: the chain active → next → newest.
    const activated = await call("POST", `/v1/signing-keys/${next.id}/actions/activate`);
    assert.equal(activated.status, 200, activated.text);
    assert.deepEqual(activated.body.data.endorsement, next.endorsement);
    const rotated = await call("POST", "/v1/signing-keys/actions/rotate", { algorithm: "ed25519" });
    assert.equal(rotated.status, 200, rotated.text);
    await assertEndorsed(rotated.body.data, next);
    // What a device that trusts only the first active key learns from the public list.
    const learned = await endorsedKeys((await published()).body, [identified(active!)]);
    assert.deepEqual(
      learned.map((key) => key.id),
      [next.id, rotated.body.data.id],
    );
  });
});
