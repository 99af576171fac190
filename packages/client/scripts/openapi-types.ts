// The client's types come from the OpenAPI document of the server in this repository: the app
// is built in-process on an in-memory SQLite store (the document needs no data), asked for
// GET /v1/openapi.json, and openapi-typescript turns the answer into src/generated/openapi.ts.
// The output depends only on the route schemas, so it is the same on every machine; the
// generated-types test compares it with the committed file.
import { fileURLToPath } from "node:url";
import { buildApp, createServices, openStore, VERSION } from "@keyward/server";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

export const GENERATED_FILE = fileURLToPath(
  new URL("../src/generated/openapi.ts", import.meta.url),
);
export const REGENERATE_COMMAND = "npm run generate -w @keyward/client";

/** The OpenAPI document the current server code serves at /v1/openapi.json. */
export async function serverOpenApiDocument(): Promise<OpenAPI3> {
  const store = openStore({ databaseUrl: null, dataDir: "", sqliteFile: ":memory:" });
  try {
    // The secret seals keys the document never touches; any 32 bytes do.
    const services = createServices({ store, secret: "0".repeat(43) });
    const app = await buildApp({ services, version: VERSION, logger: false });
    try {
      const response = await app.inject({ method: "GET", url: "/v1/openapi.json" });
      if (response.statusCode !== 200) {
        throw new Error(`GET /v1/openapi.json answered ${response.statusCode}: ${response.body}`);
      }
      return JSON.parse(response.body) as OpenAPI3;
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
}

/** The TypeScript source of the types of `document`, as committed in src/generated. */
export async function generatedTypes(document: OpenAPI3): Promise<string> {
  // silent: no timing lines on stdout. The version in info does not reach the output.
  const nodes = await openapiTS(document, { silent: true });
  return `// Generated from the Keyward server's OpenAPI document: do not edit.\n// Regenerate with \`${REGENERATE_COMMAND}\` after changing a route schema.\n\n${astToString(nodes)}`;
}
