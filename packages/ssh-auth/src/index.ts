/**
 * @packageDocumentation
 * `@sshkit/ssh-auth`: SSH user authentication (RFC 4252, RFC 4256), client and
 * server, as state machines over the transport's `PacketChannel`:
 * `none`, `password` (with password change), `publickey` (plain keys and
 * OpenSSH user certificates, RSA with rsa-sha2-256/512), `keyboard-interactive`
 * and `hostbased` (client host keys and host certificates). The server enforces authorized_keys options,
 * certificate validity, MaxAuthTries, a login timeout and method chains
 * (AuthenticationMethods); `UnauthenticatedLimiter` implements MaxStartups.
 * `SSHAgentClient` talks to an ssh-agent over any byte stream.
 * Runtime-agnostic: no `node:` imports, no `Buffer`.
 *
 * @example
 * ```ts
 * import { AuthClient, AuthServer, checkPassword } from '@sshkit/ssh-auth';
 * const server = new AuthServer(serverChannel, {
 *   validatePassword: (user, pw) => checkPassword(user === 'alice' ? 'secret' : undefined, pw),
 * });
 * const client = new AuthClient(clientChannel, {}, { username: 'alice', password: 'secret' });
 * const [result] = await Promise.all([server.run(), client.run()]);
 * result.method; // 'password'
 * ```
 */
export { type AgentAddKey, type AgentAddKeyOptions, SSHAgentClient } from './agent/client.js';
export { AGENT_MAX_MESSAGE_LENGTH } from './agent/framing.js';
export { SSHAgentKeyPair } from './agent/key-pair.js';
export { AuthClient, DEFAULT_PREFERRED_AUTHENTICATIONS } from './client/auth-client.js';
export type {
  AuthCertificate,
  AuthClientHandler,
  AuthClientOptions,
  AuthSigningKey,
  ClientKey,
  ClientKeySource,
} from './client/handler.js';
export { answerWithPassword } from './client/methods/keyboard-interactive.js';
export { chooseSignatureAlgorithm, serverSigAlgs } from './client/methods/publickey.js';
export { AgentError, type AgentErrorReason, LoginTimeoutExpired, PasswordChangeRequired } from './errors.js';
export { CONNECTION_SERVICE, DEFAULT_LOGIN_TIMEOUT_MS } from './limits.js';
export {
  AUTH_METHODS,
  type AuthMethodName,
  decodeUserauthBanner,
  decodeUserauthFailure,
  decodeUserauthInfoRequest,
  decodeUserauthInfoResponse,
  decodeUserauthPasswdChangereq,
  decodeUserauthPkOk,
  decodeUserauthRequest,
  decodeUserauthSuccess,
  encodeUserauthBanner,
  encodeUserauthFailure,
  encodeUserauthInfoRequest,
  encodeUserauthInfoResponse,
  encodeUserauthPasswdChangereq,
  encodeUserauthPkOk,
  encodeUserauthRequest,
  encodeUserauthSuccess,
  type HostbasedRequest,
  type KbdintPrompt,
  type KbdintRequest,
  MAX_KBDINT_PROMPTS,
  type NoneRequest,
  type OtherRequest,
  type PasswordRequest,
  type PublicKeyRequest,
  requestMethod,
  type UserauthBanner,
  type UserauthFailure,
  type UserauthInfoRequest,
  type UserauthPasswdChangereq,
  type UserauthPkOk,
  type UserauthRequest,
} from './messages.js';
export { AuthPermissions, type KeyOptionValue, type PermissionName } from './permissions.js';
export { AuthServer } from './server/auth-server.js';
export type { AuthResult, AuthServerHandler, AuthServerOptions, KbdintChallenge } from './server/handler.js';
export { DEFAULT_MAX_AUTH_TRIES } from './server/limits.js';
export { checkPassword } from './server/methods/password.js';
export {
  DEFAULT_MAX_STARTUPS,
  type MaxStartups,
  parseMaxStartups,
  UnauthenticatedLimiter,
  type UnauthenticatedLimiterOptions,
  type UnauthenticatedSlot,
} from './server/unauthenticated-limiter.js';
export {
  CERT_SUFFIX,
  type HostbasedSignedFields,
  hostbasedSignedData,
  isCertificateAlgorithm,
  keyTypeOfAlgorithm,
  type PublicKeySignedFields,
  publicKeySignedData,
  requestAlgorithmFor,
  signatureAlgorithmOf,
} from './signature-data.js';
export {
  type AuthLog,
  type AuthLogEvent,
  type AuthTimer,
  defaultTimer,
  type MaybePromise,
  startLoginTimer,
} from './timer.js';
