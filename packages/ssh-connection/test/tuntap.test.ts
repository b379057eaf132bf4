// tun@openssh.com channels: openTun/openTap and createTun/createTap against
// server handlers, the packets on the wire (one per CHANNEL_DATA, the
// point-to-point address family header), refusals and authorized_keys tunnel="n".
import { describe, expect, test } from '@jest/globals';
import { AuthPermissions } from '@sshkit/ssh-auth';
import {
  MSG_CHANNEL_DATA,
  MSG_CHANNEL_OPEN,
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  OPEN_CONNECT_FAILED,
} from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type ConnectionLogEvent,
  decodeChannelData,
  decodeChannelOpen,
  decodeTunOpenData,
  encodeChannelData,
  encodeTunOpenData,
  SSH_TUN_MODE_ETHERNET,
  SSH_TUN_MODE_POINTTOPOINT,
  SSH_TUN_UNIT_ANY,
  type SSHReader,
  SSHTunTapChannel,
  SSHTunTapSession,
  type SSHWriter,
  type TunTapOpenResult,
} from '../src/index.js';
import { connectPair, type Pair } from './support/harness.js';
import { keyOptions } from './support/key-options.js';
import { settle, ticks } from './support/packet-pair.js';

/** A fake IPv4 packet of `size` bytes (version nibble 4), its bytes numbered from `seed`. */
function ipv4(size: number, seed = 0): Uint8Array {
  const p = Uint8Array.from({ length: size }, (_, i) => (i * 7 + seed) & 0xff);
  p[0] = 0x45;
  return p;
}

/** A fake IPv6 packet of `size` bytes (version nibble 6). */
function ipv6(size: number, seed = 0): Uint8Array {
  const p = Uint8Array.from({ length: size }, (_, i) => (i * 13 + seed) & 0xff);
  p[0] = 0x60;
  return p;
}

/** A stream handler that sends every packet back until EOF. */
const echo = async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
  for await (const packet of r) w.write(packet);
  w.writeEof();
};

/** The data of every CHANNEL_DATA message `side` sends from now on. */
function dataSent(side: Pair['clientChannel']): Uint8Array[] {
  const seen: Uint8Array[] = [];
  side.tap = (p) => {
    if (p[0] === MSG_CHANNEL_DATA) seen.push(decodeChannelData(p).data);
  };
  return seen;
}

const u32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getUint32(0);

describe('openTun / openTap', () => {
  test('each read returns one packet, whole and in order, however many were written at once', async () => {
    let unitSeen: unknown = 'not called';
    const pair = connectPair({
      tunRequested: (unit) => {
        unitSeen = unit;
        return echo;
      },
    });
    const [r, w] = await pair.client.openTun();
    expect(unitSeen).toBeUndefined();
    expect(r.getExtraInfo('mode')).toBe(SSH_TUN_MODE_POINTTOPOINT);
    expect(r.getExtraInfo('unit')).toBeUndefined();
    const packets = Array.from({ length: 300 }, (_, i) =>
      (i % 3 === 0 ? ipv6 : ipv4)(20 + ((i * 37) % 1481), i),
    );
    w.writelines(packets);
    for (const p of packets) expect(await r.read()).toEqual(p);
    w.writeEof();
    expect(await r.read()).toEqual(new Uint8Array(0));
    expect(r.atEof()).toBe(true);
  });

  test('on the wire: one CHANNEL_DATA per packet, with the OpenBSD address family in front (2 for IPv4, 24 for IPv6)', async () => {
    const pair = connectPair({ tunRequested: () => echo });
    const [r, w] = await pair.client.openTun(97);
    const sent = dataSent(pair.clientChannel);
    const echoed = dataSent(pair.serverChannel);
    const packets = [ipv4(60), ipv6(1280), ipv4(1500, 3), ipv6(40, 9)];
    w.writelines(packets);
    for (const p of packets) expect(await r.read()).toEqual(p);
    for (const wire of [sent, echoed]) {
      expect(wire.map(u32)).toEqual([2, 24, 2, 24]);
      expect(wire.map((d) => d.subarray(4))).toEqual(packets);
    }
  });

  test('the open carries the mode and unit (0x7fffffff for any), and the log names them', async () => {
    const events: ConnectionLogEvent[] = [];
    const pair = connectPair(
      { tunRequested: () => echo, tapRequested: () => echo },
      {},
      { log: (e) => events.push(e) },
    );
    const opens: Array<{ type: string; mode: number; unit: number }> = [];
    pair.clientChannel.tap = (p) => {
      if (p[0] !== MSG_CHANNEL_OPEN) return;
      const o = decodeChannelOpen(p);
      opens.push({ type: o.channelType, ...decodeTunOpenData(o.data) });
    };
    await pair.client.openTun(97);
    await pair.client.openTap();
    expect(opens).toEqual([
      { type: 'tun@openssh.com', mode: SSH_TUN_MODE_POINTTOPOINT, unit: 97 },
      { type: 'tun@openssh.com', mode: SSH_TUN_MODE_ETHERNET, unit: SSH_TUN_UNIT_ANY },
    ]);
    const details = events.filter((e) => e.event === 'channel-open').map((e) => e.detail);
    expect(details).toEqual([
      'channel 0: open tun@openssh.com point-to-point to unit 97',
      'channel 1: open tun@openssh.com ethernet to unit any',
    ]);
  });

  test('TAP carries Ethernet frames as they are: no header, any first byte', async () => {
    let unitSeen: unknown;
    const pair = connectPair({
      tapRequested: (unit) => {
        unitSeen = unit;
        return echo;
      },
    });
    const [r, w] = await pair.client.openTap(3);
    expect(unitSeen).toBe(3);
    const sent = dataSent(pair.clientChannel);
    const frames = [
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2),
      new Uint8Array(1514).fill(0x21),
      Uint8Array.of(0),
    ];
    w.writelines(frames);
    for (const f of frames) expect(await r.read()).toEqual(f);
    expect(sent).toEqual(frames);
  });

  test('a packet is never split: with a small window it waits until the whole packet fits', async () => {
    const pair = connectPair({ tunRequested: () => echo }, { channelOptions: { window: 3000 } });
    const [r, w] = await pair.client.openTun(undefined, { window: 3000 });
    const sent = dataSent(pair.clientChannel);
    const packets = Array.from({ length: 20 }, (_, i) => ipv4(1400 + i, i));
    w.writelines(packets);
    expect(w.channel.getWriteBufferSize()).toBeGreaterThan(0);
    for (const p of packets) expect(await r.read()).toEqual(p);
    expect(sent.map((d) => d.length)).toEqual(packets.map((p) => p.length + 4));
  });

  test('message boundaries are packet boundaries: bad families are dropped, a message too short for the header closes the channel', async () => {
    let opens = 0;
    // The first tunnel's server end stays silent: the test writes its messages by hand.
    const pair = connectPair({ tunRequested: () => (opens++ === 0 ? () => {} : echo) });
    const [r] = await pair.client.openTun();
    await ticks(3);
    const id = r.channel.localId;
    const withFamily = (af: number, body: Uint8Array) => {
      const d = new Uint8Array(4 + body.length);
      new DataView(d.buffer).setUint32(0, af);
      d.set(body, 4);
      return d;
    };
    const a = ipv4(30);
    const b = ipv6(50);
    for (const d of [
      withFamily(2, a.subarray(0, 10)), // half a packet is a packet of its own
      withFamily(2, a.subarray(10)), // and so is the other half
      withFamily(7, a), // unknown family: dropped
      withFamily(24, new Uint8Array(0)), // nothing after the header: dropped
      withFamily(24, b),
      Uint8Array.of(0, 0, 2), // too short for a header: the channel closes
      withFamily(2, a), // never delivered
    ]) {
      pair.clientChannel.inject(encodeChannelData(id, d));
    }
    expect(await r.read()).toEqual(a.subarray(0, 10));
    expect(await r.read()).toEqual(a.subarray(10));
    expect(await r.read()).toEqual(b);
    await expect(r.read()).rejects.toThrow('no address family');
    await r.channel.waitClosed();
    // Only that channel: the connection carries on.
    const [r2, w2] = await pair.client.openTun();
    w2.write(ipv4(20));
    expect(await r2.read()).toEqual(ipv4(20));
  });

  test('write refuses what cannot be one packet', async () => {
    const pair = connectPair({ tunRequested: () => echo, tapRequested: () => echo });
    const [, w] = await pair.client.openTun();
    expect(() => w.write(Uint8Array.of(0x12, 0))).toThrow(RangeError);
    expect(() => w.write(new Uint8Array(0))).toThrow(RangeError);
    expect(() => w.write('text')).toThrow(TypeError);
    // The server advertised 32 KiB packets: an IP packet needs room for the header and OpenSSH's 4 bytes.
    expect(() => w.write(ipv4(32 * 1024 - 8 + 1))).toThrow(RangeError);
    expect(() => w.write(ipv4(32 * 1024 - 8))).not.toThrow();
    const [, tap] = await pair.client.openTap();
    expect(() => tap.write(new Uint8Array(32 * 1024 - 4 + 1))).toThrow(RangeError);
    await expect(pair.client.openTun(SSH_TUN_UNIT_ANY)).rejects.toThrow(RangeError);
    await expect(pair.client.openTap(-1)).rejects.toThrow(RangeError);
    await expect(pair.client.openTun(1.5)).rejects.toThrow(RangeError);
  });
});

/** A TUN/TAP session that hands out the packets it receives in order. */
class Collector extends SSHTunTapSession {
  readonly packets: Uint8Array[] = [];
  private wake: (() => void) | undefined;
  override dataReceived(packet: Uint8Array): void {
    this.packets.push(packet);
    this.wake?.();
  }
  async next(): Promise<Uint8Array> {
    while (this.packets.length === 0) await new Promise<void>((r) => (this.wake = r));
    return this.packets.shift() as Uint8Array;
  }
}

describe('createTun / createTap (session handlers)', () => {
  test('dataReceived gets one packet per call, both ways', async () => {
    class Echo extends SSHTunTapSession {
      chan: SSHTunTapChannel | undefined;
      override connectionMade(chan: SSHTunTapChannel): void {
        this.chan = chan;
      }
      override dataReceived(packet: Uint8Array): void {
        this.chan?.write(packet);
      }
    }
    const pair = connectPair({ tunRequested: () => new Echo() });
    const [chan, session] = await pair.client.createTun(() => new Collector(), 12);
    expect(chan.getExtraInfo('unit')).toBe(12);
    const packets = [ipv4(100), ipv6(200), ipv4(21)];
    for (const p of packets) chan.write(p);
    const c = session as Collector;
    for (const p of packets) expect(await c.next()).toEqual(p);
  });

  test('a [channel, session] answer is used as given', async () => {
    let made: SSHTunTapChannel | undefined;
    const pair = connectPair({
      tapRequested: (unit) => {
        made = new SSHTunTapChannel(SSH_TUN_MODE_ETHERNET, unit);
        return [made, new SSHTunTapSession()];
      },
    });
    const [chan] = await pair.client.createTap(() => new SSHTunTapSession());
    expect(made?.isClosed).toBe(false);
    expect(made?.getExtraInfo('mode')).toBe(SSH_TUN_MODE_ETHERNET);
    chan.close();
    await made?.waitClosed();
  });
});

describe('refusals', () => {
  async function openError(pair: Pair, tap = false): Promise<ChannelOpenError> {
    const r = await settle(tap ? pair.client.openTap() : pair.client.openTun());
    if (r.status !== 'rejected') throw new Error('the open succeeded');
    expect(ChannelOpenError.isInstance(r.reason)).toBe(true);
    return r.reason as ChannelOpenError;
  }

  test('without a hook: administratively prohibited (TUN and TAP each need their own)', async () => {
    expect((await openError(connectPair())).code).toBe(OPEN_ADMINISTRATIVELY_PROHIBITED);
    const tunOnly = connectPair({ tunRequested: () => echo });
    expect((await openError(tunOnly, true)).code).toBe(OPEN_ADMINISTRATIVELY_PROHIBITED);
    await expect(tunOnly.client.openTun()).resolves.toBeDefined();
  });

  test.each<[string, TunTapOpenResult, number, string]>([
    ['false', false, OPEN_CONNECT_FAILED, 'Connection refused'],
    ['undefined', undefined, OPEN_CONNECT_FAILED, 'Connection refused'],
    ['true (no OS devices)', true, OPEN_CONNECT_FAILED, 'TUN/TAP devices are not supported'],
    ['a ChannelOpenError', new ChannelOpenError(4, 'no more units'), 4, 'no more units'],
  ])('a handler returning %s refuses', async (_name, answer, code, reason) => {
    const e = await openError(connectPair({ tunRequested: () => answer }));
    expect([e.code, e.reason]).toEqual([code, reason]);
  });

  test('a handler that throws a ChannelOpenError (sync or async) refuses', async () => {
    const sync = connectPair({
      tunRequested: () => {
        throw new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'nope');
      },
    });
    expect((await openError(sync)).reason).toBe('nope');
    const async = connectPair({
      tunRequested: async () => {
        throw new ChannelOpenError(OPEN_CONNECT_FAILED, 'later');
      },
    });
    expect((await openError(async)).reason).toBe('later');
  });

  test('the client refuses tun@openssh.com opens from the server', async () => {
    const pair = connectPair();
    const chan = new SSHTunTapChannel(SSH_TUN_MODE_POINTTOPOINT, undefined);
    const opened = settle(pair.server.mux.openChannel(chan as never, new Uint8Array(8)));
    const r = await opened;
    expect(r.status).toBe('rejected');
  });

  test('a mode other than 1 or 2, or a unit above 0x7fffffff, is refused', async () => {
    let called = false;
    const pair = connectPair({
      tunRequested: () => {
        called = true;
        return echo;
      },
    });
    for (const data of [
      encodeTunOpenData({ mode: 3, unit: 1 }),
      encodeTunOpenData({ mode: 1, unit: 0x8000_0000 }),
    ]) {
      const chan = new SSHTunTapChannel(SSH_TUN_MODE_POINTTOPOINT, undefined);
      const r = await settle(pair.client.mux.openChannel(chan as never, data));
      expect(r.status).toBe('rejected');
    }
    expect(called).toBe(false);
  });
});

describe('authorized_keys tunnel="n"', () => {
  function forced(n: number) {
    const units: Array<number | undefined> = [];
    const pair = connectPair(
      {
        tunRequested: (unit) => {
          units.push(unit);
          return echo;
        },
      },
      { permissions: new AuthPermissions(keyOptions({ tunnel: n })) },
    );
    return { pair, units };
  }

  test('"any" becomes the forced unit, the forced unit itself is allowed', async () => {
    const { pair, units } = forced(5);
    await pair.client.openTun();
    await pair.client.openTun(5);
    expect(units).toEqual([5, 5]);
  });

  test('another unit is refused before the handler is asked', async () => {
    const { pair, units } = forced(5);
    const r = await settle(pair.client.openTun(6));
    expect(r.status).toBe('rejected');
    expect((r as PromiseRejectedResult).reason.code).toBe(OPEN_ADMINISTRATIVELY_PROHIBITED);
    expect(units).toEqual([]);
  });

  test('no-port-forwarding does not apply to tunnels (as sshd)', async () => {
    const pair = connectPair(
      { tunRequested: () => echo },
      { permissions: new AuthPermissions(keyOptions({ permissions: { portForwarding: false } })) },
    );
    await expect(pair.client.openTun()).resolves.toBeDefined();
  });
});
