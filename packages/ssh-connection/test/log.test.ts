import { describe, expect, test } from '@jest/globals';
import { DISC_PROTOCOL_ERROR, OPEN_ADMINISTRATIVELY_PROHIBITED } from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type ConnectionLogEvent,
  encodeChannelData,
  type SSHServerProcess,
  SSHTCPSession,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { ticks } from './support/packet-pair.js';

/** A pair whose client and server log into their own arrays. */
function loggedPair(
  handler: Parameters<typeof connectPair>[0] = {},
  serverOptions: Parameters<typeof connectPair>[1] = {},
) {
  const client: ConnectionLogEvent[] = [];
  const server: ConnectionLogEvent[] = [];
  const pair = connectPair(
    handler,
    { ...serverOptions, log: (e) => server.push(e) },
    { log: (e) => client.push(e) },
  );
  return { pair, client, server };
}

/** `event type local accepted` per event, for compact comparisons. */
function brief(events: readonly ConnectionLogEvent[]): string[] {
  return events.map((e) => [e.event, e.type, e.local, e.accepted].filter((x) => x !== undefined).join(' '));
}

describe('the log option', () => {
  test('a session with exec and exit-status, on both sides, in order', async () => {
    const { pair, client, server } = loggedPair(
      {},
      {
        processFactory: ((p: SSHServerProcess<string>) => {
          p.stdout.write('ok');
          p.exit(3);
        }) as never,
      },
    );
    const r = await pair.client.run('cat /etc/secret-file --token=hunter2', {
      env: { TOKEN: 's3cr3t-value' },
    });
    expect(r.exitStatus).toBe(3);
    await ticks();
    expect(brief(client)).toEqual([
      'channel-open session true',
      'channel-opened session true true',
      'channel-request env true',
      'channel-request exec true true',
      'channel-request exit-status false',
      'channel-close session false',
    ]);
    expect(brief(server)).toEqual([
      'channel-open session false',
      'channel-opened session false true',
      'channel-request env false',
      'channel-request exec false true',
      'channel-request exit-status true',
      'channel-close session true',
    ]);
    const channel = client[0]?.channel;
    expect(channel).toBeGreaterThanOrEqual(0);
    // Every client event but none of the server's peer-open names the client's channel id.
    for (const e of client) expect(e.channel).toBe(channel);
    expect(server[0]?.channel).toBeUndefined();
    expect(server[1]?.channel).toBeGreaterThanOrEqual(0);
    expect(client[4]?.detail).toMatch(/exit-status 3/);
    expect(client[2]?.detail).toMatch(/env TOKEN/);
    // Never the command line nor env values.
    for (const e of [...client, ...server]) {
      expect(e.detail).not.toMatch(/secret|hunter2|s3cr3t/);
      expect(e.detail).not.toContain('/etc');
    }
  });

  test('a subsystem and a signal show their names', async () => {
    const { pair, client, server } = loggedPair({}, { processFactory: (() => {}) as never });
    const proc = await pair.client.createProcess(undefined, { subsystem: 'sftp' });
    proc.sendSignal('INT');
    await ticks();
    expect(client.find((e) => e.type === 'subsystem')?.detail).toMatch(/subsystem sftp: accepted/);
    expect(server.find((e) => e.type === 'signal')?.detail).toMatch(/received signal INT/);
  });

  test('a refused channel open: open-failed with the code name and description, both sides', async () => {
    const { pair, client, server } = loggedPair({
      connectionRequested: () => new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'not here'),
    });
    await expect(pair.client.openConnection('db.internal', 5432, '10.0.0.1', 40000)).rejects.toMatchObject({
      code: OPEN_ADMINISTRATIVELY_PROHIBITED,
    });
    expect(brief(client)).toEqual([
      'channel-open direct-tcpip true',
      'channel-open-failed direct-tcpip true false',
    ]);
    expect(brief(server)).toEqual([
      'channel-open direct-tcpip false',
      'channel-open-failed direct-tcpip false false',
    ]);
    expect(client[0]?.detail).toContain('open direct-tcpip to db.internal:5432 from 10.0.0.1:40000');
    expect(server[0]?.detail).toContain('(requested by peer)');
    for (const e of [client[1], server[1]]) {
      expect(e?.detail).toContain('SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (1) "not here"');
    }
  });

  test('tcpip-forward accepted and refused; keepalive', async () => {
    const { pair, client, server } = loggedPair(
      { serverRequested: (_h, p) => p !== 99 },
      {
        listen: (_h, p) => ({ getPort: () => p, close() {} }),
      },
    );
    await pair.client.createServer(() => new SSHTCPSession(), 'localhost', 8080);
    await expect(pair.client.createServer(() => new SSHTCPSession(), 'localhost', 99)).rejects.toMatchObject({
      name: 'ChannelListenError',
    });
    await pair.client.sendKeepalive();
    await ticks();
    expect(brief(client)).toEqual([
      'global-request tcpip-forward true true',
      'global-request tcpip-forward true false',
      'global-request keepalive@openssh.com true false',
    ]);
    expect(brief(server)).toEqual([
      'global-request tcpip-forward false true',
      'global-request tcpip-forward false false',
      'global-request keepalive@openssh.com false false',
    ]);
    expect(client[0]?.detail).toBe('sent global request tcpip-forward localhost:8080: accepted');
    expect(server[1]?.detail).toBe('received global request tcpip-forward localhost:99: refused');
  });

  test('a log that throws breaks nothing', async () => {
    const throwing = () => {
      throw new Error('log broke');
    };
    const pair = connectPair(
      {},
      {
        log: throwing,
        processFactory: ((p: SSHServerProcess<string>) => {
          p.stdout.write('out');
          p.exit(0);
        }) as never,
      },
      { log: throwing },
    );
    const r = await pair.client.run('x');
    expect(r).toMatchObject({ exitStatus: 0, stdout: 'out' });
    await pair.client.sendKeepalive();
    expect(pair.clientChannel.disconnects).toEqual([]);
    expect(pair.serverChannel.disconnects).toEqual([]);
  });

  test('data for an unknown channel shows as protocol-error', async () => {
    const { pair, client } = loggedPair();
    pair.clientChannel.inject(encodeChannelData(42, Uint8Array.of(1)));
    await expect(pair.clientClosed).resolves.toMatchObject({ code: DISC_PROTOCOL_ERROR });
    expect(client).toEqual([
      { event: 'protocol-error', detail: 'protocol error: CHANNEL_DATA for nonexistent channel 42' },
    ]);
  });
});
