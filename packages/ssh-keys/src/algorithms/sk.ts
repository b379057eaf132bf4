/**
 * The FIDO/U2F security-key types (OpenSSH PROTOCOL.u2f):
 * `sk-ecdsa-sha2-nistp256@openssh.com` and `sk-ssh-ed25519@openssh.com`.
 * Public keys only: the private key never leaves the authenticator, and the
 * key files OpenSSH writes for them hold a key handle for the authenticator,
 * not a key this library could sign with.
 */
import { KeyExportError, KeyImportError } from '../errors.js';
import type { KeyAlgorithm } from './types.js';

function skAlgorithm(type: string, kind: 'sk-ecdsa' | 'sk-ed25519'): KeyAlgorithm {
  const noPrivate = (): never => {
    throw new KeyImportError('unsupported-algorithm', `${type}: private keys live in the authenticator`);
  };
  const noExport = (): never => {
    throw new KeyExportError('unsupported-format', `${type}: private keys live in the authenticator`);
  };
  return Object.freeze<KeyAlgorithm>({
    type,
    kind,
    defaultSignatureAlgorithm: type,
    bits: () => 256,
    readPrivate: noPrivate,
    writePrivate: noExport,
    writeCertPrivate: noExport,
    readPpkPrivate: noPrivate,
    writePpkPrivate: noExport,
    generate: () => {
      throw new RangeError(`${type} keys are made by an authenticator`);
    },
  });
}

/** The sk-ecdsa-sha2-nistp256@openssh.com entry. */
export const skEcdsaAlgorithm: KeyAlgorithm = skAlgorithm('sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ecdsa');
/** The sk-ssh-ed25519@openssh.com entry. */
export const skEd25519Algorithm: KeyAlgorithm = skAlgorithm('sk-ssh-ed25519@openssh.com', 'sk-ed25519');
