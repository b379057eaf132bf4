// A server under bad input: each hostile connection gets a typed disconnect or
// a closed socket, and the server keeps serving everyone else.
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  checkPassword,
  connect,
  generatePrivateKey,
  listen,
  type SSHAcceptor,
  SSHServer,
} from '../src/index.js';

const hostKey = generatePrivateKey('ssh-ed25519');

class PasswordServer extends SSHServer {
  override passwordAuthSupported() {
    return true;
  }
  override validatePassword(user: string, password: string) {
    return checkPassword(user === 'u' ? 'p' : undefined, password);
  }
}

/** Sends `bytes` on a raw TCP connection and resolves with what came back when the server closes it. */
function rawExchange(
  port: number,
  bytes: Uint8Array | string,
  waitMs = 5000,
): Promise<{ closed: boolean; data: string }> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, data });
    }, waitMs);
    socket.on('data', (d) => {
      data += d.toString('latin1');
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, data });
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

describe('hostile clients', () => {
  let acceptor: SSHAcceptor;
  let port: number;
  const login = () =>
    connect('127.0.0.1', {
      port,
      username: 'u',
      password: 'p',
      clientKeys: [],
      knownHosts: [[hostKey.convertToPublic()], [], []],
    });

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new PasswordServer(),
      loginTimeout: 2000,
    });
    port = acceptor.getPort();
  });
  afterAll(() => acceptor.close());

  it('closes on a non-SSH client', async () => {
    const r = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(r.closed).toBe(true);
    expect(r.data.startsWith('SSH-2.0-')).toBe(true);
  });

  it('disconnects a client that sends garbage packets after its version', async () => {
    const garbage = new Uint8Array(200).map((_, i) => (i * 97 + 13) & 0xff);
    const r = await rawExchange(port, Buffer.concat([Buffer.from('SSH-2.0-evil\r\n'), garbage]));
    expect(r.closed).toBe(true);
  });

  it('drops a client that never finishes authenticating after the login timeout', async () => {
    const r = await rawExchange(port, 'SSH-2.0-slow\r\n', 10_000);
    expect(r.closed).toBe(true);
  });

  it('keeps serving real clients while hostile ones come and go', async () => {
    const hostile = Array.from({ length: 5 }, (_, i) =>
      rawExchange(port, i % 2 ? 'SSH-2.0-x\r\n\x00\x00\x00\x10garbage' : 'not ssh at all\r\n'),
    );
    const conns = await Promise.all([login(), login(), login()]);
    for (const c of conns) {
      expect(c.getExtraInfo('username')).toBe('u');
      c.close();
    }
    await Promise.all(hostile);
  });
});
