import { SSHError, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { decodeAttrs, encodeVFSAttrs, type SFTPName } from '../attrs.js';
import { SFTPError } from '../errors.js';
import { MAX_PACKET_LENGTH, PacketDecoder } from '../framing.js';
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
import {
  FX_BAD_MESSAGE,
  FX_EOF,
  FX_FAILURE,
  FX_OK,
  FX_OP_UNSUPPORTED,
  SFTP_VERSION,
} from '../protocol-numbers.js';
import type { ByteStream } from '../stream.js';
import type { SFTPDirEntry, SFTPFileHandle, SFTPFileSystem } from './filesystem.js';
import { formatLongname } from './longname.js';
import { dirname, normalizePath } from './path-map.js';

/** Default cap on handles open at once per session (files + directories). */
export const MAX_OPEN_HANDLES = 512;
/** Entries per SSH_FXP_NAME reply to READDIR (OpenSSH sends up to 100). */
export const READDIR_BATCH = 100;

/**
 * The extensions this server announces in SSH_FXP_VERSION, with the versions
 * OpenSSH PROTOCOL §4.3-§4.9 assigns them.
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
] as const);

/** Options of {@link SFTPServer}. */
export interface SFTPServerOptions {
  /** Longest packet accepted and sent. @default MAX_PACKET_LENGTH (256 KiB, as OpenSSH) */
  maxPacketLength?: number;
  /** Handles one session may hold open. @default MAX_OPEN_HANDLES */
  maxOpenHandles?: number;
  /**
   * Argument order of SSH_FXP_SYMLINK: `'openssh'` (target first, what every
   * OpenSSH client sends, PROTOCOL §4.1) or `'draft'` (link first, draft-02 §6.10).
   * @default 'openssh'
   */
  symlinkOrder?: 'openssh' | 'draft';
  /** Clock in milliseconds (long names). @default Date.now */
  now?: () => number;
}

type HandleEntry =
  | { kind: 'file'; path: string; file: SFTPFileHandle }
  | { kind: 'dir'; path: string; entries: SFTPName[]; pos: number };

/** Session state: nothing but INIT is valid before the version exchange. */
type SessionState = { kind: 'awaitingInit' } | { kind: 'ready'; clientVersion: number };

/**
 * An SFTP v3 server: decodes requests, applies them to an
 * {@link SFTPFileSystem}, encodes replies. File-system agnostic and runtime
 * agnostic; chroot is a property of the backend (see `path-map.ts`).
 *
 * Subclass to customise `mapPath`, `reverseMapPath` or `formatLongname`.
 *
 * @example
 * ```ts
 * import { MemoryFileSystem, SFTPServer } from '@sshkit/ssh-sftp';
 * const server = new SFTPServer(new MemoryFileSystem());
 * await server.serve(stream); // resolves when the stream closes
 * ```
 */
export class SFTPServer {
  readonly fs: SFTPFileSystem;
  readonly maxPacketLength: number;
  readonly maxOpenHandles: number;
  readonly symlinkOrder: 'openssh' | 'draft';
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
    this.symlinkOrder = options.symlinkOrder ?? 'openssh';
    this.now = options.now ?? Date.now;
  }

  /** Longest READ answered: room for the DATA header inside the packet limit. */
  get maxReadLength(): number {
    return this.maxPacketLength - 1024;
  }

  /**
   * Maps a client path to the backend path: absolute within the virtual root,
   * `.`/`..` collapsed (never above `/`).
   * @param path - the path the client sent
   */
  mapPath(path: string): string {
    return normalizePath(path, '/');
  }

  /** Maps a backend path back to what the client sees (identity by default). */
  reverseMapPath(path: string): string {
    return path;
  }

  /** The long name of a directory entry (`ls -l` style). */
  formatLongname(entry: SFTPDirEntry): string {
    return formatLongname(entry.filename, entry.attrs, Math.floor(this.now() / 1000));
  }

  /** A new sans-I/O session: feed it payloads, get encoded replies. */
  createSession(): SFTPServerSession {
    return new SFTPServerSession(this);
  }

  /**
   * Serves one client over `stream` until it closes. Requests are handled one
   * at a time in arrival order (as OpenSSH's sftp-server does), and each reply
   * is written (awaiting backpressure) before the next request is handled.
   * A framing error (oversized packet) closes the stream.
   * @returns a Promise that resolves when the stream has closed and every open handle is closed
   */
  serve(stream: ByteStream): Promise<void> {
    const session = this.createSession();
    const decoder = new PacketDecoder(this.maxPacketLength);
    let chain: Promise<void> = Promise.resolve();
    let closed = false;
    return new Promise<void>((resolve) => {
      stream.onClose(() => {
        if (closed) return;
        closed = true;
        chain = chain.then(() => session.close()).then(resolve, resolve);
      });
      stream.onData((chunk) => {
        if (closed) return;
        let payloads: Uint8Array[];
        try {
          payloads = decoder.feed(chunk);
        } catch {
          stream.close();
          return;
        }
        for (const payload of payloads) {
          chain = chain.then(async () => {
            if (closed) return;
            const reply = await session.receive(payload);
            if (reply && !closed) await stream.write(reply);
          });
          chain = chain.catch(() => stream.close());
        }
      });
    });
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

  constructor(private readonly server: SFTPServer) {}

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
      return encodePacket({ type: 'version', version: SFTP_VERSION, extensions: [...SERVER_EXTENSIONS] });
    }
    if (!('id' in packet)) return undefined;
    if (this.state.kind !== 'ready') return this.status(packet.id, FX_BAD_MESSAGE, 'SSH_FXP_INIT expected');
    if (!isRequest(packet))
      return this.status(packet.id, FX_BAD_MESSAGE, `unexpected ${packet.type} from client`);
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

  /** Closes every open handle (end of session). */
  async close(): Promise<void> {
    const entries = [...this.handles.values()];
    this.handles.clear();
    for (const h of entries) {
      if (h.kind === 'file') await h.file.close().catch(() => undefined);
    }
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
    const n = new WireReader(handle).u32();
    const e = this.handles.get(n);
    if (!e) throw new SFTPError(FX_FAILURE, 'invalid handle');
    return e;
  }

  private file(handle: Uint8Array): { path: string; file: SFTPFileHandle } {
    const e = this.entry(handle);
    if (e.kind !== 'file') throw new SFTPError(FX_FAILURE, 'handle is not a file');
    return e;
  }

  private async dispatch(p: SFTPRequest): Promise<SFTPResponse> {
    const s = this.server;
    const fs = s.fs;
    const ok = statusOf(p.id, FX_OK, 'Success');
    switch (p.type) {
      case 'open': {
        if (this.handles.size >= s.maxOpenHandles) throw new SFTPError(FX_FAILURE, 'too many open handles');
        const path = s.mapPath(p.path);
        const file = await fs.open(path, p.pflags, p.attrs);
        return { type: 'handle', id: p.id, handle: this.addHandle({ kind: 'file', path, file }) };
      }
      case 'opendir': {
        const path = s.mapPath(p.path);
        const attrs = await fs.stat(path);
        const entries = await fs.readdir(path);
        const parentAttrs = await fs.stat(dirname(path)).catch(() => attrs);
        const all: SFTPDirEntry[] = [
          { filename: '.', attrs },
          { filename: '..', attrs: parentAttrs },
          ...entries,
        ];
        const names = all.map((e) => ({
          filename: e.filename,
          longname: s.formatLongname(e),
          attrs: e.attrs,
        }));
        return {
          type: 'handle',
          id: p.id,
          handle: this.addHandle({ kind: 'dir', path, entries: names, pos: 0 }),
        };
      }
      case 'close': {
        const e = this.entry(p.handle);
        this.handles.delete(new WireReader(p.handle).u32());
        if (e.kind === 'file') await e.file.close();
        return ok;
      }
      case 'read': {
        const { file } = this.file(p.handle);
        const data = await file.read(p.offset, Math.min(p.length, s.maxReadLength));
        if (data.length === 0) return statusOf(p.id, FX_EOF, 'End of file');
        return { type: 'data', id: p.id, data };
      }
      case 'write':
        await this.file(p.handle).file.write(p.offset, p.data);
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
        return { type: 'attrs', id: p.id, attrs: await fs.stat(s.mapPath(p.path)) };
      case 'lstat':
        return { type: 'attrs', id: p.id, attrs: await fs.lstat(s.mapPath(p.path)) };
      case 'fstat':
        return { type: 'attrs', id: p.id, attrs: await this.file(p.handle).file.stat() };
      case 'setstat':
        await fs.setstat(s.mapPath(p.path), p.attrs);
        return ok;
      case 'fsetstat':
        await this.file(p.handle).file.setstat(p.attrs);
        return ok;
      case 'remove':
        await fs.remove(s.mapPath(p.path));
        return ok;
      case 'mkdir':
        await fs.mkdir(s.mapPath(p.path), p.attrs);
        return ok;
      case 'rmdir':
        await fs.rmdir(s.mapPath(p.path));
        return ok;
      case 'realpath':
        return this.nameReply(p.id, s.reverseMapPath(await fs.realpath(s.mapPath(p.path))));
      case 'rename':
        await fs.rename(s.mapPath(p.oldPath), s.mapPath(p.newPath), false);
        return ok;
      case 'readlink':
        return this.nameReply(p.id, await fs.readlink(s.mapPath(p.path)));
      case 'symlink': {
        const [target, link] =
          s.symlinkOrder === 'openssh' ? [p.targetPath, p.linkPath] : [p.linkPath, p.targetPath];
        // The target is stored as sent: the backend interprets it inside its root.
        await fs.symlink(target, s.mapPath(link));
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

  private nameReply(id: number, path: string): SFTPResponse {
    return { type: 'name', id, names: [{ filename: path, longname: path, attrs: {} }] };
  }

  /** OpenSSH extension requests (PROTOCOL §4.3-§4.9). */
  private async extended(id: number, request: string, data: Uint8Array): Promise<SFTPResponse> {
    const s = this.server;
    const fs = s.fs;
    const r = new WireReader(data);
    const ok = statusOf(id, FX_OK, 'Success');
    const path = (): string => s.mapPath(r.utf8());
    let reply: SFTPResponse;
    switch (request) {
      case 'posix-rename@openssh.com': {
        const from = path();
        const to = path();
        r.expectEnd();
        await fs.rename(from, to, true);
        reply = ok;
        break;
      }
      case 'hardlink@openssh.com': {
        const from = path();
        const to = path();
        r.expectEnd();
        await fs.link(from, to);
        reply = ok;
        break;
      }
      case 'statvfs@openssh.com':
      case 'fstatvfs@openssh.com': {
        const target = request === 'statvfs@openssh.com' ? path() : this.entry(r.string()).path;
        r.expectEnd();
        const w = new WireWriter(96);
        encodeVFSAttrs(w, await fs.statvfs(target));
        reply = { type: 'extended-reply', id, data: w.finish() };
        break;
      }
      case 'fsync@openssh.com': {
        const { file } = this.file(r.string());
        r.expectEnd();
        await file.fsync();
        reply = ok;
        break;
      }
      case 'lsetstat@openssh.com': {
        const target = path();
        const attrs = decodeAttrs(r);
        r.expectEnd();
        await fs.lsetstat(target, attrs);
        reply = ok;
        break;
      }
      case 'limits@openssh.com':
        r.expectEnd();
        reply = {
          type: 'extended-reply',
          id,
          data: encodeLimits({
            maxPacketLength: s.maxPacketLength,
            maxReadLength: s.maxReadLength,
            maxWriteLength: s.maxReadLength,
            maxOpenHandles: s.maxOpenHandles,
          }),
        };
        break;
      case 'expand-path@openssh.com': {
        let raw = r.utf8();
        r.expectEnd();
        // The virtual root is the home directory: "~" and "~/x" expand into it.
        if (raw === '~') raw = '/';
        else if (raw.startsWith('~/')) raw = raw.slice(1);
        else if (raw.startsWith('~')) throw new SFTPError(FX_FAILURE, 'no such user');
        reply = this.nameReply(id, s.reverseMapPath(await fs.realpath(s.mapPath(raw))));
        break;
      }
      default:
        throw new SFTPError(FX_OP_UNSUPPORTED, `unsupported extension ${request}`);
    }
    return reply;
  }
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
