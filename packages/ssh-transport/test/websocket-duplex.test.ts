import { describe, expect, it } from '@jest/globals';
import { generatePrivateKey } from '@sshkit/ssh-keys';
import {
  type ByteDuplex,
  ConnectionLost,
  runTransport,
  type WebSocketEventLike,
  type WebSocketLike,
  webSocketDuplex,
} from '../src/index.js';
import { exchangeBothWays, type Pressure, record, watched } from './support/session-transfer.js';

// Checked by the typecheck: the standard WebSocket (browsers, Deno, Node 22+) is a WebSocketLike.
type StandardWebSocketFits = WebSocket extends WebSocketLike ? true : never;
export const standardWebSocketFits: StandardWebSocketFits = true;

type Listener = (event: unknown) => void;

/** A WebSocket whose state and events the test drives by hand. */
class FakeWebSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  bufferedAmount = 0;
  readonly url = 'wss://relay.test/ssh';
  /** Copies of what was sent, in order. */
  readonly sent: Uint8Array[] = [];
  readonly closeCalls: Array<[number | undefined, string | undefined]> = [];
  private readonly listeners = new Map<string, Listener[]>();

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('send on a WebSocket that is not open');
    this.sent.push(data.slice());
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push([code, reason]);
    if (this.readyState < 2) this.readyState = 2;
  }

  fire(type: 'open' | 'message' | 'close' | 'error', event: WebSocketEventLike = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open(): void {
    this.readyState = 1;
    this.fire('open');
  }

  /** A binary message, as an ArrayBuffer of its own. */
  receive(...bytes: number[]): void {
    this.fire('message', { data: Uint8Array.from(bytes).buffer });
  }

  /** The connection ended with `code`; the socket is CLOSED when the event comes, as in browsers. */
  closedWith(code?: number, reason?: string): void {
    this.readyState = 3;
    this.fire('close', { code, reason });
  }
}

type Frame = { data: Uint8Array } | { close: number };

/**
 * One end of two fake WebSockets wired to each other: what one sends reaches
 * the other as an ArrayBuffer message on a later turn, `bytesPerTurn` at most
 * per turn, and counts in the sender's `bufferedAmount` until then, as unsent
 * data does. A close goes out behind the data sent before it.
 */
class LinkedWebSocket extends FakeWebSocket {
  peer!: LinkedWebSocket;
  private readonly outbox: Frame[] = [];
  private scheduled = false;

  constructor(private readonly bytesPerTurn: number) {
    super();
    this.readyState = 1;
  }

  override send(data: Uint8Array): void {
    super.send(data);
    this.outbox.push({ data: data.slice() });
    this.bufferedAmount += data.length;
    this.schedule();
  }

  override close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    super.close(code, reason);
    this.outbox.push({ close: code ?? 1005 });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.transmit());
  }

  private transmit(): void {
    this.scheduled = false;
    let budget = this.bytesPerTurn;
    while (budget > 0 && this.outbox.length > 0) {
      const frame = this.outbox.shift() as Frame;
      if ('close' in frame) {
        this.closedWith(frame.close);
        if (this.peer.readyState < 3) this.peer.closedWith(frame.close);
        return;
      }
      budget -= frame.data.length;
      this.bufferedAmount -= frame.data.length;
      if (this.peer.readyState === 1) this.peer.fire('message', { data: frame.data.buffer });
    }
    if (this.outbox.length > 0) this.schedule();
  }
}

function linkedWebSockets(bytesPerTurn: number): [LinkedWebSocket, LinkedWebSocket] {
  const a = new LinkedWebSocket(bytesPerTurn);
  const b = new LinkedWebSocket(bytesPerTurn);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

async function opened(): Promise<[FakeWebSocket, ByteDuplex]> {
  const ws = new FakeWebSocket();
  const pending = webSocketDuplex(ws);
  ws.open();
  return [ws, await pending];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

describe('webSocketDuplex: opening', () => {
  it('resolves on open, with binaryType set to arraybuffer and the URL in info', async () => {
    const ws = new FakeWebSocket();
    let resolved = false;
    const pending = webSocketDuplex(ws).then((d) => {
      resolved = true;
      return d;
    });
    expect(ws.binaryType).toBe('arraybuffer');
    await sleep(5);
    expect(resolved).toBe(false);
    ws.open();
    expect((await pending).info).toEqual({ transport: 'websocket', url: 'wss://relay.test/ssh' });
  });

  it('resolves at once when the socket is already open', async () => {
    const ws = new FakeWebSocket();
    ws.readyState = 1;
    const duplex = await webSocketDuplex(ws);
    expect(ws.binaryType).toBe('arraybuffer');
    duplex.write(Uint8Array.of(1));
    expect(ws.sent).toEqual([Uint8Array.of(1)]);
  });

  it('rejects with ConnectionLost on an error followed by a close before open', async () => {
    const ws = new FakeWebSocket();
    const pending = webSocketDuplex(ws);
    ws.fire('error');
    ws.closedWith(1006);
    await expect(pending).rejects.toThrow(ConnectionLost);
  });

  it('rejects with ConnectionLost, naming the code, on a close before open', async () => {
    const ws = new FakeWebSocket();
    const pending = webSocketDuplex(ws);
    ws.closedWith(1011);
    await expect(pending).rejects.toThrow(new ConnectionLost('WebSocket closed before it opened (1011)'));
  });

  it('rejects when the socket is already closed', async () => {
    const ws = new FakeWebSocket();
    ws.readyState = 3;
    await expect(webSocketDuplex(ws)).rejects.toThrow(ConnectionLost);
  });

  it('rejects after openTimeout and closes the socket; a late open changes nothing', async () => {
    const ws = new FakeWebSocket();
    const pending = webSocketDuplex(ws, { openTimeout: 20 });
    await expect(pending).rejects.toThrow(new ConnectionLost('WebSocket did not open within 20 ms'));
    expect(ws.closeCalls).toEqual([[undefined, undefined]]);
    ws.open();
    await expect(pending).rejects.toThrow(ConnectionLost);
  });

  it('keeps no timer once open', async () => {
    const ws = new FakeWebSocket();
    const pending = webSocketDuplex(ws, { openTimeout: 20 });
    ws.open();
    await pending;
    await sleep(40);
    expect(ws.closeCalls).toEqual([]);
  });
});

describe('webSocketDuplex: reading', () => {
  it('delivers messages that arrived before attach at attach, in order', async () => {
    const ws = new FakeWebSocket();
    const pending = webSocketDuplex(ws);
    ws.open();
    ws.receive(1, 2); // right behind the open, before the caller has the duplex
    const duplex = await pending;
    ws.receive(3);
    const events = record(duplex);
    ws.receive(4);
    expect(events).toEqual([
      ['data', [1, 2]],
      ['data', [3]],
      ['data', [4]],
    ]);
  });

  it('holds messages while paused and delivers them on resume', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    duplex.pause();
    ws.receive(1);
    ws.receive(2);
    expect(events).toEqual([]);
    duplex.resume();
    ws.receive(3);
    expect(events).toEqual([
      ['data', [1]],
      ['data', [2]],
      ['data', [3]],
    ]);
  });

  it.each([
    ['a text message', 'SSH-2.0-x\r\n'],
    ['a Blob', new Blob([Uint8Array.of(1)])],
    ['a typed array', Uint8Array.of(1)],
  ])(
    '%s is a ConnectionLost: reported to close, the socket is closed, nothing more is read',
    async (_, data) => {
      const [ws, duplex] = await opened();
      const events = record(duplex);
      ws.receive(1);
      ws.fire('message', { data });
      ws.receive(2);
      await sleep(0);
      ws.closedWith(4000);
      expect(events).toEqual([
        ['data', [1]],
        ['close', new ConnectionLost('WebSocket relay sent a non-binary message')],
      ]);
      expect(events[1]?.[1]).toBeInstanceOf(ConnectionLost);
      expect(ws.closeCalls).toEqual([[4000, undefined]]);
    },
  );

  it.each([1000, 1005])('close code %i reports close(undefined) after all queued data', async (code) => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    duplex.pause();
    ws.receive(1);
    ws.receive(2);
    ws.closedWith(code);
    expect(events).toEqual([]);
    duplex.resume();
    expect(events).toEqual([
      ['data', [1]],
      ['data', [2]],
      ['close', undefined],
    ]);
  });

  it('a close before attach is reported at attach, behind the data', async () => {
    const [ws, duplex] = await opened();
    ws.receive(1);
    ws.closedWith(1000);
    expect(record(duplex)).toEqual([
      ['data', [1]],
      ['close', undefined],
    ]);
  });

  it('an abnormal close reports a ConnectionLost with the code and reason', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    ws.fire('error');
    ws.closedWith(1006, 'relay gone');
    expect(events).toEqual([['close', new ConnectionLost('WebSocket closed: 1006 relay gone')]]);
    expect(events[0]?.[1]).toBeInstanceOf(ConnectionLost);
  });

  it('a close event without a code counts as 1006', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    ws.closedWith();
    expect(events).toEqual([['close', new ConnectionLost('WebSocket closed: 1006')]]);
  });
});

describe('webSocketDuplex: writing and closing', () => {
  it('sends the bytes written', async () => {
    const [ws, duplex] = await opened();
    record(duplex);
    const data = new Uint8Array(1000).map((_, i) => i);
    expect(duplex.write(data)).toBe(true);
    expect(duplex.write(data.subarray(10, 20))).toBe(true);
    expect(ws.sent).toEqual([data, data.subarray(10, 20)]);
  });

  it('returns false above 1 MiB buffered and calls drain once when it falls below 512 KiB', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    ws.bufferedAmount = MiB;
    expect(duplex.write(Uint8Array.of(1))).toBe(true); // at the mark, not above it
    ws.bufferedAmount = MiB + 1;
    expect(duplex.write(Uint8Array.of(2))).toBe(false);
    expect(duplex.write(Uint8Array.of(3))).toBe(false); // queued anyway
    expect(ws.sent).toEqual([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]);
    await sleep(20);
    ws.bufferedAmount = 600 * 1024; // down, but not below half the mark
    await sleep(20);
    expect(events).toEqual([]);
    ws.bufferedAmount = 100 * 1024;
    await sleep(20);
    expect(events).toEqual([['drain']]);
    await sleep(20);
    expect(events).toEqual([['drain']]);
    // The next back-pressure gets its own drain.
    ws.bufferedAmount = 2 * MiB;
    expect(duplex.write(Uint8Array.of(4))).toBe(false);
    ws.bufferedAmount = 0;
    await sleep(20);
    expect(events).toEqual([['drain'], ['drain']]);
  });

  it('stops polling for drain once the socket closes', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    ws.bufferedAmount = 2 * MiB;
    expect(duplex.write(Uint8Array.of(1))).toBe(false);
    ws.closedWith(1006);
    ws.bufferedAmount = 0;
    await sleep(20);
    expect(events.map((e) => e[0])).toEqual(['close']);
  });

  it('write after the close returns false and sends nothing', async () => {
    const [ws, duplex] = await opened();
    record(duplex);
    ws.closedWith(1000);
    expect(duplex.write(Uint8Array.of(1))).toBe(false);
    expect(ws.sent).toEqual([]);
  });

  it('end() closes with 1000; the close is reported when the socket says so', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    duplex.write(Uint8Array.of(1));
    duplex.end();
    duplex.end();
    expect(ws.closeCalls).toEqual([[1000, undefined]]);
    expect(duplex.write(Uint8Array.of(2))).toBe(false);
    expect(ws.sent).toEqual([Uint8Array.of(1)]);
    await sleep(0);
    expect(events).toEqual([]);
    ws.closedWith(1000);
    expect(events).toEqual([['close', undefined]]);
  });

  it('destroy(err) closes with 4000, drops queued data and reports close(err) once, from a microtask', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    duplex.pause();
    ws.receive(1);
    const err = new Error('gave up');
    duplex.destroy(err);
    expect(events).toEqual([]);
    await Promise.resolve();
    expect(events).toEqual([['close', err]]);
    duplex.destroy(err);
    ws.receive(2);
    ws.closedWith(4000);
    duplex.resume();
    await sleep(0);
    expect(events).toEqual([['close', err]]);
    expect(ws.closeCalls).toEqual([[4000, undefined]]);
  });

  it('destroy() without an error closes with 1000 and reports close(undefined)', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    duplex.destroy();
    await sleep(0);
    expect(ws.closeCalls).toEqual([[1000, undefined]]);
    expect(events).toEqual([['close', undefined]]);
  });

  it('destroy while paused, after the close event came, still reports the close', async () => {
    const [ws, duplex] = await opened();
    const events = record(duplex);
    duplex.pause();
    ws.receive(1);
    ws.closedWith(1000);
    duplex.destroy();
    await sleep(0);
    expect(events).toEqual([['close', undefined]]);
  });

  it('destroy before attach is reported at attach', async () => {
    const [ws, duplex] = await opened();
    ws.receive(1);
    const err = new Error('not wanted');
    duplex.destroy(err);
    await sleep(0);
    expect(record(duplex)).toEqual([['close', err]]);
  });
});

// ---- a full SSH session over two fake WebSockets wired to each other -------

const hostKeys = [generatePrivateKey('ssh-ed25519')];

describe('a full SSH session over linked WebSockets', () => {
  it('completes the key exchange, carries packets both ways and 4 MiB each way under back-pressure', async () => {
    const [a, b] = linkedWebSockets(256 * 1024);
    const pressure: Pressure = { refused: 0, drains: 0 };
    const clientSide = watched(await webSocketDuplex(a), pressure);
    const s = runTransport(await webSocketDuplex(b), { role: 'server', hostKeys });
    const c = runTransport(clientSide, { role: 'client', verifyHostKey: () => true });
    await Promise.all([c.ready, s.ready]);
    expect(c.sessionId).toEqual(s.sessionId);

    await exchangeBothWays(c, s);
    expect(pressure.refused).toBeGreaterThan(0);
    expect(a.bufferedAmount).toBe(0);
    await sleep(20); // the drain poll may come after the last byte arrived
    expect(pressure.drains).toBeGreaterThan(0);

    c.disconnect(11, 'bye');
    expect(await s.closed).toMatchObject({ code: 11 });
    await c.closed;
    await sleep(10);
    expect([a.readyState, b.readyState]).toEqual([3, 3]);
    expect(a.closeCalls).toEqual([[1000, undefined]]);
  });
});
