// The point-to-point deframing of tun@openssh.com data is peer input: property
// tests of decodeTunPacket, and random message sequences injected into a live
// channel, which must yield exactly the well-formed packets and never harm the connection.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeTunOpenData,
  decodeTunPacket,
  encodeChannelData,
  encodeTunOpenData,
  encodeTunPacket,
  SSH_TUN_AF_INET,
  SSH_TUN_AF_INET6,
  type SSHReader,
  type SSHWriter,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { ticks } from './support/packet-pair.js';

const family = (d: Uint8Array) => new DataView(d.buffer, d.byteOffset, 4).getUint32(0);
const known = (af: number) => af === SSH_TUN_AF_INET || af === SSH_TUN_AF_INET6;

/** A message: usually a known family with a body, sometimes anything at all. */
const message = fc.oneof(
  fc
    .tuple(fc.constantFrom(SSH_TUN_AF_INET, SSH_TUN_AF_INET6), fc.uint8Array({ maxLength: 1600 }))
    .map(([af, body]) => {
      const d = new Uint8Array(4 + body.length);
      new DataView(d.buffer).setUint32(0, af);
      d.set(body, 4);
      return d;
    }),
  fc.uint8Array({ maxLength: 64 }),
);

describe('decodeTunPacket', () => {
  test('returns the bytes after a known family, drops the rest, and throws only ProtocolError, only below 4 bytes', () => {
    fc.assert(
      fc.property(message, (d) => {
        let out: Uint8Array | undefined;
        try {
          out = decodeTunPacket(d);
        } catch (e) {
          expect((e as Error).name).toBe('ProtocolError');
          expect(d.length).toBeLessThan(4);
          return;
        }
        if (known(family(d)) && d.length > 4) expect(out).toEqual(d.subarray(4));
        else expect(out).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  test('encodeTunPacket then decodeTunPacket gives the packet back, with the family of its IP version', () => {
    const packet = fc
      .tuple(fc.constantFrom(4, 6), fc.uint8Array({ minLength: 1, maxLength: 1600 }))
      .map(([v, p]) => {
        const out = p.slice();
        out[0] = (v << 4) | ((out[0] as number) & 0x0f);
        return out;
      });
    fc.assert(
      fc.property(packet, (p) => {
        const wire = encodeTunPacket(p);
        expect(family(wire)).toBe((p[0] as number) >> 4 === 4 ? SSH_TUN_AF_INET : SSH_TUN_AF_INET6);
        expect(decodeTunPacket(wire)).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeTunOpenData', () => {
  test('round-trips any two uint32s and throws only WireError on other input', () => {
    fc.assert(
      fc.property(fc.nat(0xffff_ffff), fc.nat(0xffff_ffff), (mode, unit) => {
        expect(decodeTunOpenData(encodeTunOpenData({ mode, unit }))).toEqual({ mode, unit });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (d) => {
        try {
          expect(decodeTunOpenData(d)).toBeDefined();
          expect(d.length).toBe(8);
        } catch (e) {
          expect((e as Error).name).toBe('WireError');
        }
      }),
    );
  });
});

describe('a live TUN channel fed random messages', () => {
  test('the reader gets exactly the well-formed packets, in order, up to the first short message; the connection lives on', async () => {
    const echo = async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
      for await (const p of r) w.write(p);
    };
    let opens = 0;
    const pair = connectPair({ tunRequested: () => (opens++ % 2 === 0 ? () => {} : echo) });
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 12 }), async (messages) => {
        const [r] = await pair.client.openTun();
        await ticks(2);
        for (const d of messages) pair.clientChannel.inject(encodeChannelData(r.channel.localId, d));
        const short = messages.findIndex((d) => d.length < 4);
        const good = (short === -1 ? messages : messages.slice(0, short))
          .filter((d) => known(family(d)) && d.length > 4)
          .map((d) => d.subarray(4));
        for (const p of good) expect(await r.read()).toEqual(p);
        if (short !== -1) {
          await expect(r.read()).rejects.toThrow('no address family');
        } else {
          r.channel.close();
        }
        await r.channel.waitClosed();
        // The connection still carries a tunnel.
        const [r2, w2] = await pair.client.openTun();
        w2.write(encodeTunPacket(Uint8Array.of(0x45, 1, 2)).subarray(4));
        expect(await r2.read()).toEqual(Uint8Array.of(0x45, 1, 2));
        r2.channel.close();
      }),
      { numRuns: 40 },
    );
    expect(pair.clientChannel.disconnects).toEqual([]);
    expect(pair.serverChannel.disconnects).toEqual([]);
  });
});
