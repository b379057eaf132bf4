// OpenSSH's `ssh -A` against our server: the session reaches the client's
// ssh-agent through the socket getAgentPath() names.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AgentInstance, requireTools, startAgent } from '@sshkit/testkit';
import { connectAgent, type SSHServerProcess } from '../src/index.js';
import { finished, type OurServer, startOurServer } from './support/openssh-client.js';

const tools = requireTools('ssh', 'ssh-keygen', 'ssh-agent', 'ssh-add');
const describeInterop = tools ? describe : describe.skip;

/** The session's answer: the agent's key comments, or why there are none. */
async function listForwardedKeys(process: SSHServerProcess<string>): Promise<void> {
  const path = process.channel.getAgentPath();
  if (path === undefined) {
    process.stdout.write('no agent\n');
    process.exit(1);
    return;
  }
  const agent = await connectAgent(path);
  const keys = (await agent?.getKeys()) ?? [];
  agent?.close();
  process.stdout.write(`${keys.map((k) => k.comment).join(',')}\n${path}\n`);
  process.exit(0);
}

describeInterop('ssh -A against our server', () => {
  let agent: AgentInstance;
  let server: OurServer;
  let closed: OurServer | undefined;

  beforeAll(async () => {
    agent = await startAgent();
    server = await startOurServer(tools!, { processFactory: listForwardedKeys as never });
    agent.addKeyFile(server.keyPath);
  });
  afterAll(async () => {
    await server?.close();
    await closed?.close();
    await agent?.stop();
  });

  const env = () => ({ ...process.env, SSH_AUTH_SOCK: agent.socketPath });

  it('forwards the agent: the session lists its keys through getAgentPath(), removed when the connection ends', async () => {
    const r = await finished(server.spawnSsh(['-A', 'me@127.0.0.1', 'keys'], env()));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [comments, path] = r.stdout.toString().trim().split('\n');
    expect(comments).toMatch(/@/); // ssh-keygen's default comment, user@host
    for (let i = 0; i < 50 && existsSync(path as string); i++)
      await new Promise((res) => setTimeout(res, 20));
    expect(existsSync(path as string)).toBe(false);
  });

  it('gives no agent path without -A, or when the server turns agentForwarding off', async () => {
    const plain = await finished(server.spawnSsh(['me@127.0.0.1', 'keys'], env()));
    expect(plain.stdout.toString()).toBe('no agent\n');
    closed = await startOurServer(tools!, {
      processFactory: listForwardedKeys as never,
      agentForwarding: false,
    });
    agent.addKeyFile(closed.keyPath);
    const off = await finished(closed.spawnSsh(['-A', 'me@127.0.0.1', 'keys'], env()));
    expect(off.stdout.toString()).toBe('no agent\n');
  });
});
