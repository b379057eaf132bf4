// Shared by the adapter tests: an event recorder, a ByteDuplex wrapper that
// counts back-pressure, and a full SSH session's packet exchange.
import { expect } from '@jest/globals';
import type { ByteDuplex, ByteDuplexHandlers, Transport } from '../../src/index.js';

const MiB = 1024 * 1024;

/** What a duplex reported, in order. */
export type DuplexEvent = ['data', number[]] | ['close', Error | undefined] | ['drain'];

export function record(duplex: ByteDuplex): DuplexEvent[] {
  const events: DuplexEvent[] = [];
  duplex.attach({
    data: (chunk) => events.push(['data', Array.from(chunk)]),
    close: (error) => events.push(['close', error]),
    drain: () => events.push(['drain']),
  });
  return events;
}

/** Counts what the transport never looks at: refused writes and drains. */
export interface Pressure {
  refused: number;
  drains: number;
}

export function watched(inner: ByteDuplex, pressure: Pressure): ByteDuplex {
  return {
    attach: (h: ByteDuplexHandlers) =>
      inner.attach({
        data: (chunk) => h.data(chunk),
        close: (error) => h.close(error),
        drain: () => {
          pressure.drains++;
          h.drain();
        },
      }),
    write: (data, written) => {
      const more = inner.write(data, written);
      if (!more) pressure.refused++;
      return more;
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    end: () => inner.end(),
    destroy: (error) => inner.destroy(error),
  };
}

/** `size` bytes whose pattern shows any lost, repeated or reordered chunk. */
export function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + (i >> 12) * seed + seed) & 0xff;
  return out;
}

/** Sends `data` as packets of message `type` (32 KiB each) and resolves with what the peer got. */
export function transfer(
  from: Transport,
  to: Transport,
  type: number,
  data: Uint8Array,
): Promise<Uint8Array> {
  const got = new Promise<Uint8Array>((resolve) => {
    const parts: Uint8Array[] = [];
    let n = 0;
    to.onPacket((p) => {
      if (p[0] !== type) throw new Error(`unexpected message ${p[0]}`);
      parts.push(p.slice(1));
      n += p.length - 1;
      if (n >= data.length) resolve(Buffer.concat(parts));
    });
  });
  for (let i = 0; i < data.length; i += 32 * 1024)
    from.send(Uint8Array.of(type), data.subarray(i, i + 32 * 1024));
  return got;
}

/** One packet each way, then 4 MiB each way at once, checked byte for byte. */
export async function exchangeBothWays(c: Transport, s: Transport): Promise<void> {
  const got = new Promise<Uint8Array>((resolve) => s.onPacket(resolve));
  c.send(Uint8Array.of(50, 1, 2, 3));
  expect(Array.from(await got)).toEqual([50, 1, 2, 3]);
  const back = new Promise<Uint8Array>((resolve) => c.onPacket(resolve));
  s.send(Uint8Array.of(60, 4));
  expect(Array.from(await back)).toEqual([60, 4]);

  const up = pattern(4 * MiB, 1);
  const down = pattern(4 * MiB, 2);
  const [gotUp, gotDown] = await Promise.all([transfer(c, s, 50, up), transfer(s, c, 60, down)]);
  expect(Buffer.from(gotUp).equals(up)).toBe(true);
  expect(Buffer.from(gotDown).equals(down)).toBe(true);
}
