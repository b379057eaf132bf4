/**
 * The engine behind `get`, `put`, `copy`, `mget`, `mput` and `mcopy`, with
 * AsyncSSH's semantics (`SFTPClient._begin_copy` / `_copy`):
 *
 * - One source or several; glob patterns are expanded only by the `m*`
 *   methods. A pattern matching nothing is an error (given to the error
 *   handler when there is one).
 * - The destination is a file path, or an existing directory that receives
 *   each source under its base name; several sources need a directory.
 *   Without a destination, sources land in the current directory.
 * - Directories are copied only with `recurse`; links are recreated as links
 *   unless `followSymlinks`; `preserve` copies permissions and times (a
 *   directory's after its contents).
 * - `errorHandler` receives each failure (with its source and destination)
 *   and the transfer goes on with the next entry; if it throws, the transfer
 *   stops with what it threw. Without it the first failure stops the transfer.
 */
import {
  isDirectoryAttrs,
  isRegularFileAttrs,
  isSymlinkAttrs,
  type SFTPAttrs,
  type SFTPName,
} from '../attrs.js';
import { SFTPError } from '../errors.js';
import { pathString, type SFTPPath } from '../path-bytes.js';
import { FX_FAILURE, FX_OP_UNSUPPORTED } from '../protocol-numbers.js';
import { glob } from './glob.js';
import { parallelRead, parallelWrite } from './pipeline.js';

/** Progress of one file: source, destination, bytes done (resumed bytes included), file size. */
export type SFTPProgressHandler = (
  srcPath: string,
  dstPath: string,
  bytesDone: number,
  total: number,
) => void;

/**
 * Receives one failed entry of a transfer. Return to go on with the next
 * entry; throw to stop the transfer (it then rejects with what was thrown).
 */
export type SFTPErrorHandler = (error: Error, srcPath: string, dstPath: string) => void | Promise<void>;

/** Options of `get`, `put`, `copy`, `mget`, `mput` and `mcopy`. */
export interface SFTPTransferOptions {
  /** Copy permissions and access/modification times too. @default false */
  preserve?: boolean;
  /** Copy directories with their contents. @default false */
  recurse?: boolean;
  /** Copy what links point to rather than the links. @default false */
  followSymlinks?: boolean;
  /** Bytes per READ/WRITE, capped by the server's limits. @default the client's block size */
  blockSize?: number;
  /** Outstanding requests per file. @default the client's maxRequests (64) */
  maxRequests?: number;
  /** Called after each block of each file (and once with `(0, 0)` for an empty file). */
  progressHandler?: SFTPProgressHandler;
  /** Called for each failed entry instead of stopping the transfer (see {@link SFTPErrorHandler}). */
  errorHandler?: SFTPErrorHandler;
  /**
   * Resume: when the destination is a regular file no larger than the
   * source, keep its bytes and copy only the rest (as OpenSSH's `reget` /
   * `reput`, `sftp -a`). A destination larger than the source is an error.
   * @default false
   */
  resume?: boolean;
  /**
   * Files copied at once. Directories are walked in order; their files are
   * copied by up to this many workers, so progress calls of different files
   * may interleave. @default 4 for `mget`/`mput`/`mcopy`, 1 (AsyncSSH's order) for `get`/`put`/`copy`
   */
  maxParallel?: number;
}

/** Options of `copy` and `mcopy`. */
export interface SFTPCopyOptions extends SFTPTransferOptions {
  /** Fail (FX_OP_UNSUPPORTED) rather than copy through the client when the server lacks `copy-data`. @default false */
  remoteOnly?: boolean;
}

/** An open source file. @internal */
export interface TransferReader {
  /** `null` at end of file. */
  read(offset: number, length: number): Promise<Uint8Array | null>;
  /** Takes back a block `read` returned, once nothing uses it any more (its memory is reused). */
  release?(data: Uint8Array): void;
  /** Reads into `target` at `offset`; the bytes read, 0 at end of file. */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** An open destination file. @internal */
export interface TransferWriter {
  write(offset: number, data: Uint8Array): Promise<void>;
  /** A buffer for up to `length` bytes of data that `write` sends without copying it. */
  allocate?(length: number): Uint8Array;
  close(): Promise<void>;
}

/** One side of a transfer: the server or the local backend. @internal */
export interface TransferSide<
  R extends TransferReader = TransferReader,
  W extends TransferWriter = TransferWriter,
> {
  readonly kind: 'local' | 'remote';
  stat(path: string): Promise<SFTPAttrs>;
  lstat(path: string): Promise<SFTPAttrs>;
  /** Entries without `.` and `..`. */
  readdir(path: string): Promise<SFTPName[]>;
  mkdir(path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  symlink(target: string, link: string): Promise<void>;
  setstat(path: string, attrs: SFTPAttrs): Promise<void>;
  lsetstat(path: string, attrs: SFTPAttrs): Promise<void>;
  openRead(path: string): Promise<R>;
  /** Opens for writing: truncated, or kept as is when `keep` (resume). */
  openWrite(path: string, keep: boolean): Promise<W>;
}

/** How a transfer runs. @internal */
export interface TransferPlan {
  expandGlob: boolean;
  blockSize: number;
  maxRequests: number;
  maxParallel: number;
  /** Server-side copy of the rest of a file from `offset` (copy-data), when available. */
  remoteCopy?: (reader: TransferReader, writer: TransferWriter, offset: number) => Promise<void>;
  /** Refuse to copy files through the client. */
  remoteOnly: boolean;
}

/** The last component of a POSIX path (trailing slashes ignored). */
export function posixBasename(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Joins a directory and a name with one `/`. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Runs one transfer.
 * @param src - where sources are read
 * @param dst - where they are written
 * @param srcPaths - one path (or pattern) or several (bytes paths become their lossless strings)
 * @param dstPath - the destination file or directory; `undefined`: the current directory
 * @param o - the caller's options
 * @param plan - limits and capabilities
 */
export function runTransfer(
  src: TransferSide,
  dst: TransferSide,
  srcPaths: SFTPPath | readonly SFTPPath[],
  dstPath: SFTPPath | undefined,
  o: SFTPTransferOptions,
  plan: TransferPlan,
): Promise<void> {
  const list = typeof srcPaths === 'string' || srcPaths instanceof Uint8Array ? [srcPaths] : srcPaths;
  const dstText = dstPath === undefined ? undefined : pathString(dstPath);
  return new TransferRun(src, dst, o, plan).run(list.map(pathString), dstText);
}

class TransferRun {
  /** The error that stops the transfer, once there is one. */
  private failure: { error: unknown } | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly src: TransferSide,
    private readonly dst: TransferSide,
    private readonly o: SFTPTransferOptions,
    private readonly plan: TransferPlan,
  ) {}

  private get stopped(): boolean {
    return this.failure !== undefined;
  }

  async run(list: string[], dstPath: string | undefined): Promise<void> {
    const sources: [string, SFTPAttrs][] = [];
    for (const s of list) {
      if (this.plan.expandGlob) {
        let matches: string[];
        try {
          matches = await glob(s, {
            readdir: (p) => this.src.readdir(p),
            lexists: (p) =>
              this.src.lstat(p).then(
                () => true,
                () => false,
              ),
          });
        } catch (e) {
          await this.fail(e, s, dstPath ?? '');
          if (this.stopped) break;
          continue;
        }
        for (const m of matches) {
          try {
            sources.push([m, await this.statSource(m)]);
          } catch (e) {
            await this.fail(e, m, dstPath ?? '');
            if (this.stopped) break;
          }
        }
      } else {
        // As AsyncSSH: a missing source of get/put/copy fails the call, handler or not.
        sources.push([s, await this.statSource(s)]);
      }
      if (this.stopped) break;
    }
    this.rethrow();
    const dstIsDir = dstPath === undefined || (await this.isDir(this.dst, dstPath));
    if (sources.length > 1 && !dstIsDir) {
      throw new SFTPError(FX_FAILURE, `${dstPath} must be a directory`);
    }
    const jobs: Promise<void>[] = [];
    for (const [s, attrs] of sources) {
      if (this.stopped) break;
      const base = posixBasename(s);
      const target = dstPath === undefined ? base : dstIsDir ? joinPath(dstPath, base) : dstPath;
      const job = this.entry(s, target, attrs);
      if (isDirectoryAttrs(attrs) || isSymlinkAttrs(attrs)) await job;
      else jobs.push(job);
    }
    await Promise.all(jobs);
    this.rethrow();
  }

  /** Throws the error that stopped the transfer, if any. */
  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }

  private statSource(path: string): Promise<SFTPAttrs> {
    return this.o.followSymlinks ? this.src.stat(path) : this.src.lstat(path);
  }

  private async isDir(side: TransferSide, path: string): Promise<boolean> {
    const a = await side.stat(path).catch(() => undefined);
    return a !== undefined && isDirectoryAttrs(a);
  }

  /** Records a failure: to the error handler, or as the transfer's error. */
  private async fail(e: unknown, srcPath: string, dstPath: string): Promise<void> {
    if (this.stopped) return;
    const handler = this.o.errorHandler;
    if (!handler) {
      this.failure = { error: e };
      return;
    }
    try {
      await handler(toError(e), srcPath, dstPath);
    } catch (thrown) {
      this.failure ??= { error: thrown };
    }
  }

  /** Runs `fn` when fewer than `maxParallel` files are being copied. */
  private async pooled(fn: () => Promise<void>): Promise<void> {
    while (this.active >= this.plan.maxParallel) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      if (!this.stopped) await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Copies one entry and everything under it. Never rejects: failures go to {@link fail}. */
  private async entry(s: string, d: string, attrs: SFTPAttrs): Promise<void> {
    if (this.stopped) return;
    let a = attrs;
    try {
      if (this.o.followSymlinks && isSymlinkAttrs(a)) a = await this.src.stat(s);
    } catch (e) {
      await this.fail(e, s, d);
      return;
    }
    if (isDirectoryAttrs(a)) await this.directory(s, d);
    else await this.pooled(() => this.leaf(s, d, a));
  }

  private async directory(s: string, d: string): Promise<void> {
    try {
      if (!this.o.recurse) throw new SFTPError(FX_FAILURE, `${s} is a directory`);
      if (!(await this.isDir(this.dst, d))) await this.dst.mkdir(d);
      const pending: Promise<void>[] = [];
      for (const child of await this.src.readdir(s)) {
        if (this.stopped) break;
        const job = this.entry(joinPath(s, child.filename), joinPath(d, child.filename), child.attrs);
        // Subdirectories (and links that may lead to one) are walked in order; files run in the pool.
        if (isDirectoryAttrs(child.attrs) || isSymlinkAttrs(child.attrs)) await job;
        else pending.push(job);
      }
      await Promise.all(pending);
      if (this.o.preserve && !this.stopped) await this.preserve(s, d, false);
    } catch (e) {
      await this.fail(e, s, d);
    }
  }

  /** A file or a link (special files are read like files, as AsyncSSH does). */
  private async leaf(s: string, d: string, a: SFTPAttrs): Promise<void> {
    try {
      const link = isSymlinkAttrs(a);
      if (link) await this.dst.symlink(await this.src.readlink(s), d);
      else await this.file(s, d, a.size ?? 0);
      if (this.o.preserve) await this.preserve(s, d, link);
    } catch (e) {
      await this.fail(e, s, d);
    }
  }

  private async preserve(s: string, d: string, link: boolean): Promise<void> {
    // Re-read the source, as AsyncSSH does: the copy may have taken a while.
    const a = link ? await this.src.lstat(s) : await this.src.stat(s);
    const keep: SFTPAttrs = {};
    if (a.atime !== undefined && a.mtime !== undefined) {
      keep.atime = a.atime;
      keep.mtime = a.mtime;
    }
    if (link) {
      // A link's own times, where the destination can set them; its mode means nothing.
      try {
        if (keep.atime !== undefined) await this.dst.lsetstat(d, keep);
      } catch (e) {
        if (!(SFTPError.isInstance(e) && e.code === FX_OP_UNSUPPORTED)) throw e;
      }
      return;
    }
    if (a.permissions !== undefined) keep.permissions = a.permissions & 0o7777;
    await this.dst.setstat(d, keep);
  }

  private async file(s: string, d: string, size: number): Promise<void> {
    const { remoteCopy, blockSize, maxRequests } = this.plan;
    if (this.plan.remoteOnly && !remoteCopy) {
      throw new SFTPError(FX_OP_UNSUPPORTED, 'remote copy not supported by the server (no copy-data)');
    }
    const progress = this.o.progressHandler;
    let start = 0;
    if (this.o.resume) {
      const have = await this.dst.stat(d).catch(() => undefined);
      if (have !== undefined && isRegularFileAttrs(have)) {
        start = have.size ?? 0;
        if (start > size) throw new SFTPError(FX_FAILURE, `cannot resume: ${d} is larger than ${s}`);
      }
    }
    const reader = await this.src.openRead(s);
    try {
      const writer = await this.dst.openWrite(d, this.o.resume === true);
      try {
        if (remoteCopy) {
          await remoteCopy(reader, writer, start);
          if (size > 0) progress?.(s, d, size, size);
        } else if (this.src.kind === 'local' && this.dst.kind === 'remote') {
          // Upload: read locally in order, pipeline the remote WRITEs.
          const { readInto } = reader;
          const { allocate } = writer;
          await parallelWrite({
            source:
              readInto && allocate
                ? async (off, len) => {
                    // Read straight into the WRITE request's frame.
                    const block = allocate(len);
                    return block.subarray(0, await readInto(off, block));
                  }
                : async (off, len) => (await reader.read(off, len)) ?? new Uint8Array(0),
            write: (off, data) => writer.write(off, data),
            progress: (n) => progress?.(s, d, start + n, size),
            start,
            blockSize,
            maxRequests,
          });
        } else {
          // Download or copy through the client: pipeline the READs, write blocks as they land.
          let done = start;
          await parallelRead({
            read: (off, len) => reader.read(off, len),
            sink: async (off, data) => {
              await writer.write(off, data);
              // Writers keep no reference to the data (SFTPFileHandle.write's contract).
              reader.release?.(data);
              done += data.length;
              progress?.(s, d, done, size);
            },
            start,
            sizeHint: size,
            blockSize,
            maxRequests,
          });
        }
        if (size === 0) progress?.(s, d, 0, 0);
      } finally {
        await writer.close();
      }
    } finally {
      await reader.close().catch(() => undefined);
    }
  }
}
