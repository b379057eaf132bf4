import { describe, expect, it, test } from '@jest/globals';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { getHash, type HashName, hashes } from '../src/hash/registry.js';

// FIPS 180-2 / RFC 1321 digests of "abc".
const ABC: Record<HashName, string> = {
  md5: '900150983cd24fb0d6963f7d28e17f72',
  sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
  sha224: '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7',
  sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  sha384: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
  sha512:
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
};

describe('hash registry', () => {
  test.each([...hashes.values()])(
    '$name digests "abc" to the published vector, one-shot and incremental',
    (spec) => {
      const expected = ABC[spec.name];
      expect(bytesToHex(spec.digest(utf8ToBytes('abc')))).toBe(expected);
      expect(bytesToHex(spec.create().update(utf8ToBytes('a')).update(utf8ToBytes('bc')).digest())).toBe(
        expected,
      );
      expect(spec.outputLength).toBe(expected.length / 2);
    },
  );

  it('marks md5 and sha1 as legacy only', () => {
    expect([...hashes.values()].filter((h) => h.legacy).map((h) => h.name)).toEqual(['md5', 'sha1']);
  });

  it('rejects unknown names with a typed error', () => {
    expect(() => getHash('sha3-256')).toThrow(
      expect.objectContaining({ name: 'CryptoError', kind: 'unsupported-algorithm' }),
    );
  });
});
