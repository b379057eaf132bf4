// Client authentication options from AsyncSSH: clientCerts paired with
// clientKeys, ignoreEncrypted, and publicKeyAuth / passwordAuth / kbdintAuth
// switching methods off, against our server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  checkPassword,
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  listen,
  type SSHAcceptor,
  type SSHClientConnection,
  SSHServer,
} from '../src/index.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const ca = generatePrivateKey('ssh-ed25519');
const plainKey = generatePrivateKey('ssh-ed25519');
const certifiedKey = generatePrivateKey('ecdsa-sha2-nistp256');
const certificate = ca.generateUserCertificate(certifiedKey, 'carol-cert', { principals: ['carol'] });

class PasswordServer extends SSHServer {
  override validatePassword(_user: string, password: string) {
    return checkPassword('secret', password);
  }
}

describe('client authentication options', () => {
  let acceptor: SSHAcceptor;
  let dir: string;
  let encryptedPath: string;
  const opened: SSHClientConnection[] = [];

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      authorizedClientKeys: importAuthorizedKeys(
        `${plainKey.exportPublicKey('openssh')}\ncert-authority ${ca.exportPublicKey('openssh')}\n`,
      ),
      serverFactory: () => new PasswordServer(),
    });
    dir = mkdtempSync(join(tmpdir(), 'sshkit-auth-options-'));
    encryptedPath = join(dir, 'id_encrypted');
    writeFileSync(encryptedPath, generatePrivateKey('ssh-ed25519').exportPrivateKey('openssh', 'unknown'), {
      mode: 0o600,
    });
  });
  afterAll(async () => {
    for (const conn of opened) conn.close();
    acceptor.close();
    await acceptor.waitClosed();
    rmSync(dir, { recursive: true, force: true });
  });

  async function login(options: Parameters<typeof connect>[1]): Promise<string> {
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'carol',
      agentPath: null,
      config: null,
      knownHosts: [[hostKey.convertToPublic()], [], []],
      ...options,
    });
    opened.push(conn);
    return String(conn.getExtraInfo('authMethod'));
  }

  it('pairs clientCerts with the clientKeys they certify', async () => {
    await expect(login({ clientKeys: [certifiedKey] })).rejects.toMatchObject({ name: 'PermissionDenied' });
    expect(await login({ clientKeys: [certifiedKey], clientCerts: [certificate] })).toBe('publickey');
  });

  it('skips an encrypted key no passphrase opens with ignoreEncrypted, and fails on it without', async () => {
    await expect(login({ clientKeys: [encryptedPath, plainKey] })).rejects.toMatchObject({
      name: 'KeyEncryptionError',
    });
    expect(await login({ clientKeys: [encryptedPath, plainKey], ignoreEncrypted: true })).toBe('publickey');
  });

  it('leaves out the methods switched off', async () => {
    const both = { clientKeys: [plainKey], password: 'secret' };
    expect(await login(both)).toBe('publickey');
    expect(await login({ ...both, publicKeyAuth: false })).toBe('password');
    expect(await login({ ...both, passwordAuth: false, publicKeyAuth: true })).toBe('publickey');
    await expect(
      login({ ...both, publicKeyAuth: false, passwordAuth: false, kbdintAuth: false }),
    ).rejects.toMatchObject({ name: 'PermissionDenied' });
  });
});
