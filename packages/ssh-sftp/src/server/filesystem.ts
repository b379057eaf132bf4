/**
 * The storage backend an {@link SFTPServer} serves, and that `SFTPClient.get`
 * / `put` use as the local side. Implementations: `MemoryFileSystem` (any
 * runtime) and `LocalFileSystem` (`@sshkit/ssh-sftp/node`).
 *
 * Paths given to a backend by the server are absolute and normalized (see
 * `normalizePath`): `/`, `/dir/file`. A backend with a root (chroot) must keep
 * every operation inside it, symbolic links included (`resolvePath` does it).
 *
 * Failures are thrown as `SFTPError` with an `FX_*` code; anything else is
 * reported to the client as a generic `FX_FAILURE`.
 */
import type { SFTPAttrs, SFTPVFSAttrs } from '../attrs.js';

/** An open file of a backend. Offsets are absolute; there is no file position. */
export interface SFTPFileHandle {
  /** Reads up to `length` bytes at `offset`; an empty result means end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: reads up to `target.length` bytes at `offset` into `target`.
   * When present, the server reads file data straight into its reply and
   * `SFTPClient.put` reads straight into the WRITE request (no copy).
   * @returns the bytes read; 0 at end of file
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /**
   * Writes all of `data` at `offset` (ignored for files opened with `FXF_APPEND`).
   * Must not keep `data` (or a view of it) once the Promise settles: the
   * caller reuses the buffer (as Go's `io.Writer` "must not retain p"). Copy what you keep.
   */
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Attributes of the open file. */
  stat(): Promise<SFTPAttrs>;
  /** Changes attributes of the open file (size truncates/extends). */
  setstat(attrs: SFTPAttrs): Promise<void>;
  /** Flushes the file to stable storage. */
  fsync(): Promise<void>;
  /** Closes the file. */
  close(): Promise<void>;
}

/** A directory entry: its name and its `lstat` attributes. */
export interface SFTPDirEntry {
  filename: string;
  attrs: SFTPAttrs;
}

/** A file system an SFTP server can serve. */
export interface SFTPFileSystem {
  /** Attributes of `path`, following symbolic links. */
  stat(path: string): Promise<SFTPAttrs>;
  /** Attributes of `path` itself (a link is not followed). */
  lstat(path: string): Promise<SFTPAttrs>;
  /** Changes attributes of `path`, following symbolic links. */
  setstat(path: string, attrs: SFTPAttrs): Promise<void>;
  /** Changes attributes of `path` itself (`lsetstat@openssh.com`). */
  lsetstat(path: string, attrs: SFTPAttrs): Promise<void>;
  /** Opens a file with `FXF_*` flags; `attrs` apply when it is created. */
  open(path: string, pflags: number, attrs: SFTPAttrs): Promise<SFTPFileHandle>;
  /** Entries of a directory, without `.` and `..`. */
  readdir(path: string): Promise<SFTPDirEntry[]>;
  /** Canonical path with links resolved; the last component may be missing. */
  realpath(path: string): Promise<string>;
  /** Target of a symbolic link, as stored. */
  readlink(path: string): Promise<string>;
  /** Creates a symbolic link at `linkPath` whose target is `targetPath`. */
  symlink(targetPath: string, linkPath: string): Promise<void>;
  /** Creates a hard link `newPath` to the file `oldPath`. */
  link(oldPath: string, newPath: string): Promise<void>;
  /** Removes a file or link. */
  remove(path: string): Promise<void>;
  /** Creates a directory. */
  mkdir(path: string, attrs: SFTPAttrs): Promise<void>;
  /** Removes an empty directory. */
  rmdir(path: string): Promise<void>;
  /**
   * Renames. With `overwrite` false (SSH_FXP_RENAME, draft-02 §6.5) an existing
   * `newPath` is an error; with true it is replaced (POSIX `rename(2)`).
   */
  rename(oldPath: string, newPath: string, overwrite: boolean): Promise<void>;
  /** File system statistics of the volume holding `path`. */
  statvfs(path: string): Promise<SFTPVFSAttrs>;
  /**
   * Optional: the name of user `uid`, for long names and
   * `users-groups-by-id@openssh.com`; `undefined` when unknown.
   */
  userName?(uid: number): Promise<string | undefined>;
  /** Optional: the name of group `gid`; `undefined` when unknown. */
  groupName?(gid: number): Promise<string | undefined>;
}
