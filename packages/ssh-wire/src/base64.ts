import { WireError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * Standard base64 with padding (RFC 4648 §4), as OpenSSH writes key blobs.
 * @example encodeBase64(Uint8Array.of(1, 2, 3)) === 'AQID'
 */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (left === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * Decodes standard base64. White space is skipped (PEM bodies wrap lines);
 * padding is optional, but a character outside the alphabet, a lone trailing
 * character or bits left over are errors.
 * @throws WireError('invalid-base64')
 */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s]+/g, '').replace(/={1,2}$/, '');
  if (clean.length % 4 === 1)
    throw new WireError('invalid-base64', 'base64 text has a dangling character', clean.length - 1);
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? (DECODE[c] as number) : -1;
    if (v < 0)
      throw new WireError('invalid-base64', `invalid base64 character ${JSON.stringify(clean[i])}`, i);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (acc & ((1 << bits) - 1))
    throw new WireError('invalid-base64', 'base64 text has non-zero padding bits', clean.length);
  return out;
}
