import { describe, expect, it } from '@jest/globals';
import {
  hostbasedSignedData,
  keyTypeOfAlgorithm,
  publicKeySignedData,
  requestAlgorithmFor,
  signatureAlgorithmOf,
} from '../src/index.js';

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

describe('hostbasedSignedData', () => {
  const str = (b: readonly number[]) => [
    (b.length >>> 24) & 0xff,
    (b.length >>> 16) & 0xff,
    (b.length >>> 8) & 0xff,
    b.length & 0xff,
    ...b,
  ];
  const utf8 = (t: string) => [...new TextEncoder().encode(t)];

  it('is the RFC 4252 §9 layout: session id, 50, user, service, "hostbased", algorithm, blob, host, client user', () => {
    const sessionId = Uint8Array.from({ length: 32 }, (_, i) => i);
    const blob = Uint8Array.from({ length: 51 }, (_, i) => 255 - i);
    const data = hostbasedSignedData({
      sessionId,
      username: 'alice',
      service: 'ssh-connection',
      algorithm: 'ssh-ed25519-cert-v01@openssh.com',
      publicKey: blob,
      clientHost: 'client.example.com.',
      clientUsername: 'łukasz',
    });
    expect([...data]).toEqual([
      ...str([...sessionId]),
      50,
      ...str(utf8('alice')),
      ...str(utf8('ssh-connection')),
      ...str(utf8('hostbased')),
      ...str(utf8('ssh-ed25519-cert-v01@openssh.com')),
      ...str([...blob]),
      ...str(utf8('client.example.com.')),
      ...str(utf8('łukasz')),
    ]);
  });

  it('differs from what a publickey signature covers (no boolean, method name, two more fields)', () => {
    const fields = {
      sessionId: new Uint8Array(32),
      username: 'alice',
      service: 'ssh-connection',
      algorithm: 'ssh-ed25519',
      publicKey: Uint8Array.of(1),
    };
    const hb = hostbasedSignedData({ ...fields, clientHost: '', clientUsername: '' });
    expect(hb).not.toEqual(publicKeySignedData(fields));
  });
});
