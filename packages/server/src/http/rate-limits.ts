import { createHash } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Metrics } from "../metrics.js";
import { clusterRateLimitStore } from "../rate-limits-cluster.js";
import { ServiceError } from "../services/errors.js";

/** Requests per window (config.ts KEYWARD_RATE_LIMIT_*; docs/server.md, Rate limits). */
export interface RateLimitSettings {
  /** The fixed window's length in seconds. */
  windowSeconds: number;
  /** Client routes, and any request without a bearer token: per source address. */
  perAddress: number;
  /** Client routes: per license key (or handshake code + session password) presented. */
  perKey: number;
  /** Bearer-token routes: per token; bearer requests from one address: 4 × this. */
  perToken: number;
  /**
   * Under --workers: counted for the whole server through the primary
   * (rate-limits-cluster.ts) instead of in each worker alone.
   */
  acrossWorkers?: boolean;
}

export const RATE_LIMIT_DEFAULTS: RateLimitSettings = {
  windowSeconds: 60,
  perAddress: 600,
  perKey: 300,
  perToken: 1200,
};

/**
 * Bearer requests per address, as a multiple of perToken: bounds a flood of made-up tokens
 * (each a database lookup) by its address, while four busy tokens behind one address still
 * fit. The cost: more than four tokens at their full rate behind one NAT address are capped.
 */
const BEARER_ADDRESS_FACTOR = 4;

/**
 * Entries per table (source addresses, keys, tokens), least recently used evicted first: about
 * 100 bytes each, so ~5 MB per table at most. An attacker cycling more addresses or keys than
 * this only resets counts (never locks anyone out); the address table then still bounds each
 * address it holds.
 */
const TABLE_SIZE = 50_000;

export interface RateLimits {
  /** onRequest + preHandler hooks for the client routes (license key in the body or none). */
  clientScope(scope: FastifyInstance): void;
  /** onRequest hook before authentication: source address, or the `License <key>` presented. */
  beforeAuthentication(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** onRequest hook after authentication: per bearer token. */
  afterAuthentication(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

type Check = (request: FastifyRequest) => Promise<{
  isAllowed: boolean;
  isExceeded?: boolean;
  ttlInSeconds?: number;
}>;

interface Limiter {
  name: string;
  what: string;
  check: Check;
}

const SKIP = "";

/**
 * The limits, in memory (fixed windows): per process in @fastify/rate-limit's local store, or
 * for all workers of `--workers` added up by the primary (rate-limits-cluster.ts). With N
 * instances behind a balancer a client gets up to N × each limit; the plugin's Redis store
 * would share the counts, at a round trip per request (docs/server.md).
 *
 * Keying, so that nobody can spend someone else's allowance: the address bucket takes every
 * client request and every request that does not carry a bearer token, before any parsing or
 * database work; the key bucket is keyed by a hash of the credential as presented (the key, or
 * the handshake code with its session password: presentedKey), so a flood of wrong keys or
 * passwords fills only its own buckets and the sender's address bucket, never a real one's.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  settings: RateLimitSettings,
  metrics: Metrics,
): Promise<RateLimits> {
  const timeWindow = settings.windowSeconds * 1000;
  await app.register(rateLimit, {
    global: false,
    ...(settings.acrossWorkers ? { store: clusterRateLimitStore(timeWindow) } : {}),
  });
  const limiter = (
    name: string,
    bucket: string,
    what: string,
    max: number,
    key: (request: FastifyRequest) => string | null,
  ): Limiter => ({
    name,
    what,
    check: app.createRateLimit({
      timeWindow,
      max,
      // The child store takes its size from here (store/LocalStore.js); the types omit it.
      ...({ cache: TABLE_SIZE } as object),
      // The bucket in the key: across workers, one table holds every limiter's counts.
      keyGenerator: (request) => {
        const value = key(request);
        return value === null ? SKIP : `${bucket}:${value}`;
      },
      allowList: (_request, key) => key === SKIP,
    }) as Check,
  });
  const address = limiter(
    "address",
    "address",
    "from this address",
    settings.perAddress,
    (r) => r.ip,
  );
  const bearerAddress = limiter(
    "address",
    "bearer-address",
    "from this address",
    settings.perToken * BEARER_ADDRESS_FACTOR,
    (r) => r.ip,
  );
  const key = limiter("key", "key", "with this key", settings.perKey, (request) => {
    const presented = presentedKey(request);
    return presented === null ? null : digest(presented);
  });
  const token = limiter(
    "token",
    "token",
    "with this token",
    settings.perToken,
    (request) => request.principal?.tokenId ?? null,
  );

  async function enforce(request: FastifyRequest, reply: FastifyReply, limiters: Limiter[]) {
    for (const { name, what, check } of limiters) {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) continue;
      const seconds = Math.max(1, result.ttlInSeconds ?? 1);
      metrics.rateLimited(name);
      reply.header("retry-after", String(seconds));
      throw new ServiceError(
        "RATE_LIMITED",
        `too many requests ${what}; retry in ${seconds} s (Retry-After)`,
      );
    }
  }

  return {
    clientScope(scope) {
      scope.addHook("onRequest", (request, reply) => enforce(request, reply, [address]));
      // After the body is parsed: the key is in it.
      scope.addHook("preHandler", (request, reply) => enforce(request, reply, [key]));
    },
    beforeAuthentication(request, reply) {
      if (BEARER.test(request.headers.authorization ?? "")) {
        return enforce(request, reply, [bearerAddress]);
      }
      return enforce(request, reply, [address, key]);
    },
    afterAuthentication(request, reply) {
      return enforce(request, reply, [token]);
    },
  };
}

// Schemes in any case (RFC 9110 §11.1), as http/auth.ts reads them.
const BEARER = /^Bearer /i;
const LICENSE = /^License (.+)$/i;

/**
 * The credential a client request presents, if any: a license key, or a handshake code with the
 * session password sent beside it.
 *
 * A handshake code is no secret (it ships inside vendors' apps); its session password is (SPEC
 * T4). So the code's bucket is keyed by (code, password as presented): guesses and requests
 * without a password fill buckets of their own, never the one of the code's real devices,
 * which all send the right password. A code without a session password is a credential
 * anybody with the app holds, so its bucket (the code alone) is everybody's. The cost: whoever
 * has the app can use it up and hold the code's devices off until the window ends (at most
 * windowSeconds), as they can use up the code's devices and quota; a vendor who needs to keep
 * strangers out sets a session password. (Requests naming only an organization present no
 * key: they are held by their address alone.)
 */
function presentedKey(request: FastifyRequest): string | null {
  const header = LICENSE.exec(request.headers.authorization ?? "");
  if (header) return header[1]!;
  const body = request.body as
    | { key?: unknown; handshakeCode?: unknown; sessionPassword?: unknown }
    | null
    | undefined;
  if (typeof body !== "object" || body === null) return null;
  if (typeof body.key === "string") return body.key;
  if (typeof body.handshakeCode !== "string") return null;
  // JSON: unambiguous whatever the strings hold. Only its SHA-256 is kept, in memory (this
  // process's table, and the primary's under --workers), never stored or logged; a keyed hash
  // would add nothing against whoever reads that memory, which also holds the server secret.
  const credential =
    typeof body.sessionPassword === "string"
      ? [body.handshakeCode, body.sessionPassword]
      : [body.handshakeCode];
  return `handshake:${JSON.stringify(credential)}`;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}
