/** DSA key material as plain data (FIPS 186-4 §4; RFC 4253 §6.6 `ssh-dss`). */

/** DSA domain parameters: primes p and q with q | p-1, and a generator g of the order-q subgroup. */
export interface DsaParameters {
  /** The prime modulus (1024 bits for SSH). */
  readonly p: bigint;
  /** The prime subgroup order (160 bits for SSH). */
  readonly q: bigint;
  /** The generator, of order q modulo p. */
  readonly g: bigint;
}

/** A DSA public key: the domain parameters and y = g^x mod p. */
export interface DsaPublicKey extends DsaParameters {
  readonly kind: 'dsa';
  /** The public value y = g^x mod p. */
  readonly y: bigint;
}

/** A DSA private key: the public key and x in [1, q-1]. */
export interface DsaPrivateKey extends DsaPublicKey {
  /** The private exponent x. */
  readonly x: bigint;
}
