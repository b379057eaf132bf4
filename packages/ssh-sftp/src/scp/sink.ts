/**
 * The sink role (what `scp -t` does): receives files and directories from a
 * source and writes them under a target. Every record is checked as
 * untrusted input: a name is one plain component, sizes and modes are
 * numbers in range, lines are bounded, and top-level names must be what the
 * client asked for (`expectedNames`).
 */
import { isDirectoryAttrs, type SFTPAttrs } from '../attrs.js';
import { joinPath } from '../client/transfer.js';
import { SFTPError } from '../errors.js';
import { FX_FAILURE, FXF_CREAT, FXF_TRUNC, FXF_WRITE } from '../protocol-numbers.js';
import type { SFTPFileHandle, SFTPFileSystem } from '../server/filesystem.js';
import { connectionLost, SCPChannel } from './channel.js';
import { expectedNameTest } from './pattern.js';
import { errorLine, guarded, OK, protocolError, readRecord, readResponse } from './protocol.js';
import { reasonOf, reportFailure, sourcePathOf } from './report.js';
import { blockSizeOf, SCP_MAX_DEPTH, type SCPReceiveOptions, type SCPStream } from './types.js';

/** Times from a `T` record, for the next entry. */
interface Times {
  atime: number;
  mtime: number;
}

/** A sink session on one stream. @internal (runSCPServer runs it too) */
export class SCPSink {
  private readonly blockSize: number;
  private readonly expected: ((name: string) => boolean) | undefined;

  constructor(
    private readonly channel: SCPChannel,
    private readonly fs: SFTPFileSystem,
    private readonly o: SCPReceiveOptions,
  ) {
    this.blockSize = blockSizeOf(o);
    this.expected = o.expectedNames && expectedNameTest(o.expectedNames);
  }

  /** Sends the ready byte and receives everything into `target`. */
  async run(target: string): Promise<void> {
    if (this.o.targetIsDirectory) {
      try {
        if (!isDirectoryAttrs(await this.fs.stat(target))) throw new SFTPError(FX_FAILURE, 'not a directory');
      } catch (e) {
        this.channel.sendQuietly(errorLine(target, reasonOf(e), true));
        throw e;
      }
    }
    await this.channel.send(OK);
    const isDir = await this.fs.stat(target).then(isDirectoryAttrs, () => false);
    await this.level(target, isDir, 0, '');
  }

  private fail(e: unknown, rel: string, dst: string): Promise<void> {
    return reportFailure(this.o, e, sourcePathOf(this.o.srcPath, rel), dst);
  }

  /** Refuses an entry in its ack (`\x01scp: path: reason`), then reports it. */
  private async refuse(e: unknown, rel: string, dst: string): Promise<void> {
    await this.channel.send(errorLine(dst, reasonOf(e)));
    await this.fail(e, rel, dst);
  }

  /**
   * Receives the records of one directory level until its `E` (or, at the
   * top, the end of the stream).
   * @param dir - where entries go: into it when `dirIsDir`, else onto it
   * @param rel - the level's path relative to the transfer ('' at the top)
   */
  private async level(dir: string, dirIsDir: boolean, depth: number, rel: string): Promise<void> {
    let times: Times | undefined;
    for (;;) {
      const record = await readRecord(this.channel);
      if (record === undefined) {
        if (depth === 0) return;
        throw connectionLost();
      }
      switch (record.type) {
        case 'error': {
          const e = new SFTPError(FX_FAILURE, record.message);
          if (record.fatal) throw e;
          // The line does not say which entry failed: report the level it came in.
          await reportFailure(
            this.o,
            e,
            rel === '' ? (this.o.srcPath ?? '') : sourcePathOf(this.o.srcPath, rel),
            dir,
          );
          break;
        }
        case 'E':
          if (depth === 0) throw protocolError('E record outside a directory');
          await this.channel.send(OK);
          return;
        case 'T':
          times = record.mtime < 0 ? undefined : { atime: record.atime, mtime: record.mtime };
          await this.channel.send(OK);
          break;
        default: {
          if (depth === 0 && this.expected && !this.expected(record.name)) {
            throw protocolError(`filename does not match request: ${JSON.stringify(record.name)}`);
          }
          const target = dirIsDir ? joinPath(dir, record.name) : dir;
          const entryRel = rel === '' ? record.name : `${rel}/${record.name}`;
          if (record.type === 'C') await this.file(target, record.mode, record.size, times, entryRel);
          else if (!this.o.recurse) throw protocolError('received directory without -r');
          else await this.directory(target, record.mode, times, depth, entryRel);
          times = undefined;
        }
      }
    }
  }

  /** Permission bits to give an entry: all with `preserve`; without, no set-id or sticky bits. */
  private permissions(mode: number): number {
    return this.o.preserve ? mode : mode & 0o777;
  }

  private async file(
    target: string,
    mode: number,
    size: number,
    times: Times | undefined,
    rel: string,
  ): Promise<void> {
    const permissions = this.permissions(mode);
    let handle: SFTPFileHandle;
    try {
      handle = await this.fs.open(target, FXF_WRITE | FXF_CREAT | FXF_TRUNC, { permissions });
    } catch (e) {
      return this.refuse(e, rel, target);
    }
    await this.channel.send(OK);
    let writeError: unknown;
    try {
      writeError = await this.data(handle, target, rel, size);
    } finally {
      try {
        await handle.close();
      } catch (e) {
        writeError ??= e;
      }
    }
    const sourceError = await readResponse(this.channel);
    if (writeError === undefined && this.o.preserve) {
      try {
        await this.fs.setstat(target, { permissions, ...times });
      } catch (e) {
        writeError = e;
      }
    }
    // The ack goes out before any report: a throwing handler must not leave the source waiting.
    await this.channel.send(writeError === undefined ? OK : errorLine(target, reasonOf(writeError)));
    if (sourceError !== undefined) await this.fail(new SFTPError(FX_FAILURE, sourceError), rel, target);
    if (writeError !== undefined) await this.fail(writeError, rel, target);
  }

  /**
   * Reads exactly `size` bytes of file data, writing them while the file
   * takes them (the rest is read and dropped, to stay in step).
   * @returns the write failure, if any
   */
  private async data(handle: SFTPFileHandle, target: string, rel: string, size: number): Promise<unknown> {
    const progress = this.o.progressHandler;
    const src = sourcePathOf(this.o.srcPath, rel);
    // One block reused: a file handle keeps no reference to what it wrote.
    const block = new Uint8Array(Math.min(this.blockSize, size));
    let error: unknown;
    for (let off = 0; off < size; ) {
      const view = block.subarray(0, Math.min(block.length, size - off));
      await this.channel.readExact(view);
      if (error === undefined) {
        try {
          await handle.write(off, view);
        } catch (e) {
          error = e;
        }
      }
      off += view.length;
      if (error === undefined) progress?.(src, target, off, size);
    }
    if (size === 0) progress?.(src, target, 0, 0);
    return error;
  }

  private async directory(
    target: string,
    mode: number,
    times: Times | undefined,
    depth: number,
    rel: string,
  ): Promise<void> {
    const permissions = this.permissions(mode);
    const existing = await this.fs.stat(target).catch(() => undefined);
    try {
      if (depth + 1 > SCP_MAX_DEPTH) throw new SFTPError(FX_FAILURE, 'too many levels of directories');
      if (existing === undefined) {
        // Owner access while copying into it, as OpenSSH (a read-only source directory).
        await this.fs.mkdir(target, { permissions: permissions | 0o700 });
      } else if (!isDirectoryAttrs(existing)) {
        throw new SFTPError(FX_FAILURE, 'not a directory');
      }
    } catch (e) {
      return this.refuse(e, rel, target);
    }
    await this.channel.send(OK);
    await this.level(target, true, depth + 1, rel);
    const attrs: SFTPAttrs = {};
    if (this.o.preserve || (existing === undefined && (permissions | 0o700) !== permissions)) {
      attrs.permissions = permissions;
    }
    if (this.o.preserve && times) Object.assign(attrs, times);
    if (attrs.permissions === undefined && attrs.mtime === undefined) return;
    try {
      await this.fs.setstat(target, attrs);
    } catch (e) {
      await this.fail(e, rel, target);
    }
  }
}

/**
 * Sink role (what `scp -t` does): sends the ready byte, then receives into
 * `target`. A received entry lands at `target/name` when `target` is an
 * existing directory (which `targetIsDirectory`, OpenSSH's `-d`, requires),
 * else at `target` itself. Files are written with `FXF_WRITE | FXF_CREAT |
 * FXF_TRUNC`; a failed entry is refused in its ack (`\x01scp: <path>:
 * <reason>`) and reported as {@link SCPTransferOptions.errorHandler} says, as
 * is a `\x01` error line from the source.
 * @param target - a path `fs` accepts
 * @param options - `expectedNames`: what the client asked for (checked against
 *   top-level names); `srcPath`: the source path, for the handlers' paths
 * @throws SFTPError: FX_BAD_MESSAGE for a protocol violation (bad or
 *   oversized record, bad name, unexpected name, `D` without `recurse`, `E`
 *   at the top), FX_FAILURE for a `\x02` fatal error from the source,
 *   FX_CONNECTION_LOST when the stream ends inside an entry or directory
 */
export function scpReceive(
  stream: SCPStream,
  fs: SFTPFileSystem,
  target: string,
  options: SCPReceiveOptions = {},
): Promise<void> {
  const channel = new SCPChannel(stream);
  return guarded(channel, () => new SCPSink(channel, fs, options).run(target));
}
