/**
 * SFTP numbers: packet types, status codes, attribute flags, open flags and
 * the OpenSSH `statvfs@openssh.com` flags.
 *
 * The base is SFTP version 3 (draft-ietf-secsh-filexfer-02), the version
 * OpenSSH speaks. Packet types and status codes also list what the later drafts
 * (up to draft-ietf-secsh-filexfer-13, version 6) added, since a server may send
 * them; those rows carry that draft as their `reference`. Attribute and open
 * flags are the version 3 ones only: later versions redefine those bits.
 */
import { type CodeTable, defineCodeTable, flagNames } from './table.js';

// ---- packet types

/** `SSH_FXP_INIT` = 1: Init. */
export const FXP_INIT = 1;
/** `SSH_FXP_VERSION` = 2: Version. */
export const FXP_VERSION = 2;
/** `SSH_FXP_OPEN` = 3: Open file. */
export const FXP_OPEN = 3;
/** `SSH_FXP_CLOSE` = 4: Close handle. */
export const FXP_CLOSE = 4;
/** `SSH_FXP_READ` = 5: Read. */
export const FXP_READ = 5;
/** `SSH_FXP_WRITE` = 6: Write. */
export const FXP_WRITE = 6;
/** `SSH_FXP_LSTAT` = 7: Lstat. */
export const FXP_LSTAT = 7;
/** `SSH_FXP_FSTAT` = 8: Fstat. */
export const FXP_FSTAT = 8;
/** `SSH_FXP_SETSTAT` = 9: Setstat. */
export const FXP_SETSTAT = 9;
/** `SSH_FXP_FSETSTAT` = 10: Fsetstat. */
export const FXP_FSETSTAT = 10;
/** `SSH_FXP_OPENDIR` = 11: Open directory. */
export const FXP_OPENDIR = 11;
/** `SSH_FXP_READDIR` = 12: Read directory. */
export const FXP_READDIR = 12;
/** `SSH_FXP_REMOVE` = 13: Remove file. */
export const FXP_REMOVE = 13;
/** `SSH_FXP_MKDIR` = 14: Make directory. */
export const FXP_MKDIR = 14;
/** `SSH_FXP_RMDIR` = 15: Remove directory. */
export const FXP_RMDIR = 15;
/** `SSH_FXP_REALPATH` = 16: Canonicalise path. */
export const FXP_REALPATH = 16;
/** `SSH_FXP_STAT` = 17: Stat. */
export const FXP_STAT = 17;
/** `SSH_FXP_RENAME` = 18: Rename. */
export const FXP_RENAME = 18;
/** `SSH_FXP_READLINK` = 19: Read link. */
export const FXP_READLINK = 19;
/** `SSH_FXP_SYMLINK` = 20: Symlink. */
export const FXP_SYMLINK = 20;
/** `SSH_FXP_LINK` = 21: Link. */
export const FXP_LINK = 21;
/** `SSH_FXP_BLOCK` = 22: Block byte range. */
export const FXP_BLOCK = 22;
/** `SSH_FXP_UNBLOCK` = 23: Unblock byte range. */
export const FXP_UNBLOCK = 23;
/** `SSH_FXP_STATUS` = 101: Status. */
export const FXP_STATUS = 101;
/** `SSH_FXP_HANDLE` = 102: Handle. */
export const FXP_HANDLE = 102;
/** `SSH_FXP_DATA` = 103: Data. */
export const FXP_DATA = 103;
/** `SSH_FXP_NAME` = 104: Name. */
export const FXP_NAME = 104;
/** `SSH_FXP_ATTRS` = 105: Attributes. */
export const FXP_ATTRS = 105;
/** `SSH_FXP_EXTENDED` = 200: Extended request. */
export const FXP_EXTENDED = 200;
/** `SSH_FXP_EXTENDED_REPLY` = 201: Extended reply. */
export const FXP_EXTENDED_REPLY = 201;

/** The draft name of {@link FXP_INIT} (1). */
export const SSH_FXP_INIT = 1;
/** The draft name of {@link FXP_VERSION} (2). */
export const SSH_FXP_VERSION = 2;
/** The draft name of {@link FXP_OPEN} (3). */
export const SSH_FXP_OPEN = 3;
/** The draft name of {@link FXP_CLOSE} (4). */
export const SSH_FXP_CLOSE = 4;
/** The draft name of {@link FXP_READ} (5). */
export const SSH_FXP_READ = 5;
/** The draft name of {@link FXP_WRITE} (6). */
export const SSH_FXP_WRITE = 6;
/** The draft name of {@link FXP_LSTAT} (7). */
export const SSH_FXP_LSTAT = 7;
/** The draft name of {@link FXP_FSTAT} (8). */
export const SSH_FXP_FSTAT = 8;
/** The draft name of {@link FXP_SETSTAT} (9). */
export const SSH_FXP_SETSTAT = 9;
/** The draft name of {@link FXP_FSETSTAT} (10). */
export const SSH_FXP_FSETSTAT = 10;
/** The draft name of {@link FXP_OPENDIR} (11). */
export const SSH_FXP_OPENDIR = 11;
/** The draft name of {@link FXP_READDIR} (12). */
export const SSH_FXP_READDIR = 12;
/** The draft name of {@link FXP_REMOVE} (13). */
export const SSH_FXP_REMOVE = 13;
/** The draft name of {@link FXP_MKDIR} (14). */
export const SSH_FXP_MKDIR = 14;
/** The draft name of {@link FXP_RMDIR} (15). */
export const SSH_FXP_RMDIR = 15;
/** The draft name of {@link FXP_REALPATH} (16). */
export const SSH_FXP_REALPATH = 16;
/** The draft name of {@link FXP_STAT} (17). */
export const SSH_FXP_STAT = 17;
/** The draft name of {@link FXP_RENAME} (18). */
export const SSH_FXP_RENAME = 18;
/** The draft name of {@link FXP_READLINK} (19). */
export const SSH_FXP_READLINK = 19;
/** The draft name of {@link FXP_SYMLINK} (20). */
export const SSH_FXP_SYMLINK = 20;
/** The draft name of {@link FXP_LINK} (21). */
export const SSH_FXP_LINK = 21;
/** The draft name of {@link FXP_BLOCK} (22). */
export const SSH_FXP_BLOCK = 22;
/** The draft name of {@link FXP_UNBLOCK} (23). */
export const SSH_FXP_UNBLOCK = 23;
/** The draft name of {@link FXP_STATUS} (101). */
export const SSH_FXP_STATUS = 101;
/** The draft name of {@link FXP_HANDLE} (102). */
export const SSH_FXP_HANDLE = 102;
/** The draft name of {@link FXP_DATA} (103). */
export const SSH_FXP_DATA = 103;
/** The draft name of {@link FXP_NAME} (104). */
export const SSH_FXP_NAME = 104;
/** The draft name of {@link FXP_ATTRS} (105). */
export const SSH_FXP_ATTRS = 105;
/** The draft name of {@link FXP_EXTENDED} (200). */
export const SSH_FXP_EXTENDED = 200;
/** The draft name of {@link FXP_EXTENDED_REPLY} (201). */
export const SSH_FXP_EXTENDED_REPLY = 201;
/**
 * SFTP packet types keyed without the `SSH_FXP_` prefix.
 *
 * @example
 * ```ts
 * import { FXP } from '@sshkit/ssh-codes';
 * FXP.STATUS; // 101
 * ```
 */
export const FXP = /* @__PURE__ */ Object.freeze({
  INIT: 1,
  VERSION: 2,
  OPEN: 3,
  CLOSE: 4,
  READ: 5,
  WRITE: 6,
  LSTAT: 7,
  FSTAT: 8,
  SETSTAT: 9,
  FSETSTAT: 10,
  OPENDIR: 11,
  READDIR: 12,
  REMOVE: 13,
  MKDIR: 14,
  RMDIR: 15,
  REALPATH: 16,
  STAT: 17,
  RENAME: 18,
  READLINK: 19,
  SYMLINK: 20,
  LINK: 21,
  BLOCK: 22,
  UNBLOCK: 23,
  STATUS: 101,
  HANDLE: 102,
  DATA: 103,
  NAME: 104,
  ATTRS: 105,
  EXTENDED: 200,
  EXTENDED_REPLY: 201,
} as const);
/** An SFTP packet type. */
export type SftpPacketType = (typeof FXP)[keyof typeof FXP];

// ---- status codes

/** `SSH_FX_OK` = 0: OK. */
export const FX_OK = 0;
/** `SSH_FX_EOF` = 1: End of file. */
export const FX_EOF = 1;
/** `SSH_FX_NO_SUCH_FILE` = 2: No such file. */
export const FX_NO_SUCH_FILE = 2;
/** `SSH_FX_PERMISSION_DENIED` = 3: Permission denied. */
export const FX_PERMISSION_DENIED = 3;
/** `SSH_FX_FAILURE` = 4: Failure. */
export const FX_FAILURE = 4;
/** `SSH_FX_BAD_MESSAGE` = 5: Bad message. */
export const FX_BAD_MESSAGE = 5;
/** `SSH_FX_NO_CONNECTION` = 6: No connection. */
export const FX_NO_CONNECTION = 6;
/** `SSH_FX_CONNECTION_LOST` = 7: Connection lost. */
export const FX_CONNECTION_LOST = 7;
/** `SSH_FX_OP_UNSUPPORTED` = 8: Operation unsupported. */
export const FX_OP_UNSUPPORTED = 8;
/** `SSH_FX_INVALID_HANDLE` = 9: Invalid handle. */
export const FX_INVALID_HANDLE = 9;
/** `SSH_FX_NO_SUCH_PATH` = 10: No such path. */
export const FX_NO_SUCH_PATH = 10;
/** `SSH_FX_FILE_ALREADY_EXISTS` = 11: File already exists. */
export const FX_FILE_ALREADY_EXISTS = 11;
/** `SSH_FX_WRITE_PROTECT` = 12: Write protected. */
export const FX_WRITE_PROTECT = 12;
/** `SSH_FX_NO_MEDIA` = 13: No media. */
export const FX_NO_MEDIA = 13;
/** `SSH_FX_NO_SPACE_ON_FILESYSTEM` = 14: No space on file system. */
export const FX_NO_SPACE_ON_FILESYSTEM = 14;
/** `SSH_FX_QUOTA_EXCEEDED` = 15: Quota exceeded. */
export const FX_QUOTA_EXCEEDED = 15;
/** `SSH_FX_UNKNOWN_PRINCIPAL` = 16: Unknown principal. */
export const FX_UNKNOWN_PRINCIPAL = 16;
/** `SSH_FX_LOCK_CONFLICT` = 17: Lock conflict. */
export const FX_LOCK_CONFLICT = 17;
/** `SSH_FX_DIR_NOT_EMPTY` = 18: Directory not empty. */
export const FX_DIR_NOT_EMPTY = 18;
/** `SSH_FX_NOT_A_DIRECTORY` = 19: Not a directory. */
export const FX_NOT_A_DIRECTORY = 19;
/** `SSH_FX_INVALID_FILENAME` = 20: Invalid file name. */
export const FX_INVALID_FILENAME = 20;
/** `SSH_FX_LINK_LOOP` = 21: Link loop. */
export const FX_LINK_LOOP = 21;
/** `SSH_FX_CANNOT_DELETE` = 22: Cannot delete. */
export const FX_CANNOT_DELETE = 22;
/** `SSH_FX_INVALID_PARAMETER` = 23: Invalid parameter. */
export const FX_INVALID_PARAMETER = 23;
/** `SSH_FX_FILE_IS_A_DIRECTORY` = 24: File is a directory. */
export const FX_FILE_IS_A_DIRECTORY = 24;
/** `SSH_FX_BYTE_RANGE_LOCK_CONFLICT` = 25: Byte-range lock conflict. */
export const FX_BYTE_RANGE_LOCK_CONFLICT = 25;
/** `SSH_FX_BYTE_RANGE_LOCK_REFUSED` = 26: Byte-range lock refused. */
export const FX_BYTE_RANGE_LOCK_REFUSED = 26;
/** `SSH_FX_DELETE_PENDING` = 27: Delete pending. */
export const FX_DELETE_PENDING = 27;
/** `SSH_FX_FILE_CORRUPT` = 28: File corrupt. */
export const FX_FILE_CORRUPT = 28;
/** `SSH_FX_OWNER_INVALID` = 29: Owner invalid. */
export const FX_OWNER_INVALID = 29;
/** `SSH_FX_GROUP_INVALID` = 30: Group invalid. */
export const FX_GROUP_INVALID = 30;
/** `SSH_FX_NO_MATCHING_BYTE_RANGE_LOCK` = 31: No matching byte-range lock. */
export const FX_NO_MATCHING_BYTE_RANGE_LOCK = 31;

/** The draft name of {@link FX_OK} (0). */
export const SSH_FX_OK = 0;
/** The draft name of {@link FX_EOF} (1). */
export const SSH_FX_EOF = 1;
/** The draft name of {@link FX_NO_SUCH_FILE} (2). */
export const SSH_FX_NO_SUCH_FILE = 2;
/** The draft name of {@link FX_PERMISSION_DENIED} (3). */
export const SSH_FX_PERMISSION_DENIED = 3;
/** The draft name of {@link FX_FAILURE} (4). */
export const SSH_FX_FAILURE = 4;
/** The draft name of {@link FX_BAD_MESSAGE} (5). */
export const SSH_FX_BAD_MESSAGE = 5;
/** The draft name of {@link FX_NO_CONNECTION} (6). */
export const SSH_FX_NO_CONNECTION = 6;
/** The draft name of {@link FX_CONNECTION_LOST} (7). */
export const SSH_FX_CONNECTION_LOST = 7;
/** The draft name of {@link FX_OP_UNSUPPORTED} (8). */
export const SSH_FX_OP_UNSUPPORTED = 8;
/** The draft name of {@link FX_INVALID_HANDLE} (9). */
export const SSH_FX_INVALID_HANDLE = 9;
/** The draft name of {@link FX_NO_SUCH_PATH} (10). */
export const SSH_FX_NO_SUCH_PATH = 10;
/** The draft name of {@link FX_FILE_ALREADY_EXISTS} (11). */
export const SSH_FX_FILE_ALREADY_EXISTS = 11;
/** The draft name of {@link FX_WRITE_PROTECT} (12). */
export const SSH_FX_WRITE_PROTECT = 12;
/** The draft name of {@link FX_NO_MEDIA} (13). */
export const SSH_FX_NO_MEDIA = 13;
/** The draft name of {@link FX_NO_SPACE_ON_FILESYSTEM} (14). */
export const SSH_FX_NO_SPACE_ON_FILESYSTEM = 14;
/** The draft name of {@link FX_QUOTA_EXCEEDED} (15). */
export const SSH_FX_QUOTA_EXCEEDED = 15;
/** The draft name of {@link FX_UNKNOWN_PRINCIPAL} (16). */
export const SSH_FX_UNKNOWN_PRINCIPAL = 16;
/** The draft name of {@link FX_LOCK_CONFLICT} (17). */
export const SSH_FX_LOCK_CONFLICT = 17;
/** The draft name of {@link FX_DIR_NOT_EMPTY} (18). */
export const SSH_FX_DIR_NOT_EMPTY = 18;
/** The draft name of {@link FX_NOT_A_DIRECTORY} (19). */
export const SSH_FX_NOT_A_DIRECTORY = 19;
/** The draft name of {@link FX_INVALID_FILENAME} (20). */
export const SSH_FX_INVALID_FILENAME = 20;
/** The draft name of {@link FX_LINK_LOOP} (21). */
export const SSH_FX_LINK_LOOP = 21;
/** The draft name of {@link FX_CANNOT_DELETE} (22). */
export const SSH_FX_CANNOT_DELETE = 22;
/** The draft name of {@link FX_INVALID_PARAMETER} (23). */
export const SSH_FX_INVALID_PARAMETER = 23;
/** The draft name of {@link FX_FILE_IS_A_DIRECTORY} (24). */
export const SSH_FX_FILE_IS_A_DIRECTORY = 24;
/** The draft name of {@link FX_BYTE_RANGE_LOCK_CONFLICT} (25). */
export const SSH_FX_BYTE_RANGE_LOCK_CONFLICT = 25;
/** The draft name of {@link FX_BYTE_RANGE_LOCK_REFUSED} (26). */
export const SSH_FX_BYTE_RANGE_LOCK_REFUSED = 26;
/** The draft name of {@link FX_DELETE_PENDING} (27). */
export const SSH_FX_DELETE_PENDING = 27;
/** The draft name of {@link FX_FILE_CORRUPT} (28). */
export const SSH_FX_FILE_CORRUPT = 28;
/** The draft name of {@link FX_OWNER_INVALID} (29). */
export const SSH_FX_OWNER_INVALID = 29;
/** The draft name of {@link FX_GROUP_INVALID} (30). */
export const SSH_FX_GROUP_INVALID = 30;
/** The draft name of {@link FX_NO_MATCHING_BYTE_RANGE_LOCK} (31). */
export const SSH_FX_NO_MATCHING_BYTE_RANGE_LOCK = 31;
/**
 * SFTP status codes keyed without the `SSH_FX_` prefix.
 *
 * @example
 * ```ts
 * import { FX } from '@sshkit/ssh-codes';
 * FX.NO_SUCH_FILE; // 2
 * ```
 */
export const FX = /* @__PURE__ */ Object.freeze({
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  NO_CONNECTION: 6,
  CONNECTION_LOST: 7,
  OP_UNSUPPORTED: 8,
  INVALID_HANDLE: 9,
  NO_SUCH_PATH: 10,
  FILE_ALREADY_EXISTS: 11,
  WRITE_PROTECT: 12,
  NO_MEDIA: 13,
  NO_SPACE_ON_FILESYSTEM: 14,
  QUOTA_EXCEEDED: 15,
  UNKNOWN_PRINCIPAL: 16,
  LOCK_CONFLICT: 17,
  DIR_NOT_EMPTY: 18,
  NOT_A_DIRECTORY: 19,
  INVALID_FILENAME: 20,
  LINK_LOOP: 21,
  CANNOT_DELETE: 22,
  INVALID_PARAMETER: 23,
  FILE_IS_A_DIRECTORY: 24,
  BYTE_RANGE_LOCK_CONFLICT: 25,
  BYTE_RANGE_LOCK_REFUSED: 26,
  DELETE_PENDING: 27,
  FILE_CORRUPT: 28,
  OWNER_INVALID: 29,
  GROUP_INVALID: 30,
  NO_MATCHING_BYTE_RANGE_LOCK: 31,
} as const);
/** An SFTP status code (0 to 31). */
export type SftpStatusCode = (typeof FX)[keyof typeof FX];

// ---- attribute flags (version 3)

/** `SSH_FILEXFER_ATTR_SIZE` = 0x00000001: Size. */
export const FILEXFER_ATTR_SIZE = 0x00000001;
/** `SSH_FILEXFER_ATTR_UIDGID` = 0x00000002: User and group IDs. */
export const FILEXFER_ATTR_UIDGID = 0x00000002;
/** `SSH_FILEXFER_ATTR_PERMISSIONS` = 0x00000004: Permissions. */
export const FILEXFER_ATTR_PERMISSIONS = 0x00000004;
/** `SSH_FILEXFER_ATTR_ACMODTIME` = 0x00000008: Access and modification times. */
export const FILEXFER_ATTR_ACMODTIME = 0x00000008;
/** `SSH_FILEXFER_ATTR_EXTENDED` = 0x80000000: Extended attributes. */
export const FILEXFER_ATTR_EXTENDED = 0x80000000;
/** The bits of a version 3 attribute mask that draft-02 leaves undefined (AsyncSSH's name). */
export const FILEXFER_ATTR_UNDEFINED = 0x7ffffff0;

/** The draft name of {@link FILEXFER_ATTR_SIZE} (0x00000001). */
export const SSH_FILEXFER_ATTR_SIZE = 0x00000001;
/** The draft name of {@link FILEXFER_ATTR_UIDGID} (0x00000002). */
export const SSH_FILEXFER_ATTR_UIDGID = 0x00000002;
/** The draft name of {@link FILEXFER_ATTR_PERMISSIONS} (0x00000004). */
export const SSH_FILEXFER_ATTR_PERMISSIONS = 0x00000004;
/** The draft name of {@link FILEXFER_ATTR_ACMODTIME} (0x00000008). */
export const SSH_FILEXFER_ATTR_ACMODTIME = 0x00000008;
/** The draft name of {@link FILEXFER_ATTR_EXTENDED} (0x80000000). */
export const SSH_FILEXFER_ATTR_EXTENDED = 0x80000000;
/**
 * SFTP version 3 attribute flags keyed without the `SSH_FILEXFER_ATTR_` prefix.
 *
 * @example
 * ```ts
 * import { FILEXFER_ATTR } from '@sshkit/ssh-codes';
 * FILEXFER_ATTR.PERMISSIONS; // 0x4
 * ```
 */
export const FILEXFER_ATTR = /* @__PURE__ */ Object.freeze({
  SIZE: 0x00000001,
  UIDGID: 0x00000002,
  PERMISSIONS: 0x00000004,
  ACMODTIME: 0x00000008,
  EXTENDED: 0x80000000,
} as const);
// ---- open flags (version 3)

/** `SSH_FXF_READ` = 0x00000001: Read. */
export const FXF_READ = 0x00000001;
/** `SSH_FXF_WRITE` = 0x00000002: Write. */
export const FXF_WRITE = 0x00000002;
/** `SSH_FXF_APPEND` = 0x00000004: Append. */
export const FXF_APPEND = 0x00000004;
/** `SSH_FXF_CREAT` = 0x00000008: Create. */
export const FXF_CREAT = 0x00000008;
/** `SSH_FXF_TRUNC` = 0x00000010: Truncate. */
export const FXF_TRUNC = 0x00000010;
/** `SSH_FXF_EXCL` = 0x00000020: Exclusive. */
export const FXF_EXCL = 0x00000020;

/** The draft name of {@link FXF_READ} (0x00000001). */
export const SSH_FXF_READ = 0x00000001;
/** The draft name of {@link FXF_WRITE} (0x00000002). */
export const SSH_FXF_WRITE = 0x00000002;
/** The draft name of {@link FXF_APPEND} (0x00000004). */
export const SSH_FXF_APPEND = 0x00000004;
/** The draft name of {@link FXF_CREAT} (0x00000008). */
export const SSH_FXF_CREAT = 0x00000008;
/** The draft name of {@link FXF_TRUNC} (0x00000010). */
export const SSH_FXF_TRUNC = 0x00000010;
/** The draft name of {@link FXF_EXCL} (0x00000020). */
export const SSH_FXF_EXCL = 0x00000020;
/**
 * SFTP version 3 open flags (`pflags` of `SSH_FXP_OPEN`) keyed without the `SSH_FXF_` prefix.
 *
 * @example
 * ```ts
 * import { FXF } from '@sshkit/ssh-codes';
 * FXF.WRITE | FXF.CREAT | FXF.TRUNC; // 0x1a
 * ```
 */
export const FXF = /* @__PURE__ */ Object.freeze({
  READ: 0x00000001,
  WRITE: 0x00000002,
  APPEND: 0x00000004,
  CREAT: 0x00000008,
  TRUNC: 0x00000010,
  EXCL: 0x00000020,
} as const);
// ---- statvfs@openssh.com flags

/** `SSH_FXE_STATVFS_ST_RDONLY` = 0x00000001: Read-only. */
export const FXE_STATVFS_ST_RDONLY = 0x00000001;
/** `SSH_FXE_STATVFS_ST_NOSUID` = 0x00000002: No set-user-ID. */
export const FXE_STATVFS_ST_NOSUID = 0x00000002;

/** The OpenSSH `PROTOCOL` name of {@link FXE_STATVFS_ST_RDONLY} (0x00000001). */
export const SSH_FXE_STATVFS_ST_RDONLY = 0x00000001;
/** The OpenSSH `PROTOCOL` name of {@link FXE_STATVFS_ST_NOSUID} (0x00000002). */
export const SSH_FXE_STATVFS_ST_NOSUID = 0x00000002;
/**
 * The `f_flag` bits of an OpenSSH `statvfs@openssh.com` reply, keyed without the `SSH_FXE_STATVFS_` prefix.
 *
 * @example
 * ```ts
 * import { FXE_STATVFS } from '@sshkit/ssh-codes';
 * FXE_STATVFS.ST_RDONLY; // 0x1
 * ```
 */
export const FXE_STATVFS = /* @__PURE__ */ Object.freeze({
  ST_RDONLY: 0x00000001,
  ST_NOSUID: 0x00000002,
} as const);
// ---- tables

/**
 * Every SFTP packet type with its names, title and description.
 *
 * @example
 * ```ts
 * import { SFTP_PACKET_TYPES } from '@sshkit/ssh-codes';
 * SFTP_PACKET_TYPES.nameOf(3);                  // 'SSH_FXP_OPEN'
 * SFTP_PACKET_TYPES.byName('FXP_READDIR')?.code; // 12
 * ```
 */
export const SFTP_PACKET_TYPES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'SFTP packet types',
  reference: 'draft-ietf-secsh-filexfer-02',
  rows: [
    {
      code: FXP_INIT,
      name: 'SSH_FXP_INIT',
      alias: 'FXP_INIT',
      title: 'Init',
      description: 'The client starts the SFTP session and states the highest protocol version it speaks.',
    },
    {
      code: FXP_VERSION,
      name: 'SSH_FXP_VERSION',
      alias: 'FXP_VERSION',
      title: 'Version',
      description: 'The server answers the init packet with the version to use and the extensions it offers.',
    },
    {
      code: FXP_OPEN,
      name: 'SSH_FXP_OPEN',
      alias: 'FXP_OPEN',
      title: 'Open file',
      description: 'Opens or creates a file and asks for a handle to it.',
    },
    {
      code: FXP_CLOSE,
      name: 'SSH_FXP_CLOSE',
      alias: 'FXP_CLOSE',
      title: 'Close handle',
      description: 'Releases a file or directory handle.',
    },
    {
      code: FXP_READ,
      name: 'SSH_FXP_READ',
      alias: 'FXP_READ',
      title: 'Read',
      description: 'Reads a range of bytes from an open file.',
    },
    {
      code: FXP_WRITE,
      name: 'SSH_FXP_WRITE',
      alias: 'FXP_WRITE',
      title: 'Write',
      description: 'Writes bytes at an offset in an open file.',
    },
    {
      code: FXP_LSTAT,
      name: 'SSH_FXP_LSTAT',
      alias: 'FXP_LSTAT',
      title: 'Lstat',
      description: 'Fetches the attributes of a path without following a final symbolic link.',
    },
    {
      code: FXP_FSTAT,
      name: 'SSH_FXP_FSTAT',
      alias: 'FXP_FSTAT',
      title: 'Fstat',
      description: 'Fetches the attributes of an open file handle.',
    },
    {
      code: FXP_SETSTAT,
      name: 'SSH_FXP_SETSTAT',
      alias: 'FXP_SETSTAT',
      title: 'Setstat',
      description: 'Changes the attributes of a path.',
    },
    {
      code: FXP_FSETSTAT,
      name: 'SSH_FXP_FSETSTAT',
      alias: 'FXP_FSETSTAT',
      title: 'Fsetstat',
      description: 'Changes the attributes of an open file handle.',
    },
    {
      code: FXP_OPENDIR,
      name: 'SSH_FXP_OPENDIR',
      alias: 'FXP_OPENDIR',
      title: 'Open directory',
      description: 'Opens a directory for listing and asks for a handle to it.',
    },
    {
      code: FXP_READDIR,
      name: 'SSH_FXP_READDIR',
      alias: 'FXP_READDIR',
      title: 'Read directory',
      description: 'Asks for the next batch of entries from a directory handle.',
    },
    {
      code: FXP_REMOVE,
      name: 'SSH_FXP_REMOVE',
      alias: 'FXP_REMOVE',
      title: 'Remove file',
      description: 'Deletes a file.',
    },
    {
      code: FXP_MKDIR,
      name: 'SSH_FXP_MKDIR',
      alias: 'FXP_MKDIR',
      title: 'Make directory',
      description: 'Creates a directory.',
    },
    {
      code: FXP_RMDIR,
      name: 'SSH_FXP_RMDIR',
      alias: 'FXP_RMDIR',
      title: 'Remove directory',
      description: 'Deletes an empty directory.',
    },
    {
      code: FXP_REALPATH,
      name: 'SSH_FXP_REALPATH',
      alias: 'FXP_REALPATH',
      title: 'Canonicalise path',
      description: 'Asks the server to turn a path into an absolute, canonical one.',
    },
    {
      code: FXP_STAT,
      name: 'SSH_FXP_STAT',
      alias: 'FXP_STAT',
      title: 'Stat',
      description: 'Fetches the attributes of a path, following symbolic links.',
    },
    {
      code: FXP_RENAME,
      name: 'SSH_FXP_RENAME',
      alias: 'FXP_RENAME',
      title: 'Rename',
      description: 'Moves or renames a file or directory.',
    },
    {
      code: FXP_READLINK,
      name: 'SSH_FXP_READLINK',
      alias: 'FXP_READLINK',
      title: 'Read link',
      description: 'Asks for the target of a symbolic link.',
    },
    {
      code: FXP_SYMLINK,
      name: 'SSH_FXP_SYMLINK',
      alias: 'FXP_SYMLINK',
      title: 'Symlink',
      description:
        'Creates a symbolic link, where OpenSSH swaps the two path arguments compared with the draft.',
    },
    {
      code: FXP_LINK,
      name: 'SSH_FXP_LINK',
      alias: 'FXP_LINK',
      title: 'Link',
      description: 'Creates a hard or symbolic link in SFTP version 6, taking over from the symlink packet.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FXP_BLOCK,
      name: 'SSH_FXP_BLOCK',
      alias: 'FXP_BLOCK',
      title: 'Block byte range',
      description: 'Locks a byte range of an open file in SFTP version 6.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FXP_UNBLOCK,
      name: 'SSH_FXP_UNBLOCK',
      alias: 'FXP_UNBLOCK',
      title: 'Unblock byte range',
      description: 'Releases a byte-range lock taken with the block packet.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FXP_STATUS,
      name: 'SSH_FXP_STATUS',
      alias: 'FXP_STATUS',
      title: 'Status',
      description: 'Answers a request with success or an error code and a message.',
    },
    {
      code: FXP_HANDLE,
      name: 'SSH_FXP_HANDLE',
      alias: 'FXP_HANDLE',
      title: 'Handle',
      description: 'Returns an opaque handle for a file or directory just opened.',
    },
    {
      code: FXP_DATA,
      name: 'SSH_FXP_DATA',
      alias: 'FXP_DATA',
      title: 'Data',
      description: 'Carries the bytes a read request asked for.',
    },
    {
      code: FXP_NAME,
      name: 'SSH_FXP_NAME',
      alias: 'FXP_NAME',
      title: 'Name',
      description: 'Returns one or more file names with their attributes.',
    },
    {
      code: FXP_ATTRS,
      name: 'SSH_FXP_ATTRS',
      alias: 'FXP_ATTRS',
      title: 'Attributes',
      description: 'Returns the attributes of a file.',
    },
    {
      code: FXP_EXTENDED,
      name: 'SSH_FXP_EXTENDED',
      alias: 'FXP_EXTENDED',
      title: 'Extended request',
      description: 'Carries a vendor extension request named by a string such as posix-rename@openssh.com.',
    },
    {
      code: FXP_EXTENDED_REPLY,
      name: 'SSH_FXP_EXTENDED_REPLY',
      alias: 'FXP_EXTENDED_REPLY',
      title: 'Extended reply',
      description: 'Carries the successful answer to an extended request.',
    },
  ],
});

/**
 * Every SFTP status code with its names, title and description.
 *
 * @example
 * ```ts
 * import { SFTP_STATUS_CODES } from '@sshkit/ssh-codes';
 * SFTP_STATUS_CODES.get(2)?.title; // 'No such file'
 * ```
 */
export const SFTP_STATUS_CODES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'SFTP status codes',
  reference: 'draft-ietf-secsh-filexfer-02',
  rows: [
    {
      code: FX_OK,
      name: 'SSH_FX_OK',
      alias: 'FX_OK',
      title: 'OK',
      description: 'The request succeeded.',
    },
    {
      code: FX_EOF,
      name: 'SSH_FX_EOF',
      alias: 'FX_EOF',
      title: 'End of file',
      description: 'A read started past the end of the file, or a directory listing has no more entries.',
    },
    {
      code: FX_NO_SUCH_FILE,
      name: 'SSH_FX_NO_SUCH_FILE',
      alias: 'FX_NO_SUCH_FILE',
      title: 'No such file',
      description: 'The file or directory named in the request does not exist.',
    },
    {
      code: FX_PERMISSION_DENIED,
      name: 'SSH_FX_PERMISSION_DENIED',
      alias: 'FX_PERMISSION_DENIED',
      title: 'Permission denied',
      description: 'The user lacks the permissions the operation needs.',
    },
    {
      code: FX_FAILURE,
      name: 'SSH_FX_FAILURE',
      alias: 'FX_FAILURE',
      title: 'Failure',
      description: 'The operation failed for a reason that no more specific code covers.',
    },
    {
      code: FX_BAD_MESSAGE,
      name: 'SSH_FX_BAD_MESSAGE',
      alias: 'FX_BAD_MESSAGE',
      title: 'Bad message',
      description: 'The server received a malformed or inconsistent packet.',
    },
    {
      code: FX_NO_CONNECTION,
      name: 'SSH_FX_NO_CONNECTION',
      alias: 'FX_NO_CONNECTION',
      title: 'No connection',
      description:
        'A client-side pseudo-status meaning there is no connection to the server, never sent by servers.',
    },
    {
      code: FX_CONNECTION_LOST,
      name: 'SSH_FX_CONNECTION_LOST',
      alias: 'FX_CONNECTION_LOST',
      title: 'Connection lost',
      description:
        'A client-side pseudo-status meaning the connection to the server went away, never sent by servers.',
    },
    {
      code: FX_OP_UNSUPPORTED,
      name: 'SSH_FX_OP_UNSUPPORTED',
      alias: 'FX_OP_UNSUPPORTED',
      title: 'Operation unsupported',
      description: 'The server does not implement the requested operation.',
    },
    {
      code: FX_INVALID_HANDLE,
      name: 'SSH_FX_INVALID_HANDLE',
      alias: 'FX_INVALID_HANDLE',
      title: 'Invalid handle',
      description: 'The handle in the request is not valid or was already closed.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_NO_SUCH_PATH,
      name: 'SSH_FX_NO_SUCH_PATH',
      alias: 'FX_NO_SUCH_PATH',
      title: 'No such path',
      description: 'A directory along the path does not exist or the path is malformed.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_FILE_ALREADY_EXISTS,
      name: 'SSH_FX_FILE_ALREADY_EXISTS',
      alias: 'FX_FILE_ALREADY_EXISTS',
      title: 'File already exists',
      description: 'The file the request wants to create is already there.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_WRITE_PROTECT,
      name: 'SSH_FX_WRITE_PROTECT',
      alias: 'FX_WRITE_PROTECT',
      title: 'Write protected',
      description: 'The file system or medium can only be read.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_NO_MEDIA,
      name: 'SSH_FX_NO_MEDIA',
      alias: 'FX_NO_MEDIA',
      title: 'No media',
      description: 'There is no medium in the drive the path refers to.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_NO_SPACE_ON_FILESYSTEM,
      name: 'SSH_FX_NO_SPACE_ON_FILESYSTEM',
      alias: 'FX_NO_SPACE_ON_FILESYSTEM',
      title: 'No space on file system',
      description: 'The file system has run out of free space.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_QUOTA_EXCEEDED,
      name: 'SSH_FX_QUOTA_EXCEEDED',
      alias: 'FX_QUOTA_EXCEEDED',
      title: 'Quota exceeded',
      description: 'The operation would take the user over their storage quota.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_UNKNOWN_PRINCIPAL,
      name: 'SSH_FX_UNKNOWN_PRINCIPAL',
      alias: 'FX_UNKNOWN_PRINCIPAL',
      title: 'Unknown principal',
      description: 'An owner or group name in the request is not known to the server.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_LOCK_CONFLICT,
      name: 'SSH_FX_LOCK_CONFLICT',
      alias: 'FX_LOCK_CONFLICT',
      title: 'Lock conflict',
      description: 'The file could not be opened because another process holds a conflicting lock.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_DIR_NOT_EMPTY,
      name: 'SSH_FX_DIR_NOT_EMPTY',
      alias: 'FX_DIR_NOT_EMPTY',
      title: 'Directory not empty',
      description: 'The directory cannot be removed while it still has entries.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_NOT_A_DIRECTORY,
      name: 'SSH_FX_NOT_A_DIRECTORY',
      alias: 'FX_NOT_A_DIRECTORY',
      title: 'Not a directory',
      description: 'The path should name a directory but names something else.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_INVALID_FILENAME,
      name: 'SSH_FX_INVALID_FILENAME',
      alias: 'FX_INVALID_FILENAME',
      title: 'Invalid file name',
      description: "The file name is not acceptable to the server's file system.",
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_LINK_LOOP,
      name: 'SSH_FX_LINK_LOOP',
      alias: 'FX_LINK_LOOP',
      title: 'Link loop',
      description: 'Following symbolic links led round in a loop or through too many levels.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_CANNOT_DELETE,
      name: 'SSH_FX_CANNOT_DELETE',
      alias: 'FX_CANNOT_DELETE',
      title: 'Cannot delete',
      description: 'The file exists but the server is unable to delete it.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_INVALID_PARAMETER,
      name: 'SSH_FX_INVALID_PARAMETER',
      alias: 'FX_INVALID_PARAMETER',
      title: 'Invalid parameter',
      description: 'A field of the request is malformed or holds a value the server rejects.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_FILE_IS_A_DIRECTORY,
      name: 'SSH_FX_FILE_IS_A_DIRECTORY',
      alias: 'FX_FILE_IS_A_DIRECTORY',
      title: 'File is a directory',
      description: 'The operation needs a regular file but the path names a directory.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_BYTE_RANGE_LOCK_CONFLICT,
      name: 'SSH_FX_BYTE_RANGE_LOCK_CONFLICT',
      alias: 'FX_BYTE_RANGE_LOCK_CONFLICT',
      title: 'Byte-range lock conflict',
      description: 'Another handle holds a lock that overlaps the requested byte range.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_BYTE_RANGE_LOCK_REFUSED,
      name: 'SSH_FX_BYTE_RANGE_LOCK_REFUSED',
      alias: 'FX_BYTE_RANGE_LOCK_REFUSED',
      title: 'Byte-range lock refused',
      description: 'The server cannot grant the requested byte-range lock.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_DELETE_PENDING,
      name: 'SSH_FX_DELETE_PENDING',
      alias: 'FX_DELETE_PENDING',
      title: 'Delete pending',
      description: 'The file is marked for deletion and can no longer be used.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_FILE_CORRUPT,
      name: 'SSH_FX_FILE_CORRUPT',
      alias: 'FX_FILE_CORRUPT',
      title: 'File corrupt',
      description: 'The server found the file or its file system to be damaged.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_OWNER_INVALID,
      name: 'SSH_FX_OWNER_INVALID',
      alias: 'FX_OWNER_INVALID',
      title: 'Owner invalid',
      description: 'The named principal cannot be made the owner of the file.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_GROUP_INVALID,
      name: 'SSH_FX_GROUP_INVALID',
      alias: 'FX_GROUP_INVALID',
      title: 'Group invalid',
      description: 'The named group cannot be given to the file.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
    {
      code: FX_NO_MATCHING_BYTE_RANGE_LOCK,
      name: 'SSH_FX_NO_MATCHING_BYTE_RANGE_LOCK',
      alias: 'FX_NO_MATCHING_BYTE_RANGE_LOCK',
      title: 'No matching byte-range lock',
      description: 'An unlock named a byte range on which this handle holds no lock.',
      reference: 'draft-ietf-secsh-filexfer-13',
    },
  ],
});

/**
 * The SFTP version 3 attribute flags with their names, title and description.
 *
 * @example
 * ```ts
 * import { SFTP_ATTR_FLAGS, flagNames } from '@sshkit/ssh-codes';
 * flagNames(SFTP_ATTR_FLAGS, 0x5); // ['SSH_FILEXFER_ATTR_SIZE', 'SSH_FILEXFER_ATTR_PERMISSIONS']
 * ```
 */
export const SFTP_ATTR_FLAGS: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'SFTP attribute flags',
  reference: 'draft-ietf-secsh-filexfer-02 §5',
  rows: [
    {
      code: FILEXFER_ATTR_SIZE,
      name: 'SSH_FILEXFER_ATTR_SIZE',
      alias: 'FILEXFER_ATTR_SIZE',
      title: 'Size',
      description: 'The attributes include the file size in bytes.',
    },
    {
      code: FILEXFER_ATTR_UIDGID,
      name: 'SSH_FILEXFER_ATTR_UIDGID',
      alias: 'FILEXFER_ATTR_UIDGID',
      title: 'User and group IDs',
      description: 'The attributes include the numeric owner and group IDs.',
    },
    {
      code: FILEXFER_ATTR_PERMISSIONS,
      name: 'SSH_FILEXFER_ATTR_PERMISSIONS',
      alias: 'FILEXFER_ATTR_PERMISSIONS',
      title: 'Permissions',
      description: 'The attributes include the POSIX permission and file-type bits.',
    },
    {
      code: FILEXFER_ATTR_ACMODTIME,
      name: 'SSH_FILEXFER_ATTR_ACMODTIME',
      alias: 'FILEXFER_ATTR_ACMODTIME',
      title: 'Access and modification times',
      description: 'The attributes include the access and modification times in whole seconds.',
    },
    {
      code: FILEXFER_ATTR_EXTENDED,
      name: 'SSH_FILEXFER_ATTR_EXTENDED',
      alias: 'FILEXFER_ATTR_EXTENDED',
      title: 'Extended attributes',
      description: 'The attributes end with a counted list of vendor-defined name and value pairs.',
    },
  ],
});

/**
 * The SFTP version 3 open flags with their names, title and description.
 *
 * @example
 * ```ts
 * import { SFTP_OPEN_FLAGS } from '@sshkit/ssh-codes';
 * SFTP_OPEN_FLAGS.nameOf(0x8); // 'SSH_FXF_CREAT'
 * ```
 */
export const SFTP_OPEN_FLAGS: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'SFTP open flags',
  reference: 'draft-ietf-secsh-filexfer-02 §6.3',
  rows: [
    {
      code: FXF_READ,
      name: 'SSH_FXF_READ',
      alias: 'FXF_READ',
      title: 'Read',
      description: 'Open the file for reading.',
    },
    {
      code: FXF_WRITE,
      name: 'SSH_FXF_WRITE',
      alias: 'FXF_WRITE',
      title: 'Write',
      description: 'Open the file for writing.',
    },
    {
      code: FXF_APPEND,
      name: 'SSH_FXF_APPEND',
      alias: 'FXF_APPEND',
      title: 'Append',
      description: 'Send every write to the end of the file.',
    },
    {
      code: FXF_CREAT,
      name: 'SSH_FXF_CREAT',
      alias: 'FXF_CREAT',
      title: 'Create',
      description: 'Create the file when it does not exist yet.',
    },
    {
      code: FXF_TRUNC,
      name: 'SSH_FXF_TRUNC',
      alias: 'FXF_TRUNC',
      title: 'Truncate',
      description: 'Cut an existing file to zero length, which is only valid together with the create flag.',
    },
    {
      code: FXF_EXCL,
      name: 'SSH_FXF_EXCL',
      alias: 'FXF_EXCL',
      title: 'Exclusive',
      description: 'Fail when the file already exists, which is only valid together with the create flag.',
    },
  ],
});

/**
 * The `f_flag` bits of an OpenSSH `statvfs@openssh.com` reply.
 *
 * @example
 * ```ts
 * import { SFTP_STATVFS_FLAGS } from '@sshkit/ssh-codes';
 * SFTP_STATVFS_FLAGS.nameOf(0x2); // 'SSH_FXE_STATVFS_ST_NOSUID'
 * ```
 */
export const SFTP_STATVFS_FLAGS: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'SFTP statvfs flags',
  reference: 'OpenSSH PROTOCOL, statvfs@openssh.com',
  rows: [
    {
      code: FXE_STATVFS_ST_RDONLY,
      name: 'SSH_FXE_STATVFS_ST_RDONLY',
      alias: 'FXE_STATVFS_ST_RDONLY',
      title: 'Read-only',
      description: 'The file system is mounted read-only.',
    },
    {
      code: FXE_STATVFS_ST_NOSUID,
      name: 'SSH_FXE_STATVFS_ST_NOSUID',
      alias: 'FXE_STATVFS_ST_NOSUID',
      title: 'No set-user-ID',
      description: 'The file system ignores the set-user-ID and set-group-ID bits.',
    },
  ],
});

// ---- lookups

/**
 * The draft name of an SFTP packet type.
 *
 * @param code - the type byte of an SFTP packet
 * @returns e.g. `'SSH_FXP_OPEN'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { sftpPacketName } from '@sshkit/ssh-codes';
 * sftpPacketName(101); // 'SSH_FXP_STATUS'
 * sftpPacketName(99);  // 'unknown (99)'
 * ```
 */
export function sftpPacketName(code: number): string {
  return SFTP_PACKET_TYPES.nameOf(code);
}

/**
 * The draft name of an SFTP status code.
 *
 * @param code - the status code of an `SSH_FXP_STATUS` reply
 * @returns e.g. `'SSH_FX_NO_SUCH_FILE'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { sftpStatusName } from '@sshkit/ssh-codes';
 * sftpStatusName(2); // 'SSH_FX_NO_SUCH_FILE'
 * ```
 */
export function sftpStatusName(code: number): string {
  return SFTP_STATUS_CODES.nameOf(code);
}

/**
 * A one-line explanation of an SFTP status code, for logs and error messages.
 *
 * @param code - the status code of an `SSH_FXP_STATUS` reply
 * @returns `'<title>: <description>'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { describeSftpStatus } from '@sshkit/ssh-codes';
 * describeSftpStatus(3); // 'Permission denied: The user lacks the permissions the operation needs.'
 * ```
 */
export function describeSftpStatus(code: number): string {
  return SFTP_STATUS_CODES.describe(code);
}

/**
 * The names of the attribute flags set in a version 3 attribute mask.
 *
 * @param mask - the `flags` field of an SFTP `ATTRS` structure
 * @returns the names in ascending bit order, then `'unknown (0x…)'` for any other bits
 *
 * @example
 * ```ts
 * import { sftpAttrFlagNames } from '@sshkit/ssh-codes';
 * sftpAttrFlagNames(0x80000001); // ['SSH_FILEXFER_ATTR_SIZE', 'SSH_FILEXFER_ATTR_EXTENDED']
 * ```
 */
export function sftpAttrFlagNames(mask: number): string[] {
  return flagNames(SFTP_ATTR_FLAGS, mask);
}

/**
 * The names of the open flags set in the `pflags` of an `SSH_FXP_OPEN`.
 *
 * @param mask - the `pflags` field
 * @returns the names in ascending bit order, then `'unknown (0x…)'` for any other bits
 *
 * @example
 * ```ts
 * import { sftpOpenFlagNames } from '@sshkit/ssh-codes';
 * sftpOpenFlagNames(0x3); // ['SSH_FXF_READ', 'SSH_FXF_WRITE']
 * ```
 */
export function sftpOpenFlagNames(mask: number): string[] {
  return flagNames(SFTP_OPEN_FLAGS, mask);
}
