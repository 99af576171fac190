import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256>` of
// "<webhook-id>.<webhook-timestamp>.<body>", keyed with the Base64 part of the `whsec_` secret.
// Several secrets (the current one and, during a rotation's overlap, the one it replaced) give
// several signatures, space-separated (`v1,<a> v1,<b>`): the scheme's verifiers accept a
// request if any one of them verifies with the secret they hold.

/** A new signing secret: whsec_ and 32 random bytes in Base64 (the scheme's form). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** Signs with each secret given (the current one first): one `v1,` signature per secret. */
export function signWebhook(
  secrets: string | readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const signatures = (typeof secrets === "string" ? [secrets] : secrets).map((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const signature = createHmac("sha256", key)
      .update(`${id}.${timestampSeconds}.${body}`)
      .digest("base64");
    return `v1,${signature}`;
  });
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}
