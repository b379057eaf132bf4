import { describe, expect, test } from '@jest/globals';
import { EXTENDED_DATA_STDERR } from '@sshkit/ssh-codes';
import {
  BreakReceived,
  IncompleteReadError,
  SignalReceived,
  type SSHReader,
  type SSHWriter,
  TerminalSizeChanged,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { ticks } from './support/packet-pair.js';

/** A server whose stream handler is supplied per test. */
function withServer(handler: (stdin: SSHReader, stdout: SSHWriter, stderr: SSHWriter) => unknown) {
  return connectPair({}, { sessionFactory: handler as never });
}

describe('SSHReader and SSHWriter', () => {
  test('read, readline, readexactly, readuntil, atEof and async iteration', async () => {
    let serverIn: SSHReader | undefined;
    const pair = withServer(async (stdin, stdout, stderr) => {
      serverIn = stdin;
      stdout.write('line one\nline two\nrest');
      stderr.write('oops\n');
      stdout.writeEof();
    });
    const [stdin, stdout, stderr] = await pair.client.openSession('cmd');
    expect(stdin.channel).toBe(stdout.channel);
    expect(stdin.canWriteEof()).toBe(true);
    expect(stdout.getExtraInfo('channelType')).toBe('session');
    expect(await stdout.readline()).toBe('line one\n');
    expect(await stdout.readuntil(['two', 'one'])).toBe('line two');
    expect(await stdout.readexactly(1)).toBe('\n');
    expect(await stdout.read(2)).toBe('re');
    expect(await stdout.read()).toBe('st');
    expect(stdout.atEof()).toBe(true);
    expect(await stdout.read()).toBe('');
    expect(await stdout.readline()).toBe('');
    expect(await stderr.readline()).toBe('oops\n');
    expect(stderr.datatype).toBe(EXTENDED_DATA_STDERR);

    stdin.writelines(['a\n', 'b\n', 'c']);
    stdin.writeEof();
    const lines: string[] = [];
    for await (const line of serverIn as SSHReader) lines.push(line);
    expect(lines).toEqual(['a\n', 'b\n', 'c']);
    await stdin.drain();
    stdin.close();
    await stdin.channel.waitClosed();
  });

  test('readexactly and readuntil raise IncompleteReadError with the partial data at EOF', async () => {
    const pair = withServer((_i, stdout) => {
      stdout.write('abc');
      stdout.writeEof();
    });
    const [, stdout] = await pair.client.openSession();
    const e = await stdout.readexactly(10).catch((x: unknown) => x);
    expect(IncompleteReadError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ name: 'IncompleteReadError', partial: 'abc', expected: 10 });
    await expect(stdout.readuntil('z')).rejects.toMatchObject({ name: 'IncompleteReadError', partial: '' });
  });

  test('bytes mode: readuntil with a Uint8Array separator', async () => {
    const pair = connectPair(
      {},
      {
        sessionFactory: ((_i: SSHReader<Uint8Array>, o: SSHWriter<Uint8Array>) => {
          o.write(Uint8Array.of(1, 2, 0, 0, 3));
          o.writeEof();
        }) as never,
        channelOptions: { encoding: null },
      },
    );
    const [, stdout] = await pair.client.openSession('x', { encoding: null });
    expect(await stdout.readuntil(Uint8Array.of(0, 0))).toEqual(Uint8Array.of(1, 2, 0, 0));
    expect(await stdout.read()).toEqual(Uint8Array.of(3));
  });

  /** The CHANNEL_DATA payloads the client side received (recorded by the fake packet channel). */
  const dataPayloads = (received: { type: number; payload: Uint8Array }[]): Uint8Array[] =>
    received.filter((r) => r.type === 94).map((r) => r.payload);

  test('bytes reads that join or split received data copy it and free the payloads; a whole one is handed over', async () => {
    const chunk = (byte: number) => new Uint8Array(1000).fill(byte);
    const pair = connectPair(
      {},
      {
        sessionFactory: ((_i: SSHReader<Uint8Array>, o: SSHWriter<Uint8Array>) => {
          for (const byte of [1, 2, 3]) o.write(chunk(byte));
          o.writeEof();
        }) as never,
        channelOptions: { encoding: null },
      },
    );
    pair.clientChannel.record = true;
    const [, stdout] = await pair.client.openSession('x', { encoding: null });
    await ticks(40); // all three queued before the first read
    const joined = await stdout.read(2500);
    expect(joined).toEqual(Uint8Array.from([...chunk(1), ...chunk(2), ...chunk(3).subarray(0, 500)]));
    expect(await stdout.read()).toEqual(chunk(3).subarray(500));
    const payloads = dataPayloads(pair.clientChannel.received);
    expect(payloads).toHaveLength(3);
    expect(payloads.every((p) => p.length === 0)).toBe(true);

    const single = connectPair(
      {},
      {
        sessionFactory: ((_i: SSHReader<Uint8Array>, o: SSHWriter<Uint8Array>) => {
          o.write(chunk(4));
          o.writeEof();
        }) as never,
        channelOptions: { encoding: null },
      },
    );
    single.clientChannel.record = true;
    const [, out] = await single.client.openSession('x', { encoding: null });
    const whole = await out.read(4096);
    expect(whole).toEqual(chunk(4));
    expect(dataPayloads(single.clientChannel.received)[0]?.length).toBeGreaterThan(1000);
  });

  test('text sessions free each payload once decoded, a character split across packets intact', async () => {
    const pair = connectPair(
      {},
      {
        sessionFactory: ((_i: SSHReader<Uint8Array>, o: SSHWriter<Uint8Array>) => {
          o.write(Uint8Array.of(0x61, 0xc3)); // 'a' and the first byte of 'é'
          o.write(Uint8Array.of(0xa9, 0x62)); // the rest of 'é', 'b'
          o.writeEof();
        }) as never,
        channelOptions: { encoding: null },
      },
    );
    pair.clientChannel.record = true;
    const [, stdout] = await pair.client.openSession('x');
    expect(await stdout.read()).toBe('aéb');
    const payloads = dataPayloads(pair.clientChannel.received);
    expect(payloads).toHaveLength(2);
    expect(payloads.every((p) => p.length === 0)).toBe(true);
  });

  test('server reads raise BreakReceived, SignalReceived, TerminalSizeChanged in order with the data', async () => {
    const raised: unknown[] = [];
    let withServerReady: (stdin: SSHReader) => Promise<void> = async () => {};
    const done = new Promise<void>((resolve) => {
      withServerReady = async (stdin: SSHReader) => {
        for (;;) {
          try {
            const d = await stdin.read(100);
            if (d === '') break;
            raised.push(d);
          } catch (e) {
            raised.push(e);
          }
        }
        resolve();
      };
    });
    const pair = withServer((stdin) => withServerReady(stdin));
    const [chan] = await pair.client.createSession(() => ({}), undefined, { termType: 'xterm' });
    chan.write('before');
    await ticks(5);
    expect(await chan.sendBreak(100)).toBe(true);
    chan.sendSignal('INT');
    chan.changeTerminalSize(10, 20);
    chan.write('after');
    chan.writeEof();
    await done;
    expect(raised[0]).toBe('before');
    expect(BreakReceived.isInstance(raised[1])).toBe(true);
    expect(raised[1]).toMatchObject({ name: 'BreakReceived', msec: 100 });
    expect(SignalReceived.isInstance(raised[2])).toBe(true);
    expect(raised[2]).toMatchObject({ name: 'SignalReceived', signal: 'INT' });
    expect(TerminalSizeChanged.isInstance(raised[3])).toBe(true);
    expect(raised[3]).toMatchObject({ width: 10, height: 20, pixwidth: 0, pixheight: 0 });
    expect(raised[4]).toBe('after');
  });

  test('a slow stream reader holds at most one window of data', async () => {
    const total = 8 * 1024 * 1024;
    const pair = withServer(async (_i, stdout) => {
      const block = 'x'.repeat(256 * 1024);
      for (let sent = 0; sent < total; sent += block.length) {
        stdout.write(block);
        await stdout.drain();
      }
      stdout.writeEof();
    });
    const [, stdout] = await pair.client.openSession();
    let got = 0;
    let maxUnread = 0;
    const session = stdout as unknown as { session: { buffers: Map<unknown, Array<{ data?: string }>> } };
    for (;;) {
      await ticks(3);
      const buffered = [...session.session.buffers.values()]
        .flat()
        .reduce((n, e) => n + (e.data?.length ?? 0), 0);
      maxUnread = Math.max(maxUnread, buffered);
      const d = await stdout.read(64 * 1024);
      if (d === '') break;
      got += d.length;
    }
    expect(got).toBe(total);
    expect(maxUnread).toBeLessThanOrEqual(2 * 1024 * 1024 + 32 * 1024);
  }, 14_000);

  test('write after writeEof raises BrokenPipe; a read after the connection failed raises its error', async () => {
    const pair = withServer(() => new Promise(() => {}));
    const [stdin, stdout] = await pair.client.openSession();
    stdin.writeEof();
    expect(() => stdin.write('x')).toThrow(expect.objectContaining({ name: 'BrokenPipe' }));
    const pending = stdout.read();
    pair.client.connectionLost(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
  });
});
