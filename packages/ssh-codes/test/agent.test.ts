// The ssh-agent numbers, typed out by hand from draft-miller-ssh-agent (and
// OpenSSH's authfd.h for the SSH2_ spellings), not generated from the code.
import { describe, expect, it } from '@jest/globals';
import * as codes from '../src/index.js';
import {
  AGENT_CONSTRAIN,
  AGENT_CONSTRAINTS,
  AGENT_MESSAGES,
  AGENT_MSG,
  AGENT_SIGN_FLAG,
  AGENT_SIGNATURE_FLAGS,
  agentMessageName,
  agentSignatureFlagNames,
  type CodeTable,
  describeAgentMessage,
} from '../src/index.js';

type Pairs = ReadonlyArray<readonly [string, number]>;

const MESSAGES: Pairs = [
  ['SSH_AGENT_FAILURE', 5],
  ['SSH_AGENT_SUCCESS', 6],
  ['SSH_AGENTC_REQUEST_IDENTITIES', 11],
  ['SSH_AGENT_IDENTITIES_ANSWER', 12],
  ['SSH_AGENTC_SIGN_REQUEST', 13],
  ['SSH_AGENT_SIGN_RESPONSE', 14],
  ['SSH_AGENTC_ADD_IDENTITY', 17],
  ['SSH_AGENTC_REMOVE_IDENTITY', 18],
  ['SSH_AGENTC_REMOVE_ALL_IDENTITIES', 19],
  ['SSH_AGENTC_ADD_SMARTCARD_KEY', 20],
  ['SSH_AGENTC_REMOVE_SMARTCARD_KEY', 21],
  ['SSH_AGENTC_LOCK', 22],
  ['SSH_AGENTC_UNLOCK', 23],
  ['SSH_AGENTC_ADD_ID_CONSTRAINED', 25],
  ['SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED', 26],
  ['SSH_AGENTC_EXTENSION', 27],
  ['SSH_AGENT_EXTENSION_FAILURE', 28],
  ['SSH_AGENT_EXTENSION_RESPONSE', 29],
];

const CONSTRAINTS: Pairs = [
  ['SSH_AGENT_CONSTRAIN_LIFETIME', 1],
  ['SSH_AGENT_CONSTRAIN_CONFIRM', 2],
  ['SSH_AGENT_CONSTRAIN_EXTENSION', 255],
];

const SIGNATURE_FLAGS: Pairs = [
  ['SSH_AGENT_RSA_SHA2_256', 2],
  ['SSH_AGENT_RSA_SHA2_512', 4],
];

// OpenSSH authfd.h names the protocol 2 key messages with an SSH2_ prefix.
const OPENSSH_SSH2_NAMES: Pairs = [
  ['SSH2_AGENTC_REQUEST_IDENTITIES', 11],
  ['SSH2_AGENT_IDENTITIES_ANSWER', 12],
  ['SSH2_AGENTC_SIGN_REQUEST', 13],
  ['SSH2_AGENT_SIGN_RESPONSE', 14],
  ['SSH2_AGENTC_ADD_IDENTITY', 17],
  ['SSH2_AGENTC_REMOVE_IDENTITY', 18],
  ['SSH2_AGENTC_REMOVE_ALL_IDENTITIES', 19],
  ['SSH2_AGENTC_ADD_ID_CONSTRAINED', 25],
];

const exported = codes as unknown as Readonly<Record<string, unknown>>;

function expectExactly(table: CodeTable, pairs: Pairs): void {
  for (const [name, code] of pairs) {
    expect([name, table.byName(name)?.code]).toEqual([name, code]);
    expect([code, table.get(code)?.name]).toEqual([code, name]);
    expect([name, exported[name]]).toEqual([name, code]);
  }
  expect(table.rows.map((r) => [r.name, r.code])).toEqual([...pairs].sort((a, b) => a[1] - b[1]));
}

describe('ssh-agent numbers against draft-miller-ssh-agent', () => {
  it('message types', () => {
    expectExactly(AGENT_MESSAGES, MESSAGES);
  });

  it('key constraint types', () => {
    expectExactly(AGENT_CONSTRAINTS, CONSTRAINTS);
  });

  it('signature flags', () => {
    expectExactly(AGENT_SIGNATURE_FLAGS, SIGNATURE_FLAGS);
  });

  it("OpenSSH's SSH2_ spellings find the same rows", () => {
    for (const [name, code] of OPENSSH_SSH2_NAMES) {
      expect([name, AGENT_MESSAGES.byName(name)?.code]).toEqual([name, code]);
    }
  });
});

describe('grouped ssh-agent objects', () => {
  it('AGENT_MSG keys drop the SSH_AGENTC_ / SSH_AGENT_ prefix', () => {
    expect(Object.isFrozen(AGENT_MSG)).toBe(true);
    expect(Object.keys(AGENT_MSG)).toHaveLength(MESSAGES.length);
    for (const [name, code] of MESSAGES) {
      const key = name.replace(/^SSH_AGENTC?_/, '') as keyof typeof AGENT_MSG;
      expect([key, AGENT_MSG[key]]).toEqual([key, code]);
    }
  });

  it('AGENT_CONSTRAIN and AGENT_SIGN_FLAG', () => {
    expect(AGENT_CONSTRAIN).toEqual({ LIFETIME: 1, CONFIRM: 2, EXTENSION: 255 });
    expect(AGENT_SIGN_FLAG).toEqual({ RSA_SHA2_256: 2, RSA_SHA2_512: 4 });
    expect(Object.isFrozen(AGENT_CONSTRAIN) && Object.isFrozen(AGENT_SIGN_FLAG)).toBe(true);
  });
});

describe('ssh-agent lookups', () => {
  it('name and describe a message type', () => {
    expect(agentMessageName(12)).toBe('SSH_AGENT_IDENTITIES_ANSWER');
    expect(agentMessageName(24)).toBe('unknown (24)');
    const lock = AGENT_MESSAGES.get(22);
    expect(describeAgentMessage(22)).toBe(`${lock?.title}: ${lock?.description}`);
    expect(describeAgentMessage(1.5)).toBe('unknown (1.5)');
  });

  it('split signature flags into names', () => {
    expect(agentSignatureFlagNames(0)).toEqual([]);
    expect(agentSignatureFlagNames(6)).toEqual(['SSH_AGENT_RSA_SHA2_256', 'SSH_AGENT_RSA_SHA2_512']);
    expect(agentSignatureFlagNames(5)).toEqual(['SSH_AGENT_RSA_SHA2_512', 'unknown (0x1)']);
  });
});
