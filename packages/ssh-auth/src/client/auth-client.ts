/**
 * The client side of user authentication (RFC 4252, RFC 4256) over a
 * `PacketChannel`: a `none` probe, then the methods the server allows in the
 * client's order of preference, driven by an {@link AuthClientHandler}.
 */
import {
  MSG_USERAUTH_BANNER,
  MSG_USERAUTH_FAILURE,
  MSG_USERAUTH_PK_OK,
  MSG_USERAUTH_SUCCESS,
} from '@sshkit/ssh-codes';
import { defaultSignatureAlgs } from '@sshkit/ssh-crypto';
import { ConnectionLost, type PacketChannel, PermissionDenied, ProtocolError } from '@sshkit/ssh-transport';
import { SSHError } from '@sshkit/ssh-wire';
import { disconnectFor } from '../disconnect.js';
import { LoginTimeoutExpired } from '../errors.js';
import { CONNECTION_SERVICE, DEFAULT_LOGIN_TIMEOUT_MS } from '../limits.js';
import {
  type AuthMethodName,
  decodeUserauthBanner,
  decodeUserauthFailure,
  decodeUserauthInfoRequest,
  decodeUserauthPasswdChangereq,
  decodeUserauthPkOk,
  decodeUserauthSuccess,
  encodeUserauthInfoResponse,
  encodeUserauthRequest,
  type HostbasedRequest,
  type UserauthRequest,
} from '../messages.js';
import { type AuthLogEvent, defaultTimer, startLoginTimer } from '../timer.js';
import type { AuthClientHandler, AuthClientOptions, ClientKey, ClientKeySource } from './handler.js';
import { nextHostbasedRequest } from './methods/hostbased.js';
import { answerWithPassword } from './methods/keyboard-interactive.js';
import {
  type PublicKeyAttempt,
  publicKeyAttempt,
  publicKeyQuery,
  serverSigAlgs,
  signedPublicKeyRequest,
} from './methods/publickey.js';

/** OpenSSH's PreferredAuthentications default, without gssapi-with-mic. */
export const DEFAULT_PREFERRED_AUTHENTICATIONS: readonly Exclude<AuthMethodName, 'none'>[] = Object.freeze([
  'hostbased',
  'publickey',
  'keyboard-interactive',
  'password',
]);

type ClientState =
  | { readonly kind: 'created' }
  | { readonly kind: 'awaitingNone' }
  | { readonly kind: 'awaitingPkOk'; readonly attempt: PublicKeyAttempt }
  | { readonly kind: 'awaitingPkResult' }
  | { readonly kind: 'awaitingHostbased' }
  | { readonly kind: 'awaitingPassword' }
  | { readonly kind: 'awaitingPasswordChange' }
  | { readonly kind: 'awaitingKbdint' }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly error: unknown };

/** Whether sending `req` proves something: a password, or a signature (not a publickey query). */
function provesClient(req: UserauthRequest): boolean {
  if (req.kind === 'publickey') return req.signature !== undefined;
  return req.kind === 'password' || req.kind === 'hostbased';
}

/** The keys of a source, as a list of our own to take from: the loader, if it is one, runs now. */
async function keysOf(source: ClientKeySource | undefined): Promise<ClientKey[]> {
  return [...(typeof source === 'function' ? await source() : (source ?? []))];
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Authenticates as `options.username` over `channel`.
 *
 * @example
 * ```ts
 * import { AuthClient } from '@sshkit/ssh-auth';
 * const client = new AuthClient(channel, {
 *   authBannerReceived: (msg) => console.log(msg),
 * }, { username: 'alice', keys: [key], password: 'secret' });
 * await client.run(); // rejects with PermissionDenied when every method fails
 * ```
 */
export class AuthClient {
  readonly #channel: PacketChannel;
  readonly #handler: AuthClientHandler;
  readonly #options: AuthClientOptions;
  readonly #username: string;
  readonly #service: string;
  readonly #preferred: readonly string[];
  readonly #signatureAlgs: readonly string[];
  #state: ClientState = { kind: 'created' };
  #queue: Promise<void> = Promise.resolve();
  /** "authentications that can continue" from the last FAILURE. */
  #canContinue: readonly string[] = [];
  readonly #exhausted = new Set<string>();
  #keys: ClientKey[] | undefined;
  #hostKeys: ClientKey[] | undefined;
  #handlerKeysDone = false;
  #passwordOptionUsed = false;
  #kbdintPasswordUsed = false;
  #usingOptionPassword = false;
  /** The client has sent proof in this exchange (see the `disableTrivialAuth` option). */
  #proven = false;
  #stopTimer: () => void = () => {};
  #method: string | undefined;
  #promise: Promise<void> | undefined;
  #resolve: () => void = () => {};
  #reject: (error: unknown) => void = () => {};

  /**
   * @param channel - the transport's packet channel (after SERVICE_ACCEPT of `ssh-userauth`)
   * @param handler - the authentication hooks
   * @param options - see {@link AuthClientOptions}
   */
  constructor(channel: PacketChannel, handler: AuthClientHandler, options: AuthClientOptions) {
    this.#channel = channel;
    this.#handler = handler;
    this.#options = options;
    this.#username = options.username;
    this.#service = options.service ?? CONNECTION_SERVICE;
    this.#preferred = options.preferredAuthentications ?? DEFAULT_PREFERRED_AUTHENTICATIONS;
    this.#signatureAlgs = options.signatureAlgs ?? defaultSignatureAlgs();
  }

  /**
   * Runs authentication to the end.
   * @returns resolves on SSH_MSG_USERAUTH_SUCCESS (after `channel.authenticated()`)
   * @throws (rejects) PermissionDenied when no method is left, or on a trivial success with
   *   `disableTrivialAuth` (after sending DISCONNECT NO_MORE_AUTH_METHODS_AVAILABLE);
   *   ProtocolError for a misbehaving server; LoginTimeoutExpired; the error given to
   *   {@link AuthClient.connectionLost}
   */
  run(): Promise<void> {
    if (this.#promise) return this.#promise;
    this.#promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#stopTimer = startLoginTimer(
      this.#options.timer ?? defaultTimer,
      this.#options.loginTimeout ?? DEFAULT_LOGIN_TIMEOUT_MS,
      () => this.#fail(new LoginTimeoutExpired()),
    );
    this.#channel.onPacket((payload) => this.#onPacket(payload));
    // RFC 4252 §5.2: "none" asks which methods can continue.
    this.#state = { kind: 'awaitingNone' };
    this.#sendRequest({ kind: 'none', username: this.#username, service: this.#service });
    return this.#promise;
  }

  /** The method that succeeded, once authenticated. */
  get method(): string | undefined {
    return this.#state.kind === 'succeeded' ? this.#method : undefined;
  }

  /**
   * The methods the server said can continue in its last FAILURE (RFC 4252
   * §5.1); empty before one arrives. With `preferredAuthentications: []`,
   * `run()` stops after the `none` probe and this is the server's offer.
   */
  get allowedMethods(): readonly string[] {
    return this.#canContinue;
  }

  /**
   * Tells the machine the connection is gone: a pending `run()` rejects with
   * `error`. Nothing is sent.
   */
  connectionLost(error?: unknown): void {
    if (this.#terminal) return;
    this.#finishFailed(error ?? new ConnectionLost('connection lost during authentication'));
  }

  get #terminal(): boolean {
    return this.#state.kind === 'succeeded' || this.#state.kind === 'failed';
  }

  #log(event: Omit<AuthLogEvent, 'username'>): void {
    this.#options.log?.({ ...event, username: this.#username });
  }

  #sendRequest(req: UserauthRequest): void {
    if (this.#terminal) return;
    this.#method = req.kind === 'other' ? req.method : req.kind;
    if (provesClient(req)) this.#proven = true;
    this.#log({ event: 'request', method: this.#method });
    this.#channel.send(encodeUserauthRequest(req));
  }

  #onPacket(payload: Uint8Array): void {
    if (this.#terminal) return;
    this.#queue = this.#queue.then(
      () => this.#step(payload).catch((e: unknown) => this.#fail(e)),
      () => {},
    );
  }

  async #step(payload: Uint8Array): Promise<void> {
    if (this.#terminal) return;
    const state = this.#state;
    const type = payload[0];
    switch (type) {
      case MSG_USERAUTH_BANNER: {
        const banner = decodeUserauthBanner(payload);
        this.#log({ event: 'banner' });
        this.#handler.authBannerReceived?.(banner.message, banner.language);
        return;
      }
      case MSG_USERAUTH_SUCCESS:
        decodeUserauthSuccess(payload);
        if (state.kind === 'created') throw new ProtocolError('SSH_MSG_USERAUTH_SUCCESS before any request');
        if (this.#options.disableTrivialAuth && !this.#proven)
          throw new PermissionDenied(
            'Server authenticated without challenging the client (trivial auth disabled)',
          );
        if (state.kind === 'awaitingPasswordChange') this.#handler.passwordChanged?.();
        this.#succeed();
        return;
      case MSG_USERAUTH_FAILURE: {
        const failure = decodeUserauthFailure(payload);
        if (state.kind === 'created') throw new ProtocolError('SSH_MSG_USERAUTH_FAILURE before any request');
        this.#log({ event: failure.partialSuccess ? 'partial' : 'failure', method: this.#method ?? '' });
        if (state.kind === 'awaitingPasswordChange') {
          if (failure.partialSuccess) this.#handler.passwordChanged?.();
          else this.#handler.passwordChangeFailed?.();
        }
        if (state.kind === 'awaitingKbdint' && this.#usingOptionPassword)
          this.#exhausted.add('keyboard-interactive');
        this.#canContinue = failure.methods;
        await this.#next();
        return;
      }
      default:
        // 60: PK_OK, PASSWD_CHANGEREQ or INFO_REQUEST, depending on the method in progress.
        if (type === MSG_USERAUTH_PK_OK) {
          if (state.kind === 'awaitingPkOk') return this.#pkOk(payload, state.attempt);
          if (state.kind === 'awaitingPassword' || state.kind === 'awaitingPasswordChange')
            return this.#changeRequested(payload);
          if (state.kind === 'awaitingKbdint') return this.#infoRequest(payload);
        }
        throw new ProtocolError(`unexpected message ${type ?? '(empty)'} in state ${state.kind}`);
    }
  }

  async #pkOk(payload: Uint8Array, attempt: PublicKeyAttempt): Promise<void> {
    const ok = decodeUserauthPkOk(payload);
    if (ok.algorithm !== attempt.algorithm || !bytesEqual(ok.publicKey, attempt.publicKey))
      throw new ProtocolError('SSH_MSG_USERAUTH_PK_OK for a key that was not offered');
    let req: UserauthRequest;
    try {
      req = await signedPublicKeyRequest(attempt, this.#channel.sessionId, this.#username, this.#service);
    } catch (e) {
      // A key that cannot sign (public only, unsupported algorithm) is skipped, not fatal.
      if (!SSHError.isInstance(e)) throw e;
      this.#log({ event: 'failure', method: 'publickey', detail: `cannot sign: ${e.name}` });
      await this.#next();
      return;
    }
    if (this.#terminal) return;
    this.#state = { kind: 'awaitingPkResult' };
    this.#sendRequest(req);
  }

  async #changeRequested(payload: Uint8Array): Promise<void> {
    const { prompt, language } = decodeUserauthPasswdChangereq(payload);
    const answer = this.#handler.passwordChangeRequested
      ? await this.#handler.passwordChangeRequested(prompt, language)
      : null;
    if (this.#terminal) return;
    if (!answer) {
      this.#handler.passwordChangeFailed?.();
      // The server will keep asking for a change: give up on passwords.
      this.#exhausted.add('password');
      await this.#next();
      return;
    }
    const [oldPassword, newPassword] = answer;
    this.#state = { kind: 'awaitingPasswordChange' };
    this.#sendRequest({
      kind: 'password',
      username: this.#username,
      service: this.#service,
      password: oldPassword,
      newPassword,
    });
  }

  async #infoRequest(payload: Uint8Array): Promise<void> {
    const request = decodeUserauthInfoRequest(payload);
    let responses: readonly string[] | null | undefined;
    if (this.#usingOptionPassword) {
      responses = answerWithPassword(this.#options.password, request.prompts);
    } else if (this.#handler.kbdintChallengeReceived) {
      responses = await this.#handler.kbdintChallengeReceived(
        request.name,
        request.instruction,
        request.language,
        request.prompts,
      );
    } else {
      responses = request.prompts.length === 0 ? [] : null;
    }
    if (this.#terminal) return;
    if (!responses) {
      // RFC 4252 §5: the client MAY continue with a new request at any time; the server abandons this one.
      this.#exhausted.add('keyboard-interactive');
      await this.#next();
      return;
    }
    if (responses.length !== request.prompts.length)
      throw new RangeError('kbdintChallengeReceived must return one response per prompt');
    if (responses.length > 0) this.#proven = true;
    this.#channel.send(encodeUserauthInfoResponse(responses));
  }

  /** Picks the next method the server allows and sends its request, or gives up. */
  async #next(): Promise<void> {
    for (const method of this.#preferred) {
      if (this.#terminal) return;
      if (!this.#canContinue.includes(method) || this.#exhausted.has(method)) continue;
      if (await this.#try(method)) return;
      this.#exhausted.add(method);
    }
    if (this.#terminal) return;
    throw new PermissionDenied('No more authentication methods available');
  }

  /** Sends a request for `method`; false when there is nothing (more) to try with it. */
  async #try(method: string): Promise<boolean> {
    const base = { username: this.#username, service: this.#service };
    switch (method) {
      case 'hostbased': {
        const req = await this.#nextHostbased();
        if (!req || this.#terminal) return false;
        this.#state = { kind: 'awaitingHostbased' };
        this.#sendRequest(req);
        return true;
      }
      case 'publickey': {
        const attempt = await this.#nextKey();
        if (!attempt || this.#terminal) return false;
        this.#state = { kind: 'awaitingPkOk', attempt };
        this.#sendRequest(publicKeyQuery(attempt, this.#username, this.#service));
        return true;
      }
      case 'password': {
        let password: string | null | undefined;
        if (!this.#passwordOptionUsed && this.#options.password !== undefined) {
          this.#passwordOptionUsed = true;
          password = this.#options.password;
        } else {
          password = this.#handler.passwordAuthRequested ? await this.#handler.passwordAuthRequested() : null;
        }
        if (typeof password !== 'string' || this.#terminal) return false;
        this.#state = { kind: 'awaitingPassword' };
        this.#sendRequest({ kind: 'password', ...base, password });
        return true;
      }
      case 'keyboard-interactive': {
        let submethods: string | null | undefined;
        this.#usingOptionPassword = false;
        if (this.#handler.kbdintAuthRequested) {
          submethods = await this.#handler.kbdintAuthRequested();
        } else if (this.#options.password !== undefined && !this.#kbdintPasswordUsed) {
          this.#kbdintPasswordUsed = true;
          this.#usingOptionPassword = true;
          submethods = '';
        }
        if (typeof submethods !== 'string' || this.#terminal) return false;
        this.#state = { kind: 'awaitingKbdint' };
        this.#sendRequest({ kind: 'keyboard-interactive', ...base, language: '', submethods });
        return true;
      }
      default:
        return false;
    }
  }

  /** A request signed by the next usable host key; undefined without `clientHost` or host keys left. */
  async #nextHostbased(): Promise<HostbasedRequest | undefined> {
    const clientHost = this.#options.clientHost;
    if (clientHost === undefined) return undefined;
    this.#hostKeys ??= await keysOf(this.#options.clientHostKeys);
    return nextHostbasedRequest(this.#hostKeys, {
      sessionId: this.#channel.sessionId,
      username: this.#username,
      service: this.#service,
      clientHost,
      clientUsername: this.#options.clientUsername ?? this.#username,
      clientAlgs: this.#signatureAlgs,
      serverAlgs: serverSigAlgs(this.#channel.peerExtensions),
      skipped: (detail) => this.#log({ event: 'failure', method: 'hostbased', detail }),
    });
  }

  /** The next key with a usable algorithm: the `keys` option first, then the handler. */
  async #nextKey(): Promise<PublicKeyAttempt | undefined> {
    this.#keys ??= await keysOf(this.#options.keys);
    const serverAlgs = serverSigAlgs(this.#channel.peerExtensions);
    for (;;) {
      if (this.#terminal) return undefined;
      let entry: ClientKey | null | undefined = this.#keys.shift();
      if (entry === undefined && !this.#handlerKeysDone) {
        entry = this.#handler.publicKeyAuthRequested ? await this.#handler.publicKeyAuthRequested() : null;
        if (!entry) this.#handlerKeysDone = true;
      }
      if (!entry) return undefined;
      const attempt = publicKeyAttempt(entry, this.#signatureAlgs, serverAlgs);
      if (attempt) return attempt;
      this.#log({
        event: 'failure',
        method: 'publickey',
        detail: 'key skipped: no acceptable signature algorithm',
      });
    }
  }

  #succeed(): void {
    this.#state = { kind: 'succeeded' };
    this.#stopTimer();
    this.#log({ event: 'success', method: this.#method ?? '' });
    this.#channel.authenticated();
    this.#handler.authCompleted?.();
    this.#resolve();
  }

  /** Ends the exchange: typed errors disconnect with their code, others with BY_APPLICATION. */
  #fail(error: unknown): void {
    if (this.#terminal) return;
    this.#finishFailed(disconnectFor(error, this.#channel, (event) => this.#log(event)));
  }

  #finishFailed(error: unknown): void {
    this.#state = { kind: 'failed', error };
    this.#stopTimer();
    this.#reject(error);
  }
}
