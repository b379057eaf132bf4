/**
 * The server side's handler and options: the authentication part of
 * AsyncSSH's `SSHServer` (API.md), every method optional.
 */
import type { SSHAuthorizedKeys, SSHKey, SSHKnownHosts } from '@sshkit/ssh-keys';
import type { KbdintPrompt } from '../messages.js';
import type { AuthPermissions } from '../permissions.js';
import type { AuthLog, AuthTimer, MaybePromise } from '../timer.js';

/**
 * A keyboard-interactive challenge: `[name, instructions, lang, prompts]`,
 * each prompt `[text, echo]` (RFC 4256 §3.2).
 */
export type KbdintChallenge = readonly [
  name: string,
  instructions: string,
  lang: string,
  prompts: readonly KbdintPrompt[],
];

/**
 * Server authentication hooks (AsyncSSH `SSHServer`). Each may return a value
 * or a Promise. A hook that is absent behaves as described on it.
 */
export interface AuthServerHandler {
  /**
   * Called once, at the first request, with the user name. May call
   * `AuthServer.setAuthorizedKeys` or `sendAuthBanner`.
   * @returns whether authentication is required (false: the first request succeeds)
   * @default true when absent
   */
  beginAuth?(username: string): MaybePromise<boolean>;
  /**
   * Whether `publickey` is offered. When absent: offered when authorized keys
   * are set or `validatePublicKey`/`validateCaKey` exists.
   */
  publicKeyAuthSupported?(): MaybePromise<boolean>;
  /** Accepts a plain public key not found in the authorized keys. */
  validatePublicKey?(username: string, key: SSHKey): MaybePromise<boolean>;
  /** Accepts the CA of a user certificate not trusted by a `cert-authority` line. */
  validateCaKey?(username: string, key: SSHKey): MaybePromise<boolean>;
  /**
   * Whether `hostbased` is offered. When absent: offered when `knownClientHosts`
   * is set or `validateHostPublicKey`/`validateHostCaKey` exists.
   */
  hostBasedAuthSupported?(): MaybePromise<boolean>;
  /**
   * Accepts a plain client host key not trusted by `knownClientHosts`.
   * `clientHost` is the name from the request without its trailing dot;
   * `clientAddr`/`clientPort` are the `clientAddress`/`clientPort` options ('' and 0 when unset).
   */
  validateHostPublicKey?(
    clientHost: string,
    clientAddr: string,
    clientPort: number,
    key: SSHKey,
  ): MaybePromise<boolean>;
  /** Accepts the CA of a client host certificate not trusted by a `@cert-authority` line. */
  validateHostCaKey?(
    clientHost: string,
    clientAddr: string,
    clientPort: number,
    key: SSHKey,
  ): MaybePromise<boolean>;
  /**
   * Whether `clientUsername` on `clientHost` may log in as `username`.
   * @default username === clientUsername when absent (AsyncSSH)
   */
  validateHostBasedUser?(username: string, clientHost: string, clientUsername: string): MaybePromise<boolean>;
  /** Whether `password` is offered. When absent: offered when `validatePassword` exists. */
  passwordAuthSupported?(): MaybePromise<boolean>;
  /**
   * Checks a password. Throw `PasswordChangeRequired` to ask for a new one.
   * Compare with `checkPassword` (constant time, same work for unknown users).
   */
  validatePassword?(username: string, password: string): MaybePromise<boolean>;
  /**
   * Changes a password. Throw `PasswordChangeRequired` to refuse the new one
   * and ask again. When absent, a change request fails.
   */
  changePassword?(username: string, oldPassword: string, newPassword: string): MaybePromise<boolean>;
  /** Whether `keyboard-interactive` is offered. When absent: offered when `getKbdintChallenge` exists. */
  kbdintAuthSupported?(): MaybePromise<boolean>;
  /**
   * The first challenge, or `true` (success without a challenge) or `false` (failure).
   */
  getKbdintChallenge?(
    username: string,
    lang: string,
    submethods: string,
  ): MaybePromise<KbdintChallenge | boolean>;
  /**
   * Checks the responses to the last challenge: `true`, `false`, or another
   * challenge (multi-round). When absent, every response fails.
   */
  validateKbdintResponse?(
    username: string,
    responses: readonly string[],
  ): MaybePromise<KbdintChallenge | boolean>;
}

/** Options of {@link AuthServer}. */
export interface AuthServerOptions {
  /**
   * authorized_keys for every user (replace per user with
   * `AuthServer.setAuthorizedKeys` from `beginAuth`). Options are enforced at
   * authentication time: `from=`, `expiry-time=`, `cert-authority` with
   * `principals=`; the others are recorded in the result's permissions.
   */
  authorizedClientKeys?: SSHAuthorizedKeys;
  /**
   * Force `publickey` on or off; `undefined` derives it from the handler and keys.
   * @default undefined
   */
  publicKeyAuth?: boolean;
  /**
   * Client host keys for `hostbased` (known_hosts format): plain keys trusted
   * for the host names or addresses they list, `@cert-authority` CAs of host
   * certificates, `@revoked` keys. Looked up by the client host name and
   * `clientAddress`, without a port (client source ports are random).
   */
  knownClientHosts?: SSHKnownHosts;
  /**
   * Believe the host name in `hostbased` requests instead of requiring it to
   * equal `clientHost` (the peer's reverse DNS name).
   * @default false
   */
  trustClientHost?: boolean;
  /**
   * Force `hostbased` on or off; `undefined` derives it from the handler and `knownClientHosts`.
   * @default undefined
   */
  hostBasedAuth?: boolean;
  /**
   * Force `password` on or off.
   * @default undefined
   */
  passwordAuth?: boolean;
  /**
   * Force `keyboard-interactive` on or off.
   * @default undefined
   */
  kbdintAuth?: boolean;
  /**
   * Method chains, as sshd's AuthenticationMethods: `[['publickey', 'password']]`
   * requires both, in that order; several chains are alternatives. Without it
   * any one method suffices.
   * @default undefined
   */
  authenticationMethods?: readonly (readonly string[])[];
  /**
   * Failed attempts before disconnecting with NO_MORE_AUTH_METHODS_AVAILABLE.
   * @default 6 ({@link DEFAULT_MAX_AUTH_TRIES})
   */
  maxAuthTries?: number;
  /**
   * Milliseconds before an unauthenticated connection is dropped; 0 disables.
   * @default 120000
   */
  loginTimeout?: number;
  /**
   * Banner sent before the reply to the first request.
   * @default undefined (none)
   */
  banner?: string | { readonly message: string; readonly lang?: string };
  /**
   * Public key algorithm names accepted in requests (certificate names are
   * derived: `X-cert-v01@openssh.com` is accepted when `X` is).
   * @default ssh-crypto's `defaultSignatureAlgs()` (no `ssh-rsa` SHA-1)
   */
  publicKeyAlgs?: readonly string[];
  /** The client's address, for `from=` and the `source-address` certificate option. */
  clientAddress?: string;
  /**
   * The client's host name (reverse DNS), for host patterns in `from=`, and
   * the name a `hostbased` request must carry unless `trustClientHost`.
   */
  clientHost?: string;
  /** The client's source port, passed to the `hostbased` hooks. */
  clientPort?: number;
  /**
   * Finds the client's host name (the reverse lookup of its address) when a
   * `hostbased` request needs it and `clientHost` is not set; called at most
   * once per connection, and only then. A rejection counts as no name.
   */
  lookupClientHost?: () => MaybePromise<string | undefined>;
  /**
   * The clock for certificate validity and `expiry-time`.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * The timer of the login timeout.
   * @default the global setTimeout/clearTimeout
   */
  timer?: AuthTimer;
  /** Receives log events. */
  log?: AuthLog;
}

/** What {@link AuthServer.run} resolves with. */
export interface AuthResult {
  readonly username: string;
  /** The method that completed authentication (`none` when none was needed). */
  readonly method: string;
  /** Every method that succeeded, in order (more than one with `authenticationMethods`). */
  readonly methods: readonly string[];
  /** Options and permissions for the connection layer. */
  readonly permissions: AuthPermissions;
}
