import { userInfo } from 'node:os';
import { AuthClient } from '@sshkit/ssh-auth';
import { DISC_BY_APPLICATION } from '@sshkit/ssh-codes';
import { decodePublicKeyBlob } from '@sshkit/ssh-crypto';
import { importCertificate, type SSHCertificate, SSHKey } from '@sshkit/ssh-keys';
import { plainAlgorithmOf, runTransport, type Transport } from '@sshkit/ssh-transport';
import { openStream } from './connect.js';
import { clientTransportOptions, DEFAULT_CONNECT_TIMEOUT } from './handshake.js';
import { type ConnectionLogs, connectionLogs } from './log.js';
import { applyClientConfig } from './node/client-config.js';
import type { SSHClientOptions } from './options.js';
import { withTimeout } from './timeout.js';

/** The host key a server presented: its plain key, or its certificate. */
type PresentedKey = SSHKey | SSHCertificate;

/**
 * Connects as connect() would (config, `tunnel`, `proxyCommand`, `sock`,
 * algorithms), runs the key exchange accepting whatever host key comes,
 * hands the transport to `during` (with the options the config completed),
 * then disconnects. Nothing secret is sent:
 * no key, no password.
 */
async function probe<T>(
  host: string,
  given: SSHClientOptions,
  during: (
    transport: Transport,
    hostKey: PresentedKey | undefined,
    options: SSHClientOptions,
    logs: ConnectionLogs | undefined,
  ) => Promise<T>,
): Promise<T> {
  const { options } = await applyClientConfig({ ...given, host });
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  options.signal?.throwIfAborted();
  const { duplex, owned } = await openStream(options, options.host ?? host, options.port ?? 22, timeout);
  let hostKey: PresentedKey | undefined;
  let transport: Transport;
  const logs = connectionLogs(options.logger, 'client');
  try {
    const transportOptions = clientTransportOptions(options, (blob, algorithm) => {
      hostKey = plainAlgorithmOf(algorithm)
        ? importCertificate(blob)
        : new SSHKey(decodePublicKeyBlob(blob), undefined, false);
      return true;
    });
    transport = runTransport(duplex, { ...transportOptions, ...(logs && { log: logs.transport }) }, {});
  } catch (e) {
    duplex.destroy();
    owned?.close();
    throw e;
  }
  const onAbort = () => transport.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await withTimeout(
      transport.ready.then(() => during(transport, hostKey, options, logs)),
      timeout,
      'probe',
      () => transport.abort(),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    transport.disconnect(DISC_BY_APPLICATION, 'probe finished');
    await transport.closed;
    owned?.close();
  }
}

/**
 * The host key a server presents in the key exchange (AsyncSSH
 * `get_server_host_key`, what `ssh-keyscan` prints): a key or, when the
 * server offers one first, its certificate. It is not checked against
 * anything: this is how a key is learnt, not trusted. `serverHostKeyAlgs`
 * picks which of the server's keys to ask for.
 * @example
 * ```ts
 * import { getServerHostKey } from '@sshkit/ssh';
 * const key = await getServerHostKey('example.com', { serverHostKeyAlgs: ['ssh-ed25519'] });
 * console.log(key?.exportPublicKey('openssh'));
 * ```
 * @throws what connect() throws before authentication (TCP errors, KeyExchangeFailed, a timeout)
 */
export async function getServerHostKey(
  host: string,
  options: SSHClientOptions = {},
): Promise<PresentedKey | undefined> {
  return probe(host, options, async (_transport, hostKey) => hostKey);
}

/**
 * The authentication methods a server offers a user (AsyncSSH
 * `get_server_auth_methods`): the answer to a `none` request (RFC 4252 §5.2),
 * or `['none']` when that alone lets the user in. Only the user name is sent;
 * the host key is not checked.
 * @example
 * ```ts
 * import { getServerAuthMethods } from '@sshkit/ssh';
 * await getServerAuthMethods('example.com', { username: 'me' }); // ['publickey', 'password']
 * ```
 */
export async function getServerAuthMethods(host: string, given: SSHClientOptions = {}): Promise<string[]> {
  return probe(host, given, async (transport, _hostKey, options, logs) => {
    await transport.requestService('ssh-userauth');
    const auth = new AuthClient(
      transport,
      {},
      {
        username: options.username ?? userInfo().username,
        preferredAuthentications: [],
        loginTimeout: 0,
        ...(logs && { log: logs.auth }),
      },
    );
    try {
      await auth.run();
      return ['none'];
    } catch (e) {
      if (auth.allowedMethods.length === 0) throw e;
      return [...auth.allowedMethods];
    }
  });
}
