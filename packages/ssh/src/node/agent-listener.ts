import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SSHReader, SSHWriter } from '@sshkit/ssh-connection';
import { listenForwarding } from './forward.js';

/**
 * The server end of agent forwarding for one connection, as sshd does it: a
 * Unix socket in a fresh private directory (mkdtemp makes it 0700), made when
 * a session first asks for the agent; each connection to it becomes an
 * `auth-agent@openssh.com` channel to the client. Removed with the connection.
 */
export class AgentForwardListener {
  private path: Promise<string> | undefined;
  private closeListener: (() => void) | undefined;
  private dir: string | undefined;

  constructor(private readonly openChannel: () => Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]>) {}

  /** The socket path, listening from the first call on. */
  socketPath(): Promise<string> {
    this.path ??= this.start();
    return this.path;
  }

  private async start(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'sshkit-agent-'));
    this.dir = dir;
    const path = join(dir, 'agent.sock');
    const listener = await listenForwarding({ path }, () => this.openChannel());
    this.closeListener = () => listener.close();
    return path;
  }

  /** Stops listening and removes the directory. */
  async close(): Promise<void> {
    await this.path?.catch(() => undefined);
    this.closeListener?.();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
