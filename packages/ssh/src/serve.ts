import type { SSHAuthorizedKeys, SSHKnownHosts } from '@sshkit/ssh-keys';
import { readAuthorizedKeys, readKnownHosts } from '@sshkit/ssh-keys/node';
import { SFTPServer } from '@sshkit/ssh-sftp';
import { LocalFileSystem } from '@sshkit/ssh-sftp/node';
import type { ByteDuplex } from '@sshkit/ssh-transport';
import { SSHServer } from './handlers.js';
import { loadHostKeys } from './node/host-keys.js';
import { reverseLookup } from './node/reverse-lookup.js';
import type { ServerProtocolOptions, SSHServerOptions } from './options.js';
import { prepareServerWith, type ServerSetup, serveOne } from './serve-core.js';
import { SSHServerConnection } from './server-connection.js';

async function loadAuthorizedKeys(
  spec: SSHServerOptions['authorizedClientKeys'],
): Promise<SSHAuthorizedKeys | undefined> {
  return typeof spec === 'string' ? readAuthorizedKeys(spec) : spec;
}

async function loadKnownClientHosts(
  spec: SSHServerOptions['knownClientHosts'],
): Promise<SSHKnownHosts | undefined> {
  return typeof spec === 'string' ? readKnownHosts(spec) : spec;
}

/** The options with `sftpFactory: true` made a factory of SFTP servers on the local file system. */
function protocolOptions(options: SSHServerOptions): ServerProtocolOptions {
  if (options.sftpFactory !== true) return options as ServerProtocolOptions;
  return { ...options, sftpFactory: () => new SFTPServer(new LocalFileSystem()) };
}

/** Checks the options and loads the host keys and authorized_keys once. */
export function prepareServer(
  serverFactory: () => SSHServer,
  options: SSHServerOptions,
): Promise<ServerSetup<SSHServerConnection>> {
  return prepareServerWith(serverFactory, protocolOptions(options), async () => ({
    hostKeys: await loadHostKeys(options.serverHostKeys ?? []),
    authorizedClientKeys: await loadAuthorizedKeys(options.authorizedClientKeys),
    knownClientHosts: await loadKnownClientHosts(options.knownClientHosts),
    lookupClientHost: reverseLookup,
    connection: (transport, auth, info) => new SSHServerConnection(transport, auth, info, options),
  }));
}

/**
 * Serves one client on a connection you already have (AsyncSSH `run_server`):
 * a socket you accepted, a WebSocket, any byte stream. `host`, `port` and
 * `maxStartups` do not apply.
 * @returns the connection once the client authenticated
 * @throws the DisconnectError that ended the handshake
 */
export async function runServer(sock: ByteDuplex, options: SSHServerOptions): Promise<SSHServerConnection> {
  const setup = await prepareServer(options.serverFactory ?? (() => new SSHServer()), options);
  return serveOne(setup, sock);
}
