// `npm run generate -w @keyward/client`: writes src/generated/openapi.ts from the server's
// current OpenAPI document.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { GENERATED_FILE, generatedTypes, serverOpenApiDocument } from "./openapi-types.js";

const contents = await generatedTypes(await serverOpenApiDocument());
const shown = relative(process.cwd(), GENERATED_FILE);
const current = await readFile(GENERATED_FILE, "utf8").catch(() => null);
if (current === contents) {
  console.log(`${shown} is up to date`);
} else {
  await mkdir(dirname(GENERATED_FILE), { recursive: true });
  await writeFile(GENERATED_FILE, contents);
  console.log(`wrote ${shown}`);
}
