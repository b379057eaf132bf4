/**
 * A client and a server connection over an in-memory packet pair.
 */
import { disconnectErrorFor } from '@sshkit/ssh-transport';
import {
  type ClientConnectionOptions,
  ClientConnectionProtocol,
  type ServerConnectionHandler,
  type ServerConnectionOptions,
  ServerConnectionProtocol,
} from '../../src/index.js';
import { type FakeChannel, packetPair } from './packet-pair.js';

export interface Pair {
  client: ClientConnectionProtocol;
  server: ServerConnectionProtocol;
  clientChannel: FakeChannel;
  serverChannel: FakeChannel;
  clientClosed: Promise<Error | undefined>;
  serverClosed: Promise<Error | undefined>;
}

export function connectPair(
  handler: ServerConnectionHandler = {},
  serverOptions: ServerConnectionOptions = {},
  clientOptions: ClientConnectionOptions = {},
): Pair {
  const [clientChannel, serverChannel] = packetPair();
  let resolveClient: (e: Error | undefined) => void = () => {};
  let resolveServer: (e: Error | undefined) => void = () => {};
  const clientClosed = new Promise<Error | undefined>((r) => {
    resolveClient = r;
  });
  const serverClosed = new Promise<Error | undefined>((r) => {
    resolveServer = r;
  });
  const client = new ClientConnectionProtocol(clientChannel, {
    ...clientOptions,
    onClose: (e) => resolveClient(e),
  });
  const server = new ServerConnectionProtocol(serverChannel, handler, {
    ...serverOptions,
    onClose: (e) => resolveServer(e),
  });
  clientChannel.onPeerDisconnect = (d) => client.connectionLost(disconnectErrorFor(d.code, d.reason));
  serverChannel.onPeerDisconnect = (d) => server.connectionLost(disconnectErrorFor(d.code, d.reason));
  return { client, server, clientChannel, serverChannel, clientClosed, serverClosed };
}
