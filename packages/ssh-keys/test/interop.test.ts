// Keys we export must be readable by the real tools: `ssh-keygen -y` for every
// format it reads, `openssl pkey` for PKCS#8 and PKCS#1/SEC1.
import { afterAll, expect, it } from '@jest/globals';
import { importPrivateKey, importPublicKey } from '../src/import.js';
import type { PrivateKeyFormat, SSHKey } from '../src/key.js';
import {
  copyFixturePrivate,
  describeWithTool,
  fixture,
  HAVE_OPENSSL,
  HAVE_SSH_KEYGEN,
  KEY_NAMES,
  PASSPHRASE,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const keys = new Map<string, SSHKey>(
  KEY_NAMES.map((n) => [n, importPrivateKey(fixture(`keys/${n}.openssh`))]),
);
function key(name: string): SSHKey {
  return keys.get(name) as SSHKey;
}
function pubBody(line: string): string {
  return line.split(' ').slice(0, 2).join(' ');
}

type Case = [name: string, format: PrivateKeyFormat, passphrase: string | undefined];
const sshKeygenCases: Case[] = [];
for (const name of KEY_NAMES) {
  for (const pass of [undefined, PASSPHRASE]) {
    sshKeygenCases.push([name, 'openssh', pass]);
    if (name !== 'ed25519') sshKeygenCases.push([name, 'pkcs1-pem', pass], [name, 'pkcs8-pem', pass]);
  }
}

describeWithTool('ssh-keygen', HAVE_SSH_KEYGEN)('ssh-keygen -y reads what we export', () => {
  it.each(sshKeygenCases)('%s %s passphrase=%s', (name, format, pass) => {
    const k = key(name);
    const path = writePrivate(
      dir,
      `${name}-${format}-${pass ?? 'plain'}`,
      k.exportPrivateKey(format, pass, { rounds: 4 }),
    );
    const out = run('ssh-keygen', ['-y', '-P', pass ?? '', '-f', path]);
    expect(pubBody(out.trim())).toBe(pubBody(k.exportPublicKey('openssh').trim()));
  });

  it.each(KEY_NAMES)('%s: ssh-keygen -l on our public export prints our fingerprint', (name) => {
    const k = key(name);
    const path = writePrivate(dir, `${name}.pub`, k.exportPublicKey('openssh'));
    expect(run('ssh-keygen', ['-l', '-E', 'sha256', '-f', path]).split(' ')[1]).toBe(k.getFingerprint());
    expect(run('ssh-keygen', ['-l', '-E', 'md5', '-f', path]).split(' ')[1]).toBe(k.getFingerprint('md5'));
  });

  it.each(KEY_NAMES)('%s: ssh-keygen -i imports our RFC 4716 export', (name) => {
    const k = key(name);
    const path = writePrivate(dir, `${name}.rfc`, k.exportPublicKey('rfc4716'));
    expect(pubBody(run('ssh-keygen', ['-i', '-m', 'RFC4716', '-f', path]).trim())).toBe(
      pubBody(k.exportPublicKey('openssh').trim()),
    );
  });

  it('the fixture copies are usable by ssh-keygen once chmod 0600', () => {
    const path = copyFixturePrivate(dir, 'keys/ed25519.openssh.enc');
    expect(pubBody(run('ssh-keygen', ['-y', '-P', PASSPHRASE, '-f', path]).trim())).toBe(
      pubBody(fixture('keys/ed25519.pub').trim()),
    );
  });
});

const opensslCases: Case[] = [];
for (const name of KEY_NAMES) {
  for (const format of ['pkcs8-pem', 'pkcs8-der', 'pkcs1-pem', 'pkcs1-der'] as const) {
    if (name === 'ed25519' && format.startsWith('pkcs1')) continue;
    opensslCases.push([name, format, undefined]);
    if (format !== 'pkcs1-der') opensslCases.push([name, format, PASSPHRASE]);
  }
}

describeWithTool('openssl', HAVE_OPENSSL)('openssl pkey reads what we export', () => {
  it.each(opensslCases)('%s %s passphrase=%s', (name, format, pass) => {
    const k = key(name);
    const path = writePrivate(
      dir,
      `${name}-${format}-${pass ?? 'plain'}.ossl`,
      k.exportPrivateKey(format, pass),
    );
    const args = ['pkey', '-in', path, '-pubout', '-passin', `pass:${pass ?? ''}`];
    if (format.endsWith('-der')) args.push('-inform', 'DER');
    const spki = run('openssl', args);
    expect(importPublicKey(spki).equals(k)).toBe(true);
    expect(spki).toBe(k.exportPublicKey('pkcs8-pem'));
  });
});
