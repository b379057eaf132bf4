import { defaultSignatureAlgs, legacySignatureAlgs, supportedSignatureAlgs } from '@sshkit/ssh-crypto';

/**
 * Host key algorithms that carry an OpenSSH certificate (PROTOCOL.certkeys),
 * by the plain signature algorithm the certified key signs with.
 */
const CERT_FORMS: Readonly<Record<string, string>> = {
  'ssh-ed25519': 'ssh-ed25519-cert-v01@openssh.com',
  'ecdsa-sha2-nistp256': 'ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ecdsa-sha2-nistp384': 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521': 'ecdsa-sha2-nistp521-cert-v01@openssh.com',
  'rsa-sha2-512': 'rsa-sha2-512-cert-v01@openssh.com',
  'rsa-sha2-256': 'rsa-sha2-256-cert-v01@openssh.com',
  'ssh-rsa': 'ssh-rsa-cert-v01@openssh.com',
  'ssh-dss': 'ssh-dss-cert-v01@openssh.com',
};

const PLAIN_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(CERT_FORMS).map(([plain, cert]) => [cert, plain]),
);

/** The certificate form of a plain host key signature algorithm, if it has one. */
export function certificateAlgorithmFor(plain: string): string | undefined {
  return CERT_FORMS[plain];
}

/** The plain signature algorithm of a certificate host key algorithm, or undefined for a plain one. */
export function plainAlgorithmOf(algorithm: string): string | undefined {
  return PLAIN_OF.get(algorithm);
}

/** Every host key algorithm: certificate forms, then plain signature algorithms. */
export function supportedHostKeyAlgs(): string[] {
  // Security-key algorithms (sk-*, webauthn-sk-*) sign user auth, never host keys.
  const plain = supportedSignatureAlgs().filter((a) => !a.startsWith('sk-') && !a.startsWith('webauthn-'));
  return [...plain.flatMap((a) => (CERT_FORMS[a] ? [CERT_FORMS[a] as string] : [])), ...plain];
}

/** OpenSSH's default order: the certificate forms of the defaults first, then the defaults; no legacy ones. */
export function defaultHostKeyAlgs(): string[] {
  const legacy = new Set(legacySignatureAlgs());
  const plain = defaultSignatureAlgs().filter((a) => !a.startsWith('sk-') && !legacy.has(a));
  return [...plain.flatMap((a) => (CERT_FORMS[a] ? [CERT_FORMS[a] as string] : [])), ...plain];
}
