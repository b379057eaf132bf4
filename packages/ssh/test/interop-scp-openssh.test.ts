// OpenSSH's scp client against an sshkit server: the legacy protocol
// (`scp -O`) served by allowScp on the sftpFactory's file system, and the
// SFTP-based default for comparison.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, sshClientArgs } from '@sshkit/testkit';
import { LocalFileSystem, SFTPServer, type SSHServerOptions } from '../src/index.js';
import { type OurServer, startOurServer } from './support/openssh-client.js';

const tools = requireTools('ssh', 'scp', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const OLD_TIME = new Date('2002-03-04T05:06:07Z');

interface ScpResult {
  code: number;
  stderr: string;
}

describeInterop('OpenSSH scp against listen() with allowScp', () => {
  let server: OurServer;
  let plain: OurServer;
  let root: string;
  let local: string;
  let n = 0;

  async function start(options: Partial<SSHServerOptions>): Promise<OurServer> {
    const s = await startOurServer(tools!, {
      sftpFactory: () => new SFTPServer(new LocalFileSystem({ root }), { homeDirectory: '/home' }),
      ...options,
    });
    return s;
  }

  beforeAll(async () => {
    server = await start({ allowScp: true });
    // The served tree lives in the first server's temp dir; `/home` in it is the user's home.
    root = join(server.dir, 'root');
    local = join(server.dir, 'local');
    mkdirSync(join(root, 'home'), { recursive: true });
    mkdirSync(local);
    plain = await start({});
  });
  afterAll(async () => {
    await plain?.close();
    await server?.close();
  });

  function scpTool(target: OurServer, args: string[]): Promise<ScpResult> {
    const base = sshClientArgs(
      { port: target.acceptor.getPort(), keyPath: target.keyPath, knownHostsPath: target.knownHostsPath },
      '-P',
    );
    return new Promise((resolve) =>
      execFile(tools!.scp, [...base, ...args], { encoding: 'utf8', timeout: 30_000 }, (e, _out, stderr) =>
        resolve({ code: e ? Number(e.code ?? 1) : 0, stderr }),
      ),
    );
  }
  const fresh = (where: string) => {
    const dir = join(where, `t${++n}`);
    mkdirSync(dir);
    return dir;
  };

  it('takes an upload into the home directory and serves the download (scp -O)', async () => {
    const here = fresh(local);
    const data = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(join(here, 'up.bin'), data);
    const up = await scpTool(server, ['-O', join(here, 'up.bin'), 'me@127.0.0.1:up.bin']);
    expect(up).toEqual({ code: 0, stderr: '' });
    expect(sha256(readFileSync(join(root, 'home', 'up.bin')))).toBe(sha256(data));
    const down = await scpTool(server, ['-O', 'me@127.0.0.1:/home/up.bin', join(here, 'down.bin')]);
    expect(down.code).toBe(0);
    expect(sha256(readFileSync(join(here, 'down.bin')))).toBe(sha256(data));
  });

  it('copies a tree both ways with -r -p, times and modes kept', async () => {
    const here = fresh(local);
    mkdirSync(join(here, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(here, 'tree', 'x.txt'), 'x\n', { mode: 0o640 });
    writeFileSync(join(here, 'tree', 'sub', 'y.txt'), 'y\n', { mode: 0o600 });
    for (const p of ['tree/x.txt', 'tree/sub/y.txt', 'tree/sub', 'tree']) {
      utimesSync(join(here, p), OLD_TIME, OLD_TIME);
    }
    expect((await scpTool(server, ['-O', '-r', '-p', join(here, 'tree'), 'me@127.0.0.1:'])).code).toBe(0);
    const uploaded = join(root, 'home', 'tree');
    expect(readFileSync(join(uploaded, 'sub', 'y.txt'), 'utf8')).toBe('y\n');
    expect(statSync(join(uploaded, 'x.txt')).mode & 0o777).toBe(0o640);
    expect(statSync(join(uploaded, 'sub', 'y.txt')).mtimeMs).toBe(OLD_TIME.getTime());
    expect(statSync(join(uploaded, 'sub')).mtimeMs).toBe(OLD_TIME.getTime());
    const back = fresh(local);
    expect((await scpTool(server, ['-O', '-r', '-p', 'me@127.0.0.1:tree', back])).code).toBe(0);
    expect(readFileSync(join(back, 'tree', 'x.txt'), 'utf8')).toBe('x\n');
    expect(statSync(join(back, 'tree', 'sub', 'y.txt')).mode & 0o777).toBe(0o600);
    expect(statSync(join(back, 'tree', 'x.txt')).mtimeMs).toBe(OLD_TIME.getTime());
  });

  it('expands wildcards on the server and reports a missing file with status 1', async () => {
    const there = fresh(join(root, 'home'));
    for (const name of ['one.log', 'two.log', 'three.txt']) writeFileSync(join(there, name), name);
    const here = fresh(local);
    const dir = `t${n - 1}`;
    expect((await scpTool(server, ['-O', `me@127.0.0.1:${dir}/*.log`, here])).code).toBe(0);
    expect(readdirSync(here).sort()).toEqual(['one.log', 'two.log']);
    const missing = await scpTool(server, ['-O', 'me@127.0.0.1:no-such-file', here]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-file: No such file/);
  });

  it('keeps clients inside the served tree', async () => {
    const here = fresh(local);
    writeFileSync(join(here, 'f.txt'), 'confined\n');
    expect(
      (await scpTool(server, ['-O', join(here, 'f.txt'), 'me@127.0.0.1:../../../escaped.txt'])).code,
    ).toBe(0);
    expect(readFileSync(join(root, 'escaped.txt'), 'utf8')).toBe('confined\n');
    expect(readdirSync(server.dir)).not.toContain('escaped.txt');
  });

  it('leaves scp commands to processFactory without allowScp; scp over SFTP works either way', async () => {
    const here = fresh(local);
    writeFileSync(join(here, 'f.txt'), 'via sftp\n');
    const refused = await scpTool(plain, ['-O', join(here, 'f.txt'), 'me@127.0.0.1:legacy.txt']);
    expect(refused.code).not.toBe(0);
    const viaSftp = await scpTool(plain, [join(here, 'f.txt'), 'me@127.0.0.1:sftp.txt']);
    expect(viaSftp.code).toBe(0);
    expect(readFileSync(join(root, 'home', 'sftp.txt'), 'utf8')).toBe('via sftp\n');
  });
});
