// Every value checked against the specifications, typed out here by hand from
// the RFC / draft tables (not generated from the code under test).
import { describe, expect, it } from '@jest/globals';
import {
  CERT_TYPES,
  CHANNEL_OPEN_FAILURES,
  type CodeTable,
  DISCONNECT_REASONS,
  EXTENDED_DATA_TYPES,
  MESSAGES,
  METHOD_MESSAGES,
  type MessageContext,
  PTY_MODES,
  SFTP_ATTR_FLAGS,
  SFTP_OPEN_FLAGS,
  SFTP_PACKET_TYPES,
  SFTP_STATUS_CODES,
  SFTP_STATVFS_FLAGS,
  SIGNALS,
} from '../src/index.js';

type Pairs = ReadonlyArray<readonly [string, number]>;

// RFC 4253 §11.1 / RFC 4250 §4.2.2
const RFC4253_DISCONNECT: Pairs = [
  ['SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT', 1],
  ['SSH_DISCONNECT_PROTOCOL_ERROR', 2],
  ['SSH_DISCONNECT_KEY_EXCHANGE_FAILED', 3],
  ['SSH_DISCONNECT_RESERVED', 4],
  ['SSH_DISCONNECT_MAC_ERROR', 5],
  ['SSH_DISCONNECT_COMPRESSION_ERROR', 6],
  ['SSH_DISCONNECT_SERVICE_NOT_AVAILABLE', 7],
  ['SSH_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED', 8],
  ['SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE', 9],
  ['SSH_DISCONNECT_CONNECTION_LOST', 10],
  ['SSH_DISCONNECT_BY_APPLICATION', 11],
  ['SSH_DISCONNECT_TOO_MANY_CONNECTIONS', 12],
  ['SSH_DISCONNECT_AUTH_CANCELLED_BY_USER', 13],
  ['SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE', 14],
  ['SSH_DISCONNECT_ILLEGAL_USER_NAME', 15],
];

// RFC 4254 §5.1 / RFC 4250 §4.3.2
const RFC4254_OPEN_FAILURES: Pairs = [
  ['SSH_OPEN_ADMINISTRATIVELY_PROHIBITED', 1],
  ['SSH_OPEN_CONNECT_FAILED', 2],
  ['SSH_OPEN_UNKNOWN_CHANNEL_TYPE', 3],
  ['SSH_OPEN_RESOURCE_SHORTAGE', 4],
];

// AsyncSSH constants.py: local-only failure codes, never on the wire.
const LOCAL_OPEN_FAILURES: Pairs = [
  ['OPEN_REQUEST_X11_FORWARDING_FAILED', 0xfffffffd],
  ['OPEN_REQUEST_PTY_FAILED', 0xfffffffe],
  ['OPEN_REQUEST_SESSION_FAILED', 0xffffffff],
];

// RFC 4254 §5.2 / RFC 4250 §4.4.2
const RFC4254_EXTENDED_DATA: Pairs = [['SSH_EXTENDED_DATA_STDERR', 1]];

// RFC 4254 §8 (every opcode) + RFC 8160 (IUTF8)
const RFC4254_PTY_MODES: Pairs = [
  ['TTY_OP_END', 0],
  ['VINTR', 1],
  ['VQUIT', 2],
  ['VERASE', 3],
  ['VKILL', 4],
  ['VEOF', 5],
  ['VEOL', 6],
  ['VEOL2', 7],
  ['VSTART', 8],
  ['VSTOP', 9],
  ['VSUSP', 10],
  ['VDSUSP', 11],
  ['VREPRINT', 12],
  ['VWERASE', 13],
  ['VLNEXT', 14],
  ['VFLUSH', 15],
  ['VSWTCH', 16],
  ['VSTATUS', 17],
  ['VDISCARD', 18],
  ['IGNPAR', 30],
  ['PARMRK', 31],
  ['INPCK', 32],
  ['ISTRIP', 33],
  ['INLCR', 34],
  ['IGNCR', 35],
  ['ICRNL', 36],
  ['IUCLC', 37],
  ['IXON', 38],
  ['IXANY', 39],
  ['IXOFF', 40],
  ['IMAXBEL', 41],
  ['IUTF8', 42],
  ['ISIG', 50],
  ['ICANON', 51],
  ['XCASE', 52],
  ['ECHO', 53],
  ['ECHOE', 54],
  ['ECHOK', 55],
  ['ECHONL', 56],
  ['NOFLSH', 57],
  ['TOSTOP', 58],
  ['IEXTEN', 59],
  ['ECHOCTL', 60],
  ['ECHOKE', 61],
  ['PENDIN', 62],
  ['OPOST', 70],
  ['OLCUC', 71],
  ['ONLCR', 72],
  ['OCRNL', 73],
  ['ONOCR', 74],
  ['ONLRET', 75],
  ['CS7', 90],
  ['CS8', 91],
  ['PARENB', 92],
  ['PARODD', 93],
  ['TTY_OP_ISPEED', 128],
  ['TTY_OP_OSPEED', 129],
];

// draft-ietf-secsh-filexfer-02 §3 + draft-ietf-secsh-filexfer-13 §4.3 (LINK, BLOCK, UNBLOCK)
const SFTP_PACKETS: Pairs = [
  ['SSH_FXP_INIT', 1],
  ['SSH_FXP_VERSION', 2],
  ['SSH_FXP_OPEN', 3],
  ['SSH_FXP_CLOSE', 4],
  ['SSH_FXP_READ', 5],
  ['SSH_FXP_WRITE', 6],
  ['SSH_FXP_LSTAT', 7],
  ['SSH_FXP_FSTAT', 8],
  ['SSH_FXP_SETSTAT', 9],
  ['SSH_FXP_FSETSTAT', 10],
  ['SSH_FXP_OPENDIR', 11],
  ['SSH_FXP_READDIR', 12],
  ['SSH_FXP_REMOVE', 13],
  ['SSH_FXP_MKDIR', 14],
  ['SSH_FXP_RMDIR', 15],
  ['SSH_FXP_REALPATH', 16],
  ['SSH_FXP_STAT', 17],
  ['SSH_FXP_RENAME', 18],
  ['SSH_FXP_READLINK', 19],
  ['SSH_FXP_SYMLINK', 20],
  ['SSH_FXP_LINK', 21],
  ['SSH_FXP_BLOCK', 22],
  ['SSH_FXP_UNBLOCK', 23],
  ['SSH_FXP_STATUS', 101],
  ['SSH_FXP_HANDLE', 102],
  ['SSH_FXP_DATA', 103],
  ['SSH_FXP_NAME', 104],
  ['SSH_FXP_ATTRS', 105],
  ['SSH_FXP_EXTENDED', 200],
  ['SSH_FXP_EXTENDED_REPLY', 201],
];

// draft-ietf-secsh-filexfer-02 §7 (0..8) + draft-ietf-secsh-filexfer-13 §9.1 (9..31)
const SFTP_STATUS: Pairs = [
  ['SSH_FX_OK', 0],
  ['SSH_FX_EOF', 1],
  ['SSH_FX_NO_SUCH_FILE', 2],
  ['SSH_FX_PERMISSION_DENIED', 3],
  ['SSH_FX_FAILURE', 4],
  ['SSH_FX_BAD_MESSAGE', 5],
  ['SSH_FX_NO_CONNECTION', 6],
  ['SSH_FX_CONNECTION_LOST', 7],
  ['SSH_FX_OP_UNSUPPORTED', 8],
  ['SSH_FX_INVALID_HANDLE', 9],
  ['SSH_FX_NO_SUCH_PATH', 10],
  ['SSH_FX_FILE_ALREADY_EXISTS', 11],
  ['SSH_FX_WRITE_PROTECT', 12],
  ['SSH_FX_NO_MEDIA', 13],
  ['SSH_FX_NO_SPACE_ON_FILESYSTEM', 14],
  ['SSH_FX_QUOTA_EXCEEDED', 15],
  ['SSH_FX_UNKNOWN_PRINCIPAL', 16],
  ['SSH_FX_LOCK_CONFLICT', 17],
  ['SSH_FX_DIR_NOT_EMPTY', 18],
  ['SSH_FX_NOT_A_DIRECTORY', 19],
  ['SSH_FX_INVALID_FILENAME', 20],
  ['SSH_FX_LINK_LOOP', 21],
  ['SSH_FX_CANNOT_DELETE', 22],
  ['SSH_FX_INVALID_PARAMETER', 23],
  ['SSH_FX_FILE_IS_A_DIRECTORY', 24],
  ['SSH_FX_BYTE_RANGE_LOCK_CONFLICT', 25],
  ['SSH_FX_BYTE_RANGE_LOCK_REFUSED', 26],
  ['SSH_FX_DELETE_PENDING', 27],
  ['SSH_FX_FILE_CORRUPT', 28],
  ['SSH_FX_OWNER_INVALID', 29],
  ['SSH_FX_GROUP_INVALID', 30],
  ['SSH_FX_NO_MATCHING_BYTE_RANGE_LOCK', 31],
];

// draft-ietf-secsh-filexfer-02 §5
const SFTP_ATTRS: Pairs = [
  ['SSH_FILEXFER_ATTR_SIZE', 0x00000001],
  ['SSH_FILEXFER_ATTR_UIDGID', 0x00000002],
  ['SSH_FILEXFER_ATTR_PERMISSIONS', 0x00000004],
  ['SSH_FILEXFER_ATTR_ACMODTIME', 0x00000008],
  ['SSH_FILEXFER_ATTR_EXTENDED', 0x80000000],
];

// draft-ietf-secsh-filexfer-02 §6.3
const SFTP_PFLAGS: Pairs = [
  ['SSH_FXF_READ', 0x00000001],
  ['SSH_FXF_WRITE', 0x00000002],
  ['SSH_FXF_APPEND', 0x00000004],
  ['SSH_FXF_CREAT', 0x00000008],
  ['SSH_FXF_TRUNC', 0x00000010],
  ['SSH_FXF_EXCL', 0x00000020],
];

// OpenSSH PROTOCOL, statvfs@openssh.com
const STATVFS: Pairs = [
  ['SSH_FXE_STATVFS_ST_RDONLY', 0x1],
  ['SSH_FXE_STATVFS_ST_NOSUID', 0x2],
];

// OpenSSH PROTOCOL.certkeys
const CERTS: Pairs = [
  ['SSH2_CERT_TYPE_USER', 1],
  ['SSH2_CERT_TYPE_HOST', 2],
];

// RFC 4250 §4.1.2, the IANA registry, RFC 8308 (7, 8), OpenSSH PROTOCOL (192, 193)
const GENERIC_MESSAGES: Pairs = [
  ['SSH_MSG_DISCONNECT', 1],
  ['SSH_MSG_IGNORE', 2],
  ['SSH_MSG_UNIMPLEMENTED', 3],
  ['SSH_MSG_DEBUG', 4],
  ['SSH_MSG_SERVICE_REQUEST', 5],
  ['SSH_MSG_SERVICE_ACCEPT', 6],
  ['SSH_MSG_EXT_INFO', 7],
  ['SSH_MSG_NEWCOMPRESS', 8],
  ['SSH_MSG_KEXINIT', 20],
  ['SSH_MSG_NEWKEYS', 21],
  ['SSH_MSG_USERAUTH_REQUEST', 50],
  ['SSH_MSG_USERAUTH_FAILURE', 51],
  ['SSH_MSG_USERAUTH_SUCCESS', 52],
  ['SSH_MSG_USERAUTH_BANNER', 53],
  ['SSH_MSG_GLOBAL_REQUEST', 80],
  ['SSH_MSG_REQUEST_SUCCESS', 81],
  ['SSH_MSG_REQUEST_FAILURE', 82],
  ['SSH_MSG_CHANNEL_OPEN', 90],
  ['SSH_MSG_CHANNEL_OPEN_CONFIRMATION', 91],
  ['SSH_MSG_CHANNEL_OPEN_FAILURE', 92],
  ['SSH_MSG_CHANNEL_WINDOW_ADJUST', 93],
  ['SSH_MSG_CHANNEL_DATA', 94],
  ['SSH_MSG_CHANNEL_EXTENDED_DATA', 95],
  ['SSH_MSG_CHANNEL_EOF', 96],
  ['SSH_MSG_CHANNEL_CLOSE', 97],
  ['SSH_MSG_CHANNEL_REQUEST', 98],
  ['SSH_MSG_CHANNEL_SUCCESS', 99],
  ['SSH_MSG_CHANNEL_FAILURE', 100],
  ['SSH2_MSG_PING', 192],
  ['SSH2_MSG_PONG', 193],
];

// Method-specific numbers, per method.
const METHOD_SPECIFIC: Readonly<Record<MessageContext, Pairs>> = {
  // RFC 4253 §8
  dh: [
    ['SSH_MSG_KEXDH_INIT', 30],
    ['SSH_MSG_KEXDH_REPLY', 31],
  ],
  // RFC 4419 §5
  gex: [
    ['SSH_MSG_KEX_DH_GEX_REQUEST_OLD', 30],
    ['SSH_MSG_KEX_DH_GEX_GROUP', 31],
    ['SSH_MSG_KEX_DH_GEX_INIT', 32],
    ['SSH_MSG_KEX_DH_GEX_REPLY', 33],
    ['SSH_MSG_KEX_DH_GEX_REQUEST', 34],
  ],
  // RFC 5656 §7.1
  ecdh: [
    ['SSH_MSG_KEX_ECDH_INIT', 30],
    ['SSH_MSG_KEX_ECDH_REPLY', 31],
  ],
  // draft-ietf-sshm-mlkem-hybrid-kex
  hybrid: [
    ['SSH_MSG_KEX_HYBRID_INIT', 30],
    ['SSH_MSG_KEX_HYBRID_REPLY', 31],
  ],
  // RFC 4462 §2
  gss: [
    ['SSH_MSG_KEXGSS_INIT', 30],
    ['SSH_MSG_KEXGSS_CONTINUE', 31],
    ['SSH_MSG_KEXGSS_COMPLETE', 32],
    ['SSH_MSG_KEXGSS_HOSTKEY', 33],
    ['SSH_MSG_KEXGSS_ERROR', 34],
    ['SSH_MSG_KEXGSS_GROUPREQ', 40],
    ['SSH_MSG_KEXGSS_GROUP', 41],
  ],
  // RFC 4252 §7
  'userauth-publickey': [['SSH_MSG_USERAUTH_PK_OK', 60]],
  // RFC 4252 §8
  'userauth-password': [['SSH_MSG_USERAUTH_PASSWD_CHANGEREQ', 60]],
  // RFC 4256 §5
  'userauth-kbdint': [
    ['SSH_MSG_USERAUTH_INFO_REQUEST', 60],
    ['SSH_MSG_USERAUTH_INFO_RESPONSE', 61],
  ],
  // RFC 4462 §3
  'userauth-gssapi': [
    ['SSH_MSG_USERAUTH_GSSAPI_RESPONSE', 60],
    ['SSH_MSG_USERAUTH_GSSAPI_TOKEN', 61],
    ['SSH_MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE', 63],
    ['SSH_MSG_USERAUTH_GSSAPI_ERROR', 64],
    ['SSH_MSG_USERAUTH_GSSAPI_ERRTOK', 65],
    ['SSH_MSG_USERAUTH_GSSAPI_MIC', 66],
  ],
};

// RFC 4254 §6.10
const RFC4254_SIGNALS = [
  'ABRT',
  'ALRM',
  'FPE',
  'HUP',
  'ILL',
  'INT',
  'KILL',
  'PIPE',
  'QUIT',
  'SEGV',
  'TERM',
  'USR1',
  'USR2',
] as const;

/** The table holds exactly these [name, code] pairs, both ways. */
function expectExactly(table: CodeTable, pairs: Pairs): void {
  for (const [name, code] of pairs) {
    expect([name, table.byName(name)?.code]).toEqual([name, code]);
    expect([code, table.get(code)?.name]).toEqual([code, name]);
  }
  expect(table.rows.map((r) => [r.name, r.code])).toEqual([...pairs].sort((a, b) => a[1] - b[1]));
}

describe('values against the RFC tables', () => {
  it('disconnect reasons are RFC 4253 §11.1', () => {
    expectExactly(DISCONNECT_REASONS, RFC4253_DISCONNECT);
  });

  it('channel open failures are RFC 4254 §5.1 plus the local-only AsyncSSH codes', () => {
    expectExactly(CHANNEL_OPEN_FAILURES, [...RFC4254_OPEN_FAILURES, ...LOCAL_OPEN_FAILURES]);
    for (const [, code] of LOCAL_OPEN_FAILURES) {
      expect(CHANNEL_OPEN_FAILURES.get(code)?.localOnly).toBe(true);
      // RFC 4250 §4.3: 0xFE000000..0xFFFFFFFF are for private use, never assigned.
      expect(code).toBeGreaterThanOrEqual(0xfe000000);
    }
    for (const [, code] of RFC4254_OPEN_FAILURES)
      expect(CHANNEL_OPEN_FAILURES.get(code)?.localOnly).toBeUndefined();
  });

  it('extended data types are RFC 4254 §5.2', () => {
    expectExactly(EXTENDED_DATA_TYPES, RFC4254_EXTENDED_DATA);
  });

  it('PTY modes are every opcode of RFC 4254 §8 plus IUTF8 (RFC 8160)', () => {
    expectExactly(PTY_MODES, RFC4254_PTY_MODES);
  });

  it('SFTP packet types are filexfer-02 plus the version 6 additions', () => {
    expectExactly(SFTP_PACKET_TYPES, SFTP_PACKETS);
  });

  it('SFTP status codes are filexfer-02 (0-8) plus filexfer-13 (9-31)', () => {
    expectExactly(SFTP_STATUS_CODES, SFTP_STATUS);
  });

  it('SFTP attribute, open and statvfs flags are the version 3 / OpenSSH values', () => {
    expectExactly(SFTP_ATTR_FLAGS, SFTP_ATTRS);
    expectExactly(SFTP_OPEN_FLAGS, SFTP_PFLAGS);
    expectExactly(SFTP_STATVFS_FLAGS, STATVFS);
  });

  it('certificate types are PROTOCOL.certkeys', () => {
    expectExactly(CERT_TYPES, CERTS);
  });

  it('generic message numbers are RFC 4250 §4.1.2 / IANA / RFC 8308 / OpenSSH', () => {
    for (const [name, code] of GENERIC_MESSAGES) {
      expect([name, MESSAGES.byName(name)?.code]).toEqual([name, code]);
      expect([code, MESSAGES.get(code)?.name]).toEqual([code, name]);
    }
  });

  it.each(Object.entries(METHOD_SPECIFIC))('method-specific messages of %s', (context, pairs) => {
    expectExactly(METHOD_MESSAGES[context as MessageContext], pairs);
    for (const [, code] of pairs) {
      const range = context.startsWith('userauth-') ? [60, 79] : [30, 49];
      expect(code).toBeGreaterThanOrEqual(range[0] ?? 0);
      expect(code).toBeLessThanOrEqual(range[1] ?? 0);
    }
  });

  it('MESSAGES has no number beyond the generic ones and the method-specific ranges', () => {
    const generic = new Set(GENERIC_MESSAGES.map(([, code]) => code));
    for (const row of MESSAGES.rows) {
      const methodSpecific = (row.code >= 30 && row.code <= 49) || (row.code >= 60 && row.code <= 79);
      expect([row.name, generic.has(row.code) || methodSpecific]).toEqual([row.name, true]);
    }
  });

  it('signals are RFC 4254 §6.10', () => {
    expect(SIGNALS.rows.map((s) => s.name)).toEqual([...RFC4254_SIGNALS]);
    for (const name of RFC4254_SIGNALS) {
      expect(SIGNALS.get(name)?.name).toBe(name);
      expect(SIGNALS.get(`SIG${name}`)?.name).toBe(name);
      expect(SIGNALS.get(name)?.posixName).toBe(`SIG${name}`);
    }
  });
});
