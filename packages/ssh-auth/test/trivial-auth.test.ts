import { describe, expect, it } from '@jest/globals';
import { DISC_NO_MORE_AUTH_METHODS_AVAILABLE, MSG_USERAUTH_REQUEST } from '@sshkit/ssh-codes';
import { generatePrivateKey, importAuthorizedKeys, importKnownHosts } from '@sshkit/ssh-keys';
import {
  AuthClient,
  type AuthClientOptions,
  type AuthServerHandler,
  checkPassword,
  decodeUserauthRequest,
  encodeUserauthFailure,
  encodeUserauthSuccess,
  type KbdintChallenge,
} from '../src/index.js';
import { fulfilled, rejected, runSession, type SessionSpec } from './support/harness.js';
import { FakeChannel, SESSION_ID, tick } from './support/packet-pair.js';

const key = generatePrivateKey('ssh-ed25519');
const hostKey = generatePrivateKey('ssh-ed25519');
const HOST = 'client.example.com';
const strict = { username: 'alice', disableTrivialAuth: true } satisfies AuthClientOptions;
const passwordHandler: AuthServerHandler = {
  validatePassword: (user, pw) => checkPassword(user === 'alice' ? 'correct horse' : undefined, pw),
};
const zeroPrompts: KbdintChallenge = ['', '', '', []];

/** Runs a session whose client records `authCompleted` calls. */
async function run(spec: SessionSpec) {
  const completed: string[] = [];
  const out = await runSession({
    ...spec,
    clientHandler: { ...spec.clientHandler, authCompleted: () => completed.push('done') },
  });
  return { ...out, completed };
}

/** The client was let in without proof: refused, disconnected, never marked authenticated. */
function expectRefused(out: Awaited<ReturnType<typeof run>>): void {
  expect(rejected(out.client)).toMatchObject({
    name: 'PermissionDenied',
    code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  });
  expect(out.session.clientChannel.disconnects.map((d) => d.code)).toEqual([
    DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  ]);
  expect(out.session.clientChannel.disconnects[0]?.reason).toMatch(/without challenging/);
  expect(out.session.clientChannel.authenticatedCalls).toBe(0);
  expect(out.session.client.method).toBeUndefined();
  expect(out.completed).toEqual([]);
}

function expectAccepted(out: Awaited<ReturnType<typeof run>>, method: string): void {
  fulfilled(out.client);
  expect(fulfilled(out.server).method).toBe(method);
  expect(out.session.clientChannel.authenticatedCalls).toBe(1);
  expect(out.session.clientChannel.disconnects).toEqual([]);
  expect(out.completed).toEqual(['done']);
}

describe('disableTrivialAuth: refused', () => {
  it('refuses SUCCESS to the none probe', async () => {
    expectRefused(await run({ clientOptions: strict, serverHandler: { beginAuth: () => false } }));
  });

  it.each([
    ['without a challenge', true],
    ['after a zero-prompt round', zeroPrompts],
  ] as const)('refuses keyboard-interactive success %s', async (_name, first) => {
    const out = await run({
      clientOptions: strict,
      clientHandler: { kbdintAuthRequested: () => '' },
      serverHandler: {
        getKbdintChallenge: () => first,
        validateKbdintResponse: (_user, responses) => responses.length === 0,
      },
    });
    expectRefused(out);
    expect(fulfilled(out.server).method).toBe('keyboard-interactive');
  });

  it('refuses SUCCESS to an unsigned publickey query', async () => {
    // No AuthServer answers a query with SUCCESS: play the server by hand.
    const channel = new FakeChannel(SESSION_ID);
    const completed: string[] = [];
    const client = new AuthClient(
      channel,
      { authCompleted: () => completed.push('done') },
      { ...strict, keys: [key], loginTimeout: 0 },
    );
    const result = client.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    channel.deliver(encodeUserauthFailure({ methods: ['publickey'], partialSuccess: false }));
    await tick();
    const query = decodeUserauthRequest(channel.sent.at(-1) as Uint8Array);
    expect(query.kind).toBe('publickey');
    expect('signature' in query).toBe(false);
    channel.deliver(encodeUserauthSuccess());
    expect(await result).toMatchObject({
      name: 'PermissionDenied',
      code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
    });
    expect(channel.authenticatedCalls).toBe(0);
    expect(completed).toEqual([]);
  });
});

describe('disableTrivialAuth: accepted after proof', () => {
  it('accepts keyboard-interactive with an answered prompt', async () => {
    const out = await run({
      clientOptions: strict,
      clientHandler: {
        kbdintAuthRequested: () => '',
        kbdintChallengeReceived: (_n, _i, _l, prompts) => prompts.map(() => '123456'),
      },
      serverHandler: {
        // A zero-prompt round first: proof comes from the later answered prompt.
        getKbdintChallenge: () => zeroPrompts,
        validateKbdintResponse: (_user, responses) =>
          responses.length === 0 ? ['OTP', '', '', [['Code: ', true]]] : responses[0] === '123456',
      },
    });
    expectAccepted(out, 'keyboard-interactive');
  });

  it('accepts publickey', async () => {
    const out = await run({
      clientOptions: { ...strict, keys: [key] },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(key.exportPublicKey()) },
    });
    expectAccepted(out, 'publickey');
  });

  it('accepts password', async () => {
    const out = await run({
      clientOptions: { ...strict, password: 'correct horse' },
      serverHandler: passwordHandler,
    });
    expectAccepted(out, 'password');
  });

  it('accepts hostbased', async () => {
    const out = await run({
      clientOptions: { ...strict, clientHost: `${HOST}.`, clientHostKeys: [hostKey] },
      serverOptions: {
        knownClientHosts: importKnownHosts(`${HOST} ${hostKey.exportPublicKey().trim()}`),
        clientHost: HOST,
      },
    });
    expectAccepted(out, 'hostbased');
  });

  it('counts proof from a partial success: a later zero-prompt keyboard-interactive success is fine', async () => {
    const out = await run({
      clientOptions: { ...strict, keys: [key] },
      clientHandler: { kbdintAuthRequested: () => '' },
      serverHandler: { getKbdintChallenge: () => zeroPrompts, validateKbdintResponse: () => true },
      serverOptions: {
        authorizedClientKeys: importAuthorizedKeys(key.exportPublicKey()),
        authenticationMethods: [['publickey', 'keyboard-interactive']],
      },
    });
    expectAccepted(out, 'keyboard-interactive');
    expect(fulfilled(out.server).methods).toEqual(['publickey', 'keyboard-interactive']);
  });
});

describe('disableTrivialAuth off (default)', () => {
  it.each([
    ['default', {}],
    ['false', { disableTrivialAuth: false }],
  ] as const)('accepts SUCCESS to the none probe (%s)', async (_name, extra) => {
    const out = await run({
      clientOptions: { username: 'guest', ...extra },
      serverHandler: { beginAuth: () => false },
    });
    expectAccepted(out, 'none');
    const requests = out.session.clientChannel.sent.filter((p) => p[0] === MSG_USERAUTH_REQUEST);
    expect(requests.map((p) => decodeUserauthRequest(p).kind)).toEqual(['none']);
  });
});
