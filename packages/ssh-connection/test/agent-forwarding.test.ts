// Agent forwarding in memory: a session's auth-agent-req@openssh.com, then
// auth-agent@openssh.com channels opened by the server to the client.
import { describe, expect, test } from '@jest/globals';
import { AuthPermissions } from '@sshkit/ssh-auth';
import { OPEN_ADMINISTRATIVELY_PROHIBITED } from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type ClientConnectionOptions,
  type ServerConnectionOptions,
  type SSHReader,
  type SSHServerProcess,
  type SSHWriter,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { keyOptions } from './support/key-options.js';

/** The client's "agent": answers each request by reversing its bytes. */
const reversingAgent = () => async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
  w.write((await r.read()).slice().reverse());
  w.writeEof();
};

/** A server whose sessions print what getAgentPath() gives, and the pair. */
function pairWith(server: ServerConnectionOptions, client: ClientConnectionOptions) {
  const processFactory = ((p: SSHServerProcess<string>) => {
    p.stdout.write(`${p.channel.getAgentPath()} ${p.env.SSH_AUTH_SOCK}`);
    p.exit(0);
  }) as never;
  return connectPair({}, { processFactory, ...server }, client);
}

async function agentPathSeen(pair: ReturnType<typeof pairWith>): Promise<string> {
  // The client's own SSH_AUTH_SOCK does not override the server's.
  const [, stdout] = await pair.client.openSession('true', { env: { SSH_AUTH_SOCK: '/client/path' } });
  return stdout.read();
}

describe('agent forwarding', () => {
  test('a forwarding client gets the path the server chose, and agent channels reach its agent', async () => {
    const asked: unknown[] = [];
    const pair = pairWith(
      {
        agentForwarding: (chan) => {
          asked.push(chan.getExtraInfo('localChannel'));
          return '/run/agent.sock';
        },
      },
      { agentForwarding: reversingAgent },
    );
    expect(await agentPathSeen(pair)).toBe('/run/agent.sock /run/agent.sock');
    expect(asked).toHaveLength(1);
    const [r, w] = await pair.server.openAgentConnection();
    w.write(Uint8Array.of(1, 2, 3));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(3, 2, 1));
  });

  test('without agentForwarding the client neither asks nor accepts agent channels', async () => {
    let asked = 0;
    const pair = pairWith(
      {
        agentForwarding: () => {
          asked++;
          return '/run/agent.sock';
        },
      },
      {},
    );
    expect(await agentPathSeen(pair)).toBe('undefined /client/path');
    expect(asked).toBe(0);
    const refused = await pair.server.openAgentConnection().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChannelOpenError);
    expect((refused as ChannelOpenError).code).toBe(OPEN_ADMINISTRATIVELY_PROHIBITED);
  });

  test('the server refuses the request without its hook, when the hook declines, or under no-agent-forwarding', async () => {
    const noHook = pairWith({}, { agentForwarding: reversingAgent });
    expect(await agentPathSeen(noHook)).toBe('undefined /client/path');
    const declines = pairWith({ agentForwarding: () => undefined }, { agentForwarding: reversingAgent });
    expect(await agentPathSeen(declines)).toBe('undefined /client/path');
    const restricted = pairWith(
      {
        agentForwarding: () => '/run/agent.sock',
        permissions: new AuthPermissions(keyOptions({ permissions: { agentForwarding: false } })),
      },
      { agentForwarding: reversingAgent },
    );
    expect(await agentPathSeen(restricted)).toBe('undefined /client/path');
  });
});
