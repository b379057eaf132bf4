// serverFileSystem: the SFTP server's own methods and path mapping behind a
// file system, so scp served from it obeys an SFTPServer subclass.
import { describe, expect, it } from '@jest/globals';
import { SFTPError } from '../src/errors.js';
import { FX_PERMISSION_DENIED, FXF_READ, FXF_WRITE } from '../src/protocol-numbers.js';
import { runSCPServer } from '../src/scp/server.js';
import { scpReceive } from '../src/scp/sink.js';
import { scpSend } from '../src/scp/source.js';
import type { SFTPFileHandle } from '../src/server/filesystem.js';
import { serverFileSystem } from '../src/server/server-file-system.js';
import { SFTPServer } from '../src/server/sftp-server.js';
import { dec, enc } from './helpers.js';
import { memoryFs, runPair } from './scp-support.js';

/** Read-only, and every user confined to /users/<name> by mapPath. */
class ReadOnlyPerUser extends SFTPServer {
  override mapPath(path: string): string {
    return `/users/alice${super.mapPath(path)}`.replace(/\/$/, '');
  }
  override reverseMapPath(path: string): string {
    return path.slice('/users/alice'.length) || '/';
  }
  override open(path: string, pflags: number, attrs: object): Promise<SFTPFileHandle> {
    if (pflags & FXF_WRITE) return Promise.reject(new SFTPError(FX_PERMISSION_DENIED, 'read-only'));
    return super.open(path, pflags, attrs);
  }
}

async function aliceTree() {
  const fs = memoryFs();
  await fs.mkdir('/users', {});
  await fs.mkdir('/users/alice', {});
  await fs.writeFile('/users/alice/notes.txt', enc('mine'));
  await fs.writeFile('/secret.txt', enc('not hers'));
  return fs;
}

describe('serverFileSystem', () => {
  it('maps every path and calls the server’s methods', async () => {
    const backend = await aliceTree();
    const fs = serverFileSystem(new ReadOnlyPerUser(backend));
    expect((await fs.readdir('/')).map((e) => e.filename)).toEqual(['notes.txt']);
    expect(await fs.realpath('/notes.txt')).toBe('/notes.txt');
    const file = await fs.open('/notes.txt', FXF_READ, {});
    expect(dec(await file.read(0, 100))).toBe('mine');
    await file.close();
    await expect(fs.open('/new.txt', FXF_WRITE, {})).rejects.toMatchObject({ code: FX_PERMISSION_DENIED });
    await expect(fs.stat('/secret.txt')).rejects.toBeInstanceOf(SFTPError);
  });

  it('keeps scp inside the subclass’s rules: downloads work, uploads are refused', async () => {
    const backend = await aliceTree();
    const fs = serverFileSystem(new ReadOnlyPerUser(backend));
    const local = memoryFs();
    const down = await runPair(
      (s) => runSCPServer('scp -f notes.txt', s, fs),
      (s) => scpReceive(s, local, '/got.txt'),
    );
    expect(down.sent).toEqual({ status: 'fulfilled', value: 0 });
    expect(dec(await local.readFile('/got.txt'))).toBe('mine');
    const up = await runPair(
      (s) => scpSend(s, local, ['/got.txt']),
      (s) => runSCPServer('scp -t /', s, fs),
    );
    expect(up.received).toEqual({ status: 'fulfilled', value: 1 });
    expect(up.sent.status).toBe('rejected');
    expect((await backend.readdir('/users/alice')).map((e) => e.filename)).toEqual(['notes.txt']);
  });
});
