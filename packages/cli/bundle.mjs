// The `keyward` program as the bin runs it: dist/bundle/, built from tsc's dist/ by esbuild.
//
// Why: the server's ES-module dependencies arrive as ~950 files (typebox alone 683, kysely 262),
// and Node keeps a module record, compiled top-level code and the source of each. Loading them
// one by one cost ~13 MB of the idle server's memory and half a second of its start (measured:
// 134 → 120 MB RSS; a first start answers after ~1.2 s instead of ~1.8). Bundled, they are one
// file, less what nothing imports.
//
// What stays outside: CommonJS packages (Fastify, pino, ajv, better-sqlite3's native addon…)
// load cheaply one by one, and some find their own files at run time; the optional imports
// (pg, prom-client, Scalar, pino-pretty) keep loading only when used (code splitting).
// The cost: a stack trace points into the bundle's long lines, not at src/; the build writes
// source maps, so `node --enable-source-maps packages/cli/bin/keyward.js …` maps it back.
import { rmSync } from "node:fs";
import { build } from "esbuild";

/** Bundled: our packages and the ES-module-only dependencies with large module graphs. */
const BUNDLED = /^(@keyward\/|typebox(\/|$)|kysely(\/|$)|@fastify\/type-provider-typebox$)/;

rmSync("dist/bundle", { recursive: true, force: true });
await build({
  entryPoints: { keyward: "dist/bin.js" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  // Without comments and indentation the source V8 keeps is a third of the size, and ASCII:
  // one character beyond Latin-1 in a comment ("→") made it store all 1.4 MB as UTF-16.
  minifyWhitespace: true,
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "external-packages",
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
          BUNDLED.test(path) ? undefined : { path, external: true },
        );
      },
    },
  ],
});
