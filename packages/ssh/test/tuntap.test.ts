// TUN/TAP channels (tun@openssh.com) between our client and our server over
// TCP: openTun/openTap/createTun against tunRequested/tapRequested handlers,
// the default refusal, and authorized_keys tunnel="n" through listen().
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ChannelOpenError,
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  listen,
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  type SSHReader,
  SSHServer,
  SSHTunTapSession,
  type SSHWriter,
} from '../src/index.js';
import { icmpEcho, ipv4Packet } from './support/ip-packets.js';
import { type Loopback, loopback, OpenServer } from './support/loopback.js';

/** Sends every packet back until EOF. */
const echo = async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
  for await (const p of r) w.write(p);
  w.writeEof();
};

/** Lets everyone in and echoes tunnels; records the units asked for. */
class TunServer extends OpenServer {
  readonly units: Array<number | undefined> = [];
  override tunRequested(unit: number | undefined) {
    this.units.push(unit);
    return echo;
  }
  override tapRequested(unit: number | undefined) {
    this.units.push(unit);
    return echo;
  }
}

function ipv6(size: number): Uint8Array {
  const p = Uint8Array.from({ length: size }, (_, i) => i & 0xff);
  p[0] = 0x60;
  return p;
}

describe('TUN/TAP between connect() and listen()', () => {
  let lb: Loopback | undefined;
  afterEach(async () => {
    await lb?.close();
    lb = undefined;
  });

  it('openTun: IPv4 and IPv6 packets come back one per read, the handler saw the unit', async () => {
    const server = new TunServer();
    lb = await loopback({ serverFactory: () => server });
    const [r, w] = await lb.conn.openTun(7);
    const packets = Array.from({ length: 200 }, (_, i) =>
      i % 2 ? ipv6(40 + i) : ipv4Packet('10.0.0.1', '10.0.0.2', 1, icmpEcho(1, i, new Uint8Array(i))),
    );
    w.writelines(packets);
    for (const p of packets) expect(await r.read()).toEqual(p);
    expect(server.units).toEqual([7]);
    w.writeEof();
    expect((await r.read()).length).toBe(0);
  });

  it('openTap carries frames; createTun delivers one packet per dataReceived', async () => {
    const server = new TunServer();
    lb = await loopback({ serverFactory: () => server });
    const [r, w] = await lb.conn.openTap();
    const frame = new Uint8Array(1514).fill(7);
    w.write(frame);
    expect(await r.read()).toEqual(frame);

    class Collect extends SSHTunTapSession {
      readonly got: Uint8Array[] = [];
      #two: () => void = () => {};
      readonly two = new Promise<void>((resolve) => {
        this.#two = resolve;
      });
      override dataReceived(p: Uint8Array) {
        if (this.got.push(p) === 2) this.#two();
      }
    }
    const [chan, session] = await lb.conn.createTun(() => new Collect());
    chan.write(ipv6(60));
    chan.write(ipv6(61));
    await (session as Collect).two;
    expect((session as Collect).got).toEqual([ipv6(60), ipv6(61)]);
    expect(server.units).toEqual([undefined, undefined]);
  });

  it('a server without tunRequested refuses: administratively prohibited', async () => {
    lb = await loopback({});
    const e = await lb.conn.openTun().catch((x: unknown) => x);
    expect(ChannelOpenError.isInstance(e)).toBe(true);
    expect((e as ChannelOpenError).code).toBe(OPEN_ADMINISTRATIVELY_PROHIBITED);
  });

  it('authorized_keys tunnel="3" forces the unit', async () => {
    const hostKey = generatePrivateKey('ssh-ed25519');
    const userKey = generatePrivateKey('ssh-ed25519');
    const units: Array<number | undefined> = [];
    class KeyTunServer extends SSHServer {
      override tunRequested(unit: number | undefined) {
        units.push(unit);
        return echo;
      }
    }
    const acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      authorizedClientKeys: importAuthorizedKeys(`tunnel="3" ${userKey.exportPublicKey('openssh')}`),
      serverFactory: () => new KeyTunServer(),
    });
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'u',
      clientKeys: [userKey],
      knownHosts: [[hostKey.convertToPublic()], [], []],
    });
    try {
      await conn.openTun();
      await conn.openTun(3);
      const e = await conn.openTun(4).catch((x: unknown) => x);
      expect((e as ChannelOpenError).code).toBe(OPEN_ADMINISTRATIVELY_PROHIBITED);
      expect(units).toEqual([3, 3]);
    } finally {
      conn.close();
      acceptor.close();
      await acceptor.waitClosed();
    }
  });
});
