// Flow control at scale: 1 GiB through one session channel in memory, to a
// reader slower than the writer. Memory must stay bounded by the window, not
// grow with the data.
import { expect, test } from '@jest/globals';
import { DEFAULT_WINDOW, type SSHReader, type SSHWriter } from '../src/index.js';
import { connectPair } from './support/harness.js';

const TOTAL = 1024 * 1024 * 1024;

test('1 GiB to a slow reader: received intact in order, heap bounded by the window', async () => {
  const block = new Uint8Array(1024 * 1024);
  const pair = connectPair(
    {},
    {
      channelOptions: { encoding: null },
      sessionFactory: (async (_stdin: SSHReader<Uint8Array>, stdout: SSHWriter<Uint8Array>) => {
        for (let sent = 0, n = 0; sent < TOTAL; sent += block.length, n++) {
          block.fill(n & 0xff); // each MiB carries its index, so order is checkable
          stdout.write(block.slice());
          await stdout.drain();
        }
        stdout.writeEof();
      }) as never,
    },
  );
  const [, stdout] = await pair.client.openSession<null>(undefined, { encoding: null });
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  let maxGrowth = 0;
  let received = 0;
  let reads = 0;
  for (;;) {
    const data = await stdout.read(256 * 1024);
    if (data.length === 0) break;
    // Every byte belongs to the MiB it was sent in.
    const first = Math.floor(received / block.length) & 0xff;
    const last = Math.floor((received + data.length - 1) / block.length) & 0xff;
    expect(data[0] === first && data[data.length - 1] === last).toBe(true);
    received += data.length;
    if (++reads % 64 === 0) {
      // The slow part: the reader yields to the event loop now and then.
      await new Promise((r) => setImmediate(r));
      const m = process.memoryUsage();
      maxGrowth = Math.max(maxGrowth, m.heapUsed + m.arrayBuffers - heapBefore);
    }
  }
  expect(received).toBe(TOTAL);
  // Garbage not yet collected counts here, so allow generous slack over the
  // 2 MiB window, but far below anything proportional to 1 GiB.
  expect(DEFAULT_WINDOW).toBe(2 * 1024 * 1024);
  expect(maxGrowth).toBeLessThan(256 * 1024 * 1024);
}, 120_000);
