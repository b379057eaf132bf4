import { describe, expect, test } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bigIntToBytes, bytesToBigInt, WireWriter } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { generateDsaKey } from '../src/dsa/key.js';
import type { RandomSource } from '../src/random.js';
import { generateRsaKey } from '../src/rsa/key.js';
import { generateEcdsaKey } from '../src/sign/ecdsa.js';
import { generateEd448Key } from '../src/sign/ed448.js';
import { generateEd25519Key } from '../src/sign/ed25519.js';
import { signatureAlgorithms, signData, verifySignature } from '../src/sign/registry.js';
import type { PrivateKey, PublicKey, SignatureSpec } from '../src/sign/types.js';

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

// One key per kind, generated once (RSA-2048 and DSA-1024 keygen are the slow part).
const rsa = generateRsaKey(2048, { random: seeded('rsa-property') });
const dsa = generateDsaKey({ random: seeded('dsa-property') });

/**
 * Security keys sign in hardware; here an ordinary P-256 / Ed25519 key stands
 * in for the authenticator, signing the PROTOCOL.u2f blob built by hand
 * (SHA256(application) || flags || uint32 counter || SHA256(message)).
 */
function skSigner(kind: 'sk-ecdsa' | 'sk-ed25519', name: string) {
  const ec = generateEcdsaKey('nistp256', { random: seeded(name) });
  const ed = generateEd25519Key({ random: seeded(name) });
  const key: PublicKey =
    kind === 'sk-ecdsa'
      ? { kind, curve: 'nistp256', Q: ec.Q, application: 'ssh:' }
      : { kind, publicKey: ed.publicKey, application: 'ssh:' };
  let counter = 0;
  return {
    key,
    sign(data: Uint8Array): Uint8Array {
      counter++;
      const count = new Uint8Array(4);
      new DataView(count.buffer).setUint32(0, counter);
      const blob = concatBytes(sha256(utf8ToBytes('ssh:')), Uint8Array.of(1), count, sha256(data));
      let inner: Uint8Array;
      if (kind === 'sk-ecdsa') {
        const c = p256.sign(blob, bigIntToBytes(ec.d, 32), { prehash: true, lowS: false });
        inner = new WireWriter()
          .mpint(bytesToBigInt(c.subarray(0, 32)))
          .mpint(bytesToBigInt(c.subarray(32)))
          .finish();
      } else {
        inner = ed25519.sign(blob, ed.seed);
      }
      return new WireWriter().string(name).string(inner).u8(1).u32(counter).finish();
    },
  };
}

function signerFor(spec: SignatureSpec): { key: PublicKey; sign(data: Uint8Array): Uint8Array } {
  const soft = (key: PrivateKey) => ({ key, sign: (data: Uint8Array) => signData(spec.name, key, data) });
  switch (spec.keyKind) {
    case 'rsa':
      return soft(rsa);
    case 'dsa':
      return soft(dsa);
    case 'ed25519':
      return soft(generateEd25519Key({ random: seeded(spec.name) }));
    case 'ed448':
      return soft(generateEd448Key({ random: seeded(spec.name) }));
    case 'ecdsa':
      return soft(
        generateEcdsaKey(spec.name.slice('ecdsa-sha2-'.length) as 'nistp256', {
          random: seeded(spec.name),
        }),
      );
    case 'sk-ecdsa':
    case 'sk-ed25519':
      return skSigner(spec.keyKind, spec.name);
    default: {
      const never: never = spec.keyKind;
      throw new Error(String(never));
    }
  }
}

const runs = (spec: SignatureSpec) => (spec.keyKind === 'rsa' || spec.keyKind === 'dsa' ? 8 : 25);

describe('sign/verify properties (verify returns false, never throws, for bad signatures)', () => {
  test.each([...signatureAlgorithms.values()])('$name round-trips and rejects any flipped bit', (spec) => {
    const { key, sign } = signerFor(spec);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (data, flip) => {
        const sig = sign(data);
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
