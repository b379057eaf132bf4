/**
 * @packageDocumentation
 * `@sshkit/ssh`: the SSH client and server with AsyncSSH's API in TypeScript.
 * `connect()` verifies the host key and authenticates; `listen()` serves
 * clients with your `SSHServer` handler. Every lower package's public names
 * are re-exported here.
 */
export * from '@sshkit/ssh-auth';
export * from '@sshkit/ssh-codes';
// Both layers define the same helper type; export one.
export type { MaybePromise } from '@sshkit/ssh-connection';
export * from '@sshkit/ssh-connection';
export * from '@sshkit/ssh-keys';
export {
  readAuthorizedKeys,
  readCertificate,
  readCertificateList,
  readKnownHosts,
  readPrivateKey,
  readPrivateKeyList,
  readPublicKey,
  readPublicKeyList,
  writePrivateKey,
  writePublicKey,
} from '@sshkit/ssh-keys/node';
export * from '@sshkit/ssh-sftp';
export * from '@sshkit/ssh-sftp/node';
export {
  type AlgorithmKind,
  type AlgorithmListOption,
  AlgorithmNegotiationError,
  AuthCancelledByUser,
  type ByteDuplex,
  type ByteDuplexHandlers,
  type ByteStreamPair,
  CompressionError,
  ConnectionLost,
  createMemoryPair,
  DisconnectError,
  DisconnectedByApplication,
  HostKeyNotVerifiable,
  HostNotAllowedToConnect,
  IllegalUserName,
  KeyExchangeFailed,
  MACError,
  PermissionDenied,
  ProtocolError,
  ProtocolNotSupported,
  ServiceNotAvailable,
  streamDuplex,
  TooManyConnections,
  type TransportLog,
  type TransportLogEvent,
  type WebSocketDuplexOptions,
  type WebSocketEventLike,
  type WebSocketLike,
  webSocketDuplex,
} from '@sshkit/ssh-transport';
export { connectTcp, socketDuplex } from '@sshkit/ssh-transport/node';
export { SSHError } from '@sshkit/ssh-wire';
export { type NodeOptions, SSHClientConnection } from './client-connection.js';
export { connect, createConnection } from './connect.js';
export { SSHClientConnectionBase } from './connection-base.js';
export { SSHClient, type SSHClientHooks, SSHServer, type SSHServerHooks } from './handlers.js';
export { DEFAULT_CONNECT_TIMEOUT } from './handshake.js';
export { createServer, listen, type SSHAcceptor, type SSHListener } from './listen.js';
export { formatLogEntry, type SSHLogEntry, type SSHLogger } from './log.js';
export { type AgentIdentity, connectAgent } from './node/agent.js';
export { toNodeDuplex } from './node/duplex.js';
export type { NodeProcessRedirects, NodeProcessSource, NodeProcessTarget } from './node/process-io.js';
export type { X11ForwardingOptions } from './node/x11/client.js';
export type {
  AlgorithmOptions,
  KnownHostsOption,
  ServerCoreOptions,
  SFTPServerFactory,
  SSHClientOptions,
  SSHServerOptions,
} from './options.js';
export { getServerAuthMethods, getServerHostKey } from './probe.js';
export {
  connectReverse,
  listenReverse,
  type ReverseConnectOptions,
  type ReverseListenOptions,
  type SSHReverseListener,
} from './reverse.js';
export { type SCPOptions, scp } from './scp/scp.js';
export type { SCPPath, SCPRemotePath } from './scp/scp-path.js';
export { runServer } from './serve.js';
export { SSHServerConnection } from './server-connection.js';
export {
  type HostCanonicalization,
  SSHConfig,
  SSHConfigError,
  type SSHConfigFile,
  type SSHConfigTarget,
} from './ssh-config.js';
export { DEFAULT_KEEPALIVE_COUNT_MAX } from './transport-connection.js';
