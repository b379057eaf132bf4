import { SFTPError } from '../errors.js';
import { FX_CONNECTION_LOST } from '../protocol-numbers.js';
import { protocolError } from './protocol.js';
import type { SCPStream } from './types.js';

/** Bytes asked of the stream when reading lines and single bytes. */
const READ_CHUNK = 16 * 1024;

const EMPTY = new Uint8Array(0);

export function connectionLost(): SFTPError {
  return new SFTPError(FX_CONNECTION_LOST, 'scp: the stream ended in the middle of a transfer');
}

/**
 * An {@link SCPStream} with a read buffer: lines, single bytes and exact
 * counts, whatever the chunking. Reads past the current need are kept for the
 * next call, so nothing is lost between control lines and file data.
 */
export class SCPChannel {
  private buf: Uint8Array = EMPTY;
  private ended = false;

  constructor(private readonly stream: SCPStream) {}

  /** Sends `data` (the stream takes it) and waits when the stream asks to. */
  async send(data: Uint8Array): Promise<void> {
    await this.stream.write(data);
  }

  /**
   * Sends `data` without waiting for back-pressure, and ignores a failure:
   * for a last word before giving up, which must not hang on a stuck peer.
   */
  sendQuietly(data: Uint8Array): void {
    try {
      const r = this.stream.write(data);
      if (r) r.catch(() => undefined);
    } catch {
      // The stream is gone; the caller is failing anyway.
    }
  }

  /** Refills the buffer; false at end of stream. */
  private async fill(max: number): Promise<boolean> {
    if (this.buf.length > 0) return true;
    if (this.ended) return false;
    const chunk = await this.stream.read(max);
    if (chunk.length === 0) {
      this.ended = true;
      return false;
    }
    this.buf = chunk;
    return true;
  }

  /** The next byte, or -1 at a clean end of stream. */
  async byteOrEnd(): Promise<number> {
    if (!(await this.fill(READ_CHUNK))) return -1;
    const b = this.buf[0] as number;
    this.buf = this.buf.subarray(1);
    return b;
  }

  /** The next byte. @throws SFTPError(FX_CONNECTION_LOST) at end of stream */
  async byte(): Promise<number> {
    const b = await this.byteOrEnd();
    if (b < 0) throw connectionLost();
    return b;
  }

  /**
   * The rest of a line, without its `\n`.
   * @param max - most bytes, newline included
   * @throws SFTPError(FX_BAD_MESSAGE) past `max`; SFTPError(FX_CONNECTION_LOST) at end of stream
   */
  async line(max: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      if (!(await this.fill(READ_CHUNK))) throw connectionLost();
      const nl = this.buf.indexOf(0x0a);
      const take = nl >= 0 ? nl : this.buf.length;
      if (size + take + (nl >= 0 ? 1 : 0) > max) throw protocolError('line too long');
      parts.push(this.buf.subarray(0, take));
      size += take;
      this.buf = this.buf.subarray(nl >= 0 ? nl + 1 : take);
      if (nl >= 0) break;
    }
    if (parts.length === 1) return parts[0] as Uint8Array;
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Fills `target` from the stream. @throws SFTPError(FX_CONNECTION_LOST) at end of stream */
  async readExact(target: Uint8Array): Promise<void> {
    let at = 0;
    while (at < target.length) {
      if (!(await this.fill(target.length - at))) throw connectionLost();
      const n = Math.min(this.buf.length, target.length - at);
      target.set(this.buf.subarray(0, n), at);
      this.buf = this.buf.subarray(n);
      at += n;
    }
  }
}
