import { describe, expect, test } from '@jest/globals';
import {
  MSG_CHANNEL_DATA,
  MSG_CHANNEL_OPEN_CONFIRMATION,
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  OPEN_CONNECT_FAILED,
} from '@sshkit/ssh-codes';
import { type ForwardListener, type SSHReader, SSHTCPSession, type SSHWriter } from '../src/index.js';
import { connectPair } from './support/harness.js';
import { ticks } from './support/packet-pair.js';

const echo = async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
  w.write(await r.read());
  w.writeEof();
};

describe('direct-tcpip and direct-streamlocal', () => {
  test('connectionRequested receives both endpoints; a (reader, writer) handler serves the channel', async () => {
    let args: unknown[] = [];
    const pair = connectPair({
      connectionRequested: (...a) => {
        args = a;
        return echo;
      },
    });
    const [r, w] = await pair.client.openConnection('db.internal', 5432, '10.0.0.1', 40000);
    expect(r.getExtraInfo('host')).toBe('db.internal');
    expect(w.getExtraInfo('origPort')).toBe(40000);
    w.write(Uint8Array.of(1, 2, 3));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(1, 2, 3));
    expect(args).toEqual(['db.internal', 5432, '10.0.0.1', 40000]);
  });

  test('data the peer sends right after confirming the open reaches the opener (a server that speaks first)', async () => {
    const pair = connectPair({
      connectionRequested: () => async (_r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
        w.write(new TextEncoder().encode('SSH-2.0-banner\r\n'));
        w.writeEof();
      },
    });
    // As from a socket: the confirmation and the first data in one synchronous burst.
    const deliver = pair.clientChannel.handler as (p: Uint8Array) => void;
    let held: Uint8Array | undefined;
    pair.clientChannel.handler = (p) => {
      if (p[0] === MSG_CHANNEL_OPEN_CONFIRMATION) {
        held = p;
        return;
      }
      if (held && p[0] === MSG_CHANNEL_DATA) {
        deliver(held);
        held = undefined;
      }
      deliver(p);
    };
    for (let i = 0; i < 3; i++) {
      const [r] = await pair.client.openConnection('h', 22);
      expect(new TextDecoder().decode(await r.read())).toBe('SSH-2.0-banner\r\n');
    }
  });

  test('a session factory that throws aborts the opened channel', async () => {
    const pair = connectPair({ connectionRequested: () => echo });
    await expect(
      pair.client.createConnection(
        () => {
          throw new Error('no session');
        },
        'h',
        1,
      ),
    ).rejects.toThrow('no session');
    // The connection still works.
    const [r, w] = await pair.client.openConnection('h', 1);
    w.write(Uint8Array.of(9));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(9));
  });

  test('true uses the forwardConnection option; without it the open fails', async () => {
    const forwarded: string[] = [];
    const pair = connectPair(
      { connectionRequested: () => true },
      {
        forwardConnection: (host, port) => {
          forwarded.push(`${host}:${port}`);
          return new SSHTCPSession();
        },
      },
    );
    await pair.client.createConnection(() => new SSHTCPSession(), 'x', 1);
    expect(forwarded).toEqual(['x:1']);
    const bare = connectPair({ connectionRequested: () => true });
    await expect(bare.client.openConnection('x', 1)).rejects.toMatchObject({ code: OPEN_CONNECT_FAILED });
    const none = connectPair({});
    await expect(none.client.openConnection('x', 1)).rejects.toMatchObject({ name: 'ChannelOpenError' });
  });

  test('a [channel, session] answer built with createTcpChannel', async () => {
    const pair = connectPair({
      connectionRequested: (h, p, oh, op) =>
        [pair.server.createTcpChannel(h, p, oh, op), new SSHTCPSession()] as const,
    });
    const [chan] = await pair.client.createConnection(() => new SSHTCPSession(), 'h', 2);
    expect(chan.channelType).toBe('direct-tcpip');
  });

  test('unix socket connections', async () => {
    let path = '';
    const pair = connectPair({
      unixConnectionRequested: (p) => {
        path = p;
        return echo;
      },
    });
    const [r, w] = await pair.client.openUnixConnection('/run/app.sock');
    w.write(Uint8Array.of(9));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(9));
    expect(path).toBe('/run/app.sock');
    expect(r.getExtraInfo('path')).toBe('/run/app.sock');
  });
});

describe('remote forwarding', () => {
  test('tcpip-forward with port 0 returns the bound port; forwarded-tcpip channels reach the handler; cancel', async () => {
    const closed: number[] = [];
    const listener = (port: number): ForwardListener => ({
      getPort: () => port,
      close: () => void closed.push(port),
    });
    const pair = connectPair({ serverRequested: (_h, port) => listener(port === 0 ? 40123 : port) });
    const origins: string[] = [];
    const l = await pair.client.startServer(
      (origHost, origPort) => {
        origins.push(`${origHost}:${origPort}`);
        return echo;
      },
      'localhost',
      0,
    );
    expect(l.getPort()).toBe(40123);
    expect(l.listenHost).toBe('localhost');
    // The server side (the umbrella, on an incoming socket) opens forwarded-tcpip.
    const [r, w] = await pair.server.openConnection('localhost', 40123, '192.0.2.7', 5555);
    w.write(Uint8Array.of(4, 2));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(4, 2));
    expect(origins).toEqual(['192.0.2.7:5555']);
    expect(r.channel.channelType).toBe('forwarded-tcpip');
    // A forwarded-tcpip for a port nobody asked for is refused.
    await expect(pair.server.openConnection('localhost', 1, '', 0)).rejects.toMatchObject({
      code: OPEN_ADMINISTRATIVELY_PROHIBITED,
    });
    await l.close();
    await l.waitClosed();
    await ticks();
    expect(closed).toEqual([40123]);
    await expect(pair.server.openConnection('localhost', 40123, '', 0)).rejects.toMatchObject({
      name: 'ChannelOpenError',
    });
  });

  test('true uses the listen option; refusals raise ChannelListenError', async () => {
    const pair = connectPair(
      { serverRequested: (_h, p) => p !== 99 },
      { listen: (_h, p) => ({ getPort: () => p, close() {} }) },
    );
    const l = await pair.client.createServer(() => new SSHTCPSession(), '', 8080);
    expect(l.getPort()).toBe(8080);
    await expect(pair.client.createServer(() => new SSHTCPSession(), '', 99)).rejects.toMatchObject({
      name: 'ChannelListenError',
    });
    const bare = connectPair({ serverRequested: () => true });
    await expect(bare.client.requestForward('', 1, () => false)).rejects.toMatchObject({
      name: 'ChannelListenError',
    });
  });

  test('streamlocal-forward and forwarded-streamlocal channels', async () => {
    const pair = connectPair({ unixServerRequested: () => ({ getPort: () => 0, close() {} }) });
    const l = await pair.client.startUnixServer(() => echo, '/tmp/fwd.sock');
    expect(l.getPort()).toBe(0);
    const [r, w] = await pair.server.openUnixConnection('/tmp/fwd.sock');
    w.write(Uint8Array.of(7));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(7));
    expect(r.channel.channelType).toBe('forwarded-streamlocal@openssh.com');
    await l.close();
    await expect(pair.server.openUnixConnection('/tmp/fwd.sock')).rejects.toMatchObject({
      name: 'ChannelOpenError',
    });
  });

  test('the server closes its listeners when the connection ends', async () => {
    let closed = 0;
    const pair = connectPair({ serverRequested: () => ({ getPort: () => 1, close: () => void closed++ }) });
    await pair.client.requestForward('', 1, () => false);
    pair.server.close();
    await ticks();
    expect(closed).toBe(1);
  });
});

describe('OpenSSH global requests', () => {
  test('hostkeys-00@openssh.com is exposed to the client; hostkeys-prove goes to the server handler', async () => {
    const got: Uint8Array[][] = [];
    const pair = connectPair(
      { hostKeysProveRequested: (blobs) => blobs.map((b) => Uint8Array.of(b.length)) },
      {},
      { hostKeysReceived: (b) => got.push(b) },
    );
    pair.server.sendHostKeys([Uint8Array.of(1, 2), Uint8Array.of(3)]);
    await ticks();
    expect(got).toEqual([[Uint8Array.of(1, 2), Uint8Array.of(3)]]);
    expect(pair.client.getServerHostKeys()).toEqual([Uint8Array.of(1, 2), Uint8Array.of(3)]);
    expect(await pair.client.requestHostKeysProof([Uint8Array.of(1, 2, 3)])).toEqual([Uint8Array.of(3)]);
    const bare = connectPair();
    expect(await bare.client.requestHostKeysProof([Uint8Array.of(1)])).toBeUndefined();
  });

  test('keepalive@openssh.com in both directions', async () => {
    const pair = connectPair();
    await pair.client.sendKeepalive();
    await pair.server.sendKeepalive();
    expect(pair.clientChannel.disconnects).toEqual([]);
  });
});
