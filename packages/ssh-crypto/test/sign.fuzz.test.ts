import { describe, expect, it } from '@jest/globals';
import { WireError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { generateEcdsaKey } from '../src/sign/ecdsa.js';
import { generateEd448Key } from '../src/sign/ed448.js';
import { generateEd25519Key } from '../src/sign/ed25519.js';
import { decodePublicKeyBlob, encodePublicKeyBlob } from '../src/sign/public-key-blob.js';
import {
  decodeSignature,
  signatureAlgorithms,
  verifySignature,
  verifySkSignature,
} from '../src/sign/registry.js';
import type { PublicKey } from '../src/sign/types.js';

function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!WireError.isInstance(e) && !CryptoError.isInstance(e)) throw e;
  }
}

const prefixes = [
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ssh-ed448',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ssh-ed25519@openssh.com',
];
const withType = fc
  .tuple(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }))
  .map(([type, rest]) => {
    const name = new TextEncoder().encode(type);
    const out = new Uint8Array(4 + name.length + rest.length);
    new DataView(out.buffer).setUint32(0, name.length);
    out.set(name, 4);
    out.set(rest, 4 + name.length);
    return out;
  });

describe('decoders of untrusted bytes yield a value or WireError/CryptoError only', () => {
  it('decodePublicKeyBlob', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), withType), (bytes) => {
        onlyTypedErrors(() => decodePublicKeyBlob(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('decodePublicKeyBlob on mutations of real blobs', () => {
    const ec = generateEcdsaKey('nistp256');
    const blobs = [
      encodePublicKeyBlob(generateEd25519Key()),
      encodePublicKeyBlob(ec),
      encodePublicKeyBlob(generateEd448Key()),
      encodePublicKeyBlob({ kind: 'sk-ecdsa', curve: 'nistp256', Q: ec.Q, application: 'ssh:' }),
      encodePublicKeyBlob({
        kind: 'sk-ed25519',
        publicKey: generateEd25519Key().publicKey,
        application: 'ssh:',
      }),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...blobs),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (blob, at, value) => {
          const mutated = blob.slice();
          mutated[at % mutated.length] = value;
          onlyTypedErrors(() => decodePublicKeyBlob(mutated));
          onlyTypedErrors(() => decodePublicKeyBlob(mutated.subarray(0, at % mutated.length)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodeSignature and every verify on random blobs', () => {
    const ec = generateEcdsaKey('nistp256');
    const skKeys: PublicKey[] = [
      { kind: 'sk-ecdsa', curve: 'nistp256', Q: ec.Q, application: 'ssh:' },
      { kind: 'sk-ed25519', publicKey: generateEd25519Key().publicKey, application: 'ssh:' },
    ];
    const keys: PublicKey[] = [
      generateEd25519Key(),
      generateEd448Key(),
      ec,
      generateEcdsaKey('nistp384'),
      generateEcdsaKey('nistp521'),
      ...skKeys,
    ];
    const skNames = ['sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ssh-ed25519@openssh.com'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...skNames), (bytes, skName) => {
        onlyTypedErrors(() => decodeSignature(bytes));
        // A random body after a real sk name reaches the sk parser.
        const skSig = new Uint8Array([0, 0, 0, skName.length, ...new TextEncoder().encode(skName), ...bytes]);
        for (const key of skKeys) {
          expect(verifySkSignature(key, bytes, bytes).valid).toBe(false);
          expect(verifySkSignature(key, bytes, skSig).valid).toBe(false);
        }
        for (const key of keys) {
          expect(typeof verifySignature(key, bytes, bytes)).toBe('boolean');
          expect(verifySignature(key, bytes, skSig)).toBe(false);
          for (const spec of signatureAlgorithms.values()) {
            if (spec.keyKind === key.kind && (key.kind !== 'ecdsa' || spec.keyType.endsWith(key.curve))) {
              expect(spec.verify(key, bytes, bytes)).toBe(false);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
