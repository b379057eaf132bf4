import { SSHError, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { decodeAttrs, encodeVFSAttrs, type SFTPAttrs, type SFTPName, type SFTPVFSAttrs } from '../attrs.js';
import { SFTPError } from '../errors.js';
import { decodeCopyData, decodeIdsRequest, encodeIdNames } from '../extensions.js';
import { MAX_PACKET_LENGTH } from '../framing.js';
import { FramePool, withHeadroom } from '../headroom.js';
import {
  decodePacket,
  encodeLimits,
  encodePacket,
  peekRequestId,
  type SFTPExtensionPair,
  type SFTPPacket,
  type SFTPRequest,
  type SFTPResponse,
} from '../packets.js';
import { decodePath } from '../path-bytes.js';
import {
  FX_BAD_MESSAGE,
  FX_EOF,
  FX_FAILURE,
  FX_OK,
  FX_OP_UNSUPPORTED,
  FX_PERMISSION_DENIED,
  FXF_APPEND,
  FXF_READ,
  FXF_WRITE,
  SFTP_VERSION,
} from '../protocol-numbers.js';
import type { ByteStream } from '../stream.js';
import type { SFTPDirEntry, SFTPFileHandle, SFTPFileSystem } from './filesystem.js';
import { formatLongname } from './longname.js';
import { dirname, normalizePath } from './path-map.js';
import { BARRIER, type RequestScope, ServeLoop } from './serve-loop.js';

/** Default cap on handles open at once per session (files + directories). */
export const MAX_OPEN_HANDLES = 512;
/** Default cap on requests of one session running at once (see {@link SFTPServerOptions.maxConcurrentRequests}). */
export const MAX_CONCURRENT_REQUESTS = 64;
/** Bytes in front of the data in a DATA frame: uint32 length, byte type, uint32 id, uint32 data length. */
const DATA_HEADER = 13;
/** Entries per SSH_FXP_NAME reply to READDIR (OpenSSH sends up to 100). */
export const READDIR_BATCH = 100;

/**
 * The extensions this server announces in SSH_FXP_VERSION, with the versions
 * OpenSSH PROTOCOL §4.3-§4.12 assigns them (the set OpenSSH 9.x's sftp-server offers).
 */
export const SERVER_EXTENSIONS: readonly SFTPExtensionPair[] = Object.freeze([
  ['posix-rename@openssh.com', '1'],
  ['statvfs@openssh.com', '2'],
  ['fstatvfs@openssh.com', '2'],
  ['hardlink@openssh.com', '1'],
  ['fsync@openssh.com', '1'],
  ['lsetstat@openssh.com', '1'],
  ['limits@openssh.com', '1'],
  ['expand-path@openssh.com', '1'],
  ['copy-data', '1'],
  ['home-directory', '1'],
  ['users-groups-by-id@openssh.com', '1'],
] as const);

/** Bytes moved per backend read/write while serving `copy-data`. */
export const COPY_DATA_CHUNK = 64 * 1024;

/** Options of {@link SFTPServer}. */
export interface SFTPServerOptions {
  /** Longest packet accepted and sent. @default MAX_PACKET_LENGTH (256 KiB, as OpenSSH) */
  maxPacketLength?: number;
  /** Handles one session may hold open. @default MAX_OPEN_HANDLES */
  maxOpenHandles?: number;
  /**
   * Requests of one session that {@link SFTPServer.serve} runs at once
   * (reads and writes of different byte ranges overlap; see `serve`).
   * @default MAX_CONCURRENT_REQUESTS (64, OpenSSH sftp's default pipeline depth)
   */
  maxConcurrentRequests?: number;
  /**
   * Argument order of SSH_FXP_SYMLINK: `'openssh'` (target first, what every
   * OpenSSH client sends, PROTOCOL §4.1) or `'draft'` (link first, draft-02 §6.10).
   * @default 'openssh'
   */
  symlinkOrder?: 'openssh' | 'draft';
  /** Clock in milliseconds (long names). @default Date.now */
  now?: () => number;
  /**
   * The client's home directory, a path of the served (virtual) tree: what
   * `home-directory` and `expand-path@openssh.com` answer for `~`, and the
   * directory relative paths are resolved against (as OpenSSH's sftp-server
   * starts in the user's home). @default '/'
   */
  homeDirectory?: string;
  /**
   * The extensions announced in SSH_FXP_VERSION, e.g. to hide `copy-data`
   * from clients. Requests for extensions left out are still answered.
   * @default SERVER_EXTENSIONS
   */
  extensions?: readonly SFTPExtensionPair[];
}

type HandleEntry =
  | { kind: 'file'; path: string; file: SFTPFileHandle; pflags: number }
  | { kind: 'dir'; path: string; entries: SFTPName[]; pos: number };

/** Session state: nothing but INIT is valid before the version exchange. */
type SessionState = { kind: 'awaitingInit' } | { kind: 'ready'; clientVersion: number };

/**
 * An SFTP v3 server: decodes requests, applies them to an
 * {@link SFTPFileSystem}, encodes replies. File-system agnostic and runtime
 * agnostic; chroot is a property of the backend (see `path-map.ts`).
 *
 * Customise it as AsyncSSH's `SFTPServer`: subclass and override one
 * operation (`open`, `read`, `write`, `close`, `stat`, `lstat`, `fstat`,
 * `setstat`, `lsetstat`, `fsetstat`, `listdir`, `mkdir`, `rmdir`, `remove`,
 * `rename`, `posixRename`, `readlink`, `symlink`, `link`, `realpath`,
 * `statvfs`, `fstatvfs`, `fsync`, `copyData`, `homeDirectory`,
 * `lookupUser`, `lookupGroup`, `exit`); the others keep using the file
 * system. Unlike AsyncSSH, the session applies {@link mapPath} *before*
 * calling the method (and {@link reverseMapPath} to what `realpath`
 * returns), so an override always receives a normalized path inside the
 * served tree and cannot forget the mapping: the chroot guarantees hold for
 * every override.
 *
 * @example
 * ```ts
 * import { MemoryFileSystem, SFTPError, SFTPServer, FX_PERMISSION_DENIED } from '@sshkit/ssh-sftp';
 * class ReadOnly extends SFTPServer {
 *   override async remove(): Promise<void> {
 *     throw new SFTPError(FX_PERMISSION_DENIED, 'read-only');
 *   }
 * }
 * await new ReadOnly(new MemoryFileSystem()).serve(stream); // resolves when the stream closes
 * ```
 */
export class SFTPServer {
  readonly fs: SFTPFileSystem;
  readonly maxPacketLength: number;
  readonly maxOpenHandles: number;
  readonly maxConcurrentRequests: number;
  readonly symlinkOrder: 'openssh' | 'draft';
  /** The client's home directory in the served tree (see {@link SFTPServerOptions.homeDirectory}). */
  readonly home: string;
  /** The extensions announced in SSH_FXP_VERSION. */
  readonly extensions: readonly SFTPExtensionPair[];
  private readonly now: () => number;

  constructor(fs: SFTPFileSystem, options: SFTPServerOptions = {}) {
    this.fs = fs;
    this.maxPacketLength = options.maxPacketLength ?? MAX_PACKET_LENGTH;
    if (!Number.isInteger(this.maxPacketLength) || this.maxPacketLength < 34000) {
      // PROTOCOL §4.8: "Servers SHOULD set this at least to 34000."
      throw new RangeError(
        `SFTPServer: maxPacketLength must be an integer >= 34000, got ${this.maxPacketLength}`,
      );
    }
    this.maxOpenHandles = options.maxOpenHandles ?? MAX_OPEN_HANDLES;
    this.maxConcurrentRequests = options.maxConcurrentRequests ?? MAX_CONCURRENT_REQUESTS;
    if (!Number.isInteger(this.maxConcurrentRequests) || this.maxConcurrentRequests < 1) {
      throw new RangeError(
        `SFTPServer: maxConcurrentRequests must be a positive integer, got ${this.maxConcurrentRequests}`,
      );
    }
    this.symlinkOrder = options.symlinkOrder ?? 'openssh';
    this.now = options.now ?? Date.now;
    this.home = normalizePath(options.homeDirectory ?? '/', '/');
    this.extensions = options.extensions ?? SERVER_EXTENSIONS;
  }

  /** Longest READ answered: room for the DATA header inside the packet limit. */
  get maxReadLength(): number {
    return this.maxPacketLength - 1024;
  }

  // ---- path mapping and display ----

  /**
   * Maps a client path to the backend path: absolute within the virtual root
   * (relative paths start at the home directory), `.`/`..` collapsed (never above `/`).
   * An override should keep the result inside the served tree.
   * @param path - the path the client sent
   */
  mapPath(path: string): string {
    return normalizePath(path, this.home);
  }

  /** Maps a backend path back to what the client sees (identity by default). */
  reverseMapPath(path: string): string {
    return path;
  }

  /**
   * The long name of a directory entry (`ls -l` style).
   * @param entry - the entry
   * @param owner - the owner's name when {@link lookupUser} knows it
   * @param group - the group's name when {@link lookupGroup} knows it
   */
  formatLongname(entry: SFTPDirEntry, owner?: string, group?: string): string {
    return formatLongname(entry.filename, entry.attrs, Math.floor(this.now() / 1000), owner, group);
  }

  // ---- per-operation methods: paths are already mapped ----

  /** Opens a file (SSH_FXP_OPEN). */
  open(path: string, pflags: number, attrs: SFTPAttrs): Promise<SFTPFileHandle> {
    return this.fs.open(path, pflags, attrs);
  }

  /** Closes a file (SSH_FXP_CLOSE). */
  close(file: SFTPFileHandle): Promise<void> {
    return file.close();
  }

  /** Reads up to `length` bytes at `offset`; empty at end of file (SSH_FXP_READ). */
  read(file: SFTPFileHandle, offset: number, length: number): Promise<Uint8Array> {
    return file.read(offset, length);
  }

  /** Writes `data` at `offset` (SSH_FXP_WRITE); `data` is reused once this settles (copy what you keep). */
  write(file: SFTPFileHandle, offset: number, data: Uint8Array): Promise<void> {
    return file.write(offset, data);
  }

  /** Renames without replacing an existing target (SSH_FXP_RENAME, draft-02 §6.5). */
  rename(oldPath: string, newPath: string): Promise<void> {
    return this.fs.rename(oldPath, newPath, false);
  }

  /** Renames, replacing the target (`posix-rename@openssh.com`). */
  posixRename(oldPath: string, newPath: string): Promise<void> {
    return this.fs.rename(oldPath, newPath, true);
  }

  /** Removes a file or link (SSH_FXP_REMOVE). */
  remove(path: string): Promise<void> {
    return this.fs.remove(path);
  }

  /** The target of a link, as stored (SSH_FXP_READLINK). */
  readlink(path: string): Promise<string> {
    return this.fs.readlink(path);
  }

  /** Creates a link at `linkPath` (mapped) whose target is `targetPath` (as sent). */
  symlink(targetPath: string, linkPath: string): Promise<void> {
    return this.fs.symlink(targetPath, linkPath);
  }

  /** Creates a hard link (`hardlink@openssh.com`). */
  link(oldPath: string, newPath: string): Promise<void> {
    return this.fs.link(oldPath, newPath);
  }

  /** The canonical path (SSH_FXP_REALPATH); the session reverse-maps it. */
  realpath(path: string): Promise<string> {
    return this.fs.realpath(path);
  }

  /** Attributes, following links (SSH_FXP_STAT). */
  stat(path: string): Promise<SFTPAttrs> {
    return this.fs.stat(path);
  }

  /** Attributes of a link itself (SSH_FXP_LSTAT). */
  lstat(path: string): Promise<SFTPAttrs> {
    return this.fs.lstat(path);
  }

  /** Attributes of an open file (SSH_FXP_FSTAT). */
  fstat(file: SFTPFileHandle): Promise<SFTPAttrs> {
    return file.stat();
  }

  /** Changes attributes (SSH_FXP_SETSTAT). */
  setstat(path: string, attrs: SFTPAttrs): Promise<void> {
    return this.fs.setstat(path, attrs);
  }

  /** Changes attributes of a link itself (`lsetstat@openssh.com`). */
  lsetstat(path: string, attrs: SFTPAttrs): Promise<void> {
    return this.fs.lsetstat(path, attrs);
  }

  /** Changes attributes of an open file (SSH_FXP_FSETSTAT). */
  fsetstat(file: SFTPFileHandle, attrs: SFTPAttrs): Promise<void> {
    return file.setstat(attrs);
  }

  /** File system statistics (`statvfs@openssh.com`). */
  statvfs(path: string): Promise<SFTPVFSAttrs> {
    return this.fs.statvfs(path);
  }

  /** File system statistics of an open file (`fstatvfs@openssh.com`); `path` is where it was opened. */
  fstatvfs(_file: SFTPFileHandle, path: string): Promise<SFTPVFSAttrs> {
    return this.fs.statvfs(path);
  }

  /** Flushes an open file (`fsync@openssh.com`). */
  fsync(file: SFTPFileHandle): Promise<void> {
    return file.fsync();
  }

  /** Entries of a directory without `.` and `..` (the session adds them) (SSH_FXP_OPENDIR). */
  listdir(path: string): Promise<SFTPDirEntry[]> {
    return this.fs.readdir(path);
  }

  /** Creates a directory (SSH_FXP_MKDIR). */
  mkdir(path: string, attrs: SFTPAttrs): Promise<void> {
    return this.fs.mkdir(path, attrs);
  }

  /** Removes an empty directory (SSH_FXP_RMDIR). */
  rmdir(path: string): Promise<void> {
    return this.fs.rmdir(path);
  }

  /**
   * Copies bytes between two open files on the server (`copy-data`, PROTOCOL
   * §4.10). With `length` 0 it copies to the end of file as it was when the
   * copy started, so copying a file onto a link of itself cannot run forever.
   * @returns bytes copied
   */
  async copyData(
    src: SFTPFileHandle,
    srcOffset: number,
    length: number,
    dst: SFTPFileHandle,
    dstOffset: number,
  ): Promise<number> {
    let todo = length;
    if (todo === 0) todo = Math.max(0, ((await this.fstat(src)).size ?? 0) - srcOffset);
    let done = 0;
    while (done < todo) {
      const data = await this.read(src, srcOffset + done, Math.min(COPY_DATA_CHUNK, todo - done));
      if (data.length === 0) break;
      await this.write(dst, dstOffset + done, data);
      done += data.length;
    }
    return done;
  }

  /**
   * The home directory of `username` (`''`: the session's user) as a client
   * path (`home-directory`, and `~` in `expand-path@openssh.com`). The default
   * knows one user: the session's, whose home is {@link home}.
   * @throws SFTPError(FX_FAILURE) for another user
   */
  async homeDirectory(username: string): Promise<string> {
    if (username !== '') throw new SFTPError(FX_FAILURE, 'no such user');
    return this.home;
  }

  /** The name of user `uid` (long names, `users-groups-by-id@openssh.com`), from the file system when it knows. */
  async lookupUser(uid: number): Promise<string | undefined> {
    return this.fs.userName?.(uid);
  }

  /** The name of group `gid`, from the file system when it knows. */
  async lookupGroup(gid: number): Promise<string | undefined> {
    return this.fs.groupName?.(gid);
  }

  /** Called once when a session ends, after its handles are closed. */
  async exit(): Promise<void> {}

  /** A new sans-I/O session: feed it payloads, get encoded replies. */
  createSession(): SFTPServerSession {
    return new SFTPServerSession(this);
  }

  /**
   * Serves one client over `stream` until it closes. Up to
   * {@link maxConcurrentRequests} requests run at once and each reply is sent
   * when its request completes, in any order (draft-02 §6.1 allows it, and
   * clients match replies by id). Requests start in arrival order. Reads and
   * writes of one file run together unless their byte ranges overlap with a
   * write among them; every other request (open, close, stat, rename, ...)
   * waits for all requests before it and holds back all after it, so results
   * are as if requests ran one at a time. A framing error (oversized packet)
   * closes the stream.
   * @returns a Promise that resolves when the stream has closed and every open handle is closed
   */
  serve(stream: ByteStream): Promise<void> {
    const pool = new FramePool();
    const session = new SFTPServerSession(this, pool);
    return new ServeLoop(session, stream, this.maxPacketLength, this.maxConcurrentRequests, pool).run();
  }
}

/**
 * One client's SFTP session on an {@link SFTPServer}: the handle table and the
 * version state. `receive` never throws: every request gets a reply.
 */
export class SFTPServerSession {
  private state: SessionState = { kind: 'awaitingInit' };
  private readonly handles = new Map<number, HandleEntry>();
  private nextHandle = 1;
  private readonly writer = new WireWriter(1024);

  /**
   * @param server - the server whose file system and methods the session uses
   * @param pool - buffers for DATA replies, recycled by the caller once sent (internal)
   */
  constructor(
    private readonly server: SFTPServer,
    private readonly pool?: FramePool,
  ) {}

  /** Number of handles open now. */
  get openHandles(): number {
    return this.handles.size;
  }

  /**
   * Handles one packet payload (`byte type || body`).
   * @returns the encoded reply frame, or `undefined` when none is due
   *   (a VERSION or a packet too short to carry a request id)
   */
  async receive(payload: Uint8Array): Promise<Uint8Array | undefined> {
    const r = this.accept(payload);
    return r instanceof Uint8Array || r === undefined ? r : this.run(r);
  }

  /**
   * The synchronous half of {@link receive}: decodes a payload and answers
   * what needs no file system (INIT, malformed or early packets).
   * @returns a request for {@link run}, an immediate reply frame, or `undefined` (no reply due)
   * @internal
   */
  accept(payload: Uint8Array): SFTPRequest | Uint8Array | undefined {
    let packet: SFTPPacket;
    try {
      packet = decodePacket(payload);
    } catch (e) {
      const id = peekRequestId(payload);
      if (id === undefined) return undefined;
      const unsupported = SFTPError.isInstance(e) && e.code === FX_BAD_MESSAGE && !isKnownType(payload[0]);
      return this.status(id, unsupported ? FX_OP_UNSUPPORTED : FX_BAD_MESSAGE, describe(e));
    }
    if (packet.type === 'init') {
      if (this.state.kind !== 'awaitingInit') return undefined;
      this.state = { kind: 'ready', clientVersion: packet.version };
      return encodePacket({
        type: 'version',
        version: SFTP_VERSION,
        extensions: [...this.server.extensions],
      });
    }
    if (!('id' in packet)) return undefined;
    if (this.state.kind !== 'ready') return this.status(packet.id, FX_BAD_MESSAGE, 'SSH_FXP_INIT expected');
    if (!isRequest(packet))
      return this.status(packet.id, FX_BAD_MESSAGE, `unexpected ${packet.type} from client`);
    return packet;
  }

  /**
   * What a request touches, for running requests concurrently (draft-02 §6.1):
   * READ and WRITE on an open file touch a byte range of that file; every
   * other request is a barrier that runs alone, after everything before it.
   * Call it only once the barriers received before the request have run:
   * the answer depends on the handle table.
   * @internal
   */
  scope(p: SFTPRequest): RequestScope {
    if (p.type !== 'read' && p.type !== 'write') return BARRIER;
    const e = p.handle.length === 4 ? this.handles.get(handleNumber(p.handle)) : undefined;
    if (e?.kind !== 'file') return BARRIER; // answered with an error: nothing to overlap
    if (p.type === 'read') {
      const length = Math.min(p.length, this.server.maxReadLength);
      return { key: e.path, start: p.offset, end: p.offset + length, write: false };
    }
    // An append lands at the end of file, wherever that is by then: it overlaps everything.
    if (e.pflags & FXF_APPEND) return { key: e.path, start: 0, end: Number.POSITIVE_INFINITY, write: true };
    return { key: e.path, start: p.offset, end: p.offset + p.data.length, write: true };
  }

  /**
   * Runs an accepted request and encodes its reply. Never throws: failures become a STATUS.
   * @internal
   */
  async run(packet: SFTPRequest): Promise<Uint8Array> {
    let reply: SFTPResponse;
    try {
      reply = await this.dispatch(packet);
    } catch (e) {
      if (SFTPError.isInstance(e)) reply = statusOf(packet.id, e.code, e.reason);
      else if (SSHError.isInstance(e)) reply = statusOf(packet.id, FX_BAD_MESSAGE, 'malformed request');
      else reply = statusOf(packet.id, FX_FAILURE, 'failure');
    }
    try {
      return encodePacket(reply, this.writer);
    } catch {
      return this.status(packet.id, FX_FAILURE, 'reply could not be encoded');
    }
  }

  /** Closes every open handle (end of session), then calls the server's `exit`. */
  async close(): Promise<void> {
    const entries = [...this.handles.values()];
    this.handles.clear();
    for (const h of entries) {
      if (h.kind === 'file') await this.server.close(h.file).catch(() => undefined);
    }
    await this.server.exit().catch(() => undefined);
  }

  private status(id: number, code: number, message: string): Uint8Array {
    return encodePacket(statusOf(id, code, message), this.writer);
  }

  private addHandle(entry: HandleEntry): Uint8Array {
    if (this.handles.size >= this.server.maxOpenHandles)
      throw new SFTPError(FX_FAILURE, 'too many open handles');
    const n = this.nextHandle;
    this.nextHandle = (this.nextHandle + 1) >>> 0 || 1;
    this.handles.set(n, entry);
    return new WireWriter(4).u32(n).finish();
  }

  private entry(handle: Uint8Array): HandleEntry {
    // Handles are 4-byte counters; anything else is "invalid handle", which
    // v3 reports as SSH_FX_FAILURE (as OpenSSH's sftp-server does).
    if (handle.length !== 4) throw new SFTPError(FX_FAILURE, 'invalid handle');
    const e = this.handles.get(handleNumber(handle));
    if (!e) throw new SFTPError(FX_FAILURE, 'invalid handle');
    return e;
  }

  private file(handle: Uint8Array): HandleEntry & { kind: 'file' } {
    const e = this.entry(handle);
    if (e.kind !== 'file') throw new SFTPError(FX_FAILURE, 'handle is not a file');
    return e;
  }

  /** Long names with owner/group names the server can look up (one lookup per distinct id). */
  private async longnames(entries: SFTPDirEntry[]): Promise<SFTPName[]> {
    const s = this.server;
    const users = new Map<number, string | undefined>();
    const groups = new Map<number, string | undefined>();
    for (const e of entries) {
      const { uid, gid } = e.attrs;
      if (uid !== undefined && !users.has(uid))
        users.set(uid, await s.lookupUser(uid).catch(() => undefined));
      if (gid !== undefined && !groups.has(gid))
        groups.set(gid, await s.lookupGroup(gid).catch(() => undefined));
    }
    return entries.map((e) => ({
      filename: e.filename,
      longname: s.formatLongname(
        e,
        e.attrs.uid === undefined ? undefined : users.get(e.attrs.uid),
        e.attrs.gid === undefined ? undefined : groups.get(e.attrs.gid),
      ),
      attrs: e.attrs,
    }));
  }

  private async dispatch(p: SFTPRequest): Promise<SFTPResponse> {
    const s = this.server;
    const ok = statusOf(p.id, FX_OK, 'Success');
    switch (p.type) {
      case 'open': {
        if (this.handles.size >= s.maxOpenHandles) throw new SFTPError(FX_FAILURE, 'too many open handles');
        const path = s.mapPath(p.path);
        const file = await s.open(path, p.pflags, p.attrs);
        return {
          type: 'handle',
          id: p.id,
          handle: this.addHandle({ kind: 'file', path, file, pflags: p.pflags }),
        };
      }
      case 'opendir': {
        const path = s.mapPath(p.path);
        const attrs = await s.stat(path);
        const entries = await s.listdir(path);
        const parentAttrs = await s.stat(dirname(path)).catch(() => attrs);
        const names = await this.longnames([
          { filename: '.', attrs },
          { filename: '..', attrs: parentAttrs },
          ...entries,
        ]);
        return {
          type: 'handle',
          id: p.id,
          handle: this.addHandle({ kind: 'dir', path, entries: names, pos: 0 }),
        };
      }
      case 'close': {
        const e = this.entry(p.handle);
        this.handles.delete(handleNumber(p.handle));
        if (e.kind === 'file') await s.close(e.file);
        return ok;
      }
      case 'read': {
        const { file } = this.file(p.handle);
        const data = await this.readData(file, p.offset, Math.min(p.length, s.maxReadLength));
        if (data.length === 0) return statusOf(p.id, FX_EOF, 'End of file');
        return { type: 'data', id: p.id, data };
      }
      case 'write':
        await s.write(this.file(p.handle).file, p.offset, p.data);
        return ok;
      case 'readdir': {
        const e = this.entry(p.handle);
        if (e.kind !== 'dir') throw new SFTPError(FX_FAILURE, 'handle is not a directory');
        if (e.pos >= e.entries.length) return statusOf(p.id, FX_EOF, 'End of file');
        const names = e.entries.slice(e.pos, e.pos + READDIR_BATCH);
        e.pos += names.length;
        return { type: 'name', id: p.id, names };
      }
      case 'stat':
        return { type: 'attrs', id: p.id, attrs: await s.stat(s.mapPath(p.path)) };
      case 'lstat':
        return { type: 'attrs', id: p.id, attrs: await s.lstat(s.mapPath(p.path)) };
      case 'fstat':
        return { type: 'attrs', id: p.id, attrs: await s.fstat(this.file(p.handle).file) };
      case 'setstat':
        await s.setstat(s.mapPath(p.path), p.attrs);
        return ok;
      case 'fsetstat':
        await s.fsetstat(this.file(p.handle).file, p.attrs);
        return ok;
      case 'remove':
        await s.remove(s.mapPath(p.path));
        return ok;
      case 'mkdir':
        await s.mkdir(s.mapPath(p.path), p.attrs);
        return ok;
      case 'rmdir':
        await s.rmdir(s.mapPath(p.path));
        return ok;
      case 'realpath':
        return this.nameReply(p.id, s.reverseMapPath(await s.realpath(s.mapPath(p.path))));
      case 'rename':
        await s.rename(s.mapPath(p.oldPath), s.mapPath(p.newPath));
        return ok;
      case 'readlink':
        return this.nameReply(p.id, await s.readlink(s.mapPath(p.path)));
      case 'symlink': {
        const [target, link] =
          s.symlinkOrder === 'openssh' ? [p.targetPath, p.linkPath] : [p.linkPath, p.targetPath];
        // The target is stored as sent: the backend interprets it inside its root.
        await s.symlink(target, s.mapPath(link));
        return ok;
      }
      case 'extended':
        return this.extended(p.id, p.request, p.data);
      default: {
        const never: never = p;
        throw new SFTPError(FX_OP_UNSUPPORTED, `unsupported request ${(never as { type: string }).type}`);
      }
    }
  }

  /**
   * The server's `read`; when it is not overridden and the file has `readInto`,
   * into room behind the reply's header (pooled when serving), so the DATA
   * frame is built around the data.
   */
  private async readData(file: SFTPFileHandle, offset: number, length: number): Promise<Uint8Array> {
    const s = this.server;
    if (!file.readInto || s.read !== SFTPServer.prototype.read) return s.read(file, offset, length);
    const data = this.pool ? this.pool.allocate(DATA_HEADER, length) : withHeadroom(DATA_HEADER, length);
    return data.subarray(0, await file.readInto(offset, data));
  }

  private nameReply(id: number, path: string): SFTPResponse {
    return { type: 'name', id, names: [{ filename: path, longname: path, attrs: {} }] };
  }

  /** `~`, `~/x`, `~user` and `~user/x` expanded with the server's `homeDirectory`. */
  private async expandTilde(raw: string): Promise<string> {
    if (!raw.startsWith('~')) return raw;
    const slash = raw.indexOf('/');
    const user = raw.slice(1, slash < 0 ? raw.length : slash);
    const home = await this.server.homeDirectory(user);
    return slash < 0 ? home : `${home}/${raw.slice(slash + 1)}`;
  }

  /** OpenSSH extension requests (PROTOCOL §4.3-§4.12). */
  private async extended(id: number, request: string, data: Uint8Array): Promise<SFTPResponse> {
    const s = this.server;
    const r = new WireReader(data);
    const ok = statusOf(id, FX_OK, 'Success');
    const path = (): string => s.mapPath(decodePath(r.string()));
    switch (request) {
      case 'posix-rename@openssh.com': {
        const from = path();
        const to = path();
        r.expectEnd();
        await s.posixRename(from, to);
        return ok;
      }
      case 'hardlink@openssh.com': {
        const from = path();
        const to = path();
        r.expectEnd();
        await s.link(from, to);
        return ok;
      }
      case 'statvfs@openssh.com':
      case 'fstatvfs@openssh.com': {
        let v: SFTPVFSAttrs;
        if (request === 'statvfs@openssh.com') {
          const target = path();
          r.expectEnd();
          v = await s.statvfs(target);
        } else {
          const e = this.file(r.string());
          r.expectEnd();
          v = await s.fstatvfs(e.file, e.path);
        }
        const w = new WireWriter(96);
        encodeVFSAttrs(w, v);
        return { type: 'extended-reply', id, data: w.finish() };
      }
      case 'fsync@openssh.com': {
        const { file } = this.file(r.string());
        r.expectEnd();
        await s.fsync(file);
        return ok;
      }
      case 'lsetstat@openssh.com': {
        const target = path();
        const attrs = decodeAttrs(r);
        r.expectEnd();
        await s.lsetstat(target, attrs);
        return ok;
      }
      case 'limits@openssh.com':
        r.expectEnd();
        return {
          type: 'extended-reply',
          id,
          data: encodeLimits({
            maxPacketLength: s.maxPacketLength,
            maxReadLength: s.maxReadLength,
            maxWriteLength: s.maxReadLength,
            maxOpenHandles: s.maxOpenHandles,
          }),
        };
      case 'expand-path@openssh.com': {
        const raw = decodePath(r.string());
        r.expectEnd();
        const expanded = await this.expandTilde(raw);
        return this.nameReply(id, s.reverseMapPath(await s.realpath(s.mapPath(expanded))));
      }
      case 'home-directory': {
        const user = r.utf8();
        r.expectEnd();
        const home = await s.homeDirectory(user);
        return this.nameReply(id, s.reverseMapPath(await s.realpath(s.mapPath(home))));
      }
      case 'copy-data': {
        const req = decodeCopyData(data);
        const src = this.file(req.readHandle);
        const dst = this.file(req.writeHandle);
        // As OpenSSH: both must be distinct files, readable and writable respectively.
        if (src === dst || src.path === dst.path)
          throw new SFTPError(FX_FAILURE, 'source and target are the same file');
        if (!(src.pflags & FXF_READ))
          throw new SFTPError(FX_PERMISSION_DENIED, 'source not open for reading');
        if (!(dst.pflags & (FXF_WRITE | FXF_APPEND)))
          throw new SFTPError(FX_PERMISSION_DENIED, 'target not open for writing');
        await s.copyData(src.file, req.readOffset, req.readLength, dst.file, req.writeOffset);
        return ok;
      }
      case 'users-groups-by-id@openssh.com': {
        const { uids, gids } = decodeIdsRequest(data);
        const users: string[] = [];
        const groups: string[] = [];
        for (const uid of uids) users.push((await s.lookupUser(uid).catch(() => undefined)) ?? '');
        for (const gid of gids) groups.push((await s.lookupGroup(gid).catch(() => undefined)) ?? '');
        return { type: 'extended-reply', id, data: encodeIdNames({ users, groups }) };
      }
      default:
        throw new SFTPError(FX_OP_UNSUPPORTED, `unsupported extension ${request}`);
    }
  }
}

/** The number in a 4-byte handle. */
function handleNumber(handle: Uint8Array): number {
  return (
    (((handle[0] as number) << 24) |
      ((handle[1] as number) << 16) |
      ((handle[2] as number) << 8) |
      (handle[3] as number)) >>>
    0
  );
}

function statusOf(id: number, code: number, message: string): SFTPResponse {
  return { type: 'status', id, code, message, lang: '' };
}

function describe(e: unknown): string {
  if (SFTPError.isInstance(e)) return e.reason;
  return 'malformed packet';
}

const REQUEST_TYPES: ReadonlySet<string> = new Set([
  'open',
  'close',
  'read',
  'write',
  'lstat',
  'fstat',
  'setstat',
  'fsetstat',
  'opendir',
  'readdir',
  'remove',
  'mkdir',
  'rmdir',
  'realpath',
  'stat',
  'rename',
  'readlink',
  'symlink',
  'extended',
]);

function isRequest(p: SFTPPacket): p is SFTPRequest {
  return REQUEST_TYPES.has(p.type);
}

function isKnownType(type: number | undefined): boolean {
  return (
    type !== undefined &&
    ((type >= 1 && type <= 20) || (type >= 101 && type <= 105) || type === 200 || type === 201)
  );
}
