import {
  loadKeypairs,
  type SSHAuthorizedKeys,
  type SSHCertificate,
  type SSHKey,
  type SSHKeyPair,
  type SSHKnownHosts,
} from '@sshkit/ssh-keys';
import type { ByteDuplex } from '@sshkit/ssh-transport';
import { SSHServer } from './handlers.js';
import { loadHostKeysWith } from './host-key-pairs.js';
import type { ServerCoreOptions, SFTPServerFactory } from './options.js';
import { prepareServerWith, serveOne } from './serve-core.js';
import { SSHServerConnectionBase } from './server-connection-base.js';

/**
 * Options of `@sshkit/ssh/web`'s {@link runServer}: those of Node's
 * `runServer` that need no Node, with keys given loaded. Not here: file
 * names for keys (no files), `sftpFactory: true` (no local file system),
 * `agentForwarding` and `x11Forwarding` (they listen on Unix and TCP
 * sockets; both are refused), and `host`/`port`/`maxStartups`/`tcpKeepalive`
 * (those are `listen`'s). A `connectionRequested`/`serverRequested` (and Unix
 * variants) answer of `true`, which opens a real socket on Node, is refused:
 * return a session or a listener instead.
 */
export interface WebServerOptions extends ServerCoreOptions {
  /** Host keys: loaded keys, key pairs, or `[key, certificate]` pairs. */
  serverHostKeys: readonly (SSHKey | SSHKeyPair | readonly [SSHKey, SSHCertificate | Uint8Array | null])[];
  /** authorized_keys, parsed (`importAuthorizedKeys`). */
  authorizedClientKeys?: SSHAuthorizedKeys;
  /** Client host keys for hostbased authentication, parsed (`importKnownHosts`). */
  knownClientHosts?: SSHKnownHosts;
  /**
   * The host name of a client's address, which a hostbased request's claimed
   * name must match unless `trustClientHost` (sshd's reverse lookup; there is
   * no resolver here). @default none: hostbased needs `trustClientHost`
   */
  lookupClientHost?: (address: string) => Promise<string | undefined>;
  serverFactory?: () => SSHServer<SSHServerConnectionBase>;
  /** Serves the `sftp` subsystem (and `allowScp`), e.g. `() => new SFTPServer(new MemoryFileSystem())`. */
  sftpFactory?: SFTPServerFactory;
}

/**
 * Serves one client over `sock` (AsyncSSH `run_server`): a WebSocket
 * (`webSocketDuplex`), WHATWG streams (`streamDuplex`), any byte stream.
 * @example
 * ```ts
 * import { runServer, generatePrivateKey, streamDuplex } from '@sshkit/ssh/web';
 * const conn = await runServer(streamDuplex(await Deno.connect({ hostname, port })), {
 *   serverHostKeys: [generatePrivateKey('ssh-ed25519')],
 *   processFactory: (proc) => { proc.stdout.write('hi\n'); proc.exit(0); },
 * });
 * ```
 * @returns the connection once the client authenticated
 * @throws the DisconnectError that ended the handshake
 */
export async function runServer(
  sock: ByteDuplex,
  options: WebServerOptions,
): Promise<SSHServerConnectionBase> {
  const setup = await prepareServerWith(
    options.serverFactory ?? (() => new SSHServer<SSHServerConnectionBase>()),
    options,
    async () => ({
      hostKeys: await loadHostKeysWith(options.serverHostKeys ?? [], (specs) => loadKeypairs(specs)),
      authorizedClientKeys: options.authorizedClientKeys,
      knownClientHosts: options.knownClientHosts,
      lookupClientHost: options.lookupClientHost,
      connection: (transport, auth, info) => new SSHServerConnectionBase(transport, auth, info),
    }),
  );
  return serveOne(setup, sock);
}
