import { FormatError } from "../errors.js";

// Hand-rolled so that the verify path runs unchanged in browsers (no Buffer) and so that
// decoding is strict: atob() silently accepts whitespace and some malformed padding.

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function decodeTable(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

const STANDARD_TABLE = decodeTable(STANDARD);
const URL_SAFE_TABLE = decodeTable(URL_SAFE);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      alphabet[(n >> 18) & 63]! +
      alphabet[(n >> 12) & 63]! +
      alphabet[(n >> 6) & 63]! +
      alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + (pad ? "==" : "");
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out +=
      alphabet[(n >> 18) & 63]! +
      alphabet[(n >> 12) & 63]! +
      alphabet[(n >> 6) & 63]! +
      (pad ? "=" : "");
  }
  return out;
}

function decode(text: string, table: Int8Array, label: string): Uint8Array {
  let end = text.length;
  if (end % 4 === 0 && text.endsWith("==")) end -= 2;
  else if (end % 4 === 0 && text.endsWith("=")) end -= 1;
  const tail = end % 4;
  if (tail === 1) throw new FormatError("BAD_ENCODING", `${label}: invalid length`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const quads = end - tail;
  // Hot loop (license files are kilobytes): look up four characters, check them together.
  // Codes >= 128 are masked for the lookup and caught by the OR of all codes afterwards.
  let codes = 0;
  let o = 0;
  for (let i = 0; i < quads; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    codes |= c0 | c1 | c2 | c3;
    const n =
      (table[c0 & 127]! << 18) |
      (table[c1 & 127]! << 12) |
      (table[c2 & 127]! << 6) |
      table[c3 & 127]!;
    if (n < 0) throw invalidCharacter(text, table, label);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (codes > 127) throw invalidCharacter(text, table, label);
  if (tail > 0) {
    const rest = text.slice(quads, end);
    const values = Array.from(rest, (char) => {
      const code = char.charCodeAt(0);
      return code < 128 ? table[code]! : -1;
    });
    if (values.some((value) => value < 0)) throw invalidCharacter(text, table, label);
    const n = (values[0]! << 18) | (values[1]! << 12) | ((values[2] ?? 0) << 6);
    // Leftover bits must be zero, or the text is not the canonical encoding of any bytes.
    if ((tail === 2 && n & 0xffff) || (tail === 3 && n & 0xff)) {
      throw new FormatError("BAD_ENCODING", `${label}: non-canonical trailing bits`);
    }
    out[o++] = n >> 16;
    if (tail === 3) out[o++] = (n >> 8) & 0xff;
  }
  return out;
}

function invalidCharacter(text: string, table: Int8Array, label: string): FormatError {
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code >= 128 || table[code]! < 0) break;
    index++;
  }
  return new FormatError("BAD_ENCODING", `${label}: invalid character at ${index}`);
}

export function base64Encode(bytes: Uint8Array): string {
  return encode(bytes, STANDARD, true);
}

/** Strict standard Base64 (RFC 4648 §4); padding optional, no whitespace. */
export function base64Decode(text: string): Uint8Array {
  return decode(text, STANDARD_TABLE, "base64");
}

/** `text` without ASCII whitespace (wrapped lines, a file's final newline), before decoding. */
export function withoutAsciiWhitespace(text: string): string {
  return text.replace(/[ \t\r\n\f]+/g, "");
}

/** Base64url (RFC 4648 §5). Keygen pads its keys, so padding is on by default. */
export function base64urlEncode(bytes: Uint8Array, options: { pad?: boolean } = {}): string {
  return encode(bytes, URL_SAFE, options.pad ?? true);
}

/** Accepts base64url with or without padding. */
export function base64urlDecode(text: string): Uint8Array {
  return decode(text, URL_SAFE_TABLE, "base64url");
}
