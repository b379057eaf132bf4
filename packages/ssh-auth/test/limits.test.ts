import { describe, expect, it } from '@jest/globals';
import {
  DISC_CONNECTION_LOST,
  DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  DISC_PROTOCOL_ERROR,
  DISC_SERVICE_NOT_AVAILABLE,
  MSG_USERAUTH_FAILURE,
  MSG_USERAUTH_INFO_REQUEST,
} from '@sshkit/ssh-codes';
import { ConnectionLost } from '@sshkit/ssh-transport';
import {
  AuthClient,
  AuthServer,
  checkPassword,
  DEFAULT_MAX_AUTH_TRIES,
  encodeUserauthInfoResponse,
  encodeUserauthRequest,
  parseMaxStartups,
  UnauthenticatedLimiter,
} from '../src/index.js';
import { rejected, runSession, startSession } from './support/harness.js';
import { FakeChannel, ManualTimer, SESSION_ID, tick } from './support/packet-pair.js';

const none = (username = 'alice', service = 'ssh-connection') =>
  encodeUserauthRequest({ kind: 'none', username, service });
const password = (pw: string, username = 'alice') =>
  encodeUserauthRequest({ kind: 'password', username, service: 'ssh-connection', password: pw });

function rawServer(options: ConstructorParameters<typeof AuthServer>[2] = {}, handler = {}) {
  const channel = new FakeChannel(SESSION_ID);
  const server = new AuthServer(
    channel,
    { validatePassword: (_u: string, pw: string) => checkPassword('secret', pw), ...handler },
    { loginTimeout: 0, ...options },
  );
  const outcome = server.run().then(
    (value) => ({ ok: true as const, value }),
    (error: { name: string; code?: number }) => ({ ok: false as const, error }),
  );
  return { channel, server, outcome };
}

describe('maxAuthTries', () => {
  it('disconnects with NO_MORE_AUTH_METHODS_AVAILABLE after 6 failures (the none probe not counted)', async () => {
    let asked = 0;
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice' },
      clientHandler: {
        passwordAuthRequested: () => {
          asked++;
          return `guess ${asked}`;
        },
      },
      serverHandler: { validatePassword: (_u, pw) => checkPassword('secret', pw) },
    });
    expect(DEFAULT_MAX_AUTH_TRIES).toBe(6);
    expect(rejected(server)).toMatchObject({
      name: 'PermissionDenied',
      code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
    });
    expect(session.serverChannel.disconnects).toEqual([
      expect.objectContaining({ code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE }),
    ]);
    expect(rejected(client)).toMatchObject({
      name: 'PermissionDenied',
      code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
    });
    expect(asked).toBe(6);
    expect(session.server.failures).toBe(6);
    // FAILURE replies: the none probe plus 5 counted failures; the 6th failure disconnects instead.
    expect(session.serverChannel.sent.filter((p) => p[0] === MSG_USERAUTH_FAILURE)).toHaveLength(6);
    expect(session.serverChannel.sentAfterClose).toBe(0);
  });

  it('honours a smaller maxAuthTries and counts a repeated none probe', async () => {
    const { channel, outcome } = rawServer({ maxAuthTries: 2 });
    channel.deliver(none());
    channel.deliver(none());
    channel.deliver(password('wrong'));
    const r = await outcome;
    expect(r.ok).toBe(false);
    expect(channel.disconnects.map((d) => d.code)).toEqual([DISC_NO_MORE_AUTH_METHODS_AVAILABLE]);
  });

  it('rejects an invalid maxAuthTries', () => {
    expect(() => new AuthServer(new FakeChannel(SESSION_ID), {}, { maxAuthTries: 0 })).toThrow(RangeError);
  });
});

describe('login timeout (injected timer)', () => {
  it('server disconnects with CONNECTION_LOST when the client stalls', async () => {
    const timer = new ManualTimer();
    const { channel, outcome } = rawServer({ loginTimeout: 120_000, timer });
    channel.deliver(none());
    await tick();
    timer.advance(119_999);
    await tick();
    expect(channel.disconnects).toEqual([]);
    timer.advance(1);
    const r = await outcome;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ name: 'LoginTimeoutExpired', code: DISC_CONNECTION_LOST });
    expect(ConnectionLost.isInstance(r.ok ? undefined : r.error)).toBe(true);
    expect(channel.disconnects.map((d) => d.code)).toEqual([DISC_CONNECTION_LOST]);
    // Packets after the timeout are ignored.
    channel.deliver(password('secret'));
    await tick();
    expect(channel.authenticatedCalls).toBe(0);
  });

  it('timer is cleared on success', async () => {
    const timer = new ManualTimer();
    const { channel, outcome } = rawServer({ loginTimeout: 1000, timer });
    expect(timer.pending).toBe(1);
    channel.deliver(password('secret'));
    const r = await outcome;
    expect(r.ok).toBe(true);
    expect(timer.pending).toBe(0);
  });

  it('client gives up too, while a handler is still pending', async () => {
    const timer = new ManualTimer();
    let release: (v: string | null) => void = () => {};
    const session = startSession({
      clientOptions: { username: 'alice', loginTimeout: 5000, timer },
      clientHandler: { passwordAuthRequested: () => new Promise<string | null>((r) => (release = r)) },
      serverHandler: { validatePassword: () => false },
    });
    await tick();
    await tick();
    timer.advance(5000);
    const client = await session.clientResult;
    expect(rejected(client)).toMatchObject({ name: 'LoginTimeoutExpired', code: DISC_CONNECTION_LOST });
    release('late');
    await tick();
    // Nothing is sent after the timeout.
    expect(session.clientChannel.sentAfterClose).toBe(0);
    expect(rejected(await session.serverResult).name).toBe('ConnectionLost');
  });
});

describe('protocol checks', () => {
  it('rejects services other than ssh-connection with SERVICE_NOT_AVAILABLE', async () => {
    const { channel, outcome } = rawServer();
    channel.deliver(none('alice', 'ssh-userauth'));
    const r = await outcome;
    expect(r.ok ? undefined : r.error).toMatchObject({
      name: 'ServiceNotAvailable',
      code: DISC_SERVICE_NOT_AVAILABLE,
    });
    expect(channel.disconnects.map((d) => d.code)).toEqual([DISC_SERVICE_NOT_AVAILABLE]);
  });

  it('refuses a change of user name with PROTOCOL_ERROR', async () => {
    const { channel, outcome } = rawServer();
    channel.deliver(none('alice'));
    channel.deliver(password('secret', 'root'));
    const r = await outcome;
    expect(r.ok ? undefined : r.error).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
  });

  it('refuses connection-protocol messages before authentication', async () => {
    const { channel, outcome } = rawServer();
    channel.deliver(Uint8Array.of(90, 0, 0, 0, 0));
    const r = await outcome;
    expect(r.ok ? undefined : r.error).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
  });

  it('refuses an INFO_RESPONSE without a pending challenge, and one with the wrong count', async () => {
    const a = rawServer();
    a.channel.deliver(encodeUserauthInfoResponse(['x']));
    expect((await a.outcome).ok).toBe(false);
    expect(a.channel.disconnects.map((d) => d.code)).toEqual([DISC_PROTOCOL_ERROR]);

    const b = rawServer({}, { getKbdintChallenge: () => ['', '', '', [['One: ', true]]] as const });
    b.channel.deliver(
      encodeUserauthRequest({
        kind: 'keyboard-interactive',
        username: 'alice',
        service: 'ssh-connection',
        language: '',
        submethods: '',
      }),
    );
    await tick();
    expect(b.channel.sent.at(-1)?.[0]).toBe(MSG_USERAUTH_INFO_REQUEST);
    b.channel.deliver(encodeUserauthInfoResponse(['1', '2']));
    const r = await b.outcome;
    expect(r.ok ? undefined : r.error).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
  });

  it('client disconnects with PROTOCOL_ERROR on a malformed server reply', async () => {
    const channel = new FakeChannel(SESSION_ID);
    const client = new AuthClient(channel, {}, { username: 'alice', loginTimeout: 0 });
    const result = client.run().catch((e: unknown) => e);
    channel.deliver(Uint8Array.of(MSG_USERAUTH_FAILURE, 0, 0));
    expect(await result).toMatchObject({ name: 'ProtocolError', code: DISC_PROTOCOL_ERROR });
    expect(channel.disconnects.map((d) => d.code)).toEqual([DISC_PROTOCOL_ERROR]);
  });

  it('connectionLost rejects a pending run without sending anything', async () => {
    const { channel, server, outcome } = rawServer();
    server.connectionLost(new ConnectionLost('socket closed'));
    const r = await outcome;
    expect(r.ok ? undefined : r.error).toMatchObject({ name: 'ConnectionLost' });
    expect(channel.disconnects).toEqual([]);
  });
});

describe('UnauthenticatedLimiter', () => {
  it('parses MaxStartups forms', () => {
    expect(parseMaxStartups('10:30:100')).toEqual({ start: 10, rate: 30, full: 100 });
    expect(parseMaxStartups('5')).toEqual({ start: 5, rate: 100, full: 5 });
    expect(parseMaxStartups(3)).toEqual({ start: 3, rate: 100, full: 3 });
    for (const bad of ['', 'x', '10:0:100', '10:101:100', '10:30:5', '0', '1:2']) {
      expect(() => parseMaxStartups(bad)).toThrow(RangeError);
    }
  });

  it('a simple maximum refuses the N+1th connection until a slot is released', () => {
    const limiter = new UnauthenticatedLimiter(2);
    const a = limiter.tryAcquire();
    const b = limiter.tryAcquire();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(limiter.tryAcquire()).toBeNull();
    a?.release();
    a?.release(); // idempotent
    expect(limiter.active).toBe(1);
    expect(limiter.tryAcquire()).not.toBeNull();
  });

  it('start:rate:full refuses with a probability rising from rate to 100%', () => {
    // A random source that yields r (mod 100) = the next value of a fixed list.
    const draws: number[] = [];
    const random = (n: number) => {
      const r = draws.shift() ?? 0;
      const out = new Uint8Array(n);
      out[n - 1] = r;
      return out;
    };
    const limiter = new UnauthenticatedLimiter('2:50:4', { random });
    expect(limiter.tryAcquire()).not.toBeNull();
    expect(limiter.tryAcquire()).not.toBeNull(); // below start: always accepted, no draw
    // At start (2 active): p = 50; r = 49 refuses, r = 50 accepts.
    draws.push(49);
    expect(limiter.tryAcquire()).toBeNull();
    draws.push(50);
    expect(limiter.tryAcquire()).not.toBeNull();
    // 3 active: p = 50 + 50 * 1 / 2 = 75.
    draws.push(74);
    expect(limiter.tryAcquire()).toBeNull();
    draws.push(75);
    expect(limiter.tryAcquire()).not.toBeNull();
    // 4 active = full: always refused.
    draws.push(99);
    expect(limiter.tryAcquire()).toBeNull();
    expect(limiter.active).toBe(4);
  });

  it('defaults to sshd 10:30:100', () => {
    expect(new UnauthenticatedLimiter().limits).toEqual({ start: 10, rate: 30, full: 100 });
  });
});
