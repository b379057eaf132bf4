import { describe, expect, it } from '@jest/globals';
import { keyTypeOfAlgorithm, requestAlgorithmFor, signatureAlgorithmOf } from '../src/index.js';

// [request algorithm, signature algorithm, key type, certificate?]
const NAMES: ReadonlyArray<readonly [string, string, string, boolean]> = [
  ['ssh-ed25519', 'ssh-ed25519', 'ssh-ed25519', false],
  ['rsa-sha2-512', 'rsa-sha2-512', 'ssh-rsa', false],
  ['ssh-ed25519-cert-v01@openssh.com', 'ssh-ed25519', 'ssh-ed25519', true],
  ['rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-256', 'ssh-rsa', true],
  ['ecdsa-sha2-nistp256-cert-v01@openssh.com', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256', true],
  // Security keys: the vendor suffix is on the plain name only (PROTOCOL.u2f).
  ['sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519@openssh.com', false],
  ['sk-ssh-ed25519-cert-v01@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519@openssh.com', true],
  [
    'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com',
    'sk-ecdsa-sha2-nistp256@openssh.com',
    'sk-ecdsa-sha2-nistp256@openssh.com',
    true,
  ],
];

describe('public key algorithm names', () => {
  it.each(NAMES)('%s signs with %s, needs a %s key, and maps back', (request, signature, keyType, cert) => {
    expect(signatureAlgorithmOf(request)).toBe(signature);
    expect(keyTypeOfAlgorithm(request)).toBe(keyType);
    expect(requestAlgorithmFor(signature, cert)).toBe(request);
  });
});
