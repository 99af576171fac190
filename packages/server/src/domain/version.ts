// App versions as dotted whole numbers ("2", "2.1.0"): enough to say which releases a license
// covers (policy minVersion/maxVersion) without taking on semver's pre-release rules.

const VERSION = /^\d{1,9}(\.\d{1,9}){0,5}$/;

export function isVersion(value: unknown): value is string {
  return typeof value === "string" && VERSION.test(value);
}

/** Negative when a < b, 0 when equal ("2" equals "2.0.0"), positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Whether `version` lies within [min, max]. A bound of "2" on max covers every 2.x release, so a
 * max bound compares only as many parts as it has.
 */
export function versionAllowed(version: string, min: string | null, max: string | null): boolean {
  if (min === null && max === null) return true;
  if (!isVersion(version)) return false;
  if (min !== null && compareVersions(version, min) < 0) return false;
  if (max !== null) {
    const parts = max.split(".").length;
    const head = version.split(".").slice(0, parts).join(".");
    if (compareVersions(head, max) > 0) return false;
  }
  return true;
}
