import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import {
  decodeVFSAttrs,
  encodeAttrs,
  isDirectoryAttrs,
  isRegularFileAttrs,
  isSymlinkAttrs,
  type SFTPAttrs,
  type SFTPName,
  type SFTPVFSAttrs,
} from '../attrs.js';
import { SFTPError } from '../errors.js';
import { MAX_PACKET_LENGTH } from '../framing.js';
import { decodeLimits, type SFTPExtensionPair, type SFTPLimits } from '../packets.js';
import {
  FX_FAILURE,
  FX_NO_SUCH_FILE,
  FX_OP_UNSUPPORTED,
  FX_PERMISSION_DENIED,
  FXF_APPEND,
  FXF_CREAT,
  FXF_EXCL,
  FXF_READ,
  FXF_TRUNC,
  FXF_WRITE,
} from '../protocol-numbers.js';
import type { SFTPFileSystem } from '../server/filesystem.js';
import type { ByteStream } from '../stream.js';
import { glob } from './glob.js';
import { DEFAULT_BLOCK_SIZE, DEFAULT_MAX_REQUESTS, parallelRead, parallelWrite } from './pipeline.js';
import {
  expectAttrs,
  expectExtendedReply,
  expectHandle,
  expectNames,
  expectOk,
  expectOneName,
  RequestChannel,
} from './request-channel.js';
import { type FileContext, SFTPFile } from './sftp-file.js';

/** Options of {@link SFTPClient.start}. */
export interface SFTPClientOptions {
  /** Longest packet accepted from the server. @default MAX_PACKET_LENGTH (256 KiB) */
  maxPacketLength?: number;
  /**
   * The local side of `get`/`put`: `LocalFileSystem` from
   * `@sshkit/ssh-sftp/node` on Node, a `MemoryFileSystem`, or your own.
   * Without it, `get`/`put` throw.
   */
  localFs?: SFTPFileSystem;
  /**
   * Argument order of SSH_FXP_SYMLINK on the wire: `'openssh'` (target, then
   * link: OpenSSH PROTOCOL §4.1, what OpenSSH, AsyncSSH-with-OpenSSH and this
   * package's server expect) or `'draft'` (link, then target: draft-02 §6.10).
   * @default 'openssh'
   */
  symlinkOrder?: 'openssh' | 'draft';
  /** Default block size of transfers, capped by the server's `limits@openssh.com`. @default 32 KiB */
  blockSize?: number;
  /** Default outstanding requests per transfer. @default 64 */
  maxRequests?: number;
}

/** Options of {@link SFTPClient.get} and {@link SFTPClient.put}. */
export interface SFTPTransferOptions {
  /** Copy permissions and access/modification times too. @default false */
  preserve?: boolean;
  /** Copy directories with their contents. @default false */
  recurse?: boolean;
  /** Copy what links point to rather than the links. @default false */
  followSymlinks?: boolean;
  /** Bytes per READ/WRITE. @default the client's block size */
  blockSize?: number;
  /** Outstanding requests. @default the client's maxRequests (64) */
  maxRequests?: number;
  /** Called as bytes are copied: source path, destination path, bytes done, total. */
  progressHandler?: (srcPath: string, dstPath: string, bytesDone: number, total: number) => void;
}

/** `open` modes: AsyncSSH/Python style strings, or raw `FXF_*` flags. */
export type SFTPOpenMode = string | number;

/**
 * Converts a Python-style mode (`r`, `w`, `a`, `x`, with `+`; `b` is ignored
 * here) to SSH_FXP_OPEN pflags (draft-02 §6.3), as AsyncSSH does.
 * @throws RangeError for an invalid mode
 */
export function modeToPflags(mode: SFTPOpenMode): number {
  if (typeof mode === 'number') return mode;
  const m = mode.replace('b', '');
  const table: Readonly<Record<string, number>> = {
    r: FXF_READ,
    w: FXF_WRITE | FXF_CREAT | FXF_TRUNC,
    a: FXF_WRITE | FXF_CREAT | FXF_APPEND,
    x: FXF_WRITE | FXF_CREAT | FXF_EXCL,
    'r+': FXF_READ | FXF_WRITE,
    'w+': FXF_READ | FXF_WRITE | FXF_CREAT | FXF_TRUNC,
    'a+': FXF_READ | FXF_WRITE | FXF_CREAT | FXF_APPEND,
    'x+': FXF_READ | FXF_WRITE | FXF_CREAT | FXF_EXCL,
  };
  const flags = table[m];
  if (flags === undefined) throw new RangeError(`SFTPClient.open: invalid mode ${JSON.stringify(mode)}`);
  return flags;
}

function isMissing(e: unknown): boolean {
  return SFTPError.isInstance(e) && (e.code === FX_NO_SUCH_FILE || e.code === FX_PERMISSION_DENIED);
}

function posixBasename(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** One side of a transfer: the remote server or a local backend. */
interface Side {
  name: string;
  stat(path: string): Promise<SFTPAttrs>;
  lstat(path: string): Promise<SFTPAttrs>;
  readdirNames(path: string): Promise<string[]>;
  mkdir(path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  symlink(target: string, link: string): Promise<void>;
  setstat(path: string, attrs: SFTPAttrs): Promise<void>;
  openRead(
    path: string,
  ): Promise<{ read(o: number, n: number): Promise<Uint8Array | null>; close(): Promise<void> }>;
  openWrite(
    path: string,
  ): Promise<{ write(o: number, d: Uint8Array): Promise<void>; close(): Promise<void> }>;
}

/**
 * An SFTP v3 client (draft-ietf-secsh-filexfer-02 + OpenSSH extensions) over
 * any {@link ByteStream}: an SSH "sftp" subsystem channel, `sftp-server`'s
 * stdio, or an in-memory pair. Method names and semantics follow AsyncSSH's
 * `SFTPClient`. Requests may be issued concurrently; replies are matched by id.
 *
 * @example
 * ```ts
 * import { SFTPClient } from '@sshkit/ssh-sftp';
 * const sftp = await SFTPClient.start(stream);
 * console.log(await sftp.listdir('.'));
 * await sftp.exit();
 * ```
 */
export class SFTPClient {
  /** The protocol version the server answered. */
  readonly version: number;
  /** Extensions the server announced, name to version string. */
  readonly extensions: ReadonlyMap<string, string>;
  /** The server's `limits@openssh.com` reply, when offered. */
  readonly limits: SFTPLimits | undefined;
  /** Default block size of reads and writes. */
  readonly blockSize: number;
  /** Default outstanding requests per transfer. */
  readonly maxRequests: number;
  private cwd: string | undefined;
  private readonly ctx: FileContext;

  private constructor(
    private readonly channel: RequestChannel,
    version: number,
    extensions: SFTPExtensionPair[],
    limits: SFTPLimits | undefined,
    private readonly options: SFTPClientOptions,
  ) {
    this.version = version;
    this.extensions = new Map(extensions);
    this.limits = limits;
    let block = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    if (limits) {
      if (limits.maxReadLength > 0) block = Math.min(block, limits.maxReadLength);
      if (limits.maxWriteLength > 0) block = Math.min(block, limits.maxWriteLength);
    }
    this.blockSize = block;
    this.maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
    this.ctx = { channel, blockSize: block, maxRequests: this.maxRequests, extensions: this.extensions };
  }

  /**
   * Starts an SFTP session: sends SSH_FXP_INIT, waits for SSH_FXP_VERSION and
   * asks for `limits@openssh.com` when the server offers it.
   * @param stream - the byte stream to the server
   * @param options - see {@link SFTPClientOptions}
   * @throws SFTPError if the server closes or answers nonsense
   */
  static async start(stream: ByteStream, options: SFTPClientOptions = {}): Promise<SFTPClient> {
    const bs = options.blockSize;
    if (bs !== undefined && (!Number.isInteger(bs) || bs < 1 || bs > 0x7fffffff)) {
      throw new RangeError(`SFTPClient: blockSize must be a positive integer, got ${bs}`);
    }
    const mr = options.maxRequests;
    if (mr !== undefined && (!Number.isInteger(mr) || mr < 1)) {
      throw new RangeError(`SFTPClient: maxRequests must be a positive integer, got ${mr}`);
    }
    const [channel, version, extensions] = await RequestChannel.open(
      stream,
      options.maxPacketLength ?? MAX_PACKET_LENGTH,
    );
    let limits: SFTPLimits | undefined;
    if (extensions.some(([n, v]) => n === 'limits@openssh.com' && v === '1')) {
      const reply = await channel.request({
        type: 'extended',
        request: 'limits@openssh.com',
        data: new Uint8Array(0),
      });
      limits = decodeLimits(expectExtendedReply(reply));
    }
    return new SFTPClient(channel, version, extensions, limits, options);
  }

  /** True once the session has ended. */
  get closed(): boolean {
    return this.channel.closed;
  }

  /** Resolves `path` against the directory set by {@link chdir}. */
  private p(path: string): string {
    if (this.cwd === undefined || path.startsWith('/')) return path;
    if (path === '' || path === '.') return this.cwd;
    return joinPath(this.cwd, path);
  }

  private supports(name: string, version = '1'): void {
    if (this.extensions.get(name) !== version) {
      throw new SFTPError(FX_OP_UNSUPPORTED, `server does not support ${name}`);
    }
  }

  private async extended(name: string, version: string, data: Uint8Array) {
    this.supports(name, version);
    return this.channel.request({ type: 'extended', request: name, data });
  }

  private static strings(...fields: (string | Uint8Array)[]): Uint8Array {
    const w = new WireWriter();
    for (const f of fields) w.string(f);
    return w.finish();
  }

  // ---- file access ----

  /**
   * Opens a remote file.
   * @param path - remote path
   * @param mode - `'r'`, `'w'`, `'a'`, `'x'` (+ `'+'`, `'b'`), or `FXF_*` flags. @default 'r'
   * @param attrs - attributes for a created file
   * @param encoding - text encoding of reads, or `null` for bytes; `'b'` in mode also means bytes. @default 'utf-8'
   */
  open(
    path: string,
    mode: `${string}b${string}`,
    attrs?: SFTPAttrs,
    encoding?: string | null,
  ): Promise<SFTPFile<Uint8Array>>;
  open(
    path: string,
    mode: SFTPOpenMode,
    attrs: SFTPAttrs | undefined,
    encoding: null,
  ): Promise<SFTPFile<Uint8Array>>;
  open(path: string, mode?: SFTPOpenMode, attrs?: SFTPAttrs, encoding?: string): Promise<SFTPFile<string>>;
  async open(
    path: string,
    mode: SFTPOpenMode = 'r',
    attrs: SFTPAttrs = {},
    encoding: string | null = 'utf-8',
  ): Promise<SFTPFile<string> | SFTPFile<Uint8Array>> {
    const pflags = modeToPflags(mode);
    const binary = encoding === null || (typeof mode === 'string' && mode.includes('b'));
    const handle = expectHandle(
      await this.channel.request({ type: 'open', path: this.p(path), pflags, attrs }),
    );
    return binary
      ? new SFTPFile<Uint8Array>(this.ctx, handle, null)
      : new SFTPFile<string>(this.ctx, handle, encoding);
  }

  /** Truncates or extends a file. */
  async truncate(path: string, size: number): Promise<void> {
    await this.setstat(path, { size });
  }

  /**
   * Renames (SSH_FXP_RENAME): fails if `newPath` exists (draft-02 §6.5).
   */
  async rename(oldPath: string, newPath: string): Promise<void> {
    expectOk(
      await this.channel.request({ type: 'rename', oldPath: this.p(oldPath), newPath: this.p(newPath) }),
    );
  }

  /** Renames with POSIX semantics, replacing `newPath` (`posix-rename@openssh.com`). */
  async posixRename(oldPath: string, newPath: string): Promise<void> {
    expectOk(
      await this.extended(
        'posix-rename@openssh.com',
        '1',
        SFTPClient.strings(this.p(oldPath), this.p(newPath)),
      ),
    );
  }

  /** Removes a file or link. */
  async remove(path: string): Promise<void> {
    expectOk(await this.channel.request({ type: 'remove', path: this.p(path) }));
  }

  /** Same as {@link remove}. */
  unlink(path: string): Promise<void> {
    return this.remove(path);
  }

  /** The target of a symbolic link. */
  async readlink(path: string): Promise<string> {
    return expectOneName(await this.channel.request({ type: 'readlink', path: this.p(path) })).filename;
  }

  /**
   * Creates a symbolic link `newPath` pointing to `oldPath` (AsyncSSH order:
   * like `ln -s oldPath newPath`). The target is sent unchanged.
   */
  async symlink(oldPath: string, newPath: string): Promise<void> {
    const linkPath = this.p(newPath);
    const packet =
      this.options.symlinkOrder === 'draft'
        ? { type: 'symlink' as const, targetPath: linkPath, linkPath: oldPath }
        : { type: 'symlink' as const, targetPath: oldPath, linkPath };
    expectOk(await this.channel.request(packet));
  }

  /** Creates a hard link `newPath` to `oldPath` (`hardlink@openssh.com`). */
  async link(oldPath: string, newPath: string): Promise<void> {
    expectOk(
      await this.extended('hardlink@openssh.com', '1', SFTPClient.strings(this.p(oldPath), this.p(newPath))),
    );
  }

  /** The canonical absolute path (SSH_FXP_REALPATH). */
  async realpath(path: string): Promise<string> {
    return expectOneName(await this.channel.request({ type: 'realpath', path: this.p(path) })).filename;
  }

  // ---- attributes ----

  /** Attributes, following links. */
  async stat(path: string): Promise<SFTPAttrs> {
    return expectAttrs(await this.channel.request({ type: 'stat', path: this.p(path) }));
  }

  /** Attributes of a link itself. */
  async lstat(path: string): Promise<SFTPAttrs> {
    return expectAttrs(await this.channel.request({ type: 'lstat', path: this.p(path) }));
  }

  /** Changes attributes. */
  async setstat(path: string, attrs: SFTPAttrs): Promise<void> {
    expectOk(await this.channel.request({ type: 'setstat', path: this.p(path), attrs }));
  }

  /** Changes attributes of a link itself (`lsetstat@openssh.com`). */
  async lsetstat(path: string, attrs: SFTPAttrs): Promise<void> {
    const w = new WireWriter().string(this.p(path));
    encodeAttrs(w, attrs);
    expectOk(await this.extended('lsetstat@openssh.com', '1', w.finish()));
  }

  /** File system statistics (`statvfs@openssh.com`). */
  async statvfs(path: string): Promise<SFTPVFSAttrs> {
    const data = expectExtendedReply(
      await this.extended('statvfs@openssh.com', '2', SFTPClient.strings(this.p(path))),
    );
    const r = new WireReader(data);
    const v = decodeVFSAttrs(r);
    r.expectEnd();
    return v;
  }

  /** Changes owner and group. */
  async chown(path: string, uid: number, gid: number): Promise<void> {
    await this.setstat(path, { uid, gid });
  }

  /** Changes permission bits. */
  async chmod(path: string, mode: number): Promise<void> {
    await this.setstat(path, { permissions: mode });
  }

  /**
   * Changes access and modification times.
   * @param times - `[atime, mtime]` in seconds since the epoch; default now
   */
  async utime(path: string, times?: readonly [number, number]): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const [atime, mtime] = times ?? [now, now];
    await this.setstat(path, { atime, mtime });
  }

  private async quiet<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  /** True if `path` exists (links followed). Never throws for a missing path. */
  async exists(path: string): Promise<boolean> {
    return (await this.quiet(() => this.stat(path))) !== undefined;
  }

  /** True if `path` exists (links not followed). */
  async lexists(path: string): Promise<boolean> {
    return (await this.quiet(() => this.lstat(path))) !== undefined;
  }

  /** Access time in seconds, or `undefined` if the path is missing. */
  async getatime(path: string): Promise<number | undefined> {
    return (await this.quiet(() => this.stat(path)))?.atime;
  }

  /** Modification time in seconds, or `undefined` if the path is missing. */
  async getmtime(path: string): Promise<number | undefined> {
    return (await this.quiet(() => this.stat(path)))?.mtime;
  }

  /** Size in bytes, or `undefined` if the path is missing. */
  async getsize(path: string): Promise<number | undefined> {
    return (await this.quiet(() => this.stat(path)))?.size;
  }

  /** True if `path` is a directory (links followed). */
  async isdir(path: string): Promise<boolean> {
    const a = await this.quiet(() => this.stat(path));
    return a !== undefined && isDirectoryAttrs(a);
  }

  /** True if `path` is a regular file (links followed). */
  async isfile(path: string): Promise<boolean> {
    const a = await this.quiet(() => this.stat(path));
    return a !== undefined && isRegularFileAttrs(a);
  }

  /** True if `path` is a symbolic link. */
  async islink(path: string): Promise<boolean> {
    const a = await this.quiet(() => this.lstat(path));
    return a !== undefined && isSymlinkAttrs(a);
  }

  // ---- directories ----

  /** Changes the directory relative paths are resolved against (client side). */
  async chdir(path: string): Promise<void> {
    const target = await this.realpath(path);
    if (!(await this.isdir(target))) throw new SFTPError(FX_NO_SUCH_FILE, `not a directory: ${path}`);
    this.cwd = target;
  }

  /** The current directory (the server's idea of `.` until {@link chdir}). */
  async getcwd(): Promise<string> {
    if (this.cwd === undefined) this.cwd = await this.realpath('.');
    return this.cwd;
  }

  /** Creates a directory. */
  async mkdir(path: string, attrs: SFTPAttrs = {}): Promise<void> {
    expectOk(await this.channel.request({ type: 'mkdir', path: this.p(path), attrs }));
  }

  /**
   * Creates a directory and its missing parents.
   * @param existOk - do not fail when the directory already exists
   */
  async makedirs(path: string, attrs: SFTPAttrs = {}, existOk = false): Promise<void> {
    const full = this.p(path);
    const parts = full.split('/');
    let cur = full.startsWith('/') ? '' : '.';
    let created = false;
    for (const part of parts) {
      if (part === '') continue;
      cur = cur === '' ? `/${part}` : `${cur}/${part}`;
      const a = await this.quiet(() => this.stat(cur));
      if (a === undefined) {
        await this.mkdir(cur, attrs);
        created = true;
      } else if (!isDirectoryAttrs(a)) {
        throw new SFTPError(FX_FAILURE, `not a directory: ${cur}`);
      }
    }
    if (!created && !existOk) throw new SFTPError(FX_FAILURE, `directory exists: ${path}`);
  }

  /** Removes an empty directory. */
  async rmdir(path: string): Promise<void> {
    expectOk(await this.channel.request({ type: 'rmdir', path: this.p(path) }));
  }

  /** Removes a directory tree (links are removed, not followed). */
  async rmtree(path: string): Promise<void> {
    const full = this.p(path);
    const a = await this.lstat(full);
    if (!isDirectoryAttrs(a)) throw new SFTPError(FX_FAILURE, `not a directory: ${path}`);
    for (const n of await this.readdir(full)) {
      if (n.filename === '.' || n.filename === '..') continue;
      const child = joinPath(full, n.filename);
      if (isDirectoryAttrs(n.attrs)) await this.rmtree(child);
      else await this.remove(child);
    }
    await this.rmdir(full);
  }

  /** All entries of a directory (READDIR repeated until FX_EOF), `.` and `..` included when the server sends them. */
  async readdir(path = '.'): Promise<SFTPName[]> {
    const handle = expectHandle(await this.channel.request({ type: 'opendir', path: this.p(path) }));
    const out: SFTPName[] = [];
    try {
      for (;;) {
        const names = expectNames(await this.channel.request({ type: 'readdir', handle }));
        if (names === null) break;
        out.push(...names);
      }
    } finally {
      await this.channel.request({ type: 'close', handle }).then(expectOk, () => undefined);
    }
    return out;
  }

  /** Names in a directory. */
  async listdir(path = '.'): Promise<string[]> {
    return (await this.readdir(path)).map((n) => n.filename);
  }

  /**
   * Paths matching a pattern (`*`, `?`, `[...]`, `**`).
   * @throws SFTPError(FX_NO_SUCH_FILE) when nothing matches
   */
  glob(pattern: string): Promise<string[]> {
    return glob(pattern, { readdir: (p) => this.readdir(p), lexists: (p) => this.lexists(p) });
  }

  // ---- transfers ----

  private remoteSide(): Side {
    return {
      name: 'remote',
      stat: (p) => this.stat(p),
      lstat: (p) => this.lstat(p),
      readdirNames: async (p) => (await this.listdir(p)).filter((n) => n !== '.' && n !== '..'),
      mkdir: (p) => this.mkdir(p),
      readlink: (p) => this.readlink(p),
      symlink: (t, l) => this.symlink(t, l),
      setstat: (p, a) => this.setstat(p, a),
      openRead: async (p) => {
        const f = await this.open(p, 'rb');
        return {
          read: async (o, n) => {
            const data = await f.read(n, o);
            return data.length === 0 ? null : data;
          },
          close: () => f.close(),
        };
      },
      openWrite: async (p) => {
        const f = await this.open(p, 'wb');
        return { write: async (o, d) => void (await f.write(d, o)), close: () => f.close() };
      },
    };
  }

  private localSide(): Side {
    const fs = this.options.localFs;
    if (!fs) {
      throw new TypeError(
        'SFTPClient: get/put need options.localFs (LocalFileSystem from @sshkit/ssh-sftp/node, or MemoryFileSystem)',
      );
    }
    return {
      name: 'local',
      stat: (p) => fs.stat(p),
      lstat: (p) => fs.lstat(p),
      readdirNames: async (p) => (await fs.readdir(p)).map((e) => e.filename),
      mkdir: (p) => fs.mkdir(p, {}),
      readlink: (p) => fs.readlink(p),
      symlink: (t, l) => fs.symlink(t, l),
      setstat: (p, a) => fs.setstat(p, a),
      openRead: async (p) => {
        const h = await fs.open(p, FXF_READ, {});
        return {
          read: async (o, n) => {
            const d = await h.read(o, n);
            return d.length === 0 ? null : d;
          },
          close: () => h.close(),
        };
      },
      openWrite: async (p) => {
        const h = await fs.open(p, FXF_WRITE | FXF_CREAT | FXF_TRUNC, {});
        return { write: (o, d) => h.write(o, d), close: () => h.close() };
      },
    };
  }

  /**
   * Downloads remote files to the local file system (`options.localFs`).
   * @param remotePaths - one path or several (glob patterns are not expanded; use {@link glob})
   * @param localPath - destination file, or directory when several sources; default: the source's basename
   */
  async get(
    remotePaths: string | string[],
    localPath?: string,
    options: SFTPTransferOptions = {},
  ): Promise<void> {
    await this.transfer(this.remoteSide(), this.localSide(), remotePaths, localPath, options);
  }

  /**
   * Uploads local files (`options.localFs`) to the server.
   * @param localPaths - one path or several
   * @param remotePath - destination file, or directory when several sources; default: the source's basename
   */
  async put(
    localPaths: string | string[],
    remotePath?: string,
    options: SFTPTransferOptions = {},
  ): Promise<void> {
    await this.transfer(this.localSide(), this.remoteSide(), localPaths, remotePath, options);
  }

  private async transfer(
    src: Side,
    dst: Side,
    srcPaths: string | string[],
    dstPath: string | undefined,
    options: SFTPTransferOptions,
  ): Promise<void> {
    const list = typeof srcPaths === 'string' ? [srcPaths] : srcPaths;
    let dstIsDir = false;
    if (dstPath !== undefined) {
      const a = await dst.stat(dstPath).catch(() => undefined);
      dstIsDir = a !== undefined && isDirectoryAttrs(a);
    }
    if (list.length > 1 && dstPath !== undefined && !dstIsDir) {
      throw new SFTPError(FX_FAILURE, `${dstPath} must be a directory when copying several files`);
    }
    for (const s of list) {
      const name = posixBasename(s);
      const target = dstPath === undefined ? name : dstIsDir ? joinPath(dstPath, name) : dstPath;
      await this.copyOne(src, dst, s, target, options);
    }
  }

  private async copyOne(
    src: Side,
    dst: Side,
    srcPath: string,
    dstPath: string,
    o: SFTPTransferOptions,
  ): Promise<void> {
    const attrs = o.followSymlinks ? await src.stat(srcPath) : await src.lstat(srcPath);
    if (isDirectoryAttrs(attrs)) {
      if (!o.recurse) throw new SFTPError(FX_FAILURE, `${srcPath} is a directory`);
      const exists = await dst.stat(dstPath).catch(() => undefined);
      if (!exists) await dst.mkdir(dstPath);
      for (const name of await src.readdirNames(srcPath)) {
        await this.copyOne(src, dst, joinPath(srcPath, name), joinPath(dstPath, name), o);
      }
    } else if (isSymlinkAttrs(attrs)) {
      await dst.symlink(await src.readlink(srcPath), dstPath);
      return;
    } else {
      await this.copyFile(src, dst, srcPath, dstPath, attrs.size, o);
    }
    if (o.preserve) {
      const keep: SFTPAttrs = {};
      if (attrs.permissions !== undefined) keep.permissions = attrs.permissions & 0o7777;
      if (attrs.atime !== undefined && attrs.mtime !== undefined) {
        keep.atime = attrs.atime;
        keep.mtime = attrs.mtime;
      }
      await dst.setstat(dstPath, keep);
    }
  }

  private async copyFile(
    src: Side,
    dst: Side,
    srcPath: string,
    dstPath: string,
    size: number | undefined,
    o: SFTPTransferOptions,
  ): Promise<void> {
    const blockSize = Math.min(o.blockSize ?? this.blockSize, this.blockSize);
    const maxRequests = o.maxRequests ?? this.maxRequests;
    const total = size ?? 0;
    const reader = await src.openRead(srcPath);
    let writer: Awaited<ReturnType<Side['openWrite']>> | undefined;
    try {
      writer = await dst.openWrite(dstPath);
      const w = writer;
      let done = 0;
      o.progressHandler?.(srcPath, dstPath, 0, total);
      if (src.name === 'remote') {
        // Download: pipeline the remote READs, write locally as blocks land.
        await parallelRead({
          read: (off, len) => reader.read(off, len),
          sink: async (off, data) => {
            await w.write(off, data);
            done += data.length;
            o.progressHandler?.(srcPath, dstPath, done, total);
          },
          start: 0,
          sizeHint: size,
          blockSize,
          maxRequests,
        });
      } else {
        // Upload: read locally in order, pipeline the remote WRITEs.
        await parallelWrite({
          source: async (off, len) => (await reader.read(off, len)) ?? new Uint8Array(0),
          write: (off, data) => w.write(off, data),
          progress: (n) => o.progressHandler?.(srcPath, dstPath, n, total),
          start: 0,
          blockSize,
          maxRequests,
        });
      }
    } finally {
      await reader.close().catch(() => undefined);
      if (writer) await writer.close();
    }
  }

  /** Ends the session: closes the stream; pending requests fail with FX_CONNECTION_LOST. */
  async exit(): Promise<void> {
    await this.channel.close();
  }

  /** `await using sftp = await SFTPClient.start(...)` ends the session at scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.exit();
  }
}
