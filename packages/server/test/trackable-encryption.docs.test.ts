// docs/server.md's ```js trackable-encryption block (the scheme of SPEC T12 with node:crypto, for
// clients without the SDK) runs as written against a real app: it opens the server's encrypted
// authorization and usage answers, and the server counts the reports it seals.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import {
  authorize,
  device,
  report,
  trackableLicense,
  usageReport,
  verifiedClaims,
} from "./trackable-fixtures.js";

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const START = new Date("2030-05-01T12:00:00.000Z");

interface Documented {
  seal(credential: object, context: object, message: unknown): Record<string, string>;
  open(credential: object, context: object, envelope: unknown): unknown;
}

let dir: string | undefined;
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function documented(): Promise<Documented> {
  const markdown = await readFile(join(REPOSITORY, "docs/server.md"), "utf8");
  const match = /```js trackable-encryption\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(match, "docs/server.md has a ```js trackable-encryption block");
  dir ??= await mkdtemp(join(tmpdir(), "keyward-encryption-doc-"));
  const file = join(dir, `scheme-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, match[1]!);
  return import(pathToFileURL(file).href);
}

forEachDatabase("docs: trackable encryption without the SDK", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("the documented seal/open talk to the server", async () => {
    const { seal, open } = await documented();
    const tr = await trackableLicense(t(), { code: { sessionPassword: "doc-password" } });
    const credential = { handshakeCode: tr.code.code, sessionPassword: "doc-password" };
    const deviceId = device();
    const nonce = "doc-nonce-12345";
    const answer = await authorize(t(), {
      ...credential,
      productId: tr.productId,
      deviceId,
      nonce,
      encryption: "aes-256-gcm",
    });
    assert.equal(answer.status, 200, answer.text);
    const context = { purpose: "authorization", productId: tr.productId, deviceId, nonce };
    const plain = open(credential, context, answer.body.encrypted) as { lease: string };
    const { claims } = await verifiedClaims(t(), t().organizationId, plain.lease, START, {
      fingerprint: deviceId,
      nonce,
    });
    assert.equal(claims.lic, tr.license.id);
    assert.throws(() =>
      open(credential, { ...context, nonce: "another-nonce" }, answer.body.encrypted),
    );

    const encrypted = seal(
      credential,
      { purpose: "usage-report", productId: tr.productId },
      { reports: [usageReport(deviceId, { export: 4 })] },
    );
    const usage = await report(t(), {
      ...credential,
      productId: tr.productId,
      encryption: "aes-256-gcm",
      encrypted,
    });
    assert.equal(usage.status, 200, usage.text);
    const counted = open(
      credential,
      { purpose: "usage-answer", productId: tr.productId, nonce: encrypted.iv },
      usage.body.encrypted,
    ) as { accepted: number; counted: number };
    assert.equal(counted.accepted, 1);
    assert.equal(counted.counted, 1);
  });
});
