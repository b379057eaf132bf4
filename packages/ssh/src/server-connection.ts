import type { AuthServer } from '@sshkit/ssh-auth';
import type { ServerConnectionProtocol } from '@sshkit/ssh-connection';
import type { Transport } from '@sshkit/ssh-transport';
import { AgentForwardListener } from './node/agent-listener.js';
import { listenForwarding, socketSession } from './node/forward.js';
import { startX11Forward } from './node/x11/server.js';
import type { SSHServerOptions } from './options.js';
import { type ServerRuntimeFeatures, SSHServerConnectionBase } from './server-connection-base.js';

/**
 * One client's connection on a Node server (AsyncSSH `SSHServerConnection`):
 * the runtime-agnostic connection, plus real sockets behind forwarding
 * requests the handler allows with `true`, agent and X11 forwarding.
 */
export class SSHServerConnection extends SSHServerConnectionBase {
  readonly #options: SSHServerOptions;

  /** @internal created by {@link listen} */
  constructor(
    transport: Transport,
    auth: AuthServer,
    info: Record<string, unknown>,
    options: SSHServerOptions,
  ) {
    super(transport, auth, info);
    this.#options = options;
  }

  protected override runtimeFeatures(protocol: () => ServerConnectionProtocol): ServerRuntimeFeatures {
    const options = this.#options;
    const agent = new AgentForwardListener(() => protocol().openAgentConnection());
    return {
      protocolOptions: {
        ...(options.agentForwarding !== false && { agentForwarding: () => agent.socketPath() }),
        ...(options.x11Forwarding && {
          x11Forwarding: async (channel, request) => {
            const started = await startX11Forward(
              request,
              options.x11DisplayOffset ?? 10,
              (host, port) => protocol().openX11Connection(host, port),
              options.x11AuthPath,
            );
            if (!started) return undefined;
            void channel.waitClosed().then(started.close);
            return started.forward;
          },
        }),
        forwardConnection: (host, port) => socketSession({ host, port }),
        forwardUnixConnection: (path) => socketSession({ path }),
        listen: async (host, port) => {
          // forwarded-tcpip names the port actually bound (the allocated one for port 0).
          const listener = await listenForwarding({ host, port }, (socket) =>
            protocol().openConnection<null>(
              host,
              listener.getPort(),
              socket.remoteAddress ?? '',
              socket.remotePort ?? 0,
            ),
          );
          return listener;
        },
        listenUnix: (path) => listenForwarding({ path }, () => protocol().openUnixConnection<null>(path)),
      },
      close: () => void agent.close(),
    };
  }
}
