// The repository as a vendor receives it: licensed, installable on every supported Node.js, and
// complete on its own (no file outside it is needed to build, test or read the docs).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import semver from "semver";
import { REPOSITORY } from "./support/cli.js";

const PACKAGE_FILES = [
  "package.json",
  ...readdirSync(join(REPOSITORY, "packages")).map((name) => `packages/${name}/package.json`),
];
/** The Node.js versions Keyward supports: the oldest and the newest. */
const OLDEST_NODE = "20.19.0";
const NEWEST_NODE = "26.0.0";

const read = (path: string) => readFileSync(join(REPOSITORY, path), "utf8");
const json = (path: string) => JSON.parse(read(path));

/** Every file of the repository, without dependencies, builds, data and git's own files. */
function repositoryFiles(dir = ""): string[] {
  return readdirSync(join(REPOSITORY, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      return ["node_modules", "dist", "data", ".git", "fixtures"].includes(entry.name)
        ? []
        : repositoryFiles(path);
    }
    return entry.isFile() ? [path] : [];
  });
}

describe("the repository", () => {
  test("is Apache-2.0: the LICENSE file, every package, the README", () => {
    const license = read("LICENSE");
    assert.match(license, /^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    assert.match(license, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/);
    assert.match(license, /END OF TERMS AND CONDITIONS/);
    assert.ok(license.length > 11_000, "the LICENSE is not the full text");
    for (const file of PACKAGE_FILES) assert.equal(json(file).license, "Apache-2.0", file);
    assert.match(read("README.md"), /\[Apache License 2\.0\]\(LICENSE\)/);
  });

  test("every package admits Node.js 20.19 through 26, and no later major", () => {
    for (const file of PACKAGE_FILES) {
      const range = json(file).engines?.node;
      assert.ok(semver.satisfies(OLDEST_NODE, range), `${file}: ${range}`);
      assert.ok(semver.satisfies(NEWEST_NODE, range), `${file}: ${range}`);
      assert.ok(!semver.satisfies("20.18.0", range), `${file}: ${range}`);
      assert.ok(!semver.satisfies("27.0.0", range), `${file}: ${range}`);
    }
  });

  test("every installed dependency admits Node.js 20.19 through 26 (npm ci warns of none)", () => {
    const lock = json("package-lock.json") as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range === undefined) return [];
      return [OLDEST_NODE, NEWEST_NODE]
        .filter((version) => !semver.satisfies(version, range, { includePrerelease: true }))
        .map((version) => `${path} (node ${range}) refuses ${version}`);
    });
    assert.deepEqual(refusing, []);
  });

  test("needs nothing outside itself: no file points at a directory beside the clone", () => {
    const outside = new RegExp(["\\.\\./", "shared\\b|/work/", "shared\\b"].join(""));
    const offending = repositoryFiles().filter((path) => outside.test(read(path)));
    assert.deepEqual(offending, []);
  });

  test("Keygen's vectors are in the repository with Keygen's MIT notice", () => {
    const dir = "packages/formats/test/fixtures/keygen";
    const notice = read(`${dir}/LICENSE`);
    assert.match(notice, /MIT License/);
    assert.match(notice, /Copyright \(c\) Keygen LLC/);
    assert.match(notice, /Permission is hereby granted, free of charge/);
    const folders = readdirSync(join(REPOSITORY, dir)).filter((name) =>
      name.startsWith("example-"),
    );
    assert.ok(folders.length >= 11, `only ${folders.length} vector folders`);
  });
});
