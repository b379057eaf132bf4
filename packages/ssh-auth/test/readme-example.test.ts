// The README's runnable example, kept identical to it (apart from the assertions).
import { expect, it } from '@jest/globals';
import { generatePrivateKey, importAuthorizedKeys } from '@sshkit/ssh-keys';
import type { PacketChannel } from '@sshkit/ssh-transport';
import { AuthClient, AuthServer, checkPassword } from '../src/index.js';

/** Two PacketChannels wired back to back (what the transport provides in real use). */
function channelPair(sessionId: Uint8Array): [PacketChannel, PacketChannel] {
  const handlers: Array<(p: Uint8Array) => void> = [() => {}, () => {}];
  const make = (me: 0 | 1): PacketChannel => ({
    sessionId,
    peerExtensions: new Map(),
    send: (payload) => setTimeout(() => handlers[1 - me]?.(payload), 0),
    onPacket: (handler) => {
      handlers[me] = handler;
    },
    disconnect: (code, reason) => console.log('disconnect', code, reason),
    authenticated: () => {},
  });
  return [make(0), make(1)];
}

it('README example: publickey then password over an in-memory pair', async () => {
  const key = generatePrivateKey('ssh-ed25519');
  const [clientSide, serverSide] = channelPair(new Uint8Array(32).fill(7));

  const server = new AuthServer(
    serverSide,
    { validatePassword: (user, pw) => checkPassword(user === 'alice' ? 'secret' : undefined, pw) },
    {
      authorizedClientKeys: importAuthorizedKeys(`no-pty ${key.exportPublicKey()}`),
      authenticationMethods: [['publickey', 'password']], // both, like sshd AuthenticationMethods
      banner: 'Authorized use only\n',
      loginTimeout: 0,
    },
  );
  const client = new AuthClient(
    clientSide,
    { authBannerReceived: (msg) => console.log(msg) },
    { username: 'alice', keys: [key], password: 'secret', loginTimeout: 0 },
  );

  const [result] = await Promise.all([server.run(), client.run()]);
  console.log(result.methods); // ['publickey', 'password']
  console.log(result.permissions.allows('pty')); // false (no-pty)

  expect(result.methods).toEqual(['publickey', 'password']);
  expect(result.permissions.allows('pty')).toBe(false);
});
