import { connect as netConnect } from 'node:net';
import { type ClientKey, SSHAgentClient } from '@sshkit/ssh-auth';
import { socketDuplex } from '@sshkit/ssh-transport/node';

/** The agent socket `connect()` and `connectAgent()` use when given none: `SSH_AUTH_SOCK`. */
export function defaultAgentPath(): string | undefined {
  return process.env.SSH_AUTH_SOCK || undefined;
}

/**
 * Connects to an ssh-agent (AsyncSSH `connect_agent`): the Unix socket at
 * `agentPath`, by default `SSH_AUTH_SOCK`.
 * @example
 * ```ts
 * import { connectAgent } from '@sshkit/ssh';
 * const agent = await connectAgent();
 * for (const key of (await agent?.getKeys()) ?? []) console.log(key.algorithm, key.comment);
 * agent?.close();
 * ```
 * @returns the client, or undefined when no path was given and `SSH_AUTH_SOCK` is unset
 * @throws the socket's error (ENOENT, ECONNREFUSED...) when the agent cannot be reached
 */
export async function connectAgent(agentPath?: string): Promise<SSHAgentClient | undefined> {
  const path = agentPath ?? defaultAgentPath();
  if (path === undefined) return undefined;
  const socket = netConnect(path);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
  });
  return new SSHAgentClient(socketDuplex(socket));
}

/**
 * The agent `connect()` authenticates with: reached when publickey is first
 * tried, closed once authentication is over. As with ssh(1), an agent that
 * cannot be reached or refuses to list its keys contributes no keys, and the
 * key files are still tried.
 */
export class AgentKeys {
  private agent: SSHAgentClient | undefined;

  constructor(private readonly path: string) {}

  /** The agent's keys (certificates included), or none when it is unavailable. */
  async keys(): Promise<ClientKey[]> {
    try {
      this.agent = await connectAgent(this.path);
      return (await this.agent?.getKeys()) ?? [];
    } catch {
      this.close();
      return [];
    }
  }

  close(): void {
    this.agent?.close();
    this.agent = undefined;
  }
}
