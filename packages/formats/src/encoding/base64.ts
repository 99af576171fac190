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
  if (end % 4 === 1) throw new FormatError("BAD_ENCODING", `${label}: invalid length`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? table[code]! : -1;
    if (value < 0) throw new FormatError("BAD_ENCODING", `${label}: invalid character at ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  // Non-zero leftover bits mean the text is not the canonical encoding of any byte string.
  if ((buffer & ((1 << bits) - 1)) !== 0) {
    throw new FormatError("BAD_ENCODING", `${label}: non-canonical trailing bits`);
  }
  return out;
}

export function base64Encode(bytes: Uint8Array): string {
  return encode(bytes, STANDARD, true);
}

/** Strict standard Base64 (RFC 4648 §4); padding optional, no whitespace. */
export function base64Decode(text: string): Uint8Array {
  return decode(text, STANDARD_TABLE, "base64");
}

/** Base64url (RFC 4648 §5). Keygen pads its keys, so padding is on by default. */
export function base64urlEncode(bytes: Uint8Array, options: { pad?: boolean } = {}): string {
  return encode(bytes, URL_SAFE, options.pad ?? true);
}

/** Accepts base64url with or without padding. */
export function base64urlDecode(text: string): Uint8Array {
  return decode(text, URL_SAFE_TABLE, "base64url");
}
