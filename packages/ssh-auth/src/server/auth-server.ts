/**
 * The server side of user authentication (RFC 4252, RFC 4256) over a
 * `PacketChannel`: one state machine, one request at a time, driven by the
 * packets the client sends and the answers of an {@link AuthServerHandler}.
 */

import { MSG_USERAUTH_INFO_RESPONSE, MSG_USERAUTH_REQUEST } from '@sshkit/ssh-codes';
import { defaultSignatureAlgs } from '@sshkit/ssh-crypto';
import type { AuthorizedKeyOptions, SSHAuthorizedKeys, SSHCertificate } from '@sshkit/ssh-keys';
import {
  ConnectionLost,
  type PacketChannel,
  PermissionDenied,
  ProtocolError,
  ServiceNotAvailable,
} from '@sshkit/ssh-transport';
import { disconnectFor } from '../disconnect.js';
import { LoginTimeoutExpired } from '../errors.js';
import { CONNECTION_SERVICE, DEFAULT_LOGIN_TIMEOUT_MS } from '../limits.js';
import {
  decodeUserauthInfoResponse,
  decodeUserauthRequest,
  encodeUserauthBanner,
  encodeUserauthFailure,
  encodeUserauthInfoRequest,
  encodeUserauthPasswdChangereq,
  encodeUserauthPkOk,
  encodeUserauthSuccess,
  type HostbasedRequest,
  type KbdintRequest,
  type PasswordRequest,
  type PublicKeyRequest,
  requestMethod,
  type UserauthBanner,
  type UserauthRequest,
} from '../messages.js';
import { AuthPermissions } from '../permissions.js';
import { type AuthLogEvent, defaultTimer, startLoginTimer } from '../timer.js';
import type { AuthResult, AuthServerHandler, AuthServerOptions } from './handler.js';
import { DEFAULT_MAX_AUTH_TRIES } from './limits.js';
import { MethodLists } from './method-lists.js';
import { evaluateHostbased, verifyHostbasedSignature } from './methods/hostbased.js';
import { type KbdintOutcome, kbdintOutcome } from './methods/keyboard-interactive.js';
import { evaluatePassword } from './methods/password.js';
import { evaluatePublicKey, parseRequestKey, verifyRequestSignature } from './methods/publickey.js';

/** The methods the server can offer, in the order sshd lists them. */
const SERVER_METHODS = ['publickey', 'password', 'keyboard-interactive', 'hostbased'] as const;
type ServerMethod = (typeof SERVER_METHODS)[number];

type ServerState =
  | { readonly kind: 'created' }
  | { readonly kind: 'awaitingRequest' }
  | { readonly kind: 'awaitingInfoResponse'; readonly prompts: number }
  | { readonly kind: 'succeeded'; readonly result: AuthResult }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Authenticates one client over `channel`.
 *
 * @example
 * ```ts
 * import { AuthServer, checkPassword } from '@sshkit/ssh-auth';
 * const server = new AuthServer(channel, {
 *   validatePassword: (user, pw) => checkPassword(passwords.get(user), pw),
 * }, { authorizedClientKeys, clientAddress: '192.0.2.7' });
 * const { username, method, permissions } = await server.run();
 * ```
 */
export class AuthServer {
  readonly #channel: PacketChannel;
  readonly #handler: AuthServerHandler;
  readonly #options: AuthServerOptions;
  readonly #maxAuthTries: number;
  readonly #algorithms: readonly string[];
  readonly #methodLists: MethodLists;
  #state: ServerState = { kind: 'created' };
  #queue: Promise<void> = Promise.resolve();
  #username: string | undefined;
  #service: string | undefined;
  #authRequired = true;
  #attempts = 0;
  #failures = 0;
  readonly #completed: string[] = [];
  #authorizedKeys: SSHAuthorizedKeys | undefined;
  /** The client's host name for hostbased, looked up once when first needed. */
  #resolvedHost: Promise<string | undefined> | undefined;
  #keyOptions: AuthorizedKeyOptions | undefined;
  #certificate: SSHCertificate | undefined;
  readonly #pendingBanners: UserauthBanner[] = [];
  #stopTimer: () => void = () => {};
  #promise: Promise<AuthResult> | undefined;
  #resolve: (result: AuthResult) => void = () => {};
  #reject: (error: unknown) => void = () => {};

  /**
   * @param channel - the transport's packet channel (after SERVICE_ACCEPT of `ssh-userauth`)
   * @param handler - the authentication hooks
   * @param options - see {@link AuthServerOptions}
   * @throws RangeError for an invalid `maxAuthTries` or `authenticationMethods`
   */
  constructor(channel: PacketChannel, handler: AuthServerHandler = {}, options: AuthServerOptions = {}) {
    this.#channel = channel;
    this.#handler = handler;
    this.#options = options;
    this.#maxAuthTries = options.maxAuthTries ?? DEFAULT_MAX_AUTH_TRIES;
    if (!Number.isInteger(this.#maxAuthTries) || this.#maxAuthTries < 1)
      throw new RangeError('AuthServer: maxAuthTries must be a positive integer');
    this.#algorithms = options.publicKeyAlgs ?? defaultSignatureAlgs();
    this.#methodLists = new MethodLists(options.authenticationMethods);
    this.#authorizedKeys = options.authorizedClientKeys;
    const banner = options.banner;
    if (banner !== undefined) {
      this.#pendingBanners.push(
        typeof banner === 'string'
          ? { message: banner, language: '' }
          : { message: banner.message, language: banner.lang ?? '' },
      );
    }
  }

  /**
   * Starts listening and the login timer.
   * @returns the result of a successful authentication (the same promise on every call)
   * @throws (rejects) PermissionDenied after `maxAuthTries` failures; ProtocolError or
   *   ServiceNotAvailable for a misbehaving client (the connection is then disconnected with
   *   that code); LoginTimeoutExpired; the error given to {@link AuthServer.connectionLost};
   *   an error a handler threw (after disconnecting with BY_APPLICATION)
   */
  run(): Promise<AuthResult> {
    if (this.#promise) return this.#promise;
    this.#promise = new Promise<AuthResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#state = { kind: 'awaitingRequest' };
    this.#stopTimer = startLoginTimer(
      this.#options.timer ?? defaultTimer,
      this.#options.loginTimeout ?? DEFAULT_LOGIN_TIMEOUT_MS,
      () => this.#fail(new LoginTimeoutExpired()),
    );
    this.#channel.onPacket((payload) => this.#onPacket(payload));
    return this.#promise;
  }

  /**
   * Sends SSH_MSG_USERAUTH_BANNER. Before the first request it is queued and
   * sent then (RFC 4252 §5.4: "at any time after this authentication protocol
   * starts and before authentication is successful"); after success it is
   * ignored.
   */
  sendAuthBanner(message: string, lang = ''): void {
    const banner = { message, language: lang };
    if (this.#username === undefined && !this.#terminal) this.#pendingBanners.push(banner);
    else if (!this.#terminal) this.#sendBanner(banner);
  }

  /** Replaces the authorized keys for this connection (call it from `beginAuth`); undefined clears them. */
  setAuthorizedKeys(keys: SSHAuthorizedKeys | undefined): void {
    this.#authorizedKeys = keys;
  }

  /** The user name of the first request, once known. */
  get username(): string | undefined {
    return this.#username;
  }

  /** Failed attempts so far, counted as sshd counts them. */
  get failures(): number {
    return this.#failures;
  }

  /** The permissions of a successful authentication, else undefined. */
  get permissions(): AuthPermissions | undefined {
    return this.#state.kind === 'succeeded' ? this.#state.result.permissions : undefined;
  }

  /**
   * Tells the machine the connection is gone (the driver calls it when the
   * transport closes or the peer disconnects): a pending `run()` rejects with
   * `error`. Nothing is sent.
   */
  connectionLost(error?: unknown): void {
    if (this.#terminal) return;
    this.#finishFailed(error ?? new ConnectionLost('connection lost during authentication'));
  }

  get #terminal(): boolean {
    return this.#state.kind === 'succeeded' || this.#state.kind === 'failed';
  }

  #log(event: AuthLogEvent): void {
    this.#options.log?.(event);
  }

  #send(payload: Uint8Array): void {
    if (!this.#terminal) this.#channel.send(payload);
  }

  #sendBanner(banner: UserauthBanner): void {
    this.#log({ event: 'banner' });
    this.#send(encodeUserauthBanner(banner));
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
    const type = payload[0];
    if (type === MSG_USERAUTH_REQUEST) {
      const req = decodeUserauthRequest(payload);
      // RFC 4252 §5: "the client MAY at any time continue with a new SSH_MSG_USERAUTH_REQUEST
      // message, in which case the server MUST abandon the previous authentication attempt".
      this.#state = { kind: 'awaitingRequest' };
      await this.#request(req);
      return;
    }
    if (type === MSG_USERAUTH_INFO_RESPONSE) {
      const state = this.#state;
      if (state.kind !== 'awaitingInfoResponse')
        throw new ProtocolError('SSH_MSG_USERAUTH_INFO_RESPONSE without a pending request');
      const responses = decodeUserauthInfoResponse(payload);
      if (responses.length !== state.prompts)
        throw new ProtocolError(
          `expected ${state.prompts} keyboard-interactive responses, got ${responses.length}`,
        );
      this.#state = { kind: 'awaitingRequest' };
      const username = this.#username as string;
      const answer = this.#handler.validateKbdintResponse
        ? await this.#handler.validateKbdintResponse(username, responses)
        : false;
      await this.#kbdint(kbdintOutcome(answer));
      return;
    }
    throw new ProtocolError(`unexpected message ${type ?? '(empty)'} during user authentication`);
  }

  async #request(req: UserauthRequest): Promise<void> {
    const method = requestMethod(req);
    this.#attempts++;
    this.#log({ event: 'request', username: req.username, method });
    if (this.#username === undefined) {
      if (req.service !== CONNECTION_SERVICE)
        throw new ServiceNotAvailable(`service ${JSON.stringify(req.service)} is not available`);
      this.#username = req.username;
      this.#service = req.service;
      // sshd sends its Banner when the first request arrives; banners from beginAuth follow it.
      for (const banner of this.#pendingBanners.splice(0)) this.#sendBanner(banner);
      this.#authRequired = this.#handler.beginAuth
        ? (await this.#handler.beginAuth(req.username)) !== false
        : true;
    } else if (req.username !== this.#username || req.service !== this.#service) {
      // sshd: "Change of username or service not allowed" (RFC 4252 §5 lets servers refuse).
      throw new ProtocolError('change of user name or service is not allowed');
    }
    if (!this.#authRequired) {
      this.#succeed('none');
      return;
    }
    switch (req.kind) {
      case 'none':
        // The first `none` probe is not a failure (sshd counts it only after the first attempt).
        await this.#failure(this.#attempts > 1);
        return;
      case 'publickey':
        await this.#publicKey(req);
        return;
      case 'password':
        await this.#password(req);
        return;
      case 'keyboard-interactive':
        await this.#kbdintStart(req);
        return;
      case 'hostbased':
        await this.#hostbased(req);
        return;
      case 'other':
        await this.#failure(true);
        return;
      default: {
        const never: never = req;
        throw new ProtocolError(`unknown request ${JSON.stringify(never)}`);
      }
    }
  }

  async #publicKey(req: PublicKeyRequest): Promise<void> {
    if (!(await this.#offers('publickey'))) return this.#failure(true);
    const username = this.#username as string;
    const parsed = parseRequestKey(req, this.#algorithms);
    if (!parsed) return this.#failure(true);
    const verdict = await evaluatePublicKey(
      {
        username,
        handler: this.#handler,
        authorizedKeys: this.#authorizedKeys,
        algorithms: this.#algorithms,
        clientAddress: this.#options.clientAddress,
        clientHost: this.#options.clientHost,
        now: this.#options.now?.() ?? new Date(),
      },
      parsed,
    );
    if (this.#terminal) return;
    const signature = req.signature;
    if (signature === undefined) {
      if (!verdict.ok) return this.#failure(true, verdict.reason);
      // RFC 4252 §7: PK_OK repeats the algorithm and blob of the request. Not a failure.
      this.#send(encodeUserauthPkOk({ algorithm: req.algorithm, publicKey: req.publicKey }));
      return;
    }
    // Verify whether or not the key is acceptable: an unknown user or key costs the same work.
    const valid = verifyRequestSignature(this.#channel.sessionId, { ...req, signature }, parsed.key);
    if (!verdict.ok) {
      this.#log({ event: 'dummy-verify', username, method: 'publickey', detail: verdict.reason });
      return this.#failure(true, verdict.reason);
    }
    if (!valid) return this.#failure(true, 'signature does not verify');
    this.#keyOptions = verdict.keyOptions;
    this.#certificate = parsed.certificate;
    return this.#methodSucceeded('publickey');
  }

  async #hostbased(req: HostbasedRequest): Promise<void> {
    if (!(await this.#offers('hostbased'))) return this.#failure(true, 'hostbased not offered');
    const username = this.#username as string;
    const parsed = parseRequestKey(req, this.#algorithms);
    if (!parsed) return this.#failure(true, `unacceptable host key algorithm or blob (${req.algorithm})`);
    const o = this.#options;
    const verdict = await evaluateHostbased(
      {
        username,
        handler: this.#handler,
        knownHosts: o.knownClientHosts,
        trustClientHost: o.trustClientHost === true,
        resolvedHost: o.trustClientHost ? undefined : await this.#clientHostName(),
        clientAddress: o.clientAddress,
        clientPort: o.clientPort,
        now: o.now?.() ?? new Date(),
      },
      req,
      parsed,
    );
    if (this.#terminal) return;
    // Verify whether or not the host is acceptable: a refusal costs the same work.
    const valid = verifyHostbasedSignature(this.#channel.sessionId, req, parsed.key);
    if (!verdict.ok) {
      this.#log({ event: 'dummy-verify', username, method: 'hostbased', detail: verdict.reason });
      return this.#failure(true, verdict.reason);
    }
    if (!valid) return this.#failure(true, 'signature does not verify');
    // No key options: a host key says nothing about what the user may do.
    return this.#methodSucceeded('hostbased');
  }

  /** The `clientHost` option, else what `lookupClientHost` finds (asked once, as sshd and AsyncSSH look up only for hostbased). */
  #clientHostName(): Promise<string | undefined> {
    const o = this.#options;
    this.#resolvedHost ??= Promise.resolve(o.clientHost ?? o.lookupClientHost?.()).catch(() => undefined);
    return this.#resolvedHost;
  }

  async #password(req: PasswordRequest): Promise<void> {
    if (!(await this.#offers('password'))) return this.#failure(true);
    const outcome = await evaluatePassword(this.#handler, this.#username as string, req);
    switch (outcome.kind) {
      case 'success':
        return this.#methodSucceeded('password');
      case 'failure':
        return this.#failure(true);
      case 'change-required':
        // RFC 4252 §8: SSH_MSG_USERAUTH_PASSWD_CHANGEREQ; the client answers with a new request.
        this.#send(encodeUserauthPasswdChangereq({ prompt: outcome.prompt, language: outcome.lang }));
        return;
      default: {
        const never: never = outcome;
        throw new TypeError(`unknown password outcome ${JSON.stringify(never)}`);
      }
    }
  }

  async #kbdintStart(req: KbdintRequest): Promise<void> {
    if (!(await this.#offers('keyboard-interactive'))) return this.#failure(true);
    const answer = this.#handler.getKbdintChallenge
      ? await this.#handler.getKbdintChallenge(this.#username as string, req.language, req.submethods)
      : false;
    return this.#kbdint(kbdintOutcome(answer));
  }

  async #kbdint(outcome: KbdintOutcome): Promise<void> {
    if (this.#terminal) return;
    switch (outcome.kind) {
      case 'success':
        return this.#methodSucceeded('keyboard-interactive');
      case 'failure':
        return this.#failure(true);
      case 'challenge':
        this.#send(
          encodeUserauthInfoRequest({
            name: outcome.name,
            instruction: outcome.instruction,
            language: outcome.language,
            prompts: outcome.prompts,
          }),
        );
        this.#state = { kind: 'awaitingInfoResponse', prompts: outcome.prompts.length };
        return;
      default: {
        const never: never = outcome;
        throw new TypeError(`unknown keyboard-interactive outcome ${JSON.stringify(never)}`);
      }
    }
  }

  async #supports(method: ServerMethod): Promise<boolean> {
    const h = this.#handler;
    const o = this.#options;
    switch (method) {
      case 'publickey':
        if (o.publicKeyAuth !== undefined) return o.publicKeyAuth;
        if (this.#authorizedKeys !== undefined) return true;
        return h.publicKeyAuthSupported
          ? (await h.publicKeyAuthSupported()) === true
          : h.validatePublicKey !== undefined || h.validateCaKey !== undefined;
      case 'password':
        if (o.passwordAuth !== undefined) return o.passwordAuth;
        return h.passwordAuthSupported
          ? (await h.passwordAuthSupported()) === true
          : h.validatePassword !== undefined;
      case 'keyboard-interactive':
        if (o.kbdintAuth !== undefined) return o.kbdintAuth;
        return h.kbdintAuthSupported
          ? (await h.kbdintAuthSupported()) === true
          : h.getKbdintChallenge !== undefined;
      case 'hostbased':
        if (o.hostBasedAuth !== undefined) return o.hostBasedAuth;
        return h.hostBasedAuthSupported
          ? (await h.hostBasedAuthSupported()) === true
          : o.knownClientHosts !== undefined ||
              h.validateHostPublicKey !== undefined ||
              h.validateHostCaKey !== undefined;
      default: {
        const never: never = method;
        throw new TypeError(`unknown method ${String(never)}`);
      }
    }
  }

  async #offers(method: ServerMethod): Promise<boolean> {
    return this.#methodLists.allows(method) && (await this.#supports(method));
  }

  /** "authentications that can continue": never `none` (RFC 4252 §5.2). */
  async #canContinue(): Promise<string[]> {
    const out: string[] = [];
    for (const m of SERVER_METHODS) if (await this.#offers(m)) out.push(m);
    return out;
  }

  async #failure(counted: boolean, detail?: string): Promise<void> {
    if (this.#terminal) return;
    this.#log({
      event: 'failure',
      ...(this.#username !== undefined ? { username: this.#username } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
    if (counted) {
      this.#failures++;
      if (this.#failures >= this.#maxAuthTries)
        throw new PermissionDenied('Too many authentication failures');
    }
    const methods = await this.#canContinue();
    this.#send(encodeUserauthFailure({ methods, partialSuccess: false }));
  }

  async #methodSucceeded(method: string): Promise<void> {
    if (this.#terminal) return;
    this.#completed.push(method);
    if (this.#methodLists.succeeded(method)) {
      this.#succeed(method);
      return;
    }
    this.#log({
      event: 'partial',
      ...(this.#username !== undefined ? { username: this.#username } : {}),
      method,
    });
    const methods = await this.#canContinue();
    this.#send(encodeUserauthFailure({ methods, partialSuccess: true }));
  }

  #succeed(method: string): void {
    if (this.#terminal) return;
    const username = this.#username as string;
    const result: AuthResult = {
      username,
      method,
      methods: method === 'none' ? ['none'] : [...this.#completed],
      permissions: new AuthPermissions(this.#keyOptions, this.#certificate),
    };
    this.#send(encodeUserauthSuccess());
    this.#state = { kind: 'succeeded', result };
    this.#stopTimer();
    this.#log({ event: 'success', username, method });
    this.#channel.authenticated();
    this.#resolve(result);
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
