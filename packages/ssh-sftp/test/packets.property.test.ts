import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PacketDecoder } from '../src/framing.js';
import { decodePacket, encodePacket, type SFTPPacket } from '../src/packets.js';
import { packetArb } from './arbitraries.js';

describe('SFTP packets: decode(encode(p)) == p', () => {
  it('round-trips every packet type', () => {
    fc.assert(
      fc.property(packetArb, (p) => {
        const frame = encodePacket(p);
        const length = new DataView(frame.buffer, frame.byteOffset).getUint32(0);
        expect(length).toBe(frame.length - 4);
        expect(decodePacket(frame.subarray(4))).toEqual(p);
      }),
      { numRuns: 1500 },
    );
  });

  it('reassembles any sequence of packets under any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(packetArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 50 })),
        (ps, cuts) => {
          const frames = ps.map((p) => encodePacket(p));
          const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
          let at = 0;
          for (const f of frames) {
            all.set(f, at);
            at += f.length;
          }
          const d = new PacketDecoder();
          const out: SFTPPacket[] = [];
          let pos = 0;
          let i = 0;
          while (pos < all.length) {
            const size = cuts.length ? (cuts[i++ % cuts.length] as number) : all.length;
            for (const payload of d.feed(all.slice(pos, pos + size))) out.push(decodePacket(payload));
            pos += size;
          }
          expect(out).toEqual(ps);
        },
      ),
      { numRuns: 300 },
    );
  });
});
