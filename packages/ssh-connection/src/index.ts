/**
 * @packageDocumentation
 * `@sshkit/ssh-connection`: the SSH connection protocol (RFC 4254) over the
 * transport's `PacketChannel`: the channel multiplexer with flow control,
 * session channels (pty, env, shell/exec/subsystem, signals, break, exit
 * status), TCP/IP and Unix-socket forwarding as protocol (the umbrella opens
 * the sockets), global requests (tcpip-forward with port 0, streamlocal,
 * keepalive, hostkeys, no-more-sessions), AsyncSSH's session handler classes
 * and stream API (`SSHReader`/`SSHWriter`), `run`/`createProcess`, and the
 * enforcement of authorized_keys/certificate restrictions (`AuthPermissions`).
 * Runtime-agnostic: no `node:` imports, no `Buffer`.
 *
 * @example
 * ```ts
 * import { ClientConnectionProtocol, ServerConnectionProtocol } from '@sshkit/ssh-connection';
 * new ServerConnectionProtocol(serverPackets, {}, {
 *   processFactory: (proc) => { proc.stdout.write(`ran ${proc.command}\n`); proc.exit(0); },
 * });
 * const client = new ClientConnectionProtocol(clientPackets);
 * const { stdout, exitStatus } = await client.run('ls');
 * ```
 */
export { type ChannelHost, type ChannelSessionHandler, checkChannelOptions, SSHChannel } from './channel.js';
export {
  type ClientConnectionOptions,
  ClientConnectionProtocol,
  type ClientSessionOptions,
  type ForwardedTCPHandler,
  type ForwardedUNIXHandler,
  type SSHRemoteListener,
} from './client/client-connection.js';
export {
  type ConnectionOptions,
  ConnectionProtocol,
  type StreamHandler,
  type TCPOpenResult,
  type UNIXOpenResult,
} from './connection.js';
export {
  BreakReceived,
  BrokenPipe,
  ChannelListenError,
  ChannelOpenError,
  type ExitSignal,
  IncompleteReadError,
  ProcessError,
  type ProcessResultFields,
  ProcessTimeoutError,
  SignalReceived,
  TerminalSizeChanged,
} from './errors.js';
export {
  SSHTCPChannel,
  SSHTCPSession,
  SSHUNIXChannel,
  SSHUNIXSession,
  type TCPEndpoints,
  type TCPSessionHandler,
  type UNIXSessionHandler,
} from './forward/tcp.js';
export {
  decodeTunPacket,
  encodeTunPacket,
  SSH_TUN_AF_INET,
  SSH_TUN_AF_INET6,
  SSHTunTapChannel,
  SSHTunTapSession,
  SSHTunTapStreamSession,
  type TunTapChannelOptions,
  type TunTapOpenResult,
  type TunTapSessionHandler,
} from './forward/tuntap.js';
export type { ConnectionLog, ConnectionLogEvent } from './log.js';
export * from './messages.js';
export {
  type AcceptedChannel,
  ChannelMux,
  type ChannelMuxOptions,
  type GlobalRequestReply,
  type MuxHandler,
} from './mux.js';
export {
  type ProcessOptions,
  type RunOptions,
  SSHClientProcess,
  type SSHCompletedProcess,
  SSHServerProcess,
} from './process.js';
export type {
  ProcessRedirects,
  ProcessSink,
  ProcessSource,
  ProcessTarget,
} from './redirect.js';
export {
  type ForwardListener,
  permitMatches,
  type ServerConnectionHandler,
  type ServerConnectionOptions,
  ServerConnectionProtocol,
  type ServerStreamHandler,
  type SessionOpenResult,
} from './server/server-connection.js';
export {
  type ClientSessionHandler,
  type ClientSessionRequest,
  SSHClientChannel,
  SSHClientSession,
} from './session/client-session.js';
export { decodeTerminalModes, encodeTerminalModes, type TerminalModes } from './session/pty.js';
export {
  type ServerChannelPolicy,
  type ServerSessionHandler,
  SSHServerChannel,
  SSHServerSession,
  type X11Forward,
} from './session/server-session.js';
export { SSHReader, SSHServerStreamSession, SSHStreamSession, SSHWriter } from './stream.js';
export type {
  ChannelOptions,
  DataFor,
  Encoding,
  EncodingErrors,
  ExtraInfo,
  MaybePromise,
  SessionData,
} from './types.js';
export {
  DATAGRAM_OVERHEAD,
  DEFAULT_MAX_PACKET_SIZE,
  DEFAULT_WINDOW,
  DEFAULT_WRITE_HIGH_WATER,
  MAX_CHANNELS,
  MAX_ENV_VARS,
  MAX_PENDING_GLOBAL_REQUESTS,
  MAX_SEND_PACKET_SIZE,
  MAX_WINDOW,
} from './window.js';
