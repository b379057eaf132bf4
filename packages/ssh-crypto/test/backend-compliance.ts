// The shared known-answer suite every CryptoBackend must pass (CONVENTIONS
// rule 18). test/backend.test.ts runs it once per backend with describe.each.
import { readFileSync } from 'node:fs';
import { expect, it } from '@jest/globals';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { CryptoBackend, HmacHashName } from '../src/backend/types.js';

/** Reads a vector file from test/vectors. */
export function loadVectors<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${path}`, import.meta.url), 'utf8')) as T;
}

export const hex = hexToBytes;
export const toHex = bytesToHex;

/** Copies `bytes` to a buffer at an odd offset, to exercise misaligned views. */
export function misaligned(bytes: Uint8Array): Uint8Array {
  const backing = new Uint8Array(bytes.length + 3);
  const view = backing.subarray(3, 3 + bytes.length);
  view.set(bytes);
  return view;
}

interface ChachaVector {
  name: string;
  key: string;
  nonce: string;
  counter: number;
  plaintext: string;
  ciphertext: string;
}
interface PolyVector {
  name: string;
  key: string;
  message: string;
  tag: string;
}
interface AesFile {
  plaintext: string;
  ctr: { name: string; key: string; iv: string; ciphertext: string }[];
  cbc: { name: string; key: string; iv: string; ciphertext: string }[];
}
interface GcmVector {
  name: string;
  key: string;
  iv: string;
  aad: string;
  plaintext: string;
  ciphertext: string;
  tag: string;
}
interface Hmac2Vector {
  name: string;
  key: string;
  data: string;
  sha256: string;
  sha512: string;
}
interface Hmac1Vector {
  name: string;
  hash: HmacHashName;
  key: string;
  data: string;
  digest: string;
}

export const CHACHA = loadVectors<{ vectors: ChachaVector[] }>('rfc8439/chacha20.json').vectors;
export const POLY = loadVectors<{ vectors: PolyVector[] }>('rfc8439/poly1305.json').vectors;
export const AES = loadVectors<AesFile>('nist-sp800-38a/aes.json');
export const GCM = loadVectors<{ vectors: GcmVector[] }>('gcm-spec/aes-gcm.json').vectors;
export const HMAC2 = loadVectors<{ vectors: Hmac2Vector[] }>('rfc4231/hmac-sha2.json').vectors;
export const HMAC1 = loadVectors<{ vectors: Hmac1Vector[] }>('rfc2202/hmac-sha1-md5.json').vectors;

interface BlockVector {
  name?: string;
  key: string;
  iv?: string;
  plaintext: string;
  ciphertext: string;
}
export const DES = loadVectors<{ des: BlockVector[]; tdes: BlockVector[] }>('legacy-ciphers/des.json');
export const BLOWFISH = loadVectors<{ ecb: BlockVector[]; cbc: BlockVector[] }>(
  'legacy-ciphers/blowfish.json',
);
export const CAST = loadVectors<{ vectors: BlockVector[] }>('rfc2144/cast128.json').vectors;
export const RC4 = loadVectors<{ vectors: { key: string; offsets: Record<string, string> }[] }>(
  'rfc6229/rc4.json',
).vectors;

type Cbc64 = 'tripleDesCbc' | 'blowfishCbc' | 'cast128Cbc';

/**
 * Runs a primitive that answers either in place or in a fresh buffer and leaves
 * its result in `data`, checking that contract: a fresh answer has the same
 * length and leaves `data` as it was.
 */
function applied(data: Uint8Array, run: (d: Uint8Array) => Uint8Array): void {
  const before = data.slice();
  const out = run(data);
  expect(out.length).toBe(data.length);
  if (out !== data) {
    expect(toHex(data)).toBe(toHex(before));
    data.set(out);
  }
}

/** Runs ECB vectors through CBC one block at a time with a zero IV (CBC of one block under IV 0 is ECB). */
function ecbThroughCbc(
  backend: CryptoBackend,
  method: Cbc64,
  key: Uint8Array,
  plain: string,
  cipher: string,
): void {
  const data = hex(plain);
  for (let i = 0; i < data.length; i += 8) {
    backend[method](key, new Uint8Array(8), false).processInPlace(data.subarray(i, i + 8));
  }
  expect(toHex(data)).toBe(cipher);
  for (let i = 0; i < data.length; i += 8) {
    backend[method](key, new Uint8Array(8), true).processInPlace(data.subarray(i, i + 8));
  }
  expect(toHex(data)).toBe(plain);
}

/**
 * Defines the known-answer tests for one backend (call inside a describe).
 * @param get - returns the backend under test
 */
export function backendCompliance(get: () => CryptoBackend): void {
  it.each(CHACHA)('ChaCha20: $name', (v) => {
    // Original ChaCha20 (64-bit nonce): the RFC nonce's first 4 bytes are zero, its last 8 are our nonce.
    expect(v.nonce.slice(0, 8)).toBe('00000000');
    const data = hex(v.plaintext);
    applied(data, (d) => get().chacha20(hex(v.key)).xor(hex(v.nonce).subarray(4), v.counter, d));
    expect(toHex(data)).toBe(v.ciphertext);
    const odd = misaligned(hex(v.ciphertext));
    applied(odd, (d) => get().chacha20(hex(v.key)).xor(hex(v.nonce).subarray(4), v.counter, d));
    expect(toHex(odd)).toBe(v.plaintext);
  });

  it.each(CHACHA)('ChaCha20 xorInPlace: $name, into misaligned data', (v) => {
    const data = misaligned(hex(v.plaintext));
    get().chacha20(hex(v.key)).xorInPlace(hex(v.nonce).subarray(4), v.counter, data);
    expect(toHex(data)).toBe(v.ciphertext);
  });

  it.each(POLY)('Poly1305: $name', (v) => {
    const out = new Uint8Array(16);
    get().poly1305(hex(v.key), hex(v.message), out);
    expect(toHex(out)).toBe(v.tag);
    get().poly1305(misaligned(hex(v.key)), misaligned(hex(v.message)), out);
    expect(toHex(out)).toBe(v.tag);
  });

  it.each(AES.ctr)('AES-CTR: $name, whole and split across calls', (v) => {
    const whole = hex(AES.plaintext);
    applied(whole, (d) => get().aesCtr(hex(v.key), hex(v.iv)).xor(d));
    expect(toHex(whole)).toBe(v.ciphertext);
    // The counter carries across calls: one block, then two (misaligned), then one.
    const split = hex(AES.plaintext);
    const stream = get().aesCtr(hex(v.key), hex(v.iv));
    applied(split.subarray(0, 16), (d) => stream.xor(d));
    const middle = misaligned(split.subarray(16, 48));
    applied(middle, (d) => stream.xor(d));
    split.set(middle, 16);
    applied(split.subarray(48), (d) => stream.xor(d));
    expect(toHex(split)).toBe(v.ciphertext);
    const back = hex(v.ciphertext);
    applied(back, (d) => get().aesCtr(hex(v.key), hex(v.iv)).xor(d));
    expect(toHex(back)).toBe(AES.plaintext);
  });

  it.each(AES.ctr)('AES-CTR xorInPlace: $name, continuing where xor stopped', (v) => {
    const data = hex(AES.plaintext);
    const stream = get().aesCtr(hex(v.key), hex(v.iv));
    applied(data.subarray(0, 16), (d) => stream.xor(d));
    const rest = misaligned(data.subarray(16));
    stream.xorInPlace(rest);
    data.set(rest, 16);
    expect(toHex(data)).toBe(v.ciphertext);
  });

  it('AES-CTR: the 128-bit counter carries past 2^64 and wraps at 2^128', () => {
    const key = hex(AES.ctr[0]?.key ?? '');
    const data = new Uint8Array(64);
    applied(data, (d) => get().aesCtr(key, hex('ffffffffffffffffffffffffffffffff')).xor(d));
    const expected = new Uint8Array(64);
    const a = get().aesCtr(key, hex('ffffffffffffffffffffffffffffffff'));
    const b = get().aesCtr(key, hex('00000000000000000000000000000000'));
    const first = expected.subarray(0, 16);
    applied(first, (d) => a.xor(d));
    applied(expected.subarray(16), (d) => b.xor(d));
    expect(toHex(data)).toBe(toHex(expected));
  });

  it.each(AES.cbc)('AES-CBC: $name, chained across calls, both directions', (v) => {
    const data = hex(AES.plaintext);
    const enc = get().aesCbc(hex(v.key), hex(v.iv), false);
    enc.processInPlace(data.subarray(0, 16));
    enc.processInPlace(data.subarray(16));
    expect(toHex(data)).toBe(v.ciphertext);
    const dec = get().aesCbc(hex(v.key), hex(v.iv), true);
    dec.processInPlace(data.subarray(0, 32));
    dec.processInPlace(data.subarray(32));
    expect(toHex(data)).toBe(AES.plaintext);
  });

  it.each(GCM)('AES-GCM: $name', (v) => {
    const gcm = get().aesGcm(hex(v.key));
    const buf = new Uint8Array(v.plaintext.length / 2 + 16);
    buf.set(hex(v.plaintext));
    gcm.sealInPlace(hex(v.iv), hex(v.aad), buf);
    expect(toHex(buf)).toBe(v.ciphertext + v.tag);
    const plain = gcm.open(hex(v.iv), hex(v.aad), buf);
    expect(plain === undefined ? 'rejected' : toHex(plain)).toBe(v.plaintext);
  });

  it.each(GCM)('AES-GCM: $name rejects a flipped tag or AAD bit and leaves the buffer alone', (v) => {
    const gcm = get().aesGcm(hex(v.key));
    const sealed = hex(v.ciphertext + v.tag);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;
    const copy = sealed.slice();
    expect(gcm.open(hex(v.iv), hex(v.aad), sealed)).toBeUndefined();
    expect(toHex(sealed)).toBe(toHex(copy));
    const aad = hex(v.aad === '' ? '00' : v.aad);
    aad[0] = (aad[0] as number) ^ (v.aad === '' ? 0 : 0x80);
    expect(gcm.open(hex(v.iv), aad, hex(v.ciphertext + v.tag))).toBeUndefined();
  });

  it.each(HMAC2.flatMap((v) => (['sha256', 'sha512'] as const).map((hash) => ({ ...v, hash }))))(
    'HMAC: RFC 4231 $name $hash',
    (v) => {
      const h = get().hmac(v.hash, hex(v.key));
      const out = new Uint8Array(h.outputLength);
      const data = hex(v.data);
      h.computeInto(data.subarray(0, 3), data.subarray(3), out);
      expect(toHex(out)).toBe(v[v.hash]);
      // The keyed state is reusable: a second message gives the same answer.
      h.computeInto(new Uint8Array(0), data, out);
      expect(toHex(out)).toBe(v[v.hash]);
    },
  );

  it.each(DES.des)('DES (as 3DES with K1 = K2 = K3): $name', (v) => {
    const k = hex(v.key);
    const key = new Uint8Array(24);
    key.set(k, 0);
    key.set(k, 8);
    key.set(k, 16);
    ecbThroughCbc(get(), 'tripleDesCbc', key, v.plaintext, v.ciphertext);
  });

  it.each(DES.tdes)('3DES: $name', (v) => {
    ecbThroughCbc(get(), 'tripleDesCbc', hex(v.key), v.plaintext, v.ciphertext);
  });

  it.each(BLOWFISH.ecb)('Blowfish ECB: key $key', (v) => {
    ecbThroughCbc(get(), 'blowfishCbc', hex(v.key), v.plaintext, v.ciphertext);
  });

  it.each(BLOWFISH.cbc)('Blowfish CBC: key $key, chained across calls, both directions', (v) => {
    const data = hex(v.plaintext);
    const enc = get().blowfishCbc(hex(v.key), hex(v.iv ?? ''), false);
    enc.processInPlace(data.subarray(0, 8));
    const middle = misaligned(data.subarray(8, 24));
    enc.processInPlace(middle);
    data.set(middle, 8);
    enc.processInPlace(data.subarray(24));
    expect(toHex(data)).toBe(v.ciphertext);
    const dec = get().blowfishCbc(hex(v.key), hex(v.iv ?? ''), true);
    dec.processInPlace(data.subarray(0, 16));
    dec.processInPlace(data.subarray(16));
    expect(toHex(data)).toBe(v.plaintext);
  });

  it.each(CAST)('CAST-128: RFC 2144 B.1 key $key', (v) => {
    ecbThroughCbc(get(), 'cast128Cbc', hex(v.key), v.plaintext, v.ciphertext);
  });

  it.each(RC4)('RC4: RFC 6229 key $key, plain and with 1536 bytes discarded', (v) => {
    const stream = new Uint8Array(1552);
    const rc4 = get().arcfour(hex(v.key), 0);
    applied(stream.subarray(0, 100), (d) => rc4.xor(d)); // the keystream continues across calls of any length
    const rest = misaligned(stream.subarray(100));
    applied(rest, (d) => rc4.xor(d));
    stream.set(rest, 100);
    const whole = new Uint8Array(1552);
    applied(whole, (d) => get().arcfour(hex(v.key), 0).xor(d));
    expect(toHex(stream)).toBe(toHex(whole));
    for (const [offset, bytes] of Object.entries(v.offsets)) {
      expect(toHex(whole.subarray(Number(offset), Number(offset) + 16))).toBe(bytes);
    }
    const discarded = new Uint8Array(16);
    applied(discarded, (d) => get().arcfour(hex(v.key), 1536).xor(d));
    expect(toHex(discarded)).toBe(v.offsets['1536']);
    const inPlace = new Uint8Array(16);
    get().arcfour(hex(v.key), 1536).xorInPlace(inPlace);
    expect(toHex(inPlace)).toBe(v.offsets['1536']);
  });

  it.each(HMAC1)('HMAC: RFC 2202 $name', (v) => {
    const h = get().hmac(v.hash, hex(v.key));
    const out = new Uint8Array(h.outputLength);
    h.computeInto(hex(v.data), new Uint8Array(0), out);
    expect(toHex(out)).toBe(v.digest);
  });
}
