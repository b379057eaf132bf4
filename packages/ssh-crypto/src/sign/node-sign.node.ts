/**
 * OpenSSL (node:crypto) behind `signData` and `verifySignature` on Node, for
 * the algorithms where it is much faster than the portable code: Ed25519,
 * ECDSA P-256/384/521 and RSA (rsa-sha2-256/512, ssh-rsa). Everything else,
 * and any key or signature OpenSSL will not take, goes to the portable
 * implementation, so results and errors are the same on every runtime.
 */
import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { bigIntToBytes, bytesToBigInt, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { nistCurves } from './nist-curves.js';
import {
  decodeSignature,
  encodeSignature,
  signData as portableSignData,
  verifySignature as portableVerifySignature,
  type VerifyOptions,
} from './registry.js';
import type { PrivateKey, PublicKey } from './types.js';

/** node:crypto digest per algorithm; null for Ed25519 (it hashes internally). */
const DIGEST: Readonly<Record<string, string | null>> = {
  'ssh-ed25519': null,
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
  'rsa-sha2-512': 'sha512',
  'rsa-sha2-256': 'sha256',
  'ssh-rsa': 'sha1',
};
const JWK_CURVE = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' } as const;

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const big = (n: bigint, length?: number) => b64u(bigIntToBytes(n, length));

// KeyObjects are built once per key object (keys are immutable plain data).
const privateKeys = new WeakMap<object, KeyObject>();
const publicKeys = new WeakMap<object, KeyObject>();

function ecPoint(Q: Uint8Array, fieldBytes: number): { x: string; y: string } {
  return { x: b64u(Q.subarray(1, 1 + fieldBytes)), y: b64u(Q.subarray(1 + fieldBytes)) };
}

function publicJwk(key: PublicKey): Record<string, string> | undefined {
  switch (key.kind) {
    case 'ed25519':
      return { kty: 'OKP', crv: 'Ed25519', x: b64u(key.publicKey) };
    case 'ecdsa': {
      const fieldBytes = (nistCurves.get(key.curve) as { fieldBytes: number }).fieldBytes;
      return { kty: 'EC', crv: JWK_CURVE[key.curve], ...ecPoint(key.Q, fieldBytes) };
    }
    case 'rsa':
      return { kty: 'RSA', n: big(key.n), e: big(key.e) };
    default:
      return undefined;
  }
}

function privateJwk(key: PrivateKey): Record<string, string> | undefined {
  const pub = publicJwk(key);
  if (!pub) return undefined;
  switch (key.kind) {
    case 'ed25519':
      return { ...pub, d: b64u(key.seed) };
    case 'ecdsa': {
      const fieldBytes = (nistCurves.get(key.curve) as { fieldBytes: number }).fieldBytes;
      return { ...pub, d: big(key.d, fieldBytes) };
    }
    case 'rsa':
      return {
        ...pub,
        d: big(key.d),
        p: big(key.p),
        q: big(key.q),
        dp: big(key.dp),
        dq: big(key.dq),
        qi: big(key.qi),
      };
    default:
      return undefined;
  }
}

function cached<K extends object>(
  cache: WeakMap<object, KeyObject>,
  key: K,
  make: (jwk: Record<string, string>) => KeyObject,
  jwkOf: (key: K) => Record<string, string> | undefined,
): KeyObject | undefined {
  let k = cache.get(key);
  if (!k) {
    const jwk = jwkOf(key);
    if (!jwk) return undefined;
    k = make(jwk);
    cache.set(key, k);
  }
  return k;
}

/** `mpint r || mpint s` (RFC 5656 §3.1.2) to fixed-size r||s, as OpenSSL's IEEE P1363 form wants. */
function sshEcdsaToP1363(blob: Uint8Array, fieldBytes: number): Uint8Array {
  const r = new WireReader(blob);
  const rValue = r.mpint();
  const sValue = r.mpint();
  r.expectEnd();
  const out = new Uint8Array(2 * fieldBytes);
  out.set(bigIntToBytes(rValue, fieldBytes), 0);
  out.set(bigIntToBytes(sValue, fieldBytes), fieldBytes);
  return out;
}

function p1363ToSshEcdsa(sig: Uint8Array, fieldBytes: number): Uint8Array {
  const r = bytesToBigInt(sig.subarray(0, fieldBytes));
  const s = bytesToBigInt(sig.subarray(fieldBytes));
  return encodeMpints(r, s);
}

function encodeMpints(r: bigint, s: bigint): Uint8Array {
  return new WireWriter(2 * 70).mpint(r).mpint(s).finish();
}

/** Whether `key` is of the kind `algorithm` signs with (else the portable code answers, with its errors). */
function fastPathFor(algorithm: string, key: PublicKey): boolean {
  switch (key.kind) {
    case 'ed25519':
      return algorithm === 'ssh-ed25519';
    case 'ecdsa':
      return algorithm === `ecdsa-sha2-${key.curve}`;
    case 'rsa':
      return algorithm === 'rsa-sha2-512' || algorithm === 'rsa-sha2-256' || algorithm === 'ssh-rsa';
    default:
      return false;
  }
}

/**
 * `signData` with OpenSSL where it helps; identical output encoding.
 * @see signData in the portable entry point
 */
export function signData(algorithm: string, key: PrivateKey, data: Uint8Array): Uint8Array {
  const digest = DIGEST[algorithm];
  if (digest === undefined || !fastPathFor(algorithm, key)) return portableSignData(algorithm, key, data);
  try {
    const k = cached(privateKeys, key, (jwk) => createPrivateKey({ key: jwk, format: 'jwk' }), privateJwk);
    if (!k) return portableSignData(algorithm, key, data);
    if (key.kind === 'ecdsa') {
      const fieldBytes = (nistCurves.get(key.curve) as { fieldBytes: number }).fieldBytes;
      const sig = nodeSign(digest, data, { key: k, dsaEncoding: 'ieee-p1363' });
      return encodeSignature(algorithm, p1363ToSshEcdsa(sig, fieldBytes));
    }
    return encodeSignature(algorithm, nodeSign(digest, data, k));
  } catch {
    // A key OpenSSL refuses: the portable code gives the typed error (or the signature).
    return portableSignData(algorithm, key, data);
  }
}

/**
 * `verifySignature` with OpenSSL where it helps; same answers (false for any
 * bad signature, CryptoError('invalid-key') only for an unusable key).
 */
export function verifySignature(
  key: PublicKey,
  data: Uint8Array,
  signature: Uint8Array,
  options: VerifyOptions = {},
): boolean {
  let algorithm: string;
  let blob: Uint8Array;
  try {
    ({ algorithm, blob } = decodeSignature(signature));
  } catch {
    return false;
  }
  const digest = DIGEST[algorithm];
  if (
    digest === undefined ||
    !fastPathFor(algorithm, key) ||
    (options.allowed && !options.allowed.includes(algorithm))
  ) {
    return portableVerifySignature(key, data, signature, options);
  }
  try {
    // RSA: only exact-length signatures and keys of at least 1024 bits here; the
    // portable code handles short signatures and refuses small keys with its typed error.
    const modulusBytes = key.kind === 'rsa' ? bigIntToBytes(key.n).length : 0;
    if (key.kind === 'rsa' && (blob.length !== modulusBytes || modulusBytes < 128)) {
      return portableVerifySignature(key, data, signature, options);
    }
    const k = cached(publicKeys, key, (jwk) => createPublicKey({ key: jwk, format: 'jwk' }), publicJwk);
    if (!k) return portableVerifySignature(key, data, signature, options);
    if (key.kind === 'ecdsa') {
      const fieldBytes = (nistCurves.get(key.curve) as { fieldBytes: number }).fieldBytes;
      let p1363: Uint8Array;
      try {
        p1363 = sshEcdsaToP1363(blob, fieldBytes);
      } catch {
        return false;
      }
      return nodeVerify(digest, data, { key: k, dsaEncoding: 'ieee-p1363' }, p1363);
    }
    if (key.kind === 'ed25519' && blob.length !== 64) return false;
    return nodeVerify(digest, data, k, blob);
  } catch {
    return portableVerifySignature(key, data, signature, options);
  }
}
