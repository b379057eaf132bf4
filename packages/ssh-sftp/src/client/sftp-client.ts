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
import { decodeIdNames, encodeCopyData, encodeIdsRequest, type SFTPIdNames } from '../extensions.js';
import { MAX_PACKET_LENGTH } from '../framing.js';
import { FramePool } from '../headroom.js';
import { decodeLimits, type SFTPExtensionPair, type SFTPLimits } from '../packets.js';
import { encodePath, pathString, type SFTPPath } from '../path-bytes.js';
import {
  FX_BAD_MESSAGE,
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
import { DEFAULT_BLOCK_SIZE, DEFAULT_MAX_REQUESTS } from './pipeline.js';
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
import {
  joinPath,
  runTransfer,
  type SFTPCopyOptions,
  type SFTPTransferOptions,
  type TransferPlan,
  type TransferReader,
  type TransferSide,
  type TransferWriter,
} from './transfer.js';

/** Default {@link SFTPTransferOptions.maxParallel} of `mget`, `mput` and `mcopy`: files copied at once. */
export const DEFAULT_MAX_PARALLEL = 4;

interface RemoteReader extends TransferReader {
  file: SFTPFile<Uint8Array>;
}
interface RemoteWriter extends TransferWriter {
  file: SFTPFile<Uint8Array>;
}

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
  /**
   * Default block size of transfers, capped by the server's `limits@openssh.com`.
   * @default the server's read/write limits (255 KiB with OpenSSH), or 32 KiB without `limits@openssh.com`
   */
  blockSize?: number;
  /** Default outstanding requests per transfer. @default 64 */
  maxRequests?: number;
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

/** `text` as the same kind of path as `like`: bytes for bytes (AsyncSSH returns names as it was given them). */
function sameKind(like: SFTPPath, text: string): SFTPPath {
  return typeof like === 'string' ? text : encodePath(text);
}

function isMissing(e: unknown): boolean {
  return SFTPError.isInstance(e) && (e.code === FX_NO_SUCH_FILE || e.code === FX_PERMISSION_DENIED);
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
    // As OpenSSH's sftp (8.7+): without an explicit size, blocks are as large
    // as the server allows; a DATA reply must still fit our packet limit.
    const ownLimit = Math.max(1, (options.maxPacketLength ?? MAX_PACKET_LENGTH) - 1024);
    let block = options.blockSize ?? (limits ? ownLimit : DEFAULT_BLOCK_SIZE);
    if (limits) {
      if (limits.maxReadLength > 0) block = Math.min(block, limits.maxReadLength);
      if (limits.maxWriteLength > 0) block = Math.min(block, limits.maxWriteLength);
    }
    this.blockSize = block;
    this.maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
    this.ctx = {
      channel,
      pool: new FramePool(),
      blockSize: block,
      maxRequests: this.maxRequests,
      extensions: this.extensions,
    };
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

  /**
   * Resolves `path` against the directory set by {@link chdir}; a path
   * starting with `~` is expanded by the server (`expand-path@openssh.com`)
   * when it offers it.
   */
  private async p(raw: SFTPPath): Promise<string> {
    const path = pathString(raw);
    if (path.startsWith('~') && this.extensions.get('expand-path@openssh.com') === '1') {
      return this.expandPath(path);
    }
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

  /** The body of an extension request made of paths (file names are bytes on the wire). */
  private static strings(...fields: string[]): Uint8Array {
    const w = new WireWriter();
    for (const f of fields) w.string(encodePath(f));
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
    path: SFTPPath,
    mode: `${string}b${string}`,
    attrs?: SFTPAttrs,
    encoding?: string | null,
  ): Promise<SFTPFile<Uint8Array>>;
  open(
    path: SFTPPath,
    mode: SFTPOpenMode,
    attrs: SFTPAttrs | undefined,
    encoding: null,
  ): Promise<SFTPFile<Uint8Array>>;
  open(path: SFTPPath, mode?: SFTPOpenMode, attrs?: SFTPAttrs, encoding?: string): Promise<SFTPFile<string>>;
  async open(
    path: SFTPPath,
    mode: SFTPOpenMode = 'r',
    attrs: SFTPAttrs = {},
    encoding: string | null = 'utf-8',
  ): Promise<SFTPFile<string> | SFTPFile<Uint8Array>> {
    const pflags = modeToPflags(mode);
    const binary = encoding === null || (typeof mode === 'string' && mode.includes('b'));
    const handle = expectHandle(
      await this.channel.request({ type: 'open', path: await this.p(path), pflags, attrs }),
    );
    return binary
      ? new SFTPFile<Uint8Array>(this.ctx, handle, null)
      : new SFTPFile<string>(this.ctx, handle, encoding);
  }

  /** Truncates or extends a file. */
  async truncate(path: SFTPPath, size: number): Promise<void> {
    await this.setstat(path, { size });
  }

  /**
   * Renames (SSH_FXP_RENAME): fails if `newPath` exists (draft-02 §6.5).
   */
  async rename(oldPath: SFTPPath, newPath: SFTPPath): Promise<void> {
    expectOk(
      await this.channel.request({
        type: 'rename',
        oldPath: await this.p(oldPath),
        newPath: await this.p(newPath),
      }),
    );
  }

  /** Renames with POSIX semantics, replacing `newPath` (`posix-rename@openssh.com`). */
  async posixRename(oldPath: SFTPPath, newPath: SFTPPath): Promise<void> {
    expectOk(
      await this.extended(
        'posix-rename@openssh.com',
        '1',
        SFTPClient.strings(await this.p(oldPath), await this.p(newPath)),
      ),
    );
  }

  /** Removes a file or link. */
  async remove(path: SFTPPath): Promise<void> {
    expectOk(await this.channel.request({ type: 'remove', path: await this.p(path) }));
  }

  /** Same as {@link remove}. */
  unlink(path: SFTPPath): Promise<void> {
    return this.remove(path);
  }

  /** The target of a symbolic link (bytes for a bytes path). */
  readlink(path: string): Promise<string>;
  readlink(path: Uint8Array): Promise<Uint8Array>;
  readlink(path: SFTPPath): Promise<SFTPPath>;
  async readlink(path: SFTPPath): Promise<SFTPPath> {
    const name = expectOneName(await this.channel.request({ type: 'readlink', path: await this.p(path) }));
    return sameKind(path, name.filename);
  }

  /**
   * Creates a symbolic link `newPath` pointing to `oldPath` (AsyncSSH order:
   * like `ln -s oldPath newPath`). The target is sent unchanged.
   */
  async symlink(oldPath: SFTPPath, newPath: SFTPPath): Promise<void> {
    const linkPath = await this.p(newPath);
    const target = pathString(oldPath);
    const packet =
      this.options.symlinkOrder === 'draft'
        ? { type: 'symlink' as const, targetPath: linkPath, linkPath: target }
        : { type: 'symlink' as const, targetPath: target, linkPath };
    expectOk(await this.channel.request(packet));
  }

  /** Creates a hard link `newPath` to `oldPath` (`hardlink@openssh.com`). */
  async link(oldPath: SFTPPath, newPath: SFTPPath): Promise<void> {
    expectOk(
      await this.extended(
        'hardlink@openssh.com',
        '1',
        SFTPClient.strings(await this.p(oldPath), await this.p(newPath)),
      ),
    );
  }

  /** The canonical absolute path (SSH_FXP_REALPATH); bytes for a bytes path. */
  realpath(path: string): Promise<string>;
  realpath(path: Uint8Array): Promise<Uint8Array>;
  realpath(path: SFTPPath): Promise<SFTPPath>;
  async realpath(path: SFTPPath): Promise<SFTPPath> {
    const name = expectOneName(await this.channel.request({ type: 'realpath', path: await this.p(path) }));
    return sameKind(path, name.filename);
  }

  // ---- attributes ----

  /** Attributes, following links. */
  async stat(path: SFTPPath): Promise<SFTPAttrs> {
    return expectAttrs(await this.channel.request({ type: 'stat', path: await this.p(path) }));
  }

  /** Attributes of a link itself. */
  async lstat(path: SFTPPath): Promise<SFTPAttrs> {
    return expectAttrs(await this.channel.request({ type: 'lstat', path: await this.p(path) }));
  }

  /** Changes attributes. */
  async setstat(path: SFTPPath, attrs: SFTPAttrs): Promise<void> {
    expectOk(await this.channel.request({ type: 'setstat', path: await this.p(path), attrs }));
  }

  /** Changes attributes of a link itself (`lsetstat@openssh.com`). */
  async lsetstat(path: SFTPPath, attrs: SFTPAttrs): Promise<void> {
    const w = new WireWriter().string(encodePath(await this.p(path)));
    encodeAttrs(w, attrs);
    expectOk(await this.extended('lsetstat@openssh.com', '1', w.finish()));
  }

  /** File system statistics (`statvfs@openssh.com`). */
  async statvfs(path: SFTPPath): Promise<SFTPVFSAttrs> {
    const data = expectExtendedReply(
      await this.extended('statvfs@openssh.com', '2', SFTPClient.strings(await this.p(path))),
    );
    const r = new WireReader(data);
    const v = decodeVFSAttrs(r);
    r.expectEnd();
    return v;
  }

  /** Changes owner and group. */
  async chown(path: SFTPPath, uid: number, gid: number): Promise<void> {
    await this.setstat(path, { uid, gid });
  }

  /** Changes permission bits. */
  async chmod(path: SFTPPath, mode: number): Promise<void> {
    await this.setstat(path, { permissions: mode });
  }

  /**
   * Changes access and modification times.
   * @param times - `[atime, mtime]` in seconds since the epoch; default now
   */
  async utime(path: SFTPPath, times?: readonly [number, number]): Promise<void> {
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
  async exists(path: SFTPPath): Promise<boolean> {
    return (await this.quiet(() => this.stat(path))) !== undefined;
  }

  /** True if `path` exists (links not followed). */
  async lexists(path: SFTPPath): Promise<boolean> {
    return (await this.quiet(() => this.lstat(path))) !== undefined;
  }

  /** Access time in seconds, or `undefined` if the path is missing. */
  async getatime(path: SFTPPath): Promise<number | undefined> {
    return (await this.quiet(() => this.stat(path)))?.atime;
  }

  /** Modification time in seconds, or `undefined` if the path is missing. */
  async getmtime(path: SFTPPath): Promise<number | undefined> {
    return (await this.quiet(() => this.stat(path)))?.mtime;
  }

  /** Size in bytes, or `undefined` if the path is missing. */
  async getsize(path: SFTPPath): Promise<number | undefined> {
    return (await this.quiet(() => this.stat(path)))?.size;
  }

  /** True if `path` is a directory (links followed). */
  async isdir(path: SFTPPath): Promise<boolean> {
    const a = await this.quiet(() => this.stat(path));
    return a !== undefined && isDirectoryAttrs(a);
  }

  /** True if `path` is a regular file (links followed). */
  async isfile(path: SFTPPath): Promise<boolean> {
    const a = await this.quiet(() => this.stat(path));
    return a !== undefined && isRegularFileAttrs(a);
  }

  /** True if `path` is a symbolic link. */
  async islink(path: SFTPPath): Promise<boolean> {
    const a = await this.quiet(() => this.lstat(path));
    return a !== undefined && isSymlinkAttrs(a);
  }

  // ---- directories ----

  /** Changes the directory relative paths are resolved against (client side). */
  async chdir(path: SFTPPath): Promise<void> {
    const target = await this.realpath(pathString(path));
    if (!(await this.isdir(target))) throw new SFTPError(FX_NO_SUCH_FILE, `not a directory: ${target}`);
    this.cwd = target;
  }

  /** The current directory (the server's idea of `.` until {@link chdir}). */
  async getcwd(): Promise<string> {
    if (this.cwd === undefined) this.cwd = await this.realpath('.');
    return this.cwd;
  }

  /** Creates a directory. */
  async mkdir(path: SFTPPath, attrs: SFTPAttrs = {}): Promise<void> {
    expectOk(await this.channel.request({ type: 'mkdir', path: await this.p(path), attrs }));
  }

  /**
   * Creates a directory and its missing parents.
   * @param existOk - do not fail when the directory already exists
   */
  async makedirs(path: SFTPPath, attrs: SFTPAttrs = {}, existOk = false): Promise<void> {
    const full = await this.p(path);
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
  async rmdir(path: SFTPPath): Promise<void> {
    expectOk(await this.channel.request({ type: 'rmdir', path: await this.p(path) }));
  }

  /** Removes a directory tree (links are removed, not followed). */
  async rmtree(path: SFTPPath): Promise<void> {
    const full = await this.p(path);
    const a = await this.lstat(full);
    if (!isDirectoryAttrs(a)) throw new SFTPError(FX_FAILURE, `not a directory: ${full}`);
    for (const n of await this.readdir(full)) {
      if (n.filename === '.' || n.filename === '..') continue;
      const child = joinPath(full, n.filename);
      if (isDirectoryAttrs(n.attrs)) await this.rmtree(child);
      else await this.remove(child);
    }
    await this.rmdir(full);
  }

  /**
   * All entries of a directory (READDIR repeated until FX_EOF), `.` and `..`
   * included when the server sends them. For a bytes path, names and long
   * names are bytes (AsyncSSH's rule).
   */
  readdir(path?: string): Promise<SFTPName[]>;
  readdir(path: Uint8Array): Promise<SFTPName<Uint8Array>[]>;
  readdir(path: SFTPPath): Promise<SFTPName<SFTPPath>[]>;
  async readdir(path: SFTPPath = '.'): Promise<SFTPName<SFTPPath>[]> {
    const names = await this.readdirText(path);
    if (typeof path === 'string') return names;
    return names.map((n) => ({ ...n, filename: encodePath(n.filename), longname: encodePath(n.longname) }));
  }

  private async readdirText(path: SFTPPath): Promise<SFTPName[]> {
    const handle = expectHandle(await this.channel.request({ type: 'opendir', path: await this.p(path) }));
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

  /** Names in a directory (bytes for a bytes path). */
  listdir(path?: string): Promise<string[]>;
  listdir(path: Uint8Array): Promise<Uint8Array[]>;
  listdir(path: SFTPPath): Promise<SFTPPath[]>;
  async listdir(path: SFTPPath = '.'): Promise<SFTPPath[]> {
    return (await this.readdirText(path)).map((n) => sameKind(path, n.filename));
  }

  /**
   * Paths matching a pattern (`*`, `?`, `[...]`, `**`); bytes for a bytes pattern.
   * @throws SFTPError(FX_NO_SUCH_FILE) when nothing matches
   */
  glob(pattern: string): Promise<string[]>;
  glob(pattern: Uint8Array): Promise<Uint8Array[]>;
  glob(pattern: SFTPPath): Promise<SFTPPath[]>;
  async glob(pattern: SFTPPath): Promise<SFTPPath[]> {
    const found = await glob(pathString(pattern), {
      readdir: (p) => this.readdirText(p),
      lexists: (p) => this.lexists(p),
    });
    return found.map((f) => sameKind(pattern, f));
  }

  // ---- OpenSSH extensions: home directory, ~ expansion, id names, server-side copy ----

  /**
   * Expands a path starting with `~` or `~user` on the server
   * (`expand-path@openssh.com`) and returns it canonicalized. Relative
   * paths given to any method are expanded this way when the server offers
   * the extension.
   * @throws SFTPError(FX_OP_UNSUPPORTED) without the extension
   */
  expandPath(path: string): Promise<string>;
  expandPath(path: Uint8Array): Promise<Uint8Array>;
  expandPath(path: SFTPPath): Promise<SFTPPath>;
  async expandPath(path: SFTPPath): Promise<SFTPPath> {
    const body = SFTPClient.strings(pathString(path));
    const name = expectOneName(await this.extended('expand-path@openssh.com', '1', body));
    return sameKind(path, name.filename);
  }

  /**
   * The home directory of `username` (default: the session's user).
   * For the session's user it asks `expand-path@openssh.com` for `~` (OpenSSH's
   * sftp-server answers its start directory: it starts in the home
   * directory, and it refuses `home-directory` with an empty name), else
   * `home-directory`, else `realpath('.')`. For a named user it asks
   * `home-directory` (OpenSSH PROTOCOL §4.11), else `expand-path` on `~user`.
   * AsyncSSH has no such method; the name is Python's `os.path.expanduser` idea.
   * @throws SFTPError(FX_OP_UNSUPPORTED) for a named user when the server has neither extension
   */
  async homedir(username = ''): Promise<string> {
    const home = this.extensions.get('home-directory') === '1';
    const expand = this.extensions.get('expand-path@openssh.com') === '1';
    if (username === '' && expand) return this.expandPath('~');
    if (home) {
      return expectOneName(await this.extended('home-directory', '1', SFTPClient.strings(username))).filename;
    }
    if (expand) return this.expandPath(`~${username}`);
    if (username === '') return this.realpath('.');
    throw new SFTPError(FX_OP_UNSUPPORTED, 'server does not support home-directory');
  }

  /**
   * Names of user and group ids (`users-groups-by-id@openssh.com`, PROTOCOL
   * §4.12). Unknown ids get `''`.
   * @returns `users[i]` names `uids[i]`, `groups[i]` names `gids[i]`
   */
  async usersGroupsById(uids: readonly number[], gids: readonly number[]): Promise<SFTPIdNames> {
    const data = expectExtendedReply(
      await this.extended(
        'users-groups-by-id@openssh.com',
        '1',
        encodeIdsRequest({ uids: [...uids], gids: [...gids] }),
      ),
    );
    const names = decodeIdNames(data);
    if (names.users.length !== uids.length || names.groups.length !== gids.length) {
      throw new SFTPError(FX_BAD_MESSAGE, 'users-groups-by-id reply does not match the request');
    }
    return names;
  }

  /** True when the server offers `copy-data`, so `copy` runs on the server (AsyncSSH's `supports_remote_copy`). */
  get supportsRemoteCopy(): boolean {
    return this.extensions.get('copy-data') === '1';
  }

  /**
   * Copies bytes between two remote files on the server (`copy-data`,
   * OpenSSH PROTOCOL §4.10), as AsyncSSH's `remote_copy`.
   * @param src - source file (opened for reading) or path
   * @param dst - destination file (opened for writing) or path (created or truncated)
   * @param srcOffset - where to start reading
   * @param srcLength - bytes to copy; 0 copies to end of file
   * @param dstOffset - where to start writing
   * @throws SFTPError(FX_OP_UNSUPPORTED) when the server lacks `copy-data`
   */
  async remoteCopy(
    src: SFTPFile<string> | SFTPFile<Uint8Array> | SFTPPath,
    dst: SFTPFile<string> | SFTPFile<Uint8Array> | SFTPPath,
    srcOffset = 0,
    srcLength = 0,
    dstOffset = 0,
  ): Promise<void> {
    this.supports('copy-data');
    const from = src instanceof SFTPFile ? src : await this.open(src, 'rb');
    try {
      const to = dst instanceof SFTPFile ? dst : await this.open(dst, 'wb');
      try {
        const data = encodeCopyData({
          readHandle: from.handle,
          readOffset: srcOffset,
          readLength: srcLength,
          writeHandle: to.handle,
          writeOffset: dstOffset,
        });
        expectOk(await this.extended('copy-data', '1', data));
      } finally {
        if (!(dst instanceof SFTPFile)) await to.close();
      }
    } finally {
      if (!(src instanceof SFTPFile)) await from.close().catch(() => undefined);
    }
  }

  // ---- transfers ----

  private remoteSide(): TransferSide<RemoteReader, RemoteWriter> {
    const lsetstat = this.extensions.get('lsetstat@openssh.com') === '1';
    return {
      kind: 'remote',
      stat: (p) => this.stat(p),
      lstat: (p) => this.lstat(p),
      readdir: async (p) => (await this.readdir(p)).filter((n) => n.filename !== '.' && n.filename !== '..'),
      mkdir: (p) => this.mkdir(p),
      readlink: (p) => this.readlink(p),
      symlink: (t, l) => this.symlink(t, l),
      setstat: (p, a) => this.setstat(p, a),
      lsetstat: (p, a) =>
        lsetstat
          ? this.lsetstat(p, a)
          : Promise.reject(new SFTPError(FX_OP_UNSUPPORTED, 'no lsetstat@openssh.com')),
      openRead: async (p) => {
        const file = await this.open(p, FXF_READ, {}, null);
        return {
          file,
          read: (o, n) => file.readAt(o, n),
          release: (d) => this.channel.recycle(d),
          close: () => file.close(),
        };
      },
      openWrite: async (p, keep) => {
        const file = await this.open(p, FXF_WRITE | FXF_CREAT | (keep ? 0 : FXF_TRUNC), {}, null);
        return {
          file,
          write: (o, d) => file.writeAt(o, d),
          allocate: (n) => file.allocate(n),
          close: () => file.close(),
        };
      },
    };
  }

  private localSide(): TransferSide {
    const fs = this.options.localFs;
    if (!fs) {
      throw new TypeError(
        'SFTPClient: get/put need options.localFs (LocalFileSystem from @sshkit/ssh-sftp/node, or MemoryFileSystem)',
      );
    }
    return {
      kind: 'local',
      stat: (p) => fs.stat(p),
      lstat: (p) => fs.lstat(p),
      readdir: async (p) => (await fs.readdir(p)).map((e) => ({ ...e, longname: '' })),
      mkdir: (p) => fs.mkdir(p, {}),
      readlink: (p) => fs.readlink(p),
      symlink: (t, l) => fs.symlink(t, l),
      setstat: (p, a) => fs.setstat(p, a),
      lsetstat: (p, a) => fs.lsetstat(p, a),
      openRead: async (p) => {
        const h = await fs.open(p, FXF_READ, {});
        return {
          read: async (o, n) => {
            const d = await h.read(o, n);
            return d.length === 0 ? null : d;
          },
          readInto: h.readInto?.bind(h),
          close: () => h.close(),
        };
      },
      openWrite: async (p, keep) => {
        const h = await fs.open(p, FXF_WRITE | FXF_CREAT | (keep ? 0 : FXF_TRUNC), {});
        return { write: (o, d) => h.write(o, d), close: () => h.close() };
      },
    };
  }

  private plan(
    o: SFTPTransferOptions,
    expandGlob: boolean,
    remote: boolean,
    remoteOnly = false,
  ): TransferPlan {
    const mp = o.maxParallel;
    if (mp !== undefined && (!Number.isInteger(mp) || mp < 1)) {
      throw new RangeError(`SFTPClient: maxParallel must be a positive integer, got ${mp}`);
    }
    const bs = o.blockSize;
    if (bs !== undefined && (!Number.isInteger(bs) || bs < 1)) {
      throw new RangeError(`SFTPClient: blockSize must be a positive integer, got ${bs}`);
    }
    const mr = o.maxRequests;
    if (mr !== undefined && (!Number.isInteger(mr) || mr < 1)) {
      throw new RangeError(`SFTPClient: maxRequests must be a positive integer, got ${mr}`);
    }
    const plan: TransferPlan = {
      expandGlob,
      blockSize: Math.min(bs ?? this.blockSize, this.blockSize),
      maxRequests: mr ?? this.maxRequests,
      maxParallel: mp ?? (expandGlob ? DEFAULT_MAX_PARALLEL : 1),
      remoteOnly,
    };
    if (remote && this.supportsRemoteCopy) {
      plan.remoteCopy = (reader, writer, offset) =>
        this.remoteCopy((reader as RemoteReader).file, (writer as RemoteWriter).file, offset, 0, offset);
    }
    return plan;
  }

  /** One transfer of {@link get} and its kin: `globbing` for the `m*` forms; remote to remote for copies. */
  private transfer(
    src: TransferSide,
    dst: TransferSide,
    srcPaths: SFTPPath | readonly SFTPPath[],
    dstPath: SFTPPath | undefined,
    options: SFTPTransferOptions,
    globbing: boolean,
    remoteOnly?: boolean,
  ): Promise<void> {
    const remote = src.kind === 'remote' && dst.kind === 'remote';
    return runTransfer(
      src,
      dst,
      srcPaths,
      dstPath,
      options,
      this.plan(options, globbing, remote, remoteOnly),
    );
  }

  /**
   * Downloads remote files or directories to the local file system
   * (`options.localFs`), as AsyncSSH's `get`. Paths are taken literally (no
   * glob expansion, as AsyncSSH: use {@link mget} for patterns).
   * @param remotePaths - one path or several
   * @param localPath - destination file, or an existing directory (required for several sources); default: the source's base name
   * @param options - see {@link SFTPTransferOptions}
   */
  async get(
    remotePaths: SFTPPath | readonly SFTPPath[],
    localPath?: SFTPPath,
    options: SFTPTransferOptions = {},
  ): Promise<void> {
    await this.transfer(this.remoteSide(), this.localSide(), remotePaths, localPath, options, false);
  }

  /**
   * Uploads local files or directories (`options.localFs`) to the server, as AsyncSSH's `put`.
   * @param localPaths - one path or several (taken literally; see {@link mput})
   * @param remotePath - destination file, or an existing directory; default: the source's base name
   */
  async put(
    localPaths: SFTPPath | readonly SFTPPath[],
    remotePath?: SFTPPath,
    options: SFTPTransferOptions = {},
  ): Promise<void> {
    await this.transfer(this.localSide(), this.remoteSide(), localPaths, remotePath, options, false);
  }

  /**
   * Copies remote files or directories to another remote place, as
   * AsyncSSH's `copy`: on the server with `copy-data` when it is offered,
   * else by pipelined reads and writes through the client.
   * @param srcPaths - one path or several (taken literally; see {@link mcopy})
   * @param dstPath - destination file, or an existing directory; default: the source's base name
   */
  async copy(
    srcPaths: SFTPPath | readonly SFTPPath[],
    dstPath?: SFTPPath,
    options: SFTPCopyOptions = {},
  ): Promise<void> {
    const remote = this.remoteSide();
    await this.transfer(remote, remote, srcPaths, dstPath, options, false, options.remoteOnly);
  }

  /** {@link get} with glob patterns (`*`, `?`, `[...]`, `**`) in the remote paths; several files at once. */
  async mget(
    remotePaths: SFTPPath | readonly SFTPPath[],
    localPath?: SFTPPath,
    options: SFTPTransferOptions = {},
  ): Promise<void> {
    await this.transfer(this.remoteSide(), this.localSide(), remotePaths, localPath, options, true);
  }

  /** {@link put} with glob patterns in the local paths; several files at once. */
  async mput(
    localPaths: SFTPPath | readonly SFTPPath[],
    remotePath?: SFTPPath,
    options: SFTPTransferOptions = {},
  ): Promise<void> {
    await this.transfer(this.localSide(), this.remoteSide(), localPaths, remotePath, options, true);
  }

  /** {@link copy} with glob patterns in the source paths; several files at once. */
  async mcopy(
    srcPaths: SFTPPath | readonly SFTPPath[],
    dstPath?: SFTPPath,
    options: SFTPCopyOptions = {},
  ): Promise<void> {
    const remote = this.remoteSide();
    await this.transfer(remote, remote, srcPaths, dstPath, options, true, options.remoteOnly);
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
