import { S_IFDIR, S_IFLNK, S_IFREG, type SFTPAttrs, type SFTPVFSAttrs } from '../attrs.js';
import { SFTPError } from '../errors.js';
import {
  FX_FAILURE,
  FX_NO_SUCH_FILE,
  FX_PERMISSION_DENIED,
  FXF_APPEND,
  FXF_CREAT,
  FXF_EXCL,
  FXF_READ,
  FXF_TRUNC,
  FXF_WRITE,
} from '../protocol-numbers.js';
import type { SFTPDirEntry, SFTPFileHandle, SFTPFileSystem } from './filesystem.js';
import { basename, dirname, type EntryKind, normalizePath, resolvePath } from './path-map.js';

interface Meta {
  mode: number;
  uid: number;
  gid: number;
  atime: number;
  mtime: number;
}

interface FileNode {
  kind: 'file';
  meta: Meta;
  /** Capacity buffer; bytes past `size` are zero. */
  data: Uint8Array;
  size: number;
}
interface DirNode {
  kind: 'dir';
  meta: Meta;
  entries: Map<string, Node>;
}
interface LinkNode {
  kind: 'link';
  meta: Meta;
  target: string;
}
type Node = FileNode | DirNode | LinkNode;

/** Options of {@link MemoryFileSystem}. */
export interface MemoryFileSystemOptions {
  /** Clock in milliseconds, for timestamps. @default Date.now */
  now?: () => number;
  /** Owner of new entries. @default 0 */
  uid?: number;
  /** Group of new entries. @default 0 */
  gid?: number;
  /** Largest file size allowed, in bytes (a write past it fails like `EFBIG`). @default 256 MiB */
  maxFileSize?: number;
  /** User names by uid, for long names and `users-groups-by-id@openssh.com`. @default none */
  users?: Readonly<Record<number, string>>;
  /** Group names by gid. @default none */
  groups?: Readonly<Record<number, string>>;
}

/** Default of {@link MemoryFileSystemOptions.maxFileSize}: bounds the memory one client can claim. */
export const MEMORY_FS_MAX_FILE_SIZE = 256 * 1024 * 1024;

const TYPE_BITS: Readonly<Record<Node['kind'], number>> = { file: S_IFREG, dir: S_IFDIR, link: S_IFLNK };

/**
 * A file system held in memory: directories, regular files, symbolic links and
 * hard links, with POSIX-like errors mapped to SFTP codes as OpenSSH's
 * sftp-server maps errno. Runs in any runtime; used by the tests and to serve
 * SFTP from a browser. Permissions are stored but not enforced (one user).
 *
 * Its root is `/`; links resolve inside it, so it is chrooted by construction.
 *
 * @example
 * ```ts
 * import { MemoryFileSystem } from '@sshkit/ssh-sftp';
 * const fs = new MemoryFileSystem();
 * await fs.mkdir('/pub', {});
 * await fs.writeFile('/pub/hello.txt', new TextEncoder().encode('hi'));
 * ```
 */
export class MemoryFileSystem implements SFTPFileSystem {
  private readonly root: DirNode;
  private readonly now: () => number;
  private readonly uid: number;
  private readonly gid: number;
  private readonly maxFileSize: number;
  private readonly users: Readonly<Record<number, string>>;
  private readonly groups: Readonly<Record<number, string>>;

  constructor(options: MemoryFileSystemOptions = {}) {
    this.now = options.now ?? Date.now;
    this.users = options.users ?? {};
    this.groups = options.groups ?? {};
    this.maxFileSize = options.maxFileSize ?? MEMORY_FS_MAX_FILE_SIZE;
    this.uid = options.uid ?? 0;
    this.gid = options.gid ?? 0;
    this.root = { kind: 'dir', meta: this.newMeta(0o755), entries: new Map() };
  }

  private newMeta(mode: number): Meta {
    const t = Math.floor(this.now() / 1000);
    return { mode: mode & 0o7777, uid: this.uid, gid: this.gid, atime: t, mtime: t };
  }

  /** Node at a resolved path, without following anything. */
  private lookup(path: string): Node | undefined {
    let node: Node = this.root;
    for (const part of path.split('/')) {
      if (part === '') continue;
      if (node.kind !== 'dir') return undefined;
      const next = node.entries.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  private readonly linkOps = {
    kind: async (path: string): Promise<EntryKind | null> => {
      const n = this.lookup(path);
      if (!n) return null;
      return n.kind === 'file' ? 'other' : n.kind;
    },
    readlink: async (path: string): Promise<string> => {
      const n = this.lookup(path);
      if (n?.kind !== 'link') throw new SFTPError(FX_NO_SUCH_FILE, 'not a link');
      return n.target;
    },
  };

  private resolve(path: string, follow: boolean): Promise<string> {
    return resolvePath(this.linkOps, normalizePath(path), follow);
  }

  private async node(path: string, follow: boolean): Promise<Node> {
    const n = this.lookup(await this.resolve(path, follow));
    if (!n) throw new SFTPError(FX_NO_SUCH_FILE, 'no such file or directory');
    return n;
  }

  /** Resolves the parent of `path` (which must be a directory) and the entry name. */
  private async parent(path: string): Promise<[DirNode, string, string]> {
    const resolved = await this.resolve(path, false);
    const name = basename(resolved);
    const dir = this.lookup(dirname(resolved));
    if (dir?.kind !== 'dir') throw new SFTPError(FX_NO_SUCH_FILE, 'no such directory');
    if (name === '') throw new SFTPError(FX_FAILURE, 'the root cannot be changed');
    return [dir, name, resolved];
  }

  private attrsOf(n: Node): SFTPAttrs {
    const size = n.kind === 'file' ? n.size : n.kind === 'link' ? n.target.length : 4096;
    const m = n.meta;
    return {
      size,
      uid: m.uid,
      gid: m.gid,
      permissions: TYPE_BITS[n.kind] | m.mode,
      atime: m.atime,
      mtime: m.mtime,
    };
  }

  private apply(n: Node, attrs: SFTPAttrs): void {
    if (attrs.size !== undefined) {
      if (n.kind !== 'file') throw new SFTPError(FX_FAILURE, 'not a regular file');
      resize(n, attrs.size, this.maxFileSize);
      n.meta.mtime = Math.floor(this.now() / 1000);
    }
    if (attrs.permissions !== undefined) n.meta.mode = attrs.permissions & 0o7777;
    if (attrs.uid !== undefined && attrs.gid !== undefined) {
      n.meta.uid = attrs.uid;
      n.meta.gid = attrs.gid;
    }
    if (attrs.atime !== undefined && attrs.mtime !== undefined) {
      n.meta.atime = attrs.atime;
      n.meta.mtime = attrs.mtime;
    }
  }

  async stat(path: string): Promise<SFTPAttrs> {
    return this.attrsOf(await this.node(path, true));
  }

  async lstat(path: string): Promise<SFTPAttrs> {
    return this.attrsOf(await this.node(path, false));
  }

  async setstat(path: string, attrs: SFTPAttrs): Promise<void> {
    this.apply(await this.node(path, true), attrs);
  }

  async lsetstat(path: string, attrs: SFTPAttrs): Promise<void> {
    this.apply(await this.node(path, false), attrs);
  }

  async open(path: string, pflags: number, attrs: SFTPAttrs): Promise<SFTPFileHandle> {
    const resolved = await this.resolve(path, true);
    let n = this.lookup(resolved);
    if (n && pflags & FXF_CREAT && pflags & FXF_EXCL) throw new SFTPError(FX_FAILURE, 'file exists');
    if (!n) {
      if (!(pflags & FXF_CREAT)) throw new SFTPError(FX_NO_SUCH_FILE, 'no such file');
      const [dir, name] = await this.parent(resolved);
      const file: FileNode = {
        kind: 'file',
        meta: this.newMeta(attrs.permissions ?? 0o644),
        data: new Uint8Array(0),
        size: 0,
      };
      dir.entries.set(name, file);
      n = file;
    }
    if (n.kind !== 'file')
      throw new SFTPError(FX_FAILURE, n.kind === 'dir' ? 'is a directory' : 'not a file');
    if (pflags & FXF_TRUNC && pflags & (FXF_WRITE | FXF_APPEND)) resize(n, 0, this.maxFileSize);
    return new MemoryFileHandle(n, pflags, this.now, this.maxFileSize);
  }

  async readdir(path: string): Promise<SFTPDirEntry[]> {
    const n = await this.node(path, true);
    if (n.kind !== 'dir') throw new SFTPError(FX_NO_SUCH_FILE, 'not a directory');
    return [...n.entries].map(([filename, child]) => ({ filename, attrs: this.attrsOf(child) }));
  }

  async realpath(path: string): Promise<string> {
    return this.resolve(path, true);
  }

  async readlink(path: string): Promise<string> {
    const n = await this.node(path, false);
    if (n.kind !== 'link') throw new SFTPError(FX_FAILURE, 'not a symbolic link');
    return n.target;
  }

  async symlink(targetPath: string, linkPath: string): Promise<void> {
    const [dir, name] = await this.parent(linkPath);
    if (dir.entries.has(name)) throw new SFTPError(FX_FAILURE, 'file exists');
    dir.entries.set(name, { kind: 'link', meta: this.newMeta(0o777), target: targetPath });
  }

  async link(oldPath: string, newPath: string): Promise<void> {
    const n = await this.node(oldPath, false);
    if (n.kind === 'dir') throw new SFTPError(FX_PERMISSION_DENIED, 'hard link to a directory');
    const [dir, name] = await this.parent(newPath);
    if (dir.entries.has(name)) throw new SFTPError(FX_FAILURE, 'file exists');
    dir.entries.set(name, n);
  }

  async remove(path: string): Promise<void> {
    const [dir, name] = await this.parent(path);
    const n = dir.entries.get(name);
    if (!n) throw new SFTPError(FX_NO_SUCH_FILE, 'no such file');
    if (n.kind === 'dir') throw new SFTPError(FX_FAILURE, 'is a directory');
    dir.entries.delete(name);
  }

  async mkdir(path: string, attrs: SFTPAttrs): Promise<void> {
    const [dir, name] = await this.parent(path);
    if (dir.entries.has(name)) throw new SFTPError(FX_FAILURE, 'file exists');
    dir.entries.set(name, {
      kind: 'dir',
      meta: this.newMeta(attrs.permissions ?? 0o755),
      entries: new Map(),
    });
  }

  async rmdir(path: string): Promise<void> {
    const [dir, name] = await this.parent(path);
    const n = dir.entries.get(name);
    if (!n) throw new SFTPError(FX_NO_SUCH_FILE, 'no such directory');
    if (n.kind !== 'dir') throw new SFTPError(FX_NO_SUCH_FILE, 'not a directory');
    if (n.entries.size > 0) throw new SFTPError(FX_FAILURE, 'directory not empty');
    dir.entries.delete(name);
  }

  async rename(oldPath: string, newPath: string, overwrite: boolean): Promise<void> {
    const [fromDir, fromName, fromPath] = await this.parent(oldPath);
    const n = fromDir.entries.get(fromName);
    if (!n) throw new SFTPError(FX_NO_SUCH_FILE, 'no such file');
    const [toDir, toName, toPath] = await this.parent(newPath);
    if (fromPath === toPath) return;
    if (n.kind === 'dir' && toPath.startsWith(`${fromPath}/`)) {
      throw new SFTPError(FX_FAILURE, 'cannot move a directory into itself');
    }
    const existing = toDir.entries.get(toName);
    if (existing) {
      if (!overwrite) throw new SFTPError(FX_FAILURE, 'file exists');
      if (existing.kind === 'dir' && (n.kind !== 'dir' || existing.entries.size > 0)) {
        throw new SFTPError(FX_FAILURE, 'target is a non-empty directory or a directory');
      }
      if (existing.kind !== 'dir' && n.kind === 'dir')
        throw new SFTPError(FX_FAILURE, 'target is not a directory');
    }
    fromDir.entries.delete(fromName);
    toDir.entries.set(toName, n);
  }

  async statvfs(_path: string): Promise<SFTPVFSAttrs> {
    let bytes = 0;
    let files = 0;
    const walk = (d: DirNode): void => {
      for (const n of d.entries.values()) {
        files++;
        if (n.kind === 'file') bytes += n.size;
        else if (n.kind === 'dir') walk(n);
      }
    };
    walk(this.root);
    const blocks = 1 << 20;
    const used = Math.ceil(bytes / 4096);
    return {
      bsize: 4096,
      frsize: 4096,
      blocks,
      bfree: blocks - used,
      bavail: blocks - used,
      files: 1 << 20,
      ffree: (1 << 20) - files,
      favail: (1 << 20) - files,
      fsid: 0n,
      flag: 0,
      namemax: 255,
    };
  }

  async userName(uid: number): Promise<string | undefined> {
    return Object.hasOwn(this.users, uid) ? this.users[uid] : undefined;
  }

  async groupName(gid: number): Promise<string | undefined> {
    return Object.hasOwn(this.groups, gid) ? this.groups[gid] : undefined;
  }

  /**
   * Convenience for setting up content: creates or replaces a file.
   * @param path - absolute path; its directory must exist
   * @param data - the content
   */
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const h = await this.open(path, FXF_WRITE | FXF_CREAT | FXF_TRUNC, {});
    await h.write(0, data);
    await h.close();
  }

  /**
   * Convenience for checking content: the whole file.
   * @param path - absolute path
   */
  async readFile(path: string): Promise<Uint8Array> {
    const n = await this.node(path, true);
    if (n.kind !== 'file') throw new SFTPError(FX_FAILURE, 'not a regular file');
    return n.data.slice(0, n.size);
  }
}

function resize(n: FileNode, size: number, max: number): void {
  if (size > max) throw new SFTPError(FX_FAILURE, 'file too large');
  if (size > n.data.length) {
    const grown = new Uint8Array(Math.max(size, n.data.length * 2, 256));
    grown.set(n.data.subarray(0, n.size));
    n.data = grown;
  } else if (size < n.size) {
    n.data.fill(0, size, n.size);
  }
  n.size = size;
}

class MemoryFileHandle implements SFTPFileHandle {
  private closed = false;

  constructor(
    private readonly node: FileNode,
    private readonly pflags: number,
    private readonly now: () => number,
    private readonly maxFileSize: number,
  ) {}

  private check(): void {
    if (this.closed) throw new SFTPError(FX_FAILURE, 'file is closed');
  }

  /** A view of up to `length` bytes at `offset` (empty at end of file); callers copy it. */
  private view(offset: number, length: number): Uint8Array {
    this.check();
    if (!(this.pflags & FXF_READ)) throw new SFTPError(FX_PERMISSION_DENIED, 'file not open for reading');
    const n = this.node;
    if (offset >= n.size) return new Uint8Array(0);
    return n.data.subarray(offset, Math.min(n.size, offset + length));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.view(offset, length).slice();
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const data = this.view(offset, target.length);
    target.set(data);
    return data.length;
  }

  async write(offset: number, data: Uint8Array): Promise<void> {
    this.check();
    if (!(this.pflags & (FXF_WRITE | FXF_APPEND))) {
      throw new SFTPError(FX_PERMISSION_DENIED, 'file not open for writing');
    }
    const n = this.node;
    const at = this.pflags & FXF_APPEND ? n.size : offset;
    if (at + data.length > n.size) resize(n, at + data.length, this.maxFileSize);
    n.data.set(data, at);
    n.meta.mtime = Math.floor(this.now() / 1000);
  }

  async stat(): Promise<SFTPAttrs> {
    this.check();
    const m = this.node.meta;
    return {
      size: this.node.size,
      uid: m.uid,
      gid: m.gid,
      permissions: S_IFREG | m.mode,
      atime: m.atime,
      mtime: m.mtime,
    };
  }

  async setstat(attrs: SFTPAttrs): Promise<void> {
    this.check();
    const n = this.node;
    if (attrs.size !== undefined) resize(n, attrs.size, this.maxFileSize);
    if (attrs.permissions !== undefined) n.meta.mode = attrs.permissions & 0o7777;
    if (attrs.uid !== undefined && attrs.gid !== undefined) {
      n.meta.uid = attrs.uid;
      n.meta.gid = attrs.gid;
    }
    if (attrs.atime !== undefined && attrs.mtime !== undefined) {
      n.meta.atime = attrs.atime;
      n.meta.mtime = attrs.mtime;
    }
  }

  async fsync(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {
    this.check();
    this.closed = true;
  }
}
