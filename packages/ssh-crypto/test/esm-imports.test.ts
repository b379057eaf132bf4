// Proves the jest setup loads the ESM-only @noble/* 2.x packages for real.
import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

describe('ESM-only @noble/hashes under jest', () => {
  it('computes the FIPS 180-2 SHA-256 vector for "abc"', () => {
    expect(bytesToHex(sha256(utf8ToBytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
