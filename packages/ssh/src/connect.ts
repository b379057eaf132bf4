import { userInfo } from 'node:os';
import {
  type ByteDuplex,
  defaultHostKeyAlgs,
  resolveAlgorithmList,
  supportedHostKeyAlgs,
} from '@sshkit/ssh-transport';
import { connectTcp, type TcpConnectOptions } from '@sshkit/ssh-transport/node';
import { SSHClientConnection } from './client-connection.js';
import { SSHClient } from './handlers.js';
import { DEFAULT_CONNECT_TIMEOUT, type HostBasedSetup, handshake } from './handshake.js';
import { type HostKeyCheck, knownHostsNames } from './host-key-trust.js';
import { AgentKeys, agentPathOption } from './node/agent.js';
import { applyClientConfig } from './node/client-config.js';
import { hostBasedSetup } from './node/client-host-keys.js';
import { clientKeySource } from './node/client-keys.js';
import { hostKeyVerifier } from './node/host-key-check.js';
import { hostKeyUpdater, updatesHostKeys } from './node/host-key-update.js';
import { spawnProxyCommand } from './node/proxy-command.js';
import { splitX11Options } from './node/x11/client.js';
import type { SSHClientOptions } from './options.js';
import { sessionDefaultsOf } from './session-defaults.js';
import { matchPattern } from './ssh-config-match.js';
import { withTimeout } from './timeout.js';
import { closeWhen, openTunnel, type TunnelStream } from './tunnel.js';

/**
 * Connects to an SSH server, verifies its host key and authenticates.
 * @example
 * ```ts
 * import { connect } from '@sshkit/ssh';
 * await using conn = await connect('example.com', { username: 'me' });
 * ```
 * @throws HostKeyNotVerifiable, PermissionDenied, ConnectionLost, or another DisconnectError;
 *   ChannelOpenError when a `tunnel` refuses the channel; TypeError for a bad `tunnel` string
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
  given: SSHClientOptions,
): Promise<[SSHClientConnection, C]> {
  const { options, keyFiles } = await applyClientConfig(given);
  const host = options.host ?? 'localhost';
  const port = options.port ?? 22;
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  options.signal?.throwIfAborted();
  const { duplex, owned } = await openStream(options, host, port, timeout);
  const client = clientFactory();
  const addr = String(duplex.info?.remoteAddress ?? host);
  let hostKeyCheck: HostKeyCheck;
  let hostBased: HostBasedSetup | undefined;
  try {
    hostKeyCheck = await hostKeyVerifier(
      options.knownHosts,
      client,
      { host, addr, port, alias: options.hostKeyAlias },
      { strictHostKeyChecking: options.strictHostKeyChecking, hashKnownHosts: options.hashKnownHosts },
    );
    hostBased = await hostBasedSetup(options, duplex);
  } catch (e) {
    duplex.destroy();
    owned?.close();
    throw e;
  }
  const agent = agentFor(options);
  const handshaking = handshake({
    duplex,
    client,
    options,
    addr,
    port,
    username: options.username ?? userInfo().username,
    verifyHostKey: hostKeyCheck.verify,
    keys: clientKeySource(options.clientKeys, options.passphrase, agent, keyFiles, {
      certificates: options.clientCerts,
      ignoreEncrypted: options.ignoreEncrypted,
    }),
    hostBased,
    connection: (transport, info) => {
      if (owned) closeWhen(transport.closed, owned);
      return new SSHClientConnection(transport, info);
    },
    authenticated: (conn, transport, log) => {
      const hostKeysReceived = updatesHostKeys(options.updateHostKeys, options.knownHosts === undefined)
        ? hostKeyUpdater(
            hostKeyCheck,
            {
              ...knownHostsNames({ host, addr, port, alias: options.hostKeyAlias }),
              hash: options.hashKnownHosts,
            },
            hostKeyAlgs(options),
            () => transport.sessionId,
          )
        : undefined;
      const { x11Forwarding, x11Display, x11AuthPath, x11SingleConnection } = options;
      conn.startConnectionProtocol({
        keepaliveInterval: options.keepaliveInterval,
        keepaliveCountMax: options.keepaliveCountMax,
        hostKeysReceived,
        forwardedAgentPath: forwardedAgentPath(options),
        x11: splitX11Options({ x11Forwarding, x11Display, x11AuthPath, x11SingleConnection })[0],
        sessionDefaults: sessionDefaultsOf(options, sentEnv(options.sendEnv)),
        log,
      });
    },
    finished: () => agent?.close(),
  });
  // A handshake that fails before its transport runs leaves a jump host or proxy command open.
  return handshaking.catch((e: unknown) => {
    owned?.close();
    throw e;
  });
}

/** The variables of this process's environment that `sendEnv` names (ssh's SendEnv). */
function sentEnv(patterns: readonly string[] = []): Record<string, string> {
  const picked = Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && patterns.some((p) => matchPattern(entry[0], p)),
  );
  return Object.fromEntries(picked);
}

/** The agent `ssh -A` forwards, when `agentForwarding` is on. */
function forwardedAgentPath(options: SSHClientOptions): string | undefined {
  return options.agentForwarding ? agentPathOption(options.agentPath) : undefined;
}

/** The agent to take keys from: none when `clientKeys` is given. */
function agentFor(options: SSHClientOptions): AgentKeys | undefined {
  const path = options.clientKeys === undefined ? agentPathOption(options.agentPath) : undefined;
  return path === undefined ? undefined : new AgentKeys(path, options.agentIdentities);
}

/** @internal The byte stream to run over: `sock`, a `tunnel`, a `proxyCommand`, or a new TCP connection. */
export async function openStream(
  options: SSHClientOptions,
  host: string,
  port: number,
  timeout: number,
): Promise<TunnelStream> {
  const given = [
    options.sock && 'sock',
    options.tunnel !== undefined && 'tunnel',
    options.proxyCommand && 'proxyCommand',
  ];
  const ways = given.filter((w) => typeof w === 'string');
  if (ways.length > 1) throw new TypeError(`connect: give one of ${ways.join(', ')}, not several`);
  if (options.tunnel !== undefined) return openTunnel(options.tunnel, options, host, port, connect);
  if (options.proxyCommand) {
    const user = options.username ?? userInfo().username;
    return spawnProxyCommand(options.proxyCommand, { host, port, user });
  }
  const duplex: ByteDuplex =
    options.sock ?? (await withTimeout(connectTcp(host, port, tcpOptions(options)), timeout, 'TCP connect'));
  return { duplex, owned: undefined };
}

/** The socket options of `localAddr`, `family` and `tcpKeepalive` (connect() and connectReverse()). */
export function tcpOptions(
  options: Pick<SSHClientOptions, 'localAddr' | 'family' | 'tcpKeepalive'>,
): TcpConnectOptions {
  const [localAddress, localPort] = options.localAddr ?? [];
  return {
    ...(localAddress !== undefined && localAddress !== '' && { localAddress }),
    ...(localPort !== undefined && localPort !== 0 && { localPort }),
    ...(options.family !== undefined && { family: options.family }),
    keepAlive: options.tcpKeepalive ?? true,
  };
}

/** The host key algorithms the client offers, as the transport resolves them. */
function hostKeyAlgs(options: SSHClientOptions): string[] {
  return resolveAlgorithmList(
    options.serverHostKeyAlgs,
    defaultHostKeyAlgs(),
    supportedHostKeyAlgs(),
    'serverHostKeyAlgs',
  );
}
