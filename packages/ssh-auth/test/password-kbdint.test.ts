import { describe, expect, it } from '@jest/globals';
import {
  DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  MSG_USERAUTH_BANNER,
  MSG_USERAUTH_FAILURE,
  MSG_USERAUTH_SUCCESS,
} from '@sshkit/ssh-codes';
import { generatePrivateKey, importAuthorizedKeys } from '@sshkit/ssh-keys';
import {
  type AuthServerHandler,
  checkPassword,
  decodeUserauthFailure,
  type KbdintChallenge,
  type KbdintPrompt,
  PasswordChangeRequired,
} from '../src/index.js';
import { fulfilled, rejected, runSession } from './support/harness.js';

const passwords = new Map([['alice', 'correct horse']]);
const passwordHandler: AuthServerHandler = {
  validatePassword: (user, pw) => checkPassword(passwords.get(user), pw),
};

describe('password', () => {
  it('authenticates with the password option', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', password: 'correct horse' },
      serverHandler: passwordHandler,
    });
    fulfilled(client);
    expect(fulfilled(server)).toMatchObject({ username: 'alice', method: 'password' });
    expect(fulfilled(server).permissions.allows('pty')).toBe(true);
    expect(session.clientChannel.authenticatedCalls).toBe(1);
  });

  it('asks the handler for more passwords after a failure', async () => {
    const tried: string[] = [];
    const { client } = await runSession({
      clientOptions: { username: 'alice', password: 'wrong' },
      clientHandler: {
        passwordAuthRequested: () => {
          tried.push('asked');
          return tried.length === 1 ? 'correct horse' : null;
        },
      },
      serverHandler: passwordHandler,
    });
    fulfilled(client);
    expect(tried).toEqual(['asked']);
  });

  it('fails with PermissionDenied when passwords run out', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', password: 'wrong' },
      serverHandler: passwordHandler,
    });
    expect(rejected(client)).toMatchObject({
      name: 'PermissionDenied',
      code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
    });
    expect(session.clientChannel.disconnects.map((d) => d.code)).toEqual([
      DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
    ]);
    expect(rejected(server).name).toBe('PermissionDenied');
  });

  it('fails for an unknown user through the same checkPassword path', async () => {
    const { client } = await runSession({
      clientOptions: { username: 'mallory', password: 'correct horse' },
      serverHandler: passwordHandler,
    });
    expect(rejected(client).name).toBe('PermissionDenied');
  });

  it('runs the password change flow', async () => {
    const events: string[] = [];
    const store = new Map([['alice', 'old']]);
    const { client, server } = await runSession({
      clientOptions: { username: 'alice', password: 'old' },
      clientHandler: {
        passwordChangeRequested: (prompt, lang) => {
          events.push(`prompt:${prompt}:${lang}`);
          return ['old', 'new'];
        },
        passwordChanged: () => events.push('changed'),
        passwordChangeFailed: () => events.push('change failed'),
      },
      serverHandler: {
        validatePassword: (user, pw) => {
          if (checkPassword(store.get(user), pw)) throw new PasswordChangeRequired('Password expired', 'en');
          return false;
        },
        changePassword: (user, oldPw, newPw) => {
          if (!checkPassword(store.get(user), oldPw)) return false;
          store.set(user, newPw);
          return true;
        },
      },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('password');
    expect(events).toEqual(['prompt:Password expired:en', 'changed']);
    expect(store.get('alice')).toBe('new');
  });

  it('asks again when the new password is refused, and reports a declined change', async () => {
    const events: string[] = [];
    let round = 0;
    const { client } = await runSession({
      clientOptions: { username: 'alice', password: 'old' },
      clientHandler: {
        passwordChangeRequested: () => {
          round++;
          events.push(`asked ${round}`);
          return round === 1 ? ['old', 'weak'] : null;
        },
        passwordChanged: () => events.push('changed'),
        passwordChangeFailed: () => events.push('change failed'),
      },
      serverHandler: {
        validatePassword: () => {
          throw new PasswordChangeRequired('Password expired');
        },
        changePassword: (_u, _o, newPw) => {
          if (newPw === 'weak') throw new PasswordChangeRequired('Too weak, try again');
          return true;
        },
      },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
    expect(events).toEqual(['asked 1', 'asked 2', 'change failed']);
  });

  it('reports a refused change (FAILURE after the change request)', async () => {
    const events: string[] = [];
    const { client } = await runSession({
      clientOptions: { username: 'alice', password: 'old' },
      clientHandler: {
        passwordChangeRequested: () => ['old', 'new'],
        passwordChanged: () => events.push('changed'),
        passwordChangeFailed: () => events.push('change failed'),
      },
      serverHandler: {
        validatePassword: () => {
          throw new PasswordChangeRequired('Password expired');
        },
        changePassword: () => false,
      },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
    expect(events[0]).toBe('change failed');
  });
});

describe('keyboard-interactive', () => {
  it('runs a multi-round challenge', async () => {
    const rounds: Array<[string, string, string, readonly KbdintPrompt[]]> = [];
    const second: KbdintChallenge = ['OTP', 'Enter the code', '', [['Code: ', true]]];
    const { client, server } = await runSession({
      clientOptions: { username: 'alice' },
      clientHandler: {
        kbdintAuthRequested: () => 'pam',
        kbdintChallengeReceived: (name, instructions, lang, prompts) => {
          rounds.push([name, instructions, lang, prompts]);
          return prompts.map(([p]) => (p.startsWith('Password') ? 'correct horse' : '123456'));
        },
      },
      serverHandler: {
        getKbdintChallenge: (user, _lang, submethods) =>
          user === 'alice' && submethods === 'pam' ? ['Login', '', 'en', [['Password: ', false]]] : false,
        validateKbdintResponse: (_user, responses) => {
          if (responses[0] === 'correct horse') return second;
          return responses[0] === '123456';
        },
      },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('keyboard-interactive');
    expect(rounds).toEqual([
      ['Login', '', 'en', [['Password: ', false]]],
      ['OTP', 'Enter the code', '', [['Code: ', true]]],
    ]);
  });

  it('answers a password-only challenge with the password option (AsyncSSH behaviour)', async () => {
    const { client, server } = await runSession({
      clientOptions: { username: 'alice', password: 'correct horse' },
      serverHandler: {
        getKbdintChallenge: () => ['', '', '', [['Password: ', false]]],
        validateKbdintResponse: (user, [pw]) => checkPassword(passwords.get(user), pw ?? ''),
      },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('keyboard-interactive');
  });

  it('abandons a challenge the client cannot answer and falls back to password', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', password: 'correct horse' },
      serverHandler: {
        ...passwordHandler,
        getKbdintChallenge: () => ['', '', '', [['Favourite colour? ', true]]],
        validateKbdintResponse: () => false,
      },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('password');
    expect(session.server.failures).toBe(0);
  });

  it('succeeds without a challenge when getKbdintChallenge returns true', async () => {
    const { client } = await runSession({
      clientOptions: { username: 'alice' },
      clientHandler: { kbdintAuthRequested: () => '' },
      serverHandler: { getKbdintChallenge: () => true },
    });
    fulfilled(client);
  });

  it('treats a client handler returning the wrong number of responses as a local error', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice' },
      clientHandler: {
        kbdintAuthRequested: () => '',
        kbdintChallengeReceived: () => ['a', 'b'],
      },
      serverHandler: { getKbdintChallenge: () => ['', '', '', [['One: ', true]]] },
    });
    // The client refuses to send a mismatched response itself (a handler bug: RangeError).
    expect(rejected(client).name).toBe('RangeError');
    expect(session.clientChannel.disconnects[0]?.code).toBe(11);
    expect(rejected(server).name).toBe('DisconnectedByApplication');
  });
});

describe('banner, none, partial success', () => {
  it('delivers the banner option and sendAuthBanner from beginAuth before the first reply', async () => {
    const banners: Array<[string, string]> = [];
    const { session, client } = await runSession({
      clientOptions: { username: 'alice', password: 'correct horse' },
      clientHandler: { authBannerReceived: (msg, lang) => banners.push([msg, lang]) },
      serverHandler: (server) => ({
        ...passwordHandler,
        beginAuth: (user) => {
          server().sendAuthBanner(`Hello ${user}\n`, 'en');
          return true;
        },
      }),
      serverOptions: { banner: 'Authorized use only\n' },
    });
    fulfilled(client);
    expect(banners).toEqual([
      ['Authorized use only\n', ''],
      ['Hello alice\n', 'en'],
    ]);
    const types = session.serverChannel.sent.map((p) => p[0]);
    expect(types.slice(0, 3)).toEqual([MSG_USERAUTH_BANNER, MSG_USERAUTH_BANNER, MSG_USERAUTH_FAILURE]);
  });

  it('lets a none-auth server in on the none probe', async () => {
    const completed: string[] = [];
    const { session, client, server } = await runSession({
      clientOptions: { username: 'guest' },
      clientHandler: { authCompleted: () => completed.push('done') },
      serverHandler: { beginAuth: () => false },
    });
    fulfilled(client);
    expect(fulfilled(server)).toMatchObject({ username: 'guest', method: 'none' });
    expect(session.serverChannel.sent.map((p) => p[0])).toEqual([MSG_USERAUTH_SUCCESS]);
    expect(completed).toEqual(['done']);
  });

  it('never lets none succeed when auth is required', async () => {
    const { session, client } = await runSession({
      clientOptions: { username: 'alice' },
      serverHandler: passwordHandler,
    });
    expect(rejected(client).name).toBe('PermissionDenied');
    const first = session.serverChannel.sent[0] as Uint8Array;
    expect(decodeUserauthFailure(first)).toEqual({ methods: ['password'], partialSuccess: false });
  });

  it('requires a chain of methods (publickey,password) with partial success', async () => {
    const key = generatePrivateKey('ssh-ed25519');
    const partials: boolean[] = [];
    const { session, client, server } = await runSession({
      clientOptions: {
        username: 'alice',
        keys: [key],
        password: 'correct horse',
        log: (e) => {
          if (e.event === 'partial') partials.push(true);
        },
      },
      serverHandler: passwordHandler,
      serverOptions: {
        authorizedClientKeys: importAuthorizedKeys(`no-pty ${key.exportPublicKey().trim()}`),
        authenticationMethods: [['publickey', 'password']],
      },
    });
    fulfilled(client);
    const result = fulfilled(server);
    expect(result.method).toBe('password');
    expect(result.methods).toEqual(['publickey', 'password']);
    // The key's options survive the later password step.
    expect(result.permissions.checkKeyPermission('pty')).toBe(false);
    expect(partials).toEqual([true]);
    const failures = session.serverChannel.sent
      .filter((p) => p[0] === MSG_USERAUTH_FAILURE)
      .map(decodeUserauthFailure);
    expect(failures[0]).toEqual({ methods: ['publickey'], partialSuccess: false });
    expect(failures.at(-1)).toEqual({ methods: ['password'], partialSuccess: true });
  });

  it('offers alternatives chains and refuses methods out of order', async () => {
    const key = generatePrivateKey('ssh-ed25519');
    const { client } = await runSession({
      clientOptions: { username: 'alice', password: 'correct horse', preferredAuthentications: ['password'] },
      serverHandler: passwordHandler,
      serverOptions: {
        authorizedClientKeys: importAuthorizedKeys(key.exportPublicKey()),
        authenticationMethods: [['publickey', 'password']],
      },
    });
    // Password alone is not in any chain head: the server never lists it, the client gives up.
    expect(rejected(client).name).toBe('PermissionDenied');
  });
});
