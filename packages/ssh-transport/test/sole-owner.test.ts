import { describe, expect, it } from '@jest/globals';
import {
  createPacketOpener,
  createPacketSealer,
  getCipher,
  type PacketProtectionOptions,
} from '@sshkit/ssh-crypto';
import { createCompressor, createDecompressor, freeIfSoleOwned } from '../src/index.js';
import { PacketReader } from '../src/packet/reader.js';
import { PacketWriter } from '../src/packet/writer.js';

const random = (n: number): Uint8Array => new Uint8Array(n).fill(9);

const suites: Array<[string, PacketProtectionOptions]> = [
  // No cipher: the body is opened in the reader's own buffer and the payload copied out of it.
  ['none', { cipher: getCipher('none'), key: new Uint8Array(0), iv: new Uint8Array(0) }],
  // On Node the body is OpenSSL's fresh output, kept as the payload.
  [
    'aes128-gcm',
    { cipher: getCipher('aes128-gcm@openssh.com'), key: new Uint8Array(16), iv: new Uint8Array(12) },
  ],
];

/** A channel-data-like payload sent through a writer and read back. */
function roundTrip(options: PacketProtectionOptions, compressed: boolean): Uint8Array {
  const writer = new PacketWriter(createPacketSealer(options), random);
  const reader = new PacketReader(createPacketOpener(options), 256 * 1024);
  if (compressed) {
    writer.compressor = createCompressor('zlib@openssh.com');
    reader.decompressor = createDecompressor('zlib@openssh.com');
  }
  reader.push(writer.frame(new Uint8Array(9).fill(94), new Uint8Array(32 * 1024).fill(7)));
  const packet = reader.next();
  if (packet === undefined) throw new Error('no packet read back');
  return packet.payload;
}

describe('freeIfSoleOwned', () => {
  it.each(suites)('frees a received payload (%s) through any view of it, once', (_name, options) => {
    const payload = roundTrip(options, false);
    // A plain Uint8Array (not a Node Buffer, whose slice() would share the memory being freed).
    expect(Object.getPrototypeOf(payload)).toBe(Uint8Array.prototype);
    const data = payload.subarray(9);
    expect(data.every((b) => b === 7)).toBe(true);
    freeIfSoleOwned(data);
    expect(payload.length).toBe(0);
    expect(data.length).toBe(0);
    expect(() => freeIfSoleOwned(data)).not.toThrow();
  });

  it.each(suites)(
    'leaves a decompressed payload (%s) to its decompressor and the collector',
    (_name, options) => {
      const payload = roundTrip(options, true);
      freeIfSoleOwned(payload.subarray(9));
      expect(payload.length).toBe(9 + 32 * 1024);
      expect(payload.subarray(9).every((b) => b === 7)).toBe(true);
    },
  );

  it('leaves buffers the stack did not mark alone', () => {
    const mine = new Uint8Array(4096).fill(1);
    freeIfSoleOwned(mine);
    freeIfSoleOwned(mine.subarray(10));
    expect(mine.length).toBe(4096);
    expect(mine.every((b) => b === 1)).toBe(true);
  });
});
