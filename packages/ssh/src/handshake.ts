import { AuthClient, type ClientKeySource, DEFAULT_PREFERRED_AUTHENTICATIONS } from '@sshkit/ssh-auth';
import { defaultSignatureAlgs, supportedSignatureAlgs } from '@sshkit/ssh-crypto';
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
import type { ClientCoreOptions } from './options.js';
import { withTimeout } from './timeout.js';

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
  /** Once authenticated: starts the connection protocol on `conn`. */
  authenticated(conn: Conn, transport: Transport): void;
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
    ...(options.clientVersion !== undefined && { softwareVersion: options.clientVersion }),
    ...(options.kexAlgs !== undefined && { kexAlgs: options.kexAlgs }),
    ...(options.encryptionAlgs !== undefined && { encryptionAlgs: options.encryptionAlgs }),
    ...(options.macAlgs !== undefined && { macAlgs: options.macAlgs }),
    ...(options.compressionAlgs !== undefined && { compressionAlgs: options.compressionAlgs }),
    ...(options.serverHostKeyAlgs !== undefined && { serverHostKeyAlgs: options.serverHostKeyAlgs }),
    ...(options.rekeyBytes !== undefined && { rekeyBytes: options.rekeyBytes }),
    ...(options.rekeySeconds !== undefined && { rekeySeconds: options.rekeySeconds }),
  };
}

/** The client transport over the setup's stream, with the connection's options. */
function startTransport<Conn extends SSHClientConnectionBase, C extends SSHClient<Conn>>(
  setup: HandshakeSetup<Conn, C>,
): Transport {
  const { duplex, client, options } = setup;
  return runTransport(duplex, clientTransportOptions(options, setup.verifyHostKey), {
    debug: (m, l, a) => client.debugMsgReceived?.(m, l, a),
    closed: (error) => client.connectionLost?.(error),
  });
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
  let transport: Transport;
  try {
    transport = startTransport(setup);
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
    });
    void transport.closed.then((e) => auth.connectionLost(e ?? new ConnectionLost('connection closed')));
    await auth.run();
    info.authMethod = auth.method;
    setup.authenticated(conn, transport);
    return [conn, client];
  } catch (e) {
    transport.abort();
    throw e;
  } finally {
    setup.finished?.();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
