// How a test starts `keyward` from source in a child process (support/processes.ts for servers,
// packages/cli/test/support/cli.ts for commands).
import { fileURLToPath } from "node:url";

/** The CLI's source entry. */
const BIN = fileURLToPath(new URL("../../../cli/src/bin.ts", import.meta.url));
// Absolute, so the child finds tsx whatever its working directory.
const TSX = import.meta.resolve("tsx");

/** Node's arguments for src/bin.ts through tsx: every module loaded as written. */
export function keywardThroughTsx(): string[] {
  return ["--conditions=@keyward/source", "--import", TSX, BIN];
}

/**
 * Node's arguments for `keyward` from source: the bundle scripts/run-tests.mjs made of
 * src/bin.ts for this run (KEYWARD_TEST_BIN: the same sources, one esbuild build), or src/bin.ts
 * through tsx when a test file runs by itself. The bundle starts on a third of the CPU: on
 * Node 20, tsx's loader thread sees each of the ~1,200 modules a start loads.
 */
export function keywardCommand(): string[] {
  const bundle = process.env.KEYWARD_TEST_BIN;
  return bundle
    ? ["--enable-source-maps", "--conditions=@keyward/source", bundle]
    : keywardThroughTsx();
}
