// Reverse direction (AsyncSSH connect_reverse / listen_reverse): the server
// side opens the TCP connection, the client side listens.
import { createConnection as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  connectReverse,
  generatePrivateKey,
  HostKeyNotVerifiable,
  importPublicKey,
  listenReverse,
  type ReverseListenOptions,
  type SessionData,
  type SSHClientConnection,
  type SSHKey,
  type SSHReverseListener,
  type SSHServerProcess,
} from '../src/index.js';
import { OpenServer } from './support/loopback.js';

const tools = requireTools('sshd', 'ssh-keygen');
const itInterop = tools ? it : it.skip;

/**
 * A reverse listener on 127.0.0.1 trusting the `trusted` host keys, handing
 * the first connection to the returned promise; `extra` adds or overrides options.
 */
async function waitingClient(
  trusted: SSHKey[],
  extra: Partial<ReverseListenOptions> = {},
): Promise<{ listener: SSHReverseListener; next: Promise<SSHClientConnection> }> {
  let handOver!: (conn: SSHClientConnection) => void;
  const next = new Promise<SSHClientConnection>((resolve) => {
    handOver = resolve;
  });
  const listener = await listenReverse({
    host: '127.0.0.1',
    port: 0,
    username: 'ops',
    clientKeys: [],
    config: null,
    knownHosts: [trusted, [], []],
    acceptor: handOver,
    ...extra,
  });
  return { listener, next };
}

describe('connectReverse / listenReverse', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('runs commands from the listening client on the server that connected', async () => {
    const hostKey = generatePrivateKey('ssh-ed25519');
    const { listener, next } = await waitingClient([hostKey.convertToPublic()]);
    cleanup.push(() => listener.close());
    const serverConn = await connectReverse('127.0.0.1', {
      port: listener.getPort(),
      serverHostKeys: [hostKey],
      serverFactory: () => new OpenServer(),
      processFactory: ((proc: SSHServerProcess<string>) => {
        proc.stdout.write(`reverse ran ${proc.command}\n`);
        proc.exit(3);
      }) as (p: SSHServerProcess<SessionData>) => unknown,
    });
    cleanup.push(() => serverConn.close());
    const conn = await next;
    expect(listener.connections.has(conn)).toBe(true);
    const r = await conn.run('uptime');
    expect(r.stdout).toBe('reverse ran uptime\n');
    expect(r.exitStatus).toBe(3);
    conn.close();
    await conn.waitClosed();
    expect(listener.connections.size).toBe(0);
  });

  it('checks the connecting server’s host key and keeps listening after a refusal', async () => {
    const trusted = generatePrivateKey('ssh-ed25519');
    const errors: Error[] = [];
    const { listener, next } = await waitingClient([trusted.convertToPublic()], {
      errorHandler: (e) => errors.push(e),
    });
    cleanup.push(() => listener.close());
    const serve = (key: typeof trusted) =>
      connectReverse({
        host: '127.0.0.1',
        port: listener.getPort(),
        serverHostKeys: [key],
        serverFactory: () => new OpenServer(),
      });
    await expect(serve(generatePrivateKey('ssh-ed25519'))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HostKeyNotVerifiable);
    const ok = await serve(trusted);
    cleanup.push(() => ok.close());
    expect((await next).getExtraInfo('serverVersion')).toMatch(/^SSH-2.0-/);
  });

  it('fails connectReverse cleanly when nobody listens', async () => {
    const { listener } = await waitingClient([]);
    const port = listener.getPort();
    listener.close();
    await listener.waitClosed();
    await expect(
      connectReverse('127.0.0.1', { port, serverHostKeys: [generatePrivateKey('ssh-ed25519')] }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  itInterop(
    'takes OpenSSH sshd as the server that connected (its socket relayed to the listener)',
    async () => {
      const sshd: SshdInstance = await startSshd();
      cleanup.push(() => sshd.stop());
      const { listener, next } = await waitingClient(
        sshd.hostPublicKeys.map((k) => importPublicKey(k)),
        { username: sshd.user, clientKeys: [sshd.clientKeyPath] },
      );
      cleanup.push(() => listener.close());
      // sshd cannot dial out; a relay does it for it: one socket to sshd, one to the listener.
      const toSshd = netConnect(sshd.port, '127.0.0.1');
      const toListener = netConnect(listener.getPort(), '127.0.0.1');
      toSshd.pipe(toListener).pipe(toSshd);
      cleanup.push(() => {
        toSshd.destroy();
        toListener.destroy();
      });
      const conn = await next;
      expect((await conn.run('echo from sshd')).stdout).toBe('from sshd\n');
      conn.close();
    },
  );
});
