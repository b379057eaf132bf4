import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from '@jest/globals';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { ecdsaKeyFromScalar, generateEcdsaKey } from '../src/sign/ecdsa.js';
import { ed448KeyFromSeed, generateEd448Key } from '../src/sign/ed448.js';
import { ed25519KeyFromSeed, generateEd25519Key } from '../src/sign/ed25519.js';
import { decodePublicKeyBlob, encodePublicKeyBlob } from '../src/sign/public-key-blob.js';
import {
  decodeSignature,
  defaultSignatureAlgs,
  encodeSignature,
  getSignatureAlg,
  legacySignatureAlgs,
  signatureAlgorithms,
  signatureAlgsForKey,
  signData,
  supportedSignatureAlgs,
  verifySignature,
} from '../src/sign/registry.js';

const typed = (name: string, kind?: string) =>
  expect.objectContaining(kind === undefined ? { name } : { name, kind });

describe('signature registry', () => {
  it('defaults follow OpenSSH; ssh-rsa and ssh-dss are present but legacy; ssh-ed448 is not a default', () => {
    expect(defaultSignatureAlgs()).toEqual([
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
      'sk-ssh-ed25519@openssh.com',
      'sk-ecdsa-sha2-nistp256@openssh.com',
      'rsa-sha2-512',
      'rsa-sha2-256',
    ]);
    for (const name of ['ssh-rsa', 'ssh-dss', 'ssh-ed448']) expect(supportedSignatureAlgs()).toContain(name);
    expect(legacySignatureAlgs()).toEqual(['ssh-rsa', 'ssh-dss']);
    expect(getSignatureAlg('ssh-ed448').legacy).toBe(false);
    for (const name of [...defaultSignatureAlgs(), ...supportedSignatureAlgs()]) {
      expect(getSignatureAlg(name).name).toBe(name);
    }
    for (const name of defaultSignatureAlgs()) expect(getSignatureAlg(name).legacy).toBe(false);
    expect(() => getSignatureAlg('ssh-dsa')).toThrow(typed('CryptoError', 'unsupported-algorithm'));
  });
});

describe('ssh-ed25519 (RFC 8032 §7.1, RFC 8709)', () => {
  test.each([
    [
      'TEST 1',
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      '',
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    ],
    [
      'TEST 2',
      '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      '72',
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    ],
    [
      'TEST 3',
      'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      'af82',
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    ],
  ])('%s', (_name, seed, publicKey, message, signature) => {
    const key = ed25519KeyFromSeed(hexToBytes(seed));
    expect(bytesToHex(key.publicKey)).toBe(publicKey);
    const sig = signData('ssh-ed25519', key, hexToBytes(message));
    const decoded = decodeSignature(sig);
    expect(decoded.algorithm).toBe('ssh-ed25519');
    expect(bytesToHex(decoded.blob)).toBe(signature);
    expect(verifySignature({ kind: 'ed25519', publicKey: key.publicKey }, hexToBytes(message), sig)).toBe(
      true,
    );
  });
});

interface Ed448Vector {
  name: string;
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
}
const ED448 = (
  JSON.parse(readFileSync(new URL('./vectors/rfc8032/ed448.json', import.meta.url), 'utf8')) as {
    vectors: Ed448Vector[];
  }
).vectors;

describe('ssh-ed448 (RFC 8032 §7.4, RFC 8709)', () => {
  test.each(ED448)('$name', ({ secretKey, publicKey, message, signature }) => {
    const key = ed448KeyFromSeed(hexToBytes(secretKey));
    expect(bytesToHex(key.publicKey)).toBe(publicKey);
    const sig = signData('ssh-ed448', key, hexToBytes(message));
    const decoded = decodeSignature(sig);
    expect(decoded.algorithm).toBe('ssh-ed448');
    expect(bytesToHex(decoded.blob)).toBe(signature);
    const pub = { kind: 'ed448' as const, publicKey: key.publicKey };
    expect(verifySignature(pub, hexToBytes(message), sig)).toBe(true);
    expect(verifySignature(pub, hexToBytes(`${message}00`), sig)).toBe(false);
  });

  it('public key blob is string "ssh-ed448" || string key (57 bytes); wrong lengths are rejected', () => {
    const key = generateEd448Key();
    const blob = encodePublicKeyBlob(key);
    const r = new WireReader(blob);
    expect(r.utf8()).toBe('ssh-ed448');
    expect(bytesToHex(r.string())).toBe(bytesToHex(key.publicKey));
    r.expectEnd();
    expect(decodePublicKeyBlob(blob)).toEqual({ kind: 'ed448', publicKey: key.publicKey });
    const short = new WireWriter().string('ssh-ed448').string(new Uint8Array(32)).finish();
    expect(() => decodePublicKeyBlob(short)).toThrow(typed('CryptoError', 'invalid-key'));
    expect(() => ed448KeyFromSeed(new Uint8Array(32))).toThrow(typed('CryptoError', 'invalid-key'));
    const spec = getSignatureAlg('ssh-ed448');
    const sig = spec.sign(key, utf8ToBytes('m'));
    expect(sig.length).toBe(114);
    expect(spec.verify(key, utf8ToBytes('m'), sig.subarray(0, 113))).toBe(false);
    expect(signatureAlgsForKey(key)).toEqual(['ssh-ed448']);
  });
});

describe('ecdsa-sha2-nistp* (RFC 6979 A.2.5-A.2.7, message "sample")', () => {
  test.each([
    [
      'nistp256',
      'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721',
      'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716',
      'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8',
    ],
    [
      'nistp384',
      '6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5',
      '94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46',
      '99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8',
    ],
    [
      'nistp521',
      '0fad06daa62ba3b25d2fb40133da757205de67f5bb0018fee8c86e1b68c7e75caa896eb32f1f47c70855836a6d16fcc1466f6d8fbec67db89ec0c08b0e996b83538',
      '0c328fafcbd79dd77850370c46325d987cb525569fb63c5d3bc53950e6d4c5f174e25a1ee9017b5d450606add152b534931d7d4e8455cc91f9b15bf05ec36e377fa',
      '0617cce7cf5064806c467f678d3b4080d6f1cc50af26ca209417308281b68af282623eaa63e5b5c0723d8b8c37ff0777b1a20f8ccb1dccc43997f1ee0e44da4a67a',
    ],
  ] as const)('%s signs deterministically to the RFC r and s as mpints', (curve, x, r, s) => {
    const key = ecdsaKeyFromScalar(curve, BigInt(`0x${x}`));
    const sig = signData(`ecdsa-sha2-${curve}`, key, utf8ToBytes('sample'));
    const { algorithm, blob } = decodeSignature(sig);
    expect(algorithm).toBe(`ecdsa-sha2-${curve}`);
    const reader = new WireReader(blob);
    expect(reader.mpint()).toBe(BigInt(`0x${r}`));
    expect(reader.mpint()).toBe(BigInt(`0x${s}`));
    reader.expectEnd();
    expect(verifySignature({ kind: 'ecdsa', curve, Q: key.Q }, utf8ToBytes('sample'), sig)).toBe(true);
    expect(verifySignature(key, utf8ToBytes('samplf'), sig)).toBe(false);
  });

  it('rejects r or s of 0 or n, and a blob with trailing data, as false', () => {
    const key = generateEcdsaKey('nistp256');
    const data = utf8ToBytes('data');
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    const spec = getSignatureAlg('ecdsa-sha2-nistp256');
    const good = spec.sign(key, data);
    expect(spec.verify(key, data, good)).toBe(true);
    for (const [r, s] of [
      [0n, 1n],
      [1n, 0n],
      [n, 1n],
      [1n, n],
    ] as const) {
      expect(spec.verify(key, data, new WireWriter().mpint(r).mpint(s).finish())).toBe(false);
    }
    expect(spec.verify(key, data, new Uint8Array([...good, 0]))).toBe(false);
  });
});

describe('public key blobs', () => {
  it('round-trips Ed25519 and ECDSA keys and matches the RFC layouts', () => {
    const ed = generateEd25519Key();
    const edBlob = encodePublicKeyBlob(ed);
    const r = new WireReader(edBlob);
    expect(r.utf8()).toBe('ssh-ed25519');
    expect(bytesToHex(r.string())).toBe(bytesToHex(ed.publicKey));
    r.expectEnd();
    expect(decodePublicKeyBlob(edBlob)).toEqual({ kind: 'ed25519', publicKey: ed.publicKey });
    for (const curve of ['nistp256', 'nistp384', 'nistp521'] as const) {
      const key = generateEcdsaKey(curve);
      const blob = encodePublicKeyBlob(key);
      const rr = new WireReader(blob);
      expect(rr.utf8()).toBe(`ecdsa-sha2-${curve}`);
      expect(rr.utf8()).toBe(curve);
      expect(bytesToHex(rr.string())).toBe(bytesToHex(key.Q));
      expect(decodePublicKeyBlob(blob)).toEqual({ kind: 'ecdsa', curve, Q: key.Q });
    }
  });

  it('rejects mismatched curves, off-curve points, bad lengths, unknown types and trailing data', () => {
    const key = generateEcdsaKey('nistp256');
    const mismatch = new WireWriter().string('ecdsa-sha2-nistp256').string('nistp384').string(key.Q).finish();
    expect(() => decodePublicKeyBlob(mismatch)).toThrow(typed('CryptoError', 'invalid-key'));
    const off = key.Q.slice();
    off[64] = (off[64] as number) ^ 1;
    const offBlob = new WireWriter().string('ecdsa-sha2-nistp256').string('nistp256').string(off).finish();
    expect(() => decodePublicKeyBlob(offBlob)).toThrow(typed('CryptoError', 'invalid-key'));
    const shortEd = new WireWriter().string('ssh-ed25519').string(new Uint8Array(31)).finish();
    expect(() => decodePublicKeyBlob(shortEd)).toThrow(typed('CryptoError', 'invalid-key'));
    const unknown = new WireWriter().string('ssh-dsa').finish();
    expect(() => decodePublicKeyBlob(unknown)).toThrow(typed('CryptoError', 'unsupported-algorithm'));
    const trailing = new Uint8Array([...encodePublicKeyBlob(generateEd25519Key()), 0]);
    expect(() => decodePublicKeyBlob(trailing)).toThrow(typed('WireError', 'trailing-data'));
  });
});

describe('outer signature encoding', () => {
  it('encodes string alg || string blob and decodes it back', () => {
    const encoded = encodeSignature('ssh-ed25519', Uint8Array.of(1, 2, 3));
    expect(bytesToHex(encoded)).toBe(`0000000b${bytesToHex(utf8ToBytes('ssh-ed25519'))}00000003010203`);
    expect(decodeSignature(encoded)).toEqual({ algorithm: 'ssh-ed25519', blob: Uint8Array.of(1, 2, 3) });
    expect(() => decodeSignature(new Uint8Array([...encoded, 9]))).toThrow(typed('WireError'));
  });

  it('verifySignature returns false for a mismatched key kind, curve or disallowed algorithm', () => {
    const ed = generateEd25519Key();
    const ec = generateEcdsaKey('nistp256');
    const data = utf8ToBytes('x');
    const edSig = signData('ssh-ed25519', ed, data);
    expect(verifySignature(ec, data, edSig)).toBe(false);
    expect(verifySignature(ed, data, edSig, { allowed: ['rsa-sha2-512'] })).toBe(false);
    const ecSig = signData('ecdsa-sha2-nistp256', ec, data);
    expect(verifySignature(generateEcdsaKey('nistp384'), data, ecSig)).toBe(false);
    expect(() => signData('ssh-ed25519', ec, data)).toThrow(typed('CryptoError', 'invalid-key'));
    expect(signatureAlgsForKey(ec)).toEqual(['ecdsa-sha2-nistp256']);
  });

  it('every registered algorithm names its key type', () => {
    for (const spec of signatureAlgorithms.values()) expect(spec.keyType.length).toBeGreaterThan(0);
  });
});
