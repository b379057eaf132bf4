import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { decodeVFSAttrs, type SFTPAttrs, type SFTPVFSAttrs } from '../attrs.js';
import { SFTPError } from '../errors.js';
import type { FramePool } from '../headroom.js';
import { writeHeaderLength } from '../packets.js';
import { FX_FAILURE, FX_OP_UNSUPPORTED } from '../protocol-numbers.js';
import { parallelRead, parallelWrite } from './pipeline.js';
import {
  expectAttrs,
  expectData,
  expectExtendedReply,
  expectOk,
  type RequestChannel,
} from './request-channel.js';

/** `seek` origin: from the start of the file. */
export const SEEK_SET = 0;
/** `seek` origin: from the current position. */
export const SEEK_CUR = 1;
/** `seek` origin: from the end of the file. */
export const SEEK_END = 2;

/** What an {@link SFTPFile} shares with its client. @internal */
export interface FileContext {
  channel: RequestChannel;
  /** Buffers of uploads, reused once the server has answered the WRITE that carried them. */
  pool: FramePool;
  blockSize: number;
  maxRequests: number;
  extensions: ReadonlyMap<string, string>;
}

const encoder = new TextEncoder();

/**
 * A remote file opened with `SFTPClient.open`. Reads and writes without an
 * explicit offset use and advance the file position; with an offset they do
 * not move it (as AsyncSSH). `T` is `string` for a text-mode file (UTF-8),
 * `Uint8Array` for a binary one.
 *
 * Text mode decodes sequential reads with one streaming decoder per file: a
 * multi-byte character split between two reads is returned whole by the
 * read that completes it, and a read that would return only part of a
 * character reads on until it has one (or end of file). `seek` and reads at
 * an explicit offset start afresh.
 */
export class SFTPFile<T extends string | Uint8Array = Uint8Array> {
  private position = 0;
  private closed = false;
  private readonly encoding: string | undefined;
  /** Streaming decoder of sequential text reads (created on first use, dropped by seek). */
  private decoder: TextDecoder | undefined;

  /** @internal */
  constructor(
    private readonly ctx: FileContext,
    /** The server's handle for this file. */
    readonly handle: Uint8Array,
    encoding: string | null,
  ) {
    this.encoding = encoding ?? undefined;
    if (this.encoding !== undefined) new TextDecoder(this.encoding); // RangeError for an unknown encoding now
  }

  private check(): void {
    if (this.closed) throw new SFTPError(FX_FAILURE, 'I/O operation on closed file');
  }

  /** One READ request at `offset`; `null` at end of file. @internal */
  async readAt(offset: number, length: number): Promise<Uint8Array | null> {
    this.check();
    return expectData(await this.ctx.channel.request({ type: 'read', handle: this.handle, offset, length }));
  }

  /** One WRITE request at `offset`. @internal */
  async writeAt(offset: number, data: Uint8Array): Promise<void> {
    this.check();
    const reply = await this.ctx.channel.request({ type: 'write', handle: this.handle, offset, data });
    // Answered, so the request has left: its buffer is free (if it came from the pool).
    this.ctx.pool.recycle(data);
    expectOk(reply);
  }

  /** A buffer for up to `length` bytes that {@link writeAt} sends without a copy. @internal */
  allocate(length: number): Uint8Array {
    return this.ctx.pool.allocate(writeHeaderLength(this.handle), length);
  }

  /**
   * Reads up to `size` bytes (all to end of file when `size` is negative),
   * pipelining requests for large reads. In text mode the result is decoded
   * (see the class notes on split characters).
   * @param size - bytes to read, or -1 for everything
   * @param offset - where to read; default the current position (which then advances)
   * @returns the data; empty at end of file
   */
  async read(size = -1, offset?: number): Promise<T> {
    if (this.encoding === undefined) return (await this.readBytes(size, offset)) as T;
    if (offset !== undefined) {
      return new TextDecoder(this.encoding).decode(await this.readBytes(size, offset)) as T;
    }
    this.decoder ??= new TextDecoder(this.encoding);
    for (;;) {
      const bytes = await this.readBytes(size);
      if (bytes.length === 0) {
        // End of file: flush what the decoder holds (an incomplete character becomes U+FFFD).
        const rest = this.decoder.decode();
        return rest as T;
      }
      // A read to end of file also flushes the decoder.
      const text = this.decoder.decode(bytes, { stream: size >= 0 });
      if (text !== '') return text as T;
    }
  }

  private async readBytes(size = -1, offset?: number): Promise<Uint8Array> {
    this.check();
    const start = offset ?? this.position;
    let end: number | undefined = size < 0 ? undefined : start + size;
    let sizeHint: number | undefined;
    if (end === undefined) {
      sizeHint = (await this.stat()).size;
    } else if (size <= this.ctx.blockSize) {
      // One request; a short reply is returned as is (like read(2)).
      const data = expectData(
        await this.ctx.channel.request({ type: 'read', handle: this.handle, offset: start, length: size }),
      );
      const bytes = data ?? new Uint8Array(0);
      if (offset === undefined) this.position = start + bytes.length;
      return bytes;
    }
    const blocks: [number, Uint8Array][] = [];
    const stop = await parallelRead({
      read: async (off, len) =>
        expectData(
          await this.ctx.channel.request({ type: 'read', handle: this.handle, offset: off, length: len }),
        ),
      sink: (off, data) => {
        blocks.push([off, data]);
      },
      start,
      end,
      sizeHint,
      blockSize: this.ctx.blockSize,
      maxRequests: this.ctx.maxRequests,
    });
    end = stop;
    const out = new Uint8Array(Math.max(0, end - start));
    for (const [off, data] of blocks) {
      if (off < end) out.set(off + data.length > end ? data.subarray(0, end - off) : data, off - start);
    }
    if (offset === undefined) this.position = end;
    return out;
  }

  /**
   * Writes all of `data`, pipelining requests for large writes.
   * @param data - bytes, or text (UTF-8 encoded)
   * @param offset - where to write; default the current position (which then advances)
   * @returns the number of bytes written
   */
  async write(data: string | Uint8Array, offset?: number): Promise<number> {
    this.check();
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const start = offset ?? this.position;
    await parallelWrite({
      source: async (off, len) => bytes.subarray(off - start, off - start + len),
      write: async (off, block) =>
        expectOk(
          await this.ctx.channel.request({ type: 'write', handle: this.handle, offset: off, data: block }),
        ),
      start,
      blockSize: this.ctx.blockSize,
      maxRequests: this.ctx.maxRequests,
    });
    if (offset === undefined) this.position = start + bytes.length;
    return bytes.length;
  }

  /**
   * Moves the file position.
   * @param offset - the new position relative to `from`
   * @param from - {@link SEEK_SET}, {@link SEEK_CUR} or {@link SEEK_END}
   * @returns the new position
   */
  async seek(offset: number, from: 0 | 1 | 2 = SEEK_SET): Promise<number> {
    this.check();
    let base = 0;
    if (from === SEEK_CUR) base = this.position;
    else if (from === SEEK_END) base = (await this.stat()).size ?? 0;
    const pos = base + offset;
    if (!Number.isSafeInteger(pos) || pos < 0) throw new RangeError(`SFTPFile.seek: invalid position ${pos}`);
    this.position = pos;
    this.decoder = undefined;
    return pos;
  }

  /** The current file position. */
  async tell(): Promise<number> {
    this.check();
    return this.position;
  }

  /** Attributes of the open file (SSH_FXP_FSTAT). */
  async stat(): Promise<SFTPAttrs> {
    this.check();
    return expectAttrs(await this.ctx.channel.request({ type: 'fstat', handle: this.handle }));
  }

  /** Changes attributes of the open file (SSH_FXP_FSETSTAT). */
  async setstat(attrs: SFTPAttrs): Promise<void> {
    this.check();
    expectOk(await this.ctx.channel.request({ type: 'fsetstat', handle: this.handle, attrs }));
  }

  /** File system statistics (`fstatvfs@openssh.com`). */
  async statvfs(): Promise<SFTPVFSAttrs> {
    this.check();
    const data = expectExtendedReply(await this.extended('fstatvfs@openssh.com'));
    const r = new WireReader(data);
    const v = decodeVFSAttrs(r);
    r.expectEnd();
    return v;
  }

  /**
   * Truncates (or extends) the file.
   * @param size - new size; default the current position
   */
  async truncate(size?: number): Promise<void> {
    await this.setstat({ size: size ?? this.position });
  }

  /** Changes owner and group. */
  async chown(uid: number, gid: number): Promise<void> {
    await this.setstat({ uid, gid });
  }

  /** Changes permission bits. */
  async chmod(mode: number): Promise<void> {
    await this.setstat({ permissions: mode });
  }

  /**
   * Changes access and modification times.
   * @param times - `[atime, mtime]` in seconds; default now
   */
  async utime(times?: readonly [number, number]): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const [atime, mtime] = times ?? [now, now];
    await this.setstat({ atime, mtime });
  }

  /** Flushes the file on the server (`fsync@openssh.com`). */
  async fsync(): Promise<void> {
    this.check();
    expectOk(await this.extended('fsync@openssh.com'));
  }

  private extended(name: string): ReturnType<RequestChannel['request']> {
    if (!this.ctx.extensions.has(name)) {
      return Promise.reject(new SFTPError(FX_OP_UNSUPPORTED, `server does not support ${name}`));
    }
    const data = new WireWriter().string(this.handle).finish();
    return this.ctx.channel.request({ type: 'extended', request: name, data });
  }

  /** Closes the file (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    expectOk(await this.ctx.channel.request({ type: 'close', handle: this.handle }));
  }

  /** `await using f = await sftp.open(...)` closes the file at scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
