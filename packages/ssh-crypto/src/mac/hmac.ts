// HMAC MACs: RFC 4253 §6.4 (hmac-sha1, hmac-sha1-96, hmac-md5, hmac-md5-96),
// RFC 6668 (hmac-sha2-256, hmac-sha2-512), and OpenSSH's -etm@openssh.com forms
// (PROTOCOL §1.5). "The key length [is] the digest length" (RFC 4253 §6.4); the
// -96 forms send only the first 96 bits of the tag.
import type { CryptoBackend, HmacHashName } from '../backend/types.js';
import { HMAC_HASH_LENGTH } from '../backend/types.js';
import { constantTimeEqual } from '../bytes.js';
import { CryptoError } from '../errors.js';
import type { MacSpec, MacState } from './types.js';

const SEQ_LENGTH = 4;

/** Options of one HMAC entry. */
export interface HmacOptions {
  readonly name: string;
  readonly hash: HmacHashName;
  /** Bytes of tag kept; the full digest length unless truncated (-96: 12). */
  readonly length?: number;
  readonly etm: boolean;
  readonly legacy: boolean;
}

/**
 * Builds an HMAC entry.
 * @param backend - primitives
 * @param options - name, hash, truncation, etm, legacy
 * @returns the entry
 */
export function hmacMac(backend: CryptoBackend, options: HmacOptions): MacSpec {
  const { name, hash, etm, legacy } = options;
  const keyLength = HMAC_HASH_LENGTH[hash];
  const length = options.length ?? keyLength;
  return Object.freeze({
    name,
    keyLength,
    length,
    etm,
    legacy,
    create(key: Uint8Array): MacState {
      if (!(key instanceof Uint8Array) || key.length !== keyLength) {
        throw new CryptoError('invalid-key', `${name} key: expected ${keyLength} bytes`);
      }
      const h = backend.hmac(hash, key);
      const seq4 = new Uint8Array(SEQ_LENGTH);
      const seqView = new DataView(seq4.buffer);
      const full = new Uint8Array(keyLength);
      const expected = full.subarray(0, length);
      const run = (seq: number, data: Uint8Array): void => {
        seqView.setUint32(0, seq >>> 0);
        h.computeInto(seq4, data, full);
      };
      return {
        length,
        compute(seq, data, out) {
          if (out.length < length) throw new RangeError(`${name}: output needs ${length} bytes`);
          run(seq, data);
          out.set(expected);
        },
        verify(seq, data, mac) {
          run(seq, data);
          if (!constantTimeEqual(expected, mac)) throw new CryptoError('bad-mac', `${name}: MAC mismatch`);
        },
      };
    },
  } as const);
}
