import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SFTPClient } from '../src/client/sftp-client.js';
import { LocalFileSystem } from '../src/node/local-fs.js';
import { spawnStream } from '../src/node/streams.js';
import { decodePath, encodePath } from '../src/path-bytes.js';
import { SFTPServer } from '../src/server/sftp-server.js';
import { memoryStreamPair } from '../src/stream.js';
import { describeInterop, requireProgram, SFTP_SERVER } from './interop.js';

/** `f\xff.t`: not UTF-8, so it cannot travel as text. */
const NAME = Buffer.from([0x66, 0xff, 0x2e, 0x74]);
const cat = (...parts: (Uint8Array | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Byte names on disk under `dir` (read as bytes, sorted). */
function diskNames(dir: Buffer): string[] {
  return readdirSync(dir, { encoding: 'buffer' })
    .map((n) => n.toString('hex'))
    .sort();
}

/**
 * The round trip, against a server whose tree `remote` is at host path
 * `host` (the same for sftp-server; `/` of a chroot for our server).
 */
async function roundTrip(sftp: SFTPClient, host: Buffer, remote: Buffer, local: Buffer): Promise<void> {
  // A file made on disk with a non-UTF-8 name is listed as bytes, exactly.
  writeFileSync(cat(host, '/', NAME), 'made on disk');
  const names = await sftp.listdir(remote);
  expect(names.every((n) => n instanceof Uint8Array)).toBe(true);
  expect(names.map((n) => Buffer.from(n).toString('hex'))).toContain(NAME.toString('hex'));
  const entry = (await sftp.readdir(remote)).find((n) => Buffer.from(n.filename).equals(NAME));
  expect(entry?.attrs.size).toBe(12);
  expect(Buffer.from(entry?.longname ?? []).includes(NAME)).toBe(true);

  // Stat, get and put by bytes path.
  expect((await sftp.stat(cat(remote, '/', NAME))).size).toBe(12);
  await sftp.get(cat(remote, '/', NAME), cat(local, '/', NAME));
  expect(readFileSync(cat(local, '/', NAME), 'utf8')).toBe('made on disk');
  writeFileSync(cat(local, '/up-', NAME), 'uploaded');
  await sftp.put(cat(local, '/up-', NAME), cat(remote, '/up-', NAME));
  expect(readFileSync(cat(host, '/up-', NAME), 'utf8')).toBe('uploaded');

  // Rename, mkdir, links and realpath keep the bytes.
  await sftp.rename(cat(remote, '/up-', NAME), cat(remote, '/moved-', NAME));
  await sftp.mkdir(cat(remote, '/dir-', NAME));
  await sftp.symlink(NAME, cat(remote, '/link-', NAME));
  expect(Buffer.from(await sftp.readlink(cat(remote, '/link-', NAME))).equals(NAME)).toBe(true);
  const real = await sftp.realpath(cat(remote, '/dir-', NAME));
  expect(real).toBeInstanceOf(Uint8Array);
  expect(
    Buffer.from(real)
      .subarray(-NAME.length - 4)
      .equals(cat('dir-', NAME)),
  ).toBe(true);
  expect(diskNames(host)).toEqual(
    [NAME, cat('dir-', NAME), cat('link-', NAME), cat('moved-', NAME)].map((n) => n.toString('hex')).sort(),
  );

  // The same name as a string path: each bad byte is U+DC00 + byte, and it maps back.
  const text = (await sftp.listdir(decodePath(remote))).find((n) => n.startsWith('moved-'));
  expect(text).toBe(`moved-f\udcff.t`);
  expect((await sftp.stat(`${decodePath(remote)}/${text}`)).size).toBe(8);
  expect(Buffer.from(encodePath(text ?? '')).equals(cat('moved-', NAME))).toBe(true);

  // A recursive download of a tree with byte names.
  await sftp.get(cat(remote, '/dir-', NAME), cat(local, '/tree'), { recurse: true });
  await sftp.remove(cat(remote, '/moved-', NAME));
  await sftp.rmdir(cat(remote, '/dir-', NAME));
  expect(diskNames(host)).toEqual([NAME, cat('link-', NAME)].map((n) => n.toString('hex')).sort());
}

describeInterop(SFTP_SERVER)('byte (non-UTF-8) file names against OpenSSH sftp-server', () => {
  let dir = '';
  let sftp: SFTPClient;

  beforeAll(async () => {
    const program = requireProgram(SFTP_SERVER, 'sftp-server');
    dir = mkdtempSync(join(tmpdir(), 'sshkit-sftp-bytes-'));
    mkdirSync(join(dir, 'remote'));
    mkdirSync(join(dir, 'local'));
    const { stream } = spawnStream(program, ['-e', '-l', 'ERROR'], { stdio: ['pipe', 'pipe', 'ignore'] });
    sftp = await SFTPClient.start(stream, { localFs: new LocalFileSystem() });
  });

  afterAll(async () => {
    await sftp?.exit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists, reads, writes, renames and links a name that is not UTF-8', async () => {
    const host = Buffer.from(join(dir, 'remote'));
    await roundTrip(sftp, host, host, Buffer.from(join(dir, 'local')));
  });
});

describe('byte (non-UTF-8) file names against SFTPServer (chrooted LocalFileSystem)', () => {
  let dir = '';
  let sftp: SFTPClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-sftp-bytes-'));
    mkdirSync(join(dir, 'root'));
    mkdirSync(join(dir, 'local'));
    const [c, s] = memoryStreamPair();
    void new SFTPServer(new LocalFileSystem({ root: join(dir, 'root') })).serve(s);
    sftp = await SFTPClient.start(c, { localFs: new LocalFileSystem() });
  });

  afterAll(async () => {
    await sftp?.exit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists, reads, writes, renames and links a name that is not UTF-8', async () => {
    await roundTrip(sftp, Buffer.from(join(dir, 'root')), Buffer.from('/'), Buffer.from(join(dir, 'local')));
  });

  it('follows a link whose target is not UTF-8, inside the chroot', async () => {
    writeFileSync(cat(join(dir, 'root'), '/t-', NAME), 'target');
    symlinkSync(cat('t-', NAME), cat(join(dir, 'root'), '/via'));
    const f = await sftp.open('/via', 'r');
    expect(await f.read()).toBe('target');
    await f.close();
  });
});
