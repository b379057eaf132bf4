// The lookup functions: names, descriptions, context-aware message names,
// flag masks, and 'unknown (N)' for everything else.
import { describe, expect, it } from '@jest/globals';
import {
  ALL_MESSAGES,
  CHANNEL_OPEN_FAILURES,
  certTypeName,
  DISC_BY_APPLICATION,
  DISCONNECT_REASONS,
  describeDisconnect,
  describeOpenFailure,
  describePtyMode,
  describeSftpStatus,
  describeSignal,
  disconnectReasonName,
  extendedDataName,
  FXF_CREAT,
  FXF_TRUNC,
  FXF_WRITE,
  flagNames,
  isLocalOpenFailure,
  isSignalName,
  MESSAGE_CONTEXTS,
  MESSAGES,
  METHOD_MESSAGES,
  type MessageContext,
  messageByName,
  messageInfo,
  messageName,
  OPEN_REQUEST_PTY_FAILED,
  openFailureName,
  ptyModeName,
  SFTP_OPEN_FLAGS,
  SFTP_STATUS_CODES,
  sftpAttrFlagNames,
  sftpOpenFlagNames,
  sftpPacketName,
  sftpStatusName,
  unknownCode,
} from '../src/index.js';

const NOT_CODES = [-1, 1.5, Number.NaN, 0x1_0000_0000] as const;

describe('name lookups', () => {
  it('disconnect reasons', () => {
    expect(disconnectReasonName(11)).toBe('SSH_DISCONNECT_BY_APPLICATION');
    expect(disconnectReasonName(DISC_BY_APPLICATION)).toBe('SSH_DISCONNECT_BY_APPLICATION');
    expect(disconnectReasonName(0)).toBe('unknown (0)');
    expect(disconnectReasonName(16)).toBe('unknown (16)');
  });

  it('channel open failures, including the local-only codes', () => {
    expect(openFailureName(1)).toBe('SSH_OPEN_ADMINISTRATIVELY_PROHIBITED');
    expect(openFailureName(OPEN_REQUEST_PTY_FAILED)).toBe('OPEN_REQUEST_PTY_FAILED');
    expect(openFailureName(5)).toBe('unknown (5)');
    expect(isLocalOpenFailure(0xfffffffd)).toBe(true);
    expect(isLocalOpenFailure(0xffffffff)).toBe(true);
    expect(isLocalOpenFailure(4)).toBe(false);
    expect(isLocalOpenFailure(0xfe000000)).toBe(false);
  });

  it('SFTP, PTY, extended data and certificate types', () => {
    expect(sftpStatusName(2)).toBe('SSH_FX_NO_SUCH_FILE');
    expect(sftpStatusName(32)).toBe('unknown (32)');
    expect(sftpPacketName(101)).toBe('SSH_FXP_STATUS');
    expect(sftpPacketName(0)).toBe('unknown (0)');
    expect(ptyModeName(42)).toBe('IUTF8');
    expect(ptyModeName(13)).toBe('VWERASE');
    expect(ptyModeName(160)).toBe('unknown (160)');
    expect(extendedDataName(1)).toBe('SSH_EXTENDED_DATA_STDERR');
    expect(extendedDataName(2)).toBe('unknown (2)');
    expect(certTypeName(1)).toBe('SSH2_CERT_TYPE_USER');
    expect(certTypeName(3)).toBe('unknown (3)');
  });

  it.each(NOT_CODES)("every name function answers 'unknown (%p)' for a non-code", (code) => {
    const expected = `unknown (${String(code)})`;
    for (const fn of [
      disconnectReasonName,
      openFailureName,
      sftpStatusName,
      sftpPacketName,
      ptyModeName,
      extendedDataName,
      certTypeName,
      messageName,
      describeDisconnect,
      describeOpenFailure,
      describeSftpStatus,
      describePtyMode,
    ]) {
      expect([fn.name, fn(code)]).toEqual([fn.name, expected]);
    }
  });

  it('unknownCode formats any value', () => {
    expect(unknownCode(7)).toBe('unknown (7)');
    expect(unknownCode(7n)).toBe('unknown (7)');
    expect(unknownCode('x')).toBe('unknown ("x")');
    expect(unknownCode(null)).toBe('unknown (null)');
    expect(unknownCode({})).toBe('unknown (object)');
  });
});

describe('describe functions', () => {
  it('give the title and description of the row', () => {
    const row = DISCONNECT_REASONS.get(2);
    expect(describeDisconnect(2)).toBe(`${row?.title}: ${row?.description}`);
    const open = CHANNEL_OPEN_FAILURES.get(3);
    expect(describeOpenFailure(3)).toBe(`${open?.title}: ${open?.description}`);
    const status = SFTP_STATUS_CODES.get(3);
    expect(describeSftpStatus(3)).toBe(`${status?.title}: ${status?.description}`);
    expect(describePtyMode(53).startsWith('Echo')).toBe(true);
  });

  it("give 'unknown (N)' for unknown codes", () => {
    expect(describeDisconnect(99)).toBe('unknown (99)');
    expect(describeOpenFailure(0)).toBe('unknown (0)');
    expect(describeSftpStatus(1000)).toBe('unknown (1000)');
  });

  it('signals', () => {
    expect(describeSignal('TERM')).toBe(describeSignal('SIGTERM'));
    expect(describeSignal('NOPE')).toBe('unknown ("NOPE")');
    expect(isSignalName('TERM')).toBe(true);
    expect(isSignalName('SIGTERM')).toBe(false);
    expect(isSignalName('term')).toBe(false);
  });
});

describe('message names', () => {
  it('generic numbers ignore the context', () => {
    expect(messageName(1)).toBe('SSH_MSG_DISCONNECT');
    expect(messageName(20)).toBe('SSH_MSG_KEXINIT');
    expect(messageName(100)).toBe('SSH_MSG_CHANNEL_FAILURE');
    expect(messageName(192)).toBe('SSH2_MSG_PING');
    expect(messageName(193)).toBe('SSH2_MSG_PONG');
    for (const context of MESSAGE_CONTEXTS) {
      expect(messageName(1, context)).toBe('SSH_MSG_DISCONNECT');
      expect(messageName(94, context)).toBe('SSH_MSG_CHANNEL_DATA');
    }
  });

  it('shared numbers get a fixed default without a context', () => {
    expect(messageName(30)).toBe('SSH_MSG_KEXDH_INIT');
    expect(messageName(31)).toBe('SSH_MSG_KEXDH_REPLY');
    expect(messageName(32)).toBe('SSH_MSG_KEX_DH_GEX_INIT');
    expect(messageName(33)).toBe('SSH_MSG_KEX_DH_GEX_REPLY');
    expect(messageName(34)).toBe('SSH_MSG_KEX_DH_GEX_REQUEST');
    expect(messageName(40)).toBe('SSH_MSG_KEXGSS_GROUPREQ');
    expect(messageName(41)).toBe('SSH_MSG_KEXGSS_GROUP');
    expect(messageName(60)).toBe('SSH_MSG_USERAUTH_INFO_REQUEST');
    expect(messageName(61)).toBe('SSH_MSG_USERAUTH_INFO_RESPONSE');
    expect(messageName(62)).toBe('unknown (62)');
    expect(messageName(66)).toBe('SSH_MSG_USERAUTH_GSSAPI_MIC');
  });

  it('a context picks the method-specific name', () => {
    const cases: ReadonlyArray<readonly [number, MessageContext, string]> = [
      [30, 'dh', 'SSH_MSG_KEXDH_INIT'],
      [31, 'dh', 'SSH_MSG_KEXDH_REPLY'],
      [30, 'ecdh', 'SSH_MSG_KEX_ECDH_INIT'],
      [31, 'ecdh', 'SSH_MSG_KEX_ECDH_REPLY'],
      [30, 'gex', 'SSH_MSG_KEX_DH_GEX_REQUEST_OLD'],
      [31, 'gex', 'SSH_MSG_KEX_DH_GEX_GROUP'],
      [32, 'gex', 'SSH_MSG_KEX_DH_GEX_INIT'],
      [33, 'gex', 'SSH_MSG_KEX_DH_GEX_REPLY'],
      [34, 'gex', 'SSH_MSG_KEX_DH_GEX_REQUEST'],
      [30, 'hybrid', 'SSH_MSG_KEX_HYBRID_INIT'],
      [31, 'hybrid', 'SSH_MSG_KEX_HYBRID_REPLY'],
      [31, 'gss', 'SSH_MSG_KEXGSS_CONTINUE'],
      [60, 'userauth-publickey', 'SSH_MSG_USERAUTH_PK_OK'],
      [60, 'userauth-password', 'SSH_MSG_USERAUTH_PASSWD_CHANGEREQ'],
      [60, 'userauth-kbdint', 'SSH_MSG_USERAUTH_INFO_REQUEST'],
      [61, 'userauth-kbdint', 'SSH_MSG_USERAUTH_INFO_RESPONSE'],
      [60, 'userauth-gssapi', 'SSH_MSG_USERAUTH_GSSAPI_RESPONSE'],
    ];
    for (const [code, context, name] of cases)
      expect([code, context, messageName(code, context)]).toEqual([code, context, name]);
  });

  it("a number the method does not define is unknown in that method's range", () => {
    expect(messageName(32, 'ecdh')).toBe('unknown (32)');
    expect(messageName(34, 'dh')).toBe('unknown (34)');
    expect(messageName(61, 'userauth-publickey')).toBe('unknown (61)');
    expect(messageInfo(32, 'ecdh')).toBeUndefined();
  });

  it('a context only applies to its own range; other ranges use the defaults', () => {
    expect(messageName(60, 'ecdh')).toBe('SSH_MSG_USERAUTH_INFO_REQUEST');
    expect(messageName(30, 'userauth-publickey')).toBe('SSH_MSG_KEXDH_INIT');
  });

  it('an unknown context string falls back to the defaults', () => {
    expect(messageName(30, 'nope' as MessageContext)).toBe('SSH_MSG_KEXDH_INIT');
    expect(messageName(30, 'toString' as MessageContext)).toBe('SSH_MSG_KEXDH_INIT');
  });

  it('default rows are the same objects as the method rows', () => {
    expect(MESSAGES.get(30)).toBe(METHOD_MESSAGES.dh.get(30));
    expect(MESSAGES.get(60)).toBe(METHOD_MESSAGES['userauth-kbdint'].get(60));
    expect(MESSAGES.get(30)?.context).toBe('dh');
    expect(MESSAGES.get(20)?.context).toBeUndefined();
  });

  it('messageByName finds every message by RFC name and MSG_* name', () => {
    for (const row of ALL_MESSAGES) {
      expect(messageByName(row.name)).toBe(row);
      if (row.alias !== undefined) expect(messageByName(row.alias)).toBe(row);
      expect(messageInfo(row.code, row.context)).toBe(row);
      expect(messageName(row.code, row.context)).toBe(row.name);
    }
    expect(messageByName('SSH_MSG_PING')?.code).toBe(192);
    expect(messageByName('SSH_MSG_NOPE')).toBeUndefined();
  });

  it('ALL_MESSAGES is sorted by number and has no duplicate row', () => {
    expect(new Set(ALL_MESSAGES).size).toBe(ALL_MESSAGES.length);
    const codes = ALL_MESSAGES.map((m) => m.code);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(ALL_MESSAGES.filter((m) => m.code === 30).map((m) => m.context)).toEqual([
      'dh',
      'gex',
      'ecdh',
      'hybrid',
      'gss',
    ]);
  });
});

describe('flag masks', () => {
  it('split a mask into names', () => {
    expect(sftpOpenFlagNames(FXF_WRITE | FXF_CREAT | FXF_TRUNC)).toEqual([
      'SSH_FXF_WRITE',
      'SSH_FXF_CREAT',
      'SSH_FXF_TRUNC',
    ]);
    expect(sftpOpenFlagNames(0)).toEqual([]);
    expect(sftpAttrFlagNames(0x8000000f)).toEqual([
      'SSH_FILEXFER_ATTR_SIZE',
      'SSH_FILEXFER_ATTR_UIDGID',
      'SSH_FILEXFER_ATTR_PERMISSIONS',
      'SSH_FILEXFER_ATTR_ACMODTIME',
      'SSH_FILEXFER_ATTR_EXTENDED',
    ]);
  });

  it('report unknown bits together, in hex', () => {
    expect(sftpOpenFlagNames(0x41)).toEqual(['SSH_FXF_READ', 'unknown (0x40)']);
    expect(sftpAttrFlagNames(0x70000010)).toEqual(['unknown (0x70000010)']);
  });

  it.each(NOT_CODES)("answer ['unknown (%p)'] for a non-uint32 mask", (mask) => {
    expect(flagNames(SFTP_OPEN_FLAGS, mask)).toEqual([`unknown (${String(mask)})`]);
  });
});
