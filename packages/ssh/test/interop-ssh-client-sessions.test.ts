// OpenSSH's ssh against a byte-mode sshkit server (listen({ encoding: null })):
// ssh -tt with a pty, SendEnv, ssh -s with a custom subsystem, and 64 MiB through cat.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { PTY_VINTR, type SessionData, type SSHServerProcess } from '../src/index.js';
import { patternBytes } from './support/interop-net.js';
import { finished, type OurServer, startOurServer } from './support/openssh-client.js';

const tools = requireTools('ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;
// util-linux script(1) gives ssh a terminal whose size we set.
const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
const itScript = script ? it : it.skip;

const MiB = 1024 * 1024;
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

async function processFactory(proc: SSHServerProcess<Uint8Array>): Promise<void> {
  if (proc.subsystem === 'sshkit-upper') {
    proc.stdout.write(Buffer.from(text(await proc.stdin.read(-1)).toUpperCase()));
    proc.exit(0);
  } else if (proc.command === 'cat') {
    for (;;) {
      const data = await proc.stdin.read(256 * 1024);
      if (data.length === 0) break;
      proc.stdout.write(data);
      await proc.stdout.drain();
    }
    proc.exit(0);
  } else if (proc.command === 'pty-info') {
    const [w, h] = proc.getTerminalSize();
    proc.stdout.write(
      Buffer.from(`term=${proc.getTerminalType()} size=${w}x${h} intr=${proc.getTerminalMode(PTY_VINTR)}\n`),
    );
    proc.exit(0);
  } else if (proc.command === 'env-info') {
    proc.stdout.write(Buffer.from(`${JSON.stringify(proc.env)}\n`));
    proc.exit(0);
  } else {
    proc.stderr.write(Buffer.from(`unexpected ${proc.subsystem ?? proc.command}\n`));
    proc.exit(127);
  }
}

describeInterop('OpenSSH ssh sessions against a byte-mode listen()', () => {
  let server: OurServer;

  beforeAll(async () => {
    server = await startOurServer(tools!, {
      encoding: null,
      processFactory: processFactory as (p: SSHServerProcess<SessionData>) => unknown,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('ssh -tt: the process sees a pty with ssh TERM (size 0x0 from a pipe)', async () => {
    const child = server.spawnSsh(['-tt', 'me@127.0.0.1', 'pty-info'], {
      ...process.env,
      TERM: 'xterm-sshkit',
    });
    child.stdin.end();
    const r = await finished(child);
    expect(r.code).toBe(0);
    // ssh asks the size of its stdin, a pipe here, and sends zeros; no modes without a terminal.
    expect(text(r.stdout)).toBe('term=xterm-sshkit size=0x0 intr=undefined\n');
  });

  itScript('ssh -tt from a terminal: the process sees its size and modes', async () => {
    // script(1) runs ssh on a fresh pty; stty sets that pty's size before ssh reads it.
    const ssh = [tools!.ssh, ...server.sshArgs(), '-tt', 'me@127.0.0.1', 'pty-info'].join(' ');
    const child = spawn(script as string, ['-qec', `stty rows 33 cols 101; exec ${ssh}`, '/dev/null'], {
      env: { ...process.env, TERM: 'vt100' },
    });
    child.stdin.end();
    const r = await finished(child);
    expect(r.code).toBe(0);
    // ssh forwards the terminal's ^C (3) as VINTR.
    expect(text(r.stdout)).toContain('term=vt100 size=101x33 intr=3');
  });

  it('ssh -o SendEnv: the variables reach the process', async () => {
    const child = server.spawnSsh(['-o', 'SendEnv=SSHKIT_GREETING', 'me@127.0.0.1', 'env-info'], {
      ...process.env,
      SSHKIT_GREETING: 'hello from ssh',
    });
    child.stdin.end();
    const r = await finished(child);
    expect(r.code).toBe(0);
    expect(JSON.parse(text(r.stdout))).toEqual({ SSHKIT_GREETING: 'hello from ssh' });
  });

  it('ssh -s runs a custom subsystem the process factory serves', async () => {
    const child = server.spawnSsh(['-s', 'me@127.0.0.1', 'sshkit-upper']);
    child.stdin.end('through a subsystem\n');
    const r = await finished(child);
    expect(r.code).toBe(0);
    expect(text(r.stdout)).toBe('THROUGH A SUBSYSTEM\n');
  });

  it('pipes 64 MiB of bytes through ssh host cat with the hash intact', async () => {
    const total = 64 * MiB;
    const chunk = 256 * 1024;
    const block = patternBytes(chunk, 0xcafe);
    const child = server.spawnSsh(['me@127.0.0.1', 'cat']);
    const sent = createHash('sha256');
    const got = createHash('sha256');
    let received = 0;
    child.stdout.on('data', (d: Buffer) => {
      got.update(d);
      received += d.length;
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on('close', r));
    for (let off = 0; off < total; off += chunk) {
      const part = Buffer.from(block);
      part.writeUInt32BE(off / chunk);
      sent.update(part);
      if (!child.stdin.write(part)) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end();
    expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: '' });
    expect(received).toBe(total);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
  });
});
