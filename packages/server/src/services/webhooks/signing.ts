import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256>` of
// "<webhook-id>.<webhook-timestamp>.<body>", keyed with the Base64 part of the `whsec_` secret.

/** A new signing secret: whsec_ and 32 random bytes in Base64 (the scheme's form). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key)
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest("base64");
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": `v1,${signature}`,
  };
}
