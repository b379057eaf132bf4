/**
 * The portable backend: every primitive from `@noble/ciphers` and
 * `@noble/hashes`. Runs wherever `Uint8Array` does.
 */
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { cbc, ctr, gcm } from '@noble/ciphers/aes.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { tsArcfour, tsBlowfishCbc, tsCast128Cbc, tsTripleDesCbc } from './legacy.js';
import type {
  ChaCha20,
  ChainedBlockCipher,
  CryptoBackend,
  GcmCipher,
  Hmac,
  HmacHashName,
  StreamCipher,
} from './types.js';

const BLOCK = 16;
const TAG = 16;

/** Adds `blocks` to a 16-byte big-endian counter, in place, wrapping at 2^128. */
function addToCounter(counter: Uint8Array, blocks: number): void {
  let carry = blocks;
  for (let i = BLOCK - 1; i >= 0 && carry > 0; i--) {
    const sum = (counter[i] as number) + carry;
    counter[i] = sum & 0xff;
    carry = Math.floor(sum / 256);
  }
}

function isAligned(a: Uint8Array): boolean {
  return a.byteOffset % 4 === 0;
}

// noble's block modes write into an aligned destination; misaligned buffers go through a copy.
function runInPlace(run: (src: Uint8Array, dst?: Uint8Array) => Uint8Array, data: Uint8Array): void {
  if (isAligned(data)) run(data, data);
  else data.set(run(data));
}

function nobleAesCtr(key: Uint8Array, iv: Uint8Array): StreamCipher {
  const k = key.slice();
  const counter = iv.slice();
  const xorInPlace = (data: Uint8Array): void => {
    // noble's ctr() starts from the counter block it is given and leaves it unchanged; we advance our copy.
    const c = ctr(k, counter);
    runInPlace((s, d) => c.encrypt(s, d), data);
    addToCounter(counter, Math.ceil(data.length / BLOCK));
  };
  return {
    xor(data) {
      xorInPlace(data);
      return data;
    },
    xorInPlace,
  };
}

function nobleAesCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher {
  const k = key.slice();
  const chain = iv.slice();
  const opts = { disablePadding: true };
  return {
    processInPlace(data) {
      if (data.length === 0) return;
      const last = data.length - BLOCK;
      if (decrypt) {
        const next = data.slice(last);
        const out = cbc(k, chain, opts).decrypt(data);
        data.set(out);
        chain.set(next);
      } else {
        const out = cbc(k, chain, opts).encrypt(data);
        data.set(out);
        chain.set(data.subarray(last));
      }
    },
  };
}

function nobleAesGcm(key: Uint8Array): GcmCipher {
  const k = key.slice();
  return {
    sealInPlace(nonce, aad, buf) {
      const n = buf.length - TAG;
      buf.set(gcm(k, nonce, aad).encrypt(buf.subarray(0, n)));
    },
    open(nonce, aad, buf) {
      try {
        return gcm(k, nonce, aad).decrypt(buf);
      } catch {
        return undefined;
      }
    },
  };
}

function nobleChaCha20(key: Uint8Array): ChaCha20 {
  const k = key.slice();
  return {
    xor(nonce, counter, data) {
      runInPlace((s, d) => chacha20orig(k, nonce, s, d, counter), data);
      return data;
    },
    xorInPlace(nonce, counter, data) {
      runInPlace((s, d) => chacha20orig(k, nonce, s, d, counter), data);
    },
  };
}

const HASHES = { md5, sha1, sha256, sha512 } as const;

function nobleHmac(hash: HmacHashName, key: Uint8Array): Hmac {
  const keyed = hmac.create(HASHES[hash], key);
  // One reusable working copy: cloning into it resets it to the keyed state without allocating.
  let work = keyed.clone();
  const outputLength = keyed.outputLen;
  return {
    outputLength,
    computeInto(prefix, data, out) {
      work = keyed._cloneInto(work);
      work.update(prefix).update(data).digestInto(out);
    },
  };
}

/**
 * The portable backend built on `@noble/ciphers` and `@noble/hashes`.
 *
 * @example
 * ```ts
 * import { createCipherRegistry, nobleBackend } from '@sshkit/ssh-crypto';
 * const ciphers = createCipherRegistry(nobleBackend);
 * ```
 */
export const nobleBackend: CryptoBackend = Object.freeze({
  name: 'noble',
  aesCtr: nobleAesCtr,
  aesCbc: nobleAesCbc,
  aesGcm: nobleAesGcm,
  chacha20: nobleChaCha20,
  poly1305(key: Uint8Array, data: Uint8Array, out: Uint8Array): void {
    out.set(poly1305(data, key));
  },
  hmac: nobleHmac,
  tripleDesCbc: tsTripleDesCbc,
  blowfishCbc: tsBlowfishCbc,
  cast128Cbc: tsCast128Cbc,
  arcfour: tsArcfour,
});
