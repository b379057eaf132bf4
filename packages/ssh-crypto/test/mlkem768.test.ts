/**
 * ML-KEM-768 (FIPS 203) as `mlkem768x25519-sha256` uses it, through
 * `@noble/post-quantum`, checked against an accumulated known-answer vector
 * from the Go standard library (100 deterministic keygen/encaps/decaps
 * rounds, including implicit rejection, hashed together), plus the hybrid's
 * full client/server round trip.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { shake128 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { mlKem768 } from '../src/kex/kem.js';
import { getKex } from '../src/kex/registry.js';

const ACCUMULATED = JSON.parse(
  readFileSync(new URL('./vectors/go-mlkem/accumulated.json', import.meta.url), 'utf8'),
) as { iterations: number; expected: string };

describe('ML-KEM-768 (FIPS 203)', () => {
  it('reproduces the accumulated known-answer hash', () => {
    const stream = shake128.create();
    const sink = shake128.create();
    for (let i = 0; i < ACCUMULATED.iterations; i++) {
      const { publicKey, secretKey } = ml_kem768.keygen(stream.xof(64));
      sink.update(publicKey);
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey, stream.xof(32));
      sink.update(cipherText).update(sharedSecret);
      expect(bytesToHex(ml_kem768.decapsulate(cipherText, secretKey))).toBe(bytesToHex(sharedSecret));
      sink.update(ml_kem768.decapsulate(stream.xof(1088), secretKey));
    }
    expect(bytesToHex(sink.xof(32))).toBe(ACCUMULATED.expected);
  });

  it('the kex adapter draws the FIPS 203 seed sizes and round-trips', () => {
    const draws: number[] = [];
    const random = (n: number) => {
      draws.push(n);
      return new Uint8Array(n).fill(draws.length);
    };
    const keys = mlKem768.keyPair(random);
    const enc = mlKem768.encapsulate(keys.publicKey, random);
    expect(draws).toEqual([64, 32]);
    expect([keys.publicKey.length, enc.ciphertext.length, enc.sharedSecret.length]).toEqual([1184, 1088, 32]);
    expect(bytesToHex(mlKem768.decapsulate(enc.ciphertext, keys.secretKey))).toBe(
      bytesToHex(enc.sharedSecret),
    );
  });

  it('mlkem768x25519-sha256: client and server agree over random keys', () => {
    const spec = getKex('mlkem768x25519-sha256');
    if (spec.kind !== 'direct') throw new Error('expected a direct kex');
    for (let i = 0; i < 3; i++) {
      const client = spec.client();
      const server = spec.server().respond(client.publicValue);
      expect(bytesToHex(client.finish(server.serverPublic).sharedSecret)).toBe(
        bytesToHex(server.sharedSecret),
      );
    }
  });
});
