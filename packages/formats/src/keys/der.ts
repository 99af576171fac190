import { FormatError } from "../errors.js";

// Just enough DER to read and write SubjectPublicKeyInfo and PKCS#1 RSAPublicKey, so public
// keys can be handled in browsers without an ASN.1 library.

export interface Tlv {
  tag: number;
  /** The value bytes (without tag and length). */
  value: Uint8Array;
  /** Offset just past this element in the parent buffer. */
  next: number;
}

export function readTlv(bytes: Uint8Array, offset: number): Tlv {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw badDer("truncated element");
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw badDer("unsupported length");
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = bytes[cursor++];
      if (lengthByte === undefined) throw badDer("truncated length");
      length = length * 256 + lengthByte;
    }
  }
  const end = cursor + length;
  if (end > bytes.length) throw badDer("element runs past the end");
  return { tag, value: bytes.subarray(cursor, end), next: end };
}

/** Reads every element of a constructed value (SEQUENCE contents). */
export function readChildren(value: Uint8Array): Tlv[] {
  const children: Tlv[] = [];
  for (let offset = 0; offset < value.length; ) {
    const child = readTlv(value, offset);
    children.push(child);
    offset = child.next;
  }
  return children;
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const length = value.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else if (length < 0x100) header = [tag, 0x81, length];
  else if (length < 0x10000) header = [tag, 0x82, length >> 8, length & 0xff];
  else header = [tag, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  out.set(value, header.length);
  return out;
}

export const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 };

function badDer(reason: string): FormatError {
  return new FormatError("BAD_KEY", `malformed DER key: ${reason}`);
}
