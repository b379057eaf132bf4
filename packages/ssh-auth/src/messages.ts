/**
 * The user authentication messages of RFC 4252 (numbers 50-60) and RFC 4256
 * (keyboard-interactive, 60-61): one encode/decode pair per message, each
 * under its RFC layout (CONVENTIONS rule 10).
 *
 * Number 60 means three different messages (PK_OK, PASSWD_CHANGEREQ,
 * INFO_REQUEST): RFC 4252 §6 "Message numbers 60-79 are reserved for
 * method-specific messages", so the receiver picks the decoder from the method
 * in progress. Every decoder of peer bytes throws only `WireError` (malformed
 * encoding) or `ProtocolError` (wrong message number, too many prompts).
 */
import {
  MSG_USERAUTH_BANNER,
  MSG_USERAUTH_FAILURE,
  MSG_USERAUTH_INFO_REQUEST,
  MSG_USERAUTH_INFO_RESPONSE,
  MSG_USERAUTH_PASSWD_CHANGEREQ,
  MSG_USERAUTH_PK_OK,
  MSG_USERAUTH_REQUEST,
  MSG_USERAUTH_SUCCESS,
} from '@sshkit/ssh-codes';
import { ProtocolError } from '@sshkit/ssh-transport';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';

/**
 * Most prompts (and responses) in one keyboard-interactive round. OpenSSH's
 * sshd rejects more than 100 responses (`auth2-chall.c`, "nresp > 100"); we
 * apply the same bound to prompts a server sends us.
 */
export const MAX_KBDINT_PROMPTS = 100;

/** The method names this package implements (RFC 4252 §5.2, §7, §8, §9; RFC 4256). */
export type AuthMethodName = 'none' | 'password' | 'publickey' | 'keyboard-interactive' | 'hostbased';

/**
 * The user authentication methods this package implements, in OpenSSH's
 * client preference order (without gssapi-with-mic).
 */
export const AUTH_METHODS: readonly AuthMethodName[] = Object.freeze([
  'hostbased',
  'publickey',
  'keyboard-interactive',
  'password',
  'none',
]);

/** Fields every SSH_MSG_USERAUTH_REQUEST starts with. */
interface RequestHead {
  /** User name, UTF-8. */
  readonly username: string;
  /** Service to start after authentication (`ssh-connection`). */
  readonly service: string;
}

/** `none` (RFC 4252 §5.2): asks which methods may continue. */
export interface NoneRequest extends RequestHead {
  readonly kind: 'none';
}

/** `password` (RFC 4252 §8), or a password change when `newPassword` is set. */
export interface PasswordRequest extends RequestHead {
  readonly kind: 'password';
  readonly password: string;
  /** Set for the change form (`boolean TRUE`). */
  readonly newPassword?: string;
}

/** `publickey` (RFC 4252 §7): a query without `signature`, an authentication with it. */
export interface PublicKeyRequest extends RequestHead {
  readonly kind: 'publickey';
  /** Public key algorithm name: `ssh-ed25519`, `rsa-sha2-512`, `ssh-ed25519-cert-v01@openssh.com`... */
  readonly algorithm: string;
  /** The public key (or certificate) blob. */
  readonly publicKey: Uint8Array;
  /** `string algorithm || string blob`; absent for a query. */
  readonly signature?: Uint8Array;
}

/** `keyboard-interactive` (RFC 4256 §3.1). */
export interface KbdintRequest extends RequestHead {
  readonly kind: 'keyboard-interactive';
  /** Language tag (deprecated, usually empty). */
  readonly language: string;
  /** Comma-separated submethod hints. */
  readonly submethods: string;
}

/**
 * `hostbased` (RFC 4252 §9): a host key of the client machine vouches for the
 * user of that machine. Always signed: there is no query form.
 */
export interface HostbasedRequest extends RequestHead {
  readonly kind: 'hostbased';
  /** Host key algorithm name (a certificate algorithm for a host certificate). */
  readonly algorithm: string;
  /** The client host key (or host certificate) blob. */
  readonly publicKey: Uint8Array;
  /** The client host name (FQDN, US-ASCII), as sent: ssh sends it with a trailing dot. */
  readonly clientHost: string;
  /** The user name on the client host, UTF-8. */
  readonly clientUsername: string;
  /** `string algorithm || string blob`. */
  readonly signature: Uint8Array;
}

/** A method this package does not implement (`gssapi-with-mic`, ...). */
export interface OtherRequest extends RequestHead {
  readonly kind: 'other';
  readonly method: string;
  /** The method-specific fields, undecoded. */
  readonly data: Uint8Array;
}

/** A decoded SSH_MSG_USERAUTH_REQUEST. */
export type UserauthRequest =
  | NoneRequest
  | PasswordRequest
  | PublicKeyRequest
  | KbdintRequest
  | HostbasedRequest
  | OtherRequest;

/** The wire method name of a request. */
export function requestMethod(req: UserauthRequest): string {
  return req.kind === 'other' ? req.method : req.kind;
}

function expectNumber(r: WireReader, n: number, name: string): void {
  const got = r.u8();
  if (got !== n) throw new ProtocolError(`expected ${name} (${n}), got message ${got}`);
}

// RFC 4252 §5    byte SSH_MSG_USERAUTH_REQUEST / string user name / string service name /
//                string method name / ... method-specific fields
// §5.2 none:     (nothing)
// §8 password:   boolean FALSE / string plaintext password
//                boolean TRUE / string old password / string new password     (change)
// §7 publickey:  boolean FALSE / string algorithm / string blob               (query)
//                boolean TRUE / string algorithm / string blob / string signature
// RFC 4256 §3.1: string language tag / string submethods
// §9 hostbased:  string public key algorithm for host key / string public host key and certificates
//                for client host / string client host name (FQDN, US-ASCII) /
//                string user name on the client host (UTF-8) / string signature
/**
 * Encodes SSH_MSG_USERAUTH_REQUEST.
 * @param req - the request
 * @returns the payload
 * @example
 * ```ts
 * import { encodeUserauthRequest } from '@sshkit/ssh-auth';
 * encodeUserauthRequest({ kind: 'none', username: 'alice', service: 'ssh-connection' });
 * ```
 */
export function encodeUserauthRequest(req: UserauthRequest): Uint8Array {
  const w = new WireWriter().u8(MSG_USERAUTH_REQUEST).string(req.username).string(req.service);
  switch (req.kind) {
    case 'none':
      w.string('none');
      break;
    case 'password':
      w.string('password');
      if (req.newPassword === undefined) w.bool(false).string(req.password);
      else w.bool(true).string(req.password).string(req.newPassword);
      break;
    case 'publickey':
      w.string('publickey')
        .bool(req.signature !== undefined)
        .string(req.algorithm)
        .string(req.publicKey);
      if (req.signature !== undefined) w.string(req.signature);
      break;
    case 'keyboard-interactive':
      w.string('keyboard-interactive').string(req.language).string(req.submethods);
      break;
    case 'hostbased':
      w.string('hostbased')
        .string(req.algorithm)
        .string(req.publicKey)
        .string(req.clientHost)
        .string(req.clientUsername)
        .string(req.signature);
      break;
    case 'other':
      w.string(req.method).raw(req.data);
      break;
    default: {
      const never: never = req;
      throw new TypeError(`unknown request kind ${JSON.stringify(never)}`);
    }
  }
  return w.finish();
}

/**
 * Decodes SSH_MSG_USERAUTH_REQUEST. Text fields must be valid UTF-8.
 * @throws WireError for a malformed message; ProtocolError for a wrong message number
 */
export function decodeUserauthRequest(payload: Uint8Array): UserauthRequest {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_REQUEST, 'SSH_MSG_USERAUTH_REQUEST');
  const username = r.utf8();
  const service = r.utf8();
  const method = r.utf8();
  let req: UserauthRequest;
  switch (method) {
    case 'none':
      req = { kind: 'none', username, service };
      break;
    case 'password': {
      const change = r.bool();
      const password = r.utf8();
      req = change
        ? { kind: 'password', username, service, password, newPassword: r.utf8() }
        : { kind: 'password', username, service, password };
      break;
    }
    case 'publickey': {
      const signed = r.bool();
      const algorithm = r.utf8();
      const publicKey = r.string().slice();
      req = signed
        ? { kind: 'publickey', username, service, algorithm, publicKey, signature: r.string().slice() }
        : { kind: 'publickey', username, service, algorithm, publicKey };
      break;
    }
    case 'keyboard-interactive':
      req = { kind: 'keyboard-interactive', username, service, language: r.utf8(), submethods: r.utf8() };
      break;
    case 'hostbased': {
      const algorithm = r.utf8();
      const publicKey = r.string().slice();
      const clientHost = r.utf8();
      const clientUsername = r.utf8();
      const signature = r.string().slice();
      req = {
        kind: 'hostbased',
        username,
        service,
        algorithm,
        publicKey,
        clientHost,
        clientUsername,
        signature,
      };
      break;
    }
    default:
      return { kind: 'other', username, service, method, data: r.rest().slice() };
  }
  r.expectEnd();
  return req;
}

/** SSH_MSG_USERAUTH_FAILURE. */
export interface UserauthFailure {
  /** "authentications that can continue" (never `none`). */
  readonly methods: readonly string[];
  /** TRUE when the request succeeded but more methods are required. */
  readonly partialSuccess: boolean;
}

// RFC 4252 §5.1  byte SSH_MSG_USERAUTH_FAILURE / name-list authentications that can continue /
//                boolean partial success
/** Encodes SSH_MSG_USERAUTH_FAILURE. */
export function encodeUserauthFailure(m: UserauthFailure): Uint8Array {
  return new WireWriter(64).u8(MSG_USERAUTH_FAILURE).nameList(m.methods).bool(m.partialSuccess).finish();
}

/** @throws WireError | ProtocolError */
export function decodeUserauthFailure(payload: Uint8Array): UserauthFailure {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_FAILURE, 'SSH_MSG_USERAUTH_FAILURE');
  const m = { methods: r.nameList(), partialSuccess: r.bool() };
  r.expectEnd();
  return m;
}

// RFC 4252 §5.1  byte SSH_MSG_USERAUTH_SUCCESS
/** Encodes SSH_MSG_USERAUTH_SUCCESS. */
export function encodeUserauthSuccess(): Uint8Array {
  return Uint8Array.of(MSG_USERAUTH_SUCCESS);
}

/** @throws WireError | ProtocolError */
export function decodeUserauthSuccess(payload: Uint8Array): void {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_SUCCESS, 'SSH_MSG_USERAUTH_SUCCESS');
  r.expectEnd();
}

/** SSH_MSG_USERAUTH_BANNER. */
export interface UserauthBanner {
  readonly message: string;
  readonly language: string;
}

// RFC 4252 §5.4  byte SSH_MSG_USERAUTH_BANNER / string message in ISO-10646 UTF-8 / string language tag
/** Encodes SSH_MSG_USERAUTH_BANNER. */
export function encodeUserauthBanner(m: UserauthBanner): Uint8Array {
  return new WireWriter().u8(MSG_USERAUTH_BANNER).string(m.message).string(m.language).finish();
}

/** @throws WireError | ProtocolError */
export function decodeUserauthBanner(payload: Uint8Array): UserauthBanner {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_BANNER, 'SSH_MSG_USERAUTH_BANNER');
  const m = { message: r.utf8(), language: r.utf8() };
  r.expectEnd();
  return m;
}

/** SSH_MSG_USERAUTH_PK_OK. */
export interface UserauthPkOk {
  readonly algorithm: string;
  readonly publicKey: Uint8Array;
}

// RFC 4252 §7  byte SSH_MSG_USERAUTH_PK_OK / string public key algorithm name from the request /
//              string public key blob from the request
/** Encodes SSH_MSG_USERAUTH_PK_OK. */
export function encodeUserauthPkOk(m: UserauthPkOk): Uint8Array {
  return new WireWriter().u8(MSG_USERAUTH_PK_OK).string(m.algorithm).string(m.publicKey).finish();
}

/** @throws WireError | ProtocolError */
export function decodeUserauthPkOk(payload: Uint8Array): UserauthPkOk {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_PK_OK, 'SSH_MSG_USERAUTH_PK_OK');
  const m = { algorithm: r.utf8(), publicKey: r.string().slice() };
  r.expectEnd();
  return m;
}

/** SSH_MSG_USERAUTH_PASSWD_CHANGEREQ. */
export interface UserauthPasswdChangereq {
  readonly prompt: string;
  readonly language: string;
}

// RFC 4252 §8  byte SSH_MSG_USERAUTH_PASSWD_CHANGEREQ / string prompt in ISO-10646 UTF-8 /
//              string language tag
/** Encodes SSH_MSG_USERAUTH_PASSWD_CHANGEREQ. */
export function encodeUserauthPasswdChangereq(m: UserauthPasswdChangereq): Uint8Array {
  return new WireWriter().u8(MSG_USERAUTH_PASSWD_CHANGEREQ).string(m.prompt).string(m.language).finish();
}

/** @throws WireError | ProtocolError */
export function decodeUserauthPasswdChangereq(payload: Uint8Array): UserauthPasswdChangereq {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_PASSWD_CHANGEREQ, 'SSH_MSG_USERAUTH_PASSWD_CHANGEREQ');
  const m = { prompt: r.utf8(), language: r.utf8() };
  r.expectEnd();
  return m;
}

/** One keyboard-interactive prompt: its text and whether the answer may be echoed. */
export type KbdintPrompt = readonly [prompt: string, echo: boolean];

/** SSH_MSG_USERAUTH_INFO_REQUEST. */
export interface UserauthInfoRequest {
  readonly name: string;
  readonly instruction: string;
  readonly language: string;
  readonly prompts: readonly KbdintPrompt[];
}

// RFC 4256 §3.2  byte SSH_MSG_USERAUTH_INFO_REQUEST / string name / string instruction /
//                string language tag / int num-prompts / (string prompt[i] / boolean echo[i])*
/**
 * Encodes SSH_MSG_USERAUTH_INFO_REQUEST.
 * @throws RangeError for more than {@link MAX_KBDINT_PROMPTS} prompts
 */
export function encodeUserauthInfoRequest(m: UserauthInfoRequest): Uint8Array {
  if (m.prompts.length > MAX_KBDINT_PROMPTS)
    throw new RangeError(`encodeUserauthInfoRequest: more than ${MAX_KBDINT_PROMPTS} prompts`);
  const w = new WireWriter()
    .u8(MSG_USERAUTH_INFO_REQUEST)
    .string(m.name)
    .string(m.instruction)
    .string(m.language)
    .u32(m.prompts.length);
  for (const [prompt, echo] of m.prompts) w.string(prompt).bool(echo);
  return w.finish();
}

/** @throws WireError | ProtocolError (also for more than {@link MAX_KBDINT_PROMPTS} prompts) */
export function decodeUserauthInfoRequest(payload: Uint8Array): UserauthInfoRequest {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_INFO_REQUEST, 'SSH_MSG_USERAUTH_INFO_REQUEST');
  const name = r.utf8();
  const instruction = r.utf8();
  const language = r.utf8();
  const count = r.u32();
  if (count > MAX_KBDINT_PROMPTS) throw new ProtocolError(`too many keyboard-interactive prompts (${count})`);
  const prompts: KbdintPrompt[] = [];
  for (let i = 0; i < count; i++) prompts.push([r.utf8(), r.bool()]);
  r.expectEnd();
  return { name, instruction, language, prompts };
}

// RFC 4256 §3.4  byte SSH_MSG_USERAUTH_INFO_RESPONSE / int num-responses / string response[i]*
/**
 * Encodes SSH_MSG_USERAUTH_INFO_RESPONSE.
 * @throws RangeError for more than {@link MAX_KBDINT_PROMPTS} responses
 */
export function encodeUserauthInfoResponse(responses: readonly string[]): Uint8Array {
  if (responses.length > MAX_KBDINT_PROMPTS)
    throw new RangeError(`encodeUserauthInfoResponse: more than ${MAX_KBDINT_PROMPTS} responses`);
  const w = new WireWriter().u8(MSG_USERAUTH_INFO_RESPONSE).u32(responses.length);
  for (const response of responses) w.string(response);
  return w.finish();
}

/** @throws WireError | ProtocolError (also for more than {@link MAX_KBDINT_PROMPTS} responses) */
export function decodeUserauthInfoResponse(payload: Uint8Array): string[] {
  const r = new WireReader(payload);
  expectNumber(r, MSG_USERAUTH_INFO_RESPONSE, 'SSH_MSG_USERAUTH_INFO_RESPONSE');
  const count = r.u32();
  if (count > MAX_KBDINT_PROMPTS)
    throw new ProtocolError(`too many keyboard-interactive responses (${count})`);
  const responses: string[] = [];
  for (let i = 0; i < count; i++) responses.push(r.utf8());
  r.expectEnd();
  return responses;
}
