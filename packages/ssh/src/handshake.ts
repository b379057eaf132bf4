import { AuthClient, type ClientKeySource, DEFAULT_PREFERRED_AUTHENTICATIONS } from '@sshkit/ssh-auth';
import type { ConnectionLog } from '@sshkit/ssh-connection';
import { defaultSignatureAlgs, supportedSignatureAlgs } from '@sshkit/ssh-crypto';
import { fingerprintBlob } from '@sshkit/ssh-keys';
import {
  type ByteDuplex,
  ConnectionLost,
  type HostKeyVerifier,
  resolveAlgorithmList,
  runTransport,
  type Transport,
  type TransportOptions,
} from '@sshkit/ssh-transport';
import type { SSHClientConnectionBase } from './connection-base.js';
import type { SSHClient } from './handlers.js';
import { type ConnectionLogs, connectionLogs } from './log.js';
import type { ClientCoreOptions } from './options.js';
import { withTimeout } from './timeout.js';
import { sharedTransportOptions } from './transport-options.js';

/** @default connect timeout (ms), like ssh's ConnectTimeout when set. */
export const DEFAULT_CONNECT_TIMEOUT = 30_000;

/** What hostbased authentication sends: host keys (loaded when first needed), the claimed host name and local user. */
export interface HostBasedSetup {
  readonly clientHostKeys: ClientKeySource;
  readonly clientHost: string;
  readonly clientUsername: string;
}

/** What a runtime's `connect()` worked out before the SSH handshake starts. */
export interface HandshakeSetup<Conn extends SSHClientConnectionBase, C extends SSHClient<Conn>> {
  readonly duplex: ByteDuplex;
  readonly client: C;
  readonly options: ClientCoreOptions;
  /** The server's address and port, for `peername`. */
  readonly addr: string;
  readonly port: number;
  readonly username: string;
  readonly verifyHostKey: HostKeyVerifier;
  readonly keys: ClientKeySource;
  /** Host keys, host name and local user for hostbased authentication; none: hostbased is not tried. */
  readonly hostBased?: HostBasedSetup | undefined;
  /** Makes the connection object over the running transport. */
  connection(transport: Transport, info: Record<string, unknown>): Conn;
  /** Once authenticated: starts the connection protocol on `conn` (logging to `log` when given). */
  authenticated(conn: Conn, transport: Transport, log: ConnectionLog | undefined): void;
  /** Called when the handshake ends, whichever way. */
  finished?(): void;
}

/** The methods to try, in order: `preferredAuthentications` (or ssh's default) less those switched off. */
function preferredMethods(
  options: ClientCoreOptions,
): NonNullable<ClientCoreOptions['preferredAuthentications']> {
  const off = new Set<string>();
  if (options.publicKeyAuth === false) off.add('publickey');
  if (options.passwordAuth === false) off.add('password');
  if (options.kbdintAuth === false) off.add('keyboard-interactive');
  return (options.preferredAuthentications ?? DEFAULT_PREFERRED_AUTHENTICATIONS).filter((m) => !off.has(m));
}

/** The client transport's options: the connection's algorithms, version and re-key limits. */
export function clientTransportOptions(
  options: ClientCoreOptions,
  verifyHostKey: HostKeyVerifier,
): TransportOptions {
  return {
    role: 'client',
    verifyHostKey,
    ...sharedTransportOptions(options, options.clientVersion),
  };
}

/** The client transport over the setup's stream, with the connection's options. */
function startTransport<Conn extends SSHClientConnectionBase, C extends SSHClient<Conn>>(
  setup: HandshakeSetup<Conn, C>,
  logs: ConnectionLogs | undefined,
): Transport {
  const { duplex, client, options } = setup;
  const transportOptions = clientTransportOptions(options, loggedVerifier(setup.verifyHostKey, logs));
  return runTransport(
    duplex,
    { ...transportOptions, ...(logs && { log: logs.transport }) },
    {
      debug: (m, l, a) => client.debugMsgReceived?.(m, l, a),
      closed: (error) => client.connectionLost?.(error),
    },
  );
}

/** `verify`, logging each host key it is asked about and its answer. */
function loggedVerifier(verify: HostKeyVerifier, logs: ConnectionLogs | undefined): HostKeyVerifier {
  if (!logs) return verify;
  return async (blob, algorithm) => {
    const trusted = await verify(blob, algorithm);
    logs.ssh(
      'host-key',
      `server host key ${algorithm} ${fingerprintBlob(blob)}: ${trusted ? 'trusted' : 'refused'}`,
    );
    return trusted;
  };
}

/**
 * Runs the SSH handshake over `setup.duplex` in any runtime: key exchange
 * (checking the host key), then user authentication, within the timeouts and
 * `signal` of the options.
 * @returns the connection and the handler
 */
export async function handshake<Conn extends SSHClientConnectionBase, C extends SSHClient<Conn>>(
  setup: HandshakeSetup<Conn, C>,
): Promise<[Conn, C]> {
  const { duplex, client, options } = setup;
  const logs = connectionLogs(options.logger, 'client');
  logs?.ssh('connect', `connected to ${setup.addr} port ${setup.port}`);
  let transport: Transport;
  try {
    transport = startTransport(setup, logs);
  } catch (e) {
    // Bad options (a version string, algorithm names): nothing else will close the stream.
    duplex.destroy();
    setup.finished?.();
    throw e;
  }
  const onAbort = () => transport.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const info: Record<string, unknown> = {
    username: setup.username,
    peername: [setup.addr, setup.port],
    sockname: [duplex.info?.localAddress, duplex.info?.localPort],
  };
  const conn = setup.connection(transport, info);
  try {
    const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
    await withTimeout(transport.ready, timeout, 'key exchange', () => transport.abort());
    client.connectionMade?.(conn);
    await transport.requestService('ssh-userauth');
    const auth = new AuthClient(transport, client, {
      username: setup.username,
      keys: setup.keys,
      ...setup.hostBased,
      ...(options.password !== undefined && { password: options.password }),
      preferredAuthentications: preferredMethods(options),
      ...(options.disableTrivialAuth !== undefined && { disableTrivialAuth: options.disableTrivialAuth }),
      signatureAlgs: resolveAlgorithmList(
        options.signatureAlgs,
        defaultSignatureAlgs(),
        supportedSignatureAlgs(),
        'signatureAlgs',
      ),
      ...(options.loginTimeout !== undefined && { loginTimeout: options.loginTimeout }),
      ...(logs && { log: logs.auth }),
    });
    void transport.closed.then((e) => auth.connectionLost(e ?? new ConnectionLost('connection closed')));
    await auth.run();
    info.authMethod = auth.method;
    logs?.ssh('authenticated', `authenticated as ${setup.username} with ${auth.method}`);
    setup.authenticated(conn, transport, logs?.connection);
    return [conn, client];
  } catch (e) {
    transport.abort();
    throw e;
  } finally {
    setup.finished?.();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
