import { describe, expect, it } from '@jest/globals';
import { decodeBase64, encodeBase64, WireError } from '../src/index.js';

const text = (s: string) => new TextEncoder().encode(s);

// RFC 4648 §10 test vectors.
const RFC4648: Array<[string, string]> = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

describe('base64 (RFC 4648)', () => {
  it.each(RFC4648)('encodes %j as %j', (plain, encoded) => {
    expect(encodeBase64(text(plain))).toBe(encoded);
  });

  it.each(RFC4648)('decodes %j from %j', (plain, encoded) => {
    expect(decodeBase64(encoded)).toEqual(text(plain));
  });

  it('skips white space and accepts missing padding', () => {
    expect(decodeBase64('Zm9v\nYmE')).toEqual(text('fooba'));
  });

  it.each(['Zm9v!', 'Z', 'Zh=='])('rejects %j', (bad) => {
    expect(() => decodeBase64(bad)).toThrow(WireError);
  });
});
