/**
 * Runs an AuthClient against an AuthServer over an in-memory pair.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPrivateKey, type SSHKey } from '@sshkit/ssh-keys';
import {
  AuthClient,
  type AuthClientHandler,
  type AuthClientOptions,
  type AuthResult,
  AuthServer,
  type AuthServerHandler,
  type AuthServerOptions,
} from '../../src/index.js';
import { type FakeChannel, onPeerDisconnect, type PairOptions, packetPair } from './packet-pair.js';

const KEY_FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'ssh-keys',
  'test',
  'fixtures',
  'keys',
);

/** The committed 2048-bit RSA fixture key of ssh-keys (no RSA keygen in tests). */
export function rsaFixtureKey(): SSHKey {
  return importPrivateKey(readFileSync(join(KEY_FIXTURES, 'rsa2048.openssh'), 'utf8'));
}

export interface Session {
  client: AuthClient;
  server: AuthServer;
  clientChannel: FakeChannel;
  serverChannel: FakeChannel;
  clientResult: Promise<PromiseSettledResult<void>>;
  serverResult: Promise<PromiseSettledResult<AuthResult>>;
}

export interface SessionSpec {
  clientHandler?: AuthClientHandler;
  clientOptions: AuthClientOptions;
  serverHandler?: AuthServerHandler | ((server: () => AuthServer) => AuthServerHandler);
  serverOptions?: AuthServerOptions;
  pair?: PairOptions;
}

function settle<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return p.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}

/** Starts both sides; the promises settle when each side is done. */
export function startSession(spec: SessionSpec): Session {
  const [clientChannel, serverChannel] = packetPair(spec.pair);
  let serverRef: AuthServer | undefined;
  const handler =
    typeof spec.serverHandler === 'function'
      ? spec.serverHandler(() => serverRef as AuthServer)
      : (spec.serverHandler ?? {});
  const server = new AuthServer(serverChannel, handler, { loginTimeout: 0, ...spec.serverOptions });
  serverRef = server;
  const client = new AuthClient(clientChannel, spec.clientHandler ?? {}, {
    loginTimeout: 0,
    ...spec.clientOptions,
  });
  onPeerDisconnect(clientChannel, client);
  onPeerDisconnect(serverChannel, server);
  const serverResult = settle(server.run());
  const clientResult = settle(client.run());
  return { client, server, clientChannel, serverChannel, clientResult, serverResult };
}

/** Runs a session to the end on both sides. */
export async function runSession(spec: SessionSpec): Promise<{
  session: Session;
  client: PromiseSettledResult<void>;
  server: PromiseSettledResult<AuthResult>;
}> {
  const session = startSession(spec);
  const [client, server] = await Promise.all([session.clientResult, session.serverResult]);
  return { session, client, server };
}

/** The value of a fulfilled result, or throws with the reason. */
export function fulfilled<T>(r: PromiseSettledResult<T>): T {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

/** The reason of a rejected result (throws if it fulfilled). */
export function rejected<T>(r: PromiseSettledResult<T>): { name: string; code?: number } {
  if (r.status === 'fulfilled') throw new Error('expected a rejection');
  return r.reason as { name: string; code?: number };
}
