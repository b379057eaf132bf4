import { WireError } from './errors.js';

/**
 * Unsigned big-endian bytes to a bigint (empty bytes are 0).
 * @example bytesToBigInt(Uint8Array.of(1, 0)) === 256n
 */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b < 16 ? `0${b.toString(16)}` : b.toString(16);
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

/**
 * A non-negative bigint to unsigned big-endian bytes, left-padded to `length`
 * when given (the shape fixed-size key material needs).
 * @throws RangeError if `value` is negative or does not fit in `length` bytes
 */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  if (value < 0n) throw new RangeError('bigIntToBytes: value must be non-negative');
  let hex = value === 0n ? '' : value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const size = length ?? hex.length / 2;
  if (hex.length / 2 > size) throw new RangeError(`bigIntToBytes: value does not fit in ${size} bytes`);
  const out = new Uint8Array(size);
  const start = size - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[start + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The body of an RFC 4251 §5 mpint: two's complement, big-endian, minimal
 * length ("Unnecessary leading bytes with the value 0 or 255 MUST NOT be
 * included"); zero is the empty string.
 */
export function encodeMpint(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  if (value > 0n) {
    const mag = bigIntToBytes(value);
    if ((mag[0] as number) & 0x80) {
      const out = new Uint8Array(mag.length + 1);
      out.set(mag, 1);
      return out;
    }
    return mag;
  }
  // Negative: find the smallest byte length n with -2^(8n-1) <= value.
  let n = 1;
  while (-(1n << BigInt(8 * n - 1)) > value) n++;
  return bigIntToBytes((1n << BigInt(8 * n)) + value, n);
}

/**
 * Decodes an mpint body, rejecting non-minimal encodings.
 * @param offset - where the field starts, for the error
 * @throws WireError('invalid-mpint')
 */
export function decodeMpint(body: Uint8Array, offset = 0): bigint {
  if (body.length === 0) return 0n;
  const first = body[0] as number;
  if (body.length > 1) {
    const second = body[1] as number;
    if ((first === 0x00 && !(second & 0x80)) || (first === 0xff && second & 0x80)) {
      throw new WireError('invalid-mpint', 'mpint has an unnecessary leading byte', offset);
    }
  }
  if (first === 0x00 && body.length === 1) {
    throw new WireError('invalid-mpint', 'mpint zero must be encoded as an empty string', offset);
  }
  const magnitude = bytesToBigInt(body);
  return first & 0x80 ? magnitude - (1n << BigInt(8 * body.length)) : magnitude;
}
