import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from './openssh.js';

/** A throwaway OpenSSH `ssh-agent` listening on a socket in a temp dir. */
export interface AgentInstance {
  /** The agent's Unix socket (what `SSH_AUTH_SOCK` would hold). */
  readonly socketPath: string;
  /** Runs `ssh-add` against this agent with `args`; throws with its output when it exits non-zero. */
  sshAdd(...args: string[]): string;
  /**
   * Adds a private key file with `ssh-add` (from a 0600 copy, as OpenSSH
   * requires; a `<file>-cert.pub` next to the original is added with it).
   */
  addKeyFile(path: string): void;
  /** Stops the agent and removes its directory. */
  stop(): Promise<void>;
}

/** Starts `ssh-agent -D -a <socket>` (foreground, so the harness owns the process). */
export async function startAgent(): Promise<AgentInstance> {
  const agentPath = findTool('ssh-agent');
  const addPath = findTool('ssh-add');
  if (!agentPath || !addPath) throw new Error('startAgent: ssh-agent and ssh-add are needed');
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-agent-'));
  const socketPath = join(dir, 'agent.sock');
  const child: ChildProcess = spawn(agentPath, ['-D', '-a', socketPath], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socketPath); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!existsSync(socketPath)) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`ssh-agent did not create ${socketPath}`);
  }
  let copies = 0;
  const sshAdd = (...args: string[]): string => {
    const r = spawnSync(addPath, args, {
      env: { ...process.env, SSH_AUTH_SOCK: socketPath },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`ssh-add ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  return {
    socketPath,
    sshAdd,
    addKeyFile(path) {
      const copy = join(dir, `key${copies++}`);
      copyFileSync(path, copy);
      chmodSync(copy, 0o600);
      if (existsSync(`${path}-cert.pub`)) copyFileSync(`${path}-cert.pub`, `${copy}-cert.pub`);
      sshAdd(copy);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
