// Forwarded sockets that end, reset or send ahead while their channel is still
// opening: the server here opens direct-tcpip channels only after a delay, so
// every one of these lands in that window instead of racing it.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SSHServer } from '../src/index.js';
import {
  connectTcp,
  type EchoServer,
  EOF_SEEN,
  exchange,
  roundTrip,
  startEchoServer,
} from './support/interop-net.js';
import { type Loopback, loopback } from './support/loopback.js';

const OPEN_DELAY_MS = 150;

class SlowOpenServer extends SSHServer {
  override beginAuth() {
    return false;
  }
  override async connectionRequested() {
    await new Promise((r) => setTimeout(r, OPEN_DELAY_MS));
    return true; // listen()'s own forwarding: a socket to the destination
  }
  override serverRequested() {
    return true;
  }
}

/** Everything `s` receives until it closes, however it closes. */
function collect(s: Socket): Promise<Buffer> {
  const got: Buffer[] = [];
  s.on('data', (d: Buffer) => got.push(d));
  return new Promise((resolve) => {
    s.on('error', () => {});
    s.once('close', () => resolve(Buffer.concat(got)));
  });
}

function portBytes(port: number): Buffer {
  return Buffer.from([port >> 8, port & 0xff]);
}

let net: Loopback;
let echo: EchoServer;

beforeAll(async () => {
  [net, echo] = await Promise.all([
    loopback({ serverFactory: () => new SlowOpenServer() }),
    startEchoServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([net?.close(), echo?.close()]);
});

describe('forwardLocalPort while the channel opens', () => {
  it('carries an EOF sent before the channel opened', async () => {
    await using listener = await net.conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const s = await connectTcp(listener.getPort());
    expect((await exchange(s, Buffer.alloc(0))).toString()).toBe(EOF_SEEN.toString());
  });

  it('carries data and EOF sent before the channel opened', async () => {
    await using listener = await net.conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const s = await connectTcp(listener.getPort());
    expect((await exchange(s, Buffer.from('early'))).toString()).toBe(`early${EOF_SEEN}`);
  });

  it('survives a connection reset before the channel opened and keeps forwarding', async () => {
    await using listener = await net.conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const doomed = await connectTcp(listener.getPort());
    doomed.write('never delivered');
    await new Promise((r) => setTimeout(r, OPEN_DELAY_MS / 3)); // accepted, channel not yet open
    doomed.resetAndDestroy();
    await new Promise((r) => setTimeout(r, OPEN_DELAY_MS * 2));
    expect((await roundTrip(listener.getPort(), Buffer.from('after'))).toString()).toBe(`after${EOF_SEEN}`);
  });
});

describe('forwardSocks with data sent ahead of the reply', () => {
  it('SOCKS5: greeting, request, payload and EOF in one write', async () => {
    await using socks = await net.conn.forwardSocks('127.0.0.1', 0);
    const s = await connectTcp(socks.getPort());
    const request = Buffer.concat([
      Buffer.from([5, 1, 0]),
      Buffer.from([5, 1, 0, 1, 127, 0, 0, 1]),
      portBytes(echo.port),
    ]);
    const reply = await exchange(s, Buffer.concat([request, Buffer.from('pipelined')]));
    expect(reply.subarray(0, 2)).toEqual(Buffer.from([5, 0])); // method choice
    expect(reply.subarray(2, 4)).toEqual(Buffer.from([5, 0])); // request granted
    expect(reply.subarray(12).toString()).toBe(`pipelined${EOF_SEEN}`);
  });

  it('SOCKS4a: request with a host name, payload and EOF in one write', async () => {
    await using socks = await net.conn.forwardSocks('127.0.0.1', 0);
    const s = await connectTcp(socks.getPort());
    const request = Buffer.concat([
      Buffer.from([4, 1]),
      portBytes(echo.port),
      Buffer.from([0, 0, 0, 1]),
      Buffer.from('me\x00127.0.0.1\x00', 'latin1'),
    ]);
    const reply = await exchange(s, Buffer.concat([request, Buffer.from('ahead')]));
    expect(reply[1]).toBe(0x5a);
    expect(reply.subarray(8).toString()).toBe(`ahead${EOF_SEEN}`);
  });

  it('closes a client that half-closes in the middle of its handshake', async () => {
    await using socks = await net.conn.forwardSocks('127.0.0.1', 0);
    const s = await connectTcp(socks.getPort());
    const received = collect(s);
    s.end(Buffer.from([5, 2, 0])); // promises two methods, sends one, then EOF
    expect((await received).length).toBe(0);
  });
});

describe('forwardRemotePort to a destination that answers and ends at once', () => {
  let banner: Server;

  beforeAll(async () => {
    banner = createServer({ allowHalfOpen: true }, (s) => s.end('banner then EOF'));
    await new Promise<void>((r) => banner.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise<void>((r) => banner.close(() => r()));
  });

  it('delivers the banner and the EOF to the remote side', async () => {
    const port = (banner.address() as { port: number }).port;
    await using listener = await net.conn.forwardRemotePort('127.0.0.1', 0, '127.0.0.1', port);
    const replies = await Promise.all(
      [1, 2, 3].map(async () => {
        const s = await connectTcp(listener.getPort());
        return (await exchange(s, Buffer.alloc(0))).toString();
      }),
    );
    expect(replies).toEqual(['banner then EOF', 'banner then EOF', 'banner then EOF']);
  });
});
