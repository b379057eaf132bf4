// Consistency of every table: names, titles and descriptions present, lookups
// both ways agree, grouped objects and named constants agree with the rows.
import { describe, expect, it } from '@jest/globals';
import * as codes from '../src/index.js';
import {
  AGENT_CONSTRAINTS,
  AGENT_MESSAGES,
  AGENT_SIGNATURE_FLAGS,
  ALL_MESSAGES,
  CERT_TYPE,
  CERT_TYPES,
  CHANNEL_OPEN_FAILURES,
  type CodeInfo,
  type CodeTable,
  DISCONNECT,
  DISCONNECT_REASONS,
  defineCodeTable,
  EXTENDED_DATA,
  EXTENDED_DATA_TYPES,
  FILEXFER_ATTR,
  FX,
  FXE_STATVFS,
  FXF,
  FXP,
  LOCAL_OPEN_FAILURE,
  MESSAGE_CONTEXTS,
  MESSAGES,
  METHOD_MESSAGES,
  MSG,
  namesOf,
  OPEN_FAILURE,
  PTY_MODE,
  PTY_MODES,
  SFTP_ATTR_FLAGS,
  SFTP_OPEN_FLAGS,
  SFTP_PACKET_TYPES,
  SFTP_STATUS_CODES,
  SFTP_STATVFS_FLAGS,
  SIGNAL,
  SIGNALS,
} from '../src/index.js';

const exported = codes as unknown as Readonly<Record<string, unknown>>;

const TABLES: ReadonlyArray<readonly [string, CodeTable]> = [
  ['DISCONNECT_REASONS', DISCONNECT_REASONS],
  ['CHANNEL_OPEN_FAILURES', CHANNEL_OPEN_FAILURES],
  ['EXTENDED_DATA_TYPES', EXTENDED_DATA_TYPES],
  ['PTY_MODES', PTY_MODES],
  ['MESSAGES', MESSAGES],
  ...MESSAGE_CONTEXTS.map((c) => [`METHOD_MESSAGES.${c}`, METHOD_MESSAGES[c]] as const),
  ['SFTP_PACKET_TYPES', SFTP_PACKET_TYPES],
  ['SFTP_STATUS_CODES', SFTP_STATUS_CODES],
  ['SFTP_ATTR_FLAGS', SFTP_ATTR_FLAGS],
  ['SFTP_OPEN_FLAGS', SFTP_OPEN_FLAGS],
  ['SFTP_STATVFS_FLAGS', SFTP_STATVFS_FLAGS],
  ['CERT_TYPES', CERT_TYPES],
  ['AGENT_MESSAGES', AGENT_MESSAGES],
  ['AGENT_CONSTRAINTS', AGENT_CONSTRAINTS],
  ['AGENT_SIGNATURE_FLAGS', AGENT_SIGNATURE_FLAGS],
];

/** One sentence: starts upper case, ends with a period, no sentence break inside. */
function isOneSentence(text: string): boolean {
  return /^[A-Z0-9]/.test(text) && text.endsWith('.') && !/[.!?]\s/.test(text) && text.trim() === text;
}

describe.each(TABLES)('%s', (_label, table) => {
  it('has a title, a reference and rows', () => {
    expect(table.title.length).toBeGreaterThan(0);
    expect(table.reference.length).toBeGreaterThan(0);
    expect(table.rows.length).toBeGreaterThan(0);
  });

  it('every row has a name, an alias, a title and a one-sentence description', () => {
    for (const row of table.rows) {
      expect(row.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(row.title.length).toBeGreaterThan(0);
      expect([row.name, isOneSentence(row.description)]).toEqual([row.name, true]);
      // Every row has an AsyncSSH-style name except the local-only ones, which are named by it.
      if (row.localOnly !== true) expect([row.name, typeof row.alias]).toEqual([row.name, 'string']);
    }
  });

  it('is a bijection: get(code) and byName(every name) give back the same row', () => {
    const codesSeen = new Set<number>();
    const namesSeen = new Set<string>();
    for (const row of table.rows) {
      expect(codesSeen.has(row.code)).toBe(false);
      codesSeen.add(row.code);
      expect(table.get(row.code)).toBe(row);
      expect(table.has(row.code)).toBe(true);
      expect(table.nameOf(row.code)).toBe(row.name);
      expect(table.describe(row.code)).toBe(`${row.title}: ${row.description}`);
      for (const name of namesOf(row)) {
        expect(namesSeen.has(name)).toBe(false);
        namesSeen.add(name);
        expect(table.byName(name)).toBe(row);
      }
    }
  });

  it('rows are sorted by code, are uint32s and frozen', () => {
    const sorted = [...table.rows].sort((a, b) => a.code - b.code);
    expect(table.rows).toEqual(sorted);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.rows)).toBe(true);
    for (const row of table.rows) {
      expect(Number.isInteger(row.code) && row.code >= 0 && row.code <= 0xffffffff).toBe(true);
      expect(Object.isFrozen(row)).toBe(true);
    }
  });

  it('iterates over its rows', () => {
    expect([...table]).toEqual(table.rows);
  });

  it("answers 'unknown (N)' for codes it does not know, never undefined", () => {
    const missing = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 0x1_0000_0000, 12345].filter(
      (c) => !table.has(c),
    );
    expect(missing.length).toBeGreaterThan(3);
    for (const code of missing) {
      expect(table.get(code)).toBeUndefined();
      expect(table.nameOf(code)).toBe(`unknown (${String(code)})`);
      expect(table.describe(code)).toBe(`unknown (${String(code)})`);
    }
    expect(table.byName('NO_SUCH_NAME')).toBeUndefined();
    expect(table.byName('')).toBeUndefined();
  });

  it('ignores input of the wrong type', () => {
    expect(table.get('1' as unknown as number)).toBeUndefined();
    expect(table.nameOf('1' as unknown as number)).toBe('unknown ("1")');
    expect(table.nameOf(undefined as unknown as number)).toBe('unknown (undefined)');
    expect(table.byName(1 as unknown as string)).toBeUndefined();
  });

  it('exports each AsyncSSH-style alias as a constant with the row value', () => {
    for (const row of table.rows) {
      for (const name of namesOf(row)) {
        if (name in exported) expect([name, exported[name]]).toEqual([name, row.code]);
      }
      if (row.alias !== undefined) expect([row.alias, exported[row.alias]]).toEqual([row.alias, row.code]);
    }
  });
});

describe('grouped as-const objects agree with the tables', () => {
  const groups: ReadonlyArray<readonly [string, Readonly<Record<string, number>>, CodeTable, string]> = [
    ['DISCONNECT', DISCONNECT, DISCONNECT_REASONS, 'SSH_DISCONNECT_'],
    ['OPEN_FAILURE', OPEN_FAILURE, CHANNEL_OPEN_FAILURES, 'SSH_OPEN_'],
    ['LOCAL_OPEN_FAILURE', LOCAL_OPEN_FAILURE, CHANNEL_OPEN_FAILURES, 'OPEN_'],
    ['EXTENDED_DATA', EXTENDED_DATA, EXTENDED_DATA_TYPES, 'SSH_EXTENDED_DATA_'],
    ['PTY_MODE', PTY_MODE, PTY_MODES, ''],
    ['FXP', FXP, SFTP_PACKET_TYPES, 'SSH_FXP_'],
    ['FX', FX, SFTP_STATUS_CODES, 'SSH_FX_'],
    ['FILEXFER_ATTR', FILEXFER_ATTR, SFTP_ATTR_FLAGS, 'SSH_FILEXFER_ATTR_'],
    ['FXF', FXF, SFTP_OPEN_FLAGS, 'SSH_FXF_'],
    ['FXE_STATVFS', FXE_STATVFS, SFTP_STATVFS_FLAGS, 'SSH_FXE_STATVFS_'],
    ['CERT_TYPE', CERT_TYPE, CERT_TYPES, 'SSH2_CERT_TYPE_'],
  ];

  it.each(groups)('%s', (_label, group, table, prefix) => {
    expect(Object.isFrozen(group)).toBe(true);
    for (const [key, value] of Object.entries(group)) {
      expect([key, table.byName(`${prefix}${key}`)?.code]).toEqual([key, value]);
    }
    const wire = table.rows.filter((r) => (prefix === 'OPEN_' ? r.localOnly === true : r.localOnly !== true));
    expect(Object.keys(group)).toHaveLength(wire.length);
  });

  it('MSG lists every message once per name', () => {
    expect(Object.isFrozen(MSG)).toBe(true);
    expect(Object.keys(MSG)).toHaveLength(ALL_MESSAGES.length);
    for (const row of ALL_MESSAGES) {
      const key = row.alias?.replace(/^MSG_/, '') ?? '';
      expect([key, (MSG as Readonly<Record<string, number>>)[key]]).toEqual([key, row.code]);
    }
  });

  it('SIGNAL lists every signal', () => {
    expect(Object.values(SIGNAL)).toEqual(SIGNALS.rows.map((s) => s.name));
  });
});

describe('RFC-named constants equal the AsyncSSH-named ones', () => {
  const prefixes: ReadonlyArray<readonly [string, string]> = [
    ['SSH_DISCONNECT_', 'DISC_'],
    ['SSH_OPEN_', 'OPEN_'],
    ['SSH_EXTENDED_DATA_', 'EXTENDED_DATA_'],
    ['SSH_FXP_', 'FXP_'],
    ['SSH_FX_', 'FX_'],
    ['SSH_FILEXFER_ATTR_', 'FILEXFER_ATTR_'],
    ['SSH_FXF_', 'FXF_'],
    ['SSH_FXE_STATVFS_', 'FXE_STATVFS_'],
    ['SSH2_CERT_TYPE_', 'CERT_TYPE_'],
  ];
  it.each(prefixes)('%s* = %s*', (rfc, short) => {
    const names = Object.keys(exported).filter((k) => k.startsWith(rfc) && !k.startsWith(`${rfc}_`));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const other = short + name.slice(rfc.length);
      expect([name, exported[name]]).toEqual([name, exported[other]]);
    }
  });
});

describe('signals table', () => {
  it('every signal has a title and a one-sentence description', () => {
    expect(Object.isFrozen(SIGNALS)).toBe(true);
    for (const s of SIGNALS) {
      expect(s.title.length).toBeGreaterThan(0);
      expect([s.name, isOneSentence(s.description)]).toEqual([s.name, true]);
      expect(SIGNALS.has(s.name)).toBe(true);
      expect(SIGNALS.describe(s.posixName)).toBe(`${s.title}: ${s.description}`);
    }
    expect(SIGNALS.get('WINCH')).toBeUndefined();
    expect(SIGNALS.describe('WINCH')).toBe('unknown ("WINCH")');
    expect(SIGNALS.get(15 as unknown as string)).toBeUndefined();
  });
});

describe('defineCodeTable', () => {
  const row = (code: number, name: string): CodeInfo => ({ code, name, title: 'T', description: 'D.' });

  it('builds a frozen, sorted table and keeps frozen rows as they are', () => {
    const shared = Object.freeze(row(5, 'FIVE'));
    const table = defineCodeTable({ title: 'X', reference: 'test', rows: [row(7, 'SEVEN'), shared] });
    expect(table.rows.map((r) => r.code)).toEqual([5, 7]);
    expect(table.get(5)).toBe(shared);
    expect(Object.isFrozen(table.get(7))).toBe(true);
  });

  it('copies unfrozen input rows, so later changes to them do not leak in', () => {
    const input = { ...row(1, 'ONE'), aliases: ['UNO'] };
    const table = defineCodeTable({ title: 'X', reference: 'test', rows: [input] });
    input.aliases.push('EINS');
    expect(table.get(1)?.aliases).toEqual(['UNO']);
    expect(table.byName('EINS')).toBeUndefined();
  });

  it('rejects codes that are not uint32s with RangeError', () => {
    for (const code of [-1, 1.5, Number.NaN, 0x1_0000_0000]) {
      expect(() => defineCodeTable({ title: 'X', reference: 'test', rows: [row(code, 'A')] })).toThrow(
        RangeError,
      );
    }
  });

  it('rejects duplicate codes, duplicate names and empty text with TypeError', () => {
    const make =
      (rows: CodeInfo[], title = 'X') =>
      () =>
        defineCodeTable({ title, reference: 'test', rows });
    expect(make([row(1, 'A'), row(1, 'B')])).toThrow(TypeError);
    expect(make([row(1, 'A'), row(2, 'A')])).toThrow(TypeError);
    expect(make([row(1, 'A'), { ...row(2, 'B'), alias: 'A' }])).toThrow(TypeError);
    expect(make([{ ...row(1, 'A'), description: '' }])).toThrow(TypeError);
    expect(make([row(1, '')])).toThrow(TypeError);
    expect(make([row(1, 'A')], '')).toThrow(TypeError);
  });
});
