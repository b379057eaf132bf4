// A stand-in X server for the X11 forwarding tests: it listens where display
// 127.0.0.1:N would, reads each client's connection setup (independently of
// the code under test) and records the authorization it got. The expected
// cookie gets a line saying so and an echo of the rest; another gets a line
// saying that and the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeXServer {
  /** `127.0.0.1:N` */
  readonly display: string;
  readonly displayNumber: number;
  /** The cookie the server accepts. */
  readonly cookie: Buffer;
  /** The authorization data of every connection so far. */
  readonly received: Buffer[];
  close(): Promise<void>;
}

export const AUTHORIZED = 'fake X server: authorized\n';
export const REFUSED = 'fake X server: wrong cookie\n';

function padded(n: number): number {
  return n + ((4 - (n % 4)) % 4);
}

function answer(server: Server, cookie: Buffer, received: Buffer[]): void {
  server.on('connection', (s) => {
    s.on('error', () => s.destroy());
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 12) return;
      const le = buf[0] === 0x6c;
      const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
      const end = 12 + padded(u16(6)) + padded(u16(8));
      if (buf.length < end) return;
      const data = buf.subarray(12 + padded(u16(6)), 12 + padded(u16(6)) + u16(8));
      received.push(Buffer.from(data));
      s.off('data', onData);
      if (!data.equals(cookie)) {
        s.end(REFUSED);
        return;
      }
      s.write(AUTHORIZED);
      s.write(buf.subarray(end));
      s.on('data', (more: Buffer) => s.write(more));
    };
    s.on('data', onData);
    s.on('end', () => s.end());
  });
}

/** Starts the fake X server on the first free display from 40 up. */
export async function startFakeXServer(): Promise<FakeXServer> {
  const cookie = randomBytes(16);
  const received: Buffer[] = [];
  for (let n = 40; n < 100; n++) {
    const server = createServer({ allowHalfOpen: true });
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(6000 + n, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    answer(server, cookie, received);
    return {
      display: `127.0.0.1:${n}`,
      displayNumber: n,
      cookie,
      received,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  }
  throw new Error('no free X display port in 6040-6099');
}

/** A temp Xauthority holding `server`'s cookie, written by the real `xauth`. */
export async function xauthorityFor(
  server: FakeXServer,
  xauth: (args: string[]) => Promise<unknown>,
): Promise<{ path: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-xauth-'));
  const path = join(dir, 'Xauthority');
  writeFileSync(path, '');
  await xauth(['-f', path, 'add', server.display, 'MIT-MAGIC-COOKIE-1', server.cookie.toString('hex')]);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
