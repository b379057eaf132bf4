// OpenSSH's ssh and sftp clients against an sshkit server (listen()):
// publickey auth, exec with exit status and stderr, a large pipe through cat,
// -L and -R forwarding, and sftp over the sftp subsystem.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, sshClientArgs } from '@sshkit/testkit';
import {
  importPrivateKey,
  LocalFileSystem,
  type SessionData,
  SFTPServer,
  SSHServer,
  type SSHServerProcess,
} from '../src/index.js';
import { type EchoServer, EOF_SEEN, retry, roundTrip, startEchoServer } from './support/interop-net.js';
import { finished, type OurServer, type SshResult, startOurServer } from './support/openssh-client.js';

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
  let server: OurServer;
  let echo: EchoServer;

  beforeAll(async () => {
    // An ECDSA host key here (the other ssh suites use ed25519), so ssh checks a nistp256 signature from us.
    server = await startOurServer(
      tools!,
      {
        serverFactory: () => new ForwardingServer(),
        processFactory: processFactory as (p: SSHServerProcess<SessionData>) => unknown,
        sftpFactory: () => new SFTPServer(new LocalFileSystem({ root: server.dir })),
      },
      'ecdsa-sha2-nistp256',
    );
    echo = await startEchoServer();
    expect(importPrivateKey(readFileSync(server.keyPath, 'utf8')).algorithm).toBe('ssh-ed25519');
  });
  afterAll(async () => {
    await echo?.close();
    await server?.close();
  });

  function ssh(args: string[], input?: Buffer): Promise<SshResult> {
    const child = server.spawnSsh(args);
    const done = finished(child);
    if (input) child.stdin.end(input);
    else child.stdin.end();
    return done;
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
    const child = server.spawnSsh(['-N', flag, `127.0.0.1:${port}:127.0.0.1:${echo.port}`, 'me@127.0.0.1']);
    try {
      const text = Buffer.from(`via ssh ${flag}`);
      expect(await retry(() => roundTrip(port, text))).toEqual(Buffer.concat([text, EOF_SEEN]));
    } finally {
      child.kill();
    }
  });

  it('serves sftp to the OpenSSH sftp client', async () => {
    const dir = server.dir;
    writeFileSync(join(dir, 'upload.txt'), 'sent by OpenSSH sftp\n');
    const batch = join(dir, 'batch');
    writeFileSync(batch, `put ${join(dir, 'upload.txt')} /uploaded.txt\nls -l /\n`);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        tools!.sftp,
        [
          ...sshClientArgs(
            {
              port: server.acceptor.getPort(),
              keyPath: server.keyPath,
              knownHostsPath: server.knownHostsPath,
            },
            '-P',
          ),
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
