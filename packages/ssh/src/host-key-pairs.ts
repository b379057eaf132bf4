import type { SSHKey, SSHKeyPair } from '@sshkit/ssh-keys';
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
 * Loads `serverHostKeys` with the runtime's `load` (files on Node, loaded
 * keys anywhere) and returns what the transport offers: each key, plus its
 * certificate when it has one.
 */
export async function loadHostKeysWith<S>(
  specs: readonly S[],
  load: (specs: readonly S[]) => SSHKeyPair[] | Promise<SSHKeyPair[]>,
): Promise<HostKey[]> {
  if (specs.length === 0) throw new TypeError('listen: serverHostKeys is required');
  const pairs = await load(specs);
  const keys: HostKey[] = [];
  for (const pair of pairs) {
    if (pair.certificate) keys.push(certifiedHostKey(pair as Parameters<typeof certifiedHostKey>[0]));
    keys.push(pair.key as SSHKey);
  }
  return keys;
}
