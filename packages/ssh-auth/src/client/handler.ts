/**
 * The client side's handler and options: the authentication part of
 * AsyncSSH's `SSHClient` (API.md), every method optional.
 */
import type { SSHCertificate } from '@sshkit/ssh-keys';
import type { AuthMethodName, KbdintPrompt } from '../messages.js';
import type { AuthLog, AuthTimer, MaybePromise } from '../timer.js';

/**
 * What the client needs of a private key: an `SSHKey` from `@sshkit/ssh-keys`
 * fits, and so does a key held by an agent (`sign` may be async).
 */
export interface AuthSigningKey {
  /**
   * Key type name: `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`... A
   * certificate type (`ssh-ed25519-cert-v01@openssh.com`, as an agent lists a
   * certificate) means `publicBlob` is that certificate.
   */
  readonly algorithm: string;
  /** The SSH public key blob (RFC 4253 §6.6), or the certificate blob (see `algorithm`). */
  readonly publicBlob: Uint8Array;
  /**
   * Signs `data` with `signatureAlgorithm` (`rsa-sha2-512` for RSA...) and
   * returns the SSH signature encoding `string algorithm || string blob`.
   */
  sign(data: Uint8Array, signatureAlgorithm?: string): Uint8Array | Promise<Uint8Array>;
}

/** The part of a certificate the client sends: its algorithm name and blob. */
export type AuthCertificate = Pick<SSHCertificate, 'algorithm' | 'blob'>;

/** A key to try, alone or with the certificate issued for it. */
export type ClientKey = AuthSigningKey | readonly [key: AuthSigningKey, certificate: AuthCertificate];

/**
 * Keys to try first, in order, or a loader called once, when `publickey` is
 * first tried. The loader is the hook the umbrella package uses to read the
 * default `~/.ssh/id_*` keys and their `-cert.pub` files, or an agent's keys.
 */
export type ClientKeySource = readonly ClientKey[] | (() => MaybePromise<readonly ClientKey[]>);

/**
 * Client authentication hooks (AsyncSSH `SSHClient`). Returning `null` (or
 * `undefined`) means "nothing (more) to offer for this method".
 */
export interface AuthClientHandler {
  /** A banner from the server (RFC 4252 §5.4): show it to the user. */
  authBannerReceived?(message: string, lang: string): void;
  /** Authentication succeeded. */
  authCompleted?(): void;
  /** The next key to try once the `keys` option is used up; `null` when there are no more. */
  publicKeyAuthRequested?(): MaybePromise<ClientKey | null | undefined>;
  /** A password to try once the `password` option is used; `null` to stop. */
  passwordAuthRequested?(): MaybePromise<string | null | undefined>;
  /** The server wants a password change: `[oldPassword, newPassword]`, or `null` to decline. */
  passwordChangeRequested?(
    prompt: string,
    lang: string,
  ): MaybePromise<readonly [oldPassword: string, newPassword: string] | null | undefined>;
  /** The password change was accepted. */
  passwordChanged?(): void;
  /** The password change was refused or declined. */
  passwordChangeFailed?(): void;
  /** Submethods for keyboard-interactive (usually `''`), or `null` to skip it. */
  kbdintAuthRequested?(): MaybePromise<string | null | undefined>;
  /** Responses to a challenge, one per prompt, or `null` to abandon keyboard-interactive. */
  kbdintChallengeReceived?(
    name: string,
    instructions: string,
    lang: string,
    prompts: readonly KbdintPrompt[],
  ): MaybePromise<readonly string[] | null | undefined>;
}

/** Options of {@link AuthClient}. */
export interface AuthClientOptions {
  /** The user to authenticate as. */
  username: string;
  /**
   * The service to start afterwards.
   * @default 'ssh-connection'
   */
  service?: string;
  /** Keys to try first (or a loader for them). */
  keys?: ClientKeySource;
  /**
   * Host keys of this machine for `hostbased` (RFC 4252 §9), each alone or
   * with its host certificate, or a loader called once, when `hostbased` is
   * first tried. `hostbased` is tried only with these and `clientHost`.
   */
  clientHostKeys?: ClientKeySource;
  /**
   * The client host name sent in `hostbased` requests and signed, as is:
   * add ssh's trailing dot (`client.example.com.`) yourself if wanted.
   */
  clientHost?: string;
  /**
   * The user on the client host for `hostbased`.
   * @default the `username` option
   */
  clientUsername?: string;
  /**
   * A password for `password`, and for a keyboard-interactive challenge that
   * asks only for a password (AsyncSSH's behaviour).
   */
  password?: string;
  /**
   * Methods in order of preference; a method is tried only when the server lists it.
   * @default ['hostbased', 'publickey', 'keyboard-interactive', 'password'] (OpenSSH's PreferredAuthentications)
   */
  preferredAuthentications?: readonly Exclude<AuthMethodName, 'none'>[];
  /**
   * Signature algorithms the client may use, in preference order; add
   * `ssh-rsa` to allow SHA-1 RSA signatures.
   * @default ssh-crypto's `defaultSignatureAlgs()`
   */
  signatureAlgs?: readonly string[];
  /**
   * Refuse "trivial" authentication (AsyncSSH's `disable_trivial_auth`): a
   * SUCCESS is accepted only once the client has sent a signed `publickey` or
   * `hostbased` request, a password (or password change), or keyboard-interactive
   * responses to at least one prompt. A server that lets the client in without
   * that (after `none`, or zero-prompt keyboard-interactive rounds) fails `run()`
   * with `PermissionDenied`.
   * @default false
   */
  disableTrivialAuth?: boolean;
  /**
   * Milliseconds before giving up; 0 disables.
   * @default 120000
   */
  loginTimeout?: number;
  /**
   * The timer of the login timeout.
   * @default the global setTimeout/clearTimeout
   */
  timer?: AuthTimer;
  /** Receives log events. */
  log?: AuthLog;
}
