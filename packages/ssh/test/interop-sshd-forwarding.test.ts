// Our client's port forwarding through OpenSSH's sshd to a real Node TCP echo
// server: forwardLocalPort (-L), forwardRemotePort (-R) and forwardSocks (-D,
// with our own SOCKS4/4a/5 clients and curl when installed), half-close included.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import type { SSHClientConnection } from '../src/index.js';
import {
  closedPort,
  connectTcp,
  type EchoServer,
  EOF_SEEN,
  exchange,
  patternBytes,
  roundTrip,
  socks4,
  socks5,
  startEchoServer,
} from './support/interop-net.js';
import { connectToSshd } from './support/sshd-client.js';

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;
const curl = ['/usr/bin/curl', '/usr/local/bin/curl'].find((p) => existsSync(p));
const itCurl = curl ? it : it.skip;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `data` echoed, then the marker the echo server sends once it saw our EOF. */
function echoed(data: Buffer): string {
  return sha(Buffer.concat([data, EOF_SEEN]));
}

describeInterop('forwarding: connect() through OpenSSH sshd', () => {
  let server: SshdInstance;
  let conn: SSHClientConnection;
  let echo: EchoServer;

  beforeAll(async () => {
    [server, echo] = await Promise.all([
      startSshd({ hostKeyTypes: ['ed25519'], config: ['AllowTcpForwarding yes', 'GatewayPorts no'] }),
      startEchoServer(),
    ]);
    conn = await connectToSshd(server);
  });
  afterAll(async () => {
    conn?.close();
    await conn?.waitClosed();
    await Promise.all([server?.stop(), echo?.close()]);
  });

  it('forwardLocalPort carries 1 MiB each way and the half-close, on parallel connections', async () => {
    await using listener = await conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.port);
    expect(listener.getPort()).toBeGreaterThan(0);
    const inputs = [patternBytes(1024 * 1024, 1), Buffer.from('short'), Buffer.alloc(0)];
    const replies = await Promise.all(inputs.map((d) => roundTrip(listener.getPort(), d)));
    expect(replies.map(sha)).toEqual(inputs.map(echoed));
  });

  it('forwardLocalPort to a port nobody listens on closes the local connection', async () => {
    await using listener = await conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', await closedPort());
    const s = await connectTcp(listener.getPort());
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    // Our listener drops the socket once sshd refuses the channel: EOF (or a reset), no data.
    await new Promise((r) => {
      s.once('end', r);
      s.once('close', r);
      s.once('error', r);
    });
    s.destroy();
    expect(Buffer.concat(got).length).toBe(0);
  });

  it('forwardRemotePort on port 0: sshd listens, our side connects to the echo server', async () => {
    await using listener = await conn.forwardRemotePort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const port = listener.getPort();
    expect(port).toBeGreaterThan(0);
    const inputs = [patternBytes(1024 * 1024, 2), Buffer.from('via sshd -R')];
    const replies = await Promise.all(inputs.map((d) => roundTrip(port, d)));
    expect(replies.map(sha)).toEqual(inputs.map(echoed));
  });

  it('forwardRemotePort stops listening on sshd after close()', async () => {
    const listener = await conn.forwardRemotePort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const port = listener.getPort();
    listener.close();
    await listener.waitClosed();
    await expect(connectTcp(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  describe('forwardSocks', () => {
    it.each([
      ['SOCKS5, host name', socks5, 'name'],
      ['SOCKS5, IPv4 address', socks5, 'ipv4'],
      ['SOCKS4a, host name', socks4, 'name'],
      ['SOCKS4, IPv4 address', socks4, 'ipv4'],
    ] as const)('%s: reaches the echo server through sshd', async (_, client, as) => {
      await using socks = await conn.forwardSocks('127.0.0.1', 0);
      const tunnel = await client(socks.getPort(), '127.0.0.1', echo.port, as);
      if (typeof tunnel === 'number') throw new Error(`SOCKS refused with ${tunnel}`);
      const data = patternBytes(256 * 1024, 3);
      expect(sha(await exchange(tunnel, data))).toBe(echoed(data));
    });

    it('answers a refused destination with a SOCKS failure reply', async () => {
      await using socks = await conn.forwardSocks('127.0.0.1', 0);
      const port = await closedPort();
      expect(await socks5(socks.getPort(), '127.0.0.1', port, 'ipv4')).toBe(5);
      expect(await socks4(socks.getPort(), '127.0.0.1', port, 'ipv4')).toBe(0x5b);
    });

    itCurl('serves curl --socks5-hostname against a Node HTTP server', async () => {
      const http: HttpServer = createHttpServer((req, res) => res.end(`hello ${req.url}`));
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      try {
        await using socks = await conn.forwardSocks('127.0.0.1', 0);
        const httpPort = (http.address() as { port: number }).port;
        const body = await new Promise<string>((resolve, reject) =>
          execFile(
            curl as string,
            [
              '-sS',
              '--max-time',
              '10',
              '--socks5-hostname',
              `127.0.0.1:${socks.getPort()}`,
              `http://127.0.0.1:${httpPort}/through-socks`,
            ],
            { encoding: 'utf8' },
            (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout)),
          ),
        );
        expect(body).toBe('hello /through-socks');
      } finally {
        http.closeAllConnections();
        await new Promise((r) => http.close(r));
      }
    });
  });
});
