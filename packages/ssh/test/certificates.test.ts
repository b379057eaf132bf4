// Host and user certificates end to end: our client and server, and both against OpenSSH.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, sshClientArgs, startSshd } from '@sshkit/testkit';
import {
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  importPrivateKey,
  listen,
  type SSHAcceptor,
  type SSHKey,
} from '../src/index.js';

const ca = generatePrivateKey('ssh-ed25519');
const hostKey = generatePrivateKey('ssh-ed25519');
const hostCert = ca.generateHostCertificate(hostKey, 'test-host', { principals: ['127.0.0.1'] });
const userKey = generatePrivateKey('ssh-ed25519');
const userCert = ca.generateUserCertificate(userKey, 'test-user', { principals: ['carol'] });

describe('certificates between our client and our server', () => {
  let acceptor: SSHAcceptor;

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [[hostKey, hostCert]],
      authorizedClientKeys: importAuthorizedKeys(`cert-authority ${ca.exportPublicKey('openssh')}`),
    });
  });
  afterAll(() => acceptor.close());

  it('trusts a host certificate through a @cert-authority CA and logs in with a user certificate', async () => {
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'carol',
      clientKeys: [[userKey, userCert]],
      knownHosts: [[], [ca.convertToPublic()], []],
    });
    expect(conn.getExtraInfo('hostKeyAlg')).toBe('ssh-ed25519-cert-v01@openssh.com');
    conn.close();
  });

  it('refuses a host certificate for another host name', async () => {
    await expect(
      connect('localhost', {
        port: acceptor.getPort(),
        username: 'carol',
        clientKeys: [[userKey, userCert]],
        knownHosts: [[], [ca.convertToPublic()], []],
      }),
    ).rejects.toMatchObject({ name: 'HostKeyNotVerifiable' });
  });

  it('refuses a user certificate for another principal', async () => {
    await expect(
      connect('127.0.0.1', {
        port: acceptor.getPort(),
        username: 'mallory',
        clientKeys: [[userKey, userCert]],
        knownHosts: [[], [ca.convertToPublic()], []],
      }),
    ).rejects.toMatchObject({ name: 'PermissionDenied' });
  });
});

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('certificates with OpenSSH', () => {
  let dir: string;
  let server: SshdInstance;
  let sshCa: SSHKey;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-certs-'));
    execFileSync(tools!['ssh-keygen'], ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'ca')]);
    sshCa = importPrivateKey(readFileSync(join(dir, 'ca'), 'utf8'));
    server = await startSshd({
      hostCertificateAuthority: join(dir, 'ca'),
      trustedUserCAKeys: join(dir, 'ca.pub'),
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('our client trusts sshd host certificates and logs in with a user certificate', async () => {
    const key = generatePrivateKey('ecdsa-sha2-nistp256');
    const cert = sshCa.generateUserCertificate(key, 'sshkit-client', { principals: [server.user] });
    writeFileSync(
      join(dir, 'known_hosts'),
      `@cert-authority [127.0.0.1]:${server.port} ${readFileSync(join(dir, 'ca.pub'), 'utf8')}`,
    );
    const conn = await connect('127.0.0.1', {
      port: server.port,
      username: server.user,
      clientKeys: [[key, cert]],
      knownHosts: join(dir, 'known_hosts'),
    });
    expect(String(conn.getExtraInfo('hostKeyAlg'))).toMatch(/-cert-v01@openssh\.com$/);
    conn.close();
  });

  it('ssh trusts our host certificate through @cert-authority', async () => {
    const acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [
        [hostKey, sshCa.generateHostCertificate(hostKey, 'ours', { principals: ['127.0.0.1'] })],
      ],
    });
    const knownHosts = join(dir, 'known_hosts_ours');
    writeFileSync(
      knownHosts,
      `@cert-authority [127.0.0.1]:${acceptor.getPort()} ${sshCa.exportPublicKey('openssh')}\n`,
    );
    const log = await new Promise<string>((resolve) =>
      execFile(
        tools!.ssh,
        [
          '-v',
          ...sshClientArgs({ port: acceptor.getPort(), knownHostsPath: knownHosts }),
          'nobody@127.0.0.1',
          'true',
        ],
        { encoding: 'utf8', timeout: 20_000 },
        (_e, _o, stderr) => resolve(stderr),
      ),
    );
    acceptor.close();
    expect(log).toMatch(/Server host certificate: ssh-ed25519-cert-v01@openssh\.com/);
    expect(log).toMatch(/Host '\[127\.0\.0\.1\]:\d+' is known and matches the ED25519-CERT host certificate/);
  });
});
