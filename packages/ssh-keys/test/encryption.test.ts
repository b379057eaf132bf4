// DES/3DES key files: legacy PEM, PKCS#8 PBES2 and PBES1 (openssl), OpenSSH
// containers with 3des-cbc and the AEAD ciphers (ssh-keygen -Z).
import { afterAll, describe, expect, it } from '@jest/globals';
import { importPrivateKey } from '../src/import.js';
import type { SSHKey } from '../src/key.js';
import {
  describeWithTool,
  fixture,
  HAVE_OPENSSL,
  HAVE_SSH_KEYGEN,
  PASSPHRASE,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const NAMES = ['rsa2048', 'ecdsa256', 'dsa1024'] as const;
const keys = new Map<string, SSHKey>(NAMES.map((n) => [n, importPrivateKey(fixture(`keys/${n}.openssh`))]));
const key = (n: string) => keys.get(n) as SSHKey;

describe.each(NAMES)('%s DES fixtures from openssl', (name) => {
  it.each([
    ['legacy PEM DES-EDE3-CBC', 'pem-des3.enc'],
    ['legacy PEM DES-CBC', 'pem-des.enc'],
    ['PKCS#8 PBES2 DES-EDE3-CBC', 'pkcs8-des3.enc'],
    ['PKCS#8 PBES1 pbeWithMD5AndDES-CBC', 'pkcs8-pbe-md5-des.enc'],
    ['PKCS#8 PBES1 pbeWithSHA1AndDES-CBC', 'pkcs8-pbe-sha1-des.enc'],
  ])('imports %s; a missing or wrong passphrase is typed', (_what, ext) => {
    const text = fixture(`keys/${name}.${ext}`);
    expect(importPrivateKey(text, PASSPHRASE).equals(key(name))).toBe(true);
    expect(() => importPrivateKey(text)).toThrow(
      expect.objectContaining({ name: 'KeyEncryptionError', reason: 'passphrase-required' }),
    );
    expect(() => importPrivateKey(text, 'wrong')).toThrow(
      expect.objectContaining({ name: 'KeyEncryptionError', reason: 'wrong-passphrase' }),
    );
  });
});

describe('DES and AEAD exports round-trip', () => {
  it.each([
    ['pkcs1-pem', 'DES-EDE3-CBC'],
    ['pkcs8-pem', 'des-ede3-cbc'],
    ['pkcs8-der', 'des-ede3-cbc'],
    ['openssh', '3des-cbc'],
    ['openssh', 'aes128-gcm@openssh.com'],
    ['openssh', 'aes256-gcm@openssh.com'],
    ['openssh', 'chacha20-poly1305@openssh.com'],
  ] as const)('%s with %s', (format, cipher) => {
    for (const name of NAMES) {
      const out = key(name).exportPrivateKey(format, 'pw', { cipher, rounds: 2 });
      expect(importPrivateKey(out, 'pw').equals(key(name))).toBe(true);
      expect(() => importPrivateKey(out, 'wrong')).toThrow(
        expect.objectContaining({ reason: 'wrong-passphrase' }),
      );
    }
  });

  it('single DES and PBES1 are never written', () => {
    expect(() => key('rsa2048').exportPrivateKey('pkcs1-pem', 'pw', { cipher: 'DES-CBC' })).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'invalid-option' }),
    );
  });

  it('an AEAD container whose tag was changed fails as a wrong passphrase', () => {
    const text = fixture('keys/ed25519.openssh-aes256-gcm.enc');
    const lines = text.trim().split('\n');
    const body = Buffer.from(lines.slice(1, -1).join(''), 'base64');
    body[body.length - 1] = (body[body.length - 1] as number) ^ 1;
    const changed = `${lines[0]}\n${body.toString('base64')}\n${lines[lines.length - 1]}\n`;
    expect(() => importPrivateKey(changed, PASSPHRASE)).toThrow(
      expect.objectContaining({ name: 'KeyEncryptionError', reason: 'wrong-passphrase' }),
    );
  });
});

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describeWithTool('ssh-keygen', HAVE_SSH_KEYGEN)('ssh-keygen -y reads our 3DES and AEAD containers', () => {
  it.each(['3des-cbc', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com'])(
    '%s',
    (cipher) => {
      for (const name of ['rsa2048', 'ecdsa256']) {
        const k = key(name);
        const path = writePrivate(
          dir,
          `${name}-${cipher}`,
          k.exportPrivateKey('openssh', PASSPHRASE, { cipher, rounds: 2 }),
        );
        expect(run('ssh-keygen', ['-y', '-P', PASSPHRASE, '-f', path]).split(' ').slice(0, 2).join(' ')).toBe(
          k.exportPublicKey().split(' ').slice(0, 2).join(' '),
        );
      }
    },
  );
});

describeWithTool('openssl', HAVE_OPENSSL)('openssl reads our 3DES exports', () => {
  it.each([
    ['pkcs1-pem', 'DES-EDE3-CBC'],
    ['pkcs8-pem', 'des-ede3-cbc'],
  ] as const)('%s with %s', (format, cipher) => {
    for (const name of NAMES) {
      const k = key(name);
      const path = writePrivate(
        dir,
        `${name}-${format}.ossl`,
        k.exportPrivateKey(format, PASSPHRASE, { cipher }),
      );
      expect(run('openssl', ['pkey', '-in', path, '-pubout', '-passin', `pass:${PASSPHRASE}`])).toBe(
        k.exportPublicKey('pkcs8-pem'),
      );
    }
  });
});
