import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from '@jest/globals';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  ARGON2_MAX_MEMORY_KIB,
  type Argon2Variant,
  argon2,
  argon2VariantFromPpk,
} from '../src/kdf/argon2.js';

const typed = (kind: string) => expect.objectContaining({ name: 'CryptoError', kind });

interface Rfc9106File {
  inputs: {
    password: string;
    passwordLength: number;
    salt: string;
    saltLength: number;
    secret: string;
    secretLength: number;
    associatedData: string;
    associatedDataLength: number;
    memory: number;
    passes: number;
    parallelism: number;
    length: number;
  };
  tags: Record<Argon2Variant, string>;
}
const RFC9106 = JSON.parse(
  readFileSync(new URL('./vectors/rfc9106/argon2.json', import.meta.url), 'utf8'),
) as Rfc9106File;
const filled = (hexByte: string, length: number) => new Uint8Array(length).fill(Number.parseInt(hexByte, 16));

describe('Argon2 (RFC 9106 §5 test vectors, with secret and associated data)', () => {
  const i = RFC9106.inputs;
  test.each(Object.entries(RFC9106.tags) as [Argon2Variant, string][])('%s', (variant, tag) => {
    const out = argon2(variant, filled(i.password, i.passwordLength), filled(i.salt, i.saltLength), {
      memory: i.memory,
      passes: i.passes,
      parallelism: i.parallelism,
      length: i.length,
      secret: filled(i.secret, i.secretLength),
      associatedData: filled(i.associatedData, i.associatedDataLength),
    });
    expect(bytesToHex(out)).toBe(tag);
  });
});

describe('PuTTY .ppk v3 parameters', () => {
  it('maps Key-Derivation names', () => {
    expect(argon2VariantFromPpk('Argon2id')).toBe('argon2id');
    expect(argon2VariantFromPpk('Argon2i')).toBe('argon2i');
    expect(argon2VariantFromPpk('Argon2d')).toBe('argon2d');
    expect(() => argon2VariantFromPpk('argon2id')).toThrow(typed('unsupported-algorithm'));
  });

  it('derives 80 bytes (key + IV + MAC key) without secret or associated data', () => {
    const salt = utf8ToBytes('0123456789abcdef');
    const opts = { memory: 64, passes: 2, parallelism: 1, length: 80 };
    const a = argon2('argon2id', utf8ToBytes('pass'), salt, opts);
    expect(a.length).toBe(80);
    expect(bytesToHex(argon2('argon2id', utf8ToBytes('pass'), salt, opts))).toBe(bytesToHex(a));
    expect(bytesToHex(argon2('argon2id', utf8ToBytes('pasS'), salt, opts))).not.toBe(bytesToHex(a));
    expect(bytesToHex(argon2('argon2i', utf8ToBytes('pass'), salt, opts))).not.toBe(bytesToHex(a));
  });

  it('refuses out-of-range parameters before doing any work', () => {
    const p = utf8ToBytes('p');
    const salt = new Uint8Array(16);
    const ok = { memory: 64, passes: 1, parallelism: 1, length: 32 };
    for (const bad of [
      { ...ok, memory: ARGON2_MAX_MEMORY_KIB + 1 },
      { ...ok, memory: 7 },
      { ...ok, memory: 15, parallelism: 2 },
      { ...ok, passes: 0 },
      { ...ok, passes: 1.5 },
      { ...ok, parallelism: 0 },
      { ...ok, length: 3 },
    ]) {
      expect(() => argon2('argon2id', p, salt, bad)).toThrow(typed('bad-length'));
    }
    expect(() => argon2('argon2id', p, new Uint8Array(7), ok)).toThrow(typed('bad-length'));
    expect(() => argon2('argon2x' as Argon2Variant, p, salt, ok)).toThrow(typed('unsupported-algorithm'));
  });

  it('is exported from the package entry', async () => {
    const entry = await import('../src/index.js');
    expect(typeof entry.argon2).toBe('function');
  });
});
