import type { WireReader, WireWriter } from '@sshkit/ssh-wire';
import type { PrivateKey, PublicKey, RandomSource } from '../crypto.js';

/** Options of key generation. */
export interface GenerateOptions {
  /** RSA modulus size; ignored by fixed-size key types. */
  bits?: number;
  /** Randomness (CONVENTIONS rule 7). */
  random?: RandomSource;
}

/**
 * One SSH key type: the parts of the OpenSSH encodings that differ by type.
 * Format modules (DER, PEM) switch on `PublicKey.kind`; everything keyed by
 * the SSH key type name goes through this registry.
 */
export interface KeyAlgorithm {
  /** Key type name as in public key blobs (`ssh-ed25519`). */
  readonly type: string;
  /** Which crypto key material it uses. */
  readonly kind: PublicKey['kind'];
  /** Signature algorithm used when the caller names none (`rsa-sha2-512` for RSA, like OpenSSH). */
  readonly defaultSignatureAlgorithm: string;
  /** Key size in bits as `ssh-keygen -l` prints it. */
  bits(key: PublicKey): number;
  /** Reads the private fields of an `openssh-key-v1` private section (after the type name). */
  readPrivate(r: WireReader): PrivateKey;
  /** Writes the private fields of an `openssh-key-v1` private section (after the type name). */
  writePrivate(w: WireWriter, key: PrivateKey): void;
  /**
   * Writes the private fields that follow a certificate blob when a certified
   * key is added to an agent: those of {@link writePrivate} less the public
   * fields the certificate carries (OpenSSH `serialize_private` for a cert).
   */
  writeCertPrivate(w: WireWriter, key: PrivateKey): void;
  /**
   * Reads the private blob of a PuTTY `.ppk` file, given the public key of
   * its public blob; checks that the two belong together.
   */
  readPpkPrivate(r: WireReader, pub: PublicKey): PrivateKey;
  /** Writes the private blob of a PuTTY `.ppk` file. */
  writePpkPrivate(w: WireWriter, key: PrivateKey): void;
  /** Generates a key. */
  generate(options: GenerateOptions): PrivateKey;
}
