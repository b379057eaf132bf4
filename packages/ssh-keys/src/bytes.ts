/** Byte helpers shared by the formats (no Buffer: the root entry runs in browsers). */

export { concatBytes } from '@sshkit/ssh-crypto';

/** Byte-wise equality (not constant time; for public data). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(separator);
}

/** Parses hex (even length, [0-9a-fA-F]); returns undefined when malformed. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const latin1 = new TextDecoder('latin1');

/**
 * Bytes as text for format sniffing: every byte maps to one code unit, so
 * binary input never throws (text formats are ASCII).
 */
export function bytesToLatin1(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}
