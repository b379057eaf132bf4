import { describe, expect, it } from '@jest/globals';
import { createPacketSealer, getCipher, getMac, type PacketSealer } from '@sshkit/ssh-crypto';
import { createCompressor } from '../src/index.js';
import { PacketWriter } from '../src/packet/writer.js';

/** The same padding bytes for every writer, so two writers' packets can be compared. */
const fixedRandom = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

const plaintext = (): PacketSealer =>
  createPacketSealer({ cipher: getCipher('none'), key: new Uint8Array(0), iv: new Uint8Array(0) });

const sealers: Array<[string, () => PacketSealer]> = [
  ['none', plaintext],
  [
    'aes128-ctr + hmac-sha2-256-etm',
    () =>
      createPacketSealer({
        cipher: getCipher('aes128-ctr'),
        key: new Uint8Array(16).fill(1),
        iv: new Uint8Array(16).fill(2),
        mac: getMac('hmac-sha2-256-etm@openssh.com'),
        macKey: new Uint8Array(32).fill(3),
      }),
  ],
  [
    'aes128-gcm',
    () =>
      createPacketSealer({
        cipher: getCipher('aes128-gcm@openssh.com'),
        key: new Uint8Array(16).fill(4),
        iv: new Uint8Array(12).fill(5),
      }),
  ],
  [
    'chacha20-poly1305',
    () =>
      createPacketSealer({
        cipher: getCipher('chacha20-poly1305@openssh.com'),
        key: new Uint8Array(64).fill(6),
        iv: new Uint8Array(0),
      }),
  ],
];

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 13 + seed) & 0xff);
}

// [head, tail]: a data header with small, slot-sized and oversized data, an empty tail, no tail.
const payloads: Array<[Uint8Array, Uint8Array | undefined]> = [
  [bytes(9, 1), bytes(100, 2)],
  [bytes(9, 3), bytes(32 * 1024, 4)],
  [bytes(13, 5), bytes(40_000, 6)],
  [bytes(9, 7), new Uint8Array(0)],
  [bytes(30, 8), undefined],
];

function join(head: Uint8Array, tail: Uint8Array | undefined): Uint8Array {
  return Uint8Array.from([...head, ...(tail ?? [])]);
}

describe('PacketWriter.frame with a payload in two parts', () => {
  describe.each(sealers)('%s', (_name, make) => {
    it.each([false, true])('puts the same bytes on the wire as the joined payload (zlib: %s)', (zlib) => {
      const whole = new PacketWriter(make(), fixedRandom);
      const parts = new PacketWriter(make(), fixedRandom);
      if (zlib) {
        whole.compressor = createCompressor('zlib');
        parts.compressor = createCompressor('zlib');
      }
      for (const [head, tail] of payloads) {
        const expected = whole.frame(join(head, tail)).slice();
        expect(parts.frame(head, tail)).toEqual(expected);
      }
      expect(parts.sequence).toBe(whole.sequence);
      expect(parts.bytesSinceKex).toBe(whole.bytesSinceKex);
    });
  });

  it('keeps neither part: changing them after frame leaves the packet as it was', () => {
    const writer = new PacketWriter(plaintext(), fixedRandom);
    const head = bytes(9, 1);
    const tail = bytes(1000, 2);
    const packet = writer.frame(head, tail);
    const before = packet.slice();
    head.fill(0);
    tail.fill(0);
    expect(packet).toEqual(before);
    expect(packet.subarray(5, 5 + 1009)).toEqual(join(bytes(9, 1), bytes(1000, 2)));
  });
});
