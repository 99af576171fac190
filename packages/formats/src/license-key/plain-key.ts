// Plain-text license keys: what a policy without a cryptographic scheme issues (seed 002,
// "plain-text key format"), e.g. DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3. They carry no data and
// prove nothing offline; the server looks them up.

const GROUPS = 5;
const GROUP_BYTES = 3;
const PLAIN_KEY_PATTERN = /^[0-9A-F]{6}(?:-[0-9A-F]{6}){4}-V3$/;

/**
 * A new random plain-text key: five groups of six uppercase hex digits (120 random bits from
 * the platform CSPRNG) and the `V3` version suffix.
 */
export function generatePlainKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(GROUPS * GROUP_BYTES));
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (const byte of bytes.subarray(g * GROUP_BYTES, (g + 1) * GROUP_BYTES)) {
      group += byte.toString(16).padStart(2, "0");
    }
    groups.push(group.toUpperCase());
  }
  return `${groups.join("-")}-V3`;
}

/**
 * Whether `value` has the exact form generatePlainKey() produces. Case-sensitive: normalize
 * user input (trim, upper-case) before calling if it may have been typed by hand.
 */
export function isPlainKey(value: unknown): value is string {
  return typeof value === "string" && PLAIN_KEY_PATTERN.test(value);
}
