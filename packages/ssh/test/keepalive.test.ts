// keepaliveInterval / keepaliveCountMax: answered keepalives keep a connection
// up; when the peer stops answering, the client drops it with ConnectionLost.
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, generatePrivateKey, listen, type SSHAcceptor, SSHServer } from '../src/index.js';

const hostKey = generatePrivateKey('ssh-ed25519');

class OpenServer extends SSHServer {
  override beginAuth() {
    return false;
  }
}

/** A TCP relay to `port` that can be frozen: it then drops everything, like a dead network. */
async function freezableRelay(port: number): Promise<{ port: number; freeze(): void; close(): void }> {
  let frozen = false;
  const sockets: Socket[] = [];
  const relay: Server = createServer((inner) => {
    const outer = netConnect(port, '127.0.0.1');
    sockets.push(inner, outer);
    inner.on('data', (d) => frozen || outer.write(d));
    outer.on('data', (d) => frozen || inner.write(d));
    inner.on('error', () => undefined);
    outer.on('error', () => undefined);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  return {
    port: (relay.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      relay.close();
    },
  };
}

describe('keepalive', () => {
  let acceptor: SSHAcceptor;

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new OpenServer(),
    });
  });
  afterAll(() => acceptor.close());

  const options = (port: number) => ({
    port,
    username: 'k',
    clientKeys: [],
    knownHosts: [[hostKey.convertToPublic()], [], []] as [never[], never[], never[]],
    keepaliveInterval: 0.05,
    keepaliveCountMax: 2,
  });

  it('keeps a connection whose peer answers', async () => {
    const conn = await connect('127.0.0.1', options(acceptor.getPort()));
    await new Promise((r) => setTimeout(r, 400));
    await conn.sendKeepalive();
    conn.close();
    expect(await conn.waitClosed()).toBeUndefined();
  });

  it('drops a connection whose peer stopped answering', async () => {
    const relay = await freezableRelay(acceptor.getPort());
    const conn = await connect('127.0.0.1', options(relay.port));
    relay.freeze();
    const error = await conn.waitClosed();
    expect(error).toMatchObject({ name: 'ConnectionLost', code: 10 });
    relay.close();
  });
});
