import { describe, expect, it } from '@jest/globals';
import { KeyEncryptionError, KeyImportError } from '../src/errors.js';
import { importPrivateKey, importPublicKey } from '../src/import.js';
import { generatePrivateKey, type PrivateKeyFormat, type PublicKeyFormat, type SSHKey } from '../src/key.js';
import { EC_RSA_NAMES, fixture, fixtureBytes, KEY_NAMES, PASSPHRASE } from './support/fixtures.js';

const data = new TextEncoder().encode('sign me');

function fpOf(line: string): string {
  return line.split(' ')[1] as string;
}

function bitsOf(line: string): number {
  return Number(line.split(' ')[0]);
}

const cache = new Map<string, SSHKey>();
function openssh(name: string): SSHKey {
  let k = cache.get(name);
  if (!k) {
    k = importPrivateKey(fixture(`keys/${name}.openssh`));
    cache.set(name, k);
  }
  return k;
}

describe.each(KEY_NAMES)('%s fixtures from ssh-keygen', (name) => {
  const pub = fixture(`keys/${name}.pub`);
  const sha = fixture(`keys/${name}.fp.sha256`);
  const md5 = fixture(`keys/${name}.fp.md5`);

  it('imports the unencrypted openssh key with its comment, public half and fingerprints', () => {
    const key = openssh(name);
    expect(key.isPrivate).toBe(true);
    expect(key.comment).toBe(`sshkit fixture ${name}`);
    expect(key.exportPublicKey('openssh')).toBe(pub);
    expect(key.getFingerprint()).toBe(fpOf(sha));
    expect(key.getFingerprint('sha256')).toBe(fpOf(sha));
    expect(key.getFingerprint('md5')).toBe(fpOf(md5));
    expect(key.bits).toBe(bitsOf(sha));
  });

  it('imports the public key in openssh and RFC 4716 form', () => {
    const a = importPublicKey(pub);
    expect(a.isPrivate).toBe(false);
    expect(a.comment).toBe(`sshkit fixture ${name}`);
    expect(a.equals(openssh(name))).toBe(true);
    const b = importPublicKey(fixture(`keys/${name}.rfc4716.pub`));
    expect(b.equals(a)).toBe(true);
    expect(b.comment).toMatch(/converted by .* from OpenSSH$/);
  });

  it('imports the encrypted openssh key with the passphrase (bcrypt_pbkdf + aes256-ctr)', () => {
    const key = importPrivateKey(fixture(`keys/${name}.openssh.enc`), PASSPHRASE);
    expect(key.equals(openssh(name))).toBe(true);
    expect(key.sign(data).length).toBeGreaterThan(0);
  });

  it('signs, and the public half verifies; a changed message does not', () => {
    const key = openssh(name);
    const sig = key.sign(data);
    const pubKey = importPublicKey(pub);
    expect(pubKey.verify(data, sig)).toBe(true);
    expect(pubKey.verify(new TextEncoder().encode('sign me!'), sig)).toBe(false);
  });
});

describe.each(EC_RSA_NAMES)('%s PEM/PKCS#8/SPKI fixtures', (name) => {
  const expected = () => openssh(name);

  it.each([
    ['PKCS#1/SEC1 PEM', `keys/${name}.pem`, undefined],
    ['legacy encrypted PEM (AES-128-CBC)', `keys/${name}.pem.enc`, PASSPHRASE],
    ['PKCS#8 PEM', `keys/${name}.pkcs8`, undefined],
    ['PKCS#8 PBES2 (PBKDF2-SHA256, AES-256-CBC)', `keys/${name}.pkcs8.enc`, PASSPHRASE],
  ])('imports %s', (_what, path, pass) => {
    const key = importPrivateKey(fixture(path), pass);
    expect(key.isPrivate).toBe(true);
    expect(key.equals(expected())).toBe(true);
  });

  it('imports PKCS#8 DER', () => {
    expect(importPrivateKey(fixtureBytes(`keys/${name}.pkcs8.der`)).equals(expected())).toBe(true);
  });

  it('imports the SubjectPublicKeyInfo written by ssh-keygen -e -m PKCS8', () => {
    expect(importPublicKey(fixture(`keys/${name}.spki.pub`)).equals(expected())).toBe(true);
  });
});

describe('other fixture variants', () => {
  it.each([
    ['keys/rsa2048.pkcs8-sha1-aes128.enc', 'rsa2048'],
    ['keys/rsa2048.pem-aes256.enc', 'rsa2048'],
    ['keys/ecdsa256.pem-aes192.enc', 'ecdsa256'],
    ['keys/ed25519.openssh-aes128-ctr.enc', 'ed25519'],
    ['keys/ed25519.openssh-aes192-ctr.enc', 'ed25519'],
    ['keys/ed25519.openssh-aes256-cbc.enc', 'ed25519'],
  ])('imports %s', (path, name) => {
    expect(importPrivateKey(fixture(path), PASSPHRASE).equals(openssh(name))).toBe(true);
  });

  it('imports PKCS#1 DER', () => {
    expect(importPrivateKey(fixtureBytes('keys/rsa2048.pkcs1.der')).equals(openssh('rsa2048'))).toBe(true);
  });

  it('imports openssl Ed25519 PKCS#8 (plain and encrypted) matching its SPKI', () => {
    const spki = importPublicKey(fixture('keys/ed25519-openssl.spki.pub'));
    expect(importPrivateKey(fixture('keys/ed25519-openssl.pkcs8')).equals(spki)).toBe(true);
    expect(importPrivateKey(fixture('keys/ed25519-openssl.pkcs8.enc'), PASSPHRASE).equals(spki)).toBe(true);
  });

  it.each([
    ['keys/ed25519.openssh-3des-cbc.enc', 'ed25519'],
    ['keys/ed25519.openssh-aes128-gcm.enc', 'ed25519'],
    ['keys/ed25519.openssh-aes256-gcm.enc', 'ed25519'],
    ['keys/ed25519.openssh-chacha20-poly1305.enc', 'ed25519'],
    ['keys/rsa2048.openssh-aes256-gcm.enc', 'rsa2048'],
    ['keys/ecdsa256.openssh-chacha20-poly1305.enc', 'ecdsa256'],
  ])('imports %s (ssh-keygen -Z), and a wrong passphrase fails the tag or check bytes', (path, name) => {
    expect(importPrivateKey(fixture(path), PASSPHRASE).equals(openssh(name))).toBe(true);
    expect(() => importPrivateKey(fixture(path), 'wrong')).toThrow(
      expect.objectContaining({ name: 'KeyEncryptionError', reason: 'wrong-passphrase' }),
    );
  });
});

function failure(fn: () => unknown): { name: string; reason: string } {
  try {
    fn();
  } catch (e) {
    if (KeyImportError.isInstance(e) || KeyEncryptionError.isInstance(e))
      return { name: e.name, reason: e.reason };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('import failures are typed and distinct', () => {
  it.each([['keys/ed25519.openssh.enc'], ['keys/rsa2048.pem.enc'], ['keys/ecdsa256.pkcs8.enc']])(
    '%s: missing passphrase, wrong passphrase',
    (path) => {
      expect(failure(() => importPrivateKey(fixture(path)))).toEqual({
        name: 'KeyEncryptionError',
        reason: 'passphrase-required',
      });
      expect(failure(() => importPrivateKey(fixture(path), 'wrong'))).toEqual({
        name: 'KeyEncryptionError',
        reason: 'wrong-passphrase',
      });
    },
  );

  it('unsupported legacy PEM cipher', () => {
    const text = fixture('keys/rsa2048.pem.enc').replace('AES-128-CBC', 'BF-CBC');
    expect(failure(() => importPrivateKey(text, PASSPHRASE))).toEqual({
      name: 'KeyEncryptionError',
      reason: 'unsupported-cipher',
    });
  });

  it('truncated openssh container', () => {
    const key = openssh('ed25519');
    const pem = key.exportPrivateKey('openssh');
    const body = pem.split('\n').slice(1, -2).join('');
    const cut = body.slice(0, 120);
    const text = `-----BEGIN OPENSSH PRIVATE KEY-----\n${cut}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(failure(() => importPrivateKey(text))).toEqual({ name: 'KeyImportError', reason: 'truncated' });
  });

  it('corrupted check bytes in an unencrypted openssh container', () => {
    const bytes = fixture('keys/ed25519.openssh');
    const blocks = bytes.split('\n');
    const body = Buffer.from(blocks.slice(1, -2).join(''), 'base64');
    // The private section starts after magic, "none", "none", "", count, pubkey, length.
    const pubLen = body.readUInt32BE(15 + 8 + 8 + 4 + 4);
    const at = 15 + 8 + 8 + 4 + 4 + 4 + pubLen + 4;
    body[at] = (body[at] as number) ^ 1;
    const text = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(failure(() => importPrivateKey(text))).toEqual({ name: 'KeyImportError', reason: 'corrupted' });
  });

  it('unrecognized input', () => {
    expect(failure(() => importPrivateKey('hello world'))).toEqual({
      name: 'KeyImportError',
      reason: 'unrecognized-format',
    });
    expect(failure(() => importPublicKey('hello'))).toEqual({
      name: 'KeyImportError',
      reason: 'unrecognized-format',
    });
  });

  it('unsupported key type', () => {
    const line = `ssh-foo ${Buffer.from('\0\0\0\x07ssh-foo').toString('base64')}`;
    expect(failure(() => importPublicKey(line))).toEqual({
      name: 'KeyImportError',
      reason: 'unsupported-algorithm',
    });
  });

  it('a public key whose point is off the curve', () => {
    const key = openssh('ecdsa256');
    const blob = key.publicBlob;
    blob[blob.length - 1] = (blob[blob.length - 1] as number) ^ 1;
    expect(failure(() => importPublicKey(blob))).toEqual({ name: 'KeyImportError', reason: 'invalid-key' });
  });
});

const PRIVATE_FORMATS: PrivateKeyFormat[] = ['openssh', 'pkcs1-pem', 'pkcs1-der', 'pkcs8-pem', 'pkcs8-der'];
const PUBLIC_FORMATS: PublicKeyFormat[] = [
  'openssh',
  'rfc4716',
  'pkcs1-pem',
  'pkcs1-der',
  'pkcs8-pem',
  'pkcs8-der',
];

function supports(key: SSHKey, format: string): boolean {
  if (format.startsWith('pkcs1'))
    return key.algorithm === 'ssh-rsa' || (key.isPrivate && key.algorithm.startsWith('ecdsa'));
  return true;
}

describe.each(KEY_NAMES)('%s export/import round trips', (name) => {
  it.each(PRIVATE_FORMATS)('private %s, plain', (format) => {
    const key = openssh(name);
    if (!supports(key, format)) {
      expect(() => key.exportPrivateKey(format)).toThrow(expect.objectContaining({ name: 'KeyExportError' }));
      return;
    }
    const again = importPrivateKey(key.exportPrivateKey(format));
    expect(again.equals(key)).toBe(true);
    expect(again.isPrivate).toBe(true);
    expect(again.verify(data, key.sign(data))).toBe(true);
  });

  it.each(['openssh', 'pkcs1-pem', 'pkcs8-pem', 'pkcs8-der'] as const)('private %s, encrypted', (format) => {
    const key = openssh(name);
    if (!supports(key, format)) {
      expect(() => key.exportPrivateKey(format, 'secret')).toThrow(
        expect.objectContaining({ name: 'KeyExportError' }),
      );
      return;
    }
    const out = key.exportPrivateKey(format, 'secret', { rounds: 2 });
    expect(key.equals(importPrivateKey(out, 'secret'))).toBe(true);
    expect(failure(() => importPrivateKey(out, 'wrong')).reason).toBe('wrong-passphrase');
  });

  it.each(PUBLIC_FORMATS)('public %s', (format) => {
    const key = openssh(name).convertToPublic();
    if (format.startsWith('pkcs1') && key.algorithm !== 'ssh-rsa') {
      expect(() => key.exportPublicKey(format)).toThrow(
        expect.objectContaining({ reason: 'unsupported-format' }),
      );
      return;
    }
    const again = importPublicKey(key.exportPublicKey(format));
    expect(again.equals(key)).toBe(true);
    if (format === 'openssh' || format === 'rfc4716') expect(again.comment).toBe(key.comment);
  });
});

describe('generatePrivateKey', () => {
  it.each(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const)(
    '%s',
    (alg) => {
      const key = generatePrivateKey(alg, { comment: 'gen' });
      expect(key.algorithm).toBe(alg);
      expect(key.comment).toBe('gen');
      expect(key.convertToPublic().verify(data, key.sign(data))).toBe(true);
    },
  );

  it('ssh-rsa 2048 signs with rsa-sha2-512 by default and with each RSA algorithm on request', () => {
    const key = generatePrivateKey('ssh-rsa', { bits: 2048 });
    expect(key.bits).toBe(2048);
    const sig = key.sign(data);
    expect(new TextDecoder().decode(sig.subarray(4, 16))).toBe('rsa-sha2-512');
    for (const alg of ['rsa-sha2-256', 'ssh-rsa']) expect(key.verify(data, key.sign(data, alg))).toBe(true);
    expect(() => key.sign(data, 'ssh-ed25519')).toThrow(
      expect.objectContaining({ name: 'KeySignError', reason: 'unsupported-signature-algorithm' }),
    );
  });

  it('a public key cannot sign or export a private key', () => {
    const pub = openssh('ed25519').convertToPublic();
    expect(() => pub.sign(data)).toThrow(
      expect.objectContaining({ name: 'KeySignError', reason: 'not-private' }),
    );
    expect(() => pub.exportPrivateKey()).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'not-private' }),
    );
  });

  it('rejects an unknown type', () => {
    expect(() => generatePrivateKey('ssh-foo' as never)).toThrow(RangeError);
    expect(() => generatePrivateKey('sk-ssh-ed25519@openssh.com' as never)).toThrow(RangeError);
  });
});
