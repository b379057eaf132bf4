/**
 * The post-quantum KEMs of the hybrid key exchanges, behind one small shape:
 * ML-KEM-768 (FIPS 203, `@noble/post-quantum`) and sntrup761 (our own
 * TypeScript, `../pq/sntrup761.ts`).
 */
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { CryptoError } from '../errors.js';
import {
  SNTRUP761_CIPHERTEXT_BYTES,
  SNTRUP761_PUBLIC_KEY_BYTES,
  sntrup761Decapsulate,
  sntrup761Encapsulate,
  sntrup761KeyPair,
} from '../pq/sntrup761.js';
import type { RandomSource } from '../random.js';

/** A key encapsulation mechanism as the hybrid key exchanges use it. */
export interface Kem {
  readonly name: string;
  /** Bytes of the encapsulation (public) key the client sends. */
  readonly publicKeyBytes: number;
  /** Bytes of the ciphertext the server answers with. */
  readonly ciphertextBytes: number;
  keyPair(random: RandomSource): { publicKey: Uint8Array; secretKey: Uint8Array };
  /** @throws CryptoError('invalid-public-value') for a public key the KEM rejects */
  encapsulate(
    publicKey: Uint8Array,
    random: RandomSource,
  ): { ciphertext: Uint8Array; sharedSecret: Uint8Array };
  decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

/** FIPS 203 sizes of ML-KEM-768. */
const MLKEM768_SEED_BYTES = 64;
const MLKEM768_MESSAGE_BYTES = 32;

/**
 * ML-KEM-768. Encapsulation runs FIPS 203 §7.2's input checks (the
 * encapsulation key's modulus check), as OpenSSH does with
 * `libcrux_ml_kem_mlkem768_portable_validate_public_key`.
 */
export const mlKem768: Kem = /* @__PURE__ */ Object.freeze({
  name: 'ML-KEM-768',
  publicKeyBytes: 1184,
  ciphertextBytes: 1088,
  keyPair(random: RandomSource) {
    const { publicKey, secretKey } = ml_kem768.keygen(random(MLKEM768_SEED_BYTES));
    return { publicKey, secretKey };
  },
  encapsulate(publicKey: Uint8Array, random: RandomSource) {
    try {
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey, random(MLKEM768_MESSAGE_BYTES));
      return { ciphertext: cipherText, sharedSecret };
    } catch (cause) {
      throw new CryptoError('invalid-public-value', 'ML-KEM-768 encapsulation key is invalid', { cause });
    }
  },
  decapsulate: (ciphertext: Uint8Array, secretKey: Uint8Array) =>
    ml_kem768.decapsulate(ciphertext, secretKey),
});

/** Streamlined NTRU Prime sntrup761. */
export const sntrup761: Kem = /* @__PURE__ */ Object.freeze({
  name: 'sntrup761',
  publicKeyBytes: SNTRUP761_PUBLIC_KEY_BYTES,
  ciphertextBytes: SNTRUP761_CIPHERTEXT_BYTES,
  keyPair: (random: RandomSource) => sntrup761KeyPair(random),
  encapsulate: (publicKey: Uint8Array, random: RandomSource) => sntrup761Encapsulate(publicKey, random),
  decapsulate: (ciphertext: Uint8Array, secretKey: Uint8Array) => sntrup761Decapsulate(ciphertext, secretKey),
});
