import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { S_IFDIR, S_IFREG } from '../src/attrs.js';
import { SFTPClient } from '../src/client/sftp-client.js';
import { SFTPError } from '../src/errors.js';
import { LocalFileSystem } from '../src/node/local-fs.js';
import { spawnStream } from '../src/node/streams.js';
import { FX_FAILURE, FX_NO_SUCH_FILE } from '../src/protocol-numbers.js';
import { caught, pseudoRandomBytes, sameBytes } from './helpers.js';
import { describeInterop, requireProgram, SFTP_SERVER } from './interop.js';

describeInterop(SFTP_SERVER)('SFTPClient against OpenSSH sftp-server', () => {
  let dir = '';
  let sftp: SFTPClient;

  beforeAll(async () => {
    const program = requireProgram(SFTP_SERVER, 'sftp-server');
    dir = mkdtempSync(join(tmpdir(), 'sshkit-sftp-interop-'));
    const { stream } = spawnStream(program, ['-e', '-l', 'ERROR'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    sftp = await SFTPClient.start(stream, { localFs: new LocalFileSystem() });
  });

  afterAll(async () => {
    await sftp?.exit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('negotiates v3 and reads the OpenSSH extensions and limits', () => {
    expect(sftp.version).toBe(3);
    expect(sftp.extensions.get('posix-rename@openssh.com')).toBe('1');
    expect(sftp.extensions.get('hardlink@openssh.com')).toBe('1');
    expect(sftp.limits?.maxReadLength).toBeGreaterThanOrEqual(32768);
    // As OpenSSH's sftp: blocks as large as the server allows (255 KiB for sftp-server).
    expect(sftp.blockSize).toBe(Math.min(sftp.limits?.maxReadLength ?? 0, 255 * 1024));
  });

  it('puts and gets a multi-MiB file byte for byte', async () => {
    const data = pseudoRandomBytes(3 * 1024 * 1024 + 123, 99);
    writeFileSync(join(dir, 'src.bin'), data);
    let last = 0;
    await sftp.put(join(dir, 'src.bin'), join(dir, 'up.bin'), { progressHandler: (_s, _d, n) => (last = n) });
    expect(last).toBe(data.length);
    expect(sameBytes(readFileSync(join(dir, 'up.bin')), data)).toBe(true);
    await sftp.get(join(dir, 'up.bin'), join(dir, 'down.bin'), { preserve: true });
    expect(sameBytes(readFileSync(join(dir, 'down.bin')), data)).toBe(true);
    expect(Math.floor(statSync(join(dir, 'down.bin')).mtimeMs / 1000)).toBe(
      Math.floor(statSync(join(dir, 'up.bin')).mtimeMs / 1000),
    );
    const f = await sftp.open(join(dir, 'up.bin'), 'rb');
    expect(sameBytes(await f.read(100_000, 1_000_000), data.subarray(1_000_000, 1_100_000))).toBe(true);
    await f.close();
  });

  it('stats, lists, renames, removes and makes directories', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    const st = await sftp.stat(join(dir, 'a.txt'));
    expect(st.size).toBe(5);
    expect((st.permissions ?? 0) & 0o170000).toBe(S_IFREG);
    await sftp.mkdir(join(dir, 'sub'), { permissions: 0o750 });
    expect(((await sftp.stat(join(dir, 'sub'))).permissions ?? 0) & 0o170000).toBe(S_IFDIR);
    expect(await sftp.isdir(join(dir, 'sub'))).toBe(true);
    await sftp.rename(join(dir, 'a.txt'), join(dir, 'sub', 'b.txt'));
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
    const names = await sftp.listdir(join(dir, 'sub'));
    expect(names.sort()).toEqual(['.', '..', 'b.txt']);
    const entries = await sftp.readdir(join(dir, 'sub'));
    expect(entries.find((n) => n.filename === 'b.txt')?.longname).toMatch(/^-rw/);
    writeFileSync(join(dir, 'other.txt'), 'other');
    await sftp.posixRename(join(dir, 'other.txt'), join(dir, 'sub', 'b.txt'));
    expect(readFileSync(join(dir, 'sub', 'b.txt'), 'utf8')).toBe('other');
    await sftp.remove(join(dir, 'sub', 'b.txt'));
    await sftp.rmdir(join(dir, 'sub'));
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('creates and reads symlinks in OpenSSH argument order, hard links, realpath', async () => {
    writeFileSync(join(dir, 'target.txt'), 'T');
    await sftp.symlink('target.txt', join(dir, 'link'));
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link'))).toBe('target.txt');
    expect(await sftp.readlink(join(dir, 'link'))).toBe('target.txt');
    expect(await sftp.islink(join(dir, 'link'))).toBe(true);
    await sftp.link(join(dir, 'target.txt'), join(dir, 'hard.txt'));
    expect(statSync(join(dir, 'hard.txt')).nlink).toBe(2);
    expect(await sftp.realpath(join(dir, 'link'))).toBe(await sftp.realpath(join(dir, 'target.txt')));
    expect(await sftp.realpath('.')).toBe(await sftp.realpath(dir));
  });

  it('reports statvfs and chmods and truncates', async () => {
    const v = await sftp.statvfs(dir);
    expect(v.bsize).toBeGreaterThan(0);
    expect(v.namemax).toBeGreaterThan(0);
    writeFileSync(join(dir, 'c.txt'), '0123456789');
    await sftp.chmod(join(dir, 'c.txt'), 0o600);
    expect(statSync(join(dir, 'c.txt')).mode & 0o777).toBe(0o600);
    await sftp.truncate(join(dir, 'c.txt'), 4);
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('0123');
    await sftp.utime(join(dir, 'c.txt'), [1_000_000, 2_000_000]);
    expect(await sftp.getmtime(join(dir, 'c.txt'))).toBe(2_000_000);
  });

  it('maps errors to SFTP status codes', async () => {
    const e = await caught(() => sftp.stat(join(dir, 'does-not-exist')));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_NO_SUCH_FILE);
    const e2 = await caught(() => sftp.open(join(dir, 'nope', 'x'), 'r'));
    expect(SFTPError.isInstance(e2) && e2.code).toBe(FX_NO_SUCH_FILE);
    writeFileSync(join(dir, 'exists.txt'), 'x');
    const e3 = await caught(() => sftp.mkdir(join(dir, 'exists.txt')));
    expect(SFTPError.isInstance(e3) && e3.code).toBe(FX_FAILURE);
    expect(await sftp.exists(join(dir, 'does-not-exist'))).toBe(false);
  });

  it('globs and removes trees', async () => {
    await sftp.makedirs(join(dir, 't', 'u'));
    writeFileSync(join(dir, 't', 'u', 'x.log'), 'x');
    writeFileSync(join(dir, 't', 'y.log'), 'y');
    expect((await sftp.glob(join(dir, 't', '**', '*.log'))).sort()).toEqual([
      join(dir, 't', 'u', 'x.log'),
      join(dir, 't', 'y.log'),
    ]);
    await sftp.rmtree(join(dir, 't'));
    expect(existsSync(join(dir, 't'))).toBe(false);
  });
});
