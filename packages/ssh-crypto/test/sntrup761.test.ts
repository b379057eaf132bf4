/**
 * sntrup761 against the official NTRU Prime round-3 known-answer tests.
 *
 * The KAT file was produced by NIST's PQCgenKAT_kem: each count seeds the
 * SP 800-90A AES-256 CTR_DRBG (no derivation function, as NIST's rng.c)
 * with its 48-byte `seed`, then runs keypair, enc and dec. The DRBG is
 * re-implemented below on node:crypto's AES-256-ECB, independently of src/.
 */
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  SNTRUP761_CIPHERTEXT_BYTES,
  SNTRUP761_PUBLIC_KEY_BYTES,
  SNTRUP761_SECRET_KEY_BYTES,
  SNTRUP761_SHARED_SECRET_BYTES,
  sntrup761Decapsulate,
  sntrup761Encapsulate,
  sntrup761KeyPair,
} from '../src/pq/sntrup761.js';
import type { RandomSource } from '../src/random.js';

interface KatVector {
  count: number;
  seed: string;
  pk?: string;
  sk?: string;
  ct?: string;
  ss: string;
}
const KAT = (
  JSON.parse(readFileSync(new URL('./vectors/ntruprime-kat/sntrup761.json', import.meta.url), 'utf8')) as {
    vectors: KatVector[];
  }
).vectors;

function aes256Block(key: Uint8Array, block: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return new Uint8Array(cipher.update(block));
}

/** NIST PQC rng.c: randombytes_init(seed) then randombytes(n), each call followed by a state update. */
function nistDrbg(seed: Uint8Array): RandomSource {
  let key = new Uint8Array(32);
  let v = new Uint8Array(16);
  const increment = () => {
    for (let j = 15; j >= 0; j--) {
      if (v[j] === 0xff) v[j] = 0;
      else {
        v[j] = (v[j] as number) + 1;
        break;
      }
    }
  };
  const update = (provided?: Uint8Array) => {
    const temp = new Uint8Array(48);
    for (let i = 0; i < 3; i++) {
      increment();
      temp.set(aes256Block(key, v), 16 * i);
    }
    if (provided) for (let i = 0; i < 48; i++) temp[i] = (temp[i] as number) ^ (provided[i] as number);
    key = temp.slice(0, 32);
    v = temp.slice(32);
  };
  update(seed);
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 16) {
      increment();
      out.set(aes256Block(key, v).subarray(0, Math.min(16, length - at)), at);
    }
    update();
    return out;
  };
}

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

describe('sntrup761 (NTRU Prime round-3 KAT)', () => {
  it('has the sizes of the specification', () => {
    expect([
      SNTRUP761_PUBLIC_KEY_BYTES,
      SNTRUP761_SECRET_KEY_BYTES,
      SNTRUP761_CIPHERTEXT_BYTES,
      SNTRUP761_SHARED_SECRET_BYTES,
    ]).toEqual([1158, 1763, 1039, 32]);
  });

  test.each(KAT)('count $count: keypair, enc and dec reproduce the KAT', (vector) => {
    const random = nistDrbg(hexToBytes(vector.seed));
    const { publicKey, secretKey } = sntrup761KeyPair(random);
    if (vector.pk !== undefined) expect(bytesToHex(publicKey)).toBe(vector.pk.toLowerCase());
    if (vector.sk !== undefined) expect(bytesToHex(secretKey)).toBe(vector.sk.toLowerCase());
    const { ciphertext, sharedSecret } = sntrup761Encapsulate(publicKey, random);
    if (vector.ct !== undefined) expect(bytesToHex(ciphertext)).toBe(vector.ct.toLowerCase());
    expect(bytesToHex(sharedSecret)).toBe(vector.ss.toLowerCase());
    expect(bytesToHex(sntrup761Decapsulate(ciphertext, secretKey))).toBe(vector.ss.toLowerCase());
  });

  it('decapsulates the stored KAT ciphertext with the stored secret key', () => {
    const v = KAT[0];
    if (!v?.ct || !v.sk) throw new Error('count 0 must carry ct and sk');
    expect(bytesToHex(sntrup761Decapsulate(hexToBytes(v.ct), hexToBytes(v.sk)))).toBe(v.ss.toLowerCase());
  });
});

describe('sntrup761 round trips and implicit rejection', () => {
  const { publicKey, secretKey } = sntrup761KeyPair(seeded('sntrup-keys'));

  it('a fixed seed gives a fixed key and secret (deterministic given the random source)', () => {
    const again = sntrup761KeyPair(seeded('sntrup-keys'));
    expect(bytesToHex(again.publicKey)).toBe(bytesToHex(publicKey));
    expect(bytesToHex(again.secretKey)).toBe(bytesToHex(secretKey));
  });

  it('encapsulate/decapsulate agree for several encapsulations', () => {
    for (let i = 0; i < 4; i++) {
      const { ciphertext, sharedSecret } = sntrup761Encapsulate(publicKey, seeded(`enc${i}`));
      expect(bytesToHex(sntrup761Decapsulate(ciphertext, secretKey))).toBe(bytesToHex(sharedSecret));
    }
  });

  it('a modified ciphertext yields a different (implicit-rejection) secret, deterministically', () => {
    const { ciphertext, sharedSecret } = sntrup761Encapsulate(publicKey, seeded('enc'));
    for (const bit of [0, 8 * 500 + 3, 8 * 1010]) {
      const bad = ciphertext.slice();
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      const k = sntrup761Decapsulate(bad, secretKey);
      expect(bytesToHex(k)).not.toBe(bytesToHex(sharedSecret));
      expect(bytesToHex(sntrup761Decapsulate(bad, secretKey))).toBe(bytesToHex(k));
    }
  });

  it('rejects wrong lengths with a typed error', () => {
    const typed = expect.objectContaining({ name: 'CryptoError', kind: 'bad-length' });
    expect(() => sntrup761Encapsulate(publicKey.subarray(1))).toThrow(typed);
    expect(() => sntrup761Decapsulate(new Uint8Array(1038), secretKey)).toThrow(typed);
    expect(() => sntrup761Decapsulate(new Uint8Array(1039), secretKey.subarray(1))).toThrow(typed);
  });
});
