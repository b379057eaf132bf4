// The AsyncSSH constant names listed in the API seed (and the values AsyncSSH's
// constants.py gives them), written out by hand: each must be exported with
// that value and must resolve, by name, to the row of that code.
import { describe, expect, it } from '@jest/globals';
import * as codes from '../src/index.js';

const exported = codes as unknown as Readonly<Record<string, unknown>>;

const CERTIFICATE_TYPES = [
  ['CERT_TYPE_USER', 1],
  ['CERT_TYPE_HOST', 2],
] as const;

const DISCONNECT_REASONS = [
  ['DISC_HOST_NOT_ALLOWED_TO_CONNECT', 1],
  ['DISC_PROTOCOL_ERROR', 2],
  ['DISC_KEY_EXCHANGE_FAILED', 3],
  ['DISC_RESERVED', 4],
  ['DISC_MAC_ERROR', 5],
  ['DISC_COMPRESSION_ERROR', 6],
  ['DISC_SERVICE_NOT_AVAILABLE', 7],
  ['DISC_PROTOCOL_VERSION_NOT_SUPPORTED', 8],
  ['DISC_HOST_KEY_NOT_VERIFYABLE', 9],
  ['DISC_HOST_KEY_NOT_VERIFIABLE', 9],
  ['DISC_CONNECTION_LOST', 10],
  ['DISC_BY_APPLICATION', 11],
  ['DISC_TOO_MANY_CONNECTIONS', 12],
  ['DISC_AUTH_CANCELLED_BY_USER', 13],
  ['DISC_NO_MORE_AUTH_METHODS_AVAILABLE', 14],
  ['DISC_ILLEGAL_USER_NAME', 15],
] as const;

const OPEN_FAILURES = [
  ['OPEN_ADMINISTRATIVELY_PROHIBITED', 1],
  ['OPEN_CONNECT_FAILED', 2],
  ['OPEN_UNKNOWN_CHANNEL_TYPE', 3],
  ['OPEN_RESOURCE_SHORTAGE', 4],
  ['OPEN_REQUEST_X11_FORWARDING_FAILED', 0xfffffffd],
  ['OPEN_REQUEST_PTY_FAILED', 0xfffffffe],
  ['OPEN_REQUEST_SESSION_FAILED', 0xffffffff],
] as const;

const SFTP_ERRORS = [
  ['FX_OK', 0],
  ['FX_EOF', 1],
  ['FX_NO_SUCH_FILE', 2],
  ['FX_PERMISSION_DENIED', 3],
  ['FX_FAILURE', 4],
  ['FX_BAD_MESSAGE', 5],
  ['FX_NO_CONNECTION', 6],
  ['FX_CONNECTION_LOST', 7],
  ['FX_OP_UNSUPPORTED', 8],
] as const;

const EXTENDED_DATA = [['EXTENDED_DATA_STDERR', 1]] as const;

const PTY_OPCODES = [
  ['PTY_OP_END', 0],
  ['PTY_VINTR', 1],
  ['PTY_VQUIT', 2],
  ['PTY_VERASE', 3],
  ['PTY_VKILL', 4],
  ['PTY_VEOF', 5],
  ['PTY_VEOL', 6],
  ['PTY_VEOL2', 7],
  ['PTY_VSTART', 8],
  ['PTY_VSTOP', 9],
  ['PTY_VSUSP', 10],
  ['PTY_VDSUSP', 11],
  ['PTY_VREPRINT', 12],
  ['PTY_WERASE', 13],
  ['PTY_VLNEXT', 14],
  ['PTY_VFLUSH', 15],
  ['PTY_VSWTCH', 16],
  ['PTY_VSTATUS', 17],
  ['PTY_VDISCARD', 18],
  ['PTY_IGNPAR', 30],
  ['PTY_PARMRK', 31],
  ['PTY_INPCK', 32],
  ['PTY_ISTRIP', 33],
  ['PTY_INLCR', 34],
  ['PTY_IGNCR', 35],
  ['PTY_ICRNL', 36],
  ['PTY_IUCLC', 37],
  ['PTY_IXON', 38],
  ['PTY_IXANY', 39],
  ['PTY_IXOFF', 40],
  ['PTY_IMAXBEL', 41],
  ['PTY_ISIG', 50],
  ['PTY_ICANON', 51],
  ['PTY_XCASE', 52],
  ['PTY_ECHO', 53],
  ['PTY_ECHOE', 54],
  ['PTY_ECHOK', 55],
  ['PTY_ECHONL', 56],
  ['PTY_NOFLSH', 57],
  ['PTY_TOSTOP', 58],
  ['PTY_IEXTEN', 59],
  ['PTY_ECHOCTL', 60],
  ['PTY_ECHOKE', 61],
  ['PTY_PENDIN', 62],
  ['PTY_OPOST', 70],
  ['PTY_OLCUC', 71],
  ['PTY_ONLCR', 72],
  ['PTY_OCRNL', 73],
  ['PTY_ONOCR', 74],
  ['PTY_ONLRET', 75],
  ['PTY_CS7', 90],
  ['PTY_CS8', 91],
  ['PTY_PARENB', 92],
  ['PTY_PARODD', 93],
  ['PTY_OP_ISPEED', 128],
  ['PTY_OP_OSPEED', 129],
] as const;

// Not in the seed's list but in AsyncSSH's constants.py: also provided.
const ASYNCSSH_EXTRAS = [
  ['PTY_IUTF8', 42],
  ['PTY_OP_RESERVED', 160],
  ['MSG_DISCONNECT', 1],
  ['MSG_IGNORE', 2],
  ['MSG_UNIMPLEMENTED', 3],
  ['MSG_DEBUG', 4],
  ['MSG_SERVICE_REQUEST', 5],
  ['MSG_SERVICE_ACCEPT', 6],
  ['MSG_EXT_INFO', 7],
  ['MSG_KEXINIT', 20],
  ['MSG_NEWKEYS', 21],
  ['MSG_KEX_FIRST', 30],
  ['MSG_KEX_LAST', 49],
  ['MSG_USERAUTH_REQUEST', 50],
  ['MSG_USERAUTH_FAILURE', 51],
  ['MSG_USERAUTH_SUCCESS', 52],
  ['MSG_USERAUTH_BANNER', 53],
  ['MSG_USERAUTH_FIRST', 60],
  ['MSG_USERAUTH_LAST', 79],
  ['MSG_GLOBAL_REQUEST', 80],
  ['MSG_REQUEST_SUCCESS', 81],
  ['MSG_REQUEST_FAILURE', 82],
  ['MSG_CHANNEL_OPEN', 90],
  ['MSG_CHANNEL_OPEN_CONFIRMATION', 91],
  ['MSG_CHANNEL_OPEN_FAILURE', 92],
  ['MSG_CHANNEL_WINDOW_ADJUST', 93],
  ['MSG_CHANNEL_DATA', 94],
  ['MSG_CHANNEL_EXTENDED_DATA', 95],
  ['MSG_CHANNEL_EOF', 96],
  ['MSG_CHANNEL_CLOSE', 97],
  ['MSG_CHANNEL_REQUEST', 98],
  ['MSG_CHANNEL_SUCCESS', 99],
  ['MSG_CHANNEL_FAILURE', 100],
  ['FXP_INIT', 1],
  ['FXP_VERSION', 2],
  ['FXP_OPEN', 3],
  ['FXP_CLOSE', 4],
  ['FXP_READ', 5],
  ['FXP_WRITE', 6],
  ['FXP_LSTAT', 7],
  ['FXP_FSTAT', 8],
  ['FXP_SETSTAT', 9],
  ['FXP_FSETSTAT', 10],
  ['FXP_OPENDIR', 11],
  ['FXP_READDIR', 12],
  ['FXP_REMOVE', 13],
  ['FXP_MKDIR', 14],
  ['FXP_RMDIR', 15],
  ['FXP_REALPATH', 16],
  ['FXP_STAT', 17],
  ['FXP_RENAME', 18],
  ['FXP_READLINK', 19],
  ['FXP_SYMLINK', 20],
  ['FXP_STATUS', 101],
  ['FXP_HANDLE', 102],
  ['FXP_DATA', 103],
  ['FXP_NAME', 104],
  ['FXP_ATTRS', 105],
  ['FXP_EXTENDED', 200],
  ['FXP_EXTENDED_REPLY', 201],
  ['FXF_READ', 0x1],
  ['FXF_WRITE', 0x2],
  ['FXF_APPEND', 0x4],
  ['FXF_CREAT', 0x8],
  ['FXF_TRUNC', 0x10],
  ['FXF_EXCL', 0x20],
  ['FILEXFER_ATTR_SIZE', 0x1],
  ['FILEXFER_ATTR_UIDGID', 0x2],
  ['FILEXFER_ATTR_PERMISSIONS', 0x4],
  ['FILEXFER_ATTR_ACMODTIME', 0x8],
  ['FILEXFER_ATTR_EXTENDED', 0x80000000],
  ['FILEXFER_ATTR_UNDEFINED', 0x7ffffff0],
  ['FXE_STATVFS_ST_RDONLY', 0x1],
  ['FXE_STATVFS_ST_NOSUID', 0x2],
] as const;

// Later-draft SFTP codes under AsyncSSH-style names.
const LATER_SFTP = [
  ['FX_INVALID_HANDLE', 9],
  ['FX_NO_SUCH_PATH', 10],
  ['FX_FILE_ALREADY_EXISTS', 11],
  ['FX_WRITE_PROTECT', 12],
  ['FX_NO_MEDIA', 13],
  ['FX_NO_SPACE_ON_FILESYSTEM', 14],
  ['FX_QUOTA_EXCEEDED', 15],
  ['FX_UNKNOWN_PRINCIPAL', 16],
  ['FX_LOCK_CONFLICT', 17],
  ['FX_DIR_NOT_EMPTY', 18],
  ['FX_NOT_A_DIRECTORY', 19],
  ['FX_INVALID_FILENAME', 20],
  ['FX_LINK_LOOP', 21],
  ['FX_CANNOT_DELETE', 22],
  ['FX_INVALID_PARAMETER', 23],
  ['FX_FILE_IS_A_DIRECTORY', 24],
  ['FX_BYTE_RANGE_LOCK_CONFLICT', 25],
  ['FX_BYTE_RANGE_LOCK_REFUSED', 26],
  ['FX_DELETE_PENDING', 27],
  ['FX_FILE_CORRUPT', 28],
  ['FX_OWNER_INVALID', 29],
  ['FX_GROUP_INVALID', 30],
  ['FX_NO_MATCHING_BYTE_RANGE_LOCK', 31],
  ['FXP_LINK', 21],
  ['FXP_BLOCK', 22],
  ['FXP_UNBLOCK', 23],
] as const;

const GROUPS = {
  CERTIFICATE_TYPES,
  DISCONNECT_REASONS,
  OPEN_FAILURES,
  SFTP_ERRORS,
  EXTENDED_DATA,
  PTY_OPCODES,
  ASYNCSSH_EXTRAS,
  LATER_SFTP,
} as const;

describe('AsyncSSH constant names', () => {
  it.each(Object.entries(GROUPS))('%s are exported with their AsyncSSH values', (_group, pairs) => {
    for (const [name, value] of pairs) expect([name, exported[name]]).toEqual([name, value]);
  });

  it('the seed lists 56 PTY opcodes, 15 + 1 disconnect names, 6 open failures, 9 FX codes', () => {
    expect(PTY_OPCODES).toHaveLength(56);
    expect(DISCONNECT_REASONS).toHaveLength(16);
    expect(OPEN_FAILURES).toHaveLength(7);
    expect(SFTP_ERRORS).toHaveLength(9);
  });

  it('each AsyncSSH name finds its row by name', () => {
    const tables = [
      [CERTIFICATE_TYPES, codes.CERT_TYPES],
      [DISCONNECT_REASONS, codes.DISCONNECT_REASONS],
      [OPEN_FAILURES, codes.CHANNEL_OPEN_FAILURES],
      [SFTP_ERRORS, codes.SFTP_STATUS_CODES],
      [EXTENDED_DATA, codes.EXTENDED_DATA_TYPES],
      [PTY_OPCODES, codes.PTY_MODES],
    ] as const;
    for (const [pairs, table] of tables) {
      for (const [name, value] of pairs) expect([name, table.byName(name)?.code]).toEqual([name, value]);
    }
  });

  it('keeps the historic DISC_HOST_KEY_NOT_VERIFYABLE beside the correct spelling', () => {
    const row = codes.DISCONNECT_REASONS.byName('DISC_HOST_KEY_NOT_VERIFYABLE');
    expect(row?.name).toBe('SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE');
    expect(row?.alias).toBe('DISC_HOST_KEY_NOT_VERIFIABLE');
    expect(row?.aliases).toEqual(['DISC_HOST_KEY_NOT_VERIFYABLE']);
  });

  it('provides both PTY_WERASE (AsyncSSH) and the RFC name VWERASE', () => {
    expect(codes.PTY_WERASE).toBe(13);
    expect(codes.PTY_VWERASE).toBe(13);
    expect(codes.PTY_MODE.VWERASE).toBe(13);
    expect(codes.PTY_MODES.byName('VWERASE')?.code).toBe(13);
    expect(codes.PTY_MODES.byName('PTY_WERASE')?.code).toBe(13);
    expect(codes.PTY_MODES.byName('PTY_VWERASE')?.code).toBe(13);
  });
});
