import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodePath, encodePath, hasEscapedBytes } from '../src/path-bytes.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('lossless file names (surrogate escapes)', () => {
  it('maps every byte string to a string and back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(hex(encodePath(decodePath(bytes)))).toBe(hex(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes valid UTF-8 as text and encodes text as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const utf8 = new TextEncoder().encode(s);
        expect(hex(encodePath(s))).toBe(hex(utf8));
        expect(decodePath(utf8)).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(utf8));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes each byte outside a valid sequence as U+DC00 + byte', () => {
    expect(decodePath(Uint8Array.of(0x66, 0xff, 0x2e, 0x74))).toBe('f\udcff.t');
    // Overlong, surrogate, truncated and out-of-range sequences are not UTF-8.
    expect(decodePath(Uint8Array.of(0xc0, 0xaf))).toBe('\udcc0\udcaf');
    expect(decodePath(Uint8Array.of(0xed, 0xa0, 0x80))).toBe('\udced\udca0\udc80');
    expect(decodePath(Uint8Array.of(0xe2, 0x82, 0x41))).toBe('\udce2\udc82A');
    expect(decodePath(Uint8Array.of(0xf4, 0x90, 0x80, 0x80))).toBe('\udcf4\udc90\udc80\udc80');
    expect(decodePath(Uint8Array.of(0xc3, 0xa9, 0xff))).toBe('é\udcff');
    expect(decodePath(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa'); // a BOM is kept
  });

  it('tells escaped strings apart from text with surrogate pairs', () => {
    expect(hasEscapedBytes('f\udcff.t')).toBe(true);
    expect(hasEscapedBytes('\u{10080}')).toBe(false); // U+10080 is D800 DC80: a pair, not an escape
    expect(hex(encodePath('\u{10080}'))).toBe('f0908280');
    expect(hex(encodePath('a\ud800b'))).toBe('61efbfbd62'); // other lone surrogates: U+FFFD, as TextEncoder
  });
});
