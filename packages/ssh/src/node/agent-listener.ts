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
  private started:
    | Promise<{ readonly path: string; readonly dir: string; close(): void } | undefined>
    | undefined;

  constructor(private readonly openChannel: () => Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]>) {}

  /**
   * The socket path, listening from the first call on; undefined when it could
   * not be set up (the request is then refused, the session goes on).
   */
  async socketPath(): Promise<string | undefined> {
    this.started ??= this.start();
    return (await this.started)?.path;
  }

  private async start() {
    const dir = await mkdtemp(join(tmpdir(), 'sshkit-agent-')).catch(() => undefined);
    if (dir === undefined) return undefined;
    const path = join(dir, 'agent.sock');
    try {
      const listener = await listenForwarding({ path }, () => this.openChannel());
      return { path, dir, close: () => listener.close() };
    } catch {
      await rm(dir, { recursive: true, force: true });
      return undefined;
    }
  }

  /** Stops listening and removes the directory. */
  async close(): Promise<void> {
    const started = await this.started;
    if (!started) return;
    started.close();
    await rm(started.dir, { recursive: true, force: true });
  }
}
