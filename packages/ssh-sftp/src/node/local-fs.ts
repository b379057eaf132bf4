import { constants, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { SFTPAttrs, SFTPVFSAttrs } from '../attrs.js';
import { SFTPError } from '../errors.js';
import { decodePath, encodePath, hasEscapedBytes } from '../path-bytes.js';
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
import type { SFTPDirEntry, SFTPFileHandle, SFTPFileSystem } from '../server/filesystem.js';
import { type EntryKind, normalizePath, resolvePath } from '../server/path-map.js';

/** Options of {@link LocalFileSystem}. */
export interface LocalFileSystemOptions {
  /**
   * Directory that becomes `/` (chroot). Every path, `..` and symbolic link is
   * confined to it. Without it, paths are host paths (relative ones resolve
   * against `process.cwd()`): the mode `SFTPClient.get`/`put` use.
   */
  root?: string;
  /**
   * Where user and group names come from (long names and
   * `users-groups-by-id@openssh.com`): the `passwd` and `group` files, read
   * once. `false` reports numeric ids only.
   * @default { passwd: '/etc/passwd', group: '/etc/group' }
   */
  names?: false | { passwd: string; group: string };
}

/** Parses `name:x:id:...` lines (passwd(5), group(5)) into id -> name. */
function parseIdFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const f = line.split(':');
    const name = f[0];
    const id = Number(f[2]);
    if (name && f.length >= 3 && Number.isInteger(id) && !out.has(id)) out.set(id, name);
  }
  return out;
}

// errno -> SFTP v3 status, as OpenSSH's sftp-server errno_to_portable().
const ERRNO_CODES: Readonly<Record<string, number>> = {
  ENOENT: FX_NO_SUCH_FILE,
  ENOTDIR: FX_NO_SUCH_FILE,
  EBADF: FX_NO_SUCH_FILE,
  ELOOP: FX_NO_SUCH_FILE,
  EPERM: FX_PERMISSION_DENIED,
  EACCES: FX_PERMISSION_DENIED,
  EFAULT: FX_PERMISSION_DENIED,
  ENAMETOOLONG: FX_BAD_MESSAGE,
  EINVAL: FX_BAD_MESSAGE,
  ENOSYS: FX_OP_UNSUPPORTED,
  EOPNOTSUPP: FX_OP_UNSUPPORTED,
};

const MESSAGES: Readonly<Record<number, string>> = {
  [FX_NO_SUCH_FILE]: 'No such file',
  [FX_PERMISSION_DENIED]: 'Permission denied',
  [FX_BAD_MESSAGE]: 'Bad message',
  [FX_OP_UNSUPPORTED]: 'Operation unsupported',
  [FX_FAILURE]: 'Failure',
};

/**
 * Maps a Node file system error to an SFTPError. The message is generic: a
 * Node message holds the host path, which a chrooted client must not learn.
 */
export function toSFTPError(e: unknown): unknown {
  if (SFTPError.isInstance(e)) return e;
  const errno = (e as { code?: unknown } | null)?.code;
  if (typeof errno !== 'string') return e;
  const code = ERRNO_CODES[errno] ?? FX_FAILURE;
  return new SFTPError(code, `${MESSAGES[code] ?? 'Failure'} (${errno})`);
}

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toSFTPError(e);
  }
}

/**
 * A path for `node:fs`: the string, or its bytes when it holds bytes that are
 * not UTF-8 (`path-bytes.ts`), which Node would otherwise encode as U+FFFD.
 */
function native(path: string): string | Buffer {
  return hasEscapedBytes(path) ? Buffer.from(encodePath(path)) : path;
}

function attrsOf(s: Stats): SFTPAttrs {
  return {
    size: s.size,
    uid: s.uid,
    gid: s.gid,
    permissions: s.mode,
    atime: Math.max(0, Math.floor(s.atimeMs / 1000)),
    mtime: Math.max(0, Math.floor(s.mtimeMs / 1000)),
  };
}

function openFlags(pflags: number, noFollow: boolean): number {
  let f = 0;
  if (pflags & FXF_READ && pflags & (FXF_WRITE | FXF_APPEND)) f = constants.O_RDWR;
  else if (pflags & (FXF_WRITE | FXF_APPEND)) f = constants.O_WRONLY;
  else f = constants.O_RDONLY;
  if (pflags & FXF_APPEND) f |= constants.O_APPEND;
  if (pflags & FXF_CREAT) f |= constants.O_CREAT;
  if (pflags & FXF_TRUNC) f |= constants.O_TRUNC;
  if (pflags & FXF_EXCL) f |= constants.O_EXCL;
  if (noFollow) f |= constants.O_NOFOLLOW;
  return f;
}

/**
 * The host file system as an {@link SFTPFileSystem}, optionally chrooted to
 * `root`. In chroot mode every path is resolved component by component with
 * `resolvePath` (links expanded inside the root), and files are opened with
 * `O_NOFOLLOW`, so neither `..` nor a symbolic link leads outside `root`.
 * Residual risk: another local process swapping a checked directory for a
 * link between the check and the use (a TOCTOU race); use OS-level isolation
 * when local users are hostile.
 *
 * @example
 * ```ts
 * import { LocalFileSystem } from '@sshkit/ssh-sftp/node';
 * import { SFTPServer } from '@sshkit/ssh-sftp';
 * const server = new SFTPServer(new LocalFileSystem({ root: '/srv/sftp' }));
 * ```
 */
export class LocalFileSystem implements SFTPFileSystem {
  readonly root: string | undefined;
  private rootReal: Promise<string> | undefined;
  private readonly names: false | { passwd: string; group: string };
  private idNames: Promise<[Map<number, string>, Map<number, string>]> | undefined;

  constructor(options: LocalFileSystemOptions = {}) {
    this.root = options.root === undefined ? undefined : nodePath.resolve(options.root);
    this.names = options.names ?? { passwd: '/etc/passwd', group: '/etc/group' };
  }

  private loadNames(): Promise<[Map<number, string>, Map<number, string>]> {
    const names = this.names;
    if (names === false) return Promise.resolve([new Map(), new Map()]);
    const read = (f: string): Promise<Map<number, string>> =>
      fsp.readFile(f, 'utf8').then(parseIdFile, () => new Map<number, string>());
    this.idNames ??= Promise.all([read(names.passwd), read(names.group)]);
    return this.idNames;
  }

  async userName(uid: number): Promise<string | undefined> {
    return (await this.loadNames())[0].get(uid);
  }

  async groupName(gid: number): Promise<string | undefined> {
    return (await this.loadNames())[1].get(gid);
  }

  private realRoot(): Promise<string> {
    if (this.root === undefined) throw new TypeError('no root');
    this.rootReal ??= fsp.realpath(this.root);
    return this.rootReal;
  }

  /** Host path of a virtual path (chroot) or of a host path (no root). */
  private async host(path: string, follow: boolean): Promise<string> {
    if (this.root === undefined) return nodePath.resolve(path);
    const root = await this.realRoot();
    const join = (v: string): string => (v === '/' ? root : root + v);
    const ops = {
      kind: async (v: string): Promise<EntryKind | null> => {
        try {
          const s = await fsp.lstat(native(join(v)));
          return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : 'other';
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'ENOENT' || code === 'ENOTDIR') return null;
          throw toSFTPError(e);
        }
      },
      readlink: (v: string) => mapped(async () => decodePath(await fsp.readlink(native(join(v)), 'buffer'))),
    };
    return join(await resolvePath(ops, normalizePath(path), follow));
  }

  private virtual(hostPath: string, root: string): string {
    if (hostPath === root) return '/';
    return hostPath.slice(root.length);
  }

  stat(path: string): Promise<SFTPAttrs> {
    return mapped(async () => attrsOf(await fsp.stat(native(await this.host(path, true)))));
  }

  lstat(path: string): Promise<SFTPAttrs> {
    return mapped(async () => attrsOf(await fsp.lstat(native(await this.host(path, false)))));
  }

  private async applyAttrs(path: string, attrs: SFTPAttrs, isLink: boolean): Promise<void> {
    const p = native(path);
    if (attrs.size !== undefined) {
      if (isLink) throw new SFTPError(FX_OP_UNSUPPORTED, 'cannot truncate a link');
      await fsp.truncate(p, attrs.size);
    }
    if (attrs.permissions !== undefined) {
      if (isLink) throw new SFTPError(FX_OP_UNSUPPORTED, 'cannot chmod a link');
      await fsp.chmod(p, attrs.permissions & 0o7777);
    }
    if (attrs.uid !== undefined && attrs.gid !== undefined) {
      await (isLink ? fsp.lchown(p, attrs.uid, attrs.gid) : fsp.chown(p, attrs.uid, attrs.gid));
    }
    if (attrs.atime !== undefined && attrs.mtime !== undefined) {
      await (isLink ? fsp.lutimes(p, attrs.atime, attrs.mtime) : fsp.utimes(p, attrs.atime, attrs.mtime));
    }
  }

  setstat(path: string, attrs: SFTPAttrs): Promise<void> {
    return mapped(async () => this.applyAttrs(await this.host(path, true), attrs, false));
  }

  lsetstat(path: string, attrs: SFTPAttrs): Promise<void> {
    return mapped(async () => {
      const p = await this.host(path, false);
      const s = await fsp.lstat(native(p));
      await this.applyAttrs(p, attrs, s.isSymbolicLink());
    });
  }

  open(path: string, pflags: number, attrs: SFTPAttrs): Promise<SFTPFileHandle> {
    return mapped(async () => {
      const p = await this.host(path, true);
      const fh = await fsp.open(
        native(p),
        openFlags(pflags, this.root !== undefined),
        (attrs.permissions ?? 0o666) & 0o7777,
      );
      return new LocalFileHandle(fh);
    });
  }

  readdir(path: string): Promise<SFTPDirEntry[]> {
    return mapped(async () => {
      const dir = await this.host(path, true);
      const names = (await fsp.readdir(native(dir), { encoding: 'buffer' })).map(decodePath);
      const out: SFTPDirEntry[] = [];
      for (const filename of names) {
        try {
          out.push({ filename, attrs: attrsOf(await fsp.lstat(native(nodePath.join(dir, filename)))) });
        } catch {
          // Removed while listing: skip it.
        }
      }
      return out;
    });
  }

  realpath(path: string): Promise<string> {
    return mapped(async () => {
      if (this.root !== undefined) return this.virtual(await this.host(path, true), await this.realRoot());
      const abs = nodePath.resolve(path);
      try {
        return decodePath(await fsp.realpath(native(abs), 'buffer'));
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOENT') throw e;
        const parent = decodePath(await fsp.realpath(native(nodePath.dirname(abs)), 'buffer'));
        return nodePath.join(parent, nodePath.basename(abs));
      }
    });
  }

  readlink(path: string): Promise<string> {
    return mapped(async () => decodePath(await fsp.readlink(native(await this.host(path, false)), 'buffer')));
  }

  symlink(targetPath: string, linkPath: string): Promise<void> {
    return mapped(async () => fsp.symlink(native(targetPath), native(await this.host(linkPath, false))));
  }

  link(oldPath: string, newPath: string): Promise<void> {
    return mapped(async () =>
      fsp.link(native(await this.host(oldPath, false)), native(await this.host(newPath, false))),
    );
  }

  remove(path: string): Promise<void> {
    return mapped(async () => fsp.unlink(native(await this.host(path, false))));
  }

  mkdir(path: string, attrs: SFTPAttrs): Promise<void> {
    return mapped(async () => {
      await fsp.mkdir(native(await this.host(path, false)), { mode: (attrs.permissions ?? 0o777) & 0o7777 });
    });
  }

  rmdir(path: string): Promise<void> {
    return mapped(async () => fsp.rmdir(native(await this.host(path, false))));
  }

  rename(oldPath: string, newPath: string, overwrite: boolean): Promise<void> {
    return mapped(async () => {
      const from = native(await this.host(oldPath, false));
      const to = native(await this.host(newPath, false));
      if (!overwrite) {
        const exists = await fsp.lstat(to).then(
          () => true,
          () => false,
        );
        if (exists) throw new SFTPError(FX_FAILURE, 'File exists');
      }
      await fsp.rename(from, to);
    });
  }

  statvfs(path: string): Promise<SFTPVFSAttrs> {
    return mapped(async () => {
      const s = await fsp.statfs(native(await this.host(path, true)));
      return {
        bsize: s.bsize,
        frsize: s.bsize,
        blocks: s.blocks,
        bfree: s.bfree,
        bavail: s.bavail,
        files: s.files,
        ffree: s.ffree,
        favail: s.ffree,
        fsid: 0n,
        flag: 0,
        namemax: 255,
      };
    });
  }
}

class LocalFileHandle implements SFTPFileHandle {
  constructor(private readonly fh: fsp.FileHandle) {}

  read(offset: number, length: number): Promise<Uint8Array> {
    return mapped(async () => {
      // Not zero-filled: only the bytes the read overwrote are returned.
      const buf = Buffer.allocUnsafeSlow(length);
      const { bytesRead } = await this.fh.read(buf, 0, length, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    });
  }

  readInto(offset: number, target: Uint8Array): Promise<number> {
    return mapped(async () => (await this.fh.read(target, 0, target.length, offset)).bytesRead);
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    return mapped(async () => {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await this.fh.write(data, done, data.length - done, offset + done);
        done += bytesWritten;
      }
    });
  }

  stat(): Promise<SFTPAttrs> {
    return mapped(async () => attrsOf(await this.fh.stat()));
  }

  setstat(attrs: SFTPAttrs): Promise<void> {
    return mapped(async () => {
      if (attrs.size !== undefined) await this.fh.truncate(attrs.size);
      if (attrs.permissions !== undefined) await this.fh.chmod(attrs.permissions & 0o7777);
      if (attrs.uid !== undefined && attrs.gid !== undefined) await this.fh.chown(attrs.uid, attrs.gid);
      if (attrs.atime !== undefined && attrs.mtime !== undefined)
        await this.fh.utimes(attrs.atime, attrs.mtime);
    });
  }

  fsync(): Promise<void> {
    return mapped(() => this.fh.sync());
  }

  close(): Promise<void> {
    return mapped(() => this.fh.close());
  }
}
