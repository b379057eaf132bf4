// encodeAgentPrivateKey: the ADD_IDENTITY key encoding of draft-miller-ssh-agent,
// of plain keys and of certified keys, checked against the bytes ssh-add sends.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { decodeBase64, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { importCertificate, type SSHCertificate } from '../src/certificate.js';
import { KeyExportError } from '../src/errors.js';
import { importPrivateKey, importPublicKey } from '../src/import.js';
import {
  encodeAgentPrivateKey,
  type GeneratableKeyType,
  generatePrivateKey,
  type SSHKey,
} from '../src/key.js';
import {
  copyFixturePrivate,
  describeWithTool,
  fixture,
  HAVE_SSH_ADD,
  HAVE_SSH_KEYGEN,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const execFileAsync = promisify(execFile);

const TYPES: readonly GeneratableKeyType[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
];

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('encodeAgentPrivateKey', () => {
  it('ssh-ed25519: type, public key, then seed || public key', () => {
    const key = generatePrivateKey('ssh-ed25519');
    const data = key.privateData;
    if (data?.kind !== 'ed25519') throw new Error('not an ed25519 key');
    const r = new WireReader(encodeAgentPrivateKey(key));
    expect(r.utf8()).toBe('ssh-ed25519');
    expect(r.string()).toEqual(data.publicKey);
    expect(r.string()).toEqual(Uint8Array.of(...data.seed, ...data.publicKey));
    r.expectEnd();
  });

  it('ecdsa-sha2-nistp256: type, curve, Q, d', () => {
    const key = generatePrivateKey('ecdsa-sha2-nistp256');
    const data = key.privateData;
    if (data?.kind !== 'ecdsa') throw new Error('not an ECDSA key');
    const r = new WireReader(encodeAgentPrivateKey(key));
    expect(r.utf8()).toBe('ecdsa-sha2-nistp256');
    expect(r.utf8()).toBe('nistp256');
    expect(r.string()).toEqual(data.Q);
    expect(r.mpint()).toBe(data.d);
    r.expectEnd();
  });

  it('ssh-rsa: type, n, e, d, iqmp, p, q', () => {
    const key = generatePrivateKey('ssh-rsa', { bits: 2048 });
    const data = key.privateData;
    if (data?.kind !== 'rsa') throw new Error('not an RSA key');
    const r = new WireReader(encodeAgentPrivateKey(key));
    expect(r.utf8()).toBe('ssh-rsa');
    expect([r.mpint(), r.mpint(), r.mpint()]).toEqual([data.n, data.e, data.d]);
    const iqmp = r.mpint();
    const [p, q] = [r.mpint(), r.mpint()];
    r.expectEnd();
    expect([p, q]).toEqual([data.p, data.q]);
    expect((iqmp * q) % p).toBe(1n);
  });

  it.each(TYPES)('%s: the same bytes as the key in an OpenSSH private key file', (type) => {
    const key = generatePrivateKey(type, { bits: 2048, comment: 'c' });
    const pem = key.exportPrivateKey('openssh');
    const body = decodeBase64(
      pem
        .split('\n')
        .filter((l) => !l.startsWith('-----'))
        .join(''),
    );
    const encoded = encodeAgentPrivateKey(key);
    const at = indexOf(body, encoded);
    expect(at).toBeGreaterThan(0);
    // In the file, the comment follows the key fields, as in the agent message.
    const after = new WireReader(body, {}, at + encoded.length);
    expect(after.utf8()).toBe('c');
  });

  it('refuses a public key', () => {
    const pub = generatePrivateKey('ssh-ed25519').convertToPublic();
    expect(() => encodeAgentPrivateKey(pub)).toThrow(KeyExportError);
    try {
      encodeAgentPrivateKey(pub);
    } catch (e) {
      expect(KeyExportError.isInstance(e) && e.reason).toBe('not-private');
    }
  });
});

/** A private fixture key; its comment is set to `comment`. */
function fixtureKey(name: string, comment = 'agent'): SSHKey {
  const key = importPrivateKey(fixture(`keys/${name}.openssh`));
  key.comment = comment;
  return key;
}

const ca = generatePrivateKey('ssh-ed25519');

/** Reads `string cert type || string cert blob`, leaving the reader on the private fields. */
function certHead(key: SSHKey, cert: SSHCertificate): WireReader {
  const r = new WireReader(encodeAgentPrivateKey(key, cert));
  expect(r.utf8()).toBe(cert.algorithm);
  expect(r.string()).toEqual(cert.blob);
  return r;
}

function exportReason(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (KeyExportError.isInstance(e)) return e.reason;
    throw e;
  }
  return undefined;
}

describe('encodeAgentPrivateKey with a certificate (OpenSSH sshkey_private_serialize of a cert)', () => {
  it('ssh-ed25519-cert: certificate, then pk and seed || pk as without one', () => {
    const key = fixtureKey('ed25519');
    const data = key.privateData;
    if (data?.kind !== 'ed25519') throw new Error('not an ed25519 key');
    const cert = ca.generateUserCertificate(key, 'id');
    expect(cert.algorithm).toBe('ssh-ed25519-cert-v01@openssh.com');
    const r = certHead(key, cert);
    expect(r.string()).toEqual(data.publicKey);
    expect(r.string()).toEqual(Uint8Array.of(...data.seed, ...data.publicKey));
    r.expectEnd();
  });

  it.each(['ecdsa256', 'ecdsa384', 'ecdsa521'])('%s cert: certificate, then d alone', (name) => {
    const key = fixtureKey(name);
    const data = key.privateData;
    if (data?.kind !== 'ecdsa') throw new Error('not an ECDSA key');
    const cert = ca.generateUserCertificate(key, 'id');
    expect(cert.algorithm).toBe(`${key.algorithm}-cert-v01@openssh.com`);
    const r = certHead(key, cert);
    expect(r.mpint()).toBe(data.d);
    r.expectEnd();
  });

  it('ssh-rsa-cert: certificate, then d, iqmp, p, q (no n, e)', () => {
    const key = fixtureKey('rsa2048');
    const data = key.privateData;
    if (data?.kind !== 'rsa') throw new Error('not an RSA key');
    const r = certHead(key, ca.generateUserCertificate(key, 'id'));
    expect([r.mpint(), r.mpint(), r.mpint(), r.mpint()]).toEqual([data.d, data.qi, data.p, data.q]);
    r.expectEnd();
  });

  it('ssh-dss-cert: certificate, then x', () => {
    const key = fixtureKey('dsa1024');
    const data = key.privateData;
    if (data?.kind !== 'dsa') throw new Error('not a DSA key');
    const r = certHead(key, ca.generateUserCertificate(key, 'id'));
    expect(r.mpint()).toBe(data.x);
    r.expectEnd();
  });

  it('ssh-ed448-cert (AsyncSSH): certificate, then pk and seed || pk', () => {
    const key = generatePrivateKey('ssh-ed448');
    const data = key.privateData;
    if (data?.kind !== 'ed448') throw new Error('not an ed448 key');
    const r = certHead(key, ca.generateHostCertificate(key, 'id'));
    expect(r.string()).toEqual(data.publicKey);
    expect(r.string()).toEqual(Uint8Array.of(...data.seed, ...data.publicKey));
    r.expectEnd();
  });

  it('a v00 certificate goes in the same layout (older OpenSSH agents decoded both alike)', () => {
    const key = fixtureKey('rsa2048');
    const data = key.privateData;
    if (data?.kind !== 'rsa') throw new Error('not an RSA key');
    const cert = importCertificate(fixture('certs/user-v00-rsa-cert.pub'));
    expect(cert.version).toBe('v00');
    const r = certHead(key, cert);
    expect([r.mpint(), r.mpint(), r.mpint(), r.mpint()]).toEqual([data.d, data.qi, data.p, data.q]);
    r.expectEnd();
  });

  it('refuses a certificate of another key: certificate-mismatch', () => {
    const key = fixtureKey('ed25519');
    const other = ca.generateUserCertificate(generatePrivateKey('ssh-ed25519'), 'other');
    expect(exportReason(() => encodeAgentPrivateKey(key, other))).toBe('certificate-mismatch');
    const rsaCert = ca.generateUserCertificate(fixtureKey('rsa2048'), 'rsa');
    expect(exportReason(() => encodeAgentPrivateKey(key, rsaCert))).toBe('certificate-mismatch');
  });

  it('refuses a public key with its certificate: not-private', () => {
    const key = fixtureKey('ecdsa256');
    const cert = ca.generateUserCertificate(key, 'id');
    expect(exportReason(() => encodeAgentPrivateKey(key.convertToPublic(), cert))).toBe('not-private');
  });

  it.each(['sk-ed25519', 'sk-ecdsa256'])(
    '%s: a security key, alone or certified, is unsupported-format',
    (name) => {
      const cert = importCertificate(fixture(`certs/user-${name}-cert.pub`));
      const key = importPublicKey(fixture(`keys/${name}.pub`));
      expect(exportReason(() => encodeAgentPrivateKey(key))).toBe('unsupported-format');
      expect(exportReason(() => encodeAgentPrivateKey(cert.key, cert))).toBe('unsupported-format');
      expect(() => encodeAgentPrivateKey(cert.key, cert)).toThrow('authenticator');
    },
  );
});

/**
 * A fake agent on a Unix socket that records every request and answers
 * SUCCESS (an empty IDENTITIES_ANSWER to a key listing).
 */
async function recordingAgent(path: string): Promise<{ requests: Uint8Array[]; close(): Promise<void> }> {
  const requests: Uint8Array[] = [];
  const server = createServer((socket) => {
    let buffered = new Uint8Array(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Uint8Array.of(...buffered, ...chunk);
      while (buffered.length >= 4) {
        const length = new DataView(buffered.buffer, buffered.byteOffset).getUint32(0);
        if (buffered.length < 4 + length) break;
        const message = buffered.slice(4, 4 + length);
        buffered = buffered.slice(4 + length);
        requests.push(message);
        socket.write(
          message[0] === 11 ? Uint8Array.of(0, 0, 0, 5, 12, 0, 0, 0, 0) : Uint8Array.of(0, 0, 0, 1, 6),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Key types this OpenSSH still loads (DSA is gone from OpenSSH 10). */
function opensshKeyNames(): string[] {
  const names = ['ed25519', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'rsa2048'];
  try {
    if (run('ssh', ['-Q', 'key']).split('\n').includes('ssh-dss')) names.push('dsa1024');
  } catch {
    // no ssh client to ask: leave DSA out
  }
  return names;
}

describeWithTool('ssh-add', HAVE_SSH_ADD && HAVE_SSH_KEYGEN)('the bytes ssh-add sends', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const caPath = copyFixturePrivate(dir, 'certs/ca');

  it.each(opensshKeyNames())('%s: a key and its ssh-keygen -s certificate, byte for byte', async (name) => {
    const key = fixtureKey(name, `${name}-comment`);
    const path = writePrivate(dir, `id_${name}`, key.exportPrivateKey('openssh'));
    writeFileSync(`${path}.pub`, key.exportPublicKey());
    run('ssh-keygen', ['-q', '-s', caPath, '-I', `${name}-id`, '-n', 'alice', `${path}.pub`]);
    const cert = importCertificate(readFileSync(`${path}-cert.pub`, 'utf8'));
    const agent = await recordingAgent(join(dir, `agent-${name}.sock`));
    try {
      await execFileAsync('ssh-add', [path], {
        env: { ...process.env, SSH_AUTH_SOCK: join(dir, `agent-${name}.sock`) },
      });
    } finally {
      await agent.close();
    }
    const comment = new WireWriter().string(`${name}-comment`).finish();
    const adds = agent.requests.filter((m) => m[0] === 17);
    expect(adds).toEqual([
      Uint8Array.of(17, ...encodeAgentPrivateKey(key), ...comment),
      Uint8Array.of(17, ...encodeAgentPrivateKey(key, cert), ...comment),
    ]);
  });
});
