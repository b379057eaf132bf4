import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  checkPassword,
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  listen,
  type SSHAcceptor,
  SSHClient,
  type SSHKey,
  SSHServer,
} from '../src/index.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const userKey = generatePrivateKey('ecdsa-sha2-nistp256');
const otherKey = generatePrivateKey('ssh-ed25519');

class TestServer extends SSHServer {
  override passwordAuthSupported() {
    return true;
  }
  override validatePassword(username: string, password: string) {
    return checkPassword(username === 'alice' ? 'wonderland' : undefined, password);
  }
}

describe('connect() against listen() on 127.0.0.1', () => {
  let acceptor: SSHAcceptor;
  let port: number;
  const trusted = { knownHosts: [[hostKey.convertToPublic()], [], []] as [SSHKey[], SSHKey[], SSHKey[]] };

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      authorizedClientKeys: importAuthorizedKeys(userKey.exportPublicKey('openssh') as string),
      serverFactory: () => new TestServer(),
    });
    port = acceptor.getPort();
  });
  afterAll(async () => {
    acceptor.close();
    await acceptor.waitClosed();
  });

  it('rejects an out-of-range window or maxPktsize at listen(), not on each channel', async () => {
    for (const bad of [{ maxPktsize: 256 * 1024 }, { maxPktsize: 0 }, { window: 0 }]) {
      await expect(
        listen({ host: '127.0.0.1', port: 0, serverHostKeys: [hostKey], ...bad }),
      ).rejects.toBeInstanceOf(RangeError);
    }
  });

  it('authenticates with a password', async () => {
    const conn = await connect('127.0.0.1', {
      port,
      username: 'alice',
      password: 'wonderland',
      clientKeys: [],
      ...trusted,
    });
    expect(conn.getExtraInfo('username')).toBe('alice');
    expect(conn.getExtraInfo('serverVersion')).toMatch(/^SSH-2\.0-sshkit/);
    conn.close();
    expect(await conn.waitClosed()).toBeUndefined();
  });

  it('authenticates with a key from authorized_keys', async () => {
    const conn = await connect('127.0.0.1', { port, username: 'bob', clientKeys: [userKey], ...trusted });
    expect(conn.getExtraInfo('kexAlg')).toBe('mlkem768x25519-sha256');
    await conn[Symbol.asyncDispose]();
  });

  it('fails with PermissionDenied for a wrong password and an unknown key', async () => {
    await expect(
      connect('127.0.0.1', { port, username: 'alice', password: 'nope', clientKeys: [otherKey], ...trusted }),
    ).rejects.toMatchObject({ name: 'PermissionDenied', code: 14 });
  });

  it('fails with HostKeyNotVerifiable for an unknown host key, unless the handler accepts it', async () => {
    await expect(
      connect('127.0.0.1', { port, username: 'alice', password: 'wonderland', knownHosts: [[], [], []] }),
    ).rejects.toMatchObject({ name: 'HostKeyNotVerifiable', code: 9 });
    const seen: string[] = [];
    const conn = await connect('127.0.0.1', {
      port,
      username: 'alice',
      password: 'wonderland',
      clientKeys: [],
      knownHosts: [[], [], []],
      clientFactory: () =>
        new (class extends SSHClient {
          override validateHostPublicKey(_h: string, _a: string, _p: number, key: SSHKey) {
            seen.push(key.getFingerprint());
            return true;
          }
        })(),
    });
    expect(seen).toEqual([hostKey.getFingerprint()]);
    conn.close();
  });

  it('refuses a revoked host key even when it is also trusted', async () => {
    const pub = hostKey.convertToPublic();
    await expect(
      connect('127.0.0.1', {
        port,
        username: 'alice',
        password: 'wonderland',
        knownHosts: [[pub], [], [pub]],
      }),
    ).rejects.toMatchObject({ name: 'HostKeyNotVerifiable' });
  });

  it('re-keys an authenticated connection', async () => {
    const conn = await connect('127.0.0.1', {
      port,
      username: 'alice',
      password: 'wonderland',
      clientKeys: [],
      ...trusted,
    });
    conn.rekey();
    for (let i = 0; i < 50 && conn.getExtraInfo('kexCount') !== 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(conn.getExtraInfo('kexCount')).toBe(2);
    conn.close();
  });
});

describe('listen() with an AbortSignal', () => {
  it('stops accepting when the signal aborts; connections already made carry on', async () => {
    const controller = new AbortController();
    const acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new TestServer(),
      signal: controller.signal,
    });
    const port = acceptor.getPort();
    const options = {
      port,
      username: 'alice',
      password: 'wonderland',
      clientKeys: [],
      knownHosts: [[hostKey.convertToPublic()], [], []] as [SSHKey[], SSHKey[], SSHKey[]],
    };
    const first = await connect('127.0.0.1', options);
    controller.abort();
    await expect(connect('127.0.0.1', options)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await first.sendKeepalive();
    first.close();
    // The listener reports closed once its last connection has ended, as net.Server does.
    await acceptor.waitClosed();
    await expect(
      listen({ host: '127.0.0.1', port: 0, serverHostKeys: [hostKey], signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
