import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  connect,
  createMemoryPair,
  generatePrivateKey,
  importAuthorizedKeys,
  listen,
  type SSHAcceptor,
  type SSHClientOptions,
  SSHServer,
} from '../src/index.js';
import { parseTunnelHops } from '../src/tunnel.js';
import { closedPort } from './support/interop-net.js';

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describe('tunnel strings', () => {
  it.each([
    ['jump', [{ host: 'jump', port: undefined, username: undefined }]],
    ['me@jump:2222', [{ host: 'jump', port: 2222, username: 'me' }]],
    ['[::1]:22', [{ host: '::1', port: 22, username: undefined }]],
    ['u@[fe80::1]', [{ host: 'fe80::1', port: undefined, username: 'u' }]],
    ['::1', [{ host: '::1', port: undefined, username: undefined }]],
    [
      'a@one:1,two',
      [
        { host: 'one', port: 1, username: 'a' },
        { host: 'two', port: undefined, username: undefined },
      ],
    ],
  ])('parses %s', (spec, hops) => {
    expect(parseTunnelHops(spec)).toEqual(hops);
  });

  it.each(['', 'me@', '@host', ':22', 'host:', 'host:0', 'host:65536', 'host:x', 'a,,b', 'a b'])(
    'refuses %j with a TypeError',
    (spec) => {
      expect(() => parseTunnelHops(spec)).toThrow(TypeError);
    },
  );

  it('refuses a bad tunnel string and sock together with tunnel before connecting', async () => {
    await expect(connect('127.0.0.1', { tunnel: 'jump:99999' })).rejects.toThrow(TypeError);
    const [sock] = createMemoryPair();
    await expect(connect('127.0.0.1', { tunnel: 'jump', sock })).rejects.toThrow(TypeError);
  });
});

/** Our server as a jump host: allows direct-tcpip and records where to. */
class JumpServer extends SSHServer {
  static readonly opened: string[] = [];
  override connectionRequested(host: string, port: number) {
    JumpServer.opened.push(`${host}:${port}`);
    return true; // listen()'s own forwarding: a real socket to host:port
  }
}

async function until(cond: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  return cond();
}

describeInterop('connect({ tunnel }) through sshd and listen()', () => {
  let jumpSshd: SshdInstance;
  let target: SshdInstance;
  let ours: SSHAcceptor;
  let knownHosts: string;
  let auth: SSHClientOptions;

  beforeAll(async () => {
    // sshd logs direct-tcpip requests at DEBUG1: proof that a connection went through it.
    [jumpSshd, target] = await Promise.all([
      startSshd({ hostKeyTypes: ['ed25519'], config: ['LogLevel DEBUG1'] }),
      startSshd({ hostKeyTypes: ['ed25519'] }),
    ]);
    const hostKey = generatePrivateKey('ssh-ed25519');
    const clientKeys = [jumpSshd.clientKeyPath, target.clientKeyPath];
    ours = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      authorizedClientKeys: importAuthorizedKeys(
        clientKeys.map((k) => readFileSync(`${k}.pub`, 'utf8')).join(''),
      ),
      serverFactory: () => new JumpServer(),
    });
    knownHosts = join(target.dir, 'all_known_hosts');
    writeFileSync(
      knownHosts,
      [
        readFileSync(jumpSshd.knownHostsPath, 'utf8'),
        readFileSync(target.knownHostsPath, 'utf8'),
        `[127.0.0.1]:${ours.getPort()} ${hostKey.exportPublicKey('openssh').trim()}\n`,
      ].join(''),
    );
    auth = { clientKeys, knownHosts, username: target.user };
  });
  afterAll(async () => {
    for (const c of ours?.connections ?? []) c.abort();
    ours?.close();
    await Promise.all([jumpSshd?.stop(), target?.stop()]);
  });

  it('runs over a connection to sshd and leaves that connection open when it closes', async () => {
    await using jump = await connect('127.0.0.1', { ...auth, port: jumpSshd.port });
    await using conn = await connect('127.0.0.1', { ...auth, port: target.port, tunnel: jump });
    expect((await conn.run('echo through the jump')).stdout).toBe('through the jump\n');
    expect(conn.getExtraInfo('peername')).toEqual(['127.0.0.1', target.port]);
    expect(await until(() => jumpSshd.log().includes(`target 127.0.0.1 port ${target.port}`))).toBe(true);
    conn.close();
    expect(await conn.waitClosed()).toBeUndefined();
    expect((await jump.run('echo jump still up')).stdout).toBe('jump still up\n');
  });

  it('opens the jump connection from a string through listen() and closes it with the tunnelled one', async () => {
    JumpServer.opened.length = 0;
    await using conn = await connect('127.0.0.1', {
      ...auth,
      port: target.port,
      tunnel: `tester@127.0.0.1:${ours.getPort()}`,
    });
    expect((await conn.run('echo via listen')).stdout).toBe('via listen\n');
    expect(JumpServer.opened).toEqual([`127.0.0.1:${target.port}`]);
    expect([...ours.connections].map((c) => c.getExtraInfo('username'))).toEqual(['tester']);
    conn.close();
    expect(await until(() => ours.connections.size === 0)).toBe(true);
  });

  it('goes through two hops, listen() then sshd, and closes both with the tunnelled one', async () => {
    JumpServer.opened.length = 0;
    await using conn = await connect('127.0.0.1', {
      ...auth,
      port: target.port,
      tunnel: `tester@127.0.0.1:${ours.getPort()},${jumpSshd.user}@127.0.0.1:${jumpSshd.port}`,
    });
    expect((await conn.run('echo two hops')).stdout).toBe('two hops\n');
    // listen() carried the connection to sshd, which carried the one to the target.
    expect(JumpServer.opened).toEqual([`127.0.0.1:${jumpSshd.port}`]);
    expect(await until(() => jumpSshd.log().includes(`target 127.0.0.1 port ${target.port}`))).toBe(true);
    const disconnects = () => jumpSshd.log().split('Received disconnect').length;
    const before = disconnects();
    conn.close();
    expect(await until(() => ours.connections.size === 0 && disconnects() > before)).toBe(true);
  });

  it('ends the tunnelled connection when the jump connection goes away', async () => {
    await using jump = await connect('127.0.0.1', { ...auth, port: ours.getPort(), username: 'tester' });
    await using conn = await connect('127.0.0.1', { ...auth, port: target.port, tunnel: jump });
    jump.close();
    expect(await conn.waitClosed()).toMatchObject({ name: 'ConnectionLost' });
  });

  it('fails with ChannelOpenError when the jump host cannot reach the target, closing the jump it opened', async () => {
    const port = await closedPort();
    await expect(
      connect('127.0.0.1', { ...auth, port, tunnel: `tester@127.0.0.1:${ours.getPort()}` }),
    ).rejects.toMatchObject({ name: 'ChannelOpenError' });
    expect(await until(() => ours.connections.size === 0)).toBe(true);
  });

  it('fails authentication to the target as usual, closing the jump it opened', async () => {
    await expect(
      connect('127.0.0.1', {
        ...auth,
        port: target.port,
        clientKeys: [jumpSshd.clientKeyPath],
        tunnel: `tester@127.0.0.1:${ours.getPort()}`,
      }),
    ).rejects.toMatchObject({ name: 'PermissionDenied' });
    expect(await until(() => ours.connections.size === 0)).toBe(true);
  });
});
