import { describe, expect, test } from '@jest/globals';
import { AuthPermissions } from '@sshkit/ssh-auth';
import { OPEN_ADMINISTRATIVELY_PROHIBITED, OPEN_REQUEST_PTY_FAILED } from '@sshkit/ssh-codes';
import { permitMatches, type SSHServerProcess, SSHTCPSession, SSHUNIXSession } from '../src/index.js';
import { connectPair } from './support/harness.js';
import { type KeyOptions, keyOptions } from './support/key-options.js';

function serverWith(permissions: AuthPermissions) {
  const seen: {
    command?: string | undefined;
    env?: Readonly<Record<string, string>>;
    term?: string | undefined;
  } = {};
  const pair = connectPair(
    {
      connectionRequested: () => new SSHTCPSession(),
      serverRequested: (_h, p) => ({ getPort: () => p, close() {} }),
      unixConnectionRequested: () => new SSHUNIXSession(),
      unixServerRequested: () => ({ getPort: () => 0, close() {} }),
    },
    {
      permissions,
      processFactory: ((p: SSHServerProcess<string>) => {
        seen.command = p.command;
        seen.env = p.env;
        seen.term = p.getTerminalType();
        p.exit(0);
      }) as never,
    },
  );
  return { pair, seen };
}

type Outcome = 'allowed' | 'refused';

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  return p.then(
    () => 'allowed',
    () => 'refused',
  );
}

describe('AuthPermissions enforcement', () => {
  const cases: Array<[string, KeyOptions | undefined, Record<string, Outcome>]> = [
    [
      'unrestricted',
      undefined,
      { pty: 'allowed', direct: 'allowed', forward: 'allowed', unix: 'allowed', unixForward: 'allowed' },
    ],
    [
      'no-pty',
      keyOptions({ permissions: { pty: false } }),
      { pty: 'refused', direct: 'allowed', forward: 'allowed', unix: 'allowed', unixForward: 'allowed' },
    ],
    [
      'no-port-forwarding',
      keyOptions({ permissions: { portForwarding: false } }),
      { pty: 'allowed', direct: 'refused', forward: 'refused', unix: 'refused', unixForward: 'refused' },
    ],
    [
      'permitopen=other:22',
      keyOptions({ permitOpen: ['other:22'] }),
      { pty: 'allowed', direct: 'refused', forward: 'allowed', unix: 'allowed', unixForward: 'allowed' },
    ],
    [
      'permitopen=db:*',
      keyOptions({ permitOpen: ['db:*'] }),
      { pty: 'allowed', direct: 'allowed', forward: 'allowed', unix: 'allowed', unixForward: 'allowed' },
    ],
    [
      'permitlisten=9000',
      keyOptions({ permitListen: ['9000'] }),
      { pty: 'allowed', direct: 'allowed', forward: 'refused', unix: 'allowed', unixForward: 'allowed' },
    ],
    [
      'permitlisten=localhost:8080',
      keyOptions({ permitListen: ['localhost:8080'] }),
      { pty: 'allowed', direct: 'allowed', forward: 'allowed', unix: 'allowed', unixForward: 'allowed' },
    ],
  ];

  test.each(cases)('%s', async (_name, options, expected) => {
    const { pair } = serverWith(new AuthPermissions(options));
    const c = pair.client;
    const got = {
      pty: await outcome(c.run('x', { term: 'xterm' })),
      direct: await outcome(c.openConnection('db', 5432)),
      forward: await outcome(c.requestForward('localhost', 8080, () => false)),
      unix: await outcome(c.openUnixConnection('/s')),
      unixForward: await outcome(c.requestUnixForward('/l', () => false)),
    };
    expect(got).toEqual(expected);
  });

  test('refusals carry the right codes', async () => {
    const { pair } = serverWith(
      new AuthPermissions(keyOptions({ permissions: { pty: false, portForwarding: false } })),
    );
    await expect(pair.client.run('x', { term: 'xterm' })).rejects.toMatchObject({
      code: OPEN_REQUEST_PTY_FAILED,
    });
    await expect(pair.client.openConnection('h', 1)).rejects.toMatchObject({
      code: OPEN_ADMINISTRATIVELY_PROHIBITED,
    });
    await expect(pair.client.requestForward('', 1, () => false)).rejects.toMatchObject({
      name: 'ChannelListenError',
    });
  });

  test('a forced command replaces exec, shell and subsystem; SSH_ORIGINAL_COMMAND carries the request', async () => {
    const { pair, seen } = serverWith(new AuthPermissions(keyOptions({ command: 'forced' })));
    await pair.client.run('rm -rf /');
    expect(seen.command).toBe('forced');
    expect(seen.env?.SSH_ORIGINAL_COMMAND).toBe('rm -rf /');
    await pair.client.run();
    expect(seen.command).toBe('forced');
    await pair.client.run(undefined, { subsystem: 'sftp' });
    expect(seen.command).toBe('forced');
  });

  test('environment= options apply over what the client sent', async () => {
    const { pair, seen } = serverWith(
      new AuthPermissions(keyOptions({ environment: { PATH: '/safe', A: '1' } })),
    );
    await pair.client.run('x', { env: { PATH: '/evil', B: '2' } });
    expect(seen.env).toEqual({ PATH: '/safe', A: '1', B: '2' });
  });

  test('permitMatches follows OpenSSH: literal hosts, * wildcards, [v6] brackets, bare ports', () => {
    expect(permitMatches(['host:22'], 'host', 22)).toBe(true);
    expect(permitMatches(['host:22'], 'host', 23)).toBe(false);
    expect(permitMatches(['*:22'], 'any', 22)).toBe(true);
    expect(permitMatches(['[::1]:80'], '::1', 80)).toBe(true);
    expect(permitMatches(['80'], 'x', 80)).toBe(true);
    expect(permitMatches([], 'x', 80)).toBe(false);
  });
});
