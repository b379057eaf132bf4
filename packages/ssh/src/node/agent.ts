import { readFile } from 'node:fs/promises';
import { type ClientKey, SSHAgentClient } from '@sshkit/ssh-auth';
import { importCertificate, importPublicKey, SSHCertificate, SSHKey } from '@sshkit/ssh-keys';
import { socketDuplex } from '@sshkit/ssh-transport/node';
import { sameBytes } from '../bytes.js';
import { connectSocket } from './forward.js';

/** What `agentIdentities` takes: public key or certificate files, keys, certificates, or SSH-format blobs. */
export type AgentIdentity = string | SSHKey | SSHCertificate | Uint8Array;

/** The blob of a public key or certificate file, whichever it holds. */
async function fileBlob(path: string): Promise<Uint8Array> {
  const data = await readFile(path);
  try {
    return importCertificate(data).blob;
  } catch {
    return importPublicKey(data).publicBlob;
  }
}

/** The blobs `agentIdentities` names (AsyncSSH `agent_identities`). */
function identityBlobs(identities: readonly AgentIdentity[]): Promise<Uint8Array[]> {
  return Promise.all(
    identities.map((id) => {
      if (typeof id === 'string') return fileBlob(id);
      if (id instanceof SSHKey) return id.publicBlob;
      if (id instanceof SSHCertificate) return id.blob;
      return id;
    }),
  );
}

/** The agent socket `connectAgent()` uses when given none: `SSH_AUTH_SOCK`. */
function defaultAgentPath(): string | undefined {
  return process.env.SSH_AUTH_SOCK || undefined;
}

/**
 * The agent a connection uses, for its keys and for `agentForwarding`: the
 * `agentPath` option, `SSH_AUTH_SOCK` without it, none when it is `null`.
 */
export function agentPathOption(agentPath: string | null | undefined): string | undefined {
  return agentPath === null ? undefined : (agentPath ?? defaultAgentPath());
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
  return new SSHAgentClient(socketDuplex(await connectSocket({ path })));
}

/**
 * The agent `connect()` authenticates with: reached when publickey is first
 * tried, closed once authentication is over. As with ssh(1), an agent that
 * cannot be reached or refuses to list its keys contributes no keys, and the
 * key files are still tried.
 */
export class AgentKeys {
  private agent: SSHAgentClient | undefined;

  /**
   * @param path - the agent's socket
   * @param identities - when given, only the agent keys (or certificates) listed here are used
   */
  constructor(
    private readonly path: string,
    private readonly identities?: readonly AgentIdentity[],
  ) {}

  /** The agent's keys (certificates included), or none when it is unavailable. */
  async keys(): Promise<ClientKey[]> {
    // A bad identity file is the caller's mistake: it fails the connection, not just the agent.
    const allowed = this.identities && (await identityBlobs(this.identities));
    try {
      this.agent = await connectAgent(this.path);
      const keys = (await this.agent?.getKeys()) ?? [];
      return allowed ? keys.filter((k) => allowed.some((b) => sameBytes(b, k.publicBlob))) : keys;
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
