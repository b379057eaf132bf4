import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type SSHClientConnection, toNodeDuplex } from '../src/index.js';
import { type Loopback, loopback } from './support/loopback.js';

describe('toNodeDuplex', () => {
  let loop: Loopback;
  let conn: SSHClientConnection;

  beforeAll(async () => {
    loop = await loopback({
      encoding: null,
      processFactory: async (proc) => {
        if (proc.command === 'upper') {
          // A server-side Duplex too: uppercase ASCII as it streams through.
          const io = toNodeDuplex(proc.stdin, proc.stdout);
          for await (const chunk of io)
            io.write(
              Buffer.from(chunk as Buffer)
                .toString('latin1')
                .toUpperCase(),
            );
          io.end();
          await new Promise((r) => io.once('finish', r));
        } else {
          for (;;) {
            const data = await proc.stdin.read(1 << 20);
            if (data.length === 0) break;
            proc.stdout.write(data);
          }
        }
        proc.exit(0);
      },
    });
    conn = loop.conn;
  });
  afterAll(async () => {
    await loop?.close();
  });

  it('carries 16 MiB through stream.pipeline with back-pressure, hash intact', async () => {
    const [stdin, stdout] = await conn.openSession('cat', { encoding: null });
    const block = Buffer.alloc(1 << 20);
    for (let i = 0; i < block.length; i++) block[i] = (i * 31) & 0xff;
    const sent = createHash('sha256');
    const got = createHash('sha256');
    let received = 0;
    let maxPending = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 16; i++) {
          sent.update(block);
          yield block;
        }
      })(),
    );
    const duplex = toNodeDuplex(stdout, stdin);
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _e, cb) {
        got.update(chunk);
        received += chunk.length;
        maxPending = Math.max(maxPending, duplex.readableLength);
        setImmediate(cb); // a consumer slower than the channel
      },
    });
    await pipeline(source, duplex, sink);
    expect(received).toBe(16 << 20);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
    // Node buffers no more than its high-water mark plus one channel read.
    expect(maxPending).toBeLessThanOrEqual(duplex.readableHighWaterMark + 64 * 1024);
  });

  it('works on the server side and ends with EOF both ways', async () => {
    const r = await conn.run('upper', { input: 'hello, duplex' });
    expect(r.stdout).toBe('HELLO, DUPLEX');
    expect(r.exitStatus).toBe(0);
  });

  it('destroy() closes the channel', async () => {
    const [stdin, stdout] = await conn.openSession('cat', { encoding: null });
    const duplex = toNodeDuplex(stdout, stdin);
    duplex.destroy();
    await expect(stdin.channel.waitClosed()).resolves.toBeUndefined();
  });
});
