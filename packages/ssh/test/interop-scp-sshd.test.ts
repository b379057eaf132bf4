// scp() against OpenSSH's sshd: the remote side is OpenSSH's own scp
// (`scp -t` / `scp -f`, run by sshd through the user's shell).
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import { SFTPError, type SSHClientConnection, scp } from '../src/index.js';
import { connectToSshd } from './support/sshd-client.js';

const tools = requireTools('sshd', 'ssh-keygen', 'scp');
const describeInterop = tools ? describe : describe.skip;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const OLD_TIME = new Date('2001-02-03T04:05:06Z');

/** A small tree: two files and a subdirectory with one, with set modes and an old mtime. */
function makeTree(root: string): void {
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'a.txt'), 'alpha\n', { mode: 0o640 });
  writeFileSync(join(root, 'b.bin'), randomBytes(100_000), { mode: 0o600 });
  writeFileSync(join(root, 'sub', 'c.txt'), 'gamma\n', { mode: 0o644 });
  for (const p of ['a.txt', 'b.bin', 'sub/c.txt', 'sub']) utimesSync(join(root, p), OLD_TIME, OLD_TIME);
}

function expectSameTree(a: string, b: string, preserved: boolean): void {
  for (const p of ['a.txt', 'b.bin', 'sub/c.txt']) {
    expect(sha256(readFileSync(join(b, p)))).toBe(sha256(readFileSync(join(a, p))));
    if (preserved) {
      expect(statSync(join(b, p)).mode & 0o777).toBe(statSync(join(a, p)).mode & 0o777);
      expect(statSync(join(b, p)).mtimeMs).toBe(OLD_TIME.getTime());
    }
  }
  if (preserved) expect(statSync(join(b, 'sub')).mtimeMs).toBe(OLD_TIME.getTime());
}

describeInterop('scp() against OpenSSH sshd (remote OpenSSH scp)', () => {
  let server: SshdInstance;
  let conn: SSHClientConnection;
  let local: string;
  let n = 0;
  // Each test works in fresh directories on both sides.
  const fresh = (side: 'local' | 'remote') => {
    const dir = join(side === 'local' ? local : server.dir, `t${++n}`);
    mkdirSync(dir);
    return dir;
  };

  beforeAll(async () => {
    server = await startSshd();
    conn = await connectToSshd(server);
    local = mkdtempSync(join(tmpdir(), 'sshkit-scp-'));
  });
  afterAll(async () => {
    conn?.close();
    await server?.stop();
    if (local) rmSync(local, { recursive: true, force: true });
  });

  it('uploads a file and downloads it back, byte for byte (4 MiB)', async () => {
    const here = fresh('local');
    const there = fresh('remote');
    const data = randomBytes(4 * 1024 * 1024);
    writeFileSync(join(here, 'big.bin'), data);
    await scp(join(here, 'big.bin'), { conn, path: join(there, 'copy.bin') });
    expect(sha256(readFileSync(join(there, 'copy.bin')))).toBe(sha256(data));
    await scp({ conn, path: join(there, 'copy.bin') }, join(here, 'back.bin'));
    expect(sha256(readFileSync(join(here, 'back.bin')))).toBe(sha256(data));
  });

  it('copies a tree up and down with recurse, keeping modes and times with preserve', async () => {
    const src = fresh('local');
    makeTree(join(src, 'tree'));
    const there = fresh('remote');
    await scp(join(src, 'tree'), { conn, path: there }, { recurse: true, preserve: true });
    expectSameTree(join(src, 'tree'), join(there, 'tree'), true);
    const back = fresh('local');
    await scp({ conn, path: join(there, 'tree') }, back, { recurse: true, preserve: true });
    expectSameTree(join(src, 'tree'), join(back, 'tree'), true);
  });

  it('puts several sources into a directory, and the remote shell expands wildcards', async () => {
    const here = fresh('local');
    makeTree(here);
    const there = fresh('remote');
    await scp([join(here, 'a.txt'), join(here, 'b.bin')], { conn, path: there });
    expect(readdirSync(there).sort()).toEqual(['a.txt', 'b.bin']);
    writeFileSync(join(there, 'c.txt'), 'third\n');
    const back = fresh('local');
    await scp({ conn, path: join(there, '*.txt') }, back);
    expect(readdirSync(back).sort()).toEqual(['a.txt', 'c.txt']);
  });

  it('handles names with spaces and shell characters on the remote side', async () => {
    const here = fresh('local');
    const there = fresh('remote');
    const name = "it's a $HOME & (test).txt";
    writeFileSync(join(here, 'plain.txt'), 'odd name\n');
    await scp(join(here, 'plain.txt'), { conn, path: join(there, name) });
    expect(readFileSync(join(there, name), 'utf8')).toBe('odd name\n');
    await scp({ conn, path: join(there, name) }, join(here, 'again.txt'));
    expect(readFileSync(join(here, 'again.txt'), 'utf8')).toBe('odd name\n');
  });

  it('copies remote to remote through this process', async () => {
    const there = fresh('remote');
    makeTree(join(there, 'from'));
    mkdirSync(join(there, 'to'));
    const other = await connectToSshd(server);
    try {
      await scp(
        { conn, path: join(there, 'from') },
        { conn: other, path: join(there, 'to') },
        { recurse: true },
      );
    } finally {
      other.close();
    }
    expectSameTree(join(there, 'from'), join(there, 'to', 'from'), false);
  });

  it('connects to a host given as user@host:path and closes that connection afterwards', async () => {
    const here = fresh('local');
    const there = fresh('remote');
    writeFileSync(join(there, 'named.txt'), 'by name\n');
    await scp(`${server.user}@127.0.0.1:${join(there, 'named.txt')}`, here, {
      port: server.port,
      clientKeys: [server.clientKeyPath],
      knownHosts: server.knownHostsPath,
    });
    expect(readFileSync(join(here, 'named.txt'), 'utf8')).toBe('by name\n');
  });

  it('reports a missing source with the remote scp message, or to the error handler', async () => {
    const here = fresh('local');
    const there = fresh('remote');
    const missing = join(there, 'missing.txt');
    const err = await scp({ conn, path: missing }, here).catch((e: unknown) => e);
    expect(SFTPError.isInstance(err)).toBe(true);
    expect((err as SFTPError).reason).toMatch(/No such file/);
    const seen: string[] = [];
    await scp({ conn, path: missing }, here, {
      errorHandler: (e) => {
        seen.push(e.message);
      },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/No such file/);
    expect(readdirSync(here)).toEqual([]);
  });

  it('refuses a directory without recurse and reports progress for files', async () => {
    const here = fresh('local');
    makeTree(here);
    const there = fresh('remote');
    mkdirSync(join(there, 'dir'));
    await expect(scp({ conn, path: join(there, 'dir') }, here)).rejects.toThrow(/not a regular file/);
    const progress: number[] = [];
    await scp(
      join(here, 'b.bin'),
      { conn, path: there },
      { progressHandler: (_s, _d, done) => progress.push(done) },
    );
    expect(progress.at(-1)).toBe(100_000);
    expect(progress.length).toBeGreaterThan(1);
  });
});
