import { userInfo } from 'node:os';
import { AuthClient } from '@sshkit/ssh-auth';
import { defaultSignatureAlgs, supportedSignatureAlgs } from '@sshkit/ssh-crypto';
import { ConnectionLost, resolveAlgorithmList, runTransport } from '@sshkit/ssh-transport';
import { connectTcp } from '@sshkit/ssh-transport/node';
import { SSHClientConnection } from './client-connection.js';
import { SSHClient } from './handlers.js';
import { clientKeySource } from './node/client-keys.js';
import { hostKeyVerifier } from './node/host-key-check.js';
import type { SSHClientOptions } from './options.js';
import { withTimeout } from './timeout.js';

/** @default connect timeout (ms), like ssh's ConnectTimeout when set. */
export const DEFAULT_CONNECT_TIMEOUT = 30_000;

/**
 * Connects to an SSH server, verifies its host key and authenticates.
 * @example
 * ```ts
 * import { connect } from '@sshkit/ssh';
 * await using conn = await connect('example.com', { username: 'me' });
 * ```
 * @throws HostKeyNotVerifiable, PermissionDenied, ConnectionLost, or another DisconnectError
 */
export async function connect(options: SSHClientOptions): Promise<SSHClientConnection>;
export async function connect(host: string, options?: SSHClientOptions): Promise<SSHClientConnection>;
export async function connect(
  hostOrOptions: string | SSHClientOptions,
  maybeOptions: SSHClientOptions = {},
): Promise<SSHClientConnection> {
  const options =
    typeof hostOrOptions === 'string' ? { ...maybeOptions, host: hostOrOptions } : hostOrOptions;
  const [conn] = await createConnection(options.clientFactory ?? (() => new SSHClient()), options);
  return conn;
}

/**
 * Like {@link connect}, with a handler object from `clientFactory`; returns the
 * connection and the handler.
 */
export async function createConnection<C extends SSHClient>(
  clientFactory: () => C,
  options: SSHClientOptions,
): Promise<[SSHClientConnection, C]> {
  const host = options.host ?? 'localhost';
  const port = options.port ?? 22;
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  options.signal?.throwIfAborted();
  const duplex = options.sock ?? (await withTimeout(connectTcp(host, port), timeout, 'TCP connect'));
  const client = clientFactory();
  const addr = String(duplex.info?.remoteAddress ?? host);
  const verifyHostKey = await hostKeyVerifier(options.knownHosts, host, addr, port, client);
  const transport = runTransport(
    duplex,
    {
      role: 'client',
      verifyHostKey,
      ...(options.kexAlgs !== undefined && { kexAlgs: options.kexAlgs }),
      ...(options.encryptionAlgs !== undefined && { encryptionAlgs: options.encryptionAlgs }),
      ...(options.macAlgs !== undefined && { macAlgs: options.macAlgs }),
      ...(options.compressionAlgs !== undefined && { compressionAlgs: options.compressionAlgs }),
      ...(options.serverHostKeyAlgs !== undefined && { serverHostKeyAlgs: options.serverHostKeyAlgs }),
      ...(options.rekeyBytes !== undefined && { rekeyBytes: options.rekeyBytes }),
      ...(options.rekeySeconds !== undefined && { rekeySeconds: options.rekeySeconds }),
    },
    {
      debug: (m, l, a) => client.debugMsgReceived?.(m, l, a),
      closed: (error) => client.connectionLost?.(error),
    },
  );
  const onAbort = () => transport.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const username = options.username ?? userInfo().username;
  const conn = new SSHClientConnection(transport, {
    username,
    peername: [addr, port],
    sockname: [duplex.info?.localAddress, duplex.info?.localPort],
  });
  try {
    await withTimeout(transport.ready, timeout, 'key exchange', () => transport.abort());
    client.connectionMade?.(conn);
    await transport.requestService('ssh-userauth');
    const auth = new AuthClient(transport, client, {
      username,
      keys: clientKeySource(options.clientKeys, options.passphrase),
      ...(options.password !== undefined && { password: options.password }),
      ...(options.preferredAuthentications && { preferredAuthentications: options.preferredAuthentications }),
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
    conn.startConnectionProtocol(options.keepaliveInterval, options.keepaliveCountMax);
    return [conn, client];
  } catch (e) {
    transport.abort();
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
