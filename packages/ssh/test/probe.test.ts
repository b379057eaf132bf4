// getServerHostKey / getServerAuthMethods (AsyncSSH get_server_host_key /
// get_server_auth_methods): what a server shows before anyone logs in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  checkPassword,
  generatePrivateKey,
  getServerAuthMethods,
  getServerHostKey,
  importAuthorizedKeys,
  SSHCertificate,
  SSHKey,
  SSHServer,
} from '../src/index.js';
import { listenOpen } from './support/loopback.js';

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('against OpenSSH sshd', () => {
  let sshd: SshdInstance;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it.each([
    ['ssh-ed25519', 'ssh-ed25519'],
    ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256'],
    ['rsa-sha2-256', 'ssh-rsa'],
  ])('returns the %s host key sshd presents', async (alg, keyType) => {
    const key = await getServerHostKey('127.0.0.1', {
      port: sshd.port,
      config: null,
      serverHostKeyAlgs: [alg],
    });
    expect(key).toBeInstanceOf(SSHKey);
    const line = (key as SSHKey).exportPublicKey('openssh').trim().split(' ').slice(0, 2).join(' ');
    expect(line.startsWith(`${keyType} `)).toBe(true);
    expect(sshd.hostPublicKeys.map((k) => k.split(' ').slice(0, 2).join(' '))).toContain(line);
  });

  it('lists the methods sshd offers (publickey only in the test sshd)', async () => {
    expect(
      await getServerAuthMethods('127.0.0.1', { port: sshd.port, config: null, username: sshd.user }),
    ).toEqual(['publickey']);
  });
});

describe('against our server', () => {
  const ca = generatePrivateKey('ssh-ed25519');
  const hostKey = generatePrivateKey('ssh-ed25519');
  const hostCert = ca.generateHostCertificate(hostKey, 'probe-host', { principals: ['127.0.0.1'] });

  it('returns a host certificate when the server presents one', async () => {
    const acceptor = await listenOpen([hostKey, hostCert]);
    try {
      const key = await getServerHostKey('127.0.0.1', { port: acceptor.getPort(), config: null });
      expect(key).toBeInstanceOf(SSHCertificate);
      expect((key as SSHCertificate).keyId).toBe('probe-host');
    } finally {
      acceptor.close();
    }
  });

  it('lists password and publickey, or none when anyone may come in', async () => {
    class PasswordServer extends SSHServer {
      override passwordAuthSupported() {
        return true;
      }
      override validatePassword(_user: string, password: string) {
        return checkPassword('pw', password);
      }
    }
    const guarded = await listenOpen(hostKey, {
      serverFactory: () => new PasswordServer(),
      authorizedClientKeys: importAuthorizedKeys(ca.exportPublicKey('openssh')),
    });
    const open = await listenOpen(hostKey);
    try {
      const methods = await getServerAuthMethods('127.0.0.1', {
        port: guarded.getPort(),
        config: null,
        username: 'u',
      });
      expect([...methods].sort()).toEqual(['password', 'publickey']);
      expect(
        await getServerAuthMethods('127.0.0.1', { port: open.getPort(), config: null, username: 'u' }),
      ).toEqual(['none']);
    } finally {
      guarded.close();
      open.close();
    }
  });

  it('rejects when nobody listens', async () => {
    const acceptor = await listenOpen(hostKey);
    const port = acceptor.getPort();
    acceptor.close();
    await acceptor.waitClosed();
    await expect(getServerHostKey('127.0.0.1', { port, config: null })).rejects.toThrow(/ECONNREFUSED/);
  });
});
