// X11 forwarding in memory: a session's x11-req (RFC 4254 §6.3.1), then x11
// channels opened by the server to the client (§6.3.2).
import { describe, expect, test } from '@jest/globals';
import { AuthPermissions } from '@sshkit/ssh-auth';
import {
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  OPEN_CONNECT_FAILED,
  OPEN_REQUEST_X11_FORWARDING_FAILED,
} from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type ClientConnectionOptions,
  encodeStringRequest,
  encodeX11Request,
  type ServerConnectionOptions,
  type SessionData,
  type SSHChannel,
  SSHClientChannel,
  type SSHReader,
  type SSHServerProcess,
  type SSHWriter,
  type X11Request,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { keyOptions } from './support/key-options.js';

const REQUEST: X11Request = {
  singleConnection: true,
  authProtocol: 'MIT-MAGIC-COOKIE-1',
  authCookie: '0123456789abcdef0123456789abcdef',
  screen: 2,
};
const FORWARD = { display: 'localhost:10.2', authPath: '/tmp/xauth-1/cookie' };

/** The client's "X server": answers each connection by reversing its bytes. */
const reversingX = () => async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
  w.write((await r.read()).slice().reverse());
  w.writeEof();
};

/** A server whose sessions print what getX11Display(), DISPLAY and XAUTHORITY give, and the pair. */
function pairWith(server: ServerConnectionOptions, client: ClientConnectionOptions = {}) {
  const processFactory = ((p: SSHServerProcess<string>) => {
    p.stdout.write(`${p.channel.getX11Display()} ${p.env.DISPLAY} ${p.env.XAUTHORITY}`);
    p.exit(0);
  }) as never;
  return connectPair({}, { processFactory, ...server }, { x11Forwarding: reversingX, ...client });
}

/** Runs a session asking for X11; the client's own DISPLAY and XAUTHORITY do not override the server's. */
async function x11Seen(pair: ReturnType<typeof pairWith>, ignoreFailure?: boolean): Promise<string> {
  const [, stdout] = await pair.client.openSession('true', {
    env: { DISPLAY: ':0', XAUTHORITY: '/client/auth' },
    x11: { ...REQUEST, ...(ignoreFailure !== undefined && { ignoreFailure }) },
  });
  return stdout.read();
}

async function x11Refusal(pair: ReturnType<typeof pairWith>): Promise<unknown> {
  return x11Seen(pair).catch((e: unknown) => e);
}

function expectCode(e: unknown, code: number): void {
  expect(e).toBeInstanceOf(ChannelOpenError);
  expect((e as ChannelOpenError).code).toBe(code);
}

/** A client session channel that sends raw requests, to repeat x11-req. */
class RawSessionChannel extends SSHClientChannel {
  request(requestType: string, data: Uint8Array): Promise<boolean> {
    return this.sendRequest(requestType, data, true);
  }
}

describe('X11 forwarding: x11-req', () => {
  test('the request reaches the server hook as sent, before pty-req; the session gets DISPLAY and XAUTHORITY', async () => {
    const asked: unknown[] = [];
    const pair = pairWith({
      x11Forwarding: (chan, request) => {
        asked.push([request, chan.getTerminalType()]);
        return FORWARD;
      },
    });
    const [, stdout] = await pair.client.openSession('true', {
      env: { DISPLAY: ':0', XAUTHORITY: '/client/auth' },
      termType: 'xterm',
      x11: REQUEST,
    });
    expect(await stdout.read()).toBe(`${FORWARD.display} ${FORWARD.display} ${FORWARD.authPath}`);
    // No terminal type yet: x11-req came before pty-req.
    expect(asked).toEqual([[REQUEST, undefined]]);
  });

  test('without authPath, XAUTHORITY is what the client sent; an async hook works', async () => {
    const pair = pairWith({ x11Forwarding: async () => ({ display: 'localhost:11.0' }) });
    expect(await x11Seen(pair)).toBe('localhost:11.0 localhost:11.0 /client/auth');
  });

  test('run (through createProcess) carries x11 too', async () => {
    const asked: X11Request[] = [];
    const pair = pairWith({
      x11Forwarding: (_chan, request) => {
        asked.push(request);
        return FORWARD;
      },
    });
    expect((await pair.client.run('true', { x11: REQUEST })).stdout).toBe(
      `${FORWARD.display} ${FORWARD.display} ${FORWARD.authPath}`,
    );
    expect(asked).toEqual([REQUEST]);
  });

  test('a session without x11 sends no x11-req', async () => {
    let asked = 0;
    const pair = pairWith({
      x11Forwarding: () => {
        asked++;
        return FORWARD;
      },
    });
    const [, stdout] = await pair.client.openSession('true');
    expect(await stdout.read()).toBe('undefined undefined undefined');
    expect(asked).toBe(0);
  });

  test('refused without the hook, when it declines or throws, or under no-X11-forwarding: the session fails', async () => {
    const noHook = pairWith({});
    const declines = pairWith({ x11Forwarding: () => undefined });
    const throws = pairWith({
      x11Forwarding: () => {
        throw new Error('no free display');
      },
    });
    const rejects = pairWith({ x11Forwarding: () => Promise.reject(new Error('no free display')) });
    let asked = 0;
    const restricted = pairWith({
      x11Forwarding: () => {
        asked++;
        return FORWARD;
      },
      permissions: new AuthPermissions(keyOptions({ permissions: { x11Forwarding: false } })),
    });
    for (const pair of [noHook, declines, throws, rejects, restricted]) {
      const e = await x11Refusal(pair);
      expectCode(e, OPEN_REQUEST_X11_FORWARDING_FAILED);
      expect((e as Error).message).toContain('X11 forwarding request failed');
      // The failed session's channel was closed; the connection lives on.
      expect(await pair.client.run('true').then((r) => r.exitStatus)).toBe(0);
    }
    expect(asked).toBe(0);
  });

  test('with ignoreFailure a refusal leaves the session to start and run', async () => {
    const pair = pairWith({ x11Forwarding: () => undefined });
    expect(await x11Seen(pair, true)).toBe('undefined :0 /client/auth');
    const restricted = pairWith({
      x11Forwarding: () => FORWARD,
      permissions: new AuthPermissions(keyOptions({ permissions: { x11Forwarding: false } })),
    });
    expect(await x11Seen(restricted, true)).toBe('undefined :0 /client/auth');
    // A hook that throws refuses the request only, not the session.
    const throws = pairWith({
      x11Forwarding: () => {
        throw new Error('no free display');
      },
    });
    expect(await x11Seen(throws, true)).toBe('undefined :0 /client/auth');
  });

  test('a second x11-req on the same session is refused, and so is one after the session started', async () => {
    let asked = 0;
    // Sessions that stay open until their stdin ends, so the late request finds the channel open.
    const processFactory = (async (p: SSHServerProcess<string>) => {
      await p.stdin.read();
      p.exit(0);
    }) as never;
    const pair = pairWith({
      processFactory,
      x11Forwarding: () => {
        asked++;
        return FORWARD;
      },
    });
    const chan = new RawSessionChannel();
    await pair.client.mux.openChannel(chan as unknown as SSHChannel<SessionData>, new Uint8Array(0));
    expect(await chan.request('x11-req', encodeX11Request(REQUEST))).toBe(true);
    expect(await chan.request('x11-req', encodeX11Request({ ...REQUEST, screen: 3 }))).toBe(false);
    expect(asked).toBe(1);

    const late = new RawSessionChannel();
    await pair.client.mux.openChannel(late as unknown as SSHChannel<SessionData>, new Uint8Array(0));
    expect(await late.request('exec', encodeStringRequest('true'))).toBe(true);
    expect(await late.request('x11-req', encodeX11Request(REQUEST))).toBe(false);
    expect(asked).toBe(1);
  });
});

describe('X11 forwarding: x11 channels', () => {
  test('openX11Connection reaches the client hook with the originator; bytes and EOF cross both ways', async () => {
    const seen: unknown[] = [];
    const pair = pairWith(
      { x11Forwarding: () => FORWARD },
      {
        x11Forwarding: (origHost, origPort) => async (r: SSHReader<Uint8Array>, w: SSHWriter<Uint8Array>) => {
          seen.push([origHost, origPort, r.getExtraInfo('channelType'), r.getExtraInfo('host')]);
          seen.push([r.getExtraInfo('port'), r.getExtraInfo('origHost'), r.getExtraInfo('origPort')]);
          const got = await r.read();
          seen.push(got instanceof Uint8Array);
          w.write(got.slice().reverse());
          w.writeEof();
        },
      },
    );
    await x11Seen(pair);
    const [r, w] = await pair.server.openX11Connection('127.0.0.1', 41234);
    expect(r.getExtraInfo('channelType')).toBe('x11');
    w.write(Uint8Array.of(1, 2, 3));
    w.writeEof();
    expect(await r.read()).toEqual(Uint8Array.of(3, 2, 1));
    expect(r.atEof()).toBe(true);
    expect(seen).toEqual([['127.0.0.1', 41234, 'x11', ''], [0, '127.0.0.1', 41234], true]);
  });

  test('the client refuses x11 channels without its hook (administratively prohibited)', async () => {
    const pair = pairWith({ x11Forwarding: () => FORWARD }, { x11Forwarding: undefined });
    await x11Seen(pair);
    const e = await pair.server.openX11Connection('127.0.0.1', 41234).catch((x: unknown) => x);
    expectCode(e, OPEN_ADMINISTRATIVELY_PROHIBITED);
  });

  test('the client refuses x11 channels until a session of its own had x11-req accepted', async () => {
    let asked = 0;
    const pair = pairWith(
      { x11Forwarding: () => undefined },
      {
        x11Forwarding: () => {
          asked++;
          return reversingX();
        },
      },
    );
    expect(await x11Seen(pair, true)).toBe('undefined :0 /client/auth');
    const e = await pair.server.openX11Connection('127.0.0.1', 41234).catch((x: unknown) => x);
    expectCode(e, OPEN_ADMINISTRATIVELY_PROHIBITED);
    expect(asked).toBe(0);
  });

  test('a hook refusing (false or a ChannelOpenError) refuses the channel', async () => {
    const pair = pairWith(
      { x11Forwarding: () => FORWARD },
      {
        x11Forwarding: (_h, port) =>
          port === 1 ? false : new ChannelOpenError(OPEN_CONNECT_FAILED, 'X server unreachable'),
      },
    );
    await x11Seen(pair);
    expectCode(
      await pair.server.openX11Connection('127.0.0.1', 1).catch((x: unknown) => x),
      OPEN_CONNECT_FAILED,
    );
    const e = await pair.server.openX11Connection('127.0.0.1', 2).catch((x: unknown) => x);
    expectCode(e, OPEN_CONNECT_FAILED);
    expect((e as Error).message).toContain('X server unreachable');
  });
});
