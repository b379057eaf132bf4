import { describe, expect, it, test } from '@jest/globals';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { nobleBackend } from '../src/backend/noble.js';
import { nodeBackend } from '../src/backend/node.node.js';
import type { CryptoBackend } from '../src/backend/types.js';
import { ciphers, getCipher } from '../src/cipher/index.js';
import { ciphers as nodeCiphers } from '../src/cipher/index.node.js';
import { rekeyBlockLimit } from '../src/cipher/legacy.js';
import {
  createCipherRegistry,
  defaultCiphers,
  isCipherName,
  LEGACY_CIPHERS,
  lookupCipher,
  supportedCiphers,
} from '../src/cipher/registry.js';
import type { AeadCipherSpec, CipherSpec, StreamCipherSpec } from '../src/cipher/types.js';
import { CryptoError } from '../src/errors.js';
import { hex, loadVectors, toHex } from './backend-compliance.js';

const BACKENDS: readonly [string, CryptoBackend][] = [
  ['noble', nobleBackend],
  ['node', nodeBackend],
];

function aead(spec: CipherSpec): AeadCipherSpec {
  if (!spec.aead) throw new Error(`${spec.name} is not AEAD`);
  return spec;
}
function stream(spec: CipherSpec): StreamCipherSpec {
  if (spec.aead) throw new Error(`${spec.name} is AEAD`);
  return spec;
}
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('cipher registry', () => {
  it('has OpenSSH default order', () => {
    expect(defaultCiphers()).toEqual([
      'chacha20-poly1305@openssh.com',
      'aes128-ctr',
      'aes192-ctr',
      'aes256-ctr',
      'aes128-gcm@openssh.com',
      'aes256-gcm@openssh.com',
    ]);
  });

  test.each(BACKENDS)('every default and every listed name resolves (%s)', (_n, backend) => {
    const registry = createCipherRegistry(backend);
    for (const name of [...defaultCiphers(), ...supportedCiphers()]) {
      const spec = lookupCipher(registry, name);
      expect(spec.name).toBe(name);
      expect(isCipherName(name)).toBe(true);
    }
    expect([...registry.keys()]).toEqual(supportedCiphers());
  });

  it('keeps legacy names (and none) out of the defaults', () => {
    expect(LEGACY_CIPHERS).toEqual([
      'aes128-cbc',
      'aes192-cbc',
      'aes256-cbc',
      '3des-cbc',
      'blowfish-cbc',
      'cast128-cbc',
      'arcfour',
      'arcfour128',
      'arcfour256',
      'none',
    ]);
    for (const name of LEGACY_CIPHERS) {
      expect(defaultCiphers()).not.toContain(name);
      expect(ciphers.get(name)?.legacy).toBe(true);
    }
    for (const name of defaultCiphers()) expect(ciphers.get(name)?.legacy).toBe(false);
  });

  it('throws unsupported-algorithm for unknown names', () => {
    const e = caught(() => getCipher('3des-cbc-but-not-yet'));
    expect(CryptoError.isInstance(e) && e.kind).toBe('unsupported-algorithm');
    expect(isCipherName('constructor')).toBe(false);
  });

  it('carries the sizes the transport needs', () => {
    const sizes = (name: string) => {
      const s = getCipher(name);
      return [s.keyLength, s.ivLength, s.blockSize, s.tagLength, s.aead];
    };
    expect(sizes('chacha20-poly1305@openssh.com')).toEqual([64, 0, 8, 16, true]);
    expect(sizes('aes128-gcm@openssh.com')).toEqual([16, 12, 16, 16, true]);
    expect(sizes('aes256-gcm@openssh.com')).toEqual([32, 12, 16, 16, true]);
    expect(sizes('aes128-ctr')).toEqual([16, 16, 16, 0, false]);
    expect(sizes('aes192-ctr')).toEqual([24, 16, 16, 0, false]);
    expect(sizes('aes256-ctr')).toEqual([32, 16, 16, 0, false]);
    expect(sizes('none')).toEqual([0, 0, 8, 0, false]);
    expect(sizes('aes128-cbc')).toEqual([16, 16, 16, 0, false]);
    expect(sizes('3des-cbc')).toEqual([24, 8, 8, 0, false]);
    expect(sizes('blowfish-cbc')).toEqual([16, 8, 8, 0, false]);
    expect(sizes('cast128-cbc')).toEqual([16, 8, 8, 0, false]);
    expect(sizes('arcfour')).toEqual([16, 0, 8, 0, false]);
    expect(sizes('arcfour128')).toEqual([16, 0, 8, 0, false]);
    expect(sizes('arcfour256')).toEqual([32, 0, 8, 0, false]);
  });

  it('gives the RFC 4344 rekey bound: 2^(block bits / 4) blocks, none for stream ciphers', () => {
    expect(rekeyBlockLimit(getCipher('aes128-ctr'))).toBe(2 ** 32);
    expect(rekeyBlockLimit(getCipher('aes256-gcm@openssh.com'))).toBe(2 ** 32);
    for (const name of ['3des-cbc', 'blowfish-cbc', 'cast128-cbc']) {
      expect(getCipher(name).cipherBlockBits).toBe(64);
      expect(rekeyBlockLimit(getCipher(name))).toBe(2 ** 16);
    }
    for (const name of ['arcfour', 'chacha20-poly1305@openssh.com', 'none']) {
      expect(rekeyBlockLimit(getCipher(name))).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it('the node entry point builds the same names on node:crypto', () => {
    expect([...nodeCiphers.keys()]).toEqual(supportedCiphers());
  });

  it('rejects wrong key and IV lengths with invalid-key', () => {
    const e1 = caught(() =>
      getCipher('aes128-ctr').create(new Uint8Array(15), new Uint8Array(16), 'encrypt'),
    );
    expect(CryptoError.isInstance(e1) && e1.kind).toBe('invalid-key');
    const e2 = caught(() =>
      getCipher('aes128-gcm@openssh.com').create(new Uint8Array(16), new Uint8Array(16), 'encrypt'),
    );
    expect(CryptoError.isInstance(e2) && e2.kind).toBe('invalid-key');
    const e3 = caught(() =>
      getCipher('chacha20-poly1305@openssh.com').create(new Uint8Array(32), new Uint8Array(0), 'encrypt'),
    );
    expect(CryptoError.isInstance(e3) && e3.kind).toBe('invalid-key');
  });

  it('rejects data that is not block-aligned with bad-length', () => {
    const s = stream(getCipher('aes128-ctr')).create(new Uint8Array(16), new Uint8Array(16), 'encrypt');
    const e = caught(() => s.update(new Uint8Array(17)));
    expect(CryptoError.isInstance(e) && e.kind).toBe('bad-length');
  });
});

interface OpenSSHVector {
  name: string;
  key: string;
  seq: number;
  plain: string;
  sealed: string;
}
const OPENSSH = loadVectors<{ vectors: OpenSSHVector[] }>('openssh/chacha20-poly1305.json').vectors;

/** PROTOCOL.chacha20poly1305, straight from noble's raw primitives: no src/ code involved. */
function referenceSeal(key: Uint8Array, seq: number, plain: Uint8Array): Uint8Array {
  const k2 = key.subarray(0, 32);
  const k1 = key.subarray(32, 64);
  const nonce = new Uint8Array(8);
  new DataView(nonce.buffer).setUint32(4, seq);
  const encLen = chacha20orig(k1, nonce, plain.subarray(0, 4), undefined, 0);
  const encBody = chacha20orig(k2, nonce, plain.subarray(4), undefined, 1);
  const polyKey = chacha20orig(k2, nonce, new Uint8Array(32), undefined, 0);
  const out = new Uint8Array(plain.length + 16);
  out.set(encLen);
  out.set(encBody, 4);
  out.set(poly1305(out.subarray(0, plain.length), polyKey), plain.length);
  return out;
}

describe.each(BACKENDS)('chacha20-poly1305@openssh.com on %s', (_n, backend) => {
  const spec = aead(createCipherRegistry(backend).get('chacha20-poly1305@openssh.com') as CipherSpec);

  it.each(OPENSSH)('$name: the stored vector is the PROTOCOL construction', (v) => {
    expect(toHex(referenceSeal(hex(v.key), v.seq, hex(v.plain)))).toBe(v.sealed);
  });

  it.each(OPENSSH)('$name: seals to it, reads its length, opens it', (v) => {
    const state = spec.create(hex(v.key), new Uint8Array(0), 'encrypt');
    const packet = new Uint8Array(v.sealed.length / 2);
    packet.set(hex(v.plain));
    state.seal(v.seq, packet);
    expect(toHex(packet)).toBe(v.sealed);
    const reader = spec.create(hex(v.key), new Uint8Array(0), 'decrypt');
    expect(reader.decryptLength(v.seq, packet)).toBe(24);
    expect(toHex(packet)).toBe(v.sealed); // decryptLength leaves the bytes alone
    // The body: the plaintext after its 4-byte length field.
    expect(toHex(reader.open(v.seq, packet))).toBe(v.plain.slice(8));
  });

  it('matches the reference for large sequence numbers and longer packets', () => {
    const key = Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + 3) & 0xff);
    const plain = Uint8Array.from({ length: 4 + 1000 }, (_, i) => i & 0xff);
    new DataView(plain.buffer).setUint32(0, 1000);
    for (const seq of [0, 1, 0x7fffffff, 0xffffffff]) {
      const packet = new Uint8Array(plain.length + 16);
      packet.set(plain);
      spec.create(key, new Uint8Array(0), 'encrypt').seal(seq, packet);
      expect(toHex(packet)).toBe(toHex(referenceSeal(key, seq, plain)));
    }
  });

  it('a wrong sequence number fails with bad-tag and leaves the packet encrypted', () => {
    const v = OPENSSH[0] as OpenSSHVector;
    const packet = hex(v.sealed);
    const e = caught(() => spec.create(hex(v.key), new Uint8Array(0), 'decrypt').open(v.seq + 1, packet));
    expect(CryptoError.isInstance(e) && e.kind).toBe('bad-tag');
    expect(toHex(packet)).toBe(v.sealed);
  });
});

describe.each(BACKENDS)('aes-gcm@openssh.com on %s', (_n, backend) => {
  const registry = createCipherRegistry(backend);

  it('uses the IV as nonce, the clear length as AAD, and increments the invocation counter', () => {
    const key = hex('feffe9928665731c6d6a8f9467308308');
    const iv = hex('cafebabe00000000ffffffff'); // counter about to carry into the high word
    const state = aead(registry.get('aes128-gcm@openssh.com') as CipherSpec).create(key, iv, 'encrypt');
    const gcm = backend.aesGcm(key);
    const nonces = ['cafebabe00000000ffffffff', 'cafebabe0000000100000000', 'cafebabe0000000100000001'];
    for (const nonce of nonces) {
      const plain = Uint8Array.from({ length: 4 + 32 }, (_, i) => i);
      new DataView(plain.buffer).setUint32(0, 32);
      const packet = new Uint8Array(plain.length + 16);
      packet.set(plain);
      state.seal(99, packet);
      const expected = new Uint8Array(32 + 16);
      expected.set(plain.subarray(4));
      gcm.sealInPlace(hex(nonce), plain.subarray(0, 4), expected);
      expect(toHex(packet.subarray(0, 4))).toBe('00000020'); // length stays clear
      expect(toHex(packet.subarray(4))).toBe(toHex(expected));
    }
  });

  it('wraps the 64-bit invocation counter', () => {
    const key = new Uint8Array(32);
    const iv = hex('01020304ffffffffffffffff');
    const state = aead(registry.get('aes256-gcm@openssh.com') as CipherSpec).create(key, iv, 'encrypt');
    const packets = [0, 1].map(() => {
      const p = new Uint8Array(4 + 16 + 16);
      p[3] = 16;
      state.seal(0, p);
      return p;
    });
    const second = new Uint8Array(16 + 16);
    backend.aesGcm(key).sealInPlace(hex('010203040000000000000000'), hex('00000010'), second);
    expect(toHex((packets[1] as Uint8Array).subarray(4))).toBe(toHex(second));
  });

  it('reads the length in the clear; a flipped length bit fails with bad-tag', () => {
    const spec = aead(registry.get('aes128-gcm@openssh.com') as CipherSpec);
    const key = new Uint8Array(16).fill(1);
    const iv = new Uint8Array(12).fill(2);
    const packet = new Uint8Array(4 + 16 + 16);
    packet[3] = 16;
    spec.create(key, iv, 'encrypt').seal(0, packet);
    const reader = spec.create(key, iv, 'decrypt');
    expect(reader.decryptLength(0, packet)).toBe(16);
    packet[2] = 1;
    const e = caught(() => reader.open(0, packet));
    expect(CryptoError.isInstance(e) && e.kind).toBe('bad-tag');
  });
});

describe.each(BACKENDS)('aes-ctr on %s', (_n, backend) => {
  it('keeps its counter across packets (RFC 4344 §4)', () => {
    const spec = stream(createCipherRegistry(backend).get('aes256-ctr') as CipherSpec);
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const iv = hex('000000000000000000000000fffffffe');
    const s = spec.create(key, iv, 'encrypt');
    const a = s.update(new Uint8Array(48));
    const b = s.update(new Uint8Array(32));
    const whole = backend.aesCtr(key, iv).xor(new Uint8Array(80));
    expect(toHex(a) + toHex(b)).toBe(toHex(whole));
  });
});
