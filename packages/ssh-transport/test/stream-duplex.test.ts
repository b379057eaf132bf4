import { describe, expect, it } from '@jest/globals';
import { generatePrivateKey } from '@sshkit/ssh-keys';
import fc from 'fast-check';
import { type ByteDuplex, runTransport, streamDuplex } from '../src/index.js';
import { exchangeBothWays, type Pressure, record, watched } from './support/session-transfer.js';

/** A readable the test feeds by hand, and what was done to it. */
function source(): {
  readable: ReadableStream<Uint8Array>;
  push(...bytes: number[]): void;
  controller: ReadableStreamDefaultController<Uint8Array>;
  cancelled: unknown[];
} {
  const cancelled: unknown[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: (reason) => {
      cancelled.push(reason);
    },
  });
  return { readable, push: (...bytes) => controller.enqueue(Uint8Array.from(bytes)), controller, cancelled };
}

/** A writable that records what reached it and how it ended. */
function sink(write?: () => Promise<void>): {
  writable: WritableStream<Uint8Array>;
  chunks: number[][];
  closed: number;
  aborted: unknown[];
} {
  const out = {
    chunks: [] as number[][],
    closed: 0,
    aborted: [] as unknown[],
    writable: undefined as unknown as WritableStream<Uint8Array>,
  };
  out.writable = new WritableStream<Uint8Array>({
    write: (chunk) => {
      out.chunks.push(Array.from(chunk));
      return write?.();
    },
    close: () => {
      out.closed++;
    },
    abort: (reason) => {
      out.aborted.push(reason);
    },
  });
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two duplexes wired crosswise through TransformStreams of `highWaterMark` bytes per side. */
function streamPair(highWaterMark: number): { a: ByteDuplex; b: ByteDuplex; flushed: Promise<void>[] } {
  const flushed: Promise<void>[] = [];
  const pipe = () => {
    let done!: () => void;
    flushed.push(new Promise<void>((r) => (done = r)));
    return new TransformStream<Uint8Array, Uint8Array>(
      { flush: () => done() },
      new ByteLengthQueuingStrategy({ highWaterMark }),
      new ByteLengthQueuingStrategy({ highWaterMark }),
    );
  };
  const up = pipe();
  const down = pipe();
  return {
    a: streamDuplex({ readable: down.readable, writable: up.writable }),
    b: streamDuplex({ readable: up.readable, writable: down.writable }),
    flushed,
  };
}

describe('streamDuplex', () => {
  it('delivers what the readable yields, then close(undefined) at its end', async () => {
    const src = source();
    const events = record(streamDuplex({ readable: src.readable, writable: sink().writable }));
    src.push(1, 2);
    src.push(); // an empty chunk is not an event
    src.push(3);
    src.controller.close();
    await sleep(0);
    expect(events).toEqual([
      ['data', [1, 2]],
      ['data', [3]],
      ['close', undefined],
    ]);
  });

  it('reports a readable that errors as close(error)', async () => {
    const src = source();
    const events = record(streamDuplex({ readable: src.readable, writable: sink().writable }));
    src.push(1);
    await sleep(0);
    const err = new Error('reset');
    src.controller.error(err);
    await sleep(0);
    expect(events).toEqual([
      ['data', [1]],
      ['close', err],
    ]);
  });

  it('reports a writable that fails as close(error), once, and releases the readable', async () => {
    const err = new Error('disk full');
    const src = source();
    const out = sink(() => Promise.reject(err));
    const duplex = streamDuplex({ readable: src.readable, writable: out.writable });
    const events = record(duplex);
    duplex.write(Uint8Array.of(1));
    duplex.write(Uint8Array.of(2));
    await sleep(0);
    expect(events).toEqual([['close', err]]);
    expect(src.cancelled).toEqual([err]);
    expect(duplex.write(Uint8Array.of(3))).toBe(false);
    duplex.end();
    duplex.destroy();
    await sleep(0);
    expect(events).toEqual([['close', err]]);
  });

  it('writes the bytes in order and returns false past the high-water mark, then drains once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const chunks: number[][] = [];
    const writable = new WritableStream<Uint8Array>(
      {
        write: async (chunk) => {
          await gate;
          chunks.push(Array.from(chunk));
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 4 }),
    );
    const duplex = streamDuplex({ readable: source().readable, writable });
    const events = record(duplex);
    expect(duplex.write(Uint8Array.of(1, 2))).toBe(true);
    expect(duplex.write(Uint8Array.of(3, 4))).toBe(false);
    expect(duplex.write(Uint8Array.of(5))).toBe(false);
    await sleep(0);
    expect(events).toEqual([]);
    release();
    await sleep(0);
    expect(events).toEqual([['drain']]);
    expect(chunks).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('destroy(err) aborts the writable, cancels the readable and reports close(err) once', async () => {
    const src = source();
    const out = sink();
    const duplex = streamDuplex({ readable: src.readable, writable: out.writable });
    const events = record(duplex);
    const err = new Error('gave up');
    duplex.destroy(err);
    duplex.destroy(err);
    await sleep(0);
    expect(events).toEqual([['close', err]]);
    expect(out.aborted).toEqual([err]);
    expect(src.cancelled).toEqual([err]);
    expect(duplex.write(Uint8Array.of(1))).toBe(false);
    expect(out.chunks).toEqual([]);
  });

  it('end() flushes and closes the writable: the other side reads to its end', async () => {
    const { a, b } = streamPair(1024);
    const atA = record(a);
    const atB = record(b);
    a.write(Uint8Array.of(1, 2));
    b.write(Uint8Array.of(4));
    a.end();
    expect(a.write(Uint8Array.of(3))).toBe(false);
    await sleep(0);
    expect(atB).toEqual([
      ['data', [1, 2]],
      ['close', undefined],
    ]);
    expect(atA).toEqual([['data', [4]]]); // the other direction is still open
    b.end();
    await sleep(0);
    expect(atA).toEqual([
      ['data', [4]],
      ['close', undefined],
    ]);
  });

  it('end() after the readable ended still closes the writable', async () => {
    const src = source();
    const out = sink();
    const duplex = streamDuplex({ readable: src.readable, writable: out.writable });
    const events = record(duplex);
    src.controller.close();
    await sleep(0);
    expect(events).toEqual([['close', undefined]]);
    duplex.end(); // what runTransport does once the peer's EOF reached the transport
    await sleep(0);
    expect(out.closed).toBe(1);
  });

  it('a stream that ended before attach reports it at attach, behind its data', async () => {
    const src = source();
    const duplex = streamDuplex({ readable: src.readable, writable: sink().writable });
    src.push(1);
    src.controller.close();
    await sleep(0);
    const events = record(duplex);
    await sleep(0);
    expect(events).toEqual([
      ['data', [1]],
      ['close', undefined],
    ]);
  });

  it('a writable that failed before attach is reported at attach', async () => {
    const err = new Error('refused');
    const writable = new WritableStream<Uint8Array>({ start: (c) => c.error(err) });
    const duplex = streamDuplex({ readable: source().readable, writable });
    await sleep(0);
    expect(record(duplex)).toEqual([['close', err]]);
  });

  it('reads nothing before attach, even after pause() and resume()', async () => {
    const src = source();
    const duplex = streamDuplex({ readable: src.readable, writable: sink().writable });
    duplex.pause();
    duplex.resume();
    src.push(1);
    await sleep(0);
    const events = record(duplex);
    await sleep(0);
    expect(events).toEqual([['data', [1]]]);
  });

  it('pause() holds a chunk read while pausing; resume() delivers it and the rest in order', async () => {
    const src = source();
    const duplex = streamDuplex({ readable: src.readable, writable: sink().writable });
    const events = record(duplex);
    await sleep(0); // a read is pending
    duplex.pause();
    src.push(1);
    src.push(2);
    src.controller.close();
    await sleep(0);
    expect(events).toEqual([]);
    duplex.resume();
    await sleep(0);
    expect(events).toEqual([
      ['data', [1]],
      ['data', [2]],
      ['close', undefined],
    ]);
  });

  it('pause() from inside data() stops delivery at once', async () => {
    const src = source();
    const duplex = streamDuplex({ readable: src.readable, writable: sink().writable });
    const got: number[] = [];
    duplex.attach({
      data: (chunk) => {
        got.push(...chunk);
        duplex.pause();
      },
      close: () => undefined,
      drain: () => undefined,
    });
    src.push(1);
    src.push(2);
    src.push(3);
    await sleep(0);
    expect(got).toEqual([1]);
    duplex.resume();
    await sleep(0);
    expect(got).toEqual([1, 2]);
    duplex.resume();
    await sleep(0);
    expect(got).toEqual([1, 2, 3]);
  });

  it('carries random chunkings byte for byte, with pauses on the way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.array(fc.nat({ max: 4096 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 1024 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
        async (bytes, cuts, highWaterMark, pauses) => {
          const { a, b } = streamPair(highWaterMark);
          const parts: Uint8Array[] = [];
          let n = 0;
          const received = new Promise<Error | undefined>((resolve) =>
            b.attach({
              data: (chunk) => {
                parts.push(chunk.slice());
                if (pauses[n++ % pauses.length]) {
                  b.pause();
                  setTimeout(() => b.resume(), 0);
                }
              },
              close: resolve,
              drain: () => undefined,
            }),
          );
          a.attach({ data: () => undefined, close: () => undefined, drain: () => undefined });
          const edges = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((x, y) => x - y), bytes.length];
          for (let i = 1; i < edges.length; i++) a.write(bytes.slice(edges[i - 1], edges[i]));
          a.end();
          expect(await received).toBeUndefined();
          expect(Buffer.concat(parts).equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

// ---- a full SSH session over two TransformStreams ---------------------------

const hostKeys = [generatePrivateKey('ssh-ed25519')];

describe('a full SSH session over TransformStreams', () => {
  it('completes the key exchange, carries packets both ways and 4 MiB each way under back-pressure', async () => {
    const { a, b, flushed } = streamPair(64 * 1024);
    const pressure: Pressure = { refused: 0, drains: 0 };
    const s = runTransport(b, { role: 'server', hostKeys });
    const c = runTransport(watched(a, pressure), { role: 'client', verifyHostKey: () => true });
    await Promise.all([c.ready, s.ready]);
    expect(c.sessionId).toEqual(s.sessionId);

    await exchangeBothWays(c, s);
    expect(pressure.refused).toBeGreaterThan(0);
    expect(pressure.drains).toBeGreaterThan(0);

    c.disconnect(11, 'bye');
    expect(await s.closed).toMatchObject({ code: 11 });
    await c.closed;
    // Both directions were closed: the server closed its writable after the client's EOF.
    await Promise.all(flushed);
  });
});
