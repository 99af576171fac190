import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "@keyward/formats";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "../services/errors.js";
import type { Services } from "../services/index.js";
import type { ActiveKeyStamps } from "../services/records.js";
import { keyTypeOf } from "../services/signing-keys.js";

// Signed responses on request (SPEC K7, seed 004's signing string). A client sends
// `Keyward-Accept-Signature: algorithm="ed25519"` (or rsa-pss-sha256, rsa-sha256) and the
// response gets `Date`, `Digest` and `Keyward-Signature`, signed with the key of the
// organization the request acted for: the caller's (authenticated routes), or the one a handler
// names with signAs (routes where the license key is the credential). When no organization is
// known (401, unknown key, unknown route) the response goes out unsigned: a client that asked
// must treat that as unverified. Requests without the header cost one header lookup.

declare module "fastify" {
  interface FastifyRequest {
    /** The algorithm the client asked for; null: no signature wanted. */
    acceptSignature: SignatureAlgorithm | null;
    /** Set by signAs: who signs on routes without a principal. */
    signingOrganization: SigningOrganization;
    /** Set by signAs: that organization's active keys, when the handler read them already. */
    signingKeys: ActiveKeyStamps | null;
  }
}

/** An organization id, or a lookup run only when a signature was asked for. */
export type SigningOrganization =
  | string
  | null
  | undefined
  | (() => Promise<string | null | undefined>);

export const ACCEPT_SIGNATURE_HEADER = "keyward-accept-signature";
export const SIGNATURE_HEADER = "keyward-signature";

const ACCEPT_SIGNATURE = /^\s*algorithm\s*=\s*(?:"([^"]*)"|([A-Za-z0-9-]+))\s*$/i;

/** The algorithm of a Keyward-Accept-Signature value; 400 for anything else. */
export function parseAcceptSignature(value: string | string[]): SignatureAlgorithm {
  const match = typeof value === "string" ? ACCEPT_SIGNATURE.exec(value) : null;
  if (!match) {
    throw new ServiceError(
      "INVALID_ACCEPT_SIGNATURE",
      'Keyward-Accept-Signature must be one value: algorithm="ed25519" (or rsa-pss-sha256, rsa-sha256)',
    );
  }
  const algorithm = (match[1] ?? match[2] ?? "").toLowerCase();
  if (!SIGNATURE_ALGORITHMS.includes(algorithm as SignatureAlgorithm)) {
    throw new ServiceError(
      "UNSUPPORTED_SIGNATURE_ALGORITHM",
      `cannot sign with ${JSON.stringify(algorithm.slice(0, 40))}: use one of ${SIGNATURE_ALGORITHMS.join(", ")}`,
    );
  }
  return algorithm as SignatureAlgorithm;
}

/** Names the organization that signs this request's response (key-as-credential routes). */
export function signAs(
  request: FastifyRequest,
  organization: SigningOrganization,
  keys: ActiveKeyStamps | null = null,
): void {
  request.signingOrganization = organization;
  request.signingKeys = keys;
}

async function organizationOf(request: FastifyRequest): Promise<string | null | undefined> {
  const named = request.signingOrganization;
  if (typeof named === "function") return named();
  // `principal` is only set on authenticated routes, whatever its declared type says.
  return named ?? (request.principal as FastifyRequest["principal"] | undefined)?.organizationId;
}

/** The bytes that go out, when they are known up front (streams are not signed). */
function bodyOf(payload: unknown): string | Uint8Array | null {
  if (payload === undefined || payload === null) return "";
  if (typeof payload === "string" || payload instanceof Uint8Array) return payload;
  return null;
}

async function sign(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  algorithm: SignatureAlgorithm,
  payload: unknown,
): Promise<void> {
  const body = bodyOf(payload);
  const host = request.headers.host;
  if (body === null || !host) return;
  const organizationId = await organizationOf(request);
  if (!organizationId) return;
  const headers = await services.checkout.signResponse(
    organizationId,
    algorithm,
    { method: request.method, target: request.url, host, body },
    request.signingKeys?.[keyTypeOf(algorithm)],
  );
  reply.header("date", headers.date);
  reply.header("digest", headers.digest);
  reply.header(SIGNATURE_HEADER, headers.signature);
}

/** Adds the hooks to the root app, before any route, so every route is covered. */
export function registerResponseSigning(app: FastifyInstance, services: Services): void {
  app.decorateRequest("acceptSignature", null);
  app.decorateRequest("signingOrganization", null);
  app.decorateRequest("signingKeys", null);

  // Before authentication and parsing: a bad header is refused before anything runs.
  app.addHook("onRequest", (request, _reply, done) => {
    const header = request.headers[ACCEPT_SIGNATURE_HEADER];
    if (header === undefined) return done();
    try {
      request.acceptSignature = parseAcceptSignature(header);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook("onSend", (request, reply, payload, done) => {
    const algorithm = request.acceptSignature;
    if (algorithm === null) return done(null, payload);
    sign(services, request, reply, algorithm, payload).then(
      () => done(null, payload),
      (error: unknown) => {
        // The answer itself stands; unsigned, the client will not trust it.
        request.log.error({ err: error }, "could not sign the response");
        done(null, payload);
      },
    );
  });
}
