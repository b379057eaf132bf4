// Legacy v00 certificates. No current ssh-keygen writes them (OpenSSH removed
// v00 in 7.0), so tools/fixtures/craft.mjs builds the fixtures with node:crypto
// from the layout of OpenSSH 5.6's key.c, independently of this package.
import { describe, expect, it } from '@jest/globals';
import { WireReader } from '@sshkit/ssh-wire';
import { importCertificate, type SSHCertificate } from '../src/certificate.js';
import { CertificateError } from '../src/errors.js';
import { importPrivateKey, importPublicKey } from '../src/import.js';
import { fixture } from './support/fixtures.js';

const NOW = new Date('2024-06-01T00:00:00Z');
const rsa = importPublicKey(fixture('keys/rsa2048.pub'));
const rsaCa = importPublicKey(fixture('certs/rsaca.pub'));

function reason(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (CertificateError.isInstance(e)) return e.reason;
    throw e;
  }
  return undefined;
}
const cert = (name: string): SSHCertificate => importCertificate(fixture(`certs/${name}-cert.pub`));

describe('v00 certificates', () => {
  it('parses every field; the one constraints field splits into critical options and extensions', () => {
    const c = cert('user-v00-rsa');
    expect(c.algorithm).toBe('ssh-rsa-cert-v00@openssh.com');
    expect(c.version).toBe('v00');
    expect(c.serial).toBe(0n);
    expect(c.nonce.length).toBe(32);
    expect(c.certType).toBe('user');
    expect(c.keyId).toBe('v00-rsa');
    expect(c.principals).toEqual(['alice', 'bob']);
    expect(c.validAfter).toBe(BigInt(Date.UTC(2020, 0, 1) / 1000));
    expect(c.key.equals(rsa)).toBe(true);
    expect(c.signatureKey.equals(rsaCa)).toBe(true);
    expect(new WireReader(c.signature).utf8()).toBe('ssh-rsa');
    expect(c.criticalOptions).toEqual({ 'force-command': '/usr/bin/true', 'source-address': '10.0.0.0/8' });
    expect(c.extensions).toEqual({ 'permit-port-forwarding': '', 'permit-pty': '' });
    expect(c.export()).toBe(fixture('certs/user-v00-rsa-cert.pub'));
  });

  it.each([
    ['user-v00-rsa', 'user', 'alice', '10.1.1.1', undefined],
    ['user-v00-rsa', 'user', 'carol', '10.1.1.1', 'principal-mismatch'],
    ['user-v00-rsa', 'user', 'alice', '192.0.2.1', 'source-address'],
    ['user-v00-rsa', 'host', 'alice', '10.1.1.1', 'wrong-type'],
    ['host-v00-rsa', 'host', 'host.example.com', undefined, undefined],
    ['user-v00-expired', 'user', 'alice', undefined, 'expired'],
    ['user-v00-dsa', 'user', 'alice', undefined, undefined],
  ] as const)('%s validate(%s, %s, from %s) -> %s', (name, type, principal, sourceAddress, expected) => {
    const options = sourceAddress ? { now: NOW, sourceAddress } : { now: NOW };
    expect(reason(() => cert(name).validate(type, principal, options))).toBe(expected);
  });

  it('a DSA key certified by a DSA CA', () => {
    const c = cert('user-v00-dsa');
    expect(c.algorithm).toBe('ssh-dss-cert-v00@openssh.com');
    expect(c.key.equals(importPublicKey(fixture('keys/dsa1024.pub')))).toBe(true);
    expect(c.signatureKey.equals(importPublicKey(fixture('certs/dsaca.pub')))).toBe(true);
    expect(c.verifySignature()).toBe(true);
  });

  it.each(['user-v00-rsa', 'user-v00-dsa'])(
    '%s: a flipped bit anywhere before the signature fails',
    (name) => {
      const blob = cert(name).blob;
      const sigLen = cert(name).signature.length + 4;
      for (const at of [40, 300, blob.length - sigLen - 10]) {
        const copy = blob.slice();
        copy[at] = (copy[at] as number) ^ 0x10;
        let result: string | undefined;
        try {
          result = reason(() =>
            importCertificate(copy).validate('user', 'alice', { now: NOW, sourceAddress: '10.1.1.1' }),
          );
        } catch (e) {
          result = (e as { name: string }).name; // the change broke the structure itself
        }
        expect(result === 'bad-signature' || result === 'KeyImportError').toBe(true);
      }
    },
  );

  it('we issue v00 certificates for RSA and DSA keys, and nothing else', () => {
    const ca = importPrivateKey(fixture('keys/rsa2048.openssh'));
    const dsa = importPublicKey(fixture('keys/dsa1024.pub'));
    const c = ca.generateUserCertificate(dsa, 'ours', {
      version: 'v00',
      principals: ['alice'],
      criticalOptions: { 'force-command': '/bin/id' },
      validBefore: new Date('2099-01-01T00:00:00Z'),
    });
    const again = importCertificate(c.export());
    expect(again.algorithm).toBe('ssh-dss-cert-v00@openssh.com');
    expect(new WireReader(again.signature).utf8()).toBe('ssh-rsa');
    expect(again.extensions).toHaveProperty('permit-pty', '');
    expect(again.criticalOptions).toEqual({ 'force-command': '/bin/id' });
    expect(reason(() => again.validate('user', 'alice', { now: NOW }))).toBeUndefined();
    const ed = importPublicKey(fixture('keys/ed25519.pub'));
    expect(() => ca.generateUserCertificate(ed, 'x', { version: 'v00' })).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'unsupported-format' }),
    );
    expect(() => ca.generateUserCertificate(dsa, 'x', { version: 'v00', serial: 5n })).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'invalid-option' }),
    );
  });

  it('a v00 type name on a key type that never had one is rejected', () => {
    const line = fixture('certs/user-valid-cert.pub');
    const blob = Buffer.from(line.split(' ')[1] as string, 'base64');
    const renamed = Buffer.concat([
      Buffer.from([0, 0, 0, 32]),
      Buffer.from('ssh-ed25519-cert-v00@openssh.com'),
      blob.subarray(4 + 32),
    ]);
    expect(() => importCertificate(new Uint8Array(renamed))).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'unsupported-algorithm' }),
    );
  });
});
