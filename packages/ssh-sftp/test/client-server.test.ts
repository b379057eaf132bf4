import { describe, expect, it } from '@jest/globals';
import { S_IFDIR, S_IFLNK, S_IFREG } from '../src/attrs.js';
import { SFTPClient } from '../src/client/sftp-client.js';
import { SEEK_END } from '../src/client/sftp-file.js';
import { SFTPError } from '../src/errors.js';
import {
  FX_CONNECTION_LOST,
  FX_FAILURE,
  FX_NO_CONNECTION,
  FX_NO_SUCH_FILE,
  FXF_CREAT,
  FXF_READ,
  FXF_WRITE,
} from '../src/protocol-numbers.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { SFTPServer } from '../src/server/sftp-server.js';
import { memoryStreamPair } from '../src/stream.js';
import { caught, chunked, dec, enc, memorySession, pseudoRandomBytes, sameBytes } from './helpers.js';

describe('SFTPClient <-> SFTPServer in memory', () => {
  it('negotiates version 3 with the OpenSSH extensions and limits', async () => {
    const { sftp } = await memorySession();
    expect(sftp.version).toBe(3);
    expect(sftp.extensions.get('posix-rename@openssh.com')).toBe('1');
    expect(sftp.extensions.get('statvfs@openssh.com')).toBe('2');
    expect(sftp.extensions.get('limits@openssh.com')).toBe('1');
    expect(sftp.limits?.maxPacketLength).toBe(256 * 1024);
    // Blocks as large as the server's limits allow, as OpenSSH's sftp (8.7+).
    expect(sftp.blockSize).toBe(255 * 1024);
    expect(sftp.maxRequests).toBe(64);
    await sftp.exit();
  });

  it('uses 32 KiB blocks when the server announces no limits', async () => {
    const { sftp } = await memorySession({ server: { extensions: [] } });
    expect(sftp.limits).toBeUndefined();
    expect(sftp.blockSize).toBe(32 * 1024);
    await sftp.exit();
  });

  it('caps the block size by limits@openssh.com', async () => {
    const { sftp } = await memorySession({
      client: { blockSize: 1 << 20 },
      server: { maxPacketLength: 64 * 1024 },
    });
    expect(sftp.blockSize).toBe(63 * 1024);
    await sftp.exit();
  });

  it('opens, writes, reads, seeks, tells, truncates and closes files', async () => {
    const { sftp, fs } = await memorySession();
    const f = await sftp.open('/a.txt', 'w+');
    expect(await f.write('hello world')).toBe(11);
    expect(await f.tell()).toBe(11);
    await f.seek(0);
    expect(await f.read(5)).toBe('hello');
    expect(await f.read()).toBe(' world');
    expect(await f.read()).toBe('');
    expect(await f.read(5, 6)).toBe('world');
    expect(await f.tell()).toBe(11);
    expect(await f.seek(-5, SEEK_END)).toBe(6);
    await f.truncate();
    expect((await f.stat()).size).toBe(6);
    await f.chmod(0o600);
    await f.utime([1000, 2000]);
    await f.fsync();
    const st = await f.stat();
    expect(st.permissions).toBe(S_IFREG | 0o600);
    expect([st.atime, st.mtime]).toEqual([1000, 2000]);
    await f.chown(5, 6);
    expect((await f.stat()).uid).toBe(5);
    expect((await f.statvfs()).namemax).toBe(255);
    await f.close();
    await f.close(); // idempotent
    expect(dec(await fs.readFile('/a.txt'))).toBe('hello ');
    expect(SFTPError.isInstance(await caught(() => f.read()))).toBe(true);
    await sftp.exit();
  });

  it('reads and writes binary files larger than one block, pipelined', async () => {
    const { sftp, fs } = await memorySession();
    const data = pseudoRandomBytes(300_000, 7);
    const f = await sftp.open('/bin', 'wb');
    expect(await f.write(data)).toBe(data.length);
    await f.close();
    expect(sameBytes(await fs.readFile('/bin'), data)).toBe(true);
    const g = await sftp.open('/bin', 'rb');
    expect(sameBytes(await g.read(), data)).toBe(true);
    expect(sameBytes(await g.read(100_000, 50_000), data.subarray(50_000, 150_000))).toBe(true);
    await g.close();
    const h = await sftp.open('/bin', 'r', {}, null);
    expect((await h.read(3)).length).toBe(3);
    await h.close();
    await sftp.exit();
  });

  it('supports open modes a, x, r+ and raw pflags', async () => {
    const { sftp, fs } = await memorySession();
    await fs.writeFile('/f', enc('abc'));
    const a = await sftp.open('/f', 'a');
    await a.write('def');
    await a.close();
    expect(dec(await fs.readFile('/f'))).toBe('abcdef');
    const e = await caught(() => sftp.open('/f', 'x'));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_FAILURE);
    const raw = await sftp.open('/g', FXF_READ | FXF_WRITE | FXF_CREAT, { permissions: 0o640 });
    await raw.close();
    expect((await sftp.stat('/g')).permissions).toBe(S_IFREG | 0o640);
    await expect(sftp.open('/f', 'q')).rejects.toThrow(RangeError);
    await sftp.exit();
  });

  it('stats, lstats, setstats, chmods, chowns, utimes and truncates paths', async () => {
    const { sftp, fs } = await memorySession();
    await fs.writeFile('/f', enc('12345'));
    await sftp.symlink('/f', '/l');
    expect((await sftp.stat('/l')).permissions).toBe(S_IFREG | 0o644);
    expect(((await sftp.lstat('/l')).permissions ?? 0) & 0o170000).toBe(S_IFLNK);
    await sftp.chmod('/f', 0o600);
    await sftp.chown('/f', 10, 20);
    await sftp.truncate('/f', 2);
    await sftp.utime('/f', [111, 222]);
    expect(await sftp.stat('/f')).toEqual({
      size: 2,
      uid: 10,
      gid: 20,
      permissions: S_IFREG | 0o600,
      atime: 111,
      mtime: 222,
    });
    await sftp.setstat('/f', { permissions: 0o644 });
    await sftp.lsetstat('/l', { atime: 1, mtime: 2 });
    expect((await sftp.lstat('/l')).mtime).toBe(2);
    expect((await sftp.stat('/l')).mtime).toBe(222);
    await sftp.utime('/f');
    expect((await sftp.stat('/f')).mtime).toBeGreaterThan(1_600_000_000);
    await sftp.exit();
  });

  it('answers the predicates without throwing for missing paths', async () => {
    const { sftp, fs } = await memorySession();
    await fs.mkdir('/d', {});
    await fs.writeFile('/d/f', enc('xyz'));
    await sftp.symlink('/d/f', '/lnk');
    await sftp.symlink('/nowhere', '/dangling');
    expect(await sftp.exists('/d/f')).toBe(true);
    expect(await sftp.exists('/missing')).toBe(false);
    expect(await sftp.exists('/dangling')).toBe(false);
    expect(await sftp.lexists('/dangling')).toBe(true);
    expect(await sftp.isdir('/d')).toBe(true);
    expect(await sftp.isdir('/d/f')).toBe(false);
    expect(await sftp.isdir('/missing')).toBe(false);
    expect(await sftp.isfile('/d/f')).toBe(true);
    expect(await sftp.isfile('/lnk')).toBe(true);
    expect(await sftp.isfile('/missing')).toBe(false);
    expect(await sftp.islink('/lnk')).toBe(true);
    expect(await sftp.islink('/d/f')).toBe(false);
    expect(await sftp.islink('/missing')).toBe(false);
    expect(await sftp.getsize('/d/f')).toBe(3);
    expect(await sftp.getsize('/missing')).toBeUndefined();
    expect(await sftp.getmtime('/d/f')).toBe(1_700_000_000);
    expect(await sftp.getatime('/d/f')).toBe(1_700_000_000);
    expect(await sftp.getmtime('/missing')).toBeUndefined();
    expect(await sftp.getatime('/missing')).toBeUndefined();
    await sftp.exit();
  });

  it('renames, posix-renames, removes, links and reads links', async () => {
    const { sftp, fs } = await memorySession();
    await fs.writeFile('/a', enc('A'));
    await fs.writeFile('/b', enc('B'));
    const e = await caught(() => sftp.rename('/a', '/b'));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_FAILURE);
    await sftp.rename('/a', '/c');
    expect(await sftp.exists('/a')).toBe(false);
    await sftp.posixRename('/c', '/b');
    expect(dec(await fs.readFile('/b'))).toBe('A');
    await sftp.link('/b', '/hard');
    expect(dec(await fs.readFile('/hard'))).toBe('A');
    await sftp.symlink('b', '/soft');
    expect(await sftp.readlink('/soft')).toBe('b');
    expect(dec(await fs.readFile('/soft'))).toBe('A');
    await sftp.remove('/b');
    await sftp.unlink('/soft');
    expect(await sftp.listdir('/')).toEqual(['.', '..', 'hard']);
    const missing = await caught(() => sftp.remove('/nope'));
    expect(SFTPError.isInstance(missing) && missing.code).toBe(FX_NO_SUCH_FILE);
    await sftp.exit();
  });

  it('makes, lists and removes directories', async () => {
    const { sftp } = await memorySession();
    await sftp.mkdir('/d', { permissions: 0o700 });
    expect((await sftp.stat('/d')).permissions).toBe(S_IFDIR | 0o700);
    await sftp.makedirs('/d/e/f/g');
    await sftp.makedirs('/d/e/f/g', {}, true);
    expect(SFTPError.isInstance(await caught(() => sftp.makedirs('/d/e')))).toBe(true);
    for (let i = 0; i < 250; i++) {
      const f = await sftp.open(`/d/e/file${i}`, 'w');
      await f.close();
    }
    const names = await sftp.listdir('/d/e');
    expect(names.length).toBe(253); // . .. f + 250 files (READDIR repeated past one batch)
    const entries = await sftp.readdir('/d/e');
    const f0 = entries.find((n) => n.filename === 'file0');
    expect(f0?.longname).toMatch(/^-rw-r--r-- +1 0 +0 +0 Nov 14 +2023 file0$/);
    expect(SFTPError.isInstance(await caught(() => sftp.rmdir('/d/e')))).toBe(true);
    await sftp.rmtree('/d/e');
    expect(await sftp.exists('/d/e')).toBe(false);
    await sftp.rmdir('/d');
    expect(await sftp.listdir('/')).toEqual(['.', '..']);
    await sftp.exit();
  });

  it('resolves paths: realpath, chdir, getcwd and relative paths', async () => {
    const { sftp, fs } = await memorySession();
    await fs.mkdir('/home', {});
    await fs.mkdir('/home/u', {});
    await fs.writeFile('/home/u/f', enc('x'));
    expect(await sftp.getcwd()).toBe('/');
    expect(await sftp.realpath('.')).toBe('/');
    expect(await sftp.realpath('/home/../home/u/./')).toBe('/home/u');
    await sftp.symlink('/home/u', '/u');
    expect(await sftp.realpath('/u/f')).toBe('/home/u/f');
    await sftp.chdir('/u');
    expect(await sftp.getcwd()).toBe('/home/u');
    expect(await sftp.listdir()).toEqual(['.', '..', 'f']);
    expect(await sftp.getsize('f')).toBe(1);
    await sftp.chdir('..');
    expect(await sftp.getcwd()).toBe('/home');
    expect(SFTPError.isInstance(await caught(() => sftp.chdir('/home/u/f')))).toBe(true);
    await sftp.exit();
  });

  it('globs with *, ?, [...] and **', async () => {
    const { sftp, fs } = await memorySession();
    for (const d of ['/g', '/g/a', '/g/a/b', '/g/c']) await fs.mkdir(d, {});
    for (const f of ['/g/x1.txt', '/g/x2.txt', '/g/y.md', '/g/a/z.txt', '/g/a/b/w.txt', '/g/c/v.txt']) {
      await fs.writeFile(f, enc(f));
    }
    expect((await sftp.glob('/g/*.txt')).sort()).toEqual(['/g/x1.txt', '/g/x2.txt']);
    expect((await sftp.glob('/g/x?.txt')).sort()).toEqual(['/g/x1.txt', '/g/x2.txt']);
    expect(await sftp.glob('/g/[!x]*')).toEqual(expect.arrayContaining(['/g/y.md', '/g/a', '/g/c']));
    expect((await sftp.glob('/g/**/*.txt')).sort()).toEqual([
      '/g/a/b/w.txt',
      '/g/a/z.txt',
      '/g/c/v.txt',
      '/g/x1.txt',
      '/g/x2.txt',
    ]);
    expect(await sftp.glob('/g/y.md')).toEqual(['/g/y.md']);
    await sftp.chdir('/g');
    expect((await sftp.glob('*/*.txt')).sort()).toEqual(['a/z.txt', 'c/v.txt']);
    const none = await caught(() => sftp.glob('/g/*.none'));
    expect(SFTPError.isInstance(none) && none.code).toBe(FX_NO_SUCH_FILE);
    await sftp.exit();
  });

  it('reports statvfs', async () => {
    const { sftp } = await memorySession();
    const v = await sftp.statvfs('/');
    expect(v.bsize).toBe(4096);
    expect(v.fsid).toBe(0n);
    await sftp.exit();
  });

  it('gets and puts files with pipelining, progress and preserve', async () => {
    const local = new MemoryFileSystem();
    const { sftp, fs } = await memorySession({ client: { localFs: local, maxRequests: 8, blockSize: 4096 } });
    const data = pseudoRandomBytes(1_000_003, 3);
    await local.writeFile('/up.bin', data);
    await local.setstat('/up.bin', { permissions: 0o600, atime: 10, mtime: 20 });
    const progress: number[] = [];
    await sftp.put('/up.bin', '/remote.bin', {
      preserve: true,
      progressHandler: (_s, _d, done, total) => {
        expect(total).toBe(data.length);
        progress.push(done);
      },
    });
    expect(sameBytes(await fs.readFile('/remote.bin'), data)).toBe(true);
    expect(progress.at(-1)).toBe(data.length);
    expect(progress.length).toBeGreaterThan(200);
    const st = await fs.stat('/remote.bin');
    expect([st.permissions, st.atime, st.mtime]).toEqual([S_IFREG | 0o600, 10, 20]);
    await sftp.get('/remote.bin', '/down.bin', { preserve: true });
    expect(sameBytes(await local.readFile('/down.bin'), data)).toBe(true);
    expect((await local.stat('/down.bin')).mtime).toBe(20);
    // empty file
    await fs.writeFile('/empty', new Uint8Array(0));
    await sftp.get('/empty', '/empty');
    expect((await local.readFile('/empty')).length).toBe(0);
    await sftp.exit();
  });

  it('gets and puts directory trees with recurse, into a destination directory', async () => {
    const local = new MemoryFileSystem();
    const { sftp, fs } = await memorySession({ client: { localFs: local } });
    await local.mkdir('/tree', {});
    await local.mkdir('/tree/sub', {});
    await local.writeFile('/tree/a', enc('A'));
    await local.writeFile('/tree/sub/b', enc('B'));
    await local.symlink('a', '/tree/link');
    await fs.mkdir('/dest', {});
    expect(SFTPError.isInstance(await caught(() => sftp.put('/tree', '/dest')))).toBe(true);
    await sftp.put('/tree', '/dest', { recurse: true });
    expect(dec(await fs.readFile('/dest/tree/sub/b'))).toBe('B');
    expect(await fs.readlink('/dest/tree/link')).toBe('a');
    await local.mkdir('/back', {});
    await sftp.get(['/dest/tree/a', '/dest/tree/sub/b'], '/back');
    expect(dec(await local.readFile('/back/b'))).toBe('B');
    await sftp.exit();
  });

  it('refuses get/put without a local file system', async () => {
    const { sftp } = await memorySession();
    await expect(sftp.get('/x', '/y')).rejects.toThrow(TypeError);
    await sftp.exit();
  });

  it('works when every byte arrives in its own chunk', async () => {
    const fs = new MemoryFileSystem();
    const [c, s] = memoryStreamPair();
    void new SFTPServer(fs).serve(chunked(s, 1));
    const sftp = await SFTPClient.start(chunked(c, 1));
    const f = await sftp.open('/x', 'w');
    await f.write('chunky');
    await f.close();
    expect(await sftp.listdir('/')).toEqual(['.', '..', 'x']);
    await sftp.exit();
  });

  it('rejects pending and later requests when the stream closes', async () => {
    const [c, s] = memoryStreamPair();
    // A "server" that answers VERSION and then nothing.
    s.onData(() => undefined);
    const started = SFTPClient.start(c);
    s.write(Uint8Array.of(0, 0, 0, 5, 2, 0, 0, 0, 3));
    const sftp = await started;
    const p1 = sftp.stat('/a');
    const p2 = sftp.listdir('/');
    s.close();
    const [e1, e2] = await Promise.all([caught(() => p1), caught(() => p2)]);
    expect(SFTPError.isInstance(e1) && e1.code).toBe(FX_CONNECTION_LOST);
    expect(SFTPError.isInstance(e2) && e2.code).toBe(FX_CONNECTION_LOST);
    const later = await caught(() => sftp.stat('/a'));
    expect(SFTPError.isInstance(later) && later.code).toBe(FX_NO_CONNECTION);
    expect(sftp.closed).toBe(true);
  });

  it('fails start when the stream closes before VERSION', async () => {
    const [c, s] = memoryStreamPair();
    s.onData(() => s.close());
    const e = await caught(() => SFTPClient.start(c));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_CONNECTION_LOST);
  });

  it('ends the server session and closes its handles when the client exits', async () => {
    const { sftp, served } = await memorySession();
    await sftp.open('/x', 'w');
    await sftp.exit();
    await expect(served).resolves.toBeUndefined();
  });

  it('reports errors with the status code and the server reason', async () => {
    const { sftp } = await memorySession();
    const e = await caught(() => sftp.stat('/missing'));
    expect(SFTPError.isInstance(e)).toBe(true);
    expect((e as SFTPError).code).toBe(FX_NO_SUCH_FILE);
    expect((e as SFTPError).name).toBe('SFTPError');
    await sftp.exit();
  });
});
