import assert from "node:assert/strict";

/** Prometheus exposition text as `name{labels}` → value. */
export type Samples = Map<string, number>;

/**
 * The exposition text as `name{labels}` → value; throws on any line that is neither a comment
 * nor a sample, so a malformed document fails the test.
 */
export function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/i.exec(
      line,
    );
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** A sample's value by name and labels (in the order prom-client writes them); 0 when absent. */
export function sampleValue(
  samples: Samples,
  name: string,
  labels: Record<string, string> = {},
): number {
  const text = Object.entries(labels)
    .map(([key, label]) => `${key}="${label}"`)
    .join(",");
  return samples.get(text === "" ? name : `${name}{${text}}`) ?? 0;
}
