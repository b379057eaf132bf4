// tun@openssh.com against OpenSSH with real kernel tun devices (root only):
// our client's openTun through sshd (PermitTunnel yes) pings the kernel on
// the tun device sshd creates, and ssh -w through our server carries a UDP
// datagram from the kernel to a tunRequested handler and its answer back.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { interopRequired, requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import { type SSHClientConnection, type SSHReader, SSHServer, type SSHWriter } from '../src/index.js';
import { icmpEcho, inetChecksum, ipv4Packet, parseIPv4, udpDatagram } from './support/ip-packets.js';
import { type OurServer, startOurServer } from './support/openssh-client.js';
import { connectToSshd } from './support/sshd-client.js';

const IP = '/usr/sbin/ip';
const run = promisify(execFile);

/** Why kernel tunnels cannot be tested here, if they cannot. */
function tunUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'tun tests need root';
  if (!existsSync('/dev/net/tun')) return '/dev/net/tun is missing';
  if (!existsSync(IP)) return `${IP} is missing`;
  return undefined;
}

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const why = tunUnavailable();
if (why && tools && interopRequired()) throw new Error(`SSHKIT_REQUIRE_INTEROP=1 but ${why}`);
const describeTun = tools && !why ? describe : describe.skip;

const ip = (...args: string[]) => run(IP, args);
const linkExists = (dev: string) =>
  ip('link', 'show', dev).then(
    () => true,
    () => false,
  );

/** Polls `cond` every 50 ms for up to 5 s. */
async function until(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Removes a device a failed test left behind. */
async function removeLink(dev: string): Promise<void> {
  if (await linkExists(dev)) await ip('link', 'del', dev).catch(() => {});
}

describeTun('our client -> sshd: openTun to a kernel tun device', () => {
  const DEV = 'tun97';
  let server: SshdInstance;
  let conn: SSHClientConnection;

  beforeAll(async () => {
    await removeLink(DEV);
    server = await startSshd({ hostKeyTypes: ['ed25519'], config: ['PermitTunnel yes'] });
    conn = await connectToSshd(server);
  });
  afterAll(async () => {
    conn?.close();
    await conn?.waitClosed();
    await server?.stop();
    await removeLink(DEV);
  });

  it('sshd creates tun97; an ICMP echo request sent through the channel gets the kernel reply', async () => {
    const [r, w] = await conn.openTun(97);
    expect(await linkExists(DEV)).toBe(true);
    await ip('addr', 'add', '10.211.97.1/30', 'dev', DEV);
    await ip('link', 'set', DEV, 'up');

    const data = new TextEncoder().encode('sshkit tun interop');
    w.write(ipv4Packet('10.211.97.2', '10.211.97.1', 1, icmpEcho(0x5353, 1, data)));
    // The kernel may send other packets on the new link first: look for the reply.
    for (;;) {
      const packet = await r.read();
      expect(packet.length).toBeGreaterThan(0);
      const p = parseIPv4(packet);
      if (p?.protocol !== 1) continue;
      expect([p.src, p.dst, p.headerOk]).toEqual(['10.211.97.1', '10.211.97.2', true]);
      const v = new DataView(p.payload.buffer, p.payload.byteOffset);
      expect([p.payload[0], v.getUint16(4), v.getUint16(6)]).toEqual([0, 0x5353, 1]);
      expect(inetChecksum(p.payload)).toBe(0);
      expect(p.payload.subarray(8)).toEqual(data);
      break;
    }
    // sshd closes the device with the channel.
    r.channel.close();
    await r.channel.waitClosed();
    await until(async () => !(await linkExists(DEV)), `${DEV} to go away`);
  });
});

/** Answers UDP datagrams sent into the tunnel with the same data reversed, from the address they went to. */
class UdpReflector extends SSHServer {
  readonly units: Array<number | undefined> = [];
  readonly seen: Array<{ src: string; dst: string; data: string }> = [];
  override tunRequested(unit: number | undefined) {
    this.units.push(unit);
    return async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
      for await (const packet of r) {
        const p = parseIPv4(packet);
        if (p?.protocol !== 17 || !p.headerOk) continue;
        const v = new DataView(p.payload.buffer, p.payload.byteOffset);
        const data = p.payload.subarray(8);
        this.seen.push({ src: p.src, dst: p.dst, data: new TextDecoder().decode(data) });
        const reply = udpDatagram(v.getUint16(2), v.getUint16(0), data.slice().reverse());
        w.write(ipv4Packet(p.dst, p.src, 17, reply));
      }
    };
  }
}

describeTun('ssh -w -> our server: tunRequested with a stream handler', () => {
  const DEV = 'tun96';
  let server: OurServer;
  const handler = new UdpReflector();

  beforeAll(async () => {
    await removeLink(DEV);
    server = await startOurServer(tools!, { serverFactory: () => handler });
  });
  afterAll(async () => {
    await server?.close();
    await removeLink(DEV);
  });

  it('ssh creates tun96; a UDP datagram sent into it reaches the handler and its answer comes back', async () => {
    const child = server.spawnSsh([
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-o',
      'Tunnel=point-to-point',
      '-w',
      '96:any',
      'me@127.0.0.1',
    ]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const socket = createSocket('udp4');
    try {
      await until(
        async () => handler.units.length > 0 && (await linkExists(DEV)),
        `ssh to open ${DEV}: ${stderr}`,
      );
      expect(handler.units).toEqual([undefined]);
      await ip('addr', 'add', '10.211.96.1/30', 'dev', DEV);
      await ip('link', 'set', DEV, 'up');

      await new Promise<void>((resolve) => socket.bind(0, '10.211.96.1', resolve));
      const answer = new Promise<{ msg: string; from: string }>((resolve) =>
        socket.once('message', (msg, rinfo) =>
          resolve({ msg: msg.toString(), from: `${rinfo.address}:${rinfo.port}` }),
        ),
      );
      socket.send('hello through tun96', 4096, '10.211.96.2');
      expect(await answer).toEqual({ msg: '69nut hguorht olleh', from: '10.211.96.2:4096' });
      expect(handler.seen).toEqual([{ src: '10.211.96.1', dst: '10.211.96.2', data: 'hello through tun96' }]);
    } finally {
      socket.close();
      child.kill();
    }
    // ssh's device goes with it.
    await until(async () => !(await linkExists(DEV)), `${DEV} to go away`);
  });
});
