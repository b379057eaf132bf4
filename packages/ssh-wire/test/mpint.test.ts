import { describe, expect, it } from '@jest/globals';
import {
  bigIntToBytes,
  bytesToBigInt,
  decodeMpint,
  WireError,
  WireReader,
  WireWriter,
} from '../src/index.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const fromHex = (h: string) => Uint8Array.from(h.split(' ').filter(Boolean), (x) => Number.parseInt(x, 16));

// RFC 4251 §5, the mpint examples table.
const RFC4251_MPINTS: Array<[bigint, string]> = [
  [0n, '00 00 00 00'],
  [0x9a378f9b2e332a7n, '00 00 00 08 09 a3 78 f9 b2 e3 32 a7'],
  [0x80n, '00 00 00 02 00 80'],
  [-0x1234n, '00 00 00 02 ed cc'],
  [-0xdeadbeefn, '00 00 00 05 ff 21 52 41 11'],
];

describe('mpint (RFC 4251 §5)', () => {
  it.each(RFC4251_MPINTS)('encodes %s as in the RFC table', (value, encoded) => {
    expect(hex(new WireWriter().mpint(value).finish())).toBe(encoded);
  });

  it.each(RFC4251_MPINTS)('decodes the RFC encoding of %s', (value, encoded) => {
    const r = new WireReader(fromHex(encoded));
    expect(r.mpint()).toBe(value);
    r.expectEnd();
  });

  it.each([
    ['unnecessary leading zero', '00 00 00 02 00 7f'],
    ['unnecessary leading 0xff', '00 00 00 02 ff 80'],
    ['zero written as a zero byte', '00 00 00 01 00'],
  ])('rejects a non-minimal mpint: %s', (_why, encoded) => {
    const r = new WireReader(fromHex(encoded));
    expect(() => r.mpint()).toThrow(WireError);
    try {
      r.mpint();
    } catch (e) {
      expect(WireError.isInstance(e) && e.kind).toBe('invalid-mpint');
    }
  });

  it('keeps -1, 0x7f, 0xff and -0x80 minimal', () => {
    expect(hex(new WireWriter().mpint(-1n).finish())).toBe('00 00 00 01 ff');
    expect(hex(new WireWriter().mpint(0x7fn).finish())).toBe('00 00 00 01 7f');
    expect(hex(new WireWriter().mpint(0xffn).finish())).toBe('00 00 00 02 00 ff');
    expect(hex(new WireWriter().mpint(-0x80n).finish())).toBe('00 00 00 01 80');
    expect(hex(new WireWriter().mpint(-0x81n).finish())).toBe('00 00 00 02 ff 7f');
  });

  it('decodes the raw body helper the same way', () => {
    expect(decodeMpint(fromHex('ff 21 52 41 11'))).toBe(-0xdeadbeefn);
  });
});

describe('unsigned big-endian helpers', () => {
  it('converts both ways with padding', () => {
    expect(bytesToBigInt(fromHex('01 00'))).toBe(256n);
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(hex(bigIntToBytes(256n, 4))).toBe('00 00 01 00');
    expect(bigIntToBytes(0n).length).toBe(0);
  });

  it('refuses negative values and values too large for the length', () => {
    expect(() => bigIntToBytes(-1n)).toThrow(RangeError);
    expect(() => bigIntToBytes(0x10000n, 2)).toThrow(RangeError);
  });
});
