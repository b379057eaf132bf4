/** RSA key material as plain data (the keys package wraps these). */

/** An RSA public key (RFC 8017 §3.1). */
export interface RsaPublicKey {
  readonly kind: 'rsa';
  /** The modulus. */
  readonly n: bigint;
  /** The public exponent. */
  readonly e: bigint;
}

/** An RSA private key with its CRT parameters (RFC 8017 §3.2, second form). */
export interface RsaPrivateKey extends RsaPublicKey {
  /** The private exponent. */
  readonly d: bigint;
  /** First prime factor. */
  readonly p: bigint;
  /** Second prime factor. */
  readonly q: bigint;
  /** d mod (p-1). */
  readonly dp: bigint;
  /** d mod (q-1). */
  readonly dq: bigint;
  /** q^-1 mod p (PKCS#1 `coefficient`, OpenSSH `iqmp`). */
  readonly qi: bigint;
}
