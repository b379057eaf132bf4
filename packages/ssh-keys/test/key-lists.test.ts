// Key lists and the "Specifying private/public keys" resolvers.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { importCertificate, importCertificates, type SSHCertificate } from '../src/certificate.js';
import { importPrivateKey, importPrivateKeys, importPublicKey, importPublicKeys } from '../src/import.js';
import type { SSHKey } from '../src/key.js';
import { loadCertificates, loadKeypairs, loadPublicKeys, SSHKeyPair } from '../src/keypairs.js';
import * as node from '../src/node/index.js';
import { FIXTURES, fixture, fixtureBytes, PASSPHRASE, tempDir } from './support/fixtures.js';

const ed = importPrivateKey(fixture('keys/ed25519.openssh'));
const p256 = importPrivateKey(fixture('keys/ecdsa256.openssh'));
const rsa = importPrivateKey(fixture('keys/rsa2048.openssh'));
// user-valid (key id alice@example) and user-options (key id opts) both certify the ed25519 key.
const edCert = importCertificate(fixture('certs/user-valid-cert.pub'));
const p256Cert = importCertificate(fixture('certs/user-forever-cert.pub')); // ecdsa256
const names = new Map<string, string>([
  [ed.getFingerprint(), 'ed'],
  [p256.getFingerprint(), 'p256'],
  [rsa.getFingerprint(), 'rsa'],
  [importPublicKey(fixture('keys/ecdsa384.pub')).getFingerprint(), 'p384'],
]);
const label = (k: SSHKey) => names.get(k.getFingerprint()) ?? '?';
const certLabel = (c: SSHCertificate | undefined) =>
  c === undefined
    ? '-'
    : c === edCert || c.keyId === 'alice@example'
      ? 'edCert'
      : c.keyId === 'opts'
        ? 'edCert2'
        : c.keyId;
const describePairs = (pairs: SSHKeyPair[]) =>
  pairs.map((p) => `${label(p.key)}+${certLabel(p.certificate)}`);

describe('lists of concatenated files', () => {
  it('public keys in mixed formats (OpenSSH, RFC 4716, SPKI PEM), in order', () => {
    expect(importPublicKeys(fixture('keys/list.pub')).map(label)).toEqual(['ed', 'p256', 'rsa', 'p384']);
    expect(importPublicKeys(fixture('keys/list.pub'))[0]?.comment).toBe('sshkit fixture ed25519');
  });

  it('private keys: an OpenSSH container, PKCS#8 and PKCS#1 one after another', () => {
    expect(importPrivateKeys(fixture('keys/list.private')).map(label)).toEqual(['ed', 'p256', 'rsa']);
    expect(() => importPrivateKey(fixture('keys/list.private'))).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'wrong-count' }),
    );
  });

  it('certificates: several lines, an RFC 4716 block holding one, a binary blob', () => {
    expect(importCertificates(fixture('certs/list-cert.pub')).map((c) => c.keyId)).toEqual([
      'alice@example',
      'opts',
    ]);
    const rfc = `---- BEGIN SSH2 PUBLIC KEY ----\n${Buffer.from(edCert.blob)
      .toString('base64')
      .replace(/(.{70})/g, '$1\n')}\n---- END SSH2 PUBLIC KEY ----\n`;
    expect(importCertificates(rfc)[0]?.keyId).toBe('alice@example');
    expect(importCertificates(edCert.blob)).toHaveLength(1);
    expect(() => importCertificates(fixture('keys/list.pub'))).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'unrecognized-format' }),
    );
  });

  it('a block without its END line is truncated', () => {
    expect(() => importPublicKeys('---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n')).toThrow(
      expect.objectContaining({ reason: 'truncated' }),
    );
  });
});

describe('loadKeypairs (bytes and loaded objects)', () => {
  const edBytes = fixtureBytes('keys/ed25519.openssh.enc');
  const certBytes = fixtureBytes('certs/list-cert.pub'); // two certificates of the ed25519 key
  it.each<[string, Parameters<typeof loadKeypairs>[0], string[]]>([
    ['a single loaded key', ed, ['ed+-']],
    ['a list of keys', [ed, p256, rsa], ['ed+-', 'p256+-', 'rsa+-']],
    ['encrypted key bytes', edBytes, ['ed+-']],
    ['a [key, cert] pair', [[ed, edCert]], ['ed+edCert']],
    ['a pair with null for no certificate', [[p256, null]], ['p256+-']],
    [
      'a pair with certificate bytes holding two certificates',
      [[edBytes, certBytes]],
      ['ed+edCert', 'ed+edCert2'],
    ],
    ['a key pair as it is', [new SSHKeyPair(p256, p256Cert)], ['p256+forever']],
  ])('%s', (_what, spec, expected) => {
    expect(describePairs(loadKeypairs(spec, PASSPHRASE))).toEqual(expected);
  });

  it('extra certificates attach to the keys they certify', () => {
    const pairs = loadKeypairs([ed, p256, rsa], undefined, {
      certificates: [p256Cert, fixtureBytes('certs/user-valid-cert.pub')],
    });
    expect(describePairs(pairs)).toEqual(['ed+edCert', 'p256+forever', 'rsa+-']);
  });

  it('a certificate for another key is rejected', () => {
    expect(() => loadKeypairs([[rsa, edCert]])).toThrow(
      expect.objectContaining({ name: 'KeyImportError', reason: 'invalid-key' }),
    );
    expect(() => loadKeypairs([ed.convertToPublic()])).toThrow(
      expect.objectContaining({ reason: 'invalid-key' }),
    );
  });

  it('encrypted keys without a passphrase fail, or are skipped with ignoreEncrypted', () => {
    expect(() => loadKeypairs([edBytes, p256])).toThrow(
      expect.objectContaining({ reason: 'passphrase-required' }),
    );
    expect(describePairs(loadKeypairs([edBytes, p256], undefined, { ignoreEncrypted: true }))).toEqual([
      'p256+-',
    ]);
  });

  it('a key pair names the certificate type and signs with the key', () => {
    const [pair] = loadKeypairs([[ed, edCert]]);
    expect(pair?.algorithm).toBe('ssh-ed25519-cert-v01@openssh.com');
    expect(pair?.publicBlob).toEqual(edCert.blob);
    expect(pair?.comment).toBe('sshkit fixture ed25519');
    const data = new TextEncoder().encode('x');
    expect(ed.verify(data, pair?.sign(data) ?? new Uint8Array(0))).toBe(true);
  });

  it('loadPublicKeys and loadCertificates', () => {
    expect(loadPublicKeys([ed, fixtureBytes('keys/list.pub')]).map(label)).toEqual([
      'ed',
      'ed',
      'p256',
      'rsa',
      'p384',
    ]);
    expect(loadPublicKeys(ed)[0]?.isPrivate).toBe(false);
    expect(loadCertificates([edCert, fixtureBytes('certs/list-cert.pub')]).map((c) => c.keyId)).toEqual([
      'alice@example',
      'alice@example',
      'opts',
    ]);
  });
});

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('@sshkit/ssh-keys/node loadKeypairs (file names, -cert.pub pairing)', () => {
  const idEd = join(dir, 'id_ed25519');
  const idP256 = join(dir, 'id_ecdsa');
  copyFileSync(join(FIXTURES, 'keys/ed25519.openssh.enc'), idEd);
  copyFileSync(join(FIXTURES, 'certs/user-valid-cert.pub'), `${idEd}-cert.pub`);
  copyFileSync(join(FIXTURES, 'keys/ecdsa256.openssh'), idP256); // no -cert.pub next to it
  const list = join(dir, 'list');
  copyFileSync(join(FIXTURES, 'keys/list.private'), list);
  const certs = join(FIXTURES, 'certs/list-cert.pub');

  it.each<[string, () => Parameters<typeof node.loadKeypairs>[0], string[]]>([
    ['a key file picks up its -cert.pub', () => [idEd], ['ed+edCert']],
    ['a key file without -cert.pub', () => [idP256], ['p256+-']],
    ['a single string is a key list file', () => list, ['ed+-', 'p256+-', 'rsa+-']],
    ['a single string naming one key still pairs', () => idEd, ['ed+edCert']],
    ['[file, cert file] with two certificates', () => [[idEd, certs]], ['ed+edCert', 'ed+edCert2']],
    ['[file, null] drops the certificate', () => [[idEd, null]], ['ed+-']],
    [
      'files, bytes and objects mixed',
      () => [idP256, [ed, edCert], fixtureBytes('keys/rsa2048.pem')],
      ['p256+-', 'ed+edCert', 'rsa+-'],
    ],
  ])('%s', async (_what, spec, expected) => {
    expect(describePairs(await node.loadKeypairs(spec(), PASSPHRASE))).toEqual(expected);
  });

  it('a missing key file is the file system error; extra certificate files attach', async () => {
    await expect(node.loadKeypairs([join(dir, 'nope')])).rejects.toMatchObject({ code: 'ENOENT' });
    const pairs = await node.loadKeypairs([idP256], undefined, {
      certificates: [join(FIXTURES, 'certs/user-forever-cert.pub')],
    });
    expect(describePairs(pairs)).toEqual(['p256+forever']);
  });

  it('loadPublicKeys, loadCertificates, readCertificateList', async () => {
    const pubList = join(dir, 'keys.pub');
    writeFileSync(pubList, fixture('keys/list.pub'));
    expect((await node.loadPublicKeys(pubList)).map(label)).toEqual(['ed', 'p256', 'rsa', 'p384']);
    expect((await node.loadPublicKeys([join(FIXTURES, 'keys/rsa2048.pub'), ed])).map(label)).toEqual([
      'rsa',
      'ed',
    ]);
    expect((await node.loadCertificates(certs)).map((c) => c.keyId)).toEqual(['alice@example', 'opts']);
    expect((await node.readCertificateList(certs)).length).toBe(2);
  });
});
