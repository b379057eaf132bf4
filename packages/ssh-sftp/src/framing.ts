/**
 * SFTP packet framing over a byte stream (draft-ietf-secsh-filexfer-02 §3):
 * "All packets transmitted over the secure connection are of the following
 * format: uint32 length / byte type / byte[length - 1] data payload".
 */
import { WireError } from '@sshkit/ssh-wire';
import { BufferPool } from './buffer-pool.js';

/**
 * Largest packet (length word excluded) accepted by default: 256 KiB, the
 * `SFTP_MAX_MSG_LENGTH` of OpenSSH's sftp-server and sftp client, which
 * refuse anything longer. It bounds what a peer can make us buffer.
 */
export const MAX_PACKET_LENGTH = 256 * 1024;

/** Split packets this long or longer are assembled in recyclable buffers (see {@link PacketDecoder.recycle}). */
const POOL_MIN = 16 * 1024;

/**
 * A streaming frame decoder: feed it chunks of any size (down to single
 * bytes), get back whole packet payloads (`byte type || body`).
 *
 * Each byte is copied at most once: payloads that arrive whole inside one
 * chunk are returned as views into that chunk (no copy), and a payload split
 * across chunks is assembled in one buffer of its exact size, allocated as
 * soon as its length word is known. The caller must not reuse chunk buffers
 * it has fed. After a framing error the decoder stays failed (the stream
 * cannot be resynchronised).
 *
 * @example
 * ```ts
 * import { PacketDecoder } from '@sshkit/ssh-sftp';
 * const d = new PacketDecoder();
 * for (const payload of d.feed(chunk)) handle(payload);
 * ```
 */
export class PacketDecoder {
  readonly maxPacketLength: number;
  /** Buffers that assemble split packets, given back through {@link recycle}. */
  private readonly pool = new BufferPool();
  /** Bytes of a length word split across chunks. */
  private readonly header = new Uint8Array(4);
  private headerFill = 0;
  /** The payload being assembled across chunks, and how much of it has arrived. */
  private partial: Uint8Array | undefined;
  private partialFill = 0;
  private failed: WireError | undefined;

  /** @param maxPacketLength - longest payload accepted, in bytes (default {@link MAX_PACKET_LENGTH}) */
  constructor(maxPacketLength = MAX_PACKET_LENGTH) {
    if (!Number.isInteger(maxPacketLength) || maxPacketLength < 1) {
      throw new RangeError(
        `PacketDecoder: maxPacketLength must be a positive integer, got ${maxPacketLength}`,
      );
    }
    this.maxPacketLength = maxPacketLength;
  }

  /** Bytes received but not yet returned as a packet. */
  get buffered(): number {
    return this.headerFill + (this.partial ? 4 + this.partialFill : 0);
  }

  /**
   * Adds a chunk and returns the payloads it completes, in order.
   * Cost is linear in the bytes fed, however the stream is chunked.
   * @throws WireError('too-long') if a length word exceeds `maxPacketLength`;
   *   WireError('truncated') for a zero length (a packet has at least a type byte)
   */
  feed(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw this.failed;
    const out: Uint8Array[] = [];
    const end = chunk.length;
    let pos = 0;
    if (this.headerFill > 0) {
      while (this.headerFill < 4 && pos < end) this.header[this.headerFill++] = chunk[pos++] as number;
      if (this.headerFill < 4) return out;
      this.headerFill = 0;
      this.partial = this.allocate(this.checkLength(this.header, 0));
      this.partialFill = 0;
    }
    const partial = this.partial;
    if (partial) {
      const take = Math.min(partial.length - this.partialFill, end - pos);
      partial.set(chunk.subarray(pos, pos + take), this.partialFill);
      this.partialFill += take;
      pos += take;
      if (this.partialFill < partial.length) return out;
      this.partial = undefined;
      out.push(partial);
    }
    while (end - pos >= 4) {
      const length = this.checkLength(chunk, pos);
      const start = pos + 4;
      if (end - start < length) {
        // Split packet: assemble it in a buffer of its own size.
        const p = this.allocate(length);
        p.set(chunk.subarray(start, end));
        this.partial = p;
        this.partialFill = end - start;
        return out;
      }
      out.push(chunk.subarray(start, start + length));
      pos = start + length;
    }
    while (pos < end) this.header[this.headerFill++] = chunk[pos++] as number;
    return out;
  }

  /**
   * Gives back a payload (or a view into one) the caller is done with, so
   * that its memory assembles a later packet. Only payloads the decoder
   * assembled are kept (others are ignored), each once. Fresh memory is
   * costly (zeroing, page faults): reusing it is what lets a transfer of
   * large packets run at memory speed.
   */
  recycle(payload: Uint8Array): void {
    this.pool.recycle(payload);
  }

  private allocate(length: number): Uint8Array {
    if (length < POOL_MIN) return new Uint8Array(length);
    // Power-of-two sizes, so that packets of nearby lengths share buffers.
    const size = Math.min(2 ** Math.ceil(Math.log2(length)), this.maxPacketLength);
    return new Uint8Array(this.pool.take(length, size), 0, length);
  }

  private checkLength(buf: Uint8Array, pos: number): number {
    const length =
      (((buf[pos] as number) << 24) |
        ((buf[pos + 1] as number) << 16) |
        ((buf[pos + 2] as number) << 8) |
        (buf[pos + 3] as number)) >>>
      0;
    if (length > this.maxPacketLength) {
      this.failed = new WireError(
        'too-long',
        `SFTP packet of ${length} bytes exceeds the limit of ${this.maxPacketLength}`,
        pos,
      );
      throw this.failed;
    }
    if (length === 0) {
      this.failed = new WireError('truncated', 'SFTP packet of length 0 has no type byte', pos);
      throw this.failed;
    }
    return length;
  }
}
