// Connection-level options between our client and our server: announced
// software versions, disableTrivialAuth, hostKeyAlias for known_hosts and host
// certificates, the local address and address family, and TCP keepalive on
// both ends.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  connect,
  generatePrivateKey,
  importKnownHosts,
  type SSHAcceptor,
  type SSHClientConnection,
  type SSHServerConnection,
} from '../src/index.js';
import { listenOpen, OpenServer } from './support/loopback.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const ca = generatePrivateKey('ssh-ed25519');
const hostCert = ca.generateHostCertificate(hostKey, 'aliased-host', { principals: ['build-box'] });

/**
 * The timer Linux runs on the established TCP socket between these ports, once
 * no retransmission is pending: `/proc/net/tcp`'s `tr` column, 2 for a
 * keepalive timer, 0 for none; undefined where there is no /proc/net/tcp.
 */
async function idleTimer(localPort: number, remotePort: number): Promise<string | undefined> {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (let tries = 0; ; tries++) {
    const fields = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((f) => f[1]?.endsWith(hex(localPort)) && f[2]?.endsWith(hex(remotePort)) && f[3] === '01');
    if (!fields) throw new Error(`no established socket from port ${localPort} to ${remotePort}`);
    const timer = fields[5]?.split(':')[0];
    // 01: a segment is waiting for its ACK (delayed on loopback); the idle state comes right after.
    if (timer !== '01' || tries === 50) return timer;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('connection options between our client and our server', () => {
  let acceptor: SSHAcceptor;
  let keepaliveOff: SSHAcceptor;
  const serverConns: SSHServerConnection[] = [];
  const clients: SSHClientConnection[] = [];
  class Recorder extends OpenServer {
    override connectionMade(conn: SSHServerConnection) {
      serverConns.push(conn);
    }
  }

  beforeAll(async () => {
    acceptor = await listenOpen([hostKey, hostCert], {
      serverVersion: 'buildfarm_2.1',
      serverFactory: () => new Recorder(),
    });
    keepaliveOff = await listenOpen(hostKey, { tcpKeepalive: false, serverFactory: () => new Recorder() });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    acceptor.close();
    keepaliveOff.close();
    await Promise.all([acceptor.waitClosed(), keepaliveOff.waitClosed()]);
  });

  async function open(host: string, options: Parameters<typeof connect>[1], target = acceptor) {
    const conn = await connect(host, {
      port: target.getPort(),
      username: 'u',
      clientKeys: [],
      agentPath: null,
      config: null,
      knownHosts: [[hostKey.convertToPublic()], [], []],
      serverHostKeyAlgs: ['ssh-ed25519'],
      ...options,
    });
    clients.push(conn);
    return conn;
  }

  it('announces clientVersion and serverVersion, and refuses a version with a space', async () => {
    const conn = await open('127.0.0.1', { clientVersion: 'deployer_1.0' });
    expect(conn.getExtraInfo('serverVersion')).toBe('SSH-2.0-buildfarm_2.1');
    expect(serverConns.at(-1)?.getExtraInfo('clientVersion')).toBe('SSH-2.0-deployer_1.0');
    const before = serverConns.length;
    await expect(open('127.0.0.1', { clientVersion: 'two words' })).rejects.toBeInstanceOf(RangeError);
    // The refused client closed its TCP connection: the server sees it go.
    while (serverConns.length === before) await new Promise((r) => setTimeout(r, 10));
    await serverConns.at(-1)?.waitClosed();
  });

  it('refuses a server that lets the client in unchallenged with disableTrivialAuth', async () => {
    await expect(open('127.0.0.1', { disableTrivialAuth: true })).rejects.toMatchObject({
      name: 'PermissionDenied',
    });
  });

  it('looks the host key up under hostKeyAlias alone, and checks host certificates against it', async () => {
    const knownHosts = importKnownHosts(`build-box ${hostKey.exportPublicKey('openssh')}\n`);
    await expect(open('127.0.0.1', { knownHosts })).rejects.toMatchObject({ name: 'HostKeyNotVerifiable' });
    const plain = await open('127.0.0.1', { knownHosts, hostKeyAlias: 'build-box' });
    expect(plain.getExtraInfo('hostKeyAlg')).toBe('ssh-ed25519');
    const caFile = importKnownHosts(`@cert-authority build-box ${ca.exportPublicKey('openssh')}\n`);
    const certified = await open('127.0.0.1', {
      knownHosts: caFile,
      hostKeyAlias: 'build-box',
      serverHostKeyAlgs: ['ssh-ed25519-cert-v01@openssh.com'],
    });
    expect(certified.getExtraInfo('hostKeyAlg')).toBe('ssh-ed25519-cert-v01@openssh.com');
    await expect(
      open('127.0.0.1', {
        knownHosts: caFile,
        hostKeyAlias: 'other-box',
        serverHostKeyAlgs: ['ssh-ed25519-cert-v01@openssh.com'],
      }),
    ).rejects.toMatchObject({ name: 'HostKeyNotVerifiable' });
  });

  it('connects from localAddr, resolving only the family asked', async () => {
    const conn = await open('localhost', { localAddr: ['127.0.0.1', 0], family: 4 });
    const [addr] = conn.getExtraInfo('peername') as [string, number];
    expect(addr).toBe('127.0.0.1');
    const [, localPort] = conn.getExtraInfo('sockname') as [string, number];
    const server = serverConns.at(-1);
    expect(server?.getExtraInfo('peername')).toEqual(['127.0.0.1', localPort]);
  });

  it('turns TCP keepalive on at both ends by default, and off when asked', async () => {
    const portOf = (conn: SSHClientConnection) => (conn.getExtraInfo('sockname') as [string, number])[1];
    const on = portOf(await open('127.0.0.1', {}));
    const client = await idleTimer(on, acceptor.getPort());
    if (client === undefined) return; // not Linux: nothing to read the socket option from
    expect(client).toBe('02');
    expect(await idleTimer(acceptor.getPort(), on)).toBe('02');
    const off = portOf(await open('127.0.0.1', { tcpKeepalive: false }, keepaliveOff));
    expect(await idleTimer(off, keepaliveOff.getPort())).toBe('00');
    expect(await idleTimer(keepaliveOff.getPort(), off)).toBe('00');
  });
});
