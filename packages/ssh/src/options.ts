import type { AuthServerOptions, ClientKeySource } from '@sshkit/ssh-auth';
import type {
  Encoding,
  EncodingErrors,
  ServerStreamHandler,
  SessionData,
  SSHServerProcess,
} from '@sshkit/ssh-connection';
import type { Passphrase, SSHAuthorizedKeys, SSHCertificate, SSHKey, SSHKnownHosts } from '@sshkit/ssh-keys';
import type { SFTPServer } from '@sshkit/ssh-sftp';
import type { AlgorithmListOption, ByteDuplex } from '@sshkit/ssh-transport';
import type { SSHClientConnection } from './client-connection.js';
import type { SSHClient, SSHServer } from './handlers.js';
import type { SSHLogEntry, SSHLogger } from './log.js';
import type { AgentIdentity } from './node/agent.js';
import type { X11ForwardingOptions } from './node/x11/client.js';
import type { SessionDefaults } from './session-defaults.js';

/** Algorithm preferences, as lists or OpenSSH-style `+`/`-`/`^` edits of the defaults. */
export interface AlgorithmOptions {
  kexAlgs?: AlgorithmListOption;
  encryptionAlgs?: AlgorithmListOption;
  macAlgs?: AlgorithmListOption;
  compressionAlgs?: AlgorithmListOption;
  signatureAlgs?: AlgorithmListOption;
  serverHostKeyAlgs?: AlgorithmListOption;
  /** @default 1 GiB */
  rekeyBytes?: number;
  /** @default 3600 */
  rekeySeconds?: number;
}

/**
 * Where trusted host keys come from: a known_hosts path, several paths
 * (searched in order, missing ones skipped, the first one updated), parsed
 * known_hosts, `[trusted, ca, revoked]` key lists, or `null` to skip host key
 * checking.
 */
export type KnownHostsOption =
  | string
  | readonly string[]
  | SSHKnownHosts
  | [SSHKey[], SSHKey[], SSHKey[]]
  | null;

/**
 * What `connect()` takes in every runtime (Node's and `@sshkit/ssh/web`'s);
 * AsyncSSH's names in camelCase. `command`, `subsystem`, `env`, `termType`,
 * `termSize`, `termModes` and `requestPty` are defaults for every session
 * (`run`, `createProcess`, `createSession`, `openSession`) that does not set
 * them; a session's `env` is laid over this one.
 */
export interface ClientCoreOptions extends AlgorithmOptions, SessionDefaults {
  /** The server's name: where Node connects, and what host keys are looked up for. @default 'localhost' */
  host?: string;
  /** @default 22 */
  port?: number;
  password?: string;
  /** Give up connecting (TCP + key exchange) after this many ms. @default 30000 */
  connectTimeout?: number;
  /** Give up authenticating after this many ms. @default 120000 */
  loginTimeout?: number;
  /**
   * Seconds between `keepalive@openssh.com` requests when the connection is
   * idle or not (ssh's ServerAliveInterval); 0 turns keepalives off. @default 0
   */
  keepaliveInterval?: number;
  /** Unanswered keepalives after which the connection is dropped (ServerAliveCountMax). @default 3 */
  keepaliveCountMax?: number;
  /** Aborts connecting. */
  signal?: AbortSignal;
  /**
   * Receives what the connection does, layer by layer, as `ssh -v` shows it:
   * connecting, the host key check, key exchanges, authentication attempts,
   * channels and requests, disconnects (see {@link SSHLogEntry}); e.g.
   * `(e) => console.error(formatLogEntry(e))`. Never given secrets.
   */
  logger?: SSHLogger;
  /**
   * The software version this client announces after `SSH-2.0-` (AsyncSSH
   * `client_version`): printable ASCII without spaces or minus signs.
   * @default 'sshkit_0.1'
   */
  clientVersion?: string;
  /**
   * Fail when the server lets the client in without a challenge: after
   * `none`, or keyboard-interactive without prompts (AsyncSSH
   * `disable_trivial_auth`), so a server cannot pass itself off as the one
   * that checked your credentials. @default false
   */
  disableTrivialAuth?: boolean;
  /** `false` leaves publickey out (AsyncSSH `public_key_auth`, ssh's PubkeyAuthentication). */
  publicKeyAuth?: boolean;
  /** `false` leaves password out (AsyncSSH `password_auth`, ssh's PasswordAuthentication). */
  passwordAuth?: boolean;
  /** `false` leaves keyboard-interactive out (AsyncSSH `kbdint_auth`, ssh's KbdInteractiveAuthentication). */
  kbdintAuth?: boolean;
  /** Preference order of authentication methods. */
  preferredAuthentications?: readonly ('hostbased' | 'publickey' | 'keyboard-interactive' | 'password')[];
}

/** Options of {@link connect}; AsyncSSH's names in camelCase. */
export interface SSHClientOptions extends ClientCoreOptions, X11ForwardingOptions {
  /** @default the local user name */
  username?: string;
  /**
   * Private keys (AsyncSSH "Specifying private keys"): paths, bytes, keys,
   * `[key, cert]` pairs, or a loader. @default `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa` (with `-cert.pub`)
   */
  clientKeys?: ClientKeySource | readonly (string | SSHKey | [SSHKey | string, unknown])[];
  /**
   * Certificates to pair with the client keys that have none (AsyncSSH
   * `client_certs`, ssh's CertificateFile): files, certificates or bytes.
   */
  clientCerts?: string | readonly (string | SSHCertificate | Uint8Array)[];
  passphrase?: Passphrase;
  /**
   * Skip `clientKeys` that are encrypted when `passphrase` does not open
   * them, instead of failing (AsyncSSH `ignore_encrypted`); the default key
   * files are always skipped so. @default false
   */
  ignoreEncrypted?: boolean;
  /**
   * Host keys for hostbased authentication (AsyncSSH `client_host_keys`):
   * private keys in the forms `clientKeys` takes, or with `clientHostKeysign`
   * the host's public keys. Hostbased is tried (first, as in ssh) when these
   * or `clientHostKeysign` are given.
   */
  clientHostKeys?: string | readonly (string | SSHKey | readonly [SSHKey | string, unknown])[];
  /** Host certificates for `clientHostKeys` (AsyncSSH `client_host_certs`): files, certificates or bytes. */
  clientHostCerts?: string | readonly (string | SSHCertificate | Uint8Array)[];
  /**
   * Sign hostbased requests with OpenSSH's setuid `ssh-keysign`, as ssh does
   * with EnableSSHKeysign (AsyncSSH `client_host_keysign`): `true` finds it
   * in its usual places, a string is its path. The host keys are then
   * `/etc/ssh/ssh_host_{ecdsa,ed25519,rsa}_key.pub` (with their `-cert.pub`)
   * unless `clientHostKeys` names public keys. Needs a direct TCP connection.
   */
  clientHostKeysign?: boolean | string;
  /**
   * The client host name hostbased claims (a trailing dot is added as ssh does).
   * @default the reverse lookup of the connection's local address, else the host name
   */
  clientHost?: string;
  /** The local user hostbased claims. @default the local user name */
  clientUsername?: string;
  /** `false` turns hostbased off although host keys are given. @default true */
  hostBasedAuth?: boolean;
  /**
   * Local environment variables every session sends (ssh's SendEnv, AsyncSSH
   * `send_env`): names or `*`/`?` patterns; `env` wins over them.
   */
  sendEnv?: readonly string[];
  /**
   * The ssh-agent socket whose keys publickey tries before the default key
   * files (AsyncSSH `agent_path`). Giving `clientKeys`, or `null` here, leaves
   * the agent out. @default `SSH_AUTH_SOCK`
   */
  agentPath?: string | null;
  /**
   * Which of the agent's keys publickey may use (AsyncSSH `agent_identities`):
   * public key or certificate files, `SSHKey`s, `SSHCertificate`s or SSH-format
   * blobs. @default every key the agent holds
   */
  agentIdentities?: readonly AgentIdentity[];
  /**
   * Forwards the agent at `agentPath` (or `SSH_AUTH_SOCK`) to the server's
   * sessions, as `ssh -A`: programs there can use its keys (AsyncSSH
   * `agent_forwarding`). Only to servers you trust: whoever controls the
   * server can use the keys while the connection is open. @default false
   */
  agentForwarding?: boolean;
  /**
   * @default ssh's files: `~/.ssh/known_hosts`, `~/.ssh/known_hosts2`,
   * `/etc/ssh/ssh_known_hosts`, `/etc/ssh/ssh_known_hosts2` (the first is the one updated)
   */
  knownHosts?: KnownHostsOption;
  /**
   * ssh's StrictHostKeyChecking: `'accept-new'` trusts the key of a host
   * `knownHosts` knows nothing about (no key, no `@cert-authority` for it) and
   * appends it to the known_hosts file; a host with other keys is still
   * refused, as is a revoked key. @default 'yes' (unknown hosts are refused
   * unless `validateHostPublicKey` accepts them)
   */
  strictHostKeyChecking?: 'yes' | 'accept-new';
  /**
   * Write host names hashed (ssh's HashKnownHosts) when accept-new or
   * `updateHostKeys` add lines. @default false (updates hash when the host's lines are hashed)
   */
  hashKnownHosts?: boolean;
  /**
   * The name to look the server's key up under in known_hosts (and to write
   * with `updateHostKeys`), and that host certificates must name, instead of
   * the host, its address and port (ssh's HostKeyAlias, AsyncSSH `host_key_alias`).
   */
  hostKeyAlias?: string;
  /** Connect from this local address and port (ssh's BindAddress, AsyncSSH `local_addr`); port 0 for any. */
  localAddr?: readonly [host: string, port: number];
  /** Resolve the host to IPv4 (4) or IPv6 (6) addresses only (ssh's AddressFamily); 0 for either. @default 0 */
  family?: 0 | 4 | 6;
  /** TCP keepalive probes on the connection (ssh's TCPKeepAlive, AsyncSSH `tcp_keepalive`). @default true */
  tcpKeepalive?: boolean;
  /**
   * OpenSSH's UpdateHostKeys: after login the server lists its host keys
   * (`hostkeys-00@openssh.com`); the ones the known_hosts file does not have
   * yet for this host are added once the server proves it holds them
   * (`hostkeys-prove-00@openssh.com`), so a server can rotate keys. Only when
   * that file vouched for the key exchange's host key as a plain key (not a
   * certificate, a `@cert-authority` or `validateHostPublicKey`), and never
   * when a wildcard line (or one naming more than host and address) covers
   * the host. Lines of this host's keys the server no longer lists are
   * removed, as ssh does.
   * @default true when `knownHosts` is left to its default (`~/.ssh/known_hosts`), as in OpenSSH 8.5+; false otherwise
   */
  updateHostKeys?: boolean;
  /**
   * OpenSSH client configuration files (ssh_config(5), AsyncSSH `config`):
   * their Host/Match blocks fill in what these options leave unset (HostName,
   * Port, User, IdentityFile, ProxyJump, ProxyCommand, UserKnownHostsFile,
   * algorithms, keepalives...); `null` reads none. @default `~/.ssh/config` when it exists
   */
  config?: string | readonly string[] | null;
  /** Run over this byte stream instead of opening a TCP connection. */
  sock?: ByteDuplex;
  /**
   * Reach the server through a command's stdin/stdout instead of TCP (ssh's
   * ProxyCommand, AsyncSSH `proxy_command`), e.g. `'ssh -W %h:%p jump'`. A
   * string runs through `/bin/sh -c`, an array directly; `%h`, `%p`, `%r` and
   * `%%` are expanded. The command is stopped when the connection closes.
   */
  proxyCommand?: string | readonly string[];
  /**
   * Reach `host:port` through another SSH server (AsyncSSH `tunnel`): an open
   * connection, through which a `direct-tcpip` channel carries this one (it
   * stays open when this one closes), or `[user@]host[:port]` jump hosts,
   * comma-separated like `ssh -J`. Those are connected first, each through
   * the one before, with this call's `password`, `clientKeys`, `passphrase`,
   * `preferredAuthentications`, `clientFactory`, `knownHosts`,
   * `updateHostKeys`, timeouts and `signal` (the user defaults to the local
   * one), and closed when this connection closes.
   */
  tunnel?: string | SSHClientConnection;
  clientFactory?: () => SSHClient;
}

/**
 * The server options of every runtime: what `runServer` in `@sshkit/ssh/web`
 * takes as well as `listen` and `runServer` on Node (whose
 * {@link SSHServerOptions} add files, sockets, agent and X11 forwarding).
 */
export interface ServerCoreOptions extends AlgorithmOptions {
  /**
   * The software version this server announces after `SSH-2.0-` (AsyncSSH
   * `server_version`). @default 'sshkit_0.1'
   */
  serverVersion?: string;
  /**
   * Receives what each accepted connection does, as sshd's `LogLevel DEBUG`
   * shows it: the client's address, key exchanges, authentication attempts
   * and results, channels and requests, disconnects (see {@link SSHLogEntry}).
   * Never given secrets.
   */
  logger?: SSHLogger;
  /**
   * Take the host name a client claims as it is, instead of requiring it to
   * match the reverse lookup of the client's address (sshd's
   * HostbasedUsesNameFromPacketOnly). @default false
   */
  trustClientHost?: boolean;
  /** Force hostbased authentication on or off. @default offered when `knownClientHosts` or a hook is set */
  hostBasedAuth?: boolean;
  passwordAuth?: boolean;
  kbdintAuth?: boolean;
  publicKeyAuth?: boolean;
  /** @default 120000 */
  loginTimeout?: number;
  /**
   * Seconds between `keepalive@openssh.com` requests to each authenticated
   * client (sshd's ClientAliveInterval, AsyncSSH `keepalive_interval`); 0
   * turns them off. @default 0
   */
  keepaliveInterval?: number;
  /** Unanswered keepalives after which a client is dropped (ClientAliveCountMax). @default 3 */
  keepaliveCountMax?: number;
  /** @default 6 */
  maxAuthTries?: number;
  authenticationMethods?: AuthServerOptions['authenticationMethods'];
  banner?: string;
  /** A `(stdin, stdout, stderr)` handler for every session (AsyncSSH `session_factory`). */
  sessionFactory?: ServerStreamHandler<SessionData>;
  /** A handler receiving an `SSHServerProcess` for every session (AsyncSSH `process_factory`). */
  processFactory?: (process: SSHServerProcess<SessionData>) => unknown;
  /** Whether clients may request a pseudo-terminal. @default true */
  allowPty?: boolean;
  /**
   * Data encoding of sessions this server accepts: `'utf-8'` strings or
   * `null` for bytes (the `sftp` subsystem is always bytes). @default 'utf-8'
   */
  encoding?: Encoding;
  /** What to do with invalid UTF-8 from clients. @default 'strict' */
  errors?: EncodingErrors;
  /** Receive window each channel advertises, in bytes. @default 2 MiB */
  window?: number;
  /** Largest data packet each channel accepts, in bytes. @default 32 KiB */
  maxPktsize?: number;
  /**
   * Serves `scp` commands (OpenSSH's legacy protocol, `scp -O`, and
   * AsyncSSH's `scp()`) on the file system of the `SFTPServer` that
   * `sftpFactory` gives, with its home directory and confinement; without
   * `sftpFactory` it does nothing. Other commands still go to `processFactory`.
   * @default false (AsyncSSH `allow_scp`)
   */
  allowScp?: boolean;
}

/** Serves the `sftp` subsystem (and `allowScp`) with the `SFTPServer` it returns for a connection. */
export type SFTPServerFactory = (conn: unknown) => SFTPServer;

/** @internal the options the connection protocol of a server connection reads, in any runtime. */
export interface ServerProtocolOptions extends ServerCoreOptions {
  sftpFactory?: SFTPServerFactory | undefined;
}

/** Options of {@link listen}. */
export interface SSHServerOptions extends ServerCoreOptions {
  /** @default '' (all interfaces); use '127.0.0.1' in tests */
  host?: string;
  /** @default 22; 0 picks a free port (see `SSHAcceptor.getPort()`) */
  port?: number;
  /** TCP keepalive probes on accepted connections (sshd's TCPKeepAlive). @default true */
  tcpKeepalive?: boolean;
  /** Aborting stops accepting connections, as `close()` does. */
  signal?: AbortSignal;
  /**
   * Host keys as "Specifying private keys" says: file names (their `-cert.pub`
   * is offered too), key bytes, loaded keys, or `[key, certificate]` pairs.
   */
  serverHostKeys: readonly (
    | SSHKey
    | string
    | Uint8Array
    | readonly [SSHKey | string | Uint8Array, unknown]
  )[];
  /** authorized_keys: a path or parsed keys. */
  authorizedClientKeys?: string | SSHAuthorizedKeys;
  /**
   * Client host keys for hostbased authentication (AsyncSSH
   * `known_client_hosts`): a known_hosts path or parsed file; its
   * `@cert-authority` lines accept host certificates, `@revoked` lines
   * refuse keys. Offering hostbased also needs it or a `validateHostPublicKey`
   * / `validateHostCaKey` hook; `validateHostBasedUser` maps client users to
   * server users (default: the same name).
   */
  knownClientHosts?: string | SSHKnownHosts;
  /** Concurrent unauthenticated connections: `N` or sshd's `start:rate:full`. @default '10:30:100' */
  maxStartups?: string | number;
  serverFactory?: () => SSHServer;
  /**
   * Whether clients may forward their agent (`ssh -A`): a session's
   * `SSHServerProcess.channel.getAgentPath()` (and `SSH_AUTH_SOCK` in its
   * `env`) then names a Unix socket (in a
   * private temp directory, removed with the connection) that reaches it,
   * e.g. for `connectAgent(path)`. authorized_keys `no-agent-forwarding`
   * still refuses it. @default true (AsyncSSH `agent_forwarding`)
   */
  agentForwarding?: boolean;
  /**
   * Whether clients may forward X11 (`ssh -X`): a session's
   * `channel.getX11Display()` (and `DISPLAY` in its `env`) then names a
   * display on 127.0.0.1 whose connections reach the client's X server, with
   * the client's cookie in a private Xauthority file (`XAUTHORITY` in its
   * `env`), both removed with the session. authorized_keys
   * `no-X11-forwarding` still refuses it. @default false (AsyncSSH `x11_forwarding`)
   */
  x11Forwarding?: boolean;
  /** The first X display number tried for forwarded X11 (sshd's X11DisplayOffset). @default 10 */
  x11DisplayOffset?: number;
  /**
   * An Xauthority file to put each forwarded session's cookie in (AsyncSSH
   * `x11_auth_path`), e.g. the user's `~/.Xauthority` as sshd does; the entry
   * is removed when the session ends, other entries are kept.
   * @default a private file per session, in a 0700 temp directory
   */
  x11AuthPath?: string;
  /**
   * Serves the `sftp` subsystem: `true` for the local file system (the
   * process's, unconfined), or a factory returning an `SFTPServer` (e.g. over
   * `LocalFileSystem({ root })` or `MemoryFileSystem`).
   */
  sftpFactory?: true | SFTPServerFactory;
}
