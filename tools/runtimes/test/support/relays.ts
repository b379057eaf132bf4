// WebSocket relays for runtimes that reach TCP only through one (browsers):
// a client relay (websockify-style: each WebSocket's binary messages go
// unframed to a TCP port and back), and a serve relay, which pairs each TCP
// connection that arrives (OpenSSH's ssh) with the next WebSocket a page
// opened, so a server running in the page can answer it.
import { connect, createServer, type Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface ClientRelay {
  readonly url: string;
  close(): Promise<void>;
}

function bridge(ws: WebSocket, tcp: Socket): void {
  tcp.on('data', (d) => ws.send(d));
  tcp.on('end', () => ws.close(1000));
  tcp.on('error', () => ws.terminate());
  ws.on('message', (d: Buffer) => tcp.write(d));
  ws.on('close', () => tcp.end());
  ws.on('error', () => tcp.destroy());
}

async function listeningWs(): Promise<[WebSocketServer, number]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', () => r()));
  return [server, (server.address() as { port: number }).port];
}

function closeWs(server: WebSocketServer): Promise<void> {
  for (const ws of server.clients) ws.terminate();
  return new Promise((r) => server.close(() => r()));
}

export async function startClientRelay(port: number): Promise<ClientRelay> {
  const [server, relayPort] = await listeningWs();
  server.on('connection', (ws) => bridge(ws, connect({ host: '127.0.0.1', port })));
  return { url: `ws://127.0.0.1:${relayPort}/`, close: () => closeWs(server) };
}

export interface ServeRelay {
  /** Where the page opens its WebSockets. */
  readonly url: string;
  /** Where OpenSSH connects. */
  readonly port: number;
  close(): Promise<void>;
}

export async function startServeRelay(): Promise<ServeRelay> {
  const [server, relayPort] = await listeningWs();
  // WebSockets waiting for a TCP client, and what their server already said.
  const waiting: { ws: WebSocket; early: Buffer[] }[] = [];
  server.on('connection', (ws) => {
    const entry = { ws, early: [] as Buffer[] };
    ws.on('message', (d: Buffer) => entry.early.push(d));
    waiting.push(entry);
  });
  const sockets = new Set<Socket>();
  const tcpServer = createServer((tcp) => {
    sockets.add(tcp);
    tcp.on('close', () => sockets.delete(tcp));
    const entry = waiting.shift();
    if (entry === undefined) {
      tcp.destroy();
      return;
    }
    entry.ws.removeAllListeners('message');
    for (const d of entry.early) tcp.write(d);
    bridge(entry.ws, tcp);
  });
  await new Promise<void>((r) => tcpServer.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${relayPort}/`,
    port: (tcpServer.address() as { port: number }).port,
    close: async () => {
      const closed = new Promise<void>((r) => tcpServer.close(() => r()));
      for (const tcp of sockets) tcp.destroy();
      await closed;
      await closeWs(server);
    },
  };
}
