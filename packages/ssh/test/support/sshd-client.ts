// Our client logged in to a testkit sshd with the key and known_hosts it made.
import type { SshdInstance } from '@sshkit/testkit';
import { connect, type SSHClientConnection, type SSHClientOptions } from '../../src/index.js';

/** Connects to `server` as its user with its client key; `options` add to or override that. */
export function connectToSshd(
  server: SshdInstance,
  options: SSHClientOptions = {},
): Promise<SSHClientConnection> {
  return connect('127.0.0.1', {
    port: server.port,
    username: server.user,
    clientKeys: [server.clientKeyPath],
    knownHosts: server.knownHostsPath,
    ...options,
  });
}
