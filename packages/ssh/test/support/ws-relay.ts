// A websockify-style relay for the WebSocket tests: each WebSocket's binary
// messages go unframed to a TCP port, and the port's bytes come back as messages.
import { connect as netConnect } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A relay that forwards each WebSocket's binary messages to `port` and back, unframed. */
export async function startRelay(
  port: number,
): Promise<{ url: string; clients: Set<WebSocket>; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const clients = new Set<WebSocket>();
  server.on('connection', (ws) => {
    const tcp = netConnect({ host: '127.0.0.1', port });
    clients.add(ws);
    tcp.on('data', (d) => ws.send(d));
    tcp.on('end', () => ws.close(1000));
    tcp.on('error', () => ws.terminate());
    ws.on('message', (d: Buffer) => tcp.write(d));
    ws.on('close', () => {
      clients.delete(ws);
      tcp.end();
    });
  });
  const { port: relayPort } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${relayPort}/`,
    clients,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
