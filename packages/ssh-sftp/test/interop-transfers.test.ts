import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { SFTPClient } from '../src/client/sftp-client.js';
import { PacketDecoder } from '../src/framing.js';
import { LocalFileSystem } from '../src/node/local-fs.js';
import { spawnStream } from '../src/node/streams.js';
import { decodePacket } from '../src/packets.js';
import type { ByteStream } from '../src/stream.js';
import { pseudoRandomBytes, sameBytes } from './helpers.js';
import { describeInterop, requireProgram, SFTP_SERVER } from './interop.js';

/** Counts the requests the client sends, by type (extended requests by name). */
function tap(stream: ByteStream, counts: Map<string, number>): ByteStream {
  const decoder = new PacketDecoder();
  return {
    write: (data) => {
      for (const payload of decoder.feed(data)) {
        const p = decodePacket(payload);
        const key = p.type === 'extended' ? p.request : p.type;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return stream.write(data);
    },
    onData: (l) => stream.onData(l),
    onClose: (l) => stream.onClose(l),
    close: () => stream.close(),
  };
}

/** Relative path -> 'dir' | 'link:target' | 'file:<size>:<sha-free byte check>' of a host tree. */
function hostTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const r = rel + name;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(r, 'dir');
        walk(p, `${r}/`);
      } else out.set(r, `file:${readFileSync(p).toString('base64')}`);
    }
  };
  walk(root, '');
  return out;
}

function makeHostTree(root: string): void {
  mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'big.bin'), pseudoRandomBytes(1_500_000, 21));
  writeFileSync(join(root, 'a.txt'), 'alpha');
  writeFileSync(join(root, 'zero'), '');
  writeFileSync(join(root, 'sub', 'b.txt'), 'beta');
  writeFileSync(join(root, 'sub', 'deeper', 'c.bin'), pseudoRandomBytes(300_000, 22));
  for (let i = 0; i < 6; i++)
    writeFileSync(join(root, 'sub', `n${i}.log`), pseudoRandomBytes(40_000 + i, i + 30));
  symlinkSync('a.txt', join(root, 'link'));
  utimesSync(join(root, 'a.txt'), 1_000_000, 2_000_000);
}

describeInterop(SFTP_SERVER)('transfers and extensions against OpenSSH sftp-server', () => {
  let dir = '';
  let sftp: SFTPClient;
  const counts = new Map<string, number>();

  beforeAll(async () => {
    const program = requireProgram(SFTP_SERVER, 'sftp-server');
    dir = mkdtempSync(join(tmpdir(), 'sshkit-sftp-xfer-'));
    const { stream } = spawnStream(program, ['-e', '-l', 'ERROR'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    sftp = await SFTPClient.start(tap(stream, counts), { localFs: new LocalFileSystem() });
  });

  afterAll(async () => {
    await sftp?.exit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers copy-data, and copy uses it (no READ or WRITE crosses the wire)', async () => {
    expect(sftp.extensions.get('copy-data')).toBe('1');
    expect(sftp.supportsRemoteCopy).toBe(true);
    const data = pseudoRandomBytes(2 * 1024 * 1024 + 3, 8);
    writeFileSync(join(dir, 'src.bin'), data);
    counts.clear();
    await sftp.copy(join(dir, 'src.bin'), join(dir, 'dst.bin'), { preserve: true });
    expect(sameBytes(readFileSync(join(dir, 'dst.bin')), data)).toBe(true);
    expect(counts.get('copy-data')).toBe(1);
    expect(counts.get('read') ?? 0).toBe(0);
    expect(counts.get('write') ?? 0).toBe(0);
    expect(Math.floor(statSync(join(dir, 'dst.bin')).mtimeMs / 1000)).toBe(
      Math.floor(statSync(join(dir, 'src.bin')).mtimeMs / 1000),
    );
  });

  it('copies a tree on the server (recurse, preserve) with tree equality', async () => {
    makeHostTree(join(dir, 'ctree'));
    counts.clear();
    await sftp.copy(join(dir, 'ctree'), join(dir, 'ccopy'), { recurse: true, preserve: true });
    expect(hostTree(join(dir, 'ccopy'))).toEqual(hostTree(join(dir, 'ctree')));
    expect(counts.get('copy-data')).toBe(11);
    expect(statSync(join(dir, 'ccopy', 'a.txt')).mtimeMs).toBe(2_000_000_000);
  });

  it('mput and mget a directory tree, byte for byte, several files at once', async () => {
    const local = join(dir, 'localtree');
    makeHostTree(local);
    await sftp.mkdir(join(dir, 'remote'));
    await sftp.mput(join(dir, 'localt*'), join(dir, 'remote'), { recurse: true, preserve: true });
    expect(hostTree(join(dir, 'remote', 'localtree'))).toEqual(hostTree(local));
    mkdirSync(join(dir, 'back'));
    let errors = 0;
    await sftp.mget([join(dir, 'remote', '*')], join(dir, 'back'), {
      recurse: true,
      maxParallel: 4,
      errorHandler: () => void errors++,
    });
    expect(errors).toBe(0);
    expect(hostTree(join(dir, 'back', 'localtree'))).toEqual(hostTree(local));
    expect(hostTree(local).size).toBe(15);
  });

  it('resumes a download against sftp-server', async () => {
    const data = pseudoRandomBytes(500_000, 77);
    writeFileSync(join(dir, 'r.bin'), data);
    writeFileSync(join(dir, 'partial.bin'), data.subarray(0, 123_456));
    counts.clear();
    await sftp.get(join(dir, 'r.bin'), join(dir, 'partial.bin'), { resume: true });
    expect(sameBytes(readFileSync(join(dir, 'partial.bin')), data)).toBe(true);
    // Only the missing part was read: its blocks, plus the short last block's
    // remainder and the end-of-file probe (the whole file would take 16 blocks).
    expect(counts.get('read') ?? 0).toBe(Math.ceil((500_000 - 123_456) / sftp.blockSize) + 2);
  });

  it('home-directory, expand-path and users-groups-by-id', async () => {
    // sftp-server's "~" is where it started (it expects to start in the home directory).
    const start = realpathSync(dir);
    expect(await sftp.homedir()).toBe(start);
    expect(await sftp.expandPath('~')).toBe(start);
    expect(await sftp.realpath('~/')).toBe(start);
    const me = userInfo();
    expect(sftp.extensions.get('home-directory')).toBe('1');
    expect(await sftp.homedir(me.username)).toBe(homedir());
    const names = await sftp.usersGroupsById([me.uid, 0], [0]);
    expect(names.users).toEqual([me.username, 'root']);
    expect(names.groups[0]).toMatch(/^(root|wheel)$/);
  });
});
