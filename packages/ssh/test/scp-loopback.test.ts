// scp() against sshkit servers: allowScp on a MemoryFileSystem, remote to
// remote between two servers, and a hostile server that sends files nobody
// asked for (CVE-2019-6111).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  FX_PERMISSION_DENIED,
  FXF_WRITE,
  MemoryFileSystem,
  type SessionData,
  SFTPError,
  SFTPServer,
  type SSHServerProcess,
  scp,
} from '../src/index.js';
import { type Loopback, loopback } from './support/loopback.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('scp() against sshkit servers', () => {
  let fsA: MemoryFileSystem;
  let fsB: MemoryFileSystem;
  let a: Loopback;
  let b: Loopback;
  let local: string;

  beforeAll(async () => {
    fsA = new MemoryFileSystem();
    fsB = new MemoryFileSystem();
    a = await loopback({ allowScp: true, sftpFactory: () => new SFTPServer(fsA, { homeDirectory: '/' }) });
    b = await loopback({ allowScp: true, sftpFactory: () => new SFTPServer(fsB) });
    local = mkdtempSync(join(tmpdir(), 'sshkit-scp-loop-'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (local) rmSync(local, { recursive: true, force: true });
  });

  it('uploads into and downloads from a server file system', async () => {
    writeFileSync(join(local, 'up.txt'), 'to memory\n');
    await scp(join(local, 'up.txt'), { conn: a.conn, path: 'up.txt' });
    expect(new TextDecoder().decode(await fsA.readFile('/up.txt'))).toBe('to memory\n');
    await scp({ conn: a.conn, path: '/up.txt' }, join(local, 'down.txt'));
    expect(readFileSync(join(local, 'down.txt'), 'utf8')).toBe('to memory\n');
  });

  it('copies a tree from one server to another', async () => {
    await fsA.mkdir('/tree', {});
    await fsA.mkdir('/tree/deep', {});
    await fsA.writeFile('/tree/one', text('1'));
    await fsA.writeFile('/tree/deep/two', text('22'));
    await scp({ conn: a.conn, path: '/tree' }, { conn: b.conn, path: '/' }, { recurse: true });
    expect(new TextDecoder().decode(await fsB.readFile('/tree/deep/two'))).toBe('22');
    expect(new TextDecoder().decode(await fsB.readFile('/tree/one'))).toBe('1');
  });

  it('fails a remote-to-remote copy the source cannot serve, naming why', async () => {
    const err = await scp({ conn: a.conn, path: '/absent' }, { conn: b.conn, path: '/' }).catch(
      (e: unknown) => e,
    );
    expect(SFTPError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/remote scp failed/);
  });

  it('obeys an SFTPServer subclass: a read-only server refuses scp uploads', async () => {
    class ReadOnly extends SFTPServer {
      override open(path: string, pflags: number, attrs: object) {
        if (pflags & FXF_WRITE) return Promise.reject(new SFTPError(FX_PERMISSION_DENIED, 'read-only'));
        return super.open(path, pflags, attrs);
      }
    }
    const ro = await loopback({ allowScp: true, sftpFactory: () => new ReadOnly(fsA) });
    try {
      await expect(scp(join(local, 'up.txt'), { conn: ro.conn, path: '/ro.txt' })).rejects.toThrow(
        /read-only/,
      );
      await expect(fsA.stat('/ro.txt')).rejects.toBeInstanceOf(SFTPError);
      await scp({ conn: ro.conn, path: '/up.txt' }, join(local, 'from-ro.txt'));
      expect(readFileSync(join(local, 'from-ro.txt'), 'utf8')).toBe('to memory\n');
    } finally {
      await ro.close();
    }
  });

  it('needs a remote end', async () => {
    await expect(scp(join(local, 'up.txt'), join(local, 'copy.txt'))).rejects.toThrow(TypeError);
  });
});

describe('scp() against a server that sends what was not asked for', () => {
  let evil: Loopback;
  let local: string;

  beforeAll(async () => {
    // Answers any `scp -f` with a file called `.bashrc`, whatever was asked for.
    const processFactory = async (proc: SSHServerProcess<Uint8Array>) => {
      await proc.stdin.read(1);
      proc.stdout.write(text('C0644 5 .bashrc\nevil\n\0'));
      await proc.stdin.read(1);
      await proc.stdin.read(1);
      proc.exit(0);
    };
    evil = await loopback({
      encoding: null,
      processFactory: processFactory as (p: SSHServerProcess<SessionData>) => unknown,
    });
    local = mkdtempSync(join(tmpdir(), 'sshkit-scp-evil-'));
  });
  afterAll(async () => {
    await evil?.close();
    if (local) rmSync(local, { recursive: true, force: true });
  });

  it('refuses the unrequested name and writes nothing', async () => {
    const err = await scp({ conn: evil.conn, path: 'notes.txt' }, local).catch((e: unknown) => e);
    expect(SFTPError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/\.bashrc/);
    expect(readdirSync(local)).toEqual([]);
  });
});
