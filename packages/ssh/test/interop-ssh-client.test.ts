// OpenSSH's ssh and sftp clients against an sshkit server (listen()):
// publickey auth, exec with exit status and stderr, a large pipe through cat,
// -L and -R forwarding, and sftp over the sftp subsystem.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import {
  generatePrivateKey,
  importAuthorizedKeys,
  importPrivateKey,
  LocalFileSystem,
  listen,
  type SessionData,
  SFTPServer,
  type SSHAcceptor,
  SSHServer,
  type SSHServerProcess,
} from '../src/index.js';

const tools = requireTools('ssh', 'sftp', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

class ForwardingServer extends SSHServer {
  override connectionRequested() {
    return true;
  }
  override serverRequested() {
    return true;
  }
}

async function processFactory(proc: SSHServerProcess<string>): Promise<void> {
  if (proc.command === 'cat') {
    for (;;) {
      const data = await proc.stdin.read(256 * 1024);
      if (data.length === 0) break;
      proc.stdout.write(data);
    }
    proc.exit(0);
    return;
  }
  proc.stdout.write(`you said ${proc.command}\n`);
  proc.stderr.write('a warning\n');
  proc.exit(proc.command === 'fail' ? 42 : 0);
}

describeInterop('OpenSSH clients against listen()', () => {
  let dir: string;
  let acceptor: SSHAcceptor;
  let knownHosts: string;
  let keyPath: string;
  let echo: Server;
  let echoPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-ssh-'));
    keyPath = join(dir, 'id_ed25519');
    execFileSync(tools!['ssh-keygen'], ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
    const hostKey = generatePrivateKey('ecdsa-sha2-nistp256');
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      authorizedClientKeys: importAuthorizedKeys(readFileSync(`${keyPath}.pub`, 'utf8')),
      serverFactory: () => new ForwardingServer(),
      processFactory: processFactory as (p: SSHServerProcess<SessionData>) => unknown,
      sftpFactory: () => new SFTPServer(new LocalFileSystem({ root: dir })),
    });
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${acceptor.getPort()} ${hostKey.exportPublicKey('openssh')}\n`);
    echo = createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as { port: number }).port;
    expect(importPrivateKey(readFileSync(keyPath, 'utf8')).algorithm).toBe('ssh-ed25519');
  });
  afterAll(async () => {
    acceptor?.close();
    echo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sshArgs = () => [
    '-F',
    '/dev/null',
    '-p',
    String(acceptor.getPort()),
    '-i',
    keyPath,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
  ];

  function ssh(
    args: string[],
    input?: Buffer,
  ): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(tools!.ssh, [...sshArgs(), ...args]);
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
      if (input) child.stdin.end(input);
      else child.stdin.end();
    });
  }

  it('runs a command: stdout, stderr and the exit status come back', async () => {
    const ok = await ssh(['me@127.0.0.1', 'hello']);
    expect(ok.stdout.toString()).toBe('you said hello\n');
    expect(ok.stderr).toContain('a warning');
    expect(ok.code).toBe(0);
    expect((await ssh(['me@127.0.0.1', 'fail'])).code).toBe(42);
  });

  it('pipes 16 MiB through ssh host cat with the hash intact', async () => {
    const input = Buffer.alloc(16 * 1024 * 1024, 'sshkit-');
    const r = await ssh(['me@127.0.0.1', 'cat'], input);
    expect(r.code).toBe(0);
    expect(createHash('sha256').update(r.stdout).digest('hex')).toBe(
      createHash('sha256').update(input).digest('hex'),
    );
  });

  it.each(['-L', '-R'])('forwards with ssh %s', async (flag) => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(tools!.ssh, [
      ...sshArgs(),
      '-N',
      flag,
      `127.0.0.1:${port}:127.0.0.1:${echoPort}`,
      'me@127.0.0.1',
    ]);
    try {
      expect(await retry(() => roundTrip(port, `via ssh ${flag}`))).toBe(`via ssh ${flag}`);
    } finally {
      child.kill();
    }
  });

  it('serves sftp to the OpenSSH sftp client', async () => {
    writeFileSync(join(dir, 'upload.txt'), 'sent by OpenSSH sftp\n');
    const batch = join(dir, 'batch');
    writeFileSync(batch, `put ${join(dir, 'upload.txt')} /uploaded.txt\nls -l /\n`);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        tools!.sftp,
        [
          '-F',
          '/dev/null',
          '-P',
          String(acceptor.getPort()),
          '-i',
          keyPath,
          '-o',
          'BatchMode=yes',
          '-o',
          `UserKnownHostsFile=${knownHosts}`,
          '-b',
          batch,
          'me@127.0.0.1',
        ],
        { encoding: 'utf8', timeout: 20_000 },
        (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(out).toContain('uploaded.txt');
    expect(readFileSync(join(dir, 'uploaded.txt'), 'utf8')).toBe('sent by OpenSSH sftp\n');
  });
});

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = netConnect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (d: Buffer) => {
      got += d.toString();
    });
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
}

async function retry<T>(fn: () => Promise<T>, attempts = 50): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
