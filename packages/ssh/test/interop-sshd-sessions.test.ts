// Our client's sessions against OpenSSH's sshd: exec with stdout, stderr and
// exit status, 64 MiB through cat, env with AcceptEnv, a pty, and signals.
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureUnprivilegedUser, requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  connect,
  generatePrivateKey,
  MAX_SEND_PACKET_SIZE,
  ProcessError,
  type SSHClientConnection,
  type SSHClientProcess,
  SSHClientSession,
} from '../src/index.js';
import { patternBytes } from './support/interop-net.js';

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;
// Not root where possible: sshd does not deliver signals to root sessions (and starts them slower).
const account = tools ? ensureUnprivilegedUser() : undefined;
const itSignals = account ? it : it.skip;

const MiB = 1024 * 1024;

describeInterop('sessions: connect() against OpenSSH sshd', () => {
  const clientKey = generatePrivateKey('ssh-ed25519');
  let keysDir: string;
  let server: SshdInstance;
  let conn: SSHClientConnection;
  const login = (username: string) =>
    connect('127.0.0.1', {
      port: server.port,
      username,
      clientKeys: [clientKey],
      knownHosts: server.knownHostsPath,
    });

  beforeAll(async () => {
    // An authorized_keys every account can read: sshd reads it as the user logging in.
    keysDir = mkdtempSync(join(tmpdir(), 'sshkit-keys-'));
    chmodSync(keysDir, 0o755);
    const authorizedKeys = join(keysDir, 'authorized_keys');
    writeFileSync(authorizedKeys, `${clientKey.exportPublicKey('openssh')}\n`, { mode: 0o644 });
    server = await startSshd({
      hostKeyTypes: ['ed25519'],
      config: [`AuthorizedKeysFile ${authorizedKeys}`, 'AcceptEnv LANG SSHKIT_*', 'PermitTTY yes'],
    });
    conn = await login(account ?? server.user);
  });
  afterAll(async () => {
    conn?.close();
    await conn?.waitClosed();
    await server?.stop();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('runs a command: stdout, stderr and the exit status', async () => {
    const r = await conn.run('echo "to stdout"; echo err >&2; exit 3');
    expect(r.stdout).toBe('to stdout\n');
    expect(r.stderr).toBe('err\n');
    expect(r.exitStatus).toBe(3);
    expect(r.exitSignal).toBeNull();
    expect(r.returncode).toBe(3);
    await expect(conn.run('exit 5', { check: true })).rejects.toBeInstanceOf(ProcessError);
    expect((await conn.run('true', { check: true })).exitStatus).toBe(0);
  });

  it('carries 64 MiB through cat and back, hash intact, memory bounded', async () => {
    const total = 64 * MiB;
    const chunk = 256 * 1024;
    const block = patternBytes(chunk, 0x5eed);
    const proc = await conn.createProcess('cat', { encoding: null });
    const [, high] = proc.channel.getWriteBufferLimits();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let bufferedPeak = 0;
    const sent = createHash('sha256');
    const writing = (async () => {
      for (let off = 0; off < total; off += chunk) {
        // A fresh buffer per chunk: the channel may hold it until the window opens.
        const part = Buffer.from(block);
        part.writeUInt32BE(off / chunk);
        sent.update(part);
        proc.stdin.write(part);
        bufferedPeak = Math.max(bufferedPeak, proc.channel.getWriteBufferSize());
        await proc.stdin.drain();
      }
      proc.stdin.writeEof();
    })();
    const got = createHash('sha256');
    let received = 0;
    for (;;) {
      const data = await proc.stdout.read(chunk);
      if (data.length === 0) break;
      got.update(data);
      received += data.length;
      if ((received & (8 * MiB - 1)) < data.length) {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    }
    await writing;
    const result = await proc.wait();
    expect(received).toBe(total);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
    expect(result.exitStatus).toBe(0);
    // Writes wait for drain(), so the send queue never holds more than one chunk past the high-water mark.
    expect(bufferedPeak).toBeLessThanOrEqual(high + chunk);
    expect(rssPeak - rssBefore).toBeLessThan(200 * MiB);
  });

  it('takes sshd data packets up to MAX_SEND_PACKET_SIZE when it is advertised; a larger maxPktsize is refused up front', async () => {
    const total = 32 * MiB;
    const sizes: number[] = [];
    const got = createHash('sha256');
    class Collect extends SSHClientSession<Uint8Array> {
      override dataReceived(data: Uint8Array): void {
        sizes.push(data.length);
        got.update(data);
      }
    }
    // A wide window lets sshd send what it has read in one packet, up to our maximum.
    const [chan] = await conn.createSession(() => new Collect(), `head -c ${total} /dev/zero`, {
      encoding: null,
      maxPktsize: MAX_SEND_PACKET_SIZE,
      window: 8 * MiB,
    });
    await chan.waitClosed();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect(got.digest('hex')).toBe(createHash('sha256').update(new Uint8Array(total)).digest('hex'));
    // How much of the room sshd uses depends on how much it has read when it sends (often
    // all 255 KiB here, sometimes only 32 KiB); sessions.test.ts checks full-size packets.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SEND_PACKET_SIZE);
    // A data packet of 256 KiB would not fit the transport's 256 KiB packet limit with its header.
    await expect(conn.openSession('true', { maxPktsize: 256 * 1024 })).rejects.toBeInstanceOf(RangeError);
    expect((await conn.run('echo still here')).stdout).toBe('still here\n');
  });

  it('sends env: AcceptEnv names arrive, others are refused', async () => {
    const r = await conn.run('echo "$SSHKIT_ONE|$LANG|$NOT_ACCEPTED"', {
      env: { SSHKIT_ONE: 'first value', LANG: 'C', NOT_ACCEPTED: 'dropped' },
    });
    expect(r.stdout).toBe('first value|C|\n');
    expect(r.env).toEqual({ SSHKIT_ONE: 'first value', LANG: 'C', NOT_ACCEPTED: 'dropped' });
  });

  it('requests a pty with the terminal type and size asked for', async () => {
    const r = await conn.run('tty; stty size; echo "$TERM"', { term: 'xterm-sshkit', termSize: [101, 33] });
    // The pty's line discipline turns \n into \r\n, and stderr joins stdout.
    expect(r.stdout).toMatch(/^\/dev\/pts\/\d+\r\n33 101\r\nxterm-sshkit\r\n$/);
    expect(r.exitStatus).toBe(0);
    const plain = await conn.run('tty');
    expect(plain.stdout).toBe('not a tty\n');
  });

  it('changes the terminal size of a running process (window-change)', async () => {
    const proc = await conn.createProcess('stty size; read line; stty size', {
      term: 'vt100',
      termSize: [80, 24],
    });
    expect(await proc.stdout.readline()).toBe('24 80\r\n');
    proc.changeTerminalSize(132, 43);
    proc.stdin.write('go\n');
    const r = await proc.wait();
    expect(r.stdout).toBe('go\r\n43 132\r\n');
    expect(r.exitStatus).toBe(0);
  });

  itSignals("ends a remote sleep with sendSignal('TERM'), terminate() and kill()", async () => {
    const cases = [
      ['TERM', -15, (p: SSHClientProcess<string>) => p.sendSignal('TERM')],
      ['TERM', -15, (p: SSHClientProcess<string>) => p.terminate()],
      ['KILL', -9, (p: SSHClientProcess<string>) => p.kill()],
    ] as const;
    for (const [name, returncode, send] of cases) {
      // sshd signals the session's process group: wait until it exists and runs.
      const proc = await conn.createProcess('echo ready; sleep 30');
      expect(await proc.stdout.readline()).toBe('ready\n');
      const started = Date.now();
      send(proc);
      const r = await proc.wait();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.exitSignal?.[0]).toBe(name);
      expect(r.exitStatus).toBe(-1);
      expect(r.returncode).toBe(returncode);
    }
  });
});
