import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseDataDocument } from "../src/commands/file.js";
import { CliError } from "../src/errors.js";
import { parseDate, parseTtl } from "../src/options.js";

describe("option parsers", () => {
  test("--ttl: seconds, units, none", () => {
    assert.equal(parseTtl("3600"), 3600);
    assert.equal(parseTtl("90m"), 5400);
    assert.equal(parseTtl("12h"), 43_200);
    assert.equal(parseTtl("30D"), 2_592_000);
    assert.equal(parseTtl("2w"), 1_209_600);
    assert.equal(parseTtl("none"), null);
    for (const bad of ["", "0", "-5", "1.5h", "soon", "10y"]) {
      assert.throws(
        () => parseTtl(bad),
        (error) => error instanceof CliError && error.code === "USAGE",
        bad,
      );
    }
  });

  test("--now / --issued: ISO 8601 or Unix seconds", () => {
    const parse = parseDate("--now");
    assert.equal(parse("2025-01-01T00:00:00Z").toISOString(), "2025-01-01T00:00:00.000Z");
    assert.equal(parse("1735689600").toISOString(), "2025-01-01T00:00:00.000Z");
    assert.throws(() => parse("yesterday"), /--now expects/);
  });

  test("--data: a {data, included} document or a bare data object", () => {
    assert.deepEqual(parseDataDocument('{"data":{"id":"L"},"included":[{"id":"P"}],"meta":{}}'), {
      data: { id: "L" },
      included: [{ id: "P" }],
    });
    assert.deepEqual(parseDataDocument('{"data":null}'), { data: null });
    assert.deepEqual(parseDataDocument('{"type":"licenses","id":"L"}'), {
      data: { type: "licenses", id: "L" },
    });
    for (const bad of ["[]", "42", "{", '{"data":{},"included":{}}']) {
      assert.throws(
        () => parseDataDocument(bad),
        (error) => error instanceof CliError && error.code === "BAD_FORMAT",
        bad,
      );
    }
  });
});
