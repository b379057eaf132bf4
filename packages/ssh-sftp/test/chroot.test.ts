import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SFTPClient } from '../src/client/sftp-client.js';
import { SFTPError } from '../src/errors.js';
import { LocalFileSystem } from '../src/node/local-fs.js';
import type { SFTPFileSystem } from '../src/server/filesystem.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { normalizePath } from '../src/server/path-map.js';
import { SFTPServer } from '../src/server/sftp-server.js';
import { memoryStreamPair } from '../src/stream.js';
import { caught, enc } from './helpers.js';

// Each hostile path must either fail or resolve to something inside the root.
const HOSTILE = [
  '..',
  '../secret.txt',
  '../../../../../../etc/passwd',
  '/../secret.txt',
  '/a/../../secret.txt',
  'a/./../../secret.txt',
  '//secret.txt',
  '/up/secret.txt', // symlink -> ..
  '/abs/secret.txt', // symlink -> / (absolute: the virtual root)
  '/deep/x/secret.txt', // symlink chain through ../..
  '/outside', // symlink -> host path of the parent dir (absolute, outside the root)
  '/loop', // symlink loop
  '/etcpasswd', // symlink -> /etc/passwd
  'a\0b',
];

describe('normalizePath', () => {
  it.each([
    ['', '/'],
    ['.', '/'],
    ['..', '/'],
    ['/a/b/../c', '/a/c'],
    ['a//b/./', '/a/b'],
    ['../../x', '/x'],
  ])('%j -> %j', (input, out) => {
    expect(normalizePath(input)).toBe(out);
  });

  it('joins relative paths to the working directory', () => {
    expect(normalizePath('../y', '/a/b')).toBe('/a/y');
  });
});

describe.each(['memory', 'local'] as const)('chroot of the %s backend cannot be escaped', (kind) => {
  let base = '';
  let sftp: SFTPClient;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'sshkit-chroot-'));
    const root = join(base, 'root');
    mkdirSync(root);
    writeFileSync(join(base, 'secret.txt'), 'SECRET');
    let backend: SFTPFileSystem;
    if (kind === 'local') {
      mkdirSync(join(root, 'a'));
      mkdirSync(join(root, 'deep'));
      writeFileSync(join(root, 'secret.txt'), 'inside');
      symlinkSync('..', join(root, 'up'));
      symlinkSync('/', join(root, 'abs'));
      symlinkSync('../up/..', join(root, 'deep', 'x'));
      symlinkSync(base, join(root, 'outside'));
      symlinkSync('loop', join(root, 'loop'));
      symlinkSync('/etc/passwd', join(root, 'etcpasswd'));
      backend = new LocalFileSystem({ root });
    } else {
      const m = new MemoryFileSystem();
      await m.mkdir('/a', {});
      await m.mkdir('/deep', {});
      await m.writeFile('/secret.txt', enc('inside'));
      await m.symlink('..', '/up');
      await m.symlink('/', '/abs');
      await m.symlink('../up/..', '/deep/x');
      await m.symlink(base, '/outside');
      await m.symlink('loop', '/loop');
      await m.symlink('/etc/passwd', '/etcpasswd');
      backend = m;
    }
    const [c, s] = memoryStreamPair();
    void new SFTPServer(backend).serve(s);
    sftp = await SFTPClient.start(c);
  });

  afterAll(async () => {
    await sftp?.exit();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it.each(HOSTILE)('reading %j never reaches outside the root', async (p) => {
    let content: string | undefined;
    try {
      const f = await sftp.open(p, 'r');
      content = await f.read();
      await f.close();
    } catch (e) {
      expect(SFTPError.isInstance(e)).toBe(true);
    }
    if (content !== undefined) expect(content).toBe('inside');
  });

  it.each(HOSTILE)('realpath of %j stays inside the virtual root', async (p) => {
    try {
      const real = await sftp.realpath(p);
      expect(real.startsWith('/')).toBe(true);
      expect(real.includes('..')).toBe(false);
      if (kind === 'local') expect(real).not.toContain(base);
    } catch (e) {
      expect(SFTPError.isInstance(e)).toBe(true);
    }
  });

  it('cannot write outside the root through .. or links', async () => {
    for (const p of ['../evil.txt', '/up/evil.txt', '/abs/../evil.txt', '/deep/x/evil.txt']) {
      try {
        const f = await sftp.open(p, 'w');
        await f.write('evil');
        await f.close();
      } catch (e) {
        expect(SFTPError.isInstance(e)).toBe(true);
      }
    }
    expect(existsSync(join(base, 'evil.txt'))).toBe(false);
    expect(await sftp.exists('/evil.txt')).toBe(true); // they all landed at the virtual root
  });

  it('lists the root for "..", and reports loops as FX_NO_SUCH_FILE', async () => {
    expect((await sftp.listdir('..')).sort()).toEqual((await sftp.listdir('/')).sort());
    const e = await caught(() => sftp.stat('/loop'));
    expect(SFTPError.isInstance(e) && e.code).toBe(2);
    expect(await sftp.readlink('/up')).toBe('..');
  });
});
