import type { PacketSealer, RandomSource } from '@sshkit/ssh-crypto';
import type { PacketCompressor } from '../compression.js';
import { joinPayload } from '../packet-channel.js';
import { MIN_BLOCK, MIN_PADDING } from './limits.js';

/** Random bytes fetched per CSPRNG call for padding; padding is at most 255 bytes a packet. */
const PADDING_POOL = 4096;
/**
 * Packet buffers of this size are reused once the stream has sent them: a
 * full 32 KiB channel data packet with header, padding and tag fits. Fresh
 * memory per packet (zeroing, page faults, GC) costs more than sealing it.
 */
const PACKET_SLOT = 34 * 1024;
/** Free slots kept at most (the rest are left to the GC). */
const MAX_FREE_SLOTS = 64;

/**
 * Frames outgoing payloads as RFC 4253 §6 binary packets and seals them with
 * the current cipher and MAC, counting sequence numbers (wrapping at 2^32).
 */
export class PacketWriter {
  private sealer: PacketSealer;
  private seq = 0;
  /** Bytes sealed since the last key change, for rekey limits. */
  bytesSinceKex = 0;
  /** Packets sealed since the last key change (RFC 4344 block limits). */
  packetsSinceKex = 0;

  constructor(
    initial: PacketSealer,
    private readonly random: RandomSource,
  ) {
    this.sealer = initial;
  }

  private pool: Uint8Array = new Uint8Array(0);
  private poolAt = 0;

  /** Random padding, drawn from the CSPRNG in bulk rather than once per packet (the hot path). */
  private paddingBytes(n: number): Uint8Array {
    if (this.poolAt + n > this.pool.length) {
      this.pool = this.random(PADDING_POOL);
      this.poolAt = 0;
    }
    const out = this.pool.subarray(this.poolAt, this.poolAt + n);
    this.poolAt += n;
    return out;
  }

  /** The sequence number the next packet gets. */
  get sequence(): number {
    return this.seq;
  }

  /** Switches to new keys (after sending SSH_MSG_NEWKEYS). */
  rekeyed(sealer: PacketSealer, resetSequence: boolean): void {
    this.sealer = sealer;
    this.bytesSinceKex = 0;
    this.packetsSinceKex = 0;
    if (resetSequence) this.seq = 0;
  }

  /** Compresses payloads from now on (RFC 4253 §6.2), or stops with undefined. */
  compressor: PacketCompressor | undefined;

  /**
   * The whole packet for the payload `head || tail`, ready for the wire. Both
   * parts are copied straight into the packet (no joined payload in between),
   * and neither is kept.
   */
  frame(head: Uint8Array, tail?: Uint8Array): Uint8Array {
    if (this.compressor) {
      // The compressor takes the payload in one piece.
      head = this.compressor.compress(joinPayload(head, tail));
      tail = undefined;
    }
    const s = this.sealer;
    const payloadLength = head.length + (tail?.length ?? 0);
    const block = Math.max(MIN_BLOCK, s.blockSize);
    // (4 + packet_length - aadLength) must be a multiple of the block size.
    let padding = block - ((4 - s.aadLength + 1 + payloadLength) % block);
    if (padding < MIN_PADDING) padding += block;
    const packetLength = 1 + payloadLength + padding;
    const size = 4 + packetLength + s.trailerLength;
    // Every byte of a reused slot up to `size` is overwritten below (the trailer by `seal`).
    const packet = size <= PACKET_SLOT ? this.slot().subarray(0, size) : new Uint8Array(size);
    new DataView(packet.buffer, packet.byteOffset).setUint32(0, packetLength);
    packet[4] = padding;
    packet.set(head, 5);
    if (tail) packet.set(tail, 5 + head.length);
    packet.set(this.paddingBytes(padding), 5 + payloadLength);
    s.seal(this.seq, packet);
    this.seq = (this.seq + 1) >>> 0;
    this.bytesSinceKex += packet.length;
    this.packetsSinceKex++;
    return packet;
  }

  private readonly freeSlots: Uint8Array[] = [];

  private slot(): Uint8Array {
    return this.freeSlots.pop() ?? new Uint8Array(PACKET_SLOT);
  }

  /** Takes back a packet from {@link frame} once the stream no longer needs it. */
  recycle(packet: Uint8Array): void {
    if (packet.buffer.byteLength === PACKET_SLOT && this.freeSlots.length < MAX_FREE_SLOTS) {
      this.freeSlots.push(new Uint8Array(packet.buffer));
    }
  }
}
