import { describe, expect, test } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import type { RandomSource } from '../src/random.js';
import { generateRsaKey } from '../src/rsa/key.js';
import { generateEcdsaKey } from '../src/sign/ecdsa.js';
import { generateEd25519Key } from '../src/sign/ed25519.js';
import { signatureAlgorithms, signData, verifySignature } from '../src/sign/registry.js';
import type { PrivateKey, SignatureSpec } from '../src/sign/types.js';

function seeded(seed: string): RandomSource {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      out.set(sha256(utf8ToBytes(`${seed}:${counter++}`)).subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

// One key per kind, generated once (RSA-2048 keygen is the slow part).
const rsa = generateRsaKey(2048, { random: seeded('rsa-property') });
function keyFor(spec: SignatureSpec): PrivateKey {
  switch (spec.keyKind) {
    case 'rsa':
      return rsa;
    case 'ed25519':
      return generateEd25519Key({ random: seeded(spec.name) });
    case 'ecdsa':
      return generateEcdsaKey(spec.name.slice('ecdsa-sha2-'.length) as 'nistp256', {
        random: seeded(spec.name),
      });
    default: {
      const never: never = spec.keyKind;
      throw new Error(String(never));
    }
  }
}

const runs = (spec: SignatureSpec) => (spec.keyKind === 'rsa' ? 8 : 25);

describe('sign/verify properties (verify returns false, never throws, for bad signatures)', () => {
  test.each([...signatureAlgorithms.values()])('$name round-trips and rejects any flipped bit', (spec) => {
    const key = keyFor(spec);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (data, flip) => {
        const sig = signData(spec.name, key, data);
        expect(verifySignature(key, data, sig)).toBe(true);
        const badSig = sig.slice();
        const bit = flip % (badSig.length * 8);
        badSig[bit >> 3] = (badSig[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(verifySignature(key, data, badSig)).toBe(false);
        const badData = new Uint8Array([...data, 0]);
        expect(verifySignature(key, badData, sig)).toBe(false);
        if (data.length > 0) {
          const flipped = data.slice();
          flipped[flip % data.length] = (flipped[flip % data.length] as number) ^ 0x80;
          expect(verifySignature(key, flipped, sig)).toBe(false);
        }
      }),
      { numRuns: runs(spec) },
    );
  });
});
