/**
 * Key algorithms by SSH key type name (CONVENTIONS rule 4). Adding a key type
 * is adding an entry here (plus its DER mapping in formats/ if it has one).
 */
import { type PublicKey, publicKeyType } from '../crypto.js';
import { KeyImportError } from '../errors.js';
import { dsaAlgorithm } from './dsa.js';
import { ecdsaAlgorithm } from './ecdsa.js';
import { ed448Algorithm, ed25519Algorithm } from './ed25519.js';
import { rsaAlgorithm } from './rsa.js';
import { skEcdsaAlgorithm, skEd25519Algorithm } from './sk.js';
import type { KeyAlgorithm } from './types.js';

/** Every supported key type, by name. */
export const keyAlgorithms: ReadonlyMap<string, KeyAlgorithm> = /* @__PURE__ */ (() =>
  new Map<string, KeyAlgorithm>(
    [
      ed25519Algorithm,
      ecdsaAlgorithm('nistp256'),
      ecdsaAlgorithm('nistp384'),
      ecdsaAlgorithm('nistp521'),
      rsaAlgorithm,
      dsaAlgorithm,
      ed448Algorithm,
      skEcdsaAlgorithm,
      skEd25519Algorithm,
    ].map((a) => [a.type, a]),
  ))();

/**
 * The entry for a key type name.
 * @throws KeyImportError('unsupported-algorithm')
 */
export function getKeyAlgorithm(type: string): KeyAlgorithm {
  const found = keyAlgorithms.get(type);
  if (!found)
    throw new KeyImportError('unsupported-algorithm', `unsupported key type ${JSON.stringify(type)}`);
  return found;
}

/** The SSH key type name of crypto key material. */
export function keyTypeOf(key: PublicKey): string {
  return publicKeyType(key);
}
