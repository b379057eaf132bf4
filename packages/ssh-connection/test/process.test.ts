import { describe, expect, test } from '@jest/globals';
import { PTY_ECHO } from '@sshkit/ssh-codes';
import { ProcessError, ProcessTimeoutError, type SSHServerProcess } from '../src/index.js';
import { connectPair } from './support/harness.js';

function withProcess(factory: (p: SSHServerProcess<string>) => unknown) {
  return connectPair({}, { processFactory: factory as never });
}

describe('run / createProcess / SSHServerProcess', () => {
  test('run collects stdout and stderr and the exit status', async () => {
    const pair = withProcess(async (p) => {
      const input = await p.stdin.read();
      p.stdout.write(`${p.command}:${input.toUpperCase()}`);
      p.stderr.write(`env=${p.env.FOO}`);
      p.exit(0);
    });
    const r = await pair.client.run('upper', { input: 'hi', env: { FOO: 'bar' } });
    expect(r).toMatchObject({
      exitStatus: 0,
      exitSignal: null,
      returncode: 0,
      stdout: 'upper:HI',
      stderr: 'env=bar',
      command: 'upper',
    });
    expect(r.env).toEqual({ FOO: 'bar' });
  });

  test('check raises ProcessError with the results', async () => {
    const pair = withProcess((p) => {
      p.stdout.write('partial');
      p.exit(2);
    });
    const e = await pair.client.run('fail', { check: true }).catch((x: unknown) => x);
    expect(ProcessError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ name: 'ProcessError', exitStatus: 2, returncode: 2, stdout: 'partial' });
    const r = await pair.client.run('fail');
    expect(r.exitStatus).toBe(2);
  });

  test('an exit signal gives a negative returncode', async () => {
    const pair = withProcess((p) => p.exitWithSignal('TERM'));
    const r = await pair.client.run('x');
    expect(r.exitSignal).toEqual(['TERM', false, '', '']);
    expect(r.returncode).toBe(-15);
    await expect(pair.client.run('x', { check: true })).rejects.toMatchObject({ name: 'ProcessError' });
  });

  test('timeout raises ProcessTimeoutError and closes the channel', async () => {
    const pair = withProcess(() => new Promise(() => {}));
    const e = await pair.client.run('sleep', { timeout: 50 }).catch((x: unknown) => x);
    expect(ProcessTimeoutError.isInstance(e)).toBe(true);
    expect(ProcessError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ name: 'ProcessTimeoutError', exitStatus: null });
  });

  test('an AbortSignal ends run() with its reason and closes the channel; an aborted signal fails at once', async () => {
    let serverSawClose = false;
    const pair = withProcess(async (p) => {
      await p.stdin.read(-1).catch(() => '');
      serverSawClose = true;
    });
    const controller = new AbortController();
    const running = pair.client.run('sleep', { signal: controller.signal }).catch((x: unknown) => x);
    await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error('user gave up'));
    expect(await running).toMatchObject({ message: 'user gave up' });
    await new Promise((r) => setTimeout(r, 20));
    expect(serverSawClose).toBe(true);
    await expect(pair.client.run('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  test('redirect: stdin from an async iterable, stdout and stderr into sinks, ended at EOF', async () => {
    const pair = withProcess(async (p) => {
      const input = await p.stdin.read(-1);
      p.stdout.write(input.toUpperCase());
      p.stderr.write('warn');
      p.exit(0);
    });
    async function* lines() {
      yield 'one\n';
      yield 'two\n';
    }
    const out: string[] = [];
    const err: string[] = [];
    let ends = 0;
    const r = await pair.client.run('upper', {
      stdin: lines(),
      stdout: { write: (d: string) => void out.push(d), end: () => void ends++ },
      stderr: { write: (d: string) => void err.push(d), end: () => void ends++ },
    });
    expect(out.join('')).toBe('ONE\nTWO\n');
    expect(err.join('')).toBe('warn');
    expect(ends).toBe(2);
    // Redirected streams are not collected again.
    expect(r).toMatchObject({ stdout: '', stderr: '', exitStatus: 0 });
  });

  test("stderr: 'stdout' merges into stdout, collected or redirected", async () => {
    const pair = withProcess(async (p) => {
      p.stdout.write('out;');
      await new Promise((r) => setTimeout(r, 5));
      p.stderr.write('err;');
      p.exit(0);
    });
    const collected = await pair.client.run('x', { stderr: 'stdout' });
    expect(collected.stdout).toBe('out;err;');
    expect(collected.stderr).toBe('');
    const got: string[] = [];
    let ended = 0;
    await pair.client.run('x', {
      stdout: { write: (d: string) => void got.push(d), end: () => void ended++ },
      stderr: 'stdout',
    });
    expect(got.join('')).toBe('out;err;');
    expect(ended).toBe(1);
  });

  test("one process's stdout piped into another's stdin", async () => {
    const pair = withProcess(async (p) => {
      if (p.command === 'produce') {
        for (let i = 0; i < 100; i++) p.stdout.write(`${i}\n`);
      } else {
        const input = await p.stdin.read(-1);
        p.stdout.write(String(input.split('\n').filter(Boolean).length));
      }
      p.exit(0);
    });
    const producer = await pair.client.createProcess('produce');
    producer.stdin.writeEof();
    const r = await pair.client.run('count', { stdin: producer.stdout });
    expect(r.stdout).toBe('100');
    // The other way round: a process's stdout written into another's stdin (EOF passed on).
    const counter = await pair.client.createProcess('count');
    const again = await pair.client.createProcess('produce', { stdout: counter.stdin });
    again.stdin.writeEof();
    await again.wait();
    expect((await counter.wait()).stdout).toBe('100');
  });

  test('await using closes a process channel', async () => {
    const pair = withProcess(() => new Promise(() => {}));
    let channel: { waitClosed(): Promise<void> } | undefined;
    {
      await using proc = await pair.client.createProcess('sleep');
      channel = proc.channel;
    }
    await expect(channel?.waitClosed()).resolves.toBeUndefined();
  });

  test('createProcess with a terminal: server process sees term type, size and modes', async () => {
    let seen: unknown[] = [];
    const pair = withProcess((p) => {
      seen = [
        p.getTerminalType(),
        p.getTerminalSize(),
        p.getTerminalMode(PTY_ECHO),
        p.getTerminalModes().size,
        p.subsystem,
      ];
      p.exit(0);
    });
    const proc = await pair.client.createProcess('x', {
      term: 'vt100',
      termSize: [90, 30],
      termModes: { [PTY_ECHO]: 1 },
    });
    const r = await proc.wait();
    expect(seen).toEqual(['vt100', [90, 30, 0, 0], 1, 1, undefined]);
    expect(r.exitStatus).toBe(0);
    expect(proc.exitStatus).toBe(0);
    expect(proc.returncode).toBe(0);
  });

  test('bytes with encoding: null', async () => {
    const pair = connectPair(
      {},
      {
        processFactory: ((p: SSHServerProcess<Uint8Array>) => {
          p.stdout.write(Uint8Array.of(0xff, 0));
          p.exit(0);
        }) as never,
        channelOptions: { encoding: null },
      },
    );
    const r = await pair.client.run('x', { encoding: null });
    expect(r.stdout).toEqual(Uint8Array.of(0xff, 0));
  });
});
