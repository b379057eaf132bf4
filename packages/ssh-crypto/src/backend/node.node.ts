/**
 * The Node backend: AES (CTR, CBC, GCM), ChaCha20, HMAC and 3DES from
 * `node:crypto` (OpenSSL, with AES-NI where the CPU has it; what a runtime's
 * `node:crypto` lacks comes from the portable backend). Blowfish,
 * CAST-128 and RC4 come from OpenSSL only when its legacy provider is loaded;
 * otherwise (the default) they run in the package's TypeScript (./legacy.ts). Node exposes no bare Poly1305
 * (`crypto.getHashes()` has none and `createHmac` cannot do it; its
 * `chacha20-poly1305` cipher is the RFC 8439 AEAD, whose tag covers padding and
 * lengths the OpenSSH construction does not), so Poly1305 is the package's own
 * hand-written WebAssembly (`./poly1305-wasm.ts`; float64 JavaScript, `./poly1305.ts`,
 * where WebAssembly is unavailable).
 *
 * `node:crypto` returns a fresh `Buffer` from every `update()`; that copy is the
 * one allocation per call the primitive forces. Keystream and GCM-open results
 * are handed back as they are (the caller decides whether to copy); sealing,
 * CBC and the `xorInPlace` methods copy back and free OpenSSL's buffer at once
 * (../free-now.ts).
 */
import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  type Decipher,
  getCiphers,
  type KeyObject,
} from 'node:crypto';
import { freeNow } from '../free-now.js';
import { tsArcfour, tsBlowfishCbc, tsCast128Cbc, tsTripleDesCbc } from './legacy.js';
import { poly1305WasmInto } from './poly1305-wasm.js';
import { portableBackend } from './portable.js';
import {
  type ChaCha20,
  type ChainedBlockCipher,
  type CryptoBackend,
  type GcmCipher,
  HMAC_HASH_LENGTH,
  type Hmac,
  type HmacHashName,
  type StreamCipher,
} from './types.js';

const TAG = 16;

/** Puts OpenSSL's `result` into `data` and frees it. */
function setAndFree(data: Uint8Array, result: Uint8Array): void {
  data.set(result);
  freeNow(result);
}

/** A StreamCipher over a Node cipher object, which keeps its stream position across update() calls. */
function streamOf(stream: Cipher | Decipher): StreamCipher {
  return {
    xor: (data) => stream.update(data),
    xorInPlace: (data) => setAndFree(data, stream.update(data)),
  };
}

/**
 * What this runtime's `node:crypto` offers. Bun and Deno implement it on other
 * libraries (Bun's BoringSSL has no bare "chacha20"); a cipher missing here
 * runs on the portable backend instead (ChaCha20 in its WebAssembly).
 */
const available = new Set(getCiphers());
const hasAll = (names: readonly string[]) => names.every((name) => available.has(name));
const AES_BITS = [128, 192, 256] as const;

function aesBits(key: Uint8Array): number {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new RangeError(`AES key: expected 16, 24 or 32 bytes, got ${key.length}`);
  }
  return key.length * 8;
}

function nodeAesCtr(key: Uint8Array, iv: Uint8Array): StreamCipher {
  // A Node Cipher object is itself a running CTR stream: the counter carries across update() calls.
  return streamOf(createCipheriv(`aes-${aesBits(key)}-ctr`, key, iv));
}

function nodeAesCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher {
  const alg = `aes-${aesBits(key)}-cbc`;
  const chain = decrypt ? createDecipheriv(alg, key, iv) : createCipheriv(alg, key, iv);
  chain.setAutoPadding(false);
  return {
    processInPlace(data) {
      setAndFree(data, chain.update(data));
    },
  };
}

function nodeAesGcm(key: Uint8Array): GcmCipher {
  const alg = `aes-${aesBits(key)}-gcm` as const;
  const k: KeyObject = createSecretKey(key);
  return {
    sealInPlace(nonce, aad, buf) {
      const n = buf.length - TAG;
      const c = createCipheriv(alg as 'aes-128-gcm', k, nonce, { authTagLength: TAG });
      c.setAAD(aad);
      setAndFree(buf, c.update(buf.subarray(0, n)));
      c.final();
      setAndFree(buf.subarray(n), c.getAuthTag());
    },
    open(nonce, aad, buf) {
      const n = buf.length - TAG;
      const d = createDecipheriv(alg as 'aes-128-gcm', k, nonce, { authTagLength: TAG });
      d.setAuthTag(buf.subarray(n));
      d.setAAD(aad);
      // Released only once final() has checked the tag.
      const plain = d.update(buf.subarray(0, n));
      try {
        d.final();
      } catch {
        return undefined;
      }
      return plain;
    },
  };
}

function nodeChaCha20(key: Uint8Array): ChaCha20 {
  const k: KeyObject = createSecretKey(key);
  // OpenSSL's "chacha20" IV is the last four state words: a 32-bit little-endian
  // block counter then a 96-bit nonce. With the original 64-bit counter and
  // 64-bit nonce (as OpenSSH uses ChaCha20), that is counter as 8 LE bytes || nonce.
  const iv = new Uint8Array(16);
  const view = new DataView(iv.buffer);
  const xor = (nonce: Uint8Array, counter: number, data: Uint8Array): Uint8Array => {
    view.setUint32(0, counter >>> 0, true);
    view.setUint32(4, Math.floor(counter / 0x100000000), true);
    iv.set(nonce, 8);
    return createCipheriv('chacha20', k, iv).update(data);
  };
  return {
    xor,
    xorInPlace: (nonce, counter, data) => setAndFree(data, xor(nonce, counter, data)),
  };
}

const NODE_HASH: Readonly<Record<HmacHashName, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
};

function nodeHmac(hash: HmacHashName, key: Uint8Array): Hmac {
  const alg = NODE_HASH[hash];
  // createSecretKey rejects empty keys; HMAC itself allows them.
  const k: KeyObject | Uint8Array = key.length > 0 ? createSecretKey(key) : new Uint8Array(0);
  return {
    outputLength: HMAC_HASH_LENGTH[hash],
    computeInto(prefix, data, out) {
      setAndFree(out, createHmac(alg, k).update(prefix).update(data).digest());
    },
  };
}

/**
 * Opens an OpenSSL cipher, or returns undefined when this OpenSSL lacks it
 * (Blowfish, CAST5, RC4 and single DES live in OpenSSL 3's legacy provider,
 * which Node does not load unless started with `--openssl-legacy-provider`).
 */
function tryOpenSSL(
  alg: string,
  key: Uint8Array,
  iv: Uint8Array | null,
  decrypt: boolean,
): Cipher | Decipher | undefined {
  try {
    const c = decrypt ? createDecipheriv(alg, key, iv) : createCipheriv(alg, key, iv);
    c.setAutoPadding(false);
    return c;
  } catch {
    return undefined;
  }
}

/** A legacy 64-bit block cipher in CBC mode: OpenSSL when it has it, else our TypeScript. */
function legacyCbc(
  alg: string,
  fallback: (key: Uint8Array, iv: Uint8Array, decrypt: boolean) => ChainedBlockCipher,
): (key: Uint8Array, iv: Uint8Array, decrypt: boolean) => ChainedBlockCipher {
  return (key, iv, decrypt) => {
    const chain = iv.length === 8 ? tryOpenSSL(alg, key, iv, decrypt) : undefined;
    if (chain === undefined) return fallback(key, iv, decrypt);
    return {
      processInPlace(data) {
        setAndFree(data, chain.update(data));
      },
    };
  };
}

function nodeArcfour(key: Uint8Array, discard: number): StreamCipher {
  const stream = tryOpenSSL('rc4', key, null, false);
  if (stream === undefined) return tsArcfour(key, discard);
  if (discard > 0) freeNow(stream.update(new Uint8Array(discard)));
  return streamOf(stream);
}

/**
 * The Node backend built on `node:crypto` (OpenSSL). Exported from the
 * `"node"` condition of `@sshkit/ssh-crypto`.
 *
 * @example
 * ```ts
 * import { createCipherRegistry, nodeBackend } from '@sshkit/ssh-crypto';  // resolves to the node entry on Node
 * const ciphers = createCipherRegistry(nodeBackend);
 * ```
 */
export const nodeBackend: CryptoBackend = Object.freeze({
  name: 'node',
  aesCtr: hasAll(AES_BITS.map((bits) => `aes-${bits}-ctr`)) ? nodeAesCtr : portableBackend.aesCtr,
  aesCbc: hasAll(AES_BITS.map((bits) => `aes-${bits}-cbc`)) ? nodeAesCbc : portableBackend.aesCbc,
  aesGcm: hasAll(AES_BITS.map((bits) => `aes-${bits}-gcm`)) ? nodeAesGcm : portableBackend.aesGcm,
  chacha20: available.has('chacha20') ? nodeChaCha20 : portableBackend.chacha20,
  poly1305: poly1305WasmInto,
  hmac: nodeHmac,
  tripleDesCbc: legacyCbc('des-ede3-cbc', tsTripleDesCbc),
  blowfishCbc: legacyCbc('bf-cbc', tsBlowfishCbc),
  cast128Cbc: legacyCbc('cast5-cbc', tsCast128Cbc),
  arcfour: nodeArcfour,
});
