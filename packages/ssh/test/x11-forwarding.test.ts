// X11 forwarding with our client against our server: the server's display
// and Xauthority reach an X client the session runs (the real `xauth` reads
// the cookie), the client swaps in the real cookie of a stand-in X server,
// and wrong cookies, second connections and refusals are turned away.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OPEN_REQUEST_X11_FORWARDING_FAILED } from '@sshkit/ssh-codes';
import { requireTools } from '@sshkit/testkit';
import { ChannelOpenError, connect } from '../src/index.js';
import { type Loopback, loopback } from './support/loopback.js';
import { AUTHORIZED, type FakeXServer, startFakeXServer, xauthorityFor } from './support/x11-server.js';
import { x11Session as session } from './support/x11-session.js';

const tools = requireTools('xauth');
const describeX11 = tools ? describe : describe.skip;
const run = promisify(execFile);

/** A raw X connection setup with `cookie`, then `payload`; resolves with everything until close. */
function rawXClient(display: string, cookie: Buffer, payload: string): Promise<string> {
  const [, n] = /:(\d+)/.exec(display) ?? [];
  const name = Buffer.from('MIT-MAGIC-COOKIE-1');
  const head = Buffer.from([0x42, 0, 0, 11, 0, 0, 0, name.length, 0, cookie.length, 0, 0]);
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: '127.0.0.1', port: 6000 + Number(n) });
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (got.endsWith(payload)) s.destroy();
    });
    s.on('close', () => resolve(got));
    s.on('error', reject);
    s.write(Buffer.concat([head, pad(name), pad(cookie), Buffer.from(payload)]));
  });
}

describeX11('X11 forwarding, our client against our server', () => {
  let x: FakeXServer;
  let xauthority: { path: string; remove(): void };
  let net: Loopback;

  beforeAll(async () => {
    x = await startFakeXServer();
    xauthority = await xauthorityFor(x, (args) => run(tools!.xauth, args));
    net = await loopback({ x11Forwarding: true, processFactory: session as never });
  });
  afterAll(async () => {
    await net?.close();
    await x?.close();
    xauthority?.remove();
  });

  const x11 = () => ({ x11Forwarding: true, x11Display: x.display, x11AuthPath: xauthority.path }) as const;

  /** A `hold` session: its display, the cookie its Xauthority holds (read by `xauth`), and how to end it. */
  async function hold(options: { x11SingleConnection?: boolean } = {}) {
    const [stdin, , stderr] = await net.conn.openSession('hold', { ...x11(), ...options });
    const display = (await stderr.readline()).trim();
    const authPath = (await stderr.readline()).trim();
    const { stdout } = await run(tools!.xauth, ['-f', authPath, 'list']);
    const cookie = Buffer.from(stdout.trim().split(/\s+/)[2] ?? '', 'hex');
    return { display, authPath, cookie, stdin };
  }

  it('carries an X client on the server to the local X server with the real cookie', async () => {
    const before = x.received.length;
    const r = await net.conn.run('hello-x11', x11());
    expect(r.stdout).toBe(`${AUTHORIZED}hello-x11`);
    expect(r.stderr).toMatch(/^localhost:\d+\.0\n$/);
    expect(x.received.slice(before)).toEqual([x.cookie]);
  });

  it('takes its defaults from connect(), and the screen from the display', async () => {
    await using conn = await connect('127.0.0.1', {
      port: net.acceptor.getPort(),
      username: 'u',
      clientKeys: [],
      knownHosts: null,
      ...x11(),
      x11Display: `${x.display}.1`,
    });
    const r = await conn.run('defaults');
    expect(r.stdout).toBe(`${AUTHORIZED}defaults`);
    expect(r.stderr).toMatch(/^localhost:\d+\.1\n$/);
  });

  it('gives the server a fake cookie, not the real one', async () => {
    const held = await hold();
    expect(held.cookie.length).toBe(x.cookie.length);
    expect(held.cookie.equals(x.cookie)).toBe(false);
    held.stdin.close();
  });

  it('answers a wrong cookie with an X11 "Failed" reply, never reaching the X server', async () => {
    const before = x.received.length;
    const held = await hold();
    const reply = await rawXClient(held.display, Buffer.alloc(16, 7), 'nope');
    expect(reply.charCodeAt(0)).toBe(0); // Failed
    expect(reply).toContain('Invalid MIT-MAGIC-COOKIE-1 key');
    expect(x.received.length).toBe(before);
    held.stdin.close();
  });

  it('with x11SingleConnection turns a second X connection away', async () => {
    const held = await hold({ x11SingleConnection: true });
    expect(await rawXClient(held.display, held.cookie, 'first')).toBe(`${AUTHORIZED}first`);
    const second = await rawXClient(held.display, held.cookie, 'second').catch((e: Error) => e.message);
    expect(second).not.toContain(AUTHORIZED);
    held.stdin.close();
  });

  it('carries 1 MiB each way through one X connection', async () => {
    const held = await hold();
    const payload = `${'x11 bulk '.repeat(116509)}end`;
    expect(await rawXClient(held.display, held.cookie, payload)).toBe(`${AUTHORIZED}${payload}`);
    held.stdin.close();
  });

  it('removes the Xauthority file and stops listening when the session ends', async () => {
    const held = await hold();
    expect(existsSync(held.authPath)).toBe(true);
    held.stdin.close();
    await held.stdin.channel.waitClosed();
    for (let i = 0; i < 50 && existsSync(held.authPath); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(held.authPath)).toBe(false);
    await expect(rawXClient(held.display, held.cookie, 'late')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('fails the session when the server does not forward X11, unless told to ignore that', async () => {
    const plain = await loopback({ processFactory: session as never });
    try {
      const err = await plain.conn.run('refused', x11()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelOpenError);
      expect((err as ChannelOpenError).code).toBe(OPEN_REQUEST_X11_FORWARDING_FAILED);
      const r = await plain.conn.run('ignored', { ...x11(), x11Forwarding: 'ignoreFailure' });
      expect(r.exitStatus).toBe(1);
      expect(r.stderr).toBe('no display\n');
    } finally {
      await plain.close();
    }
  });

  it('fails a session asking for X11 without a display, and refuses a display that is not one', async () => {
    const err = await net.conn
      .run('no display', { x11Forwarding: true, x11Display: '' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelOpenError);
    await expect(net.conn.run('bad', { x11Forwarding: true, x11Display: 'not a display' })).rejects.toThrow(
      TypeError,
    );
  });
});

describeX11('X11 forwarding into a shared Xauthority file (x11AuthPath)', () => {
  let x: FakeXServer;
  let xauthority: { path: string; remove(): void };
  let net: Loopback;
  let dir: string;
  let shared: string;

  beforeAll(async () => {
    x = await startFakeXServer();
    xauthority = await xauthorityFor(x, (args) => run(tools!.xauth, args));
    dir = mkdtempSync(join(tmpdir(), 'sshkit-x11-shared-'));
    shared = join(dir, 'Xauthority');
    // An entry of the user's own, for a display of theirs: it must survive.
    await run(tools!.xauth, ['-f', shared, 'add', 'unix:77', 'MIT-MAGIC-COOKIE-1', '0123456789abcdef']);
    net = await loopback({ x11Forwarding: true, x11AuthPath: shared, processFactory: session as never });
  });
  afterAll(async () => {
    await net?.close();
    await x?.close();
    xauthority?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  const displaysIn = async (path: string) =>
    (await run(tools!.xauth, ['-f', path, 'list'])).stdout
      .trim()
      .split('\n')
      .map((line) => /:(\d+)/.exec(line)?.[1])
      .sort();

  it("adds each session's cookie beside the user's entries, and takes it out when the session ends", async () => {
    const open = async () => {
      const [stdin, , stderr] = await net.conn.openSession('hold', {
        x11Forwarding: true,
        x11Display: x.display,
        x11AuthPath: xauthority.path,
      });
      const display = (await stderr.readline()).trim();
      const authPath = (await stderr.readline()).trim();
      return { stdin, display, authPath, number: /:(\d+)/.exec(display)?.[1] };
    };
    const [first, second] = [await open(), await open()];
    expect([first.authPath, second.authPath]).toEqual([shared, shared]);
    expect(await displaysIn(shared)).toEqual(['77', first.number, second.number].sort());
    // The cookie in the shared file is the one the session's display takes.
    const listed = (await run(tools!.xauth, ['-f', shared, 'list', `unix:${first.number}`])).stdout;
    const cookie = Buffer.from(listed.trim().split(/\s+/)[2] ?? '', 'hex');
    expect(await rawXClient(first.display, cookie, 'through-shared')).toBe(`${AUTHORIZED}through-shared`);
    first.stdin.close();
    await first.stdin.channel.waitClosed();
    for (let i = 0; i < 50 && (await displaysIn(shared)).includes(first.number); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await displaysIn(shared)).toEqual(['77', second.number].sort());
    second.stdin.close();
    await second.stdin.channel.waitClosed();
    for (let i = 0; i < 50 && (await displaysIn(shared)).length > 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await displaysIn(shared)).toEqual(['77']);
  });
});
