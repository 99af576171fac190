import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  base64Decode,
  base64Encode,
  DEFAULT_LICENSE_FILE_TTL,
  LICENSE_FILE_ALGORITHMS,
  type LicenseFileAlgorithm,
  parseLicenseFileAlgorithm,
  readLicenseFileCertificate,
  utf8Decode,
  utf8Encode,
  verifyActivationProof,
  verifyLicenseFile,
  writeLicenseFileCertificate,
} from "@keyward/formats";
import {
  activate,
  cliVerify,
  type OrganizationKey,
  organizationKeys,
} from "./checkout-fixtures.js";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import { licenseToken } from "./machine-fixtures.js";
import { type Api, api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-01-02T03:04:05.678Z");

/** A resource in a file's document, as the tests read it. */
interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { data: unknown }>;
}
interface FileDocument {
  data: Resource;
  included: Resource[];
  meta: unknown;
}

const documentOf = (file: { document: unknown }) => file.document as FileDocument;
const typesAndIds = (resources: Resource[]) => resources.map((r) => [r.type, r.id]);

forEachDatabase("checkout: happy paths", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });
  let call: Api;
  let keys: { ed25519: OrganizationKey; rsa: OrganizationKey };
  let productId: string;
  let policy: { id: string; productId: string };

  const keyFor = (algorithm: LicenseFileAlgorithm) =>
    parseLicenseFileAlgorithm(algorithm).signature === "ed25519" ? keys.ed25519 : keys.rsa;

  before(async () => {
    call = api(t().app, t().adminToken);
    keys = await organizationKeys(call, t().organizationId);
    productId = await createProduct(call);
    policy = await createPolicy(call, productId, { floating: true, maxMachines: 3 });
  });

  test("license files of all six algorithms verify with @keyward/formats and the CLI", async () => {
    const license = await createLicense(call, policy, { metadata: { seats: 3 } });
    for (const algorithm of LICENSE_FILE_ALGORITHMS) {
      const response = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
        algorithm,
      });
      assert.equal(response.status, 200, response.text);
      const file = response.body.data;
      assert.equal(file.algorithm, algorithm);
      assert.equal(file.issued, START.toISOString());
      assert.equal(file.ttl, DEFAULT_LICENSE_FILE_TTL);
      assert.equal(
        file.expiry,
        new Date(START.getTime() + DEFAULT_LICENSE_FILE_TTL * 1000).toISOString(),
      );
      assert.match(file.certificate, /^-----BEGIN LICENSE FILE-----\n/);
      const { encrypted } = parseLicenseFileAlgorithm(algorithm);

      const verified = await verifyLicenseFile(file.certificate, keyFor(algorithm).key, {
        algorithm,
        kind: "license",
        now: START,
        ...(encrypted ? { licenseKey: license.key } : {}),
      });
      assert.ok(verified.ok, `${algorithm}: ${!verified.ok && verified.error.message}`);
      const document = documentOf(verified.value);
      assert.deepEqual(document.meta, {
        issued: file.issued,
        expiry: file.expiry,
        ttl: file.ttl,
      });
      assert.equal(document.included, undefined);
      assert.deepEqual(document.data, {
        type: "licenses",
        id: license.id,
        attributes: {
          name: null,
          key: license.key,
          status: "active",
          expiry: null,
          uses: 0,
          suspended: false,
          scheme: null,
          floating: true,
          maxMachines: 3,
          maxUses: null,
          requireHeartbeat: false,
          heartbeatDuration: null,
          checkInInterval: null,
          lastCheckIn: null,
          minVersion: null,
          maxVersion: null,
          metadata: { seats: 3 },
          created: license.createdAt,
          updated: license.updatedAt,
        },
        relationships: {
          account: { data: { type: "accounts", id: t().organizationId } },
          product: { data: { type: "products", id: productId } },
          policy: { data: { type: "policies", id: policy.id } },
          owner: { data: null },
        },
      });

      const cli = await cliVerify(file.certificate, [
        "--algorithm",
        algorithm,
        "--public-key",
        keyFor(algorithm).base64,
        "--kind",
        "license",
        "--now",
        START.toISOString(),
        ...(encrypted ? ["--license-key", license.key] : []),
      ]);
      assert.equal(cli.code, 0, `${algorithm}: ${cli.stderr}`);
      assert.deepEqual(JSON.parse(cli.stdout), document);

      if (encrypted) {
        const wrongKey = await verifyLicenseFile(file.certificate, keyFor(algorithm).key, {
          algorithm,
          now: START,
          licenseKey: `${license.key}x`,
        });
        assert.equal(!wrongKey.ok && wrongKey.error.code, "CANNOT_DECRYPT", algorithm);
        assert.ok(!file.certificate.includes(base64Encode(utf8Encode(license.key))));
      }
    }
  });

  test("the default algorithm follows the policy's key scheme (seed 004's table)", async () => {
    const expected = {
      ED25519_SIGN: "base64+ed25519",
      RSA_2048_PKCS1_PSS_SIGN_V2: "base64+rsa-pss-sha256",
      RSA_2048_PKCS1_SIGN_V2: "base64+rsa-sha256",
      RSA_2048_JWT_RS256: "base64+rsa-sha256",
    } as const;
    for (const [scheme, algorithm] of Object.entries(expected)) {
      const schemed = await createPolicy(call, productId, { scheme });
      const license = await createLicense(call, schemed);
      const response = await call("POST", `/v1/licenses/${license.id}/actions/check-out`);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.data.algorithm, algorithm, scheme);
      const verified = await verifyLicenseFile(
        response.body.data.certificate,
        keyFor(algorithm).key,
        {
          algorithm,
          now: START,
        },
      );
      assert.ok(verified.ok, scheme);
      assert.equal(documentOf(verified.value).data.attributes.scheme, scheme);
    }
    const plain = await createLicense(call, policy);
    const response = await call("POST", `/v1/licenses/${plain.id}/actions/check-out`);
    assert.equal(response.body.data.algorithm, "base64+ed25519");
  });

  test("machine files of all six algorithms: encrypted ones need the key AND the fingerprint", async () => {
    const license = await createLicense(call, policy);
    const machine = await activate(call, license.id, "fp-machine-file-0001");
    for (const algorithm of LICENSE_FILE_ALGORITHMS) {
      const response = await call("POST", `/v1/machines/${machine.id}/actions/check-out`, {
        algorithm,
        include: ["license"],
      });
      assert.equal(response.status, 200, response.text);
      const { certificate } = response.body.data;
      assert.match(certificate, /^-----BEGIN MACHINE FILE-----\n/);
      const { encrypted } = parseLicenseFileAlgorithm(algorithm);
      const secrets = encrypted
        ? { licenseKey: license.key, fingerprint: machine.fingerprint }
        : {};

      const verified = await verifyLicenseFile(certificate, keyFor(algorithm).key, {
        algorithm,
        kind: "machine",
        now: START,
        ...secrets,
      });
      assert.ok(verified.ok, `${algorithm}: ${!verified.ok && verified.error.message}`);
      const document = documentOf(verified.value);
      assert.equal(document.data.type, "machines");
      assert.equal(document.data.id, machine.id);
      assert.equal(document.data.attributes.fingerprint, machine.fingerprint);
      assert.equal(document.data.attributes.heartbeatStatus, "not_required");
      assert.deepEqual(document.data.relationships.license, {
        data: { type: "licenses", id: license.id },
      });
      assert.deepEqual(typesAndIds(document.included), [["licenses", license.id]]);

      const cli = await cliVerify(certificate, [
        "--algorithm",
        algorithm,
        "--public-key",
        keyFor(algorithm).base64,
        "--kind",
        "machine",
        "--now",
        START.toISOString(),
        ...(encrypted ? ["--license-key", license.key, "--fingerprint", machine.fingerprint] : []),
      ]);
      assert.equal(cli.code, 0, `${algorithm}: ${cli.stderr}`);
      assert.deepEqual(JSON.parse(cli.stdout), document);

      if (encrypted) {
        for (const wrong of [
          { licenseKey: license.key, fingerprint: "fp-another-device" },
          { licenseKey: "WRONG-KEY", fingerprint: machine.fingerprint },
          { licenseKey: license.key },
        ]) {
          const refused = await verifyLicenseFile(certificate, keyFor(algorithm).key, {
            algorithm,
            now: START,
            ...wrong,
          });
          assert.ok(!refused.ok, `${algorithm} opened with ${JSON.stringify(wrong)}`);
        }
        const cliWrong = await cliVerify(certificate, [
          "--algorithm",
          algorithm,
          "--public-key",
          keyFor(algorithm).base64,
          "--now",
          START.toISOString(),
          "--license-key",
          license.key,
          "--fingerprint",
          "fp-another-device",
        ]);
        assert.equal(cliWrong.code, 11, cliWrong.stderr); // CANNOT_DECRYPT
      }
    }
  });

  test("TTL: chosen in seconds, enforced by verifiers; null (vendor) never expires", async () => {
    const license = await createLicense(call, policy);
    const hour = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
      ttlSeconds: 3600,
    });
    assert.equal(hour.status, 200, hour.text);
    assert.equal(hour.body.data.ttl, 3600);
    assert.equal(hour.body.data.expiry, new Date(START.getTime() + 3_600_000).toISOString());
    const options = { algorithm: "base64+ed25519" as const };
    const justBefore = await verifyLicenseFile(hour.body.data.certificate, keys.ed25519.key, {
      ...options,
      now: new Date(START.getTime() + 3_600_000),
    });
    assert.ok(justBefore.ok);
    const after = await verifyLicenseFile(hour.body.data.certificate, keys.ed25519.key, {
      ...options,
      now: new Date(START.getTime() + 3_601_000),
    });
    assert.equal(!after.ok && after.error.code, "EXPIRED");
    // No clock-skew allowance: a device whose clock is behind the server's rejects the file.
    const early = await verifyLicenseFile(hour.body.data.certificate, keys.ed25519.key, {
      ...options,
      now: new Date(START.getTime() - 1_000),
    });
    assert.equal(!early.ok && early.error.code, "ISSUED_IN_FUTURE");
    const cliExpired = await cliVerify(hour.body.data.certificate, [
      "--algorithm",
      "base64+ed25519",
      "--public-key",
      keys.ed25519.base64,
      "--now",
      new Date(START.getTime() + 3_601_000).toISOString(),
    ]);
    assert.equal(cliExpired.code, 13, cliExpired.stderr); // EXPIRED

    const year = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
      ttlSeconds: 31_556_952,
    });
    assert.equal(year.body.data.ttl, 31_556_952);

    const forever = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
      ttlSeconds: null,
    });
    assert.equal(forever.status, 200, forever.text);
    assert.equal(forever.body.data.expiry, null);
    assert.equal(forever.body.data.ttl, null);
    const later = await verifyLicenseFile(forever.body.data.certificate, keys.ed25519.key, {
      ...options,
      now: new Date(START.getTime() + 50 * 365 * DAY * 1000),
    });
    assert.ok(later.ok);
    assert.deepEqual(later.value.document.meta, {
      issued: START.toISOString(),
      expiry: null,
      ttl: null,
    });
  });

  test("includes: entitlements (license's and policy's), product, policy, owner", async () => {
    const userResponse = await call("POST", "/v1/users", {
      email: "owner@example.com",
      name: "Owner",
      password: "correct horse battery",
    });
    assert.equal(userResponse.status, 201, userResponse.text);
    const userId = userResponse.body.data.id;
    const withFeatures = await createPolicy(call, productId);
    const fromPolicy = await createEntitlement(call, "feature.b");
    const fromLicense = await createEntitlement(call, "feature.a");
    const both = await createEntitlement(call, "feature.c");
    await createEntitlement(call, "feature.unrelated");
    const attachPolicy = await call("POST", `/v1/policies/${withFeatures.id}/entitlements`, {
      entitlementIds: [fromPolicy, both],
    });
    assert.equal(attachPolicy.status, 204, attachPolicy.text);
    const license = await createLicense(call, withFeatures, { userId });
    const attachLicense = await call("POST", `/v1/licenses/${license.id}/entitlements`, {
      entitlementIds: [fromLicense, both],
    });
    assert.equal(attachLicense.status, 204, attachLicense.text);

    const response = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
      algorithm: "aes-256-gcm+ed25519",
      include: ["owner", "policy", "product", "entitlements"],
    });
    assert.equal(response.status, 200, response.text);
    const verified = await verifyLicenseFile(response.body.data.certificate, keys.ed25519.key, {
      algorithm: "aes-256-gcm+ed25519",
      now: START,
      licenseKey: license.key,
    });
    assert.ok(verified.ok);
    const document = documentOf(verified.value);
    assert.deepEqual(typesAndIds(document.included), [
      ["entitlements", fromLicense],
      ["entitlements", fromPolicy],
      ["entitlements", both],
      ["products", productId],
      ["policies", withFeatures.id],
      ["users", userId],
    ]);
    assert.deepEqual(
      document.included.slice(0, 3).map((r) => r.attributes.code),
      ["feature.a", "feature.b", "feature.c"],
    );
    assert.deepEqual(document.data.relationships.entitlements?.data, [
      { type: "entitlements", id: fromLicense },
      { type: "entitlements", id: fromPolicy },
      { type: "entitlements", id: both },
    ]);
    assert.deepEqual(document.data.relationships.owner, { data: { type: "users", id: userId } });
    const [, , , product, policyResource, owner] = document.included as Resource[] & {
      5: Resource;
    };
    assert.deepEqual(Object.keys(owner.attributes).sort(), [
      "created",
      "email",
      "metadata",
      "name",
      "updated",
      "username",
    ]);
    assert.equal(owner.attributes.email, "owner@example.com");
    assert.equal(product?.attributes.name, "Product");
    assert.equal(policyResource?.attributes.maxMachines, 1);

    // Without an owner, "owner" adds nothing.
    const ownerless = await createLicense(call, policy);
    const none = await call("POST", `/v1/licenses/${ownerless.id}/actions/check-out`, {
      include: ["owner"],
    });
    const plain = await verifyLicenseFile(none.body.data.certificate, keys.ed25519.key, {
      algorithm: "base64+ed25519",
      now: START,
    });
    assert.ok(plain.ok);
    assert.deepEqual(plain.value.document.included, []);
  });

  test("a .lic check-out under Idempotency-Key replays as the same file", async () => {
    const license = await createLicense(call, policy);
    const path = `/v1/licenses/${license.id}/actions/check-out?format=lic`;
    const headers = { "idempotency-key": `lic-${license.id}` };
    const first = await call("POST", path, undefined, { headers });
    const replay = await call("POST", path, undefined, { headers });
    assert.equal(first.status, 200, first.text);
    assert.equal(replay.status, 200, replay.text);
    assert.equal(replay.headers["idempotent-replayed"], "true");
    assert.equal(replay.headers["content-type"], "application/octet-stream");
    assert.equal(replay.headers["content-disposition"], `attachment; filename="${license.id}.lic"`);
    assert.equal(replay.text, first.text);
  });

  test("?format=lic and Accept: application/octet-stream download the certificate", async () => {
    const license = await createLicense(call, policy);
    const machine = await activate(call, license.id, "fp-download-0001");
    const json = await call("POST", `/v1/licenses/${license.id}/actions/check-out`);
    const download = await call("POST", `/v1/licenses/${license.id}/actions/check-out?format=lic`);
    assert.equal(download.status, 200, download.text);
    assert.equal(download.headers["content-type"], "application/octet-stream");
    assert.equal(
      download.headers["content-disposition"],
      `attachment; filename="${license.id}.lic"`,
    );
    // Same clock, same key, deterministic Ed25519: the same certificate as the JSON answer.
    assert.equal(download.text, json.body.data.certificate);

    const accepted = await call("POST", `/v1/machines/${machine.id}/actions/check-out`, undefined, {
      headers: { accept: "application/octet-stream" },
    });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.headers["content-type"], "application/octet-stream");
    assert.equal(
      accepted.headers["content-disposition"],
      `attachment; filename="${machine.id}.lic"`,
    );
    assert.match(
      accepted.text,
      /^-----BEGIN MACHINE FILE-----\n[\s\S]+-----END MACHINE FILE-----\n$/,
    );

    const explicitJson = await call(
      "POST",
      `/v1/machines/${machine.id}/actions/check-out?format=json`,
      undefined,
      { headers: { accept: "application/octet-stream" } },
    );
    assert.match(String(explicitJson.headers["content-type"]), /^application\/json/);
    assert.match(explicitJson.body.data.certificate, /^-----BEGIN MACHINE FILE-----/);
  });

  test("the license holder checks out with its token or its key", async () => {
    const license = await createLicense(call, policy);
    const machine = await activate(call, license.id, "fp-holder-0001");
    const byToken = api(t().app, await licenseToken(call, license.id));
    const byKey: Api = (method, url, body, options = {}) =>
      api(t().app, null)(method, url, body, {
        ...options,
        headers: { authorization: `License ${license.key}`, ...options.headers },
      });
    for (const holder of [byToken, byKey]) {
      const file = await holder("POST", `/v1/licenses/${license.id}/actions/check-out`, {
        algorithm: "aes-256-gcm+rsa-pss-sha256",
        ttlSeconds: 7 * DAY,
      });
      assert.equal(file.status, 200, file.text);
      const verified = await verifyLicenseFile(file.body.data.certificate, keys.rsa.key, {
        algorithm: "aes-256-gcm+rsa-pss-sha256",
        now: START,
        licenseKey: license.key,
      });
      assert.ok(verified.ok);
      const machineFile = await holder("POST", `/v1/machines/${machine.id}/actions/check-out`);
      assert.equal(machineFile.status, 200, machineFile.text);
      const proof = await holder("POST", `/v1/machines/${machine.id}/actions/proof`);
      assert.equal(proof.status, 200, proof.text);
    }
  });

  test("a tampered certificate is refused by both verifiers", async () => {
    const license = await createLicense(call, policy);
    const response = await call("POST", `/v1/licenses/${license.id}/actions/check-out`, {
      ttlSeconds: 3600,
    });
    const { certificate } = response.body.data;
    const read = readLicenseFileCertificate(certificate);
    assert.ok(read.ok);
    // Extend the file's expiry by a year, keeping the server's signature.
    const document = JSON.parse(utf8Decode(base64Decode(read.value.enc)));
    document.meta.expiry = new Date(START.getTime() + 365 * DAY * 1000).toISOString();
    const forged = writeLicenseFileCertificate({
      kind: "license",
      enc: base64Encode(utf8Encode(JSON.stringify(document))),
      sig: read.value.sig,
      alg: read.value.alg,
    });
    const options = { algorithm: "base64+ed25519" as const, now: START };
    assert.ok((await verifyLicenseFile(certificate, keys.ed25519.key, options)).ok);
    const refused = await verifyLicenseFile(forged, keys.ed25519.key, options);
    assert.equal(!refused.ok && refused.error.code, "BAD_SIGNATURE");
    const cli = await cliVerify(forged, [
      "--algorithm",
      "base64+ed25519",
      "--public-key",
      keys.ed25519.base64,
      "--now",
      START.toISOString(),
    ]);
    assert.equal(cli.code, 10, cli.stderr); // BAD_SIGNATURE
    // The right algorithm only: an RSA key does not verify an Ed25519 file.
    const wrongKey = await verifyLicenseFile(certificate, keys.rsa.key, options);
    assert.ok(!wrongKey.ok);
  });

  test("activation proofs verify and bind the license to the device's fingerprint", async () => {
    const license = await createLicense(call, policy);
    const machine = await activate(call, license.id, "fp-proof-0001");
    for (const algorithm of ["ed25519", "rsa-pss-sha256", "rsa-sha256"] as const) {
      const response = await call(
        "POST",
        `/v1/machines/${machine.id}/actions/proof`,
        algorithm === "ed25519" ? undefined : { algorithm },
      );
      assert.equal(response.status, 200, response.text);
      const { proof } = response.body.data;
      assert.match(proof, /^proof\//);
      const key = algorithm === "ed25519" ? keys.ed25519.key : keys.rsa.key;
      const verified = await verifyActivationProof(proof, key, {
        algorithm,
        fingerprint: machine.fingerprint,
        licenseKey: license.key,
        productId,
      });
      assert.ok(verified.ok, `${algorithm}: ${!verified.ok && verified.error.message}`);
      assert.deepEqual(verified.value.claims, {
        account: { id: t().organizationId },
        product: { id: productId },
        license: { id: license.id, key: license.key, expiry: null },
        machine: { id: machine.id, fingerprint: machine.fingerprint, created: machine.createdAt },
        issued: START.toISOString(),
        kid: algorithm === "ed25519" ? keys.ed25519.id : keys.rsa.id,
      });
      const elsewhere = await verifyActivationProof(proof, key, {
        algorithm,
        fingerprint: "fp-another-device",
      });
      assert.equal(!elsewhere.ok && elsewhere.error.code, "MISMATCH");
    }
  });
});
