import { decodeUtf8, type WireReader, type WireWriter } from '@sshkit/ssh-wire';
import { SFTPError } from './errors.js';
import {
  FILEXFER_ATTR_ACMODTIME,
  FILEXFER_ATTR_EXTENDED,
  FILEXFER_ATTR_PERMISSIONS,
  FILEXFER_ATTR_SIZE,
  FILEXFER_ATTR_UIDGID,
  FX_BAD_MESSAGE,
} from './protocol-numbers.js';

/** One `extended_type` / `extended_data` pair of an ATTRS structure. */
export type SFTPExtendedAttr = readonly [type: string, data: Uint8Array];

/**
 * File attributes (draft-ietf-secsh-filexfer-02 §5). Every field is optional:
 * a field is sent only when present, and its flag bit follows from that.
 * `uid`/`gid` travel together (`SSH_FILEXFER_ATTR_UIDGID`), so do
 * `atime`/`mtime` (`SSH_FILEXFER_ATTR_ACMODTIME`).
 *
 * Sizes are JavaScript numbers (exact up to 2^53 bytes, 8 PiB); times are
 * whole seconds since the epoch (uint32 on the wire).
 */
export interface SFTPAttrs {
  /** File size in bytes. */
  size?: number;
  /** Owner user id. Must be given together with `gid`. */
  uid?: number;
  /** Owner group id. Must be given together with `uid`. */
  gid?: number;
  /** POSIX mode bits including the file type (`S_IFMT`) bits. */
  permissions?: number;
  /** Last access time, seconds since the epoch. Must be given together with `mtime`. */
  atime?: number;
  /** Last modification time, seconds since the epoch. Must be given together with `atime`. */
  mtime?: number;
  /** Vendor extension pairs. */
  extended?: readonly SFTPExtendedAttr[];
}

/**
 * A directory entry or a path reply (`SSH_FXP_NAME`, draft-02 §7). `T` is
 * `Uint8Array` when the client was given a bytes path (AsyncSSH's rule).
 */
export interface SFTPName<T extends string | Uint8Array = string> {
  /** The entry's name (relative for READDIR, absolute for REALPATH). */
  filename: T;
  /** An `ls -l` style line; informational only ("The format of the longname field is unspecified"). */
  longname: T;
  /** The entry's attributes (may be empty). */
  attrs: SFTPAttrs;
}

/** File system statistics: the `statvfs@openssh.com` reply (OpenSSH PROTOCOL §4.4). */
export interface SFTPVFSAttrs {
  /** File system block size. */
  bsize: number;
  /** Fundamental file system block size. */
  frsize: number;
  /** Number of blocks (unit `frsize`). */
  blocks: number;
  /** Free blocks in the file system. */
  bfree: number;
  /** Free blocks for non-root. */
  bavail: number;
  /** Total file inodes. */
  files: number;
  /** Free file inodes. */
  ffree: number;
  /** Free file inodes for non-root. */
  favail: number;
  /** File system id (a full 64-bit value, hence a bigint). */
  fsid: bigint;
  /** Bit mask of `FXE_STATVFS_ST_*` flags. */
  flag: number;
  /** Maximum file name length. */
  namemax: number;
}

// POSIX file type bits, as carried in `permissions`.
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

const KNOWN_FLAGS =
  FILEXFER_ATTR_SIZE |
  FILEXFER_ATTR_UIDGID |
  FILEXFER_ATTR_PERMISSIONS |
  FILEXFER_ATTR_ACMODTIME |
  FILEXFER_ATTR_EXTENDED;

/** The file type bits of `attrs.permissions`, or `undefined` when unknown. */
export function fileType(attrs: SFTPAttrs): number | undefined {
  return attrs.permissions === undefined ? undefined : attrs.permissions & S_IFMT;
}

/** True when the attributes describe a directory. */
export function isDirectoryAttrs(attrs: SFTPAttrs): boolean {
  return fileType(attrs) === S_IFDIR;
}

/** True when the attributes describe a regular file. */
export function isRegularFileAttrs(attrs: SFTPAttrs): boolean {
  return fileType(attrs) === S_IFREG;
}

/** True when the attributes describe a symbolic link. */
export function isSymlinkAttrs(attrs: SFTPAttrs): boolean {
  return fileType(attrs) === S_IFLNK;
}

function checkU32(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`SFTPAttrs.${what} must be an integer in [0, 2^32), got ${value}`);
  }
}

/**
 * The `flags` word of an ATTRS structure for these attributes.
 * @throws TypeError if only one of `uid`/`gid` or of `atime`/`mtime` is given
 */
export function attrsFlags(attrs: SFTPAttrs): number {
  let flags = 0;
  if (attrs.size !== undefined) flags |= FILEXFER_ATTR_SIZE;
  if ((attrs.uid === undefined) !== (attrs.gid === undefined)) {
    throw new TypeError('SFTPAttrs: uid and gid must be given together');
  }
  if (attrs.uid !== undefined) flags |= FILEXFER_ATTR_UIDGID;
  if (attrs.permissions !== undefined) flags |= FILEXFER_ATTR_PERMISSIONS;
  if ((attrs.atime === undefined) !== (attrs.mtime === undefined)) {
    throw new TypeError('SFTPAttrs: atime and mtime must be given together');
  }
  if (attrs.atime !== undefined) flags |= FILEXFER_ATTR_ACMODTIME;
  if (attrs.extended !== undefined && attrs.extended.length > 0) flags |= FILEXFER_ATTR_EXTENDED;
  return flags >>> 0;
}

/**
 * Writes an ATTRS structure (draft-02 §5):
 * `uint32 flags / uint64 size? / uint32 uid, gid? / uint32 permissions? /
 * uint32 atime, mtime? / uint32 extended_count, (string type, string data)*?`
 * @throws TypeError / RangeError for inconsistent or out-of-range fields
 */
export function encodeAttrs(w: WireWriter, attrs: SFTPAttrs): void {
  const flags = attrsFlags(attrs);
  w.u32(flags);
  if (attrs.size !== undefined) {
    if (!Number.isSafeInteger(attrs.size) || attrs.size < 0) {
      throw new RangeError(`SFTPAttrs.size must be a non-negative safe integer, got ${attrs.size}`);
    }
    w.u64(attrs.size);
  }
  if (attrs.uid !== undefined && attrs.gid !== undefined) {
    checkU32(attrs.uid, 'uid');
    checkU32(attrs.gid, 'gid');
    w.u32(attrs.uid).u32(attrs.gid);
  }
  if (attrs.permissions !== undefined) {
    checkU32(attrs.permissions, 'permissions');
    w.u32(attrs.permissions);
  }
  if (attrs.atime !== undefined && attrs.mtime !== undefined) {
    checkU32(attrs.atime, 'atime');
    checkU32(attrs.mtime, 'mtime');
    w.u32(attrs.atime).u32(attrs.mtime);
  }
  if (flags & FILEXFER_ATTR_EXTENDED && attrs.extended) {
    w.u32(attrs.extended.length);
    for (const [type, data] of attrs.extended) w.string(type).string(data);
  }
}

/**
 * Reads an ATTRS structure (draft-02 §5).
 * @throws WireError if truncated; SFTPError(FX_BAD_MESSAGE) for flag bits v3 does not define
 */
export function decodeAttrs(r: WireReader): SFTPAttrs {
  const flags = r.u32();
  if ((flags & ~KNOWN_FLAGS) >>> 0 !== 0) {
    // The draft gives no length for unknown fields, so the rest cannot be parsed.
    throw new SFTPError(FX_BAD_MESSAGE, `unknown attribute flags 0x${flags.toString(16)}`);
  }
  const attrs: SFTPAttrs = {};
  if (flags & FILEXFER_ATTR_SIZE) attrs.size = Number(r.u64());
  if (flags & FILEXFER_ATTR_UIDGID) {
    attrs.uid = r.u32();
    attrs.gid = r.u32();
  }
  if (flags & FILEXFER_ATTR_PERMISSIONS) attrs.permissions = r.u32();
  if (flags & FILEXFER_ATTR_ACMODTIME) {
    attrs.atime = r.u32();
    attrs.mtime = r.u32();
  }
  if (flags & FILEXFER_ATTR_EXTENDED) {
    const count = r.u32();
    const extended: SFTPExtendedAttr[] = [];
    for (let i = 0; i < count; i++) {
      const at = r.offset;
      const type = decodeUtf8(r.string(), at);
      extended.push([type, r.string()]);
    }
    attrs.extended = extended;
  }
  return attrs;
}

/**
 * Writes the 11 uint64 fields of a `statvfs@openssh.com` reply (OpenSSH PROTOCOL §4.4):
 * `f_bsize f_frsize f_blocks f_bfree f_bavail f_files f_ffree f_favail f_fsid f_flag f_namemax`.
 */
export function encodeVFSAttrs(w: WireWriter, v: SFTPVFSAttrs): void {
  for (const n of [v.bsize, v.frsize, v.blocks, v.bfree, v.bavail, v.files, v.ffree, v.favail]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`SFTPVFSAttrs field out of range: ${n}`);
    w.u64(n);
  }
  w.u64(v.fsid);
  for (const n of [v.flag, v.namemax]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`SFTPVFSAttrs field out of range: ${n}`);
    w.u64(n);
  }
}

/** Reads a `statvfs@openssh.com` reply body (OpenSSH PROTOCOL §4.4). @throws WireError */
export function decodeVFSAttrs(r: WireReader): SFTPVFSAttrs {
  const n = (): number => Number(r.u64());
  const bsize = n();
  const frsize = n();
  const blocks = n();
  const bfree = n();
  const bavail = n();
  const files = n();
  const ffree = n();
  const favail = n();
  const fsid = r.u64();
  const flag = n();
  const namemax = n();
  return { bsize, frsize, blocks, bfree, bavail, files, ffree, favail, fsid, flag, namemax };
}
