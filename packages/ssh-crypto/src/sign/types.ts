/**
 * Key material types and the signature algorithm interface.
 */
import type { DsaPrivateKey, DsaPublicKey } from '../dsa/types.js';
import type { HashName } from '../hash/registry.js';
import type { RsaPrivateKey, RsaPublicKey } from '../rsa/types.js';
import type { NistCurveName } from './nist-curves.js';

/** An ECDSA public key (RFC 5656 §3.1). */
export interface EcdsaPublicKey {
  readonly kind: 'ecdsa';
  readonly curve: NistCurveName;
  /** The uncompressed SEC1 point `04 || x || y`. */
  readonly Q: Uint8Array;
}

/** An ECDSA private key: the public point and the scalar d. */
export interface EcdsaPrivateKey extends EcdsaPublicKey {
  readonly d: bigint;
}

/** An Ed25519 public key (RFC 8709). */
export interface Ed25519PublicKey {
  readonly kind: 'ed25519';
  /** The 32-byte encoded point A. */
  readonly publicKey: Uint8Array;
}

/** An Ed25519 private key: the 32-byte seed of RFC 8032 and its public key. */
export interface Ed25519PrivateKey extends Ed25519PublicKey {
  readonly seed: Uint8Array;
}

/** An Ed448 public key (RFC 8709 `ssh-ed448`). */
export interface Ed448PublicKey {
  readonly kind: 'ed448';
  /** The 57-byte encoded point A. */
  readonly publicKey: Uint8Array;
}

/** An Ed448 private key: the 57-byte seed of RFC 8032 §5.2.5 and its public key. */
export interface Ed448PrivateKey extends Ed448PublicKey {
  readonly seed: Uint8Array;
}

/**
 * A FIDO/U2F security-key ECDSA public key (OpenSSH PROTOCOL.u2f,
 * `sk-ecdsa-sha2-nistp256@openssh.com`). Verify-only: the private half lives
 * in the authenticator.
 */
export interface SkEcdsaPublicKey {
  readonly kind: 'sk-ecdsa';
  /** Always 'nistp256' (the only curve PROTOCOL.u2f defines). */
  readonly curve: 'nistp256';
  /** The uncompressed SEC1 point `04 || x || y`. */
  readonly Q: Uint8Array;
  /** The FIDO application (relying party) string, typically "ssh:". */
  readonly application: string;
}

/** A FIDO/U2F security-key Ed25519 public key (`sk-ssh-ed25519@openssh.com`). Verify-only. */
export interface SkEd25519PublicKey {
  readonly kind: 'sk-ed25519';
  /** The 32-byte encoded point A. */
  readonly publicKey: Uint8Array;
  /** The FIDO application string, typically "ssh:". */
  readonly application: string;
}

/** Any public key this package can verify with. Private keys are assignable to it. */
export type PublicKey =
  | RsaPublicKey
  | DsaPublicKey
  | EcdsaPublicKey
  | Ed25519PublicKey
  | Ed448PublicKey
  | SkEcdsaPublicKey
  | SkEd25519PublicKey;
/** Any private key this package can sign with (security keys sign in their authenticator). */
export type PrivateKey =
  | RsaPrivateKey
  | DsaPrivateKey
  | EcdsaPrivateKey
  | Ed25519PrivateKey
  | Ed448PrivateKey;

/** The hash a signature algorithm uses (Ed448 hashes with SHAKE256 internally). */
export type SignatureHashName = HashName | 'shake256';

/** A public key algorithm by signature name (RFC 4253 §6.6, RFC 8332, RFC 5656, RFC 8709). */
export interface SignatureSpec {
  /** The signature algorithm name (`rsa-sha2-256`). */
  readonly name: string;
  /** The public key blob type it signs with (`ssh-rsa` for all three RSA names). */
  readonly keyType: string;
  /** Which key material it takes. */
  readonly keyKind: PublicKey['kind'];
  /** The message hash (Ed25519 hashes internally with SHA-512, Ed448 with SHAKE256). */
  readonly hash: SignatureHashName;
  /** Off by default; enable by name (CONVENTIONS rule 5). */
  readonly legacy: boolean;
  /**
   * Signs `data`, returning the algorithm-specific blob (the inner `string` of
   * the SSH signature).
   * @throws CryptoError('invalid-key') if the key does not fit this algorithm
   */
  sign(key: PrivateKey, data: Uint8Array): Uint8Array;
  /**
   * Verifies an algorithm-specific blob. Returns `false` for any signature
   * that does not verify, malformed blobs included.
   * @throws CryptoError('invalid-key') if the key does not fit this algorithm or is unusable
   */
  verify(key: PublicKey, data: Uint8Array, blob: Uint8Array): boolean;
}
