// connect({ sock }) over the runtime-neutral byte streams, to a real sshd: a
// WebSocket through a websockify-style relay (what a browser tab would use)
// and WHATWG streams (what Deno.connect gives; here Node's Duplex.toWeb).
import { createHash } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { Duplex } from 'node:stream';
import { describe, expect, it } from '@jest/globals';

import { requireTools } from '@sshkit/testkit';
import { WebSocket } from 'ws';
import { ConnectionLost, type SSHClientConnection, streamDuplex, webSocketDuplex } from '../src/index.js';
import { patternBytes } from './support/interop-net.js';
import { connectToSshd } from './support/sshd-client.js';
import { sshdBehindRelay } from './support/ws-relay.js';

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** `cat` of `data` through the connection, collected as bytes. */
async function catThrough(conn: SSHClientConnection, data: Uint8Array): Promise<Uint8Array> {
  const r = await conn.run('cat', { input: data, encoding: null });
  return r.stdout;
}

describeInterop('connect({ sock }) over web byte streams to sshd', () => {
  const env = sshdBehindRelay();

  it('runs commands and carries 8 MiB each way over a WebSocket relay', async () => {
    await using conn = await connectToSshd(env.sshd, {
      sock: await webSocketDuplex(new WebSocket(env.relay.url)),
    });
    expect((await conn.run('echo over websocket')).stdout).toBe('over websocket\n');
    const data = patternBytes(8 * 1024 * 1024, 11);
    expect(sha(await catThrough(conn, data))).toBe(sha(data));
  });

  it('closes the connection when the relay drops the WebSocket without a close frame', async () => {
    const conn = await connectToSshd(env.sshd, { sock: await webSocketDuplex(new WebSocket(env.relay.url)) });
    for (const ws of env.relay.clients) ws.terminate(); // code 1006 on our side
    await conn.waitClosed();
    await expect(conn.run('true')).rejects.toBeInstanceOf(ConnectionLost);
  });

  it('rejects a WebSocket that cannot open with ConnectionLost', async () => {
    await expect(webSocketDuplex(new WebSocket('ws://127.0.0.1:9/'))).rejects.toBeInstanceOf(ConnectionLost);
  });

  it("runs over WHATWG streams (Node's Duplex.toWeb of a TCP socket)", async () => {
    const tcp = netConnect({ host: '127.0.0.1', port: env.sshd.port });
    await new Promise((r) => tcp.once('connect', r));
    const { readable, writable } = Duplex.toWeb(tcp);
    await using conn = await connectToSshd(env.sshd, {
      sock: streamDuplex({
        readable: readable as ReadableStream<Uint8Array>,
        writable: writable as WritableStream<Uint8Array>,
      }),
    });
    expect((await conn.run('echo over streams')).stdout).toBe('over streams\n');
    const data = patternBytes(8 * 1024 * 1024, 12);
    expect(sha(await catThrough(conn, data))).toBe(sha(data));
  });
});
