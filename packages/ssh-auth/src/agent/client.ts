/**
 * An ssh-agent client (draft-miller-ssh-agent, as OpenSSH's ssh-agent speaks
 * it) over any {@link ByteDuplex}: AsyncSSH's `SSHAgentClient`, camelCase.
 *
 * The agent answers requests in order, so each answer goes to the oldest
 * pending request. Answers are untrusted: a malformed or oversized one, an
 * answer with nothing pending, or the stream closing fails every pending
 * request with an {@link AgentError} and closes the client.
 */
import {
  agentMessageName,
  SSH_AGENT_CONSTRAIN_CONFIRM,
  SSH_AGENT_CONSTRAIN_LIFETIME,
  SSH_AGENT_EXTENSION_FAILURE,
  SSH_AGENT_EXTENSION_RESPONSE,
  SSH_AGENT_FAILURE,
  SSH_AGENT_IDENTITIES_ANSWER,
  SSH_AGENT_SIGN_RESPONSE,
  SSH_AGENT_SUCCESS,
  SSH_AGENTC_ADD_ID_CONSTRAINED,
  SSH_AGENTC_ADD_IDENTITY,
  SSH_AGENTC_ADD_SMARTCARD_KEY,
  SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED,
  SSH_AGENTC_EXTENSION,
  SSH_AGENTC_LOCK,
  SSH_AGENTC_REMOVE_ALL_IDENTITIES,
  SSH_AGENTC_REMOVE_IDENTITY,
  SSH_AGENTC_REMOVE_SMARTCARD_KEY,
  SSH_AGENTC_REQUEST_IDENTITIES,
  SSH_AGENTC_SIGN_REQUEST,
  SSH_AGENTC_UNLOCK,
} from '@sshkit/ssh-codes';
import { concatBytes } from '@sshkit/ssh-crypto';
import { encodeAgentPrivateKey, type SSHCertificate, type SSHKey } from '@sshkit/ssh-keys';
import type { ByteDuplex } from '@sshkit/ssh-transport';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { AgentError } from '../errors.js';
import { AgentMessageReader, encodeAgentMessage } from './framing.js';
import { SSHAgentKeyPair } from './key-pair.js';

/**
 * A key for {@link SSHAgentClient.addKeys}: a private key, or a private key
 * with a certificate of it, which the agent then holds as that certificate.
 */
export type AgentAddKey = SSHKey | readonly [key: SSHKey, certificate: SSHCertificate];

/** Options of {@link SSHAgentClient.addKeys} and {@link SSHAgentClient.addSmartcardKeys}. */
export interface AgentAddKeyOptions {
  /** Seconds after which the agent deletes the keys (SSH_AGENT_CONSTRAIN_LIFETIME); by default never. */
  lifetime?: number;
  /** Whether the agent asks the user to confirm each use of the keys (SSH_AGENT_CONSTRAIN_CONFIRM). */
  confirm?: boolean;
}

/**
 * Reads an answer to the request to do `what`; throws AgentError('refused') for
 * FAILURE, anything else for garbage.
 */
type AnswerParser<T> = (type: number, body: WireReader, what: string) => T;

interface PendingRequest {
  /** Settles the request from its answer; throws as its parser does. */
  answer(type: number, body: WireReader): void;
  fail(error: AgentError): void;
}

/** Smallest IDENTITIES_ANSWER entry: two empty strings. */
const MIN_IDENTITY_BYTES = 8;

const UINT32_MAX = 0xffff_ffff;

function unexpected(type: number, what: string): AgentError {
  return new AgentError('bad-response', `agent answered ${agentMessageName(type)} to a request to ${what}`);
}

/** Comments are UTF-8 in practice; an odd byte should not cost the whole key list. */
const lenientDecoder = new TextDecoder();
function lenientText(bytes: Uint8Array): string {
  return lenientDecoder.decode(bytes);
}

function refused(what: string): AgentError {
  return new AgentError('refused', `agent refused to ${what}`);
}

/** SUCCESS, or AgentError('refused') for FAILURE. */
const success: AnswerParser<void> = (type, body, what) => {
  if (type === SSH_AGENT_FAILURE) throw refused(what);
  if (type !== SSH_AGENT_SUCCESS) throw unexpected(type, what);
  body.expectEnd();
};

function strings(body: WireReader): string[] {
  const names: string[] = [];
  while (body.remaining > 0) names.push(body.utf8());
  return names;
}

/** The constraints of `options`; `method` names the caller in a RangeError. */
function constraints(options: AgentAddKeyOptions, method: string): Uint8Array {
  const w = new WireWriter();
  const { lifetime, confirm } = options;
  if (lifetime !== undefined) {
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > UINT32_MAX) {
      throw new RangeError(`${method}: lifetime must be a whole number of seconds, 1 to ${UINT32_MAX}`);
    }
    w.u8(SSH_AGENT_CONSTRAIN_LIFETIME).u32(lifetime);
  }
  if (confirm === true) w.u8(SSH_AGENT_CONSTRAIN_CONFIRM);
  return w.finish();
}

function splitAgentAddKey(entry: AgentAddKey): [SSHKey, SSHCertificate | undefined] {
  if (Array.isArray(entry)) {
    const [key, certificate] = entry as readonly [SSHKey, SSHCertificate];
    return [key, certificate];
  }
  return [entry as SSHKey, undefined];
}

/**
 * A connection to an ssh-agent. Create it over a connected stream; in Node,
 * the umbrella's `connectAgent()` does this for `SSH_AUTH_SOCK`.
 *
 * @example
 * ```ts
 * import { SSHAgentClient } from '@sshkit/ssh-auth';
 * // `duplex`: any connected ByteDuplex to the agent (in Node: socketDuplex of a
 * // Unix socket from @sshkit/ssh-transport/node, or simply the umbrella's connectAgent()).
 * const agent = new SSHAgentClient(duplex);
 * for (const key of await agent.getKeys()) console.log(key.algorithm, key.comment);
 * agent.close();
 * ```
 */
export class SSHAgentClient {
  readonly #duplex: ByteDuplex;
  readonly #reader = new AgentMessageReader();
  readonly #pending: PendingRequest[] = [];
  /** Why the client closed; set once. */
  #closedBy: AgentError | undefined;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;

  /** @param duplex - a connected stream to the agent; the client owns it from now on */
  constructor(duplex: ByteDuplex) {
    this.#duplex = duplex;
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    duplex.attach({
      data: (chunk) => this.#receive(chunk),
      drain: () => {},
      close: (error) => this.#streamClosed(error),
    });
  }

  /**
   * The agent's keys and certificates (REQUEST_IDENTITIES). A locked agent lists none.
   * @throws AgentError
   */
  getKeys(): Promise<SSHAgentKeyPair[]> {
    return this.#request(SSH_AGENTC_REQUEST_IDENTITIES, undefined, 'list keys', (type, body, what) => {
      if (type === SSH_AGENT_FAILURE) throw refused(what);
      if (type !== SSH_AGENT_IDENTITIES_ANSWER) throw unexpected(type, what);
      const count = body.u32();
      if (count > body.remaining / MIN_IDENTITY_BYTES) {
        throw new AgentError('bad-response', `agent claims ${count} keys in ${body.remaining} bytes`);
      }
      const keys: SSHAgentKeyPair[] = [];
      for (let i = 0; i < count; i++) {
        const blob = body.string();
        keys.push(new SSHAgentKeyPair(this, blob, lenientText(body.string())));
      }
      body.expectEnd();
      return keys;
    });
  }

  /**
   * Has the agent sign `data` with the key whose blob is `publicBlob`
   * (SIGN_REQUEST); `SSHAgentKeyPair.sign` is the usual way in.
   * @param flags - SSH_AGENT_RSA_SHA2_256 / SSH_AGENT_RSA_SHA2_512 for an RSA key
   * @returns the signature as the agent sent it: `string algorithm || string blob`
   * @throws AgentError
   */
  sign(publicBlob: Uint8Array, data: Uint8Array, flags = 0): Promise<Uint8Array> {
    const request = new WireWriter().string(publicBlob).string(data).u32(flags).finish();
    return this.#request(SSH_AGENTC_SIGN_REQUEST, request, 'sign', (type, body, what) => {
      if (type === SSH_AGENT_FAILURE) throw refused(what);
      if (type !== SSH_AGENT_SIGN_RESPONSE) throw unexpected(type, what);
      const signature = body.string().slice();
      body.expectEnd();
      return signature;
    });
  }

  /**
   * Adds private keys (ADD_IDENTITY, or ADD_ID_CONSTRAINED with options), in
   * order, stopping at the first the agent refuses. Each goes with its comment.
   * A `[key, certificate]` pair is added as the certificate, as ssh-add adds a
   * `-cert.pub` (the agent then lists the certificate, not the bare key: pass
   * the key alone too for both).
   * @throws RangeError for a bad lifetime; KeyExportError for a public or security key
   *   ('not-private', 'unsupported-format') or a certificate of another key
   *   ('certificate-mismatch'); AgentError('refused') when the agent does not take a key
   * @example
   * ```ts
   * const cert = ca.generateUserCertificate(key, 'alice@laptop', { principals: ['alice'] });
   * await agent.addKeys([key, [key, cert]], { lifetime: 3600 });
   * ```
   */
  async addKeys(keys: readonly AgentAddKey[], options: AgentAddKeyOptions = {}): Promise<void> {
    const constrained = constraints(options, 'addKeys');
    const type = constrained.length > 0 ? SSH_AGENTC_ADD_ID_CONSTRAINED : SSH_AGENTC_ADD_IDENTITY;
    // Encoded up front, so a key that cannot be sent fails the call before any is added.
    const requests = keys.map((entry) => {
      const [key, certificate] = splitAgentAddKey(entry);
      return {
        what: `add key ${certificate?.algorithm ?? key.algorithm} ${key.getFingerprint()}`,
        body: concatBytes(
          encodeAgentPrivateKey(key, certificate),
          new WireWriter().string(key.comment ?? '').finish(),
          constrained,
        ),
      };
    });
    for (const { what, body } of requests) await this.#request(type, body, what, success);
  }

  /**
   * Has the agent load the keys of a PKCS#11 provider (ADD_SMARTCARD_KEY, or
   * ADD_SMARTCARD_KEY_CONSTRAINED with options), as `ssh-add -s` does.
   * OpenSSH's agent takes only providers on its allowlist (`ssh-agent -P`).
   * @param provider - the provider library's path
   * @param pin - the token's PIN
   * @throws RangeError for a bad lifetime; AgentError('refused') when the agent does not load them
   */
  async addSmartcardKeys(provider: string, pin: string, options: AgentAddKeyOptions = {}): Promise<void> {
    const constrained = constraints(options, 'addSmartcardKeys');
    const type =
      constrained.length > 0 ? SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED : SSH_AGENTC_ADD_SMARTCARD_KEY;
    const body = concatBytes(new WireWriter().string(provider).string(pin).finish(), constrained);
    await this.#request(type, body, `add the keys of ${provider}`, success);
  }

  /**
   * Has the agent drop the keys of a PKCS#11 provider (REMOVE_SMARTCARD_KEY), as `ssh-add -e` does.
   * @param provider - the provider library's path, as it was added
   * @param pin - sent as the protocol asks; OpenSSH's agent ignores it
   * @throws AgentError('refused') when the agent has no keys of `provider`
   */
  removeSmartcardKeys(provider: string, pin = ''): Promise<void> {
    const body = new WireWriter().string(provider).string(pin).finish();
    return this.#request(SSH_AGENTC_REMOVE_SMARTCARD_KEY, body, `remove the keys of ${provider}`, success);
  }

  /**
   * Removes keys (REMOVE_IDENTITY), in order, stopping at the first the agent
   * does not hold; a certificate removes the certified key added with it.
   * @throws AgentError('refused') for a key the agent does not hold
   */
  async removeKeys(keys: readonly (SSHAgentKeyPair | SSHKey | SSHCertificate)[]): Promise<void> {
    for (const key of keys) {
      const blob = 'publicBlob' in key ? key.publicBlob : key.blob;
      const body = new WireWriter().string(blob).finish();
      await this.#request(SSH_AGENTC_REMOVE_IDENTITY, body, 'remove key', success);
    }
  }

  /** Removes every key (REMOVE_ALL_IDENTITIES). @throws AgentError */
  removeAll(): Promise<void> {
    return this.#request(SSH_AGENTC_REMOVE_ALL_IDENTITIES, undefined, 'remove all keys', success);
  }

  /** Locks the agent with `passphrase` (LOCK): it lists and uses no keys until unlocked. @throws AgentError */
  lock(passphrase: string): Promise<void> {
    const body = new WireWriter().string(passphrase).finish();
    return this.#request(SSH_AGENTC_LOCK, body, 'lock', success);
  }

  /** Unlocks the agent (UNLOCK). @throws AgentError('refused') for a wrong passphrase or an unlocked agent */
  unlock(passphrase: string): Promise<void> {
    const body = new WireWriter().string(passphrase).finish();
    return this.#request(SSH_AGENTC_UNLOCK, body, 'unlock', success);
  }

  /**
   * The extensions the agent supports (EXTENSION "query"); `[]` from an agent
   * that does not know the query, as OpenSSH's answers FAILURE.
   * @throws AgentError
   */
  queryExtensions(): Promise<string[]> {
    const body = new WireWriter().string('query').finish();
    return this.#request(SSH_AGENTC_EXTENSION, body, 'query extensions', (type, answer, what) => {
      if (type === SSH_AGENT_FAILURE || type === SSH_AGENT_EXTENSION_FAILURE) return [];
      // The older draft (and AsyncSSH) answer SUCCESS with the names; the newer
      // one EXTENSION_RESPONSE, which names the extension first.
      if (type === SSH_AGENT_SUCCESS) return strings(answer);
      if (type === SSH_AGENT_EXTENSION_RESPONSE && answer.utf8() === 'query') return strings(answer);
      throw unexpected(type, what);
    });
  }

  /** Closes the connection at once; pending requests fail with AgentError('connection-closed'). */
  close(): void {
    this.#fail(new AgentError('connection-closed', 'the agent connection was closed'));
  }

  /** Resolves once the connection is closed, by either side; never rejects. */
  waitClosed(): Promise<void> {
    return this.#closed;
  }

  #request<T>(type: number, body: Uint8Array | undefined, what: string, parse: AnswerParser<T>): Promise<T> {
    if (this.#closedBy) {
      return Promise.reject(
        new AgentError('connection-closed', `cannot ${what}: ${this.#closedBy.message}`, {
          cause: this.#closedBy,
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const message = encodeAgentMessage(type, body); // a throw here rejects
      this.#pending.push({ answer: (t, b) => resolve(parse(t, b, what)), fail: reject });
      try {
        this.#duplex.write(message);
      } catch (e) {
        this.#fail(
          new AgentError('connection-closed', `cannot write to the agent: ${(e as Error).message}`, {
            cause: e,
          }),
        );
      }
    });
  }

  #receive(chunk: Uint8Array): void {
    if (this.#closedBy) return;
    try {
      for (const message of this.#reader.push(chunk)) this.#dispatch(message);
    } catch (e) {
      this.#fail(
        AgentError.isInstance(e)
          ? e
          : new AgentError('bad-response', `malformed agent answer: ${(e as Error).message}`, { cause: e }),
      );
    }
  }

  /** Settles the oldest request; throws when the answer means the stream cannot be trusted. */
  #dispatch(message: Uint8Array): void {
    const type = message[0] as number;
    const pending = this.#pending.shift();
    if (!pending) throw new AgentError('bad-response', `agent sent ${agentMessageName(type)} unasked`);
    try {
      pending.answer(type, new WireReader(message, {}, 1));
    } catch (e) {
      if (AgentError.isInstance(e) && e.reason === 'refused') {
        pending.fail(e);
        return;
      }
      const error = AgentError.isInstance(e)
        ? e
        : new AgentError('bad-response', `malformed agent answer: ${(e as Error).message}`, { cause: e });
      pending.fail(error);
      throw error;
    }
  }

  #streamClosed(error: Error | undefined): void {
    const why = error
      ? `the agent connection failed: ${error.message}`
      : this.#reader.partial
        ? 'the agent closed the connection in the middle of a message'
        : 'the agent closed the connection';
    this.#fail(new AgentError('connection-closed', why, error ? { cause: error } : undefined));
  }

  /** Closes the client for good: every pending request fails with `error`. */
  #fail(error: AgentError): void {
    if (this.#closedBy) return;
    this.#closedBy = error;
    for (const pending of this.#pending.splice(0)) pending.fail(error);
    this.#duplex.destroy();
    this.#resolveClosed();
  }
}
