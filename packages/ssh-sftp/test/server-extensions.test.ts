import { describe, expect, it } from '@jest/globals';
import type { SFTPAttrs } from '../src/attrs.js';
import { SFTPClient } from '../src/client/sftp-client.js';
import { SFTPError } from '../src/errors.js';
import { FX_FAILURE, FX_OP_UNSUPPORTED, FX_PERMISSION_DENIED } from '../src/protocol-numbers.js';
import type { SFTPDirEntry } from '../src/server/filesystem.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { SERVER_EXTENSIONS, SFTPServer, type SFTPServerOptions } from '../src/server/sftp-server.js';
import { memoryStreamPair } from '../src/stream.js';
import { caught, dec, enc } from './helpers.js';

async function start(server: SFTPServer) {
  const [c, s] = memoryStreamPair();
  const served = server.serve(s);
  const sftp = await SFTPClient.start(c);
  return { sftp, served };
}

function memServer(options: SFTPServerOptions = {}) {
  const fs = new MemoryFileSystem({
    now: () => 1_700_000_000_000,
    uid: 1000,
    gid: 100,
    users: { 0: 'root', 1000: 'alice' },
    groups: { 0: 'wheel', 100: 'users' },
  });
  return { fs, server: new SFTPServer(fs, options) };
}

describe('home-directory, expand-path, users-groups-by-id', () => {
  it('answers home-directory and expands ~ in any path', async () => {
    const { fs, server } = memServer({ homeDirectory: '/home/alice' });
    await fs.mkdir('/home', {});
    await fs.mkdir('/home/alice', {});
    await fs.writeFile('/home/alice/notes.txt', enc('hi'));
    const { sftp } = await start(server);
    expect(await sftp.homedir()).toBe('/home/alice');
    expect(await sftp.expandPath('~')).toBe('/home/alice');
    expect(await sftp.expandPath('~/notes.txt')).toBe('/home/alice/notes.txt');
    expect((await sftp.stat('~/notes.txt')).size).toBe(2);
    // Relative paths start at the home directory, as with OpenSSH's sftp-server.
    expect((await sftp.stat('notes.txt')).size).toBe(2);
    expect(await sftp.realpath('.')).toBe('/home/alice');
    const f = await sftp.open('~/new.txt', 'w');
    await f.write('x');
    await f.close();
    expect(dec(await fs.readFile('/home/alice/new.txt'))).toBe('x');
    const e = await caught(() => sftp.homedir('bob'));
    expect(SFTPError.isInstance(e) && e.code).toBe(FX_FAILURE);
    await sftp.exit();
  });

  it('homedir falls back to expand-path, then realpath(".")', async () => {
    const { server } = memServer({
      extensions: SERVER_EXTENSIONS.filter(([n]) => n !== 'home-directory'),
    });
    const { sftp } = await start(server);
    expect(await sftp.homedir()).toBe('/');
    await sftp.exit();
    const { server: bare } = memServer({ extensions: [] });
    const { sftp: s2 } = await start(bare);
    expect(await s2.homedir()).toBe('/');
    expect(SFTPError.isInstance(await caught(() => s2.homedir('x')))).toBe(true);
    expect(((await caught(() => s2.expandPath('~'))) as SFTPError).code).toBe(FX_OP_UNSUPPORTED);
    await s2.exit();
  });

  it('names ids (unknown ones empty) and puts names in long names', async () => {
    const { fs, server } = memServer();
    await fs.writeFile('/f', enc('data'));
    await fs.setstat('/f', { uid: 0, gid: 7 });
    const { sftp } = await start(server);
    expect(await sftp.usersGroupsById([1000, 0, 4242], [100, 0])).toEqual({
      users: ['alice', 'root', ''],
      groups: ['users', 'wheel'],
    });
    const byName = new Map((await sftp.readdir('/')).map((n) => [n.filename, n.longname]));
    expect(byName.get('f')).toMatch(/^-rw-r--r-- +1 root +7 +4 Nov 14 {2}2023 f$/);
    expect(byName.get('.')).toMatch(/^drwxr-xr-x +1 alice +users /);
    await sftp.exit();
  });
});

describe('SFTPServer per-operation overrides', () => {
  it('overrides one operation, the others use the file system', async () => {
    class ReadOnly extends SFTPServer {
      override async remove(): Promise<void> {
        throw new SFTPError(FX_PERMISSION_DENIED, 'read-only');
      }
    }
    const fs = new MemoryFileSystem();
    await fs.writeFile('/keep', enc('k'));
    const { sftp } = await start(new ReadOnly(fs));
    const e = await caught(() => sftp.remove('/keep'));
    expect(SFTPError.isInstance(e) && [e.code, e.reason]).toEqual([FX_PERMISSION_DENIED, 'read-only']);
    expect(await sftp.listdir('/')).toContain('keep');
    await sftp.mkdir('/d');
    expect(await sftp.isdir('/d')).toBe(true);
    await sftp.exit();
  });

  it('gives overrides mapped paths only: a chroot holds whatever the override does', async () => {
    const seen: string[] = [];
    class Spy extends SFTPServer {
      override stat(path: string): Promise<SFTPAttrs> {
        seen.push(path);
        return super.stat(path);
      }
      override listdir(path: string): Promise<SFTPDirEntry[]> {
        seen.push(path);
        return super.listdir(path);
      }
    }
    const fs = new MemoryFileSystem();
    await fs.mkdir('/pub', {});
    const { sftp } = await start(new Spy(fs));
    await sftp.stat('/../../etc/passwd').catch(() => undefined);
    await sftp.stat('pub/../../..').catch(() => undefined);
    await sftp.listdir('../pub/./');
    expect(seen).toEqual(['/etc/passwd', '/', '/pub', '/pub', '/']);
    await sftp.exit();
  });

  it('serves reads and writes through overridable read/write, and calls exit once per session', async () => {
    let exits = 0;
    class Upper extends SFTPServer {
      override async read(...args: Parameters<SFTPServer['read']>): Promise<Uint8Array> {
        const data = await super.read(...args);
        return enc(dec(data).toUpperCase());
      }
      override async exit(): Promise<void> {
        exits++;
      }
    }
    const fs = new MemoryFileSystem();
    await fs.writeFile('/t', enc('shout'));
    const { sftp, served } = await start(new Upper(fs));
    const f = await sftp.open('/t');
    expect(await f.read()).toBe('SHOUT');
    await f.close();
    await sftp.exit();
    await served;
    expect(exits).toBe(1);
  });

  it('custom long names', async () => {
    class Names extends SFTPServer {
      override formatLongname(entry: SFTPDirEntry): string {
        return `entry ${entry.filename}`;
      }
    }
    const fs = new MemoryFileSystem();
    await fs.writeFile('/x', enc(''));
    const { sftp } = await start(new Names(fs));
    expect((await sftp.readdir('/')).map((n) => n.longname)).toContain('entry x');
    await sftp.exit();
  });
});

describe('text mode', () => {
  it('never splits a multi-byte character across reads', async () => {
    const fs = new MemoryFileSystem();
    const text = 'a€b😀c';
    await fs.writeFile('/u.txt', enc(text));
    const { sftp } = await start(new SFTPServer(fs));
    const f = await sftp.open('/u.txt');
    const parts: string[] = [];
    for (;;) {
      const chunk = await f.read(2);
      if (chunk === '') break;
      parts.push(chunk);
    }
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => !p.includes('\ufffd'))).toBe(true);
    await f.seek(1);
    expect(await f.read(3)).toBe('€');
    expect(await f.read(2, 1)).toBe('\ufffd'); // a positional read stands alone
    await f.close();
    await fs.writeFile('/cut.txt', enc('x€').subarray(0, 3));
    const g = await sftp.open('/cut.txt');
    expect(await g.read(1)).toBe('x');
    expect(await g.read(1)).toBe('\ufffd'); // end of file inside a character
    expect(await g.read(1)).toBe('');
    await g.close();
    await sftp.exit();
  });
});
