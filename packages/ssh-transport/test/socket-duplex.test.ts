import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { ByteDuplex } from '../src/index.js';
import { connectTcp, socketDuplex, socketOf } from '../src/node/index.js';

/** 3 MiB with a position-dependent pattern, so any reuse of a read buffer shows. */
const payload = Buffer.alloc(3 * 1024 * 1024);
for (let i = 0; i < payload.length; i++) payload[i] = (i * 131 + (i >> 16)) & 0xff;

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** A server that sends the payload and closes, `delayMs` after accepting. */
async function speaker(delayMs: number): Promise<number> {
  const server = createServer((socket) => setTimeout(() => socket.end(payload), delayMs));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** Attaches and collects each chunk as handed over (views) and as copied during the call. */
function collect(duplex: ByteDuplex): Promise<{ views: Uint8Array[]; copies: Buffer[] }> {
  const views: Uint8Array[] = [];
  const copies: Buffer[] = [];
  return new Promise((resolve) =>
    duplex.attach({
      data: (chunk) => {
        views.push(chunk);
        copies.push(Buffer.from(chunk)); // what a receiver must do: copy during the call
      },
      close: () => resolve({ views, copies }),
      drain: () => undefined,
    }),
  );
}

describe('connectTcp', () => {
  it('keeps bytes and the close that arrive before attach, in order', async () => {
    const duplex = await connectTcp('127.0.0.1', await speaker(0));
    await new Promise((r) => setTimeout(r, 100)); // everything, EOF included, arrives unheard
    const { copies } = await collect(duplex);
    expect(Buffer.concat(copies).equals(payload)).toBe(true);
  });

  it('reads into one reused buffer once attached: chunks are valid during the call', async () => {
    const duplex = await connectTcp('127.0.0.1', await speaker(50));
    const { views, copies } = await collect(duplex);
    expect(Buffer.concat(copies).equals(payload)).toBe(true);
    // A chunk handed over earlier no longer shows its bytes: the buffer was reused.
    expect(views.some((v, i) => !Buffer.from(v).equals(copies[i] as Buffer))).toBe(true);
  });
});

describe('socketDuplex', () => {
  /** A connected socket to a speaker, not yet attached. */
  async function socketTo(delayMs: number): Promise<Socket> {
    const socket = connect(await speaker(delayMs), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    return socket;
  }

  it("frees each 'data' chunk once the handler returns: the bytes arrive, the chunk is empty after", async () => {
    const { views, copies } = await collect(socketDuplex(await socketTo(0)));
    expect(Buffer.concat(copies).equals(payload)).toBe(true);
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((v) => v.length === 0)).toBe(true);
  });

  it('leaves chunks alone when another data listener shares the socket', async () => {
    const socket = await socketTo(0);
    const seenByOther: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => seenByOther.push(chunk));
    const { copies } = await collect(socketDuplex(socket));
    expect(Buffer.concat(copies).equals(payload)).toBe(true);
    expect(Buffer.concat(seenByOther).equals(payload)).toBe(true);
  });
});

describe('socketOf', () => {
  it('gives the socket under duplexes made here, and nothing for others', async () => {
    const port = await speaker(0);
    const duplex = await connectTcp('127.0.0.1', port);
    const socket = socketOf(duplex);
    expect(socket?.remotePort).toBe(port);
    expect(socketOf(socketDuplex(socket as Socket))).toBe(socket);
    const other: ByteDuplex = { ...duplex };
    expect(socketOf(other)).toBeUndefined();
    await collect(duplex);
  });
});

describe('connectTcp options', () => {
  it('connects from the local address and port given, resolving the family asked', async () => {
    const seen: { address?: string; port?: number }[] = [];
    const server = createServer((socket) => {
      seen.push({ address: socket.remoteAddress, port: socket.remotePort });
      socket.end();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const localPort = await freePort();
    const duplex = await connectTcp('localhost', port, {
      localAddress: '127.0.0.1',
      localPort,
      family: 4,
      keepAlive: true,
    });
    expect(duplex.info).toMatchObject({ localAddress: '127.0.0.1', localPort, remoteAddress: '127.0.0.1' });
    await collect(duplex);
    expect(seen).toEqual([{ address: '127.0.0.1', port: localPort }]);
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}
