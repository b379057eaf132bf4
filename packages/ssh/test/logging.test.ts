// The logger option: what each layer of a connection reports, on both sides,
// and what it must never report.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  checkPassword,
  connect,
  formatLogEntry,
  generatePrivateKey,
  type SessionData,
  type SSHAcceptor,
  type SSHLogEntry,
  type SSHLogger,
  SSHServer,
  type SSHServerProcess,
} from '../src/index.js';
import { listenOpen } from './support/loopback.js';
import { connectToSshd } from './support/sshd-client.js';

const tools = requireTools('sshd', 'ssh-keygen');
const itInterop = tools ? it : it.skip;

const SECRET_PASSWORD = 'pw-hunter2-never-logged';
const SECRET_COMMAND = 'echo cmd-never-logged';
const SECRET_ENV = 'env-never-logged';

class PasswordServer extends SSHServer {
  override passwordAuthSupported() {
    return true;
  }
  override validatePassword(_user: string, password: string) {
    return checkPassword(SECRET_PASSWORD, password);
  }
}

const hostKey = generatePrivateKey('ssh-ed25519');
const events = (log: SSHLogEntry[], layer: SSHLogEntry['layer']) =>
  log.filter((e) => e.layer === layer).map((e) => e.event);

describe('logger', () => {
  let acceptor: SSHAcceptor;
  const serverLog: SSHLogEntry[] = [];

  beforeAll(async () => {
    acceptor = await listenOpen(hostKey, {
      serverFactory: () => new PasswordServer(),
      logger: (e) => serverLog.push(e),
      processFactory: ((proc: SSHServerProcess<string>) => {
        proc.stdout.write('ran\n');
        proc.exit(0);
      }) as (p: SSHServerProcess<SessionData>) => unknown,
    });
  });
  afterAll(async () => {
    acceptor.close();
    await acceptor.waitClosed();
  });

  /** Logs in as alice with the password, trusting `trusted` as the host key. */
  const login = (logger: SSHLogger, trusted = hostKey.convertToPublic()) =>
    connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'alice',
      password: SECRET_PASSWORD,
      clientKeys: [],
      config: null,
      knownHosts: [[trusted], [], []],
      logger,
    });

  it('reports each layer on both sides, and no secrets', async () => {
    const clientLog: SSHLogEntry[] = [];
    serverLog.length = 0;
    const conn = await login((e) => clientLog.push(e));
    // A peer's text cannot put terminal escapes into details.
    for (const server of acceptor.connections) server.sendDebug('\x1b[31mred');
    const r = await conn.run(SECRET_COMMAND, { env: { LOGGED: SECRET_ENV } });
    expect(r.stdout).toBe('ran\n');
    conn.close();
    await conn.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const debug = clientLog.find((e) => e.event === 'debug');
    expect(debug?.detail).toContain('\\x1b[31mred');
    expect(debug?.detail).not.toContain('\x1b');
    const ssh = events(clientLog, 'ssh');
    expect(ssh).toEqual(['connect', 'host-key', 'authenticated']);
    expect(clientLog.find((e) => e.event === 'host-key')?.detail).toMatch(/ssh-ed25519 SHA256:.*trusted/);
    expect(events(clientLog, 'transport')).toEqual(
      expect.arrayContaining(['version', 'kex-start', 'kex-done']),
    );
    expect(events(clientLog, 'auth')).toEqual(expect.arrayContaining(['request', 'success']));
    expect(events(clientLog, 'connection')).toEqual(
      expect.arrayContaining(['channel-open', 'channel-opened', 'channel-request', 'channel-close']),
    );
    expect(events(serverLog, 'ssh')).toEqual(['accept', 'authenticated']);
    expect(serverLog.find((e) => e.event === 'authenticated')?.detail).toMatch(
      /alice authenticated with password/,
    );
    expect(events(serverLog, 'connection')).toEqual(
      expect.arrayContaining(['channel-open', 'channel-close']),
    );

    // One connection per side, numbered apart.
    expect(new Set(clientLog.map((e) => e.connection)).size).toBe(1);
    expect(clientLog[0]?.connection).toMatch(/^C\d+$/);
    expect(serverLog[0]?.connection).toMatch(/^S\d+$/);
    expect(formatLogEntry(clientLog[0] as SSHLogEntry)).toMatch(
      /^C\d+ ssh connect: connected to 127\.0\.0\.1 port \d+$/,
    );

    const everything = JSON.stringify([...clientLog, ...serverLog]);
    for (const secret of [SECRET_PASSWORD, 'cmd-never-logged', SECRET_ENV])
      expect(everything).not.toContain(secret);
  });

  it('logs a refused host key, and a throwing logger breaks nothing', async () => {
    const log: SSHLogEntry[] = [];
    await expect(
      login((e) => log.push(e), generatePrivateKey('ssh-ed25519').convertToPublic()),
    ).rejects.toThrow();
    expect(log.find((e) => e.event === 'host-key')?.detail).toMatch(/refused/);

    const conn = await login(() => {
      throw new Error('logger failed');
    });
    expect((await conn.run('x')).stdout).toBe('ran\n');
    conn.close();
  });

  describe('against OpenSSH sshd', () => {
    let sshd: SshdInstance | undefined;
    beforeAll(async () => {
      if (tools) sshd = await startSshd();
    });
    afterAll(async () => {
      await sshd?.stop();
    });

    itInterop('shows the server version, the algorithms and publickey success', async () => {
      const log: SSHLogEntry[] = [];
      const conn = await connectToSshd(sshd as SshdInstance, { logger: (e) => log.push(e) });
      conn.close();
      expect(log.some((e) => e.event === 'version' && /OpenSSH/.test(e.detail))).toBe(true);
      const kex = log.find((e) => e.event === 'kex-done');
      expect(kex?.data).toMatchObject({
        algorithms: { kex: expect.any(String), hostKey: expect.any(String) },
      });
      expect(log.find((e) => e.layer === 'auth' && e.event === 'success')?.data).toMatchObject({
        method: 'publickey',
      });
    });
  });
});
