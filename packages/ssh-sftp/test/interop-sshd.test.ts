import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import { SFTPClient } from '../src/client/sftp-client.js';
import { LocalFileSystem } from '../src/node/local-fs.js';
import { spawnStream } from '../src/node/streams.js';
import { bulkTmp, makeSmallTree, randomFile, sha256File, treeState } from './bulk.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen', 'sftp-server');
const SIZE = 256 * 1024 * 1024;

// Our client through a real sshd: OpenSSH's ssh carries the session and
// sshd runs sftp-server as the "sftp" subsystem.
(tools ? describe : describe.skip)('SFTPClient through sshd (ssh -s sftp)', () => {
  let sshd: SshdInstance;
  let dir = '';
  let sftp: SFTPClient;

  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    dir = mkdtempSync(join(bulkTmp(2 * SIZE), 'sshkit-sftp-sshd-'));
    const { stream } = spawnStream(
      tools?.ssh as string,
      [
        ...['-F', 'none', '-T', '-p', String(sshd.port), '-l', sshd.user, '-i', sshd.clientKeyPath],
        ...[
          '-o',
          'BatchMode=yes',
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          `UserKnownHostsFile=${sshd.knownHostsPath}`,
        ],
        ...['-o', 'StrictHostKeyChecking=yes', '-s', sshd.host, 'sftp'],
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    sftp = await SFTPClient.start(stream, { localFs: new LocalFileSystem() });
  });

  afterAll(async () => {
    await sftp?.exit();
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts and gets 256 MiB intact (SHA-256)', async () => {
    const digest = randomFile(join(dir, 'big.bin'), SIZE);
    expect(sftp.limits?.maxReadLength).toBeGreaterThan(32 * 1024);
    await sftp.put(join(dir, 'big.bin'), join(dir, 'up.bin'));
    expect(sha256File(join(dir, 'up.bin'))).toBe(digest);
    rmSync(join(dir, 'up.bin'));
    await sftp.get(join(dir, 'big.bin'), join(dir, 'down.bin'));
    expect(sha256File(join(dir, 'down.bin'))).toBe(digest);
    rmSync(join(dir, 'down.bin'));
  });

  it('mputs and mgets a tree of 1000 small files with recurse and preserve', async () => {
    const local = join(dir, 'tree');
    makeSmallTree(local, 1000);
    const want = treeState(local);
    mkdirSync(join(dir, 'remote'));
    await sftp.mput(local, join(dir, 'remote'), { recurse: true, preserve: true });
    expect(treeState(join(dir, 'remote', 'tree'))).toEqual(want);
    mkdirSync(join(dir, 'back'));
    await sftp.mget(join(dir, 'remote', 'tree'), join(dir, 'back'), { recurse: true, preserve: true });
    expect(treeState(join(dir, 'back', 'tree'))).toEqual(want);
  });
});
