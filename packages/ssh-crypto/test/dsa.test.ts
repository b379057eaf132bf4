import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from '@jest/globals';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import {
  checkDsaPublicKey,
  completeDsaPrivateKey,
  generateDsaKey,
  generateDsaParameters,
} from '../src/dsa/key.js';
import { dsaSign, dsaVerify } from '../src/dsa/sign.js';
import type { HashName } from '../src/hash/registry.js';
import type { RandomSource } from '../src/random.js';
import { bitLength, isProbablePrime, modPow } from '../src/rsa/math.js';
import { decodePublicKeyBlob, encodePublicKeyBlob } from '../src/sign/public-key-blob.js';
import { decodeSignature, getSignatureAlg, signData, verifySignature } from '../src/sign/registry.js';

const typed = (name: string, kind?: string) =>
  expect.objectContaining(kind === undefined ? { name } : { name, kind });

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

interface Rfc6979File {
  key: Record<'p' | 'q' | 'g' | 'x' | 'y', string>;
  signatures: { hash: HashName; message: string; r: string; s: string }[];
}
const RFC6979 = JSON.parse(
  readFileSync(new URL('./vectors/rfc6979/dsa-1024.json', import.meta.url), 'utf8'),
) as Rfc6979File;
const big = (hex: string) => BigInt(`0x${hex}`);
const rfcKey = completeDsaPrivateKey({
  p: big(RFC6979.key.p),
  q: big(RFC6979.key.q),
  g: big(RFC6979.key.g),
  x: big(RFC6979.key.x),
  y: big(RFC6979.key.y),
});

// One generated key for the whole file (parameter generation is the slow part).
const generated = generateDsaKey({ random: seeded('dsa-test') });

describe('DSA (FIPS 186-4) with RFC 6979 nonces', () => {
  test.each(RFC6979.signatures)('RFC 6979 A.2.1 $hash "$message"', ({ hash, message, r, s }) => {
    const sig = dsaSign(rfcKey, hash, utf8ToBytes(message));
    expect(sig.r).toBe(big(r));
    expect(sig.s).toBe(big(s));
    expect(dsaVerify(rfcKey, hash, utf8ToBytes(message), sig)).toBe(true);
    expect(dsaVerify(rfcKey, hash, utf8ToBytes(`${message}!`), sig)).toBe(false);
    expect(dsaVerify(rfcKey, hash, utf8ToBytes(message), { r: sig.r, s: sig.s + 1n })).toBe(false);
  });

  it('completes a key from p, q, g, x and checks a stored y', () => {
    expect(rfcKey.y).toBe(big(RFC6979.key.y));
    expect(() => completeDsaPrivateKey({ ...rfcKey, y: rfcKey.y + 1n })).toThrow(
      typed('CryptoError', 'invalid-key'),
    );
    expect(() => completeDsaPrivateKey({ ...rfcKey, x: 0n })).toThrow(typed('CryptoError', 'invalid-key'));
    expect(() => completeDsaPrivateKey({ ...rfcKey, x: rfcKey.q })).toThrow(
      typed('CryptoError', 'invalid-key'),
    );
  });

  it('refuses keys that are not SSH-sized or whose g/y leave the subgroup', () => {
    const pub = { kind: 'dsa' as const, p: rfcKey.p, q: rfcKey.q, g: rfcKey.g, y: rfcKey.y };
    expect(() => checkDsaPublicKey(pub)).not.toThrow();
    for (const bad of [
      { ...pub, p: rfcKey.p >> 1n },
      { ...pub, q: rfcKey.q >> 1n },
      { ...pub, q: rfcKey.q + 2n },
      { ...pub, g: 1n },
      { ...pub, g: 2n },
      { ...pub, y: 1n },
      { ...pub, y: rfcKey.p - 1n },
    ]) {
      expect(() => checkDsaPublicKey(bad)).toThrow(typed('CryptoError', 'invalid-key'));
    }
  });

  it('generates FIPS 186-4 L=1024 N=160 parameters and a key (seeded, deterministic)', () => {
    const { p, q, g, x, y } = generated;
    expect(bitLength(p)).toBe(1024);
    expect(bitLength(q)).toBe(160);
    const random = seeded('mr');
    expect(isProbablePrime(q, 20, random)).toBe(true);
    expect(isProbablePrime(p, 20, random)).toBe(true);
    expect((p - 1n) % q).toBe(0n);
    expect(g).not.toBe(1n);
    expect(modPow(g, q, p)).toBe(1n);
    expect(x >= 1n && x < q).toBe(true);
    expect(modPow(g, x, p)).toBe(y);
    // Reusing parameters gives a new key in the same group.
    const second = generateDsaKey({ random: seeded('second'), parameters: generated });
    expect(second.p).toBe(p);
    expect(second.x).not.toBe(x);
  });

  it('A.1.1.2: p and q follow from the returned seed and counter', () => {
    // Re-derive q = 2^159 + U + 1 - (U mod 2), U = SHA1(seed) mod 2^159, and check
    // p ≡ 1 (mod 2q) with p's top bit set; the counter is within 4L.
    const params = generateDsaParameters({ random: seeded('params') });
    const sha1Int = (b: Uint8Array) => big(bytesToHex(sha1(b)));
    const U = sha1Int(params.seed) % (1n << 159n);
    expect(params.q).toBe((1n << 159n) + U + 1n - (U % 2n));
    expect(params.p % (2n * params.q)).toBe(1n);
    expect(params.counter).toBeLessThan(4 * 1024);
  });
});

describe('ssh-dss (RFC 4253 §6.6, legacy)', () => {
  it('signs as a 40-byte r || s blob and verifies (RFC 6979 SHA-1 "sample")', () => {
    const sig = signData('ssh-dss', rfcKey, utf8ToBytes('sample'));
    const { algorithm, blob } = decodeSignature(sig);
    expect(algorithm).toBe('ssh-dss');
    expect(blob.length).toBe(40);
    const sample = RFC6979.signatures[0];
    if (!sample) throw new Error('missing vector');
    expect(bytesToHex(blob).toUpperCase()).toBe(`${sample.r}${sample.s}`);
    expect(verifySignature(rfcKey, utf8ToBytes('sample'), sig)).toBe(true);
    expect(verifySignature(rfcKey, utf8ToBytes('sample'), sig, { allowed: ['rsa-sha2-256'] })).toBe(false);
  });

  it('pads short r and s to 20 bytes and rejects other blob lengths', () => {
    const spec = getSignatureAlg('ssh-dss');
    expect(spec.legacy).toBe(true);
    const data = utf8ToBytes('data');
    const blob = spec.sign(generated, data);
    expect(spec.verify(generated, data, blob)).toBe(true);
    expect(spec.verify(generated, data, blob.subarray(0, 39))).toBe(false);
    expect(spec.verify(generated, data, new Uint8Array([...blob, 0]))).toBe(false);
    expect(spec.verify(generated, data, new Uint8Array(40))).toBe(false);
    expect(() =>
      spec.sign({ kind: 'ed25519', publicKey: new Uint8Array(32), seed: new Uint8Array(32) }, data),
    ).toThrow(typed('CryptoError', 'invalid-key'));
  });

  it('public key blob is string "ssh-dss" || mpint p || mpint q || mpint g || mpint y', () => {
    const blob = encodePublicKeyBlob(rfcKey);
    const r = new WireReader(blob);
    expect(r.utf8()).toBe('ssh-dss');
    expect([r.mpint(), r.mpint(), r.mpint(), r.mpint()]).toEqual([rfcKey.p, rfcKey.q, rfcKey.g, rfcKey.y]);
    r.expectEnd();
    expect(decodePublicKeyBlob(blob)).toEqual({
      kind: 'dsa',
      p: rfcKey.p,
      q: rfcKey.q,
      g: rfcKey.g,
      y: rfcKey.y,
    });
    const small = new WireWriter()
      .string('ssh-dss')
      .mpint(rfcKey.p >> 8n)
      .mpint(rfcKey.q)
      .mpint(rfcKey.g)
      .mpint(rfcKey.y)
      .finish();
    expect(() => decodePublicKeyBlob(small)).toThrow(typed('CryptoError', 'invalid-key'));
  });
});
