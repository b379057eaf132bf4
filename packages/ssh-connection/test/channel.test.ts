import { describe, expect, test } from '@jest/globals';
import { MSG_CHANNEL_DATA, MSG_CHANNEL_WINDOW_ADJUST } from '@sshkit/ssh-codes';
import { WireReader } from '@sshkit/ssh-wire';
import { DEFAULT_MAX_PACKET_SIZE, DEFAULT_WINDOW, type SSHTCPChannel, SSHTCPSession } from '../src/index.js';
import { connectPair } from './support/harness.js';
import { ticks } from './support/packet-pair.js';

/** A TCP session recording what arrives. */
class Sink extends SSHTCPSession {
  chunks: Uint8Array[] = [];
  received = 0;
  events: string[] = [];
  chan: SSHTCPChannel | undefined;
  keepOpenOnEof = false;
  override connectionMade(chan: SSHTCPChannel): void {
    this.chan = chan;
  }
  override dataReceived(data: Uint8Array): void {
    this.received += data.length;
    this.chunks.push(data);
  }
  override eofReceived(): boolean {
    this.events.push('eof');
    return this.keepOpenOnEof;
  }
  override connectionLost(e: Error | undefined): void {
    this.events.push(`lost:${e?.name ?? ''}`);
  }
  override pauseWriting(): void {
    this.events.push('pauseWriting');
  }
  override resumeWriting(): void {
    this.events.push('resumeWriting');
  }
}

function tcpPair(serverSession: () => Sink) {
  const pair = connectPair({ connectionRequested: () => serverSession() });
  return pair;
}

describe('flow control', () => {
  test('a slow reader bounds buffered bytes while 64 MiB passes; the sender never exceeds the window', async () => {
    const server = new Sink();
    const pair = tcpPair(() => server);
    // Watch the client->server data against the window the server granted.
    let window = 0;
    let maxOutstanding = 0;
    let violations = 0;
    let dataPackets = 0;
    pair.clientChannel.tap = (p) => {
      if (p[0] === MSG_CHANNEL_DATA) {
        const r = new WireReader(p);
        r.u8();
        r.u32();
        const n = r.string().length;
        dataPackets++;
        if (n > DEFAULT_MAX_PACKET_SIZE) violations++;
        window -= n;
        if (window < 0) violations++;
        maxOutstanding = Math.max(maxOutstanding, DEFAULT_WINDOW - window);
      }
    };
    pair.serverChannel.tap = (p) => {
      if (p[0] === MSG_CHANNEL_WINDOW_ADJUST) {
        const r = new WireReader(p);
        r.u8();
        r.u32();
        window += r.u32();
      }
      if (p[0] === 91) window = DEFAULT_WINDOW; // OPEN_CONFIRMATION: the initial window
    };
    const [chan] = await pair.client.createConnection(() => new Sink(), 'h', 1);
    const total = 64 * 1024 * 1024;
    const block = new Uint8Array(1024 * 1024).fill(7);
    let written = 0;
    // The server reads slowly: paused, then resumed in bursts.
    server.chan?.pauseReading();
    let maxBuffered = 0;
    const writer = (async () => {
      while (written < total) {
        chan.write(block);
        written += block.length;
        maxBuffered = Math.max(maxBuffered, chan.getWriteBufferSize());
        await chan.drain();
      }
      chan.writeEof();
    })();
    while (server.received < total) {
      await ticks(5);
      server.chan?.resumeReading();
      await ticks(2);
      server.chan?.pauseReading();
      // Undelivered data at the receiver is bounded by the window.
      expect(server.received + DEFAULT_WINDOW).toBeGreaterThanOrEqual(written - chan.getWriteBufferSize());
    }
    server.chan?.resumeReading();
    await writer;
    await ticks();
    expect(server.received).toBe(total);
    expect(violations).toBe(0);
    expect(maxOutstanding).toBeLessThanOrEqual(DEFAULT_WINDOW);
    expect(dataPackets).toBeGreaterThanOrEqual(total / DEFAULT_MAX_PACKET_SIZE);
    // The sender's buffer never held much more than one write beyond the high-water mark.
    expect(maxBuffered).toBeLessThanOrEqual(block.length + 64 * 1024);
    expect(server.events).toEqual(['eof']);
  }, 14_000);

  test('pauseWriting / resumeWriting / drain follow setWriteBufferLimits', async () => {
    const server = new Sink();
    const pair = tcpPair(() => server);
    const client = new Sink();
    const [chan] = await pair.client.createConnection(() => client, 'h', 1);
    await ticks();
    server.chan?.pauseReading();
    expect(chan.getWriteBufferLimits()).toEqual([16 * 1024, 64 * 1024]);
    chan.setWriteBufferLimits(1000, 100);
    expect(chan.getWriteBufferLimits()).toEqual([100, 1000]);
    expect(() => chan.setWriteBufferLimits(10, 100)).toThrow(RangeError);
    // Fill the peer's window, then some.
    chan.write(new Uint8Array(DEFAULT_WINDOW + 5000));
    expect(chan.getWriteBufferSize()).toBe(5000);
    expect(client.events).toEqual(['pauseWriting']);
    expect(chan.isWritingPaused()).toBe(true);
    let drained = false;
    const d = chan.drain().then(() => {
      drained = true;
    });
    await ticks();
    expect(drained).toBe(false);
    server.chan?.resumeReading();
    await d;
    expect(chan.getWriteBufferSize()).toBeLessThanOrEqual(100);
    expect(chan.isWritingPaused()).toBe(false);
    expect(client.events).toEqual(['pauseWriting', 'resumeWriting']);
    expect(chan.canWriteEof()).toBe(true);
  });

  test('write calls `written` once its bytes are in packets: at once, after the window reopens, or never if closed first', async () => {
    const server = new Sink();
    const pair = tcpPair(() => server);
    const [chan] = await pair.client.createConnection(() => new Sink(), 'h', 1);
    await ticks();
    server.chan?.pauseReading();
    const calls: string[] = [];
    chan.write(new Uint8Array(1000), undefined, () => calls.push('sent'));
    chan.write(new Uint8Array(0), undefined, () => calls.push('empty'));
    expect(calls).toEqual(['sent', 'empty']);
    chan.write(new Uint8Array(DEFAULT_WINDOW), undefined, () => calls.push('window'));
    expect(chan.getWriteBufferSize()).toBe(1000);
    expect(calls).toEqual(['sent', 'empty']);
    server.chan?.resumeReading();
    for (let i = 0; i < 100 && chan.getWriteBufferSize() > 0; i++) await ticks(2);
    expect(chan.getWriteBufferSize()).toBe(0);
    expect(calls).toEqual(['sent', 'empty', 'window']);
    server.chan?.pauseReading();
    chan.write(new Uint8Array(DEFAULT_WINDOW + 1), undefined, () => calls.push('dropped'));
    chan.close();
    await ticks();
    expect(calls).toEqual(['sent', 'empty', 'window']);
  });

  test('data written during a pause is delivered in order after resume, EOF after it', async () => {
    const server = new Sink();
    const pair = tcpPair(() => server);
    const [chan] = await pair.client.createConnection(() => new Sink(), 'h', 1);
    await ticks();
    server.chan?.pauseReading();
    chan.writelines([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]);
    chan.writeEof();
    await ticks();
    expect(server.received).toBe(0);
    expect(server.events).toEqual([]);
    server.chan?.resumeReading();
    await ticks();
    expect(server.chunks.map((c) => c[0])).toEqual([1, 2, 3]);
    expect(server.events).toEqual(['eof']);
  });
});

describe('EOF and close orderings', () => {
  type Step = 'clientEof' | 'serverEof' | 'clientClose' | 'serverClose';
  const steps: Step[] = ['clientEof', 'serverEof', 'clientClose', 'serverClose'];
  const perms: Step[][] = [];
  const permute = (rest: Step[], acc: Step[]): void => {
    if (rest.length === 0) perms.push(acc);
    for (const s of rest)
      permute(
        rest.filter((x) => x !== s),
        [...acc, s],
      );
  };
  permute(steps, []);

  test.each(perms.map((p) => [p.join(' > '), p]))('%s', async (_name, order) => {
    const server = new Sink();
    server.keepOpenOnEof = true;
    const pair = tcpPair(() => server);
    const client = new Sink();
    client.keepOpenOnEof = true;
    const [chan] = await pair.client.createConnection(() => client, 'h', 1);
    await ticks();
    const s = server.chan as SSHTCPChannel;
    for (const step of order as Step[]) {
      if (step === 'clientEof') chan.writeEof();
      if (step === 'serverEof') s.writeEof();
      if (step === 'clientClose') chan.close();
      if (step === 'serverClose') s.close();
      await ticks(2);
    }
    await Promise.all([chan.waitClosed(), s.waitClosed()]);
    expect(client.events.at(-1)).toBe('lost:');
    expect(server.events.at(-1)).toBe('lost:');
    expect(client.events.filter((e) => e.startsWith('lost')).length).toBe(1);
    expect(pair.client.channelCount).toBe(0);
    expect(pair.server.channelCount).toBe(0);
    expect(pair.clientChannel.disconnects).toEqual([]);
    expect(pair.serverChannel.disconnects).toEqual([]);
    expect(() => chan.write(Uint8Array.of(1))).toThrow(expect.objectContaining({ name: 'BrokenPipe' }));
  });

  test('close sends buffered data first; abort discards it', async () => {
    const server = new Sink();
    const pair = tcpPair(() => server);
    const [chan] = await pair.client.createConnection(() => new Sink(), 'h', 1);
    chan.write(new Uint8Array(100));
    chan.close();
    await chan.waitClosed();
    expect(server.received).toBe(100);

    const server2 = new Sink();
    const pair2 = tcpPair(() => server2);
    const [chan2] = await pair2.client.createConnection(() => new Sink(), 'h', 1);
    await ticks();
    server2.chan?.pauseReading();
    chan2.write(new Uint8Array(DEFAULT_WINDOW + 10));
    chan2.abort();
    expect(chan2.getWriteBufferSize()).toBe(0);
    await chan2.waitClosed();
    expect(server2.received).toBe(0);
    expect(chan2.isClosed).toBe(true);
  });

  test('eofReceived returning false sends EOF back (half-close)', async () => {
    const server = new Sink(); // keepOpenOnEof false
    const pair = tcpPair(() => server);
    const client = new Sink();
    client.keepOpenOnEof = true;
    const [chan] = await pair.client.createConnection(() => client, 'h', 1);
    chan.writeEof();
    await ticks();
    expect(server.events).toEqual(['eof']);
    expect(client.events).toEqual(['eof']);
  });
});

describe('encoding', () => {
  test.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte', '😀'],
  ])('a %s character split across packets decodes whole', async (_n, ch) => {
    const got: string[] = [];
    const pair = connectPair(
      {
        connectionRequested: () =>
          new (class extends SSHTCPSession<string> {
            override dataReceived(d: string): void {
              got.push(d);
            }
          })(),
      },
      { channelOptions: { encoding: 'utf-8' } },
    );
    const [chan] = await pair.client.createConnection(() => new SSHTCPSession(), 'h', 1);
    const bytes = new TextEncoder().encode(`a${ch}b${ch}`);
    for (let i = 0; i < bytes.length; i++) chan.write(bytes.subarray(i, i + 1));
    chan.writeEof();
    await ticks(40);
    expect(got.join('')).toBe(`a${ch}b${ch}`);
    expect(got.every((s) => !s.includes('\ufffd'))).toBe(true);
  });

  test('invalid UTF-8 fails the channel with a WireError under errors: strict', async () => {
    let lost: Error | undefined;
    const pair = connectPair(
      {
        connectionRequested: () =>
          new (class extends SSHTCPSession<string> {
            override connectionLost(e: Error | undefined): void {
              lost = e;
            }
          })(),
      },
      { channelOptions: { encoding: 'utf-8' } },
    );
    const [chan] = await pair.client.createConnection(() => new SSHTCPSession(), 'h', 1);
    chan.write(Uint8Array.of(0xff, 0xfe));
    await chan.waitClosed();
    expect(lost?.name).toBe('WireError');
    expect(pair.serverChannel.disconnects).toEqual([]);
  });
});
