/**
 * The source role (what `scp -f` does): reads files and directories from a
 * file system and sends them to the sink at the other end.
 */
import { isDirectoryAttrs, isRegularFileAttrs, type SFTPAttrs } from '../attrs.js';
import { joinPath, posixBasename } from '../client/transfer.js';
import { SFTPError } from '../errors.js';
import { FX_FAILURE, FXF_READ } from '../protocol-numbers.js';
import type { SFTPFileHandle, SFTPFileSystem } from '../server/filesystem.js';
import { basename } from '../server/path-map.js';
import { SCPChannel } from './channel.js';
import { END_LINE, entryLine, errorLine, guarded, OK, readResponse, timesLine } from './protocol.js';
import { joinRel, reasonOf, reportFailure } from './report.js';
import { blockSizeOf, SCP_MAX_DEPTH, type SCPSendOptions, type SCPStream } from './types.js';

/** Reads `target.length` bytes at `offset`, fewer only at end of file. */
async function readFull(handle: SFTPFileHandle, offset: number, target: Uint8Array): Promise<number> {
  let got = 0;
  while (got < target.length) {
    let n: number;
    if (handle.readInto) n = await handle.readInto(offset + got, target.subarray(got));
    else {
      const data = await handle.read(offset + got, target.length - got);
      n = Math.min(data.length, target.length - got);
      target.set(data.subarray(0, n), got);
    }
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** A source session on one stream. @internal (runSCPServer drives it entry by entry) */
export class SCPSource {
  private readonly blockSize: number;

  constructor(
    private readonly channel: SCPChannel,
    private readonly fs: SFTPFileSystem,
    private readonly o: SCPSendOptions,
  ) {
    this.blockSize = blockSizeOf(o);
  }

  /** Waits for the sink's ready byte. @throws SFTPError(FX_FAILURE) when the sink refuses to start */
  async start(): Promise<void> {
    const refusal = await readResponse(this.channel);
    if (refusal !== undefined) throw new SFTPError(FX_FAILURE, refusal);
  }

  /** Sends one top-level path (a file, or a directory with `recurse`). */
  async send(path: string): Promise<void> {
    let name = posixBasename(path);
    if (name === '' || name === '.' || name === '..') {
      // `.` is sent under its real name, which the sink can check.
      name = await this.fs.realpath(path).then(basename, () => name);
    }
    await this.entry(path, name, name, 1);
  }

  /** Tells the sink `path` failed (`\x01scp: path: reason`) and reports it here. */
  async refuse(path: string, rel: string, e: unknown): Promise<void> {
    await this.channel.send(errorLine(path, reasonOf(e)));
    await this.fail(e, path, rel);
  }

  private fail(e: unknown, path: string, rel: string): Promise<void> {
    return reportFailure(this.o, e, path, joinRel(this.o.dstPath ?? '', rel));
  }

  /** The response to what was just sent; a refusal is a failure of the entry (false). */
  private async accepted(path: string, rel: string): Promise<boolean> {
    const refusal = await readResponse(this.channel);
    if (refusal === undefined) return true;
    await this.fail(new SFTPError(FX_FAILURE, refusal), path, rel);
    return false;
  }

  private async entry(path: string, name: string, rel: string, depth: number): Promise<void> {
    let attrs: SFTPAttrs;
    try {
      if (name === '' || name === '.' || name === '..' || name.includes('\n')) {
        throw new SFTPError(FX_FAILURE, 'cannot be sent under this name');
      }
      // Links are followed, as OpenSSH's scp does.
      attrs = await this.fs.stat(path);
    } catch (e) {
      return this.refuse(path, rel, e);
    }
    if (isDirectoryAttrs(attrs) && this.o.recurse) return this.directory(path, name, rel, attrs, depth);
    if (!isRegularFileAttrs(attrs)) {
      return this.refuse(path, rel, new SFTPError(FX_FAILURE, 'not a regular file'));
    }
    return this.file(path, name, rel, attrs);
  }

  /** Sends `T` when times are known and preserved; false when the sink refused it. */
  private async times(path: string, rel: string, attrs: SFTPAttrs): Promise<boolean> {
    if (!this.o.preserve || attrs.mtime === undefined || attrs.atime === undefined) return true;
    await this.channel.send(timesLine(attrs.mtime, attrs.atime));
    return this.accepted(path, rel);
  }

  private async directory(
    path: string,
    name: string,
    rel: string,
    attrs: SFTPAttrs,
    depth: number,
  ): Promise<void> {
    let children: { filename: string }[];
    try {
      if (depth > SCP_MAX_DEPTH) throw new SFTPError(FX_FAILURE, 'too many levels of directories');
      children = await this.fs.readdir(path);
    } catch (e) {
      return this.refuse(path, rel, e);
    }
    if (!(await this.times(path, rel, attrs))) return;
    await this.channel.send(entryLine('D', attrs.permissions ?? 0o755, 0, name));
    if (!(await this.accepted(path, rel))) return;
    for (const { filename } of children) {
      await this.entry(joinPath(path, filename), filename, `${rel}/${filename}`, depth + 1);
    }
    await this.channel.send(END_LINE);
    await this.accepted(path, rel);
  }

  private async file(path: string, name: string, rel: string, attrs: SFTPAttrs): Promise<void> {
    let handle: SFTPFileHandle;
    try {
      handle = await this.fs.open(path, FXF_READ, {});
    } catch (e) {
      return this.refuse(path, rel, e);
    }
    try {
      const size = attrs.size ?? 0;
      if (!(await this.times(path, rel, attrs))) return;
      await this.channel.send(entryLine('C', attrs.permissions ?? 0o644, size, name));
      if (!(await this.accepted(path, rel))) return;
      const readError = await this.data(handle, path, rel, size);
      await this.channel.send(readError === undefined ? OK : errorLine(path, reasonOf(readError)));
      if (readError === undefined) await this.accepted(path, rel);
      else {
        // The sink's answer comes first on the wire; the failure is ours.
        await readResponse(this.channel);
        await this.fail(readError, path, rel);
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * Sends exactly `size` bytes of the file. After a read failure the rest is
   * zeros, so the stream stays in step. @returns the read failure, if any
   */
  private async data(handle: SFTPFileHandle, path: string, rel: string, size: number): Promise<unknown> {
    const progress = this.o.progressHandler;
    const dst = joinRel(this.o.dstPath ?? '', rel);
    let error: unknown;
    // A fresh block each time (the stream takes what it is given), zeros once reading failed.
    const read = async (off: number): Promise<Uint8Array> => {
      const block = new Uint8Array(Math.min(this.blockSize, size - off));
      if (error !== undefined) return block;
      try {
        if ((await readFull(handle, off, block)) < block.length) {
          error ??= new SFTPError(FX_FAILURE, 'file shrank while being sent');
        }
      } catch (e) {
        error ??= e;
      }
      return block;
    };
    // One block read ahead: the file is read while the block before it is sent.
    let next = size > 0 ? read(0) : undefined;
    for (let off = 0; next !== undefined; ) {
      const block = await next;
      off += block.length;
      next = off < size ? read(off) : undefined;
      await this.channel.send(block);
      if (error === undefined) progress?.(path, dst, off, size);
    }
    if (size === 0) progress?.(path, dst, 0, 0);
    return error;
  }
}

/**
 * Source role (what `scp -f` does): sends files and directories read from
 * `fs` to the sink at the other end, after waiting for its ready byte.
 * Links are followed. A failed entry (missing, unreadable, a directory
 * without `recurse`, refused by the sink) is told to the sink as
 * `\x01scp: <path>: <reason>` and reported as {@link SCPTransferOptions.errorHandler} says.
 * @param paths - paths `fs` accepts as they are (the caller resolved them)
 * @param options - `dstPath`: the sink's target, for the handlers' destination paths
 * @throws SFTPError: FX_FAILURE for a sink's error (its text the reason),
 *   the backend's code for a local failure, FX_BAD_MESSAGE when the sink
 *   breaks the protocol, FX_CONNECTION_LOST when the stream ends early
 */
export function scpSend(
  stream: SCPStream,
  fs: SFTPFileSystem,
  paths: readonly string[],
  options: SCPSendOptions = {},
): Promise<void> {
  const channel = new SCPChannel(stream);
  return guarded(channel, async () => {
    const source = new SCPSource(channel, fs, options);
    await source.start();
    for (const path of paths) await source.send(path);
  });
}
