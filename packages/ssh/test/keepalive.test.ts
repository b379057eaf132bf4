// keepaliveInterval / keepaliveCountMax on both sides: answered keepalives
// keep a connection up (OpenSSH's ssh answering our server's too); when the
// peer stops answering, it is dropped with ConnectionLost.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findTool, sshClientArgs } from '@sshkit/testkit';
import { connect, generatePrivateKey, type SSHAcceptor, type SSHServerConnection } from '../src/index.js';
import { listenOpen, OpenServer } from './support/loopback.js';

const hostKey = generatePrivateKey('ssh-ed25519');

/** A TCP relay to `port` that can be frozen: it then drops everything, like a dead network. */
async function freezableRelay(port: number): Promise<{ port: number; freeze(): void; close(): void }> {
  let frozen = false;
  const sockets: Socket[] = [];
  const relay: Server = createServer((inner) => {
    const outer = netConnect(port, '127.0.0.1');
    sockets.push(inner, outer);
    inner.on('data', (d) => frozen || outer.write(d));
    outer.on('data', (d) => frozen || inner.write(d));
    inner.on('error', () => undefined);
    outer.on('error', () => undefined);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  return {
    port: (relay.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      relay.close();
    },
  };
}

describe('keepalive', () => {
  let acceptor: SSHAcceptor;

  beforeAll(async () => {
    acceptor = await listenOpen(hostKey);
  });
  afterAll(() => acceptor.close());

  const options = (port: number) => ({
    port,
    username: 'k',
    clientKeys: [],
    knownHosts: [[hostKey.convertToPublic()], [], []] as [never[], never[], never[]],
    keepaliveInterval: 0.05,
    keepaliveCountMax: 2,
  });

  it('keeps a connection whose peer answers', async () => {
    const conn = await connect('127.0.0.1', options(acceptor.getPort()));
    await new Promise((r) => setTimeout(r, 400));
    await conn.sendKeepalive();
    conn.close();
    expect(await conn.waitClosed()).toBeUndefined();
  });

  it('drops a connection whose peer stopped answering', async () => {
    const relay = await freezableRelay(acceptor.getPort());
    const conn = await connect('127.0.0.1', options(relay.port));
    relay.freeze();
    const error = await conn.waitClosed();
    expect(error).toMatchObject({ name: 'ConnectionLost', code: 10 });
    relay.close();
  });
});

describe('keepalive from the server (sshd ClientAlive*)', () => {
  let acceptor: SSHAcceptor;
  const serverConns: SSHServerConnection[] = [];
  class Recorder extends OpenServer {
    override connectionMade(conn: SSHServerConnection) {
      serverConns.push(conn);
    }
  }

  beforeAll(async () => {
    acceptor = await listenOpen(hostKey, {
      serverFactory: () => new Recorder(),
      keepaliveInterval: 0.05,
      keepaliveCountMax: 2,
      processFactory: async (proc) => {
        await new Promise((r) => setTimeout(r, 500)); // ten keepalive intervals
        proc.exit(0);
      },
    });
  });
  afterAll(() => acceptor.close());

  const login = (port: number) =>
    connect('127.0.0.1', {
      port,
      username: 'k',
      clientKeys: [],
      agentPath: null,
      config: null,
      knownHosts: [[hostKey.convertToPublic()], [], []],
    });

  it('keeps a client that answers (ours) through a command outlasting many intervals', async () => {
    const conn = await login(acceptor.getPort());
    expect((await conn.run('wait')).exitStatus).toBe(0);
    conn.close();
    expect(await conn.waitClosed()).toBeUndefined();
  });

  it('drops a client that stopped answering', async () => {
    const relay = await freezableRelay(acceptor.getPort());
    await login(relay.port);
    const server = serverConns.at(-1);
    relay.freeze();
    expect(await server?.waitClosed()).toMatchObject({ name: 'ConnectionLost', code: 10 });
    relay.close();
  });

  const itSsh = findTool('ssh') ? it : it.skip;
  itSsh("keeps OpenSSH's ssh, whose refusals of keepalive@openssh.com count as answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sshkit-keepalive-'));
    try {
      const knownHosts = join(dir, 'known_hosts');
      writeFileSync(knownHosts, `[127.0.0.1]:${acceptor.getPort()} ${hostKey.exportPublicKey('openssh')}\n`);
      const args = sshClientArgs({ port: acceptor.getPort(), knownHostsPath: knownHosts });
      const status = await new Promise<number | null>((resolve) => {
        const child = spawn(findTool('ssh') as string, [...args, 'k@127.0.0.1', 'wait'], { stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      });
      expect(status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
