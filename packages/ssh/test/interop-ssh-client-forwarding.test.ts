// OpenSSH's ssh forwarding through an sshkit server (listen()) to a real Node
// TCP echo server: dynamic forwarding (ssh -D), stdio forwarding (ssh -W) and
// remote forwarding on a port our server allocates (ssh -R 0:...), half-close included.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { SSHServer } from '../src/index.js';
import {
  closedPort,
  connectTcp,
  type EchoServer,
  EOF_SEEN,
  exchange,
  patternBytes,
  retry,
  roundTrip,
  socks4,
  socks5,
  startEchoServer,
} from './support/interop-net.js';
import { finished, type OurServer, startOurServer } from './support/openssh-client.js';

const tools = requireTools('ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const echoed = (data: Buffer) => sha(Buffer.concat([data, EOF_SEEN]));

/** Allows direct-tcpip and tcpip-forward: the umbrella then opens the real sockets. */
class ForwardingServer extends SSHServer {
  override connectionRequested() {
    return true;
  }
  override serverRequested() {
    return true;
  }
}

describeInterop('OpenSSH ssh -D, -W and -R 0 through listen()', () => {
  let server: OurServer;
  let echo: EchoServer;

  beforeAll(async () => {
    [server, echo] = await Promise.all([
      startOurServer(tools!, { serverFactory: () => new ForwardingServer() }),
      startEchoServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), echo?.close()]);
  });

  it('ssh -D: SOCKS5 and SOCKS4 clients reach the echo server through our server', async () => {
    const socksPort = await closedPort();
    const child = server.spawnSsh([
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-D',
      `127.0.0.1:${socksPort}`,
      'me@127.0.0.1',
    ]);
    try {
      // ssh opens its SOCKS listener after authenticating: retry until it answers.
      const first = await retry(() => socks5(socksPort, '127.0.0.1', echo.port, 'name'));
      if (typeof first === 'number') throw new Error(`SOCKS5 refused with ${first}`);
      const big = patternBytes(1024 * 1024, 4);
      const second = await socks4(socksPort, '127.0.0.1', echo.port, 'ipv4');
      if (typeof second === 'number') throw new Error(`SOCKS4 refused with ${second}`);
      const replies = await Promise.all([exchange(first, big), exchange(second, Buffer.from('socks4'))]);
      expect(replies.map(sha)).toEqual([echoed(big), echoed(Buffer.from('socks4'))]);
    } finally {
      child.kill();
    }
  });

  it('ssh -W: stdin reaches the echo server, its answer and EOF come back on stdout', async () => {
    const data = patternBytes(2 * 1024 * 1024, 5);
    const child = server.spawnSsh(['-W', `127.0.0.1:${echo.port}`, 'me@127.0.0.1']);
    child.stdin.end(data);
    const r = await finished(child);
    expect(r.code).toBe(0);
    expect(sha(r.stdout)).toBe(echoed(data));
  });

  it('ssh -W to a port nobody listens on fails', async () => {
    const child = server.spawnSsh(['-W', `127.0.0.1:${await closedPort()}`, 'me@127.0.0.1']);
    child.stdin.end();
    const r = await finished(child);
    expect(r.code).not.toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/open failed|Connection refused/i);
  });

  it('ssh -R with port 0: our server allocates the port, ssh learns it and connections arrive', async () => {
    const child = server.spawnSsh([
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-R',
      `127.0.0.1:0:127.0.0.1:${echo.port}`,
      'me@127.0.0.1',
    ]);
    try {
      // ssh prints "Allocated port N for remote forward to ..." once our server answered.
      const port = await new Promise<number>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /Allocated port (\d+)/.exec(err);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`ssh exited with ${code}: ${err}`)));
      });
      expect(port).toBeGreaterThan(0);
      const data = patternBytes(512 * 1024, 6);
      expect(sha(await roundTrip(port, data))).toBe(echoed(data));
      // The listener belongs to the connection: it goes away when ssh does.
      child.kill();
      await retry(() =>
        connectTcp(port).then(
          (s) => {
            s.destroy();
            throw new Error(`port ${port} still listening`);
          },
          (e: NodeJS.ErrnoException) => expect(e.code).toBe('ECONNREFUSED'),
        ),
      );
    } finally {
      child.kill();
    }
  });
});
