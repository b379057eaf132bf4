import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { SFTPClient } from '../src/client/sftp-client.js';
import { LocalFileSystem } from '../src/node/local-fs.js';
import { spawnStream } from '../src/node/streams.js';
import {
  bulkTmp,
  type Meter,
  makeSmallTree,
  meter,
  randomFile,
  rssGrowth,
  sha256File,
  treeState,
} from './bulk.js';
import { describeInterop, requireProgram, SFTP_SERVER } from './interop.js';

const MiB = 1024 * 1024;
const BIG = 256 * MiB;

describeInterop(SFTP_SERVER)('bulk transfers against OpenSSH sftp-server over pipes', () => {
  let dir = '';
  let sftp: SFTPClient;
  let seen: Meter;
  let digest = '';

  beforeAll(async () => {
    const program = requireProgram(SFTP_SERVER, 'sftp-server');
    dir = mkdtempSync(join(bulkTmp(2 * BIG), 'sshkit-sftp-bulk-'));
    const { stream } = spawnStream(program, ['-e', '-l', 'ERROR'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const metered = meter(stream);
    seen = metered.seen;
    sftp = await SFTPClient.start(metered.stream, { localFs: new LocalFileSystem() });
    digest = randomFile(join(dir, 'big.bin'), BIG);
  });

  afterAll(async () => {
    await sftp?.exit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Pipelined: many requests in flight, but never more than maxRequests blocks,
  // so a 256 MiB transfer holds at most 64 x 255 KiB, not the file.
  const expectBounded = (): void => {
    const limit = sftp.maxRequests * sftp.blockSize;
    expect(seen.maxOutstandingRequests).toBeLessThanOrEqual(sftp.maxRequests);
    expect(seen.maxOutstandingRequests).toBeGreaterThanOrEqual(8);
    expect(seen.maxOutstandingBytes).toBeLessThanOrEqual(limit);
  };

  it('puts 256 MiB intact (SHA-256) with bounded buffering', async () => {
    seen.maxOutstandingBytes = 0;
    seen.maxOutstandingRequests = 0;
    const growth = rssGrowth();
    await sftp.put(join(dir, 'big.bin'), join(dir, 'up.bin'));
    const grown = growth();
    expect(sha256File(join(dir, 'up.bin'))).toBe(digest);
    expectBounded();
    expect(grown).toBeLessThan(BIG / 2);
    rmSync(join(dir, 'up.bin'));
  });

  it('gets 256 MiB intact (SHA-256) with bounded buffering', async () => {
    seen.maxOutstandingBytes = 0;
    seen.maxOutstandingRequests = 0;
    const growth = rssGrowth();
    await sftp.get(join(dir, 'big.bin'), join(dir, 'down.bin'));
    const grown = growth();
    expect(sha256File(join(dir, 'down.bin'))).toBe(digest);
    expectBounded();
    expect(grown).toBeLessThan(BIG / 2);
    rmSync(join(dir, 'down.bin'));
  });

  it('mputs and mgets a tree of 1000 small files with recurse and preserve (times, permissions)', async () => {
    const local = join(dir, 'tree');
    makeSmallTree(local, 1000);
    const want = treeState(local);
    expect([...want.keys()].filter((k) => !k.endsWith('/')).length).toBe(1000);
    mkdirSync(join(dir, 'remote'));
    await sftp.mput(join(dir, 'tre?'), join(dir, 'remote'), { recurse: true, preserve: true });
    expect(treeState(join(dir, 'remote', 'tree'))).toEqual(want);
    mkdirSync(join(dir, 'back'));
    await sftp.mget(join(dir, 'remote', '*'), join(dir, 'back'), { recurse: true, preserve: true });
    expect(treeState(join(dir, 'back', 'tree'))).toEqual(want);
  });
});
