import { describe, expect, test } from '@jest/globals';
import {
  DISC_PROTOCOL_ERROR,
  MSG_CHANNEL_OPEN_CONFIRMATION,
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  OPEN_RESOURCE_SHORTAGE,
  OPEN_UNKNOWN_CHANNEL_TYPE,
} from '@sshkit/ssh-codes';
import { ConnectionLost } from '@sshkit/ssh-transport';
import {
  ChannelOpenError,
  encodeChannelClose,
  encodeChannelData,
  encodeChannelEof,
  encodeChannelOpen,
  encodeChannelOpenConfirmation,
  encodeChannelRequest,
  encodeChannelSuccess,
  encodeGlobalRequest,
  encodeRequestSuccess,
  encodeWindowAdjust,
  ServerConnectionProtocol,
  type SSHTCPChannel,
  SSHTCPSession,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { packetPair, settle, ticks } from './support/packet-pair.js';

class Keep extends SSHTCPSession {
  chan: SSHTCPChannel | undefined;
  lost: Array<Error | undefined> = [];
  override connectionMade(chan: SSHTCPChannel): void {
    this.chan = chan;
  }
  override connectionLost(e: Error | undefined): void {
    this.lost.push(e);
  }
}

describe('channel open', () => {
  test('open failure carries code, reason and lang; ChannelOpenError is typed', async () => {
    const pair = connectPair({
      connectionRequested: () => new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'no', 'en'),
    });
    const e = await pair.client.createConnection(() => new Keep(), 'h', 1).catch((x: unknown) => x);
    expect(ChannelOpenError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({
      name: 'ChannelOpenError',
      code: OPEN_ADMINISTRATIVELY_PROHIBITED,
      reason: 'no',
      lang: 'en',
    });
    expect(ChannelOpenError.errorName).toBe('ChannelOpenError');
    expect(pair.client.channelCount).toBe(0);
  });

  test('unknown channel types are refused with OPEN_UNKNOWN_CHANNEL_TYPE', async () => {
    const [c, s] = packetPair();
    new ServerConnectionProtocol(s);
    c.onPacket(() => {});
    c.record = false;
    const replies: Uint8Array[] = [];
    c.onPacket((p) => replies.push(p));
    c.send(
      encodeChannelOpen({
        channelType: 'weird',
        senderChannel: 7,
        initialWindow: 100,
        maxPacket: 100,
        data: new Uint8Array(0),
      }),
    );
    await ticks();
    expect(replies[0]?.[0]).toBe(92);
    expect(new DataView((replies[0] as Uint8Array).buffer).getUint32(5)).toBe(OPEN_UNKNOWN_CHANNEL_TYPE);
  });

  test('1000 concurrent channels on one connection', async () => {
    const sessions: Keep[] = [];
    const pair = connectPair({
      connectionRequested: () => {
        const k = new (class extends Keep {
          override dataReceived(d: Uint8Array): void {
            this.chan?.write(d);
          }
        })();
        sessions.push(k);
        return k;
      },
    });
    const opened = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        pair.client.openConnection('h', i).then(async ([r, w]) => {
          w.write(Uint8Array.of(i & 0xff, i >> 8));
          const echo = await r.readexactly(2);
          return echo[0] === (i & 0xff) && echo[1] === i >> 8;
        }),
      ),
    );
    expect(opened.every(Boolean)).toBe(true);
    expect(pair.client.channelCount).toBe(1000);
    expect(pair.server.channelCount).toBe(1000);
    const closing = sessions.map((s) => s.chan?.waitClosed());
    for (const s of sessions) s.chan?.close();
    await Promise.all(closing);
    await ticks();
    expect(pair.client.channelCount).toBe(0);
    expect(pair.server.channelCount).toBe(0);
  }, 14_000);

  test('maxChannels refuses opens beyond it with OPEN_RESOURCE_SHORTAGE', async () => {
    const pair = connectPair({ connectionRequested: () => new Keep() }, { maxChannels: 2 });
    await pair.client.createConnection(() => new Keep(), 'h', 1);
    await pair.client.createConnection(() => new Keep(), 'h', 2);
    await expect(pair.client.createConnection(() => new Keep(), 'h', 3)).rejects.toMatchObject({
      code: OPEN_RESOURCE_SHORTAGE,
    });
  });
});

describe('global requests', () => {
  test('keepalive gets an answer; replies come in order even with async handlers', async () => {
    const order: number[] = [];
    const pair = connectPair({
      serverRequested: async (_h, port) => {
        await ticks(port === 1 ? 10 : 0);
        order.push(port);
        return port !== 2 ? { getPort: () => port, close() {} } : false;
      },
    });
    await pair.client.sendKeepalive();
    const results = await Promise.all([
      settle(pair.client.requestForward('', 1, () => false)),
      settle(pair.client.requestForward('', 2, () => false)),
      settle(pair.client.requestForward('', 3, () => false)),
    ]);
    expect(order).toEqual([1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { name: 'ChannelListenError' } });
  });
});

describe('teardown', () => {
  test('connectionLost rejects every pending promise with the cause and tells every session', async () => {
    const serverSessions: Keep[] = [];
    const pair = connectPair({
      connectionRequested: () => {
        const k = new Keep();
        serverSessions.push(k);
        return k;
      },
      sessionRequested: () => new Promise(() => {}), // never answers
    });
    const client = new Keep();
    const [chan] = await pair.client.createConnection(() => client, 'h', 1);
    await ticks();
    serverSessions[0]?.chan?.pauseReading();
    chan.write(new Uint8Array(3 * 1024 * 1024));
    const drain = settle(chan.drain());
    const pendingOpen = settle(pair.client.openSession('x'));
    const pendingKeepalive = settle(pair.client.sendKeepalive());
    const closed = chan.waitClosed();
    await ticks(3);
    const cause = new ConnectionLost('socket closed');
    pair.client.connectionLost(cause);
    const [d, o, k] = await Promise.all([drain, pendingOpen, pendingKeepalive]);
    await closed;
    expect(d).toMatchObject({ status: 'rejected', reason: cause });
    expect(o).toMatchObject({ status: 'rejected', reason: cause });
    expect(k).toMatchObject({ status: 'rejected', reason: cause });
    expect(client.lost).toEqual([cause]);
    expect(await pair.clientClosed).toBe(cause);
    await expect(pair.client.openSession()).rejects.toBe(cause);
  });

  test('close() disconnects by application; sessions see a clean connectionLost', async () => {
    const pair = connectPair({ connectionRequested: () => new Keep() });
    const client = new Keep();
    await pair.client.createConnection(() => client, 'h', 1);
    pair.client.close();
    await pair.client.waitClosed();
    expect(pair.clientChannel.disconnects).toEqual([{ code: 11, reason: expect.any(String) }]);
    expect(client.lost).toEqual([undefined]);
    expect(await pair.serverClosed).toMatchObject({ name: 'DisconnectedByApplication', code: 11 });
  });
});

describe('a misbehaving peer is disconnected with PROTOCOL_ERROR', () => {
  /** Opens one TCP channel from the client and returns what is needed to forge server packets. */
  async function setup() {
    const server = new Keep();
    const pair = connectPair({ connectionRequested: () => server });
    let serverId = -1;
    pair.serverChannel.tap = (p) => {
      if (p[0] === MSG_CHANNEL_OPEN_CONFIRMATION)
        serverId = new DataView(p.buffer, p.byteOffset).getUint32(5);
    };
    const client = new Keep();
    const [chan] = await pair.client.createConnection(() => client, 'h', 1);
    await ticks();
    expect(serverId).toBeGreaterThanOrEqual(0);
    return { pair, chan, client, server, clientId: chan.localId };
  }

  async function expectProtocolError(pair: Awaited<ReturnType<typeof setup>>['pair'], client: Keep) {
    const err = await pair.clientClosed;
    expect(err).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
    expect(pair.clientChannel.disconnects[0]?.code).toBe(DISC_PROTOCOL_ERROR);
    expect(client.lost[0]).toMatchObject({ code: DISC_PROTOCOL_ERROR });
  }

  test('data beyond the window', async () => {
    const { pair, client, clientId, chan } = await setup();
    // Paused: nothing is consumed, so no WINDOW_ADJUST reopens the window.
    chan.pauseReading();
    for (let i = 0; i < 70; i++)
      pair.clientChannel.inject(encodeChannelData(clientId, new Uint8Array(32 * 1024)));
    await expectProtocolError(pair, client);
  });

  test('a packet above the advertised maximum packet size', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeChannelData(clientId, new Uint8Array(32 * 1024 + 1)));
    await expectProtocolError(pair, client);
  });

  test('data after EOF', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeChannelEof(clientId));
    pair.clientChannel.inject(encodeChannelData(clientId, Uint8Array.of(1)));
    await expectProtocolError(pair, client);
  });

  test('a second EOF', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeChannelEof(clientId));
    pair.clientChannel.inject(encodeChannelEof(clientId));
    await expectProtocolError(pair, client);
  });

  test('data after CLOSE', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeChannelClose(clientId));
    pair.clientChannel.inject(encodeChannelData(clientId, Uint8Array.of(1)));
    const err = await pair.clientClosed;
    expect(err).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
    expect(pair.clientChannel.disconnects[0]?.code).toBe(DISC_PROTOCOL_ERROR);
    // The CLOSE was processed first: the session saw a clean end.
    expect(client.lost).toEqual([undefined]);
  });

  test('a second CLOSE', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeChannelClose(clientId));
    pair.clientChannel.inject(encodeChannelClose(clientId));
    const err = await pair.clientClosed;
    expect(err).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
    expect(client.lost).toEqual([undefined]);
  });

  test('an unknown channel id', async () => {
    const { pair, client } = await setup();
    pair.clientChannel.inject(encodeChannelData(4242, Uint8Array.of(1)));
    await expectProtocolError(pair, client);
  });

  test('a window adjust past 2^32 - 1', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeWindowAdjust(clientId, 0xffff_ffff));
    await expectProtocolError(pair, client);
  });

  test('a channel reply nobody asked for', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(encodeChannelSuccess(clientId));
    await expectProtocolError(pair, client);
  });

  test('a global reply nobody asked for', async () => {
    const { pair, client } = await setup();
    pair.clientChannel.inject(encodeRequestSuccess());
    await expectProtocolError(pair, client);
  });

  test('a malformed channel request body', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(
      encodeChannelRequest({
        recipientChannel: clientId,
        requestType: 'exit-status',
        wantReply: false,
        data: Uint8Array.of(1),
      }),
    );
    // TCP channels ignore exit-status (unknown request), so use a truncated message instead.
    pair.clientChannel.inject(Uint8Array.of(98, 0, 0));
    await expectProtocolError(pair, client);
  });

  test('an open confirmation for a channel that is not opening', async () => {
    const { pair, client, clientId } = await setup();
    pair.clientChannel.inject(
      encodeChannelOpenConfirmation({
        recipientChannel: clientId,
        senderChannel: 9,
        initialWindow: 100,
        maxPacket: 100,
        data: new Uint8Array(0),
      }),
    );
    await expectProtocolError(pair, client);
  });

  test('a session open after no-more-sessions', async () => {
    const pair = connectPair({ sessionRequested: () => false });
    pair.client.sendNoMoreSessions();
    await settle(pair.client.openSession());
    const err = await pair.serverClosed;
    expect(err).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
  });

  test('a too long queue of global requests', async () => {
    const pair = connectPair({ serverRequested: () => new Promise(() => {}) });
    for (let i = 0; i < 1100; i++) {
      pair.serverChannel.inject(
        encodeGlobalRequest('tcpip-forward', true, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1)),
      );
    }
    const err = await pair.serverClosed;
    expect(err).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
  });
});
