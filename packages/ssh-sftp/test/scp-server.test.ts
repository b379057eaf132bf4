import { describe, expect, it } from '@jest/globals';
import type { SFTPError } from '../src/errors.js';
import { FX_FAILURE } from '../src/protocol-numbers.js';
import { formatSCPCommand } from '../src/scp/command.js';
import { runSCPServer } from '../src/scp/server.js';
import { scpReceive } from '../src/scp/sink.js';
import { scpSend } from '../src/scp/source.js';
import type { SCPReceiveOptions, SCPSendOptions } from '../src/scp/types.js';
import type { MemoryFileSystem } from '../src/server/memory-fs.js';
import { dec, enc } from './helpers.js';
import { memoryFs, type Outcome, runPair, scriptedStream, snapshot } from './scp-support.js';

/** A server fs: /home/u with a few files, and /etc outside it. */
async function serverFs(): Promise<MemoryFileSystem> {
  const fs = memoryFs();
  await fs.mkdir('/home', {});
  await fs.mkdir('/home/u', {});
  await fs.mkdir('/home/u/docs', {});
  await fs.mkdir('/etc', {});
  await fs.writeFile('/etc/passwd', enc('root:x:0:0'));
  await fs.writeFile('/home/u/a.txt', enc('a'));
  await fs.writeFile('/home/u/b.txt', enc('b'));
  await fs.writeFile('/home/u/c.bin', enc('c'));
  await fs.writeFile('/home/u/a*b', enc('star'));
  await fs.writeFile('/home/u/aXb', enc('x'));
  await fs.writeFile('/home/u/docs/d.txt', enc('d'));
  await fs.setstat('/home/u/docs/d.txt', { permissions: 0o640, atime: 100, mtime: 200 });
  return fs;
}

const HOME = { home: '/home/u' };

/** Upload: our scpSend against runSCPServer running `command`. */
function upload(
  command: string,
  server: MemoryFileSystem,
  local: MemoryFileSystem,
  paths: string[],
  o: SCPSendOptions = {},
): Promise<Outcome> {
  return runPair(
    (s) => scpSend(s, local, paths, o),
    (s) => runSCPServer(command, s, server, HOME),
  );
}

/** Download: runSCPServer running `command` against our scpReceive. */
function download(
  command: string,
  server: MemoryFileSystem,
  local: MemoryFileSystem,
  target: string,
  o: SCPReceiveOptions = {},
): Promise<Outcome> {
  return runPair(
    (s) => runSCPServer(command, s, server, HOME),
    (s) => scpReceive(s, local, target, o),
  );
}

const status = (r: PromiseSettledResult<unknown>): unknown => (r.status === 'fulfilled' ? r.value : r.reason);

describe('runSCPServer', () => {
  it('scp -t: receives a file at a home-relative path', async () => {
    const server = await serverFs();
    const local = memoryFs();
    await local.writeFile('/up.txt', enc('uploaded'));
    const o = await upload('scp -t -- docs', server, local, ['/up.txt']);
    expect(status(o.sent)).toBeUndefined();
    expect(status(o.received)).toBe(0);
    expect(dec(await server.readFile('/home/u/docs/up.txt'))).toBe('uploaded');
    // A relative name that is not a directory is the file itself; `..` stops at the root.
    await upload('scp -t renamed', server, local, ['/up.txt']);
    await upload("scp -t '../../../../up'", server, local, ['/up.txt']);
    expect(dec(await server.readFile('/home/u/renamed'))).toBe('uploaded');
    expect(dec(await server.readFile('/up'))).toBe('uploaded');
  });

  it('scp -r -p -t: receives a tree with modes and times', async () => {
    const server = await serverFs();
    const local = memoryFs();
    await local.mkdir('/tree', { permissions: 0o700 });
    await local.writeFile('/tree/f', enc('f'));
    await local.setstat('/tree/f', { permissions: 0o604, atime: 10, mtime: 20 });
    await local.setstat('/tree', { atime: 30, mtime: 40 });
    const o = await upload('scp -r -p -t ~', server, local, ['/tree'], { recurse: true, preserve: true });
    expect(status(o.received)).toBe(0);
    expect(await snapshot(server, '/home/u/tree', true)).toEqual({ '/home/u/tree/f': 'file 604 10/20 Zg==' });
    expect(await server.stat('/home/u/tree')).toMatchObject({ atime: 30, mtime: 40, permissions: 0o40700 });
  });

  it('scp -d -t: the target must be a directory', async () => {
    const server = await serverFs();
    const local = memoryFs();
    await local.writeFile('/f', enc('f'));
    const good = await upload('scp -d -t docs', server, local, ['/f']);
    expect(status(good.received)).toBe(0);
    const bad = await upload('scp -d -t a.txt', server, local, ['/f']);
    expect(status(bad.received)).toBe(1);
    expect(status(bad.sent)).toMatchObject({
      code: FX_FAILURE,
      reason: 'scp: /home/u/a.txt: not a directory',
    });
    expect(dec(await server.readFile('/home/u/a.txt'))).toBe('a');
  });

  it('scp -f with a glob, and with a quoted (literal) wildcard', async () => {
    const server = await serverFs();
    const local = memoryFs();
    const glob = await download("scp -f -- '*'.txt", server, local, '/', { expectedNames: ['*.txt'] });
    expect(status(glob.sent)).toBe(1);
    expect(status(glob.received)).toMatchObject({ code: FX_FAILURE });

    await server.writeFile('/home/u/.hidden.txt', enc('hidden'));
    const star = await download('scp -f -- *.txt', server, local, '/', { expectedNames: ['*.txt'] });
    expect(status(star.sent)).toBe(0);
    expect(Object.keys(await snapshot(local))).toEqual(['/a.txt', '/b.txt']);
    const nested = memoryFs();
    const deep = await download('scp -f /home/*/d*/*', server, nested, '/', { expectedNames: ['*'] });
    expect(status(deep.sent)).toBe(0);
    expect(Object.keys(await snapshot(nested))).toEqual(['/d.txt']);

    const command = formatSCPCommand({
      mode: 'source',
      paths: ['a\\*b'],
      recurse: false,
      preserve: false,
      targetIsDirectory: false,
    });
    expect(command).toBe("scp -f -- 'a*b'");
    const one = memoryFs();
    const literal = await download(command, server, one, '/x', { expectedNames: ['a\\*b'] });
    expect(status(literal.sent)).toBe(0);
    expect(dec(await one.readFile('/x'))).toBe('star');
    const quoted = memoryFs();
    expect(
      status((await download("scp -f 'a*b'", server, quoted, '/', { expectedNames: ['a\\*b'] })).sent),
    ).toBe(0);
    expect(Object.keys(await snapshot(quoted))).toEqual(['/a*b']);
    const unquoted = memoryFs();
    expect(
      status((await download('scp -f a*b', server, unquoted, '/', { expectedNames: ['a*b'] })).sent),
    ).toBe(0);
    expect(Object.keys(await snapshot(unquoted))).toEqual(['/a*b', '/aXb']);
  });

  it('scp -r -p -f: sends a directory with times and modes; ~ is the home', async () => {
    const server = await serverFs();
    const local = memoryFs();
    const o = await download('scp -r -p -f ~/docs', server, local, '/', {
      recurse: true,
      preserve: true,
      expectedNames: ['docs'],
    });
    expect(status(o.sent)).toBe(0);
    expect(await snapshot(local, '/docs', true)).toEqual({ '/docs/d.txt': 'file 640 100/200 ZA==' });
  });

  it('a missing file: status 1, the message in-band, the other files still sent', async () => {
    const server = await serverFs();
    const local = memoryFs();
    const seen: string[] = [];
    const o = await download('scp -f missing nothing* a.txt', server, local, '/', {
      errorHandler: (e) => void seen.push((e as SFTPError).reason),
    });
    expect(status(o.sent)).toBe(1);
    expect(status(o.received)).toBeUndefined();
    expect(seen).toEqual([
      'scp: /home/u/missing: no such file or directory',
      'scp: /home/u/nothing*: No such file or directory',
    ]);
    expect(dec(await local.readFile('/a.txt'))).toBe('a');
  });

  it('a failed upload entry: status 1', async () => {
    const server = await serverFs();
    const local = memoryFs();
    await local.writeFile('/f', enc('f'));
    const o = await upload('scp -t /nowhere/f', server, local, ['/f'], { errorHandler: () => undefined });
    expect(status(o.received)).toBe(1);
    expect(status(o.sent)).toBeUndefined();
  });

  it('a bad command: status 1 and a fatal line', async () => {
    for (const command of ['scp -x -t .', 'scp -f', 'rm -rf /', "scp -t 'open", 'scp -t a; reboot']) {
      const s = scriptedStream(new Uint8Array(0));
      expect(await runSCPServer(command, s, memoryFs())).toBe(1);
      expect(s.output()[0]).toBe(2);
      const text = dec(s.output());
      expect(text.startsWith('\x02scp: scp command: ') && text.endsWith('\n')).toBe(true);
    }
  });

  it('serves the root by default and never leaves it', async () => {
    const server = await serverFs();
    const local = memoryFs();
    const o = await runPair(
      (s) => runSCPServer('scp -f ../../etc/passwd', s, server),
      (s) => scpReceive(s, local, '/'),
    );
    expect(status(o.sent)).toBe(0);
    expect(dec(await local.readFile('/passwd'))).toBe('root:x:0:0');
  });

  it('a stream that ends at once is a clean, empty upload', async () => {
    expect(await runSCPServer('scp -t /', scriptedStream(new Uint8Array(0)), memoryFs())).toBe(0);
    expect(await runSCPServer('scp -f /x', scriptedStream(new Uint8Array(0)), memoryFs())).toBe(1);
  });
});
