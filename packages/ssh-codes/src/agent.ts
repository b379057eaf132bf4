/**
 * ssh-agent protocol numbers (draft-miller-ssh-agent, as OpenSSH's
 * `ssh-agent` speaks it): message types, key constraint types and signature
 * request flags.
 *
 * The names are the draft's, which AsyncSSH uses too. OpenSSH's `authfd.h`
 * spells the protocol 2 key messages `SSH2_AGENTC_*` / `SSH2_AGENT_*`; those
 * spellings are accepted by `byName` as aliases.
 */
import { type CodeTable, defineCodeTable, flagNames } from './table.js';

const DRAFT = 'draft-miller-ssh-agent';

// ---- message types

/** `SSH_AGENT_FAILURE` = 5: the agent could not or would not perform the request. */
export const SSH_AGENT_FAILURE = 5;
/** `SSH_AGENT_SUCCESS` = 6: the request was performed. */
export const SSH_AGENT_SUCCESS = 6;
/** `SSH_AGENTC_REQUEST_IDENTITIES` = 11: list the keys the agent holds. */
export const SSH_AGENTC_REQUEST_IDENTITIES = 11;
/** `SSH_AGENT_IDENTITIES_ANSWER` = 12: the list of keys. */
export const SSH_AGENT_IDENTITIES_ANSWER = 12;
/** `SSH_AGENTC_SIGN_REQUEST` = 13: sign data with a key. */
export const SSH_AGENTC_SIGN_REQUEST = 13;
/** `SSH_AGENT_SIGN_RESPONSE` = 14: the signature. */
export const SSH_AGENT_SIGN_RESPONSE = 14;
/** `SSH_AGENTC_ADD_IDENTITY` = 17: add a private key. */
export const SSH_AGENTC_ADD_IDENTITY = 17;
/** `SSH_AGENTC_REMOVE_IDENTITY` = 18: remove a key. */
export const SSH_AGENTC_REMOVE_IDENTITY = 18;
/** `SSH_AGENTC_REMOVE_ALL_IDENTITIES` = 19: remove every key. */
export const SSH_AGENTC_REMOVE_ALL_IDENTITIES = 19;
/** `SSH_AGENTC_ADD_SMARTCARD_KEY` = 20: add the keys of a smartcard provider. */
export const SSH_AGENTC_ADD_SMARTCARD_KEY = 20;
/** `SSH_AGENTC_REMOVE_SMARTCARD_KEY` = 21: remove the keys of a smartcard provider. */
export const SSH_AGENTC_REMOVE_SMARTCARD_KEY = 21;
/** `SSH_AGENTC_LOCK` = 22: lock the agent with a passphrase. */
export const SSH_AGENTC_LOCK = 22;
/** `SSH_AGENTC_UNLOCK` = 23: unlock the agent. */
export const SSH_AGENTC_UNLOCK = 23;
/** `SSH_AGENTC_ADD_ID_CONSTRAINED` = 25: add a private key with constraints. */
export const SSH_AGENTC_ADD_ID_CONSTRAINED = 25;
/** `SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED` = 26: add smartcard keys with constraints. */
export const SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED = 26;
/** `SSH_AGENTC_EXTENSION` = 27: a vendor extension request. */
export const SSH_AGENTC_EXTENSION = 27;
/** `SSH_AGENT_EXTENSION_FAILURE` = 28: an extension request failed. */
export const SSH_AGENT_EXTENSION_FAILURE = 28;
/** `SSH_AGENT_EXTENSION_RESPONSE` = 29: the answer to an extension request. */
export const SSH_AGENT_EXTENSION_RESPONSE = 29;

/**
 * Agent message types keyed by their draft name without the `SSH_AGENTC_` or
 * `SSH_AGENT_` prefix (requests and answers share no suffix).
 *
 * @example
 * ```ts
 * import { AGENT_MSG } from '@sshkit/ssh-codes';
 * AGENT_MSG.SIGN_REQUEST; // 13
 * ```
 */
export const AGENT_MSG = /* @__PURE__ */ Object.freeze({
  FAILURE: 5,
  SUCCESS: 6,
  REQUEST_IDENTITIES: 11,
  IDENTITIES_ANSWER: 12,
  SIGN_REQUEST: 13,
  SIGN_RESPONSE: 14,
  ADD_IDENTITY: 17,
  REMOVE_IDENTITY: 18,
  REMOVE_ALL_IDENTITIES: 19,
  ADD_SMARTCARD_KEY: 20,
  REMOVE_SMARTCARD_KEY: 21,
  LOCK: 22,
  UNLOCK: 23,
  ADD_ID_CONSTRAINED: 25,
  ADD_SMARTCARD_KEY_CONSTRAINED: 26,
  EXTENSION: 27,
  EXTENSION_FAILURE: 28,
  EXTENSION_RESPONSE: 29,
} as const);
/** An ssh-agent message type defined by draft-miller-ssh-agent. */
export type AgentMessageType = (typeof AGENT_MSG)[keyof typeof AGENT_MSG];

// ---- key constraints

/** `SSH_AGENT_CONSTRAIN_LIFETIME` = 1: the key is deleted after a number of seconds. */
export const SSH_AGENT_CONSTRAIN_LIFETIME = 1;
/** `SSH_AGENT_CONSTRAIN_CONFIRM` = 2: every use of the key must be confirmed by the user. */
export const SSH_AGENT_CONSTRAIN_CONFIRM = 2;
/** `SSH_AGENT_CONSTRAIN_EXTENSION` = 255: a named vendor constraint. */
export const SSH_AGENT_CONSTRAIN_EXTENSION = 255;

/**
 * Key constraint types keyed without the `SSH_AGENT_CONSTRAIN_` prefix.
 *
 * @example
 * ```ts
 * import { AGENT_CONSTRAIN } from '@sshkit/ssh-codes';
 * AGENT_CONSTRAIN.LIFETIME; // 1
 * ```
 */
export const AGENT_CONSTRAIN = /* @__PURE__ */ Object.freeze({
  LIFETIME: 1,
  CONFIRM: 2,
  EXTENSION: 255,
} as const);
/** A key constraint type of ADD_ID_CONSTRAINED. */
export type AgentConstraintType = (typeof AGENT_CONSTRAIN)[keyof typeof AGENT_CONSTRAIN];

// ---- signature flags

/** `SSH_AGENT_RSA_SHA2_256` = 2: sign with an RSA key as `rsa-sha2-256`. */
export const SSH_AGENT_RSA_SHA2_256 = 2;
/** `SSH_AGENT_RSA_SHA2_512` = 4: sign with an RSA key as `rsa-sha2-512`. */
export const SSH_AGENT_RSA_SHA2_512 = 4;

/**
 * Signature request flags keyed without the `SSH_AGENT_` prefix.
 *
 * @example
 * ```ts
 * import { AGENT_SIGN_FLAG } from '@sshkit/ssh-codes';
 * AGENT_SIGN_FLAG.RSA_SHA2_512; // 4
 * ```
 */
export const AGENT_SIGN_FLAG = /* @__PURE__ */ Object.freeze({
  RSA_SHA2_256: 2,
  RSA_SHA2_512: 4,
} as const);
/** A signature flag bit of SIGN_REQUEST. */
export type AgentSignFlag = (typeof AGENT_SIGN_FLAG)[keyof typeof AGENT_SIGN_FLAG];

/**
 * Every ssh-agent message type with its names, title and description.
 *
 * @example
 * ```ts
 * import { AGENT_MESSAGES } from '@sshkit/ssh-codes';
 * AGENT_MESSAGES.nameOf(12);                                   // 'SSH_AGENT_IDENTITIES_ANSWER'
 * AGENT_MESSAGES.byName('SSH2_AGENTC_SIGN_REQUEST')?.code;     // 13 (OpenSSH spelling)
 * ```
 */
export const AGENT_MESSAGES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Agent messages',
  reference: DRAFT,
  rows: [
    {
      code: SSH_AGENT_FAILURE,
      name: 'SSH_AGENT_FAILURE',
      alias: 'SSH_AGENT_FAILURE',
      title: 'Failure',
      description: 'The agent could not or would not perform the request, or does not know its type.',
    },
    {
      code: SSH_AGENT_SUCCESS,
      name: 'SSH_AGENT_SUCCESS',
      alias: 'SSH_AGENT_SUCCESS',
      title: 'Success',
      description: 'The agent performed a request that has no other answer.',
    },
    {
      code: SSH_AGENTC_REQUEST_IDENTITIES,
      name: 'SSH_AGENTC_REQUEST_IDENTITIES',
      alias: 'SSH_AGENTC_REQUEST_IDENTITIES',
      aliases: ['SSH2_AGENTC_REQUEST_IDENTITIES'],
      title: 'Request identities',
      description: 'The client asks for the public keys and comments of every key the agent holds.',
    },
    {
      code: SSH_AGENT_IDENTITIES_ANSWER,
      name: 'SSH_AGENT_IDENTITIES_ANSWER',
      alias: 'SSH_AGENT_IDENTITIES_ANSWER',
      aliases: ['SSH2_AGENT_IDENTITIES_ANSWER'],
      title: 'Identities answer',
      description: 'The agent lists its keys as a count followed by a key blob and a comment for each.',
    },
    {
      code: SSH_AGENTC_SIGN_REQUEST,
      name: 'SSH_AGENTC_SIGN_REQUEST',
      alias: 'SSH_AGENTC_SIGN_REQUEST',
      aliases: ['SSH2_AGENTC_SIGN_REQUEST'],
      title: 'Sign request',
      description: 'The client asks the agent to sign data with the key whose public blob it names.',
    },
    {
      code: SSH_AGENT_SIGN_RESPONSE,
      name: 'SSH_AGENT_SIGN_RESPONSE',
      alias: 'SSH_AGENT_SIGN_RESPONSE',
      aliases: ['SSH2_AGENT_SIGN_RESPONSE'],
      title: 'Sign response',
      description: 'The agent returns the signature in the SSH signature encoding.',
    },
    {
      code: SSH_AGENTC_ADD_IDENTITY,
      name: 'SSH_AGENTC_ADD_IDENTITY',
      alias: 'SSH_AGENTC_ADD_IDENTITY',
      aliases: ['SSH2_AGENTC_ADD_IDENTITY'],
      title: 'Add identity',
      description: 'The client hands the agent a private key and its comment to keep.',
    },
    {
      code: SSH_AGENTC_REMOVE_IDENTITY,
      name: 'SSH_AGENTC_REMOVE_IDENTITY',
      alias: 'SSH_AGENTC_REMOVE_IDENTITY',
      aliases: ['SSH2_AGENTC_REMOVE_IDENTITY'],
      title: 'Remove identity',
      description: 'The client asks the agent to forget the key whose public blob it names.',
    },
    {
      code: SSH_AGENTC_REMOVE_ALL_IDENTITIES,
      name: 'SSH_AGENTC_REMOVE_ALL_IDENTITIES',
      alias: 'SSH_AGENTC_REMOVE_ALL_IDENTITIES',
      aliases: ['SSH2_AGENTC_REMOVE_ALL_IDENTITIES'],
      title: 'Remove all identities',
      description: 'The client asks the agent to forget every key it holds.',
    },
    {
      code: SSH_AGENTC_ADD_SMARTCARD_KEY,
      name: 'SSH_AGENTC_ADD_SMARTCARD_KEY',
      alias: 'SSH_AGENTC_ADD_SMARTCARD_KEY',
      title: 'Add smartcard key',
      description:
        'The client asks the agent to load the keys of a smartcard or PKCS#11 provider with a PIN.',
    },
    {
      code: SSH_AGENTC_REMOVE_SMARTCARD_KEY,
      name: 'SSH_AGENTC_REMOVE_SMARTCARD_KEY',
      alias: 'SSH_AGENTC_REMOVE_SMARTCARD_KEY',
      title: 'Remove smartcard key',
      description: 'The client asks the agent to forget the keys it loaded from a smartcard provider.',
    },
    {
      code: SSH_AGENTC_LOCK,
      name: 'SSH_AGENTC_LOCK',
      alias: 'SSH_AGENTC_LOCK',
      title: 'Lock',
      description: 'The client locks the agent with a passphrase, after which it lists and uses no keys.',
    },
    {
      code: SSH_AGENTC_UNLOCK,
      name: 'SSH_AGENTC_UNLOCK',
      alias: 'SSH_AGENTC_UNLOCK',
      title: 'Unlock',
      description: 'The client unlocks a locked agent with the passphrase it was locked with.',
    },
    {
      code: SSH_AGENTC_ADD_ID_CONSTRAINED,
      name: 'SSH_AGENTC_ADD_ID_CONSTRAINED',
      alias: 'SSH_AGENTC_ADD_ID_CONSTRAINED',
      aliases: ['SSH2_AGENTC_ADD_ID_CONSTRAINED'],
      title: 'Add constrained identity',
      description:
        'The client adds a private key with constraints such as a lifetime or confirmation on use.',
    },
    {
      code: SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED,
      name: 'SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED',
      alias: 'SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED',
      title: 'Add constrained smartcard key',
      description: 'The client loads the keys of a smartcard provider with constraints on their use.',
    },
    {
      code: SSH_AGENTC_EXTENSION,
      name: 'SSH_AGENTC_EXTENSION',
      alias: 'SSH_AGENTC_EXTENSION',
      title: 'Extension',
      description:
        'The client sends a request named by an extension type, such as the query for supported extensions.',
    },
    {
      code: SSH_AGENT_EXTENSION_FAILURE,
      name: 'SSH_AGENT_EXTENSION_FAILURE',
      alias: 'SSH_AGENT_EXTENSION_FAILURE',
      title: 'Extension failure',
      description: 'The agent knows the extension but could not perform the request.',
    },
    {
      code: SSH_AGENT_EXTENSION_RESPONSE,
      name: 'SSH_AGENT_EXTENSION_RESPONSE',
      alias: 'SSH_AGENT_EXTENSION_RESPONSE',
      title: 'Extension response',
      description: 'The agent answers an extension request with data specific to that extension.',
    },
  ],
});

/**
 * The key constraint types of ADD_ID_CONSTRAINED and ADD_SMARTCARD_KEY_CONSTRAINED.
 *
 * @example
 * ```ts
 * import { AGENT_CONSTRAINTS } from '@sshkit/ssh-codes';
 * AGENT_CONSTRAINTS.get(2)?.title; // 'Confirm'
 * ```
 */
export const AGENT_CONSTRAINTS: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Agent key constraints',
  reference: DRAFT,
  rows: [
    {
      code: SSH_AGENT_CONSTRAIN_LIFETIME,
      name: 'SSH_AGENT_CONSTRAIN_LIFETIME',
      alias: 'SSH_AGENT_CONSTRAIN_LIFETIME',
      title: 'Lifetime',
      description: 'The agent deletes the key once the given number of seconds has passed.',
    },
    {
      code: SSH_AGENT_CONSTRAIN_CONFIRM,
      name: 'SSH_AGENT_CONSTRAIN_CONFIRM',
      alias: 'SSH_AGENT_CONSTRAIN_CONFIRM',
      title: 'Confirm',
      description: 'The agent asks the user to confirm each use of the key before signing.',
    },
    {
      code: SSH_AGENT_CONSTRAIN_EXTENSION,
      name: 'SSH_AGENT_CONSTRAIN_EXTENSION',
      alias: 'SSH_AGENT_CONSTRAIN_EXTENSION',
      title: 'Extension constraint',
      description: 'A constraint named by an extension type and followed by data of its own.',
    },
  ],
});

/**
 * The flag bits of a SIGN_REQUEST.
 *
 * @example
 * ```ts
 * import { AGENT_SIGNATURE_FLAGS } from '@sshkit/ssh-codes';
 * AGENT_SIGNATURE_FLAGS.nameOf(4); // 'SSH_AGENT_RSA_SHA2_512'
 * ```
 */
export const AGENT_SIGNATURE_FLAGS: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Agent signature flags',
  reference: DRAFT,
  rows: [
    {
      code: SSH_AGENT_RSA_SHA2_256,
      name: 'SSH_AGENT_RSA_SHA2_256',
      alias: 'SSH_AGENT_RSA_SHA2_256',
      title: 'RSA SHA-256',
      description: 'An RSA key signs with SHA-256, giving an rsa-sha2-256 signature (RFC 8332).',
    },
    {
      code: SSH_AGENT_RSA_SHA2_512,
      name: 'SSH_AGENT_RSA_SHA2_512',
      alias: 'SSH_AGENT_RSA_SHA2_512',
      title: 'RSA SHA-512',
      description: 'An RSA key signs with SHA-512, giving an rsa-sha2-512 signature (RFC 8332).',
    },
  ],
});

/**
 * The draft name of an ssh-agent message type.
 *
 * @param code - the type byte of an agent message
 * @returns e.g. `'SSH_AGENTC_SIGN_REQUEST'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { agentMessageName } from '@sshkit/ssh-codes';
 * agentMessageName(5);  // 'SSH_AGENT_FAILURE'
 * agentMessageName(99); // 'unknown (99)'
 * ```
 */
export function agentMessageName(code: number): string {
  return AGENT_MESSAGES.nameOf(code);
}

/**
 * A one-line explanation of an ssh-agent message type, for logs and error messages.
 *
 * @param code - the type byte of an agent message
 * @returns `'<title>: <description>'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { describeAgentMessage } from '@sshkit/ssh-codes';
 * describeAgentMessage(22); // 'Lock: The client locks the agent with a passphrase, ...'
 * ```
 */
export function describeAgentMessage(code: number): string {
  return AGENT_MESSAGES.describe(code);
}

/**
 * The names of the flags set in a SIGN_REQUEST's flags.
 *
 * @param mask - the `flags` field as a `uint32`
 * @returns the names in ascending bit order, then any unknown bits as `'unknown (0x…)'`
 *
 * @example
 * ```ts
 * import { agentSignatureFlagNames } from '@sshkit/ssh-codes';
 * agentSignatureFlagNames(4); // ['SSH_AGENT_RSA_SHA2_512']
 * agentSignatureFlagNames(3); // ['SSH_AGENT_RSA_SHA2_256', 'unknown (0x1)']
 * ```
 */
export function agentSignatureFlagNames(mask: number): string[] {
  return flagNames(AGENT_SIGNATURE_FLAGS, mask);
}
