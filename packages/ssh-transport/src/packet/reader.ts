import { CryptoError, type PacketOpener } from '@sshkit/ssh-crypto';
import type { PacketDecompressor } from '../compression.js';
import { MACError, ProtocolError } from '../errors.js';
import { markSoleOwned } from '../sole-owner.js';
import { MIN_BLOCK, MIN_PADDING } from './limits.js';

/**
 * Reassembles incoming binary packets from arbitrary chunks, checks their
 * length before reading more, then verifies and decrypts them.
 */
export class PacketReader {
  private opener: PacketOpener;
  private seq = 0;
  private buf = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;
  /** packet_length of the packet whose header was already decrypted. */
  private pendingLength = -1;
  bytesSinceKex = 0;
  packetsSinceKex = 0;
  /** Decompresses payloads from now on (RFC 4253 §6.2), or stops with undefined. */
  decompressor: PacketDecompressor | undefined;

  constructor(
    initial: PacketOpener,
    private readonly maxPacket: number,
  ) {
    this.opener = initial;
  }

  /** The sequence number of the next packet. */
  get sequence(): number {
    return this.seq;
  }

  /** Switches to new keys (after receiving SSH_MSG_NEWKEYS). */
  rekeyed(opener: PacketOpener, resetSequence: boolean): void {
    this.opener = opener;
    this.bytesSinceKex = 0;
    this.packetsSinceKex = 0;
    if (resetSequence) this.seq = 0;
  }

  push(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      if (live + chunk.length <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const grown = new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length));
        grown.set(this.buf.subarray(this.start, this.end));
        this.buf = grown;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /**
   * The next packet's sequence number and payload, or undefined until all of it has arrived.
   * @throws ProtocolError for a bad length or padding, MACError when authentication fails
   */
  next(): { seq: number; payload: Uint8Array } | undefined {
    const o = this.opener;
    const available = this.end - this.start;
    if (this.pendingLength < 0) {
      if (available < o.headerLength) return undefined;
      const length = o.packetLength(this.seq, this.buf.subarray(this.start, this.start + o.headerLength));
      const block = Math.max(MIN_BLOCK, o.blockSize);
      if (length > this.maxPacket || length < 1 + MIN_PADDING || (4 + length - o.aadLength) % block !== 0) {
        throw new ProtocolError(`bad packet length ${length}`);
      }
      this.pendingLength = length;
    }
    const total = 4 + this.pendingLength + o.trailerLength;
    if (available < total) return undefined;
    const packet = this.buf.subarray(this.start, this.start + total);
    let body: Uint8Array;
    try {
      body = o.open(this.seq, packet);
    } catch (e) {
      if (CryptoError.isInstance(e)) throw new MACError('packet authentication failed', '', { cause: e });
      throw e;
    }
    const length = this.pendingLength;
    const padding = body[0] as number;
    if (padding < MIN_PADDING || padding > length - 1)
      throw new ProtocolError(`bad padding length ${padding}`);
    // A body decrypted in our buffer is copied out (the buffer is reused for the next
    // packets); one the cipher handed back fresh (OpenSSL's output) is ours to keep, as a
    // plain Uint8Array view: a Node Buffer's slice() shares memory instead of copying,
    // which the layers above (and freeing a payload's buffer) must not meet.
    const inPlace = body.buffer === this.buf.buffer;
    let payload: Uint8Array = inPlace
      ? body.slice(1, length - padding)
      : new Uint8Array(body.buffer, body.byteOffset + 1, length - padding - 1);
    if (this.decompressor) payload = this.decompressor.decompress(payload);
    else markSoleOwned(payload);
    const seq = this.seq;
    this.seq = (this.seq + 1) >>> 0;
    this.start += total;
    if (this.start === this.end) this.start = this.end = 0;
    this.pendingLength = -1;
    this.bytesSinceKex += total;
    this.packetsSinceKex++;
    return { seq, payload };
  }
}
