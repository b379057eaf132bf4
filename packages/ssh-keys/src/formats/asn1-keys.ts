/**
 * Key structures in DER:
 *
 * - PKCS#1 (RFC 8017 Appendix A.1): `RSAPublicKey ::= SEQUENCE { modulus, publicExponent }`,
 *   `RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent,
 *   prime1, prime2, exponent1, exponent2, coefficient, otherPrimeInfos OPTIONAL }`
 *   ("version is 0 (two-prime) ... 1 (multi)").
 * - SEC1 (RFC 5915 §3): `ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) },
 *   privateKey OCTET STRING, parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }`.
 * - PKCS#8 (RFC 5208 §5, RFC 5958 §2): `PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm,
 *   privateKey OCTET STRING, attributes [0] IMPLICIT OPTIONAL, publicKey [1] IMPLICIT OPTIONAL }`.
 * - SubjectPublicKeyInfo (RFC 5280 §4.1): `SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }`,
 *   with RFC 5480 (EC: namedCurve parameters, uncompressed point) and RFC 8410 (Ed25519, Ed448: no parameters,
 *   `CurvePrivateKey ::= OCTET STRING` inside the PKCS#8 privateKey).
 * - DSA (RFC 3279 §2.3.2): `Dss-Parms ::= SEQUENCE { p, q, g }` as the AlgorithmIdentifier parameters,
 *   `DSAPublicKey ::= INTEGER` (y) in the BIT STRING, and in PKCS#8 the privateKey OCTET STRING holds
 *   `INTEGER` (x). OpenSSL's traditional `DSA PRIVATE KEY` is `SEQUENCE { version 0, p, q, g, y, x }`.
 */
import { bigIntToBytes, WireWriter } from '@sshkit/ssh-wire';
import { bytesEqual } from '../bytes.js';
import {
  completeDsaPrivateKey,
  completeRsaPrivateKey,
  decodePublicKeyBlob,
  ecdsaKeyFromScalar,
  ed448KeyFromSeed,
  ed25519KeyFromSeed,
  type NistCurveName,
  type PrivateKey,
  type PublicKey,
} from '../crypto.js';
import { KeyExportError, KeyImportError } from '../errors.js';
import {
  DER_TAG,
  DerReader,
  derBitString,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
} from './der.js';

/** Object identifiers of the key algorithms. */
export const OID = Object.freeze({
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  dsa: '1.2.840.10040.4.1',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
} as const);

const CURVE_OIDS: Readonly<Record<NistCurveName, string>> = {
  nistp256: OID.prime256v1,
  nistp384: OID.secp384r1,
  nistp521: OID.secp521r1,
};
const CURVE_BYTES: Readonly<Record<NistCurveName, number>> = { nistp256: 32, nistp384: 48, nistp521: 66 };

function curveFromOid(oid: string): NistCurveName {
  for (const [name, o] of Object.entries(CURVE_OIDS)) if (o === oid) return name as NistCurveName;
  throw new KeyImportError('unsupported-algorithm', `unsupported EC curve OID ${oid}`);
}

// ---- RSA (PKCS#1) --------------------------------------------------------------

/** Decodes a PKCS#1 RSAPrivateKey. */
export function decodePkcs1Private(der: Uint8Array): PrivateKey {
  const top = new DerReader(der);
  const s = top.sequence('RSAPrivateKey');
  const version = s.smallInteger('version');
  if (version !== 0)
    throw new KeyImportError('unsupported-algorithm', 'multi-prime RSA keys are not supported');
  const n = s.integer('modulus');
  const e = s.integer('publicExponent');
  const d = s.integer('privateExponent');
  const p = s.integer('prime1');
  const q = s.integer('prime2');
  s.integer('exponent1');
  s.integer('exponent2');
  const qi = s.integer('coefficient');
  s.end('RSAPrivateKey');
  top.end('RSAPrivateKey');
  const key = completeRsaPrivateKey({ n, e, d, p, q });
  if (key.qi !== qi) throw new KeyImportError('invalid-key', 'RSA coefficient is not q^-1 mod p');
  return key;
}

/** Encodes a PKCS#1 RSAPrivateKey. */
export function encodePkcs1Private(key: PrivateKey): Uint8Array {
  if (key.kind !== 'rsa') throw new KeyExportError('unsupported-format', 'PKCS#1 holds RSA keys only');
  return derSequence(
    derInteger(0),
    derInteger(key.n),
    derInteger(key.e),
    derInteger(key.d),
    derInteger(key.p),
    derInteger(key.q),
    derInteger(key.dp),
    derInteger(key.dq),
    derInteger(key.qi),
  );
}

/** Decodes a PKCS#1 RSAPublicKey. */
export function decodePkcs1Public(der: Uint8Array): PublicKey {
  const top = new DerReader(der);
  const s = top.sequence('RSAPublicKey');
  const n = s.integer('modulus');
  const e = s.integer('publicExponent');
  s.end('RSAPublicKey');
  top.end('RSAPublicKey');
  return rsaPublic(n, e);
}

function rsaPublic(n: bigint, e: bigint): PublicKey {
  // Route through the blob decoder so the same size and exponent checks apply.
  return decodePublicKeyBlob(new WireWriter().string('ssh-rsa').mpint(e).mpint(n).finish());
}

/** Encodes a PKCS#1 RSAPublicKey. */
export function encodePkcs1Public(key: PublicKey): Uint8Array {
  if (key.kind !== 'rsa') throw new KeyExportError('unsupported-format', 'PKCS#1 holds RSA keys only');
  return derSequence(derInteger(key.n), derInteger(key.e));
}

// ---- DSA (OpenSSL traditional) ----------------------------------------------------

/** Decodes OpenSSL's `DSA PRIVATE KEY`: `SEQUENCE { 0, p, q, g, y, x }`. */
export function decodeDsaPrivate(der: Uint8Array): PrivateKey {
  const top = new DerReader(der);
  const s = top.sequence('DSAPrivateKey');
  if (s.smallInteger('version') !== 0)
    throw new KeyImportError('corrupted', 'DSAPrivateKey version must be 0');
  const p = s.integer('p');
  const q = s.integer('q');
  const g = s.integer('g');
  const y = s.integer('y');
  const x = s.integer('x');
  s.end('DSAPrivateKey');
  top.end('DSAPrivateKey');
  return completeDsaPrivateKey({ p, q, g, y, x });
}

/** Encodes OpenSSL's `DSA PRIVATE KEY`. */
export function encodeDsaPrivate(key: PrivateKey): Uint8Array {
  if (key.kind !== 'dsa')
    throw new KeyExportError('unsupported-format', 'this structure holds DSA keys only');
  return derSequence(
    derInteger(0),
    derInteger(key.p),
    derInteger(key.q),
    derInteger(key.g),
    derInteger(key.y),
    derInteger(key.x),
  );
}

function dsaPublic(p: bigint, q: bigint, g: bigint, y: bigint): PublicKey {
  return decodePublicKeyBlob(new WireWriter().string('ssh-dss').mpint(p).mpint(q).mpint(g).mpint(y).finish());
}

// ---- EC (SEC1) -----------------------------------------------------------------

/**
 * Decodes an ECPrivateKey. `curveHint` comes from the PKCS#8 AlgorithmIdentifier
 * when the inner structure omits its parameters.
 */
export function decodeSec1Private(der: Uint8Array, curveHint?: NistCurveName): PrivateKey {
  const top = new DerReader(der);
  const s = top.sequence('ECPrivateKey');
  if (s.smallInteger('version') !== 1)
    throw new KeyImportError('corrupted', 'ECPrivateKey version must be 1');
  const priv = s.octetString('privateKey');
  let curve = curveHint;
  if (s.isContext(0)) {
    const params = s.explicit(0);
    const fromParams = curveFromOid(params.oid('namedCurve'));
    params.end('ECParameters');
    if (curve && curve !== fromParams) throw new KeyImportError('corrupted', 'EC curve parameters disagree');
    curve = fromParams;
  }
  let pub: Uint8Array | undefined;
  if (s.isContext(1)) {
    const inner = s.explicit(1);
    pub = inner.bitString('publicKey');
    inner.end('publicKey');
  }
  s.end('ECPrivateKey');
  top.end('ECPrivateKey');
  if (!curve) throw new KeyImportError('corrupted', 'ECPrivateKey names no curve');
  if (priv.length !== CURVE_BYTES[curve])
    throw new KeyImportError('corrupted', 'EC private key has the wrong length');
  let d = 0n;
  for (const b of priv) d = (d << 8n) | BigInt(b);
  const key = ecdsaKeyFromScalar(curve, d);
  if (pub && !bytesEqual(pub, key.Q))
    throw new KeyImportError('invalid-key', 'EC public key does not match d');
  return key;
}

/** Encodes an ECPrivateKey (with parameters and public key, as OpenSSL and ssh-keygen write it). */
export function encodeSec1Private(key: PrivateKey, withParameters = true): Uint8Array {
  if (key.kind !== 'ecdsa') throw new KeyExportError('unsupported-format', 'SEC1 holds EC keys only');
  return derSequence(
    derInteger(1),
    derOctetString(bigIntToBytes(key.d, CURVE_BYTES[key.curve])),
    ...(withParameters ? [derExplicit(0, derOid(CURVE_OIDS[key.curve]))] : []),
    derExplicit(1, derBitString(key.Q)),
  );
}

// ---- AlgorithmIdentifier ---------------------------------------------------------

interface AlgorithmId {
  oid: string;
  curve?: NistCurveName;
  dss?: { p: bigint; q: bigint; g: bigint };
}

function readAlgorithmId(r: DerReader): AlgorithmId {
  const s = r.sequence('AlgorithmIdentifier');
  const oid = s.oid('algorithm');
  let curve: NistCurveName | undefined;
  let dss: AlgorithmId['dss'];
  if (oid === OID.rsaEncryption) {
    if (!s.atEnd) s.null('rsaEncryption parameters');
  } else if (oid === OID.ecPublicKey) {
    curve = curveFromOid(s.oid('namedCurve'));
  } else if (oid === OID.dsa) {
    const params = s.sequence('Dss-Parms');
    dss = { p: params.integer('p'), q: params.integer('q'), g: params.integer('g') };
    params.end('Dss-Parms');
  } else if (oid !== OID.ed25519 && oid !== OID.ed448) {
    throw new KeyImportError('unsupported-algorithm', `unsupported key algorithm OID ${oid}`);
  }
  s.end('AlgorithmIdentifier');
  return { oid, ...(curve ? { curve } : {}), ...(dss ? { dss } : {}) };
}

function needDss(alg: AlgorithmId): { p: bigint; q: bigint; g: bigint } {
  if (!alg.dss) throw new KeyImportError('corrupted', 'DSA key without parameters');
  return alg.dss;
}

function algorithmId(key: PublicKey): Uint8Array {
  switch (key.kind) {
    case 'rsa':
      return derSequence(derOid(OID.rsaEncryption), derNull());
    case 'ecdsa':
      return derSequence(derOid(OID.ecPublicKey), derOid(CURVE_OIDS[key.curve]));
    case 'ed25519':
      return derSequence(derOid(OID.ed25519));
    case 'ed448':
      return derSequence(derOid(OID.ed448));
    case 'dsa':
      return derSequence(
        derOid(OID.dsa),
        derSequence(derInteger(key.p), derInteger(key.q), derInteger(key.g)),
      );
    case 'sk-ecdsa':
    case 'sk-ed25519':
      throw new KeyExportError('unsupported-format', `${key.kind} keys have no DER form`);
    default: {
      const never: never = key;
      throw new KeyExportError('unsupported-format', `no OID for ${String(never)}`);
    }
  }
}

// ---- PKCS#8 ----------------------------------------------------------------------

/** Decodes a PKCS#8 PrivateKeyInfo / OneAsymmetricKey. */
export function decodePkcs8Private(der: Uint8Array): PrivateKey {
  const top = new DerReader(der);
  const s = top.sequence('PrivateKeyInfo');
  const version = s.smallInteger('version');
  if (version > 1) throw new KeyImportError('corrupted', `PrivateKeyInfo version ${version}`);
  const alg = readAlgorithmId(s);
  const priv = s.octetString('privateKey');
  let pub: Uint8Array | undefined;
  if (s.peekTag() === 0xa0) s.next(); // attributes: ignored
  if (s.peekTag() === 0x81) {
    const body = s.next().body;
    if (body.length === 0 || body[0] !== 0)
      throw new KeyImportError('corrupted', 'publicKey must have zero unused bits');
    pub = body.subarray(1);
  }
  s.end('PrivateKeyInfo');
  top.end('PrivateKeyInfo');
  let key: PrivateKey;
  if (alg.oid === OID.rsaEncryption) {
    key = decodePkcs1Private(priv);
  } else if (alg.oid === OID.ecPublicKey) {
    key = decodeSec1Private(priv, alg.curve);
  } else if (alg.oid === OID.dsa) {
    const inner = new DerReader(priv);
    const x = inner.integer('DSA x');
    inner.end('DSA x');
    key = completeDsaPrivateKey({ ...needDss(alg), x });
  } else {
    const ed448 = alg.oid === OID.ed448;
    const inner = new DerReader(priv);
    const seed = inner.octetString('CurvePrivateKey');
    inner.end('CurvePrivateKey');
    const size = ed448 ? 57 : 32;
    const name = ed448 ? 'Ed448' : 'Ed25519';
    if (seed.length !== size)
      throw new KeyImportError('corrupted', `${name} private key must be ${size} bytes`);
    const ed = ed448 ? ed448KeyFromSeed(seed.slice()) : ed25519KeyFromSeed(seed.slice());
    if (pub && !bytesEqual(pub, ed.publicKey)) {
      throw new KeyImportError('invalid-key', `${name} public key does not match the seed`);
    }
    key = ed;
  }
  return key;
}

/** Encodes a PKCS#8 PrivateKeyInfo (version 0, no attributes). */
export function encodePkcs8Private(key: PrivateKey): Uint8Array {
  let inner: Uint8Array;
  switch (key.kind) {
    case 'rsa':
      inner = encodePkcs1Private(key);
      break;
    case 'ecdsa':
      inner = encodeSec1Private(key, false);
      break;
    case 'ed25519':
    case 'ed448':
      inner = derOctetString(key.seed);
      break;
    case 'dsa':
      inner = derInteger(key.x);
      break;
    default: {
      const never: never = key;
      throw new KeyExportError('unsupported-format', `no PKCS#8 form for ${String(never)}`);
    }
  }
  return derSequence(derInteger(0), algorithmId(key), derOctetString(inner));
}

// ---- SubjectPublicKeyInfo --------------------------------------------------------

/** Decodes a SubjectPublicKeyInfo. */
export function decodeSpki(der: Uint8Array): PublicKey {
  const top = new DerReader(der);
  const s = top.sequence('SubjectPublicKeyInfo');
  const alg = readAlgorithmId(s);
  const bits = s.bitString('subjectPublicKey');
  s.end('SubjectPublicKeyInfo');
  top.end('SubjectPublicKeyInfo');
  if (alg.oid === OID.rsaEncryption) return decodePkcs1Public(bits);
  if (alg.oid === OID.ecPublicKey && alg.curve) return ecPublic(alg.curve, bits);
  if (alg.oid === OID.dsa) {
    const inner = new DerReader(bits);
    const y = inner.integer('DSAPublicKey');
    inner.end('DSAPublicKey');
    const { p, q, g } = needDss(alg);
    return dsaPublic(p, q, g, y);
  }
  if (alg.oid === OID.ed448) {
    return decodePublicKeyBlob(new WireWriter().string('ssh-ed448').string(bits).finish());
  }
  return ed25519Public(bits);
}

function ecPublic(curve: NistCurveName, Q: Uint8Array): PublicKey {
  return decodePublicKeyBlob(new WireWriter().string(`ecdsa-sha2-${curve}`).string(curve).string(Q).finish());
}

function ed25519Public(pk: Uint8Array): PublicKey {
  return decodePublicKeyBlob(new WireWriter().string('ssh-ed25519').string(pk).finish());
}

/** Encodes a SubjectPublicKeyInfo. */
export function encodeSpki(key: PublicKey): Uint8Array {
  let bits: Uint8Array;
  switch (key.kind) {
    case 'rsa':
      bits = encodePkcs1Public(key);
      break;
    case 'ecdsa':
      bits = key.Q;
      break;
    case 'ed25519':
    case 'ed448':
      bits = key.publicKey;
      break;
    case 'dsa':
      bits = derInteger(key.y);
      break;
    case 'sk-ecdsa':
    case 'sk-ed25519':
      throw new KeyExportError('unsupported-format', `${key.kind} keys have no SubjectPublicKeyInfo form`);
    default: {
      const never: never = key;
      throw new KeyExportError('unsupported-format', `no SPKI form for ${String(never)}`);
    }
  }
  return derSequence(algorithmId(key), derBitString(bits));
}

/** True when the DER element at the start is a SEQUENCE (cheap format sniffing). */
export function startsWithSequence(bytes: Uint8Array): boolean {
  return bytes[0] === DER_TAG.SEQUENCE;
}
