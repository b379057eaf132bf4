import { describe, expect, test } from '@jest/globals';
import { SSHError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import {
  decodeChannelOpen,
  decodeConnectionMessage,
  decodeDirectStreamlocalOpenData,
  decodeExitSignal,
  decodePtyRequest,
  decodeStringList,
  decodeTcpipForward,
  decodeTcpipOpenData,
  decodeX11OpenData,
  decodeX11Request,
  encodeChannelData,
  encodeChannelEof,
  encodeChannelOpen,
  encodeChannelRequest,
  encodeGlobalRequest,
  encodePtyRequest,
  encodeTcpipOpenData,
  encodeWindowAdjust,
  SSHTCPSession,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { settle, ticks } from './support/packet-pair.js';

function onlyTyped(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(['WireError', 'ProtocolError']).toContain((e as Error).name);
    expect(SSHError.isInstance(e)).toBe(true);
  }
}

describe('decoders of peer bytes throw only WireError / ProtocolError', () => {
  test.each([
    ['decodeConnectionMessage', decodeConnectionMessage],
    ['decodeChannelOpen', decodeChannelOpen],
    ['decodeTcpipOpenData', decodeTcpipOpenData],
    ['decodeDirectStreamlocalOpenData', decodeDirectStreamlocalOpenData],
    ['decodePtyRequest', decodePtyRequest],
    ['decodeX11Request', decodeX11Request],
    ['decodeX11OpenData', decodeX11OpenData],
    ['decodeExitSignal', decodeExitSignal],
    ['decodeTcpipForward', decodeTcpipForward],
    ['decodeStringList', decodeStringList],
  ] as const)('%s', (_n, decode) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => onlyTyped(() => decode(b))),
      { numRuns: 2000 },
    );
    // Mutations of valid messages reach deeper.
    const valid = [
      encodePtyRequest({ term: 'xterm', size: [80, 24, 0, 0], modes: new Map([[53, 1]]) }),
      encodeChannelOpen({
        channelType: 'session',
        senderChannel: 1,
        initialWindow: 9,
        maxPacket: 9,
        data: new Uint8Array(0),
      }),
      encodeTcpipOpenData({ host: 'h', port: 1, origHost: 'o', origPort: 2 }),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(20),
        (v, at, byte, cut) => {
          const m = v.slice(0, Math.max(0, v.length - cut));
          if (m.length > 0) m[at % m.length] = byte;
          onlyTyped(() => decode(m));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Plausible connection messages for a connection with channels 0..3, often malformed. */
const message = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => {
    b[0] = 80 + ((b[0] as number) % 21);
    return b;
  }),
  fc.tuple(fc.nat(4), fc.uint8Array({ maxLength: 40 })).map(([id, d]) => encodeChannelData(id, d)),
  fc.tuple(fc.nat(4), fc.nat()).map(([id, n]) => encodeWindowAdjust(id, n)),
  fc.nat(4).map((id) => encodeChannelEof(id)),
  fc
    .tuple(
      fc.nat(4),
      fc.constantFrom(
        'pty-req',
        'env',
        'exec',
        'shell',
        'subsystem',
        'window-change',
        'signal',
        'break',
        'exit-status',
        'exit-signal',
        'xon-xoff',
        'eow@openssh.com',
        'x',
      ),
      fc.boolean(),
      fc.uint8Array({ maxLength: 30 }),
    )
    .map(([id, t, w, d]) =>
      encodeChannelRequest({ recipientChannel: id, requestType: t, wantReply: w, data: d }),
    ),
  fc
    .tuple(
      fc.constantFrom(
        'tcpip-forward',
        'cancel-tcpip-forward',
        'streamlocal-forward@openssh.com',
        'keepalive@openssh.com',
        'hostkeys-00@openssh.com',
        'no-more-sessions@openssh.com',
        'hostkeys-prove-00@openssh.com',
      ),
      fc.boolean(),
      fc.uint8Array({ maxLength: 30 }),
    )
    .map(([n, w, d]) => encodeGlobalRequest(n, w, d)),
  fc
    .tuple(
      fc.constantFrom(
        'session',
        'direct-tcpip',
        'forwarded-tcpip',
        'x11',
        'direct-streamlocal@openssh.com',
        'forwarded-streamlocal@openssh.com',
        'auth-agent@openssh.com',
      ),
      fc.nat(),
      fc.nat(),
      fc.uint8Array({ maxLength: 30 }),
    )
    .map(([t, w, p, d]) =>
      encodeChannelOpen({ channelType: t, senderChannel: 7, initialWindow: w, maxPacket: p, data: d }),
    ),
);

describe('random and mutated connection messages', () => {
  test('only typed disconnects, never untyped exceptions; pending promises always settle', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    let disconnected = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(message, { minLength: 1, maxLength: 25 }),
          fc.boolean(),
          async (msgs, toServer) => {
            const pair = connectPair(
              {
                sessionRequested: () =>
                  ((_i: unknown, o: { write(s: string): void }) => o.write('x')) as never,
                connectionRequested: () => new SSHTCPSession(),
                serverRequested: () => ({ getPort: () => 1, close() {} }),
              },
              {},
            );
            // Some real channels so ids 0..3 exist on both sides.
            const opens = await Promise.all([
              settle(pair.client.openSession('a')),
              settle(pair.client.openConnection('h', 1)),
            ]);
            expect(opens.every((o) => o.status === 'fulfilled')).toBe(true);
            const pending = [settle(pair.client.sendKeepalive()), settle(pair.client.openConnection('h', 2))];
            const target = toServer ? pair.serverChannel : pair.clientChannel;
            for (const m of msgs) target.inject(m);
            await ticks(msgs.length + 10);
            for (const side of [pair.clientChannel, pair.serverChannel]) {
              for (const d of side.disconnects) expect(d.code).toBe(2);
              disconnected += side.disconnects.length;
            }
            // End the connection: everything still pending must settle.
            pair.client.connectionLost(new Error('test end'));
            pair.server.connectionLost(new Error('test end'));
            const results = await Promise.all(pending);
            expect(results).toHaveLength(2);
            const [clientErr, serverErr] = await Promise.all([pair.clientClosed, pair.serverClosed]);
            for (const e of [clientErr, serverErr]) {
              if (e && (e as Error).message !== 'test end' && e.name !== 'ProtocolError') {
                // Peer disconnect errors from the fake transport are typed DisconnectErrors.
                expect(SSHError.isInstance(e)).toBe(true);
              }
              if (e?.name === 'ProtocolError') {
                const cause = (e as Error & { cause?: unknown }).cause;
                if (cause !== undefined) expect(SSHError.isInstance(cause)).toBe(true);
              }
            }
          },
        ),
        { numRuns: 150 },
      );
      await ticks(5);
      expect(unhandled).toEqual([]);
      // The generator does reach the misbehaviour paths.
      expect(disconnected).toBeGreaterThan(10);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 14_000);
});
