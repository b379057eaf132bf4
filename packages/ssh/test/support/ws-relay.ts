// A websockify-style relay for the WebSocket tests: each WebSocket's binary
// messages go unframed to a TCP port, and the port's bytes come back as messages.
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';
import { type SshdInstance, startSshd } from '@sshkit/testkit';
import { type WebSocket, WebSocketServer } from 'ws';

/** A relay that forwards each WebSocket's binary messages to `port` and back, unframed. */
export interface Relay {
  readonly url: string;
  /** The relay's side of each WebSocket, to break them from there. */
  readonly clients: Set<WebSocket>;
  close(): Promise<void>;
}

export async function startRelay(port: number): Promise<Relay> {
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

/**
 * For the enclosing describe: an sshd with an ed25519 host key and a relay in
 * front of it, started before its tests and stopped after them.
 */
export function sshdBehindRelay(): { sshd: SshdInstance; relay: Relay } {
  const env = {} as { sshd: SshdInstance; relay: Relay };
  beforeAll(async () => {
    env.sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    env.relay = await startRelay(env.sshd.port);
  });
  afterAll(async () => {
    await env.relay?.close();
    await env.sshd?.stop();
  });
  return env;
}
