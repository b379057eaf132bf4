// PuTTY .ppk: fixtures written by puttygen 0.78 (tools/fixtures/generate.sh).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { KeyEncryptionError, KeyImportError } from '../src/errors.js';
import { importPrivateKey } from '../src/import.js';
import type { SSHKey } from '../src/key.js';
import {
  describeWithPuttygen,
  fixture,
  KEY_NAMES,
  PASSPHRASE,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const keys = new Map<string, SSHKey>(
  KEY_NAMES.map((n) => [n, importPrivateKey(fixture(`keys/${n}.openssh`))]),
);
function key(name: string): SSHKey {
  return keys.get(name) as SSHKey;
}
const data = new TextEncoder().encode('ppk');

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

describe.each(KEY_NAMES)('%s .ppk from puttygen', (name) => {
  it.each([
    ['version 2', 'ppk2', undefined],
    ['version 2, aes256-cbc', 'ppk2.enc', PASSPHRASE],
    ['version 3', 'ppk3', undefined],
    ['version 3, Argon2id + aes256-cbc', 'ppk3.enc', PASSPHRASE],
  ])('imports %s with its comment', (_what, ext, pass) => {
    const k = importPrivateKey(fixture(`keys/${name}.${ext}`), pass);
    expect(k.isPrivate).toBe(true);
    expect(k.equals(key(name))).toBe(true);
    expect(k.comment).toBe(`sshkit fixture ${name}`);
    expect(key(name).verify(data, k.sign(data))).toBe(true);
  });

  it('our unencrypted v2 and v3 exports equal puttygen files byte for byte', () => {
    expect(key(name).exportPrivateKey('ppk', undefined, { ppkVersion: 2 })).toBe(
      fixture(`keys/${name}.ppk2`),
    );
    expect(key(name).exportPrivateKey('ppk')).toBe(fixture(`keys/${name}.ppk3`));
  });

  it('our encrypted v2 export equals puttygen (zero IV, SHA-1 padding: deterministic)', () => {
    expect(key(name).exportPrivateKey('ppk', PASSPHRASE, { ppkVersion: 2 })).toBe(
      fixture(`keys/${name}.ppk2.enc`),
    );
  });

  it('missing and wrong passphrases are typed', () => {
    for (const ext of ['ppk2.enc', 'ppk3.enc']) {
      const text = fixture(`keys/${name}.${ext}`);
      expect(failure(() => importPrivateKey(text))).toEqual({
        name: 'KeyEncryptionError',
        reason: 'passphrase-required',
      });
      expect(failure(() => importPrivateKey(text, 'wrong'))).toEqual({
        name: 'KeyEncryptionError',
        reason: 'wrong-passphrase',
      });
    }
  });
});

describe('ppk details', () => {
  it.each(['argon2i', 'argon2d'])('imports a %s file with 2 lanes', (flavor) => {
    const k = importPrivateKey(fixture(`keys/ed25519.ppk3-${flavor}.enc`), PASSPHRASE);
    expect(k.equals(key('ed25519'))).toBe(true);
  });

  it.each([2, 3] as const)('round-trips an encrypted version %d export', (ppkVersion) => {
    for (const name of ['ed25519', 'ecdsa521', 'rsa2048']) {
      const out = key(name).exportPrivateKey('ppk', 'secret', {
        ppkVersion,
        argon2: { memory: 256, passes: 1 },
      });
      expect(out.startsWith(`PuTTY-User-Key-File-${ppkVersion}: ${key(name).algorithm}\n`)).toBe(true);
      const again = importPrivateKey(out, 'secret');
      expect(again.equals(key(name))).toBe(true);
      expect(again.comment).toBe(key(name).comment);
      expect(failure(() => importPrivateKey(out, 'wrong')).reason).toBe('wrong-passphrase');
    }
  });

  it('writes the Argon2 parameters it was given', () => {
    const out = key('ed25519').exportPrivateKey('ppk', 'pw', {
      argon2: { flavor: 'argon2i', memory: 64, passes: 3, parallelism: 2 },
    });
    expect(out).toMatch(
      /\nKey-Derivation: Argon2i\nArgon2-Memory: 64\nArgon2-Passes: 3\nArgon2-Parallelism: 2\nArgon2-Salt: [0-9a-f]{32}\n/,
    );
    expect(importPrivateKey(out, 'pw').equals(key('ed25519'))).toBe(true);
  });

  it('rejects a changed unencrypted file through its MAC', () => {
    const text = fixture('keys/ed25519.ppk3').replace('Comment: sshkit', 'Comment: sshkiT');
    expect(failure(() => importPrivateKey(text))).toEqual({ name: 'KeyImportError', reason: 'corrupted' });
  });

  it.each([
    [
      'an unknown version',
      (t: string) => t.replace('PuTTY-User-Key-File-3', 'PuTTY-User-Key-File-9'),
      'unsupported-algorithm',
    ],
    [
      'an unknown cipher',
      (t: string) => t.replace('Encryption: aes256-cbc', 'Encryption: des-cbc'),
      'unsupported-cipher',
    ],
    [
      'an unknown KDF',
      (t: string) => t.replace('Key-Derivation: Argon2id', 'Key-Derivation: scrypt'),
      'unsupported-kdf',
    ],
    [
      'huge Argon2 memory',
      (t: string) => t.replace(/Argon2-Memory: \d+/, 'Argon2-Memory: 4194304'),
      'invalid-kdf-parameters',
    ],
    [
      'huge Argon2 passes',
      (t: string) => t.replace(/Argon2-Passes: \d+/, 'Argon2-Passes: 100000'),
      'invalid-kdf-parameters',
    ],
    ['a missing line', (t: string) => t.replace(/Comment: .*\n/, ''), 'corrupted'],
    ['a cut file', (t: string) => t.split('\n').slice(0, 5).join('\n'), 'truncated'],
  ])('rejects %s', (_what, edit, reason) => {
    const text = edit(fixture('keys/rsa2048.ppk3.enc'));
    expect(failure(() => importPrivateKey(text, PASSPHRASE)).reason).toBe(reason);
  });

  it('rejects a file whose public blob is of another type than its header', () => {
    const ed = fixture('keys/ed25519.ppk3');
    const text = ed.replace('PuTTY-User-Key-File-3: ssh-ed25519', 'PuTTY-User-Key-File-3: ssh-rsa');
    expect(failure(() => importPrivateKey(text))).toEqual({ name: 'KeyImportError', reason: 'corrupted' });
  });

  it('rejects bad export options', () => {
    expect(() => key('ed25519').exportPrivateKey('ppk', 'pw', { argon2: { memory: 1 } })).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'invalid-option' }),
    );
    expect(() => key('ed25519').exportPrivateKey('ppk', 'pw', { ppkVersion: 4 as 3 })).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'invalid-option' }),
    );
  });
});

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describeWithPuttygen()('puttygen reads our .ppk exports', () => {
  it.each(
    KEY_NAMES.flatMap((n) => [
      [n, 2, undefined],
      [n, 3, undefined],
      [n, 2, PASSPHRASE],
      [n, 3, PASSPHRASE],
    ]) as Array<[string, 2 | 3, string | undefined]>,
  )('%s version %d passphrase=%s', (name, ppkVersion, pass) => {
    const k = key(name);
    // Small Argon2 costs: Argon2 in JavaScript is slow under jest, and puttygen reads any.
    const text = k.exportPrivateKey('ppk', pass, { ppkVersion, argon2: { memory: 512, passes: 1 } });
    const path = writePrivate(dir, `${name}-${ppkVersion}-${pass ?? 'plain'}.ppk`, text);
    const passArgs = pass ? ['--old-passphrase', writePrivate(dir, 'pass', pass)] : [];
    // The public half, and the private key converted back to OpenSSH (puttygen checked the MAC to get it).
    expect(run('puttygen', [path, '-O', 'public-openssh', ...passArgs]).trim()).toBe(
      k.exportPublicKey('openssh').trim(),
    );
    const out = `${path}.openssh`;
    run('puttygen', [path, '-O', 'private-openssh-new', '-o', out, ...passArgs]);
    const again = importPrivateKey(readFileSync(out, 'utf8'), pass); // puttygen keeps the passphrase
    expect(again.equals(k)).toBe(true);
    expect(again.comment).toBe(k.comment);
  });
});
