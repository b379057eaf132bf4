import { describe, expect, it } from '@jest/globals';
import { isDirectoryAttrs, isSymlinkAttrs } from '../src/attrs.js';
import { SFTPClient } from '../src/client/sftp-client.js';
import { SFTPError } from '../src/errors.js';
import { FX_FAILURE, FX_NO_SUCH_FILE, FX_OP_UNSUPPORTED } from '../src/protocol-numbers.js';
import type { SFTPFileHandle } from '../src/server/filesystem.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { SERVER_EXTENSIONS, SFTPServer } from '../src/server/sftp-server.js';
import { memoryStreamPair } from '../src/stream.js';
import { caught, dec, enc, memorySession, pseudoRandomBytes, sameBytes } from './helpers.js';

const T0 = 1_700_000_000_000;

/** Every path under `root` with its kind and content (files as bytes, links as targets). */
async function snapshot(fs: MemoryFileSystem, root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await fs.readdir(dir)) {
      const p = `${dir}/${e.filename}`;
      const r = `${rel}${e.filename}`;
      if (isDirectoryAttrs(e.attrs)) {
        out.set(r, 'dir');
        await walk(p, `${r}/`);
      } else if (isSymlinkAttrs(e.attrs)) out.set(r, `link:${await fs.readlink(p)}`);
      else out.set(r, `file:${Buffer.from(await fs.readFile(p)).toString('base64')}`);
    }
  };
  await walk(root, '');
  return out;
}

/** A tree of 3 levels with files of several sizes (one above a block, one empty) and a link. */
async function makeTree(fs: MemoryFileSystem, root: string): Promise<void> {
  await fs.mkdir(root, {});
  await fs.mkdir(`${root}/sub`, {});
  await fs.mkdir(`${root}/sub/deeper`, {});
  await fs.mkdir(`${root}/empty`, {});
  await fs.writeFile(`${root}/a.txt`, enc('alpha'));
  await fs.writeFile(`${root}/big.bin`, pseudoRandomBytes(200_000, 3));
  await fs.writeFile(`${root}/zero`, new Uint8Array(0));
  await fs.writeFile(`${root}/sub/b.txt`, enc('beta'));
  await fs.writeFile(`${root}/sub/deeper/c.bin`, pseudoRandomBytes(70_000, 4));
  await fs.symlink('a.txt', `${root}/link`);
}

/** A server that counts copy-data requests and files open at once. */
class CountingServer extends SFTPServer {
  copies = 0;
  openNow = 0;
  maxOpen = 0;
  override async copyData(
    src: SFTPFileHandle,
    srcOffset: number,
    length: number,
    dst: SFTPFileHandle,
    dstOffset: number,
  ): Promise<number> {
    this.copies++;
    return super.copyData(src, srcOffset, length, dst, dstOffset);
  }
  override async open(...args: Parameters<SFTPServer['open']>): Promise<SFTPFileHandle> {
    const h = await super.open(...args);
    this.openNow++;
    this.maxOpen = Math.max(this.maxOpen, this.openNow);
    return h;
  }
  override async close(file: SFTPFileHandle): Promise<void> {
    this.openNow--;
    await super.close(file);
  }
}

async function session(options: { extensions?: typeof SERVER_EXTENSIONS } = {}) {
  const remote = new MemoryFileSystem({ now: () => T0 });
  const local = new MemoryFileSystem({ now: () => T0 + 5_000_000 });
  const server = new CountingServer(remote, options.extensions ? { extensions: options.extensions } : {});
  const [c, s] = memoryStreamPair();
  const served = server.serve(s);
  const sftp = await SFTPClient.start(c, { localFs: local });
  return { sftp, remote, local, server, served };
}

describe('get / put / copy', () => {
  it('get and put a single file, to a file name and into a directory', async () => {
    const { sftp, remote, local } = await session();
    const data = pseudoRandomBytes(100_000, 9);
    await remote.writeFile('/r.bin', data);
    await sftp.get('/r.bin', '/l.bin');
    expect(sameBytes(await local.readFile('/l.bin'), data)).toBe(true);
    await local.mkdir('/into', {});
    await sftp.get('/r.bin', '/into');
    expect(sameBytes(await local.readFile('/into/r.bin'), data)).toBe(true);
    await remote.mkdir('/up', {});
    await sftp.put('/l.bin', '/up');
    expect(sameBytes(await remote.readFile('/up/l.bin'), data)).toBe(true);
    await sftp.exit();
  });

  it('reports progress per block with the file size as total, ending at the total', async () => {
    const { sftp, remote } = await session();
    await remote.writeFile('/p.bin', pseudoRandomBytes(150_000, 1));
    await remote.writeFile('/empty', new Uint8Array(0));
    const calls: [string, string, number, number][] = [];
    await sftp.get(['/p.bin', '/empty'], '/', { progressHandler: (...a) => void calls.push(a) });
    const big = calls.filter((c) => c[0] === '/p.bin');
    expect(big.length).toBe(Math.ceil(150_000 / sftp.blockSize));
    expect(big.every((c) => c[1] === '/p.bin' && c[3] === 150_000)).toBe(true);
    expect(big.map((c) => c[2])).toEqual([...big.map((c) => c[2])].sort((a, b) => a - b));
    expect(big.at(-1)?.[2]).toBe(150_000);
    expect(calls.filter((c) => c[0] === '/empty')).toEqual([['/empty', '/empty', 0, 0]]);
    await sftp.exit();
  });

  it('does not expand globs in get (AsyncSSH), and a missing source rejects even with an error handler', async () => {
    const { sftp, remote } = await session();
    await remote.writeFile('/x1', enc('1'));
    const e = await caught(() => sftp.get('/x*', '/', { errorHandler: () => undefined }));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_NO_SUCH_FILE);
    await sftp.exit();
  });

  it('needs a directory destination for several sources', async () => {
    const { sftp, remote } = await session();
    await remote.writeFile('/x1', enc('1'));
    await remote.writeFile('/x2', enc('2'));
    const e = await caught(() => sftp.get(['/x1', '/x2'], '/not-a-dir'));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_FAILURE);
    await sftp.exit();
  });

  it('refuses a directory without recurse, copies a tree with it (tree equality)', async () => {
    const { sftp, remote, local } = await session();
    await makeTree(remote, '/tree');
    const e = await caught(() => sftp.get('/tree', '/t'));
    expect(SFTPError.isInstance(e) && e.reason).toMatch(/is a directory/);
    await sftp.get('/tree', '/t', { recurse: true });
    expect((await snapshot(remote, '/tree')).size).toBe(9);
    expect(await snapshot(local, '/t')).toEqual(await snapshot(remote, '/tree'));
    // And back up under another name: put recreates the same tree.
    await sftp.put('/t', '/tree2', { recurse: true });
    expect(await snapshot(remote, '/tree2')).toEqual(await snapshot(remote, '/tree'));
    await sftp.exit();
  });

  it('follows links with followSymlinks (files and directories)', async () => {
    const { sftp, remote, local } = await session();
    await makeTree(remote, '/tree');
    await remote.symlink('/tree/sub', '/tree/dirlink');
    await sftp.get('/tree', '/t', { recurse: true, followSymlinks: true });
    expect(dec(await local.readFile('/t/link'))).toBe('alpha');
    expect(isSymlinkAttrs(await local.lstat('/t/link'))).toBe(false);
    expect(isDirectoryAttrs(await local.lstat('/t/dirlink'))).toBe(true);
    expect(dec(await local.readFile('/t/dirlink/b.txt'))).toBe('beta');
    await sftp.exit();
  });

  it('preserves permissions and times of files and directories', async () => {
    const { sftp, remote, local } = await session();
    await makeTree(remote, '/tree');
    await remote.setstat('/tree/a.txt', { permissions: 0o640, atime: 1000, mtime: 2000 });
    await remote.setstat('/tree/sub', { permissions: 0o700, atime: 3000, mtime: 4000 });
    await sftp.get('/tree', '/t', { recurse: true, preserve: true });
    const a = await local.stat('/t/a.txt');
    expect([a.permissions && a.permissions & 0o7777, a.atime, a.mtime]).toEqual([0o640, 1000, 2000]);
    const d = await local.stat('/t/sub');
    expect([d.permissions && d.permissions & 0o7777, d.atime, d.mtime]).toEqual([0o700, 3000, 4000]);
    // Without preserve the copy gets the local clock.
    await sftp.get('/tree/a.txt', '/plain.txt');
    expect((await local.stat('/plain.txt')).mtime).toBe((T0 + 5_000_000) / 1000);
    await sftp.exit();
  });

  it('resumes a partial download and a partial upload', async () => {
    const { sftp, remote, local } = await session();
    const data = pseudoRandomBytes(120_000, 12);
    await remote.writeFile('/r.bin', data);
    await local.writeFile('/l.bin', data.subarray(0, 50_000));
    const seen: number[] = [];
    await sftp.get('/r.bin', '/l.bin', { resume: true, progressHandler: (_s, _d, n) => void seen.push(n) });
    expect(sameBytes(await local.readFile('/l.bin'), data)).toBe(true);
    expect(seen[0]).toBeGreaterThan(50_000);
    expect(seen.at(-1)).toBe(120_000);
    await remote.writeFile('/half.bin', data.subarray(0, 70_000));
    await sftp.put('/l.bin', '/half.bin', { resume: true });
    expect(sameBytes(await remote.readFile('/half.bin'), data)).toBe(true);
    await local.writeFile('/longer.bin', pseudoRandomBytes(130_000, 1));
    const e = await caught(() => sftp.get('/r.bin', '/longer.bin', { resume: true }));
    expect(SFTPError.isInstance(e) && e.reason).toMatch(/cannot resume/);
    await sftp.exit();
  });

  it('copies on the server with copy-data when offered', async () => {
    const { sftp, remote, server } = await session();
    expect(sftp.supportsRemoteCopy).toBe(true);
    await makeTree(remote, '/tree');
    const totals: number[] = [];
    await sftp.copy('/tree', '/copy', {
      recurse: true,
      preserve: true,
      progressHandler: (_s, _d, n, t) => {
        expect(n).toBe(t);
        totals.push(t);
      },
    });
    expect(await snapshot(remote, '/copy')).toEqual(await snapshot(remote, '/tree'));
    expect(server.copies).toBe(5); // a.txt, big.bin, zero, sub/b.txt, sub/deeper/c.bin
    expect(totals.sort((a, b) => a - b)).toEqual([0, 4, 5, 70_000, 200_000]);
    await sftp.exit();
  });

  it('copies through the client when copy-data is not offered; remoteOnly refuses', async () => {
    const { sftp, remote, server } = await session({
      extensions: SERVER_EXTENSIONS.filter(([n]) => n !== 'copy-data'),
    });
    expect(sftp.supportsRemoteCopy).toBe(false);
    const data = pseudoRandomBytes(300_000, 2);
    await remote.writeFile('/src.bin', data);
    await sftp.copy('/src.bin', '/dst.bin');
    expect(sameBytes(await remote.readFile('/dst.bin'), data)).toBe(true);
    expect(server.copies).toBe(0);
    const e = await caught(() => sftp.copy('/src.bin', '/dst2.bin', { remoteOnly: true }));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_OP_UNSUPPORTED);
    await sftp.exit();
  });

  it('remoteCopy copies a byte range between open files', async () => {
    const { sftp, remote } = await session();
    await remote.writeFile('/s', enc('0123456789'));
    await remote.writeFile('/d', enc('abcdefghij'));
    const s = await sftp.open('/s', 'rb');
    const d = await sftp.open('/d', 'r+b');
    await sftp.remoteCopy(s, d, 2, 3, 5);
    expect(dec(await remote.readFile('/d'))).toBe('abcde234ij');
    const e = await caught(() => sftp.remoteCopy(s, s));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_FAILURE);
    await s.close();
    await d.close();
    await sftp.remoteCopy('/s', '/whole');
    expect(dec(await remote.readFile('/whole'))).toBe('0123456789');
    await sftp.exit();
  });
});

describe('mget / mput / mcopy', () => {
  it('expands patterns, copies matches into a directory, several files at once', async () => {
    const { sftp, remote, local, server } = await session();
    await remote.mkdir('/logs', {});
    const files = new Map<string, Uint8Array>();
    for (let i = 0; i < 12; i++) {
      const data = pseudoRandomBytes(40_000 + i * 1000, i + 1);
      files.set(`f${i}.log`, data);
      await remote.writeFile(`/logs/f${i}.log`, data);
    }
    await remote.writeFile('/logs/skip.txt', enc('no'));
    await local.mkdir('/dl', {});
    await sftp.mget('/logs/*.log', '/dl', { maxParallel: 3 });
    expect((await local.readdir('/dl')).map((e) => e.filename).sort()).toEqual([...files.keys()].sort());
    for (const [name, data] of files) expect(sameBytes(await local.readFile(`/dl/${name}`), data)).toBe(true);
    expect(server.maxOpen).toBeGreaterThan(1);
    expect(server.maxOpen).toBeLessThanOrEqual(3);
    expect(server.openNow).toBe(0);
    await sftp.exit();
  });

  it('get with maxParallel 1 copies one file at a time (AsyncSSH order)', async () => {
    const { sftp, remote, local, server } = await session();
    for (let i = 0; i < 4; i++) await remote.writeFile(`/g${i}`, pseudoRandomBytes(50_000, i + 1));
    await local.mkdir('/dl', {});
    const order: string[] = [];
    await sftp.get(['/g0', '/g1', '/g2', '/g3'], '/dl', {
      progressHandler: (s, _d, n, t) => {
        if (n === t) order.push(s);
      },
    });
    expect(order).toEqual(['/g0', '/g1', '/g2', '/g3']);
    expect(server.maxOpen).toBe(1);
    await sftp.exit();
  });

  it('gives each failure to errorHandler and goes on', async () => {
    const { sftp, remote, local } = await session();
    await remote.mkdir('/m', {});
    await remote.writeFile('/m/ok1', enc('1'));
    await remote.mkdir('/m/adir', {});
    await remote.writeFile('/m/ok2', enc('2'));
    await local.mkdir('/dl', {});
    const errors: [string, string, string][] = [];
    await sftp.mget(['/m/*', '/nothing-*'], '/dl', {
      errorHandler: (e, s, d) => void errors.push([e.message, s, d]),
    });
    expect(dec(await local.readFile('/dl/ok1'))).toBe('1');
    expect(dec(await local.readFile('/dl/ok2'))).toBe('2');
    expect(errors.map(([m, s]) => [s, /is a directory|no matches/.test(m)]).sort()).toEqual([
      ['/m/adir', true],
      ['/nothing-*', true],
    ]);
    await sftp.exit();
  });

  it('stops with what errorHandler throws, and with the first error without a handler', async () => {
    const { sftp, remote, local } = await session();
    await remote.mkdir('/m', {});
    await remote.mkdir('/m/adir', {});
    await remote.writeFile('/m/z', enc('z'));
    await local.mkdir('/dl', {});
    const stop = new Error('stop here');
    const e = await caught(() =>
      sftp.mget('/m/*', '/dl', {
        maxParallel: 1,
        errorHandler: () => {
          throw stop;
        },
      }),
    );
    expect(e).toBe(stop);
    const e2 = await caught(() => sftp.mget('/nothing-*', '/dl'));
    expect(SFTPError.isInstance(e2) && e2.code).toBe(FX_NO_SUCH_FILE);
    await sftp.exit();
  });

  it('mput expands local patterns; mcopy expands remote ones and uses copy-data', async () => {
    const { sftp, remote, local, server } = await session();
    await local.mkdir('/src', {});
    for (const n of ['a.c', 'b.c', 'c.h']) await local.writeFile(`/src/${n}`, enc(`content ${n}`));
    await remote.mkdir('/up', {});
    await sftp.mput('/src/*.c', '/up');
    expect((await remote.readdir('/up')).map((e) => e.filename).sort()).toEqual(['a.c', 'b.c']);
    await remote.mkdir('/cp', {});
    await sftp.mcopy(['/up/a.*', '/up/b.*'], '/cp');
    expect(dec(await remote.readFile('/cp/b.c'))).toBe('content b.c');
    expect(server.copies).toBe(2);
    await sftp.exit();
  });

  it('mget recurses into matched directories (tree equality, ** patterns)', async () => {
    const { sftp, remote, local } = await session();
    await makeTree(remote, '/tree');
    await local.mkdir('/dl', {});
    await sftp.mget('/tr*', '/dl', { recurse: true, maxParallel: 4 });
    expect(await snapshot(local, '/dl/tree')).toEqual(await snapshot(remote, '/tree'));
    await local.mkdir('/bins', {});
    await sftp.mget('/tree/**/*.bin', '/bins');
    expect((await local.readdir('/bins')).map((e) => e.filename).sort()).toEqual(['big.bin', 'c.bin']);
    await sftp.exit();
  });

  it('rejects a bad maxParallel', async () => {
    const { sftp } = await session();
    await expect(sftp.mget('/x', '/', { maxParallel: 0 })).rejects.toThrow(RangeError);
    await sftp.exit();
  });
});

describe('copy without localFs', () => {
  it('get needs localFs, copy does not', async () => {
    const { sftp, fs } = await memorySession();
    await fs.writeFile('/a', enc('a'));
    await expect(sftp.get('/a', '/b')).rejects.toThrow(TypeError);
    await sftp.copy('/a', '/b');
    expect(dec(await fs.readFile('/b'))).toBe('a');
    await sftp.exit();
  });
});
