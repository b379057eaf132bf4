/**
 * A source of cryptographically secure random bytes. Injected wherever
 * randomness is used (CONVENTIONS rule 7) so tests can be deterministic.
 */
export type RandomSource = (length: number) => Uint8Array;

// getRandomValues fills at most 65536 bytes per call (Web Crypto limit).
const MAX_CHUNK = 65536;

/** Random bytes from the platform CSPRNG (`globalThis.crypto.getRandomValues`). */
export const defaultRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += MAX_CHUNK) {
    globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + MAX_CHUNK)));
  }
  return out;
};
