import { execFile } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { LocalFileSystem } from '../src/node/local-fs.js';
import { fromNodeStreams } from '../src/node/streams.js';
import { SFTPServer } from '../src/server/sftp-server.js';
import { pseudoRandomBytes, sameBytes } from './helpers.js';
import { describeInterop, requireProgram, SFTP_CLIENT } from './interop.js';

const relay = join(fileURLToPath(new URL('.', import.meta.url)), 'stdio-relay.mjs');

function run(
  program: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd, timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

describeInterop(SFTP_CLIENT)('OpenSSH sftp client against SFTPServer (chrooted LocalFileSystem)', () => {
  let base = '';
  let root = '';
  let local = '';
  let socketPath = '';
  let listener: Server;

  beforeAll(async () => {
    requireProgram(SFTP_CLIENT, 'sftp');
    base = mkdtempSync(join(tmpdir(), 'sshkit-sftp-rev-'));
    root = join(base, 'root');
    local = join(base, 'local');
    mkdirSync(root);
    mkdirSync(local);
    socketPath = join(base, 'sock');
    const server = new SFTPServer(new LocalFileSystem({ root }));
    listener = createServer((sock) => void server.serve(fromNodeStreams(sock, sock)));
    await new Promise<void>((resolve) => listener.listen(socketPath, resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const sftp = (batch: string) => {
    writeFileSync(join(base, 'batch'), batch);
    return run(
      requireProgram(SFTP_CLIENT, 'sftp'),
      ['-b', join(base, 'batch'), '-D', `${process.execPath} ${relay} ${socketPath}`],
      local,
    );
  };

  it('puts, gets, lists, makes and removes directories, renames and links', async () => {
    const data = pseudoRandomBytes(2 * 1024 * 1024 + 7, 5);
    writeFileSync(join(local, 'up.bin'), data);
    const r = await sftp(
      [
        'pwd',
        'mkdir dir',
        'put up.bin dir/remote.bin',
        'get dir/remote.bin back.bin',
        'ls -l dir',
        'rename dir/remote.bin dir/moved.bin',
        'ln -s moved.bin dir/link',
        'cp dir/moved.bin dir/copied.bin',
        'put up.bin gone.bin',
        'rm gone.bin',
        'mkdir empty',
        'rmdir empty',
        'df .',
        '',
      ].join('\n'),
    );
    expect(r.stderr).not.toMatch(/Couldn't|failure|denied/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Remote working directory: /');
    // We offer users-groups-by-id@openssh.com, so sftp formats `ls -l` itself, with our names.
    const me = userInfo().username;
    expect(r.stdout).toMatch(new RegExp(`-rw\\S+ +\\S+ +${me} +\\S+ +2097159 .*dir/remote\\.bin`));
    expect(sameBytes(readFileSync(join(root, 'dir', 'moved.bin')), data)).toBe(true);
    expect(sameBytes(readFileSync(join(local, 'back.bin')), data)).toBe(true);
    // `cp` needs the server's copy-data extension (sftp refuses it otherwise).
    expect(sameBytes(readFileSync(join(root, 'dir', 'copied.bin')), data)).toBe(true);
    expect(lstatSync(join(root, 'dir', 'link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'dir', 'link'))).toBe('moved.bin');
    expect(existsSync(join(root, 'gone.bin'))).toBe(false);
    expect(existsSync(join(root, 'empty'))).toBe(false);
  });

  it('keeps the client inside the root', async () => {
    writeFileSync(join(base, 'secret.txt'), 'secret');
    const r = await sftp(['cd ../../..', 'pwd', 'get ../secret.txt stolen.txt', ''].join('\n'));
    expect(r.stdout).toContain('Remote working directory: /');
    expect(r.code).not.toBe(0);
    expect(existsSync(join(local, 'stolen.txt'))).toBe(false);
  });
});
