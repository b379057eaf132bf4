/**
 * `webauthn-sk-ecdsa-sha2-nistp256@openssh.com` signatures (OpenSSH
 * ssh-ecdsa-sk.c `ssh_ecdsa_sk_verify` / `webauthn_check_prepare_hash`).
 *
 * No browser or security key is available here, so every fixture is built BY
 * HAND from that layout with an ordinary P-256 key standing in for the
 * authenticator:
 *
 *   clientData = {"type":"webauthn.get","challenge":"<base64url(message)>","origin":"<origin>"...}
 *   signed     = SHA256(application) || flags || uint32 counter || extensions || SHA256(clientData)
 *   signature  = string alg || string (mpint r || mpint s) || byte flags || uint32 counter
 *                || string origin || string clientData || string extensions
 *
 * ECDSA signs SHA-256(signed) (noble `prehash: true`). Base64url comes from
 * the platform's `btoa`, not from the code under test.
 */
import { describe, expect, it } from '@jest/globals';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bigIntToBytes, bytesToBigInt, WireError, WireReader, WireWriter } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { ecdsaKeyFromScalar } from '../src/sign/ecdsa.js';
import {
  decodeSignature,
  encodeSignature,
  getSignatureAlg,
  signatureAlgsForKey,
  signatureOnlyAlgorithms,
  supportedSignatureAlgs,
  verifySignature,
  verifySkSignature,
} from '../src/sign/registry.js';
import { isSkSignatureAlgorithm, WEBAUTHN_SK_ECDSA_ALGORITHM } from '../src/sign/sk.js';
import type { SkEcdsaPublicKey, SkEd25519PublicKey } from '../src/sign/types.js';

const ALG = 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com';
const U2F_ALG = 'sk-ecdsa-sha2-nistp256@openssh.com';
const APPLICATION = 'ssh:';
const ORIGIN = 'https://login.example.com';

// Stand-in authenticator key: the RFC 6979 A.2.5 P-256 scalar.
const d = BigInt('0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
const ecdsaKey = ecdsaKeyFromScalar('nistp256', d);
const key: SkEcdsaPublicKey = {
  kind: 'sk-ecdsa',
  curve: 'nistp256',
  Q: ecdsaKey.Q,
  application: APPLICATION,
};

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function clientDataFor(
  message: Uint8Array,
  origin = ORIGIN,
  type = 'webauthn.get',
  tail = ',"crossOrigin":false}',
) {
  return utf8ToBytes(`{"type":"${type}","challenge":"${b64url(message)}","origin":"${origin}"${tail}`);
}

interface Fixture {
  flags?: number;
  counter?: number;
  application?: string;
  /** What goes on the wire as the origin field. */
  origin?: string;
  clientData?: Uint8Array;
  extensions?: Uint8Array;
}

/** What a WebAuthn client + authenticator would return, in the SSH wire format. */
function webauthnSignature(message: Uint8Array, f: Fixture = {}): Uint8Array {
  const flags = f.flags ?? 0x01;
  const counter = f.counter ?? 7;
  const origin = f.origin ?? ORIGIN;
  const clientData = f.clientData ?? clientDataFor(message, origin);
  const extensions = f.extensions ?? new Uint8Array(0);
  const counterBytes = new Uint8Array(4);
  new DataView(counterBytes.buffer).setUint32(0, counter);
  const signed = concatBytes(
    sha256(utf8ToBytes(f.application ?? APPLICATION)),
    Uint8Array.of(flags),
    counterBytes,
    extensions,
    sha256(clientData),
  );
  const compact = p256.sign(signed, bigIntToBytes(d, 32), { prehash: true, lowS: false });
  const inner = new WireWriter()
    .mpint(bytesToBigInt(compact.subarray(0, 32)))
    .mpint(bytesToBigInt(compact.subarray(32)))
    .finish();
  return new WireWriter()
    .string(ALG)
    .string(inner)
    .u8(flags)
    .u32(counter)
    .string(origin)
    .string(clientData)
    .string(extensions)
    .finish();
}

const message = utf8ToBytes('session id || SSH_MSG_USERAUTH_REQUEST fields');

function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!WireError.isInstance(e) && !CryptoError.isInstance(e)) throw e;
  }
}

describe('webauthn-sk-ecdsa-sha2-nistp256@openssh.com', () => {
  it('verifies a hand-built signature and reports the details', () => {
    const sig = webauthnSignature(message, { flags: 0x05, counter: 0x01020304 });
    expect(verifySignature(key, message, sig)).toBe(true);
    expect(verifySkSignature(key, message, sig)).toEqual({
      valid: true,
      flags: 0x05,
      counter: 0x01020304,
      userPresent: true,
      userVerified: true,
    });
    expect(verifySkSignature(key, message, webauthnSignature(message, { flags: 0 }))).toMatchObject({
      valid: true,
      userPresent: false,
    });
    expect(verifySignature(key, message, sig, { allowed: [ALG] })).toBe(true);
    expect(verifySignature(key, message, sig, { allowed: [U2F_ALG] })).toBe(false);
    expect(verifySkSignature(key, message, sig, { allowed: [U2F_ALG] }).valid).toBe(false);
  });

  it('accepts exactly the clientData prefix, with or without more fields after it', () => {
    const exact = clientDataFor(message, ORIGIN, 'webauthn.get', '');
    expect(verifySignature(key, message, webauthnSignature(message, { clientData: exact }))).toBe(true);
    // Challenges of every padding length (1, 2, 3 bytes mod 3) encode without '='.
    for (const m of [utf8ToBytes('a'), utf8ToBytes('ab'), utf8ToBytes('abc'), Uint8Array.of(0xfb, 0xff)]) {
      expect(verifySignature(key, m, webauthnSignature(m))).toBe(true);
    }
    // 0xfb 0xff is "-_8" in base64url; the standard alphabet's "+/8" is rejected.
    const m = Uint8Array.of(0xfb, 0xff);
    expect(b64url(m)).toBe('-_8');
    const standard = utf8ToBytes(`{"type":"webauthn.get","challenge":"+/8","origin":"${ORIGIN}"}`);
    expect(verifySignature(key, m, webauthnSignature(m, { clientData: standard }))).toBe(false);
  });

  it('checks extensions against the ED flag and rejects the AT flag', () => {
    const ext = Uint8Array.of(0xa1, 0x01, 0x02);
    expect(verifySignature(key, message, webauthnSignature(message, { flags: 0x81, extensions: ext }))).toBe(
      true,
    );
    expect(verifySignature(key, message, webauthnSignature(message, { flags: 0x01, extensions: ext }))).toBe(
      false,
    );
    expect(verifySignature(key, message, webauthnSignature(message, { flags: 0x81 }))).toBe(false);
    expect(verifySignature(key, message, webauthnSignature(message, { flags: 0x41 }))).toBe(false);
  });

  it('rejects flipped bits anywhere in the signature', () => {
    const sig = webauthnSignature(message);
    for (let bit = 0; bit < sig.length * 8; bit += 7) {
      const bad = sig.slice();
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(verifySignature(key, message, bad)).toBe(false);
      expect(verifySkSignature(key, message, bad).valid).toBe(false);
    }
  });

  it.each([
    ['wrong challenge', clientDataFor(utf8ToBytes('another message'))],
    [
      'padded challenge',
      utf8ToBytes(`{"type":"webauthn.get","challenge":"${b64url(message)}=","origin":"${ORIGIN}"}`),
    ],
    ['wrong type', clientDataFor(message, ORIGIN, 'webauthn.create')],
    ['origin other than the origin field', clientDataFor(message, 'https://evil.example')],
    [
      'reordered fields',
      utf8ToBytes(`{"challenge":"${b64url(message)}","type":"webauthn.get","origin":"${ORIGIN}"}`),
    ],
    [
      'whitespace',
      utf8ToBytes(`{"type": "webauthn.get","challenge":"${b64url(message)}","origin":"${ORIGIN}"}`),
    ],
    [
      'truncated before the closing quote of origin',
      clientDataFor(message, ORIGIN, 'webauthn.get', '').slice(0, -1),
    ],
    ['empty', new Uint8Array(0)],
  ])('rejects clientData with %s even though the ECDSA signature covers it', (_name, clientData) => {
    const sig = webauthnSignature(message, { clientData });
    expect(verifySignature(key, message, sig)).toBe(false);
    expect(verifySkSignature(key, message, sig)).toMatchObject({ valid: false, flags: 0x01, counter: 7 });
  });

  it('rejects an origin with a quote or NUL, a wrong application, and another message', () => {
    const quoted = 'https://a.example","x":"';
    expect(verifySignature(key, message, webauthnSignature(message, { origin: quoted }))).toBe(false);
    expect(verifySignature(key, message, webauthnSignature(message, { origin: 'https://a\0.example' }))).toBe(
      false,
    );
    expect(
      verifySignature(key, message, webauthnSignature(message, { application: 'https://example.com' })),
    ).toBe(false);
    const sig = webauthnSignature(message);
    expect(verifySignature({ ...key, application: 'ssh:other' }, message, sig)).toBe(false);
    expect(verifySignature(key, utf8ToBytes('other'), sig)).toBe(false);
    // OpenSSH cannot encode an empty challenge and fails: so do we.
    expect(verifySignature(key, new Uint8Array(0), webauthnSignature(new Uint8Array(0)))).toBe(false);
  });

  it('rejects truncated fields and trailing data', () => {
    const sig = webauthnSignature(message);
    for (let cut = 0; cut < sig.length; cut++) {
      expect(verifySignature(key, message, sig.subarray(0, cut))).toBe(false);
      expect(verifySkSignature(key, message, sig.subarray(0, cut)).valid).toBe(false);
    }
    expect(verifySignature(key, message, new Uint8Array([...sig, 0]))).toBe(false);
    // A U2F-layout body under the webauthn name (no origin/clientData/extensions).
    const decoded = decodeSignature(sig);
    expect(decoded.algorithm).toBe(ALG);
    const r = new WireReader(decoded.blob);
    r.string();
    r.u8();
    r.u32();
    const u2fBody = decoded.blob.subarray(0, decoded.blob.length - r.rest().length);
    expect(verifySignature(key, message, encodeSignature(ALG, u2fBody))).toBe(false);
    expect(verifySkSignature(key, message, encodeSignature(U2F_ALG, decoded.blob)).valid).toBe(false);
  });

  it('decodes as name + raw body and re-encodes identically', () => {
    const sig = webauthnSignature(message);
    const decoded = decodeSignature(sig);
    expect(isSkSignatureAlgorithm(ALG)).toBe(true);
    expect(encodeSignature(ALG, decoded.blob)).toEqual(sig);
  });

  it('is a supported, signature-only, verify-only, non-default name for sk-ecdsa keys', () => {
    expect(WEBAUTHN_SK_ECDSA_ALGORITHM).toBe(ALG);
    expect(supportedSignatureAlgs()).toContain(ALG);
    expect([...signatureOnlyAlgorithms.keys()]).toEqual([ALG]);
    const spec = getSignatureAlg(ALG);
    expect(spec).toMatchObject({ name: ALG, keyType: U2F_ALG, keyKind: 'sk-ecdsa', legacy: false });
    expect(() => spec.sign(ecdsaKey, message)).toThrow(expect.objectContaining({ name: 'CryptoError' }));
    // Like OpenSSH's sigonly impls: not an algorithm the key "has".
    expect(signatureAlgsForKey(key)).toEqual([U2F_ALG]);
  });

  it('needs an sk-ecdsa key', () => {
    const sig = webauthnSignature(message);
    const edKey: SkEd25519PublicKey = {
      kind: 'sk-ed25519',
      publicKey: new Uint8Array(32).fill(1),
      application: 'ssh:',
    };
    expect(verifySignature(edKey, message, sig)).toBe(false);
    expect(verifySkSignature(edKey, message, sig).valid).toBe(false);
    expect(verifySignature(ecdsaKey, message, sig)).toBe(false);
    expect(() => getSignatureAlg(ALG).verify(edKey, message, decodeSignature(sig).blob)).toThrow(
      expect.objectContaining({ name: 'CryptoError' }),
    );
  });

  it('random and mutated signatures only ever yield false (or typed errors)', () => {
    const real = webauthnSignature(message, { flags: 0x81, extensions: Uint8Array.of(1, 2) });
    const name = utf8ToBytes(ALG);
    const prefix = concatBytes(Uint8Array.of(0, 0, 0, name.length), name);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (bytes, at, value) => {
          const mutated = real.slice();
          mutated[at % mutated.length] = value;
          for (const sig of [
            bytes,
            concatBytes(prefix, bytes),
            mutated,
            mutated.subarray(0, at % mutated.length),
          ]) {
            onlyTypedErrors(() => {
              expect(verifySignature(key, message, sig)).toBe(
                sig === mutated && value === real[at % real.length],
              );
            });
            onlyTypedErrors(() => {
              const details = verifySkSignature(key, message, sig);
              if (details.valid) expect(sig).toEqual(real);
            });
            onlyTypedErrors(() => getSignatureAlg(ALG).verify(key, message, bytes));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
