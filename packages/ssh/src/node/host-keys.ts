import type { SSHKey, SSHKeyPair } from '@sshkit/ssh-keys';
import { type KeyPairFileSource, loadKeypairs } from '@sshkit/ssh-keys/node';
import { certificateAlgorithmFor, type HostKey, plainAlgorithmOf } from '@sshkit/ssh-transport';

/**
 * A host key with a certificate, as the transport signs with it: the
 * certificate blob is K_S, offered under the certificate algorithms of the
 * key's signature algorithms, and signatures come from the certified key.
 */
function certifiedHostKey(
  pair: SSHKeyPair & { certificate: NonNullable<SSHKeyPair['certificate']> },
): HostKey {
  const { key, certificate } = pair;
  return {
    publicBlob: certificate.blob,
    signatureAlgorithms: key.signatureAlgorithms.flatMap((a) => certificateAlgorithmFor(a) ?? []),
    sign: (data, algorithm) => key.sign(data, algorithm && (plainAlgorithmOf(algorithm) ?? algorithm)),
  };
}

/**
 * Loads `serverHostKeys` as AsyncSSH's "Specifying private keys" says (file
 * names pair with their `-cert.pub`), and returns what the transport offers:
 * each key, plus its certificate when it has one.
 */
export async function loadHostKeys(specs: readonly unknown[]): Promise<HostKey[]> {
  if (specs.length === 0) throw new TypeError('listen: serverHostKeys is required');
  const pairs = await loadKeypairs(specs as KeyPairFileSource[]);
  const keys: HostKey[] = [];
  for (const pair of pairs) {
    if (pair.certificate) keys.push(certifiedHostKey(pair as Parameters<typeof certifiedHostKey>[0]));
    keys.push(pair.key as SSHKey);
  }
  return keys;
}
