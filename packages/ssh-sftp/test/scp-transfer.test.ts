import { describe, expect, it } from '@jest/globals';
import { SFTPError } from '../src/errors.js';
import { FX_BAD_MESSAGE, FX_FAILURE, FX_NO_SUCH_FILE } from '../src/protocol-numbers.js';
import { scpReceive } from '../src/scp/sink.js';
import { scpSend } from '../src/scp/source.js';
import type { SCPReceiveOptions, SCPSendOptions } from '../src/scp/types.js';
import type { SFTPFileHandle } from '../src/server/filesystem.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { dec, enc, pseudoRandomBytes, sameBytes } from './helpers.js';
import { memoryFs, type Outcome, runPair, snapshot } from './scp-support.js';

/** scpSend of `paths` from `src` to scpReceive into `target` of `dst`. */
function copy(
  src: MemoryFileSystem,
  paths: string[],
  dst: MemoryFileSystem,
  target: string,
  send: SCPSendOptions = {},
  receive: SCPReceiveOptions = {},
  maxChunk?: number,
): Promise<Outcome> {
  return runPair(
    (s) => scpSend(s, src, paths, send),
    (s) => scpReceive(s, dst, target, receive),
    maxChunk,
  );
}

function ok(o: Outcome): void {
  expect(o.sent).toEqual({ status: 'fulfilled', value: undefined });
  expect(o.received).toEqual({ status: 'fulfilled', value: undefined });
}

function reason(r: PromiseSettledResult<unknown>): unknown {
  return r.status === 'rejected' ? r.reason : undefined;
}

/** A tree: files of several sizes, an empty one, nested and empty directories, chosen modes and times. */
async function makeTree(fs: MemoryFileSystem, root: string): Promise<void> {
  await fs.mkdir(root, { permissions: 0o750 });
  await fs.mkdir(`${root}/sub`, { permissions: 0o705 });
  await fs.mkdir(`${root}/sub/deeper`, {});
  await fs.mkdir(`${root}/empty`, { permissions: 0o500 });
  await fs.writeFile(`${root}/a.txt`, enc('alpha'));
  await fs.writeFile(`${root}/zero`, new Uint8Array(0));
  await fs.writeFile(`${root}/sub/big.bin`, pseudoRandomBytes(150_000, 7));
  await fs.writeFile(`${root}/sub/deeper/c.txt`, enc('gamma'));
  await fs.setstat(`${root}/a.txt`, { permissions: 0o600, atime: 1000, mtime: 2000 });
  await fs.setstat(`${root}/sub/big.bin`, { permissions: 0o4755, atime: 3000, mtime: 4000 });
  await fs.setstat(`${root}/sub/deeper`, { atime: 5000, mtime: 6000 });
  await fs.setstat(`${root}/empty`, { atime: 7000, mtime: 8000 });
  await fs.setstat(`${root}/sub`, { atime: 9000, mtime: 10_000 });
  await fs.setstat(root, { atime: 11_000, mtime: 12_000 });
}

/** The snapshot with paths relative to `root`. */
async function relSnapshot(
  fs: MemoryFileSystem,
  root: string,
  times = false,
): Promise<Record<string, string>> {
  const s = await snapshot(fs, root, times);
  return Object.fromEntries(Object.entries(s).map(([p, v]) => [p.slice(root.length), v]));
}

describe('scpSend -> scpReceive', () => {
  it('copies one file onto a new name and into a directory', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/f.txt', enc('hello'));
    await dst.mkdir('/in', {});
    ok(await copy(src, ['/f.txt'], dst, '/renamed'));
    ok(await copy(src, ['/f.txt'], dst, '/in'));
    expect(dec(await dst.readFile('/renamed'))).toBe('hello');
    expect(dec(await dst.readFile('/in/f.txt'))).toBe('hello');
  });

  it('copies an empty file with one (0, 0) progress call', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/empty', new Uint8Array(0));
    const calls: unknown[] = [];
    ok(
      await copy(
        src,
        ['/empty'],
        dst,
        '/',
        { progressHandler: (...a) => calls.push(['send', ...a]) },
        {
          progressHandler: (...a) => calls.push(['receive', ...a]),
          srcPath: '/empty',
        },
      ),
    );
    expect((await dst.readFile('/empty')).length).toBe(0);
    expect(calls.sort()).toEqual([
      ['receive', '/empty', '/empty', 0, 0],
      ['send', '/empty', 'empty', 0, 0],
    ]);
  });

  it('copies several files into a directory, with small reads on the way', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    for (const n of ['a', 'b', 'c']) await src.writeFile(`/${n}`, enc(`content of ${n}\n`));
    await dst.mkdir('/d', {});
    ok(await copy(src, ['/a', '/b', '/c'], dst, '/d', {}, { targetIsDirectory: true }, 3));
    for (const n of ['a', 'b', 'c']) expect(dec(await dst.readFile(`/d/${n}`))).toBe(`content of ${n}\n`);
  });

  it('copies files larger than the block size, with progress after each block', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    const data = pseudoRandomBytes(10_000, 2);
    await src.writeFile('/big', data);
    const sent: number[] = [];
    const received: [string, string, number, number][] = [];
    ok(
      await copy(
        src,
        ['/big'],
        dst,
        '/copy',
        { blockSize: 4096, dstPath: 'remote/copy', progressHandler: (_s, _d, n) => sent.push(n) },
        { blockSize: 3000, srcPath: 'there/big', progressHandler: (...a) => received.push(a) },
        1000,
      ),
    );
    expect(sameBytes(await dst.readFile('/copy'), data)).toBe(true);
    expect(sent).toEqual([4096, 8192, 10_000]);
    expect(received.map((r) => r[2])).toEqual([3000, 6000, 9000, 10_000]);
    expect(received[0]?.slice(0, 2)).toEqual(['there/big', '/copy']);
  });

  it('copies a tree with recurse and preserve: contents, modes and times', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await makeTree(src, '/tree');
    ok(
      await copy(
        src,
        ['/tree'],
        dst,
        '/',
        { recurse: true, preserve: true },
        { recurse: true, preserve: true },
      ),
    );
    expect(await relSnapshot(dst, '/tree', true)).toEqual(await relSnapshot(src, '/tree', true));
    expect((await dst.stat('/tree/sub/big.bin')).permissions! & 0o7777).toBe(0o4755);
    expect((await dst.stat('/tree')).mtime).toBe(12_000);
  });

  it('without preserve: new entries take the sent mode minus set-id bits, times are the sink clock', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await makeTree(src, '/tree');
    ok(await copy(src, ['/tree'], dst, '/copy', { recurse: true }, { recurse: true }));
    expect(await relSnapshot(dst, '/copy')).toEqual(
      Object.fromEntries(
        Object.entries(await relSnapshot(src, '/tree')).map(([p, v]) => [
          p,
          v.replace('file 4755', 'file 755'),
        ]),
      ),
    );
    expect((await dst.stat('/copy/a.txt')).mtime).toBe(T0s());
    // A read-only directory is written into (0700 added meanwhile) and ends with its mode.
    expect((await dst.stat('/copy/empty')).permissions! & 0o777).toBe(0o500);
  });

  it('follows symbolic links on the source side', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.mkdir('/d', {});
    await src.writeFile('/d/real', enc('real'));
    await src.symlink('real', '/d/link');
    ok(await copy(src, ['/d'], dst, '/', { recurse: true }, { recurse: true }));
    expect(dec(await dst.readFile('/d/link'))).toBe('real');
    expect((await dst.lstat('/d/link')).permissions! & 0o170000).toBe(0o100000);
  });

  it('stops at the depth limit (the too deep directory fails, the rest is copied)', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    let p = '/deep';
    for (let i = 0; i < 102; i++, p += '/d') await src.mkdir(p, {});
    await src.writeFile('/deep/f', enc('f'));
    const errors: string[] = [];
    ok(
      await copy(
        src,
        ['/deep'],
        dst,
        '/',
        { recurse: true, errorHandler: (e) => void errors.push((e as SFTPError).reason) },
        { recurse: true, errorHandler: (e) => void errors.push(`sink: ${(e as SFTPError).reason}`) },
      ),
    );
    expect(errors.sort()).toEqual([
      `sink: scp: /deep${'/d'.repeat(100)}: too many levels of directories`,
      'too many levels of directories',
    ]);
    let depth = 0;
    for (
      let q = '/deep';
      await dst.stat(q).then(
        () => true,
        () => false,
      );
      q += '/d'
    )
      depth++;
    expect(depth).toBe(100);
    expect(dec(await dst.readFile('/deep/f'))).toBe('f');
  });

  it('a link loop ends (the backend refuses the path or the depth limit stops it)', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.mkdir('/loop', {});
    await src.symlink('/loop', '/loop/again');
    const errors: unknown[] = [];
    ok(
      await copy(
        src,
        ['/loop'],
        dst,
        '/',
        { recurse: true, errorHandler: (e) => void errors.push(e) },
        { recurse: true, errorHandler: () => undefined },
      ),
    );
    expect(errors.length).toBe(1);
  });

  it('a missing source: rejected without an error handler, reported and skipped with one', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/there', enc('x'));
    const plain = await copy(src, ['/missing', '/there'], dst, '/', {}, { errorHandler: () => undefined });
    expect(reason(plain.sent)).toMatchObject({ code: FX_NO_SUCH_FILE });
    expect(plain.received.status).toBe('fulfilled');

    const seen: string[] = [];
    const handled = await copy(
      src,
      ['/missing', '/there'],
      dst,
      '/',
      {
        dstPath: '/remote',
        errorHandler: (e, s, d) => void seen.push(`${s} -> ${d}: ${(e as SFTPError).code}`),
      },
      { errorHandler: (e) => void seen.push(`sink: ${(e as SFTPError).reason}`) },
    );
    ok(handled);
    expect(seen).toEqual([
      `/missing -> /remote/missing: ${FX_NO_SUCH_FILE}`,
      'sink: scp: /missing: no such file or directory',
    ]);
    expect(dec(await dst.readFile('/there'))).toBe('x');
  });

  it('the sink without an error handler rejects on the source error line', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    const o = await copy(src, ['/missing'], dst, '/', { errorHandler: () => undefined });
    expect(reason(o.received)).toMatchObject({
      code: FX_FAILURE,
      reason: 'scp: /missing: no such file or directory',
    });
  });

  it('a directory without recurse is "not a regular file" on both sides', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.mkdir('/dir', {});
    const seen: string[] = [];
    ok(
      await copy(
        src,
        ['/dir'],
        dst,
        '/',
        { errorHandler: (e) => void seen.push((e as SFTPError).reason) },
        { errorHandler: (e) => void seen.push(`sink: ${(e as SFTPError).reason}`) },
      ),
    );
    expect(seen).toEqual(['not a regular file', 'sink: scp: /dir: not a regular file']);
  });

  it('a sink write failure reaches the source as that entry failure; the next file still arrives', async () => {
    const src = memoryFs();
    const dst = new MemoryFileSystem({ maxFileSize: 5000 });
    await src.writeFile('/big', pseudoRandomBytes(20_000, 1));
    await src.writeFile('/small', enc('small'));
    const seen: string[] = [];
    ok(
      await copy(
        src,
        ['/big', '/small'],
        dst,
        '/',
        { blockSize: 4096, errorHandler: (e, s) => void seen.push(`${s}: ${(e as SFTPError).reason}`) },
        {
          blockSize: 4096,
          errorHandler: (e, _s, d) => void seen.push(`sink ${d}: ${(e as SFTPError).reason}`),
        },
      ),
    );
    expect(seen.sort()).toEqual(['/big: scp: /big: file too large', 'sink /big: file too large']);
    expect(dec(await dst.readFile('/small'))).toBe('small');
    // Without handlers, both sides reject with it.
    const o = await copy(src, ['/big', '/small'], dst, '/x');
    expect(reason(o.sent)).toMatchObject({ code: FX_FAILURE, reason: 'scp: /x: file too large' });
    expect(reason(o.received)).toMatchObject({ reason: 'file too large' });
  });

  it('a sink open failure skips the data and goes on', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/a', enc('aaa'));
    await src.writeFile('/b', enc('bbb'));
    await dst.mkdir('/in', {});
    await dst.mkdir('/in/a', {});
    const seen: string[] = [];
    ok(
      await copy(
        src,
        ['/a', '/b'],
        dst,
        '/in',
        { errorHandler: (e) => void seen.push((e as SFTPError).reason) },
        { errorHandler: (e) => void seen.push(`sink: ${(e as SFTPError).reason}`) },
      ),
    );
    expect(seen).toEqual(['sink: is a directory', 'scp: /in/a: is a directory']);
    expect(dec(await dst.readFile('/in/b'))).toBe('bbb');
  });

  it('a source read failure pads the data, sends the error and goes on in step', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/bad', pseudoRandomBytes(9000, 5));
    await src.writeFile('/good', enc('good'));
    const open = src.open.bind(src);
    src.open = async (path, pflags, attrs): Promise<SFTPFileHandle> => {
      const h = await open(path, pflags, attrs);
      if (path !== '/bad') return h;
      return {
        ...h,
        readInto: undefined,
        read: async (off) => {
          if (off >= 4096) throw new SFTPError(FX_FAILURE, 'disk on fire');
          return h.read(off, 4096);
        },
        close: () => h.close(),
      };
    };
    const seen: string[] = [];
    ok(
      await copy(
        src,
        ['/bad', '/good'],
        dst,
        '/',
        { blockSize: 4096, errorHandler: (e) => void seen.push((e as SFTPError).reason) },
        { errorHandler: (e) => void seen.push(`sink: ${(e as SFTPError).reason}`) },
      ),
    );
    expect(seen.sort()).toEqual(['disk on fire', 'sink: scp: /bad: disk on fire']);
    const got = await dst.readFile('/bad');
    expect(got.length).toBe(9000);
    expect(got.subarray(4096).every((b) => b === 0)).toBe(true);
    expect(dec(await dst.readFile('/good'))).toBe('good');
  });

  it('an error handler that throws stops the transfer with what it threw', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    const stop = new Error('stop');
    const o = await copy(src, ['/missing', '/other'], dst, '/', {
      errorHandler: () => {
        throw stop;
      },
    });
    expect(reason(o.sent)).toBe(stop);
  });

  it('refuses D without recurse on the sink side (protocol error, both sides reject)', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.mkdir('/dir', {});
    const o = await copy(src, ['/dir'], dst, '/', { recurse: true });
    expect(reason(o.received)).toMatchObject({
      code: FX_BAD_MESSAGE,
      reason: 'protocol error: received directory without -r',
    });
    expect(reason(o.sent)).toMatchObject({
      code: FX_FAILURE,
      reason: 'scp: protocol error: received directory without -r',
    });
    expect(await snapshot(dst)).toEqual({});
  });

  it('targetIsDirectory refuses a target that is not a directory before starting', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/f', enc('f'));
    await dst.writeFile('/file', enc('x'));
    const o = await copy(src, ['/f'], dst, '/file', {}, { targetIsDirectory: true });
    expect(reason(o.received)).toMatchObject({ code: FX_FAILURE, reason: 'not a directory' });
    expect(reason(o.sent)).toMatchObject({ code: FX_FAILURE, reason: 'scp: /file: not a directory' });
    const missing = await copy(src, ['/f'], dst, '/nowhere', {}, { targetIsDirectory: true });
    expect(reason(missing.received)).toMatchObject({ code: FX_NO_SUCH_FILE });
  });

  it('checks expected names: what was asked for passes, anything else is refused', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.writeFile('/a.txt', enc('a'));
    await src.writeFile('/b.bin', enc('b'));
    await src.writeFile('/x*y', enc('literal'));
    ok(await copy(src, ['/a.txt'], dst, '/', {}, { expectedNames: ['*.txt'] }));
    ok(await copy(src, ['/x*y'], dst, '/', {}, { expectedNames: ['x\\*y'] }));
    ok(await copy(src, ['/b.bin'], dst, '/', {}, { expectedNames: ['.'] }));
    await dst.remove('/b.bin');
    const o = await copy(src, ['/a.txt', '/b.bin'], dst, '/', {}, { expectedNames: ['a.txt'] });
    expect(reason(o.received)).toMatchObject({
      code: FX_BAD_MESSAGE,
      reason: 'protocol error: filename does not match request: "b.bin"',
    });
    await expect(dst.stat('/b.bin')).rejects.toMatchObject({ code: FX_NO_SUCH_FILE });
  });

  it('sends "." under its real name', async () => {
    const src = memoryFs();
    const dst = memoryFs();
    await src.mkdir('/home', {});
    await src.writeFile('/home/f', enc('f'));
    ok(await copy(src, ['/home/.'], dst, '/', { recurse: true }, { recurse: true, expectedNames: ['home'] }));
    expect(Object.keys(await snapshot(dst))).toEqual(['/home', '/home/f']);
  });
});

function T0s(): number {
  return 1_700_000_000;
}
