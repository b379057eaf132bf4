/**
 * Session key derivation of RFC 4253 §7.2.
 */
import { CryptoError } from '../errors.js';
import { getHash, type HashName } from '../hash/registry.js';

/** The six derivation letters of RFC 4253 §7.2. */
export type KeyLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Byte lengths one direction's cipher and MAC need. */
export interface DirectionKeyLengths {
  ivLength: number;
  keyLength: number;
  macKeyLength: number;
}

/** One direction's derived material. */
export interface DirectionKeys {
  iv: Uint8Array;
  key: Uint8Array;
  macKey: Uint8Array;
}

/** Both directions' derived material. */
export interface SessionKeys {
  clientToServer: DirectionKeys;
  serverToClient: DirectionKeys;
}

// Longest derived value we accept: far above any cipher (64-byte keys) yet a
// bound against a caller asking for gigabytes.
const MAX_DERIVED_BYTES = 1024;

/**
 * One derived value of RFC 4253 §7.2:
 * "K1 = HASH(K || H || X || session_id)", "K2 = HASH(K || H || K1)",
 * "K3 = HASH(K || H || K1 || K2)", ..., "key = K1 || K2 || K3 || ...", truncated.
 *
 * @param hashName - the key exchange's hash
 * @param sharedSecret - K *as encoded* (mpint for classic methods, string for KEM hybrids)
 * @param exchangeHash - H of this key exchange
 * @param letter - 'A'..'F'
 * @param sessionId - H of the first key exchange of the connection
 * @param length - bytes wanted
 * @returns the derived bytes
 * @throws CryptoError('bad-length') for a negative or huge length
 * @example
 * ```ts
 * import { deriveKey } from '@sshkit/ssh-crypto';
 * const ivC2S = deriveKey('sha256', K, H, 'A', sessionId, 16);
 * ```
 */
export function deriveKey(
  hashName: HashName,
  sharedSecret: Uint8Array,
  exchangeHash: Uint8Array,
  letter: KeyLetter,
  sessionId: Uint8Array,
  length: number,
): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_DERIVED_BYTES) {
    throw new CryptoError('bad-length', `derived key length must be 0..${MAX_DERIVED_BYTES}`);
  }
  const spec = getHash(hashName);
  const first = spec.create();
  first
    .update(sharedSecret)
    .update(exchangeHash)
    .update(Uint8Array.of(letter.charCodeAt(0)))
    .update(sessionId);
  const out = new Uint8Array(length);
  let block = first.digest();
  let filled = 0;
  const produced: Uint8Array[] = [];
  for (;;) {
    const take = Math.min(block.length, length - filled);
    out.set(block.subarray(0, take), filled);
    filled += take;
    if (filled >= length) return out;
    produced.push(block);
    const next = spec.create();
    next.update(sharedSecret).update(exchangeHash);
    for (const part of produced) next.update(part);
    block = next.digest();
  }
}

/**
 * All six values of RFC 4253 §7.2: IVs ('A', 'B'), encryption keys ('C', 'D')
 * and integrity keys ('E', 'F') for client→server and server→client.
 *
 * @param hashName - the key exchange's hash
 * @param sharedSecret - K as encoded (see {@link deriveKey})
 * @param exchangeHash - H
 * @param sessionId - the session identifier (H of the first exchange)
 * @param lengths - sizes the negotiated algorithms need, per direction
 * @returns the keys
 */
export function deriveSessionKeys(
  hashName: HashName,
  sharedSecret: Uint8Array,
  exchangeHash: Uint8Array,
  sessionId: Uint8Array,
  lengths: { clientToServer: DirectionKeyLengths; serverToClient: DirectionKeyLengths },
): SessionKeys {
  const d = (letter: KeyLetter, length: number) =>
    deriveKey(hashName, sharedSecret, exchangeHash, letter, sessionId, length);
  const c = lengths.clientToServer;
  const s = lengths.serverToClient;
  return {
    clientToServer: { iv: d('A', c.ivLength), key: d('C', c.keyLength), macKey: d('E', c.macKeyLength) },
    serverToClient: { iv: d('B', s.ivLength), key: d('D', s.keyLength), macKey: d('F', s.macKeyLength) },
  };
}
