import { afterAll, describe, expect, it } from '@jest/globals';
import { CERT_FOREVER, importCertificate, type SSHCertificate } from '../src/certificate.js';
import { CertificateError } from '../src/errors.js';
import { importPrivateKey, importPublicKey } from '../src/import.js';
import {
  describeWithTool,
  fixture,
  HAVE_SSH_KEYGEN,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const NOW = new Date('2024-06-01T00:00:00Z');
const ca = importPrivateKey(fixture('certs/ca'));
const userEd = importPublicKey(fixture('keys/ed25519.pub'));

function reason(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (CertificateError.isInstance(e)) return e.reason;
    throw e;
  }
  return undefined;
}

function cert(name: string): SSHCertificate {
  return importCertificate(fixture(`certs/${name}-cert.pub`));
}

describe('certificates from ssh-keygen -s', () => {
  it('parses every field of user-valid', () => {
    const c = cert('user-valid');
    expect(c.algorithm).toBe('ssh-ed25519-cert-v01@openssh.com');
    expect(c.certType).toBe('user');
    expect(c.keyId).toBe('alice@example');
    expect(c.serial).toBe(42n);
    expect(c.principals).toEqual(['alice', 'bob']);
    // ssh-keygen -V reads local time.
    expect(c.validAfter).toBe(BigInt(new Date(2020, 0, 1).getTime() / 1000));
    expect(c.key.equals(userEd)).toBe(true);
    expect(c.signatureKey.equals(ca)).toBe(true);
    expect(Object.keys(c.extensions)).toEqual([
      'permit-X11-forwarding',
      'permit-agent-forwarding',
      'permit-port-forwarding',
      'permit-pty',
      'permit-user-rc',
    ]);
    expect(c.criticalOptions).toEqual({});
    expect(c.getFingerprint()).toBe(userEd.getFingerprint());
    expect(c.export()).toBe(fixture('certs/user-valid-cert.pub'));
  });

  it('fingerprints match the ssh-keygen -L listing', () => {
    for (const name of ['user-valid', 'user-rsaca', 'host-valid', 'user-forever']) {
      const listing = fixture(`certs/${name}-cert.txt`);
      const c = cert(name);
      expect(listing).toContain(
        `Public key: ${c.key.algorithm === 'ssh-rsa' ? 'RSA' : c.key.algorithm.startsWith('ecdsa') ? 'ECDSA' : 'ED25519'}-CERT ${c.getFingerprint()}`,
      );
      expect(listing).toContain(c.getCaFingerprint());
      expect(listing).toContain(`Serial: ${c.serial}`);
    }
  });

  it.each([
    ['user-valid', 'user', 'alice', undefined],
    ['user-valid', 'user', 'bob', undefined],
    ['user-valid', 'user', 'carol', 'principal-mismatch'],
    ['user-valid', 'host', 'alice', 'wrong-type'],
    ['user-expired', 'user', 'alice', 'expired'],
    ['user-future', 'user', 'alice', 'not-yet-valid'],
    ['user-forever', 'user', 'alice', undefined],
    ['user-anyprincipal', 'user', 'anyone', undefined],
    ['user-unknown-critical', 'user', 'alice', 'unknown-critical-option'],
    ['user-rsaca', 'user', 'alice', undefined],
    ['host-valid', 'host', 'host.example.com', undefined],
    ['host-valid', 'host', '10.1.2.3', undefined],
    ['host-valid', 'user', 'host.example.com', 'wrong-type'],
  ] as const)('%s validate(%s, %s) -> %s', (name, type, principal, expected) => {
    expect(reason(() => cert(name).validate(type, principal, { now: NOW }))).toBe(expected);
  });

  it('critical options: force-command and source-address', () => {
    const c = cert('user-options');
    expect(c.criticalOptions).toEqual({
      'force-command': '/usr/bin/true',
      'source-address': '10.0.0.0/8,192.168.1.1',
    });
    expect(
      reason(() => c.validate('user', 'alice', { now: NOW, sourceAddress: '10.2.3.4' })),
    ).toBeUndefined();
    expect(
      reason(() => c.validate('user', 'alice', { now: NOW, sourceAddress: '192.168.1.1' })),
    ).toBeUndefined();
    expect(reason(() => c.validate('user', 'alice', { now: NOW, sourceAddress: '192.168.1.2' }))).toBe(
      'source-address',
    );
    expect(reason(() => c.validate('user', 'alice', { now: NOW }))).toBe('source-address');
  });

  it('rsa CA signed with rsa-sha2-512', () => {
    const c = cert('user-rsaca');
    expect(new TextDecoder().decode(c.signature.subarray(4, 16))).toBe('rsa-sha2-512');
    expect(c.verifySignature()).toBe(true);
  });

  it('a tampered certificate fails with bad-signature', () => {
    const c = cert('user-valid');
    const blob = c.blob.slice();
    // Flip a bit inside the key id (after type, nonce and the 32-byte key).
    const at = 4 + 32 + 4 + 32 + 4 + 32 + 8 + 4 + 4 + 2;
    blob[at] = (blob[at] as number) ^ 1;
    expect(reason(() => importCertificate(blob).validate('user', 'alice', { now: NOW }))).toBe(
      'bad-signature',
    );
  });

  it('a CA that is itself a certificate is rejected', () => {
    const inner = cert('user-valid');
    const c = ca.generateUserCertificate(userEd, 'x', { principals: ['alice'] });
    // Rebuild with the signature key replaced by a certificate blob (signature then cannot matter).
    const hacked = Buffer.from(c.blob)
      .toString('hex')
      .replace(Buffer.from(ca.publicBlob).toString('hex'), Buffer.from(inner.blob).toString('hex'));
    const lenHex = (n: number) => n.toString(16).padStart(8, '0');
    const fixed = hacked.replace(
      lenHex(ca.publicBlob.length) + Buffer.from(inner.blob).toString('hex'),
      lenHex(inner.blob.length) + Buffer.from(inner.blob).toString('hex'),
    );
    const parsed = importCertificate(new Uint8Array(Buffer.from(fixed, 'hex')));
    expect(reason(() => parsed.validate('user', 'alice', { now: NOW }))).toBe('ca-is-certificate');
  });

  it('malformed certificates give typed import errors', () => {
    const blob = cert('user-valid').blob;
    expect(() => importCertificate(blob.subarray(0, 100))).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'truncated' }),
    );
    expect(() => importCertificate(fixture('keys/ed25519.pub'))).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'unrecognized-format' }),
    );
    expect(() => importPublicKey(fixture('certs/user-valid-cert.pub'))).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'unsupported-algorithm' }),
    );
  });
});

describe('issuing certificates', () => {
  const opts = {
    principals: ['alice', 'deploy'],
    serial: 7n,
    validAfter: new Date('2024-01-01T00:00:00Z'),
    validBefore: new Date('2025-01-01T00:00:00Z'),
    criticalOptions: { 'force-command': '/bin/date', 'source-address': '10.0.0.0/8' },
  };

  it('round-trips and validates', () => {
    const c = ca.generateUserCertificate(userEd, 'alice@laptop', opts);
    const again = importCertificate(c.export());
    expect(again.principals).toEqual(['alice', 'deploy']);
    expect(again.serial).toBe(7n);
    expect(again.criticalOptions).toEqual(opts.criticalOptions);
    expect(
      reason(() => again.validate('user', 'deploy', { now: NOW, sourceAddress: '10.0.0.1' })),
    ).toBeUndefined();
    expect(reason(() => again.validate('user', 'deploy', { now: new Date('2026-01-01') }))).toBe('expired');
  });

  it('host certificates have no extensions by default and run forever', () => {
    const c = ca.generateHostCertificate(importPublicKey(fixture('keys/ecdsa384.pub')), 'h', {
      principals: ['h.example'],
    });
    expect(c.certType).toBe('host');
    expect(c.extensions).toEqual({});
    expect(c.validBefore).toBe(CERT_FOREVER);
    expect(reason(() => c.validate('host', 'h.example'))).toBeUndefined();
  });

  it('a public CA key cannot issue', () => {
    expect(() => ca.convertToPublic().generateUserCertificate(userEd, 'x')).toThrow(
      expect.objectContaining({ name: 'KeySignError', reason: 'not-private' }),
    );
  });
});

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describeWithTool('ssh-keygen', HAVE_SSH_KEYGEN)('ssh-keygen -L lists our certificates', () => {
  it.each([
    ['ed25519 CA', 'certs/ca', undefined],
    ['rsa CA with rsa-sha2-256', 'keys/rsa2048.openssh', 'rsa-sha2-256'],
    ['ecdsa CA', 'keys/ecdsa256.openssh', undefined],
  ])('%s', (_what, caPath, signatureAlgorithm) => {
    const caKey = importPrivateKey(fixture(caPath));
    const c = caKey.generateUserCertificate(userEd, 'sshkit-issued', {
      principals: ['alice', 'bob'],
      serial: 1234n,
      validAfter: new Date('2024-01-01T00:00:00Z'),
      validBefore: new Date('2030-01-01T00:00:00Z'),
      criticalOptions: { 'force-command': '/usr/bin/id', 'source-address': '10.0.0.0/8' },
      ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
    });
    const path = writePrivate(dir, `issued-${c.signatureKey.algorithm}-cert.pub`, c.export());
    const listing = run('ssh-keygen', ['-L', '-f', path]);
    expect(listing).toContain('Type: ssh-ed25519-cert-v01@openssh.com user certificate');
    expect(listing).toContain(`ED25519-CERT ${userEd.getFingerprint()}`);
    expect(listing).toContain(`Signing CA: `);
    expect(listing).toContain(caKey.getFingerprint());
    expect(listing).toContain(`(using ${signatureAlgorithm ?? caKey.signatureAlgorithms[0]})`);
    expect(listing).toContain('Key ID: "sshkit-issued"');
    expect(listing).toContain('Serial: 1234');
    expect(listing).toMatch(/Principals: \n\s+alice\n\s+bob\n/);
    expect(listing).toMatch(/force-command \/usr\/bin\/id\n\s+source-address 10.0.0.0\/8/);
    expect(listing).toContain('permit-pty');
  });
});
