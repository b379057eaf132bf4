/**
 * SFTP packet framing over a byte stream (draft-ietf-secsh-filexfer-02 §3):
 * "All packets transmitted over the secure connection are of the following
 * format: uint32 length / byte type / byte[length - 1] data payload".
 */
import { WireError } from '@sshkit/ssh-wire';

/**
 * Largest packet (length word excluded) accepted by default: 256 KiB, the
 * `SFTP_MAX_MSG_LENGTH` of OpenSSH's sftp-server and sftp client, which
 * refuse anything longer. It bounds what a peer can make us buffer.
 */
export const MAX_PACKET_LENGTH = 256 * 1024;

/**
 * A streaming frame decoder: feed it chunks of any size (down to single
 * bytes), get back whole packet payloads (`byte type || body`).
 *
 * Payloads that arrive whole inside one chunk are returned as views into that
 * chunk (no copy): the caller must not reuse chunk buffers it has fed.
 * After a framing error the decoder stays failed (the stream cannot be resynchronised).
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
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Frame size (4 + length) of the packet being assembled, 0 while its header is incomplete. */
  private needed = 0;
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
    return this.pendingBytes;
  }

  /**
   * Adds a chunk and returns the payloads it completes, in order.
   * Cost is linear in the bytes fed, however the stream is chunked.
   * @throws WireError('too-long') if a length word exceeds `maxPacketLength`;
   *   WireError('truncated') for a zero length (a packet has at least a type byte)
   */
  feed(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw this.failed;
    let buf: Uint8Array;
    if (this.pendingBytes === 0) {
      buf = chunk;
    } else {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.needed === 0 && this.pendingBytes >= 4) {
        this.needed = 4 + this.checkLength(this.concatPending().subarray(0, 4), 0);
      }
      if (this.needed === 0 || this.pendingBytes < this.needed) return [];
      buf = this.concatPending();
      this.pending = [];
      this.pendingBytes = 0;
      this.needed = 0;
    }
    const out: Uint8Array[] = [];
    let pos = 0;
    while (buf.length - pos >= 4) {
      const length = this.checkLength(buf, pos);
      if (buf.length - pos - 4 < length) {
        this.needed = 4 + length;
        break;
      }
      out.push(buf.subarray(pos + 4, pos + 4 + length));
      pos += 4 + length;
    }
    if (pos < buf.length) {
      // Keep the tail as a copy: `buf` may be a large chunk we should not pin.
      const tail = buf.slice(pos);
      this.pending = [tail];
      this.pendingBytes = tail.length;
    }
    return out;
  }

  private concatPending(): Uint8Array {
    if (this.pending.length === 1) return this.pending[0] as Uint8Array;
    const all = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const p of this.pending) {
      all.set(p, at);
      at += p.length;
    }
    this.pending = [all];
    return all;
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
