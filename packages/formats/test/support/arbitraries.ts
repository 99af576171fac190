import fc from "fast-check";

/** `text` with the UTF-16 unit at `index` replaced by `char`. */
export function replaceCharAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

/**
 * Every one-character change of `text`: one position, replaced by a different character drawn
 * from `chars` (a string of candidates, or an arbitrary).
 */
export function oneCharChange(
  text: string,
  chars: string | fc.Arbitrary<string>,
): fc.Arbitrary<string> {
  const replacement = typeof chars === "string" ? fc.constantFrom(...chars) : chars;
  return fc
    .tuple(fc.nat({ max: Math.max(0, text.length - 1) }), replacement)
    .filter(([index, char]) => text[index] !== char)
    .map(([index, char]) => replaceCharAt(text, index, char));
}
