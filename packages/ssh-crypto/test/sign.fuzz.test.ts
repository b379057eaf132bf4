import { describe, expect, it } from '@jest/globals';
import { WireError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { generateEcdsaKey } from '../src/sign/ecdsa.js';
import { generateEd25519Key } from '../src/sign/ed25519.js';
import { decodePublicKeyBlob, encodePublicKeyBlob } from '../src/sign/public-key-blob.js';
import { decodeSignature, signatureAlgorithms, verifySignature } from '../src/sign/registry.js';

function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!WireError.isInstance(e) && !CryptoError.isInstance(e)) throw e;
  }
}

const prefixes = [
  'ssh-rsa',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
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
    const blobs = [
      encodePublicKeyBlob(generateEd25519Key()),
      encodePublicKeyBlob(generateEcdsaKey('nistp256')),
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
    const keys = [
      generateEd25519Key(),
      generateEcdsaKey('nistp256'),
      generateEcdsaKey('nistp384'),
      generateEcdsaKey('nistp521'),
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        onlyTypedErrors(() => decodeSignature(bytes));
        for (const key of keys) {
          expect(typeof verifySignature(key, bytes, bytes)).toBe('boolean');
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
