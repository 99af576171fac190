// Debian's Chromium for the browser tests, driven by playwright-core. Without it the tests are
// skipped with a visible reason, except under CI=true, where they must run.
import { existsSync } from "node:fs";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** false, or why the browser tests are skipped (node:test `skip`). */
export const CHROMIUM_SKIP: false | string =
  existsSync(CHROMIUM) || process.env.CI === "true"
    ? false
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does): browser tests skipped`;
if (CHROMIUM_SKIP) console.warn(`SKIPPED: ${CHROMIUM_SKIP}`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

/**
 * `entry` bundled as a browser ES module, in memory (platform=browser: a Node built-in anywhere
 * on the import path fails the build).
 */
export async function browserBundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@keyward/source"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
