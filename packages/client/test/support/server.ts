// A real Keyward server for the client tests: the server's app, services and migrated store
// (SQLite or PostgreSQL, as the server tests open them) listening on a loopback port, with an
// organization and its admin token.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../../server/src/http/app.js";
import { createServices } from "../../../server/src/services/index.js";
import { createOrganization } from "../../../server/test/support/app.js";
import type { TestDatabase } from "../../../server/test/support/databases.js";
import { testKeyPairs } from "../../../server/test/support/key-pairs.js";

export interface ClientTestServer {
  url: string;
  adminToken: string;
  organizationId: string;
  /** Writes the validation counters the server buffers (200 ms batches), as a test's sync point. */
  flush: () => Promise<void>;
}

export interface ClientTestServerOptions {
  /** Adds test-only routes (e.g. a page for the browser) before the server listens. */
  routes?: (app: FastifyInstance) => void;
}

/** Registers before/after hooks that run a server on `db`; the function gives it to tests. */
export function useClientTestServer(
  db: TestDatabase,
  options: ClientTestServerOptions = {},
): () => ClientTestServer {
  let server: ClientTestServer | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  before(async () => {
    const testStore = await db.openMigrated();
    cleanup = () => testStore.close();
    const services = createServices({
      store: testStore.store,
      generateKeyPair: testKeyPairs(),
      secret: "client-test-secret-0123456789abcdefghijklmno",
    });
    const app = await buildApp({
      services,
      version: "0.0.0-client-test",
      logger: false,
    });
    options.routes?.(app);
    await app.listen({ host: "127.0.0.1", port: 0 });
    cleanup = async () => {
      await app.close();
      await services.flush();
      await testStore.close();
    };
    const address = app.server.address();
    assert.ok(address && typeof address === "object");
    const { organizationId, adminToken } = await createOrganization(services, "Vendor");
    server = {
      url: `http://127.0.0.1:${address.port}`,
      adminToken,
      organizationId,
      flush: () => services.flush(),
    };
  });
  after(async () => {
    await cleanup?.();
  });
  return () => {
    if (!server) throw new Error("the Keyward server did not start (did before() fail?)");
    return server;
  };
}
