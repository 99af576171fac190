import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { build } from "esbuild";
import fc from "fast-check";
import {
  base64urlDecode,
  base64urlEncode,
  DEFAULT_JWT_ISSUER,
  defaultDataset,
  type FormatError,
  type FormatErrorCode,
  generatePlainKey,
  isFormatError,
  isKeyScheme,
  isPlainKey,
  KEY_SCHEMES,
  type KeyScheme,
  keyTypeOfScheme,
  type LicenseFacts,
  licenseFileSignatureFor,
  parsePublicKey,
  type Result,
  renderTemplate,
  utf8Decode,
  utf8Encode,
  verifyLicenseKey,
} from "../src/index.js";
import { createLicenseKey, generateKeyPair, signBytes, signLicenseKey } from "../src/node.js";
import { oneCharChange, replaceCharAt } from "./support/arbitraries.js";
import { assertThrowsCode, expectFailure } from "./support/assertions.js";
import { PROVIDERS, SEED_004_FILE_SIGNATURES, testKeyPair } from "./support/fixtures.js";
import { KEYGEN_PUBLIC_KEY_HEX, keygenVectorsDir } from "./support/keygen-vectors.js";

// ---------------------------------------------------------------------------------------------
// Fixtures

const ed = testKeyPair("ed25519");
const edOther = generateKeyPair("ed25519");
const rsa = testKeyPair("rsa");
const rsaOther = generateKeyPair("rsa");

const pairFor = (scheme: KeyScheme) => testKeyPair(keyTypeOfScheme(scheme));
const otherPairFor = (scheme: KeyScheme) =>
  keyTypeOfScheme(scheme) === "ed25519" ? edOther : rsaOther;

/** Example keys of seed 004, one per scheme section (signatures by Keygen's own RSA key). */
const SEED_KEYS = {
  RSA_2048_PKCS1_PSS_SIGN_V2:
    "key/eyJhY2NvdW50Ijp7ImlkIjoiZmE0ZTIyYzYtNDM2Zi00MTM0LWI5NzYtNzlkZjkxMGFjZjY5In0sInByb2R1Y3QiOnsiaWQiOiIyYzAzNWNkZS1hYTFiLTQ3YzEtYmRiZS1kZjBiMjlkOGM1ZmIifSwicG9saWN5Ijp7ImlkIjoiNmUyOTU4MGYtYTNlYi00OWUzLTg4MjAtZjZlMDNhZTkyMzBiIiwiZHVyYXRpb24iOm51bGx9LCJ1c2VyIjpudWxsLCJsaWNlbnNlIjp7ImlkIjoiZmQyOTNiZTEtZjYwNS00MjJkLWEwMjItMzc5NDZmNThjMGZkIiwiY3JlYXRlZCI6IjIwMjEtMDMtMjJUMTI6NDY6MTguMjE3WiIsImV4cGlyeSI6bnVsbH19.ZIXTH2HhILamEedSXoFSn9EFloOOUtPulq37T7YnJJolRF18-NaMb7L22ozG2v1NtioX5ZK20iSmGnTy6dLsPjaK3PpM1gL4BAD4yQuU979EuyAz7j169lpiyBtx7ytOTIJ_hr1aAMotl97BY8mBQAn-ASctNnmLqeYD0IvVniMBPes64FM5GPfyK8IIdfX23XRue3HW1nHiPBFvmiaH-_WSY81cl6fQYdrmbGJn0FSP9QYK2-CCsw1OzE_q47YmH5-Z_-VzfFnEBWLsrSvlz3HRlD5N6QhT_kl4jkN-7hou76vS1-P_DN-VD5rNXQSxKxPnbFvtSIX3rk0WCSw3rQ==",
  RSA_2048_PKCS1_SIGN_V2:
    "key/eyJhY2NvdW50Ijp7ImlkIjoiZmE0ZTIyYzYtNDM2Zi00MTM0LWI5NzYtNzlkZjkxMGFjZjY5In0sInByb2R1Y3QiOnsiaWQiOiIyYzAzNWNkZS1hYTFiLTQ3YzEtYmRiZS1kZjBiMjlkOGM1ZmIifSwicG9saWN5Ijp7ImlkIjoiNmUyOTU4MGYtYTNlYi00OWUzLTg4MjAtZjZlMDNhZTkyMzBiIiwiZHVyYXRpb24iOjMxNTU2OTUyfSwidXNlciI6eyJpZCI6ImE0OTliYjkzLTk5MDItNGI1Mi04YTA0LTc2OTQ0YWQ3ZjY2MCIsImVtYWlsIjoidXNlckBrZXlnZW4uZXhhbXBsZSJ9LCJsaWNlbnNlIjp7ImlkIjoiZjJjNjU2MDItOTJhOC00MTFmLTlmZWYtZWRhMGE2NjJmOWI2IiwiY3JlYXRlZCI6IjIwMjEtMDMtMjJUMTI6NTE6MjYuMTI5WiIsImV4cGlyeSI6IjIwMjItMDMtMjJUMTI6NTE6MjYuMTI5WiJ9fQ==.Jfs9Xu3_Osqf0dSQpI766WHVG9IacWbIzcQHJrPQR1zwriwjW0v1aR6AYTDOHXfNp81O33kWK23MOf-kkC5U9Gkiq_7ca7FdHLgzLGjZ3216QigxCweOWAHzit37kvaDvXinyS3ceGvDI6tt_FldcoaByHJXTovKjsQzRYaGJmI9r8wfgBor5nQ6NCTm3v6lYA9Ae_6Rs3AR7DgMM2kEr0GAhDNja_VyrZthsrRsU5r5ELo4AlVCdzdhNCD8KzA4PPrD_KsCaKGjQak1sd0kXYx-IOr5vXJpiuhgyGdGyKVSKOejO_2TbY2oxuVGNg6aWGxv0hEiXJuChAzAI7_NmA==",
  RSA_2048_JWT_RS256:
    "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJjMGM4ZGMyMy03MDI1LTRmNjQtYWUwOC1iMzg4OWZlYmEwM2IiLCJpc3MiOiJodHRwczovL2tleWdlbi5zaCIsImF1ZCI6ImJmOWI1MjNmLWRkNjUtNDhhMi05NTEyLWZiNjZiYTZjMzcxNCIsInN1YiI6IjU0YjI5ODU2LWE0MjgtNGQyNy05NjY2LTliNjRlMWJmODZlZSIsImlhdCI6MTYxNTgzNzEyOCwibmJmIjoxNjE1ODM3MTI4LCJleHAiOjE2NDczNzMxMjh9.MSoZ4dqwTU0TIS_oOXMT20ViVoYDhLVn7dbOmo5Y3LAoy2DIt54jGL2PXl2G-Ov3DBSGhkp-nYbO6miigoXSPhx9okVnoyM78qbVUZVLmxcEiQ3SUrL_9oUhJul3DleQSFGvYPhGGtmK1H0xZuN5yodBY5OY6w2OJ5omOnq6hE8NdxLgZSwUb2POmtUlzUzx0kSqiG2tt1NW-j5OnGGgy1nqMDj1Cv5suoplmnCEajYd1x2w6G0Gmb9tg_iZbBkfh4tlidltK9uCiNWnHvsg3S-X3biSWQeRXP-2_BRdGAyrI5cvwZbWHPr8QdSsHTnOqUwCQ22A5YTEAGiSYp9lvQ",
  RSA_2048_PKCS1_PSS_SIGN:
    "eyJhY2NvdW50Ijp7ImlkIjoiZmE0ZTIyYzYtNDM2Zi00MTM0LWI5NzYtNzlkZjkxMGFjZjY5In0sInByb2R1Y3QiOnsiaWQiOiIyYzAzNWNkZS1hYTFiLTQ3YzEtYmRiZS1kZjBiMjlkOGM1ZmIifSwicG9saWN5Ijp7ImlkIjoiNmUyOTU4MGYtYTNlYi00OWUzLTg4MjAtZjZlMDNhZTkyMzBiIiwiZHVyYXRpb24iOjMxNTU2OTUyfSwidXNlciI6eyJpZCI6ImE0OTliYjkzLTk5MDItNGI1Mi04YTA0LTc2OTQ0YWQ3ZjY2MCIsImVtYWlsIjoidXNlckBrZXlnZW4uZXhhbXBsZSJ9LCJsaWNlbnNlIjp7ImlkIjoiOGIwZmU2MGQtMGJjOS00Zjk4LWEwNDctZTZmOGNhMWQyNThjIiwiY3JlYXRlZCI6IjIwMjEtMDMtMjJUMTI6NTI6NTAuNjgyWiIsImV4cGlyeSI6IjIwMjItMDMtMjJUMTI6NTI6NTAuNjgyWiJ9fQ==.l2ZyC7Hc-0XrEtkhldI5c1tsLt_AY8eeW96PdeR1C3Z8F6X7xrdtXBum5UDCR2dIEf552eJY91l3cVwmFVvLTqNUWGFRDzoKHVH8w2ddwocWXSHRevBLCbfj6BLMLxBCFZOiCxQdEsoA93JcsuZmijwvphG3s26F3u5MRz5wIciE6Q4a9adKnCBhcPYP4B_ZfUwXmImMsTkqlP7x5jr8yIViFSFkEiiH4tp_xQySWtMpKBuV18LWq07KrIorHT8mrSET7EzHUNRrbE7x9J2lol5-aR8A2-7_rmM042sqvhS6EQOYqxTigPpAWILK8pT3AqnJ8o2WnZI-bks8Lbc3Mg==",
  RSA_2048_PKCS1_SIGN:
    "eyJhY2NvdW50Ijp7ImlkIjoiZmE0ZTIyYzYtNDM2Zi00MTM0LWI5NzYtNzlkZjkxMGFjZjY5In0sInByb2R1Y3QiOnsiaWQiOiIyYzAzNWNkZS1hYTFiLTQ3YzEtYmRiZS1kZjBiMjlkOGM1ZmIifSwicG9saWN5Ijp7ImlkIjoiNmUyOTU4MGYtYTNlYi00OWUzLTg4MjAtZjZlMDNhZTkyMzBiIiwiZHVyYXRpb24iOjMxNTU2OTUyfSwidXNlciI6eyJpZCI6ImE0OTliYjkzLTk5MDItNGI1Mi04YTA0LTc2OTQ0YWQ3ZjY2MCIsImVtYWlsIjoidXNlckBrZXlnZW4uZXhhbXBsZSJ9LCJsaWNlbnNlIjp7ImlkIjoiZTI2NDdkMzAtYmYyOS00N2U0LTliYjktZWU4NzRmNDI2YjI2IiwiY3JlYXRlZCI6IjIwMjEtMDMtMjJUMTI6NTM6MjAuNDE0WiIsImV4cGlyeSI6IjIwMjItMDMtMjJUMTI6NTM6MjAuNDE0WiJ9fQ==.QmWjSqJ8yfvTcf3T0sKWUXrImaFudHVR8_WLatIVNfAciJW7__70RtOyZ2ZnN4WvyDEb37Df-hal5-zKugrS9a9OCXP_NbNusQALdSqigQH-Jkekd_X0Xnp6F2v6z9SQVgrt2_kMxQ9m2WzFXVn6R_SfW-ey_aGcX3JW7th8CsX5rGr93sb7DjR7-femwS-rGLy_t3cyqf-kYP6XX0krv4BUJi5vYcEC9MnTNDkoTervk6nczAjQhybJmD5aah2c9opbRT4R0k0wCosEYkNrsdnmj1uB2AshcmpmhemnmTxjmNvKvYO3gfgGbfIDSXSzRQhzErVwN_wLr1XANmzQYQ==",
} as const;

const SEED_ENCRYPT_KEY =
  "S-Pg5rnVDE-7hG5Ep0RlL_6yah04aDqo9zhQR04VFurWJyq9GrQdODh90DlkzNBeFoypt6tD1_QxUecw24XqLQrhu3wRBiD4sDxWKIWX5PehyLSdGxD-U_zpZ5yVDw1Cexp9bivIWcV_Ld7Og5H56cN092iFjlctJ-HI1IPuk6W1hYxWlVGchasOshMyQdE-BLsW7PaeYqUHC5jQdo3huHX17p0GcaRMepvXzBbqjABJyUFZIwXue-ApadK2H0ActISG-zMJGF7uqpNrFCKMYISDWPAkmYSa_jZHIvR7uoTGNlaAcWwVhQDKt7XH1eVaZxZZtvQrTvoH72Mcv5-0kA==";

/** Facts of the seed's RSA_2048_PKCS1_PSS_SIGN_V2 example (also the ED25519_SIGN dataset). */
const FACTS_NO_USER: LicenseFacts = {
  accountId: "fa4e22c6-436f-4134-b976-79df910acf69",
  productId: "2c035cde-aa1b-47c1-bdbe-df0b29d8c5fb",
  policyId: "6e29580f-a3eb-49e3-8820-f6e03ae9230b",
  policyDuration: null,
  userId: null,
  userEmail: null,
  licenseId: "fd293be1-f605-422d-a022-37946f58c0fd",
  created: new Date("2021-03-22T12:46:18.217Z"),
  expiry: null,
};

/** Facts of the seed's RSA_2048_PKCS1_SIGN_V2 example; the legacy examples vary the license. */
function factsWithUser(licenseId: string, created: string, expiry: string): LicenseFacts {
  return {
    accountId: "fa4e22c6-436f-4134-b976-79df910acf69",
    productId: "2c035cde-aa1b-47c1-bdbe-df0b29d8c5fb",
    policyId: "6e29580f-a3eb-49e3-8820-f6e03ae9230b",
    policyDuration: 31556952,
    userId: "a499bb93-9902-4b52-8a04-76944ad7f660",
    userEmail: "user@keygen.example",
    licenseId,
    created: new Date(created),
    expiry: new Date(expiry),
  };
}

const SEED_SIGN_EXAMPLES: { scheme: KeyScheme; key: string; facts: LicenseFacts }[] = [
  {
    scheme: "RSA_2048_PKCS1_PSS_SIGN_V2",
    key: SEED_KEYS.RSA_2048_PKCS1_PSS_SIGN_V2,
    facts: FACTS_NO_USER,
  },
  {
    scheme: "RSA_2048_PKCS1_SIGN_V2",
    key: SEED_KEYS.RSA_2048_PKCS1_SIGN_V2,
    facts: factsWithUser(
      "f2c65602-92a8-411f-9fef-eda0a662f9b6",
      "2021-03-22T12:51:26.129Z",
      "2022-03-22T12:51:26.129Z",
    ),
  },
  {
    scheme: "RSA_2048_PKCS1_PSS_SIGN",
    key: SEED_KEYS.RSA_2048_PKCS1_PSS_SIGN,
    facts: factsWithUser(
      "8b0fe60d-0bc9-4f98-a047-e6f8ca1d258c",
      "2021-03-22T12:52:50.682Z",
      "2022-03-22T12:52:50.682Z",
    ),
  },
  {
    scheme: "RSA_2048_PKCS1_SIGN",
    key: SEED_KEYS.RSA_2048_PKCS1_SIGN,
    facts: factsWithUser(
      "e2647d30-bf29-47e4-9bb9-ee874f426b26",
      "2021-03-22T12:53:20.414Z",
      "2022-03-22T12:53:20.414Z",
    ),
  },
];

const JAVA_DIR = join(keygenVectorsDir, "example-java-cryptographic-license-keys");
const KEYGEN_KEY = readFileSync(join(JAVA_DIR, "ed25519_sign.key"), "utf8").trim();
const KEYGEN_DATASET = /^dataset= (.*)$/m.exec(
  readFileSync(join(JAVA_DIR, "expected_dataset.txt"), "utf8"),
)![1]!;
const keygenPublicKey = parsePublicKey(
  readFileSync(join(JAVA_DIR, "public_key.hex"), "utf8").trim(),
);

/** The dataset part of a signed key, decoded (no verification). */
function datasetPartOf(key: string): string {
  return key.replace(/^key\//, "").split(".")[0]!;
}

/** Awaits a verification and asserts that it failed with one of `codes`. */
async function expectRejected(
  pending: Promise<Result<unknown>>,
  codes: readonly FormatErrorCode[],
  label = "",
): Promise<FormatError> {
  return expectFailure(await pending, codes, label);
}

/** A fixed dataset per scheme: JWT claims must be an object, the others are any text. */
function sampleDataset(scheme: KeyScheme): string {
  return defaultDataset(
    scheme,
    factsWithUser("lic-1", "2030-01-01T00:00:00.000Z", "2031-01-01T00:00:00.000Z"),
    {
      jti: "11111111-2222-4333-8444-555555555555",
    },
  );
}

/** JWT claims that are valid until 2100 whatever the test clock. */
const LONG_LIVED_FACTS = factsWithUser(
  "lic-jwt",
  "2020-01-01T00:00:00.000Z",
  "2100-01-01T00:00:00.000Z",
);

function datasetFor(scheme: KeyScheme): string {
  return scheme === "RSA_2048_JWT_RS256"
    ? defaultDataset(scheme, LONG_LIVED_FACTS, { jti: "66666666-7777-4888-8999-000000000000" })
    : sampleDataset(scheme);
}

const signedKeys = new Map<KeyScheme, string>(
  KEY_SCHEMES.map((scheme) => [
    scheme,
    signLicenseKey(scheme, pairFor(scheme).privateKey, datasetFor(scheme)),
  ]),
);

const TAMPER_CODES: readonly FormatErrorCode[] = [
  "BAD_SIGNATURE",
  "BAD_ENCODING",
  "BAD_FORMAT",
  "CANNOT_DECRYPT",
  "WRONG_ALGORITHM",
];

// ---------------------------------------------------------------------------------------------

describe("license key schemes", () => {
  it("knows exactly the seven schemes of seed 004", () => {
    assert.equal(new Set(KEY_SCHEMES).size, 7);
    for (const scheme of KEY_SCHEMES) assert.ok(isKeyScheme(scheme), scheme);
    for (const other of ["", "ed25519_sign", "RSA_2048_PKCS1", "toString", "__proto__", null, 7]) {
      assert.equal(isKeyScheme(other), false, String(other));
    }
  });

  it("maps schemes to license file signature algorithms as seed 004's table", () => {
    for (const [scheme, algorithm] of SEED_004_FILE_SIGNATURES) {
      assert.equal(licenseFileSignatureFor(scheme), algorithm, String(scheme));
    }
  });
});

describe("default datasets", () => {
  for (const { scheme, key, facts } of SEED_SIGN_EXAMPLES) {
    it(`${scheme}: byte-exact with the seed example key's dataset`, () => {
      const expected = utf8Decode(base64urlDecode(datasetPartOf(key)));
      assert.equal(defaultDataset(scheme, facts), expected);
      // Keygen's base64url is padded: our encoding of the dataset is the example's, char for char.
      assert.equal(base64urlEncode(utf8Encode(defaultDataset(scheme, facts))), datasetPartOf(key));
    });
  }

  it("ED25519_SIGN: the seed's default dataset and the dataset of Keygen's key vector", () => {
    assert.equal(
      defaultDataset("ED25519_SIGN", FACTS_NO_USER),
      utf8Decode(base64urlDecode(datasetPartOf(SEED_KEYS.RSA_2048_PKCS1_PSS_SIGN_V2))),
    );
    const vectorFacts: LicenseFacts = {
      accountId: "1fddcec8-8dd3-4d8d-9b16-215cac0f9b52",
      productId: "1f086ec9-a943-46ea-9da4-e62c2180c2f4",
      policyId: "29d9d8d3-bf1d-44d1-a1b9-820440d422ff",
      policyDuration: null,
      userId: null,
      userEmail: null,
      licenseId: "f3d657de-2b50-4adf-867b-ef03dc86a3fe",
      created: new Date("2021-10-14T15:20:32.670Z"),
      expiry: new Date("2021-10-15T00:00:00.000Z"),
    };
    assert.equal(defaultDataset("ED25519_SIGN", vectorFacts), KEYGEN_DATASET);
  });

  it("RSA_2048_PKCS1_ENCRYPT: {id, created, expiry, duration} as in the seed", () => {
    const facts: LicenseFacts = {
      ...FACTS_NO_USER,
      licenseId: "4040b22a-73df-48b5-8f90-bacacd2b6602",
      created: new Date("2021-03-15T19:27:50.440Z"),
      expiry: new Date("2022-03-15T19:27:50.440Z"),
      policyDuration: 31556952,
    };
    assert.equal(
      defaultDataset("RSA_2048_PKCS1_ENCRYPT", facts),
      '{"id":"4040b22a-73df-48b5-8f90-bacacd2b6602","created":"2021-03-15T19:27:50.440Z","expiry":"2022-03-15T19:27:50.440Z","duration":31556952}',
    );
    assert.equal(
      defaultDataset("RSA_2048_PKCS1_ENCRYPT", { ...facts, expiry: null, policyDuration: null }),
      '{"id":"4040b22a-73df-48b5-8f90-bacacd2b6602","created":"2021-03-15T19:27:50.440Z","expiry":null,"duration":null}',
    );
  });

  it("RSA_2048_JWT_RS256: the seed example's claims, byte for byte", () => {
    const facts: LicenseFacts = {
      ...FACTS_NO_USER,
      accountId: "bf9b523f-dd65-48a2-9512-fb66ba6c3714",
      licenseId: "54b29856-a428-4d27-9666-9b64e1bf86ee",
      created: new Date(1615837128_000 + 517), // milliseconds are dropped from iat/nbf
      expiry: new Date(1647373128_000),
    };
    const payload = SEED_KEYS.RSA_2048_JWT_RS256.split(".")[1]!;
    assert.equal(
      defaultDataset("RSA_2048_JWT_RS256", facts, {
        jti: "c0c8dc23-7025-4f64-ae08-b3889feba03b",
        issuer: "https://keygen.sh",
      }),
      utf8Decode(base64urlDecode(payload)),
    );
  });

  it("RSA_2048_JWT_RS256: exp omitted without expiry, Keyward issuer and random jti by default", () => {
    const first = JSON.parse(defaultDataset("RSA_2048_JWT_RS256", FACTS_NO_USER));
    const second = JSON.parse(defaultDataset("RSA_2048_JWT_RS256", FACTS_NO_USER));
    assert.deepEqual(Object.keys(first), ["jti", "iss", "aud", "sub", "iat", "nbf"]);
    assert.equal(first.iss, DEFAULT_JWT_ISSUER);
    assert.equal(first.aud, FACTS_NO_USER.accountId);
    assert.equal(first.sub, FACTS_NO_USER.licenseId);
    assert.equal(first.iat, Math.floor(FACTS_NO_USER.created.getTime() / 1000));
    assert.match(
      first.jti,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.notEqual(first.jti, second.jti);
  });

  it("writes a user without email as {id, email: null}", () => {
    const dataset = JSON.parse(
      defaultDataset("ED25519_SIGN", { ...FACTS_NO_USER, userId: "u-1", userEmail: null }),
    );
    assert.deepEqual(dataset.user, { id: "u-1", email: null });
  });

  it("rejects invalid dates and durations with BAD_FORMAT", () => {
    for (const scheme of KEY_SCHEMES) {
      assertThrowsCode(
        () => defaultDataset(scheme, { ...FACTS_NO_USER, created: new Date(Number.NaN) }),
        "BAD_FORMAT",
        scheme,
      );
      assertThrowsCode(
        () =>
          defaultDataset(scheme, { ...FACTS_NO_USER, policyDuration: Number.POSITIVE_INFINITY }),
        "BAD_FORMAT",
        scheme,
      );
    }
  });
});

describe("dataset templates", () => {
  it("renders the seed's example template", () => {
    const facts: LicenseFacts = {
      ...FACTS_NO_USER,
      created: new Date("2022-03-22T12:46:18.217Z"),
      expiry: new Date("2023-03-22T12:46:18.217Z"),
    };
    assert.equal(
      renderTemplate('{ "id": "{{id}}", "issued": "{{created}}", "expires": "{{expiry}}" }', facts),
      '{ "id": "fd293be1-f605-422d-a022-37946f58c0fd", "issued": "2022-03-22T12:46:18.217Z", "expires": "2023-03-22T12:46:18.217Z" }',
    );
  });

  it("replaces every variable, with empty values where the seed says empty", () => {
    const template =
      "{{account}}|{{product}}|{{policy}}|{{user}}|{{email}}|{{created}}|{{expiry}}|{{duration}}|{{id}}";
    const withUser = factsWithUser("lic", "2021-03-22T12:51:26.129Z", "2022-03-22T12:51:26.129Z");
    assert.equal(
      renderTemplate(template, withUser),
      "fa4e22c6-436f-4134-b976-79df910acf69|2c035cde-aa1b-47c1-bdbe-df0b29d8c5fb|6e29580f-a3eb-49e3-8820-f6e03ae9230b|a499bb93-9902-4b52-8a04-76944ad7f660|user@keygen.example|2021-03-22T12:51:26.129Z|2022-03-22T12:51:26.129Z|31556952|lic",
    );
    assert.equal(
      renderTemplate(template, FACTS_NO_USER),
      "fa4e22c6-436f-4134-b976-79df910acf69|2c035cde-aa1b-47c1-bdbe-df0b29d8c5fb|6e29580f-a3eb-49e3-8820-f6e03ae9230b|||2021-03-22T12:46:18.217Z|||fd293be1-f605-422d-a022-37946f58c0fd",
    );
  });

  it("renders in one pass and leaves unknown or spaced names alone", () => {
    const facts = { ...FACTS_NO_USER, userId: "{{id}}", userEmail: "$&@x" };
    assert.equal(
      renderTemplate("{{user}} {{email}} {{ id }} {{name}} {{id}}{{id}}", facts),
      "{{id}} $&@x {{ id }} {{name}} fd293be1-f605-422d-a022-37946f58c0fd" +
        "fd293be1-f605-422d-a022-37946f58c0fd",
    );
  });

  it("is the identity on text without variables", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        fc.pre(!text.includes("{{"));
        assert.equal(renderTemplate(text, FACTS_NO_USER), text);
      }),
    );
  });
});

describe("plain-text keys", () => {
  it("generates keys in the V3 form of the seeds", () => {
    const keys = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const key = generatePlainKey();
      assert.match(key, /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}-V3$/);
      assert.ok(isPlainKey(key), key);
      keys.add(key);
    }
    assert.equal(keys.size, 2000);
  });

  it("recognizes the seeds' keys and rejects near misses", () => {
    assert.ok(isPlainKey("DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3"));
    assert.ok(isPlainKey("6DFB15-6597FC-B7DBB6-E34DAB-9D77C0-V3"));
    for (const bad of [
      "dc00e8-cc6da1-2e35bf-bbdc02-e80494-v3",
      "DC00E8-CC6DA1-2E35BF-BBDC02-E80494",
      "DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V2",
      "DC00E8-CC6DA1-2E35BF-BBDC02-E8049G-V3",
      " DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3",
      "DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3\n",
      "DC00E8CC6DA1-2E35BF-BBDC02-E80494-V3",
      "",
      42,
    ]) {
      assert.equal(isPlainKey(bad), false, String(bad));
    }
  });
});

describe("sign → verify", () => {
  for (const scheme of KEY_SCHEMES) {
    for (const [name, crypto] of PROVIDERS) {
      it(`${scheme} round trip (${name})`, async () => {
        const { publicKey, privateKey } = pairFor(scheme);
        const dataset = datasetFor(scheme);
        const key = signLicenseKey(scheme, privateKey, dataset);
        const result = await verifyLicenseKey(key, publicKey, { scheme, crypto });
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        assert.equal(result.value.scheme, scheme);
        assert.equal(result.value.dataset, dataset);
        if (scheme === "RSA_2048_JWT_RS256")
          assert.deepEqual(result.value.claims, JSON.parse(dataset));
        else assert.equal(result.value.claims, undefined);
      });
    }
  }

  it("lays keys out as seed 004 describes", () => {
    const dataset = sampleDataset("ED25519_SIGN");
    const encoded = base64urlEncode(utf8Encode(dataset));
    for (const scheme of [
      "ED25519_SIGN",
      "RSA_2048_PKCS1_PSS_SIGN_V2",
      "RSA_2048_PKCS1_SIGN_V2",
    ] as const) {
      const key = signedKeys.get(scheme)!;
      assert.ok(key.startsWith(`key/${encoded}.`), scheme);
      const signature = base64urlDecode(key.split(".")[1]!);
      assert.equal(signature.length, scheme === "ED25519_SIGN" ? 64 : 256);
      assert.match(key.split(".")[1]!, /=$/, "signature base64url is padded");
    }
    for (const scheme of ["RSA_2048_PKCS1_PSS_SIGN", "RSA_2048_PKCS1_SIGN"] as const) {
      assert.ok(signedKeys.get(scheme)!.startsWith(`${encoded}.`), scheme);
    }
    const encrypted = signedKeys.get("RSA_2048_PKCS1_ENCRYPT")!;
    assert.match(encrypted, /^[A-Za-z0-9_-]{342}==$/);
    const [header, payload, signature] = signedKeys.get("RSA_2048_JWT_RS256")!.split(".");
    assert.equal(utf8Decode(base64urlDecode(header!)), '{"alg":"RS256","typ":"JWT"}');
    assert.equal(utf8Decode(base64urlDecode(payload!)), datasetFor("RSA_2048_JWT_RS256"));
    assert.match(signature!, /^[A-Za-z0-9_-]{342}$/);
  });

  it("Ed25519 keys are deterministic; the legacy signature covers the raw dataset", async () => {
    const dataset = sampleDataset("ED25519_SIGN");
    assert.equal(
      signLicenseKey("ED25519_SIGN", ed.privateKey, dataset),
      signedKeys.get("ED25519_SIGN"),
    );
    const legacy = signedKeys.get("RSA_2048_PKCS1_SIGN")!;
    const expected = signBytes("rsa-sha256", rsa.privateKey, utf8Encode(dataset));
    assert.deepEqual(base64urlDecode(legacy.split(".")[1]!), expected); // PKCS#1 v1.5 is deterministic
  });

  it("a legacy key's dataset may not be the text another artifact signs", () => {
    for (const dataset of [
      "lease/eyJ2IjoxfQ",
      "license/abc",
      "machine/abc",
      "proof/abc",
      "key/abc",
      "keyward-key-endorsement/key_1/key_2/rsa/MII",
      "(request-target): get /v1/licenses",
    ]) {
      for (const scheme of ["RSA_2048_PKCS1_PSS_SIGN", "RSA_2048_PKCS1_SIGN"] as const) {
        assert.throws(
          () => signLicenseKey(scheme, rsa.privateKey, dataset),
          (error) => isFormatError(error) && error.code === "BAD_FORMAT",
          `${scheme} ${dataset}`,
        );
      }
    }
    // The V2 schemes sign key/<dataset>, so any dataset goes.
    assert.ok(signLicenseKey("RSA_2048_PKCS1_PSS_SIGN_V2", rsa.privateKey, "lease/x"));
    // Elsewhere in the dataset these words are fine.
    assert.ok(signLicenseKey("RSA_2048_PKCS1_SIGN", rsa.privateKey, "my lease/license"));
  });

  it("round-trips any Unicode dataset (ED25519_SIGN, RSA_2048_PKCS1_SIGN_V2, legacy PSS)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.constantFrom<KeyScheme>(
          "ED25519_SIGN",
          "RSA_2048_PKCS1_SIGN_V2",
          "RSA_2048_PKCS1_PSS_SIGN",
        ),
        async (dataset, scheme) => {
          const { publicKey, privateKey } = pairFor(scheme);
          const key = signLicenseKey(scheme, privateKey, dataset);
          const result = await verifyLicenseKey(key, publicKey, { scheme });
          assert.ok(result.ok && result.value.dataset === dataset);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("round-trips any JSON object as RSA_2048_JWT_RS256 claims", async () => {
    const claims = fc.dictionary(
      fc.string().filter((name) => !["exp", "nbf", "iat"].includes(name)),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(claims, async (object) => {
        const dataset = JSON.stringify(object);
        const key = signLicenseKey("RSA_2048_JWT_RS256", rsa.privateKey, dataset);
        const result = await verifyLicenseKey(key, rsa.publicKey, { scheme: "RSA_2048_JWT_RS256" });
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        assert.equal(result.value.dataset, dataset);
        assert.deepEqual(result.value.claims, JSON.parse(dataset));
      }),
      { numRuns: 40 },
    );
  });

  it("refuses datasets that are not well-formed Unicode (BAD_ENCODING)", () => {
    for (const scheme of KEY_SCHEMES) {
      const dataset = scheme === "RSA_2048_JWT_RS256" ? '{"a":"\ud800"}' : "lone \udc00 surrogate";
      assertThrowsCode(
        () => signLicenseKey(scheme, pairFor(scheme).privateKey, dataset),
        "BAD_ENCODING",
        scheme,
      );
    }
  });

  it("refuses a private key of the wrong type (BAD_KEY)", () => {
    for (const scheme of KEY_SCHEMES) {
      assertThrowsCode(
        () => signLicenseKey(scheme, otherTypePair(scheme).privateKey, datasetFor(scheme)),
        "BAD_KEY",
        scheme,
      );
    }
  });

  it("refuses JWT claims that are not a JSON object (BAD_FORMAT)", () => {
    for (const claims of ["", "not json", "[1,2]", "null", '"text"', "42"]) {
      assertThrowsCode(
        () => signLicenseKey("RSA_2048_JWT_RS256", rsa.privateKey, claims),
        "BAD_FORMAT",
        claims,
      );
    }
  });
});

function otherTypePair(scheme: KeyScheme) {
  return keyTypeOfScheme(scheme) === "ed25519" ? rsa : ed;
}

describe("RSA_2048_PKCS1_ENCRYPT size limit", () => {
  const scheme = "RSA_2048_PKCS1_ENCRYPT";

  it("takes 245 bytes and refuses 246 (TOO_LARGE)", async () => {
    const key = signLicenseKey(scheme, rsa.privateKey, "a".repeat(245));
    const result = await verifyLicenseKey(key, rsa.publicKey, { scheme });
    assert.ok(result.ok && result.value.dataset === "a".repeat(245));
    assertThrowsCode(() => signLicenseKey(scheme, rsa.privateKey, "a".repeat(246)), "TOO_LARGE");
  });

  it("counts UTF-8 bytes, not characters", async () => {
    const fits = `${"€".repeat(81)}ab`; // 83 characters, 245 bytes
    assert.equal(utf8Encode(fits).length, 245);
    const result = await verifyLicenseKey(
      signLicenseKey(scheme, rsa.privateKey, fits),
      rsa.publicKey,
      {
        scheme,
      },
    );
    assert.ok(result.ok && result.value.dataset === fits);
    const tooLarge = "€".repeat(82); // 82 characters, 246 bytes
    assert.equal(tooLarge.length, 82);
    assertThrowsCode(() => signLicenseKey(scheme, rsa.privateKey, tooLarge), "TOO_LARGE");
  });

  it("the default dataset always fits", () => {
    const key = createLicenseKey({
      scheme,
      privateKey: rsa.privateKey,
      facts: factsWithUser(
        "4040b22a-73df-48b5-8f90-bacacd2b6602",
        "2021-03-15T19:27:50.440Z",
        "2022-03-15T19:27:50.440Z",
      ),
    });
    assert.equal(base64urlDecode(key).length, 256);
  });
});

describe("Keygen's ED25519_SIGN key vector", () => {
  for (const [name, crypto] of PROVIDERS) {
    it(`verifies with Keygen's public key and yields the documented dataset (${name})`, async () => {
      assert.equal(
        KEYGEN_PUBLIC_KEY_HEX,
        "e8601e48b69383ba520245fd07971e983d06d22c4257cfd82304601479cee788",
      );
      const result = await verifyLicenseKey(KEYGEN_KEY, keygenPublicKey, {
        scheme: "ED25519_SIGN",
        crypto,
      });
      assert.ok(result.ok, result.ok ? "" : result.error.message);
      assert.equal(result.value.dataset, KEYGEN_DATASET);
    });
  }

  it("fails on every single-character change, at every position", async () => {
    for (let i = 0; i < KEYGEN_KEY.length; i++) {
      for (const replacement of ["A", "_", "."]) {
        const original = KEYGEN_KEY[i]!;
        const changed = replacement === original ? "B" : replacement;
        const tampered = replaceCharAt(KEYGEN_KEY, i, changed);
        await expectRejected(
          verifyLicenseKey(tampered, keygenPublicKey, { scheme: "ED25519_SIGN" }),
          ["BAD_SIGNATURE", "BAD_ENCODING", "BAD_FORMAT"],
          `position ${i} ${original}→${changed}`,
        );
      }
    }
  });

  it("a flipped signature bit is BAD_SIGNATURE, a non-canonical dataset char BAD_ENCODING", async () => {
    const [signingData, signature] = KEYGEN_KEY.split(".") as [string, string];
    const flipped = base64urlDecode(signature);
    flipped[10] = flipped[10]! ^ 1;
    const error = await expectRejected(
      verifyLicenseKey(`${signingData}.${base64urlEncode(flipped)}`, keygenPublicKey, {
        scheme: "ED25519_SIGN",
      }),
      ["BAD_SIGNATURE"],
    );
    assert.match(error.message, /signature/);
    // "Q==" and "R==" both decode to the same byte with lax decoders; R's trailing bits are set.
    const datasetPart = signingData.slice("key/".length);
    assert.ok(datasetPart.endsWith("fQ=="));
    const nonCanonical = `key/${datasetPart.slice(0, -3)}R==.${signature}`;
    await expectRejected(
      verifyLicenseKey(nonCanonical, keygenPublicKey, { scheme: "ED25519_SIGN" }),
      ["BAD_ENCODING"],
    );
  });

  it("is not a key of any RSA scheme", async () => {
    for (const scheme of KEY_SCHEMES.filter((s) => s !== "ED25519_SIGN")) {
      await expectRejected(
        verifyLicenseKey(KEYGEN_KEY, keygenPublicKey, { scheme }),
        ["BAD_KEY"],
        scheme,
      );
      await expectRejected(
        verifyLicenseKey(KEYGEN_KEY, rsa.publicKey, { scheme }),
        ["BAD_FORMAT", "BAD_SIGNATURE", "BAD_ENCODING"],
        scheme,
      );
    }
  });
});

describe("Keygen's seed example keys", () => {
  it("are recognized by shape; their Keygen RSA signatures fail with an unrelated key", async () => {
    for (const { scheme, key } of SEED_SIGN_EXAMPLES) {
      await expectRejected(
        verifyLicenseKey(key, rsa.publicKey, { scheme }),
        ["BAD_SIGNATURE"],
        scheme,
      );
    }
    await expectRejected(
      verifyLicenseKey(SEED_KEYS.RSA_2048_JWT_RS256, rsa.publicKey, {
        scheme: "RSA_2048_JWT_RS256",
      }),
      ["BAD_SIGNATURE"],
    );
    await expectRejected(
      verifyLicenseKey(SEED_ENCRYPT_KEY, rsa.publicKey, { scheme: "RSA_2048_PKCS1_ENCRYPT" }),
      ["CANNOT_DECRYPT"],
    );
  });
});

describe("tampered, foreign and garbage keys", () => {
  const TAMPER_CHARS = "AZaz09-_=./+ ~ék";

  for (const scheme of KEY_SCHEMES) {
    it(`${scheme}: any single-character change fails, never throws`, async () => {
      const key = signedKeys.get(scheme)!;
      const { publicKey } = pairFor(scheme);
      await fc.assert(
        fc.asyncProperty(oneCharChange(key, TAMPER_CHARS), async (tampered) => {
          await expectRejected(
            verifyLicenseKey(tampered, publicKey, { scheme }),
            TAMPER_CODES,
            tampered,
          );
        }),
        { numRuns: 150 },
      );
    });
  }

  it("random strings never throw and always fail with a FormatError", async () => {
    const b64 = fc.string({
      unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_="),
      maxLength: 400,
    });
    const input = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary", maxLength: 600 }),
      fc.tuple(b64, b64).map(([a, b]) => `key/${a}.${b}`),
      fc.tuple(b64, b64).map(([a, b]) => `${a}.${b}`),
      fc.tuple(b64, b64, b64).map(([a, b, c]) => `${a}.${b}.${c}`),
      b64,
    );
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom(...KEY_SCHEMES), async (key, scheme) => {
        await expectRejected(
          verifyLicenseKey(key, pairFor(scheme).publicKey, { scheme }),
          TAMPER_CODES,
        );
      }),
      { numRuns: 400 },
    );
  });

  for (const [name, crypto] of PROVIDERS) {
    it(`well-formed keys with random signatures fail with BAD_SIGNATURE (${name})`, async () => {
      const schemes = KEY_SCHEMES.filter((s) => s !== "RSA_2048_PKCS1_ENCRYPT");
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...schemes),
          fc.uint8Array({ minLength: 256, maxLength: 256 }),
          async (scheme, random) => {
            const key = signedKeys.get(scheme)!;
            const parts = key.split(".");
            const length = scheme === "ED25519_SIGN" ? 64 : 256;
            const pad = scheme !== "RSA_2048_JWT_RS256";
            parts[parts.length - 1] = base64urlEncode(random.subarray(0, length), { pad });
            await expectRejected(
              verifyLicenseKey(parts.join("."), pairFor(scheme).publicKey, { scheme, crypto }),
              ["BAD_SIGNATURE"],
              scheme,
            );
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it("RSA signatures of the wrong length or above the modulus are BAD_SIGNATURE", async () => {
    const dataPart = signedKeys.get("RSA_2048_PKCS1_SIGN_V2")!.split(".")[0]!;
    for (const [, crypto] of PROVIDERS) {
      for (const signature of [
        new Uint8Array(256).fill(0xff),
        new Uint8Array(255),
        new Uint8Array(257),
        new Uint8Array(),
      ]) {
        for (const scheme of ["RSA_2048_PKCS1_SIGN_V2", "RSA_2048_PKCS1_PSS_SIGN_V2"] as const) {
          await expectRejected(
            verifyLicenseKey(`${dataPart}.${base64urlEncode(signature)}`, rsa.publicKey, {
              scheme,
              crypto,
            }),
            ["BAD_SIGNATURE"],
          );
        }
      }
    }
  });

  it("random RSA_2048_PKCS1_ENCRYPT ciphertexts fail with CANNOT_DECRYPT", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 256, maxLength: 256 }), async (random) => {
        await expectRejected(
          verifyLicenseKey(base64urlEncode(random), rsa.publicKey, {
            scheme: "RSA_2048_PKCS1_ENCRYPT",
          }),
          ["CANNOT_DECRYPT"],
        );
      }),
      { numRuns: 100 },
    );
  });

  for (const scheme of KEY_SCHEMES) {
    it(`${scheme}: another account's public key fails`, async () => {
      const expected = scheme === "RSA_2048_PKCS1_ENCRYPT" ? "CANNOT_DECRYPT" : "BAD_SIGNATURE";
      await expectRejected(
        verifyLicenseKey(signedKeys.get(scheme)!, otherPairFor(scheme).publicKey, { scheme }),
        [expected],
      );
      await expectRejected(
        verifyLicenseKey(signedKeys.get(scheme)!, otherTypePair(scheme).publicKey, { scheme }),
        ["BAD_KEY"],
      );
    });
  }

  it("a key verified under another scheme fails (same key pair)", async () => {
    for (const actual of KEY_SCHEMES) {
      for (const asserted of KEY_SCHEMES) {
        if (asserted === actual) continue;
        await expectRejected(
          verifyLicenseKey(signedKeys.get(actual)!, pairFor(asserted).publicKey, {
            scheme: asserted,
          }),
          [
            "BAD_FORMAT",
            "BAD_KEY",
            "BAD_SIGNATURE",
            "BAD_ENCODING",
            "CANNOT_DECRYPT",
            "WRONG_ALGORITHM",
          ],
          `${actual} as ${asserted}`,
        );
      }
    }
    // The layouts give precise reasons for the common mix-ups:
    const v2 = signedKeys.get("RSA_2048_PKCS1_PSS_SIGN_V2")!;
    const legacy = signedKeys.get("RSA_2048_PKCS1_PSS_SIGN")!;
    await expectRejected(
      verifyLicenseKey(v2, rsa.publicKey, { scheme: "RSA_2048_PKCS1_PSS_SIGN" }),
      ["BAD_FORMAT"],
    );
    await expectRejected(
      verifyLicenseKey(legacy, rsa.publicKey, { scheme: "RSA_2048_PKCS1_PSS_SIGN_V2" }),
      ["BAD_FORMAT"],
    );
    await expectRejected(
      verifyLicenseKey(v2, rsa.publicKey, { scheme: "RSA_2048_PKCS1_SIGN_V2" }),
      ["BAD_SIGNATURE"],
    );
    await expectRejected(
      verifyLicenseKey(v2, rsa.publicKey, { scheme: "RSA_2048_PKCS1_ENCRYPT" }),
      ["BAD_FORMAT"],
    );
    await expectRejected(verifyLicenseKey(v2, rsa.publicKey, { scheme: "RSA_2048_JWT_RS256" }), [
      "BAD_FORMAT",
    ]);
    const edKey = signedKeys.get("ED25519_SIGN")!;
    await expectRejected(
      verifyLicenseKey(edKey, ed.publicKey, { scheme: "RSA_2048_PKCS1_SIGN_V2" }),
      ["BAD_KEY"],
    );
  });

  it("bad calls are typed errors too: unknown scheme, non-string or empty key, missing key", async () => {
    const anyOptions = { scheme: "RSA_4096" } as unknown as { scheme: KeyScheme };
    await expectRejected(
      verifyLicenseKey(signedKeys.get("ED25519_SIGN")!, ed.publicKey, anyOptions),
      ["UNSUPPORTED_ALGORITHM"],
    );
    for (const key of ["", undefined, null, 42, {}]) {
      await expectRejected(
        verifyLicenseKey(key as unknown as string, ed.publicKey, { scheme: "ED25519_SIGN" }),
        ["BAD_FORMAT"],
        String(key),
      );
    }
    for (const publicKey of [undefined, null, { type: "ed25519" }]) {
      await expectRejected(
        verifyLicenseKey(signedKeys.get("ED25519_SIGN")!, publicKey as never, {
          scheme: "ED25519_SIGN",
        }),
        ["BAD_KEY"],
      );
    }
  });
});

describe("RSA_2048_JWT_RS256 claims", () => {
  const scheme = "RSA_2048_JWT_RS256";

  function jwt(claims: Record<string, unknown>, header = '{"alg":"RS256","typ":"JWT"}'): string {
    const unpadded = { pad: false };
    const input = `${base64urlEncode(utf8Encode(header), unpadded)}.${base64urlEncode(utf8Encode(JSON.stringify(claims)), unpadded)}`;
    const signature = signBytes("rsa-sha256", rsa.privateKey, utf8Encode(input));
    return `${input}.${base64urlEncode(signature, unpadded)}`;
  }

  const verifyAt = (key: string, now: Date, extra: object = {}) =>
    verifyLicenseKey(key, rsa.publicKey, { scheme, now, ...extra });

  it("is EXPIRED from exp on, valid just before", async () => {
    const key = jwt({ sub: "x", iat: 1000, nbf: 1000, exp: 2000 });
    assert.ok((await verifyAt(key, new Date(1999_999))).ok);
    await expectRejected(verifyAt(key, new Date(2000_000)), ["EXPIRED"]);
    await expectRejected(verifyAt(key, new Date(5000_000)), ["EXPIRED"]);
    assert.ok((await verifyAt(key, new Date(2030_000), { clockToleranceSeconds: 31 })).ok);
  });

  it("is ISSUED_IN_FUTURE before nbf or iat (clock set back)", async () => {
    const key = jwt({ iat: 1000, nbf: 1000 });
    assert.ok((await verifyAt(key, new Date(1000_000))).ok);
    await expectRejected(verifyAt(key, new Date(999_999)), ["ISSUED_IN_FUTURE"]);
    await expectRejected(verifyAt(jwt({ iat: 1000 }), new Date(999_000)), ["ISSUED_IN_FUTURE"]);
    await expectRejected(verifyAt(jwt({ nbf: 1000 }), new Date(999_000)), ["ISSUED_IN_FUTURE"]);
    assert.ok((await verifyAt(key, new Date(940_000), { clockToleranceSeconds: 60 })).ok);
  });

  it("a key created from the seed's expired example facts is EXPIRED today", async () => {
    const key = createLicenseKey({
      scheme,
      privateKey: rsa.privateKey,
      facts: {
        ...FACTS_NO_USER,
        created: new Date(1615837128_000),
        expiry: new Date(1647373128_000),
      },
    });
    await expectRejected(verifyLicenseKey(key, rsa.publicKey, { scheme }), ["EXPIRED"]);
    assert.ok((await verifyAt(key, new Date("2021-06-01T00:00:00Z"))).ok);
  });

  it("accepts Keygen's header without typ; rejects other algorithms, typ and crit", async () => {
    assert.ok((await verifyAt(jwt({ sub: "x" }, '{"alg":"RS256"}'), new Date())).ok);
    for (const header of [
      '{"alg":"HS256","typ":"JWT"}',
      '{"alg":"none"}',
      '{"alg":"PS256"}',
      '{"typ":"JWT"}',
    ]) {
      await expectRejected(
        verifyAt(jwt({ sub: "x" }, header), new Date()),
        ["WRONG_ALGORITHM"],
        header,
      );
    }
    for (const header of [
      '{"alg":"RS256","typ":"JOSE+JSON"}',
      '{"alg":"RS256","crit":["exp"]}',
      "[]",
      "nope",
    ]) {
      await expectRejected(verifyAt(jwt({ sub: "x" }, header), new Date()), ["BAD_FORMAT"], header);
    }
    // alg "none" with an empty signature
    const none = `${base64urlEncode(utf8Encode('{"alg":"none"}'), { pad: false })}.${base64urlEncode(utf8Encode("{}"), { pad: false })}.`;
    await expectRejected(verifyAt(none, new Date()), ["WRONG_ALGORITHM"]);
  });

  it("rejects padded parts, non-numeric dates and non-object claims", async () => {
    const key = jwt({ sub: "x" });
    const [h, p, s] = key.split(".") as [string, string, string];
    await expectRejected(verifyAt(`${h}.${p}.${s}==`, new Date()), ["BAD_ENCODING"]);
    await expectRejected(verifyAt(jwt({ exp: "2100-01-01" }), new Date()), ["BAD_FORMAT"]);
    await expectRejected(verifyAt(jwt({ iat: null }), new Date()), ["BAD_FORMAT"]);
    const unpadded = { pad: false };
    const input = `${h}.${base64urlEncode(utf8Encode("[1]"), unpadded)}`;
    const signature = base64urlEncode(
      signBytes("rsa-sha256", rsa.privateKey, utf8Encode(input)),
      unpadded,
    );
    await expectRejected(verifyAt(`${input}.${signature}`, new Date()), ["BAD_FORMAT"]);
    await expectRejected(verifyAt(key, new Date(Number.NaN)), ["BAD_FORMAT"]);
  });

  it("checks iss and aud when asked (MISMATCH)", async () => {
    const key = createLicenseKey({
      scheme,
      privateKey: rsa.privateKey,
      facts: LONG_LIVED_FACTS,
      issuer: "https://licenses.example.com",
    });
    const now = new Date("2050-01-01T00:00:00Z");
    const good = { issuer: "https://licenses.example.com", audience: LONG_LIVED_FACTS.accountId };
    const result = await verifyAt(key, now, good);
    assert.ok(result.ok);
    assert.equal(result.value.claims?.iss, "https://licenses.example.com");
    await expectRejected(verifyAt(key, now, { ...good, issuer: "https://keygen.sh" }), [
      "MISMATCH",
    ]);
    await expectRejected(verifyAt(key, now, { ...good, audience: "other-account" }), ["MISMATCH"]);
    assert.ok((await verifyAt(jwt({ aud: ["a", "b"] }), now, { audience: "b" })).ok);
    await expectRejected(verifyAt(jwt({ aud: ["a", "b"] }), now, { audience: "c" }), ["MISMATCH"]);
  });
});

describe("createLicenseKey", () => {
  it("embeds the default dataset, or the rendered template", async () => {
    const facts = factsWithUser("lic-77", "2024-05-01T10:00:00.000Z", "2025-05-01T10:00:00.000Z");
    for (const scheme of [
      "ED25519_SIGN",
      "RSA_2048_PKCS1_SIGN_V2",
      "RSA_2048_PKCS1_ENCRYPT",
    ] as const) {
      const { publicKey, privateKey } = pairFor(scheme);
      for (const template of [undefined, null, ""]) {
        const key = createLicenseKey({ scheme, privateKey, facts, template });
        const result = await verifyLicenseKey(key, publicKey, { scheme });
        assert.ok(result.ok && result.value.dataset === defaultDataset(scheme, facts), scheme);
      }
      const template = '{"id":"{{id}}","email":"{{email}}","expires":"{{expiry}}"}';
      const key = createLicenseKey({ scheme, privateKey, facts, template });
      const result = await verifyLicenseKey(key, publicKey, { scheme });
      assert.ok(result.ok);
      assert.equal(
        result.value.dataset,
        '{"id":"lic-77","email":"user@keygen.example","expires":"2025-05-01T10:00:00.000Z"}',
      );
    }
  });

  it("RSA_2048_JWT_RS256: default claims with the given issuer, or templated claims", async () => {
    const scheme = "RSA_2048_JWT_RS256";
    const key = createLicenseKey({
      scheme,
      privateKey: rsa.privateKey,
      facts: LONG_LIVED_FACTS,
      jti: "j-1",
    });
    const result = await verifyLicenseKey(key, rsa.publicKey, { scheme });
    assert.ok(result.ok);
    assert.deepEqual(result.value.claims, {
      jti: "j-1",
      iss: DEFAULT_JWT_ISSUER,
      aud: LONG_LIVED_FACTS.accountId,
      sub: "lic-jwt",
      iat: 1577836800,
      nbf: 1577836800,
      exp: 4102444800,
    });
    const templated = createLicenseKey({
      scheme,
      privateKey: rsa.privateKey,
      facts: LONG_LIVED_FACTS,
      template: '{"sub":"{{id}}","email":"{{email}}"}',
    });
    const claims = await verifyLicenseKey(templated, rsa.publicKey, { scheme });
    assert.ok(claims.ok);
    assert.deepEqual(claims.value.claims, { sub: "lic-jwt", email: "user@keygen.example" });
    assertThrowsCode(
      () =>
        createLicenseKey({
          scheme,
          privateKey: rsa.privateKey,
          facts: LONG_LIVED_FACTS,
          template: "{{id}}",
        }),
      "BAD_FORMAT",
    );
  });
});

describe("browser safety", () => {
  it("the verify side bundles for browsers without Node built-ins", async () => {
    const entry = join(import.meta.dirname, "../src/license-key/index.ts");
    const bundle = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const text = bundle.outputFiles[0]!.text;
    assert.ok(text.includes("verifyLicenseKey"));
    assert.doesNotMatch(text, /\bnode:|\bBuffer\b|\brequire\(/);
  });
});
