import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { test } from "node:test";
import { base64Encode, exportPublicKey, parsePublicKey } from "@keyward/formats";
import { parsePrivateKey, publicKeyOf } from "@keyward/formats/node";
import { SealError, unseal } from "../src/secrets.js";
import { api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const KEY_FIELDS = [
  "algorithm",
  "createdAt",
  "endorsement",
  "id",
  "publicKey",
  "retiredAt",
  "state",
];

forEachDatabase("signing keys", (db) => {
  const t = useTestApp(db);

  async function publishedKeys() {
    const response = await api(t().app, t().adminToken)("GET", "/v1/signing-keys");
    assert.equal(response.status, 200);
    return response.body.data as Array<{
      id: string;
      algorithm: "ed25519" | "rsa";
      publicKey: string;
      createdAt: string;
      retiredAt: string | null;
    }>;
  }

  async function keyRows() {
    return t()
      .store.db.selectFrom("signing_keys")
      .selectAll()
      .where("organization_id", "=", t().organizationId)
      .orderBy("algorithm")
      .execute();
  }

  test("GET /v1/signing-keys: one Ed25519 and one RSA-2048 public key, nothing private", async () => {
    const keys = await publishedKeys();
    assert.deepEqual(keys.map((key) => key.algorithm).sort(), ["ed25519", "rsa"]);
    for (const key of keys) {
      assert.deepEqual(Object.keys(key).sort(), KEY_FIELDS);
      assert.match(key.id, /^key_[0-9a-hjkmnp-tv-z]{26}$/);
      assert.equal(key.retiredAt, null);
      const parsed = parsePublicKey(key.publicKey);
      assert.equal(parsed.type, key.algorithm);
      // Base64 of the SubjectPublicKeyInfo DER, exactly.
      assert.equal(exportPublicKey(parsed, "base64"), key.publicKey);
      if (key.algorithm === "rsa") {
        const details = createPublicKey({
          key: Buffer.from(parsed.spki),
          format: "der",
          type: "spki",
        }).asymmetricKeyDetails;
        assert.equal(details?.modulusLength, 2048);
      }
    }
    // A product token may read them too: they are public.
    const productId = (await api(t().app, t().adminToken)("POST", "/v1/products", { name: "Keys" }))
      .body.data.id;
    const token = (
      await api(t().app, t().adminToken)("POST", "/v1/tokens", { kind: "product", productId })
    ).body.data.token;
    const asProduct = await api(t().app, token)("GET", "/v1/signing-keys");
    assert.equal(asProduct.status, 200);
    assert.deepEqual(asProduct.body.data, keys);
  });

  test("private keys are sealed at rest and unseal to the published public key", async () => {
    const published = await publishedKeys();
    const rows = await keyRows();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      const key = published.find((candidate) => candidate.id === row.id);
      assert.ok(key, `${row.id} is not published`);
      assert.equal(row.public_key, key.publicKey);
      assert.match(
        row.private_key_encrypted,
        /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
      );

      const pkcs8 = unseal(t().secret, row.private_key_encrypted);
      const privateKey = parsePrivateKey(pkcs8);
      assert.equal(privateKey.type, row.algorithm);
      assert.equal(base64Encode(publicKeyOf(privateKey).spki), key.publicKey);

      // The raw key appears in no form in the column.
      const raw = Buffer.from(pkcs8);
      for (const encoding of ["base64", "base64url", "hex"] as const) {
        assert.ok(
          !row.private_key_encrypted.includes(raw.toString(encoding).slice(0, 24)),
          encoding,
        );
      }
      assert.ok(!row.private_key_encrypted.includes("PRIVATE KEY"));

      // And it signs what the published key verifies.
      const message = Buffer.from(`signed by ${row.id}`);
      const digest = row.algorithm === "rsa" ? "sha256" : null;
      const signature = sign(
        digest,
        message,
        createPrivateKey({ key: raw, format: "der", type: "pkcs8" }),
      );
      const spki = Buffer.from(key.publicKey, "base64");
      const publicKey = createPublicKey({ key: spki, format: "der", type: "spki" });
      assert.ok(verify(digest, message, publicKey, signature));
    }
  });

  test("unsealing needs the server secret: another secret or a changed byte fails", async () => {
    const rows = await keyRows();
    for (const row of rows) {
      assert.throws(() => unseal(`${t().secret}x`, row.private_key_encrypted), SealError);
      assert.throws(
        () => unseal("another secret of at least 32 chars!", row.private_key_encrypted),
        SealError,
      );
      const parts = row.private_key_encrypted.split(".");
      const ciphertext = Buffer.from(parts[2]!, "base64url");
      ciphertext[0]! ^= 1;
      parts[2] = ciphertext.toString("base64url");
      assert.throws(() => unseal(t().secret, parts.join(".")), SealError);
      assert.throws(
        () => unseal(t().secret, row.private_key_encrypted.replace(/^v1/, "v2")),
        SealError,
      );
    }
  });

  test("each organization gets its own key pair, sealed afresh", async () => {
    const organization = await t().services.organizations.create("Other");
    const other = await t()
      .store.db.selectFrom("signing_keys")
      .selectAll()
      .where("organization_id", "=", organization.id)
      .execute();
    const mine = await keyRows();
    assert.equal(other.length, 2);
    for (const row of other) {
      assert.ok(!mine.some((key) => key.public_key === row.public_key));
      assert.ok(!mine.some((key) => key.private_key_encrypted === row.private_key_encrypted));
    }
  });
});
