// run() / createProcess() redirection on Node: files and Node streams.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SSHClientConnection } from '../src/index.js';
import { type Loopback, loopback } from './support/loopback.js';

describe('process redirection to files and Node streams', () => {
  let loop: Loopback;
  let conn: SSHClientConnection;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-redirect-'));
    loop = await loopback({
      encoding: null,
      processFactory: async (proc) => {
        for (;;) {
          const data = await proc.stdin.read(1 << 16);
          if (data.length === 0) break;
          proc.stdout.write(data);
        }
        proc.stderr.write(new TextEncoder().encode('done\n'));
        proc.exit(0);
      },
    });
    conn = loop.conn;
  });
  afterAll(async () => {
    await loop?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stdin from a file path, stdout and stderr into file paths', async () => {
    const input = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < input.length; i++) input[i] = (i * 7) & 0xff;
    writeFileSync(join(dir, 'in.bin'), input);
    const r = await conn.run('cat', {
      encoding: null,
      stdin: join(dir, 'in.bin'),
      stdout: join(dir, 'out.bin'),
      stderr: join(dir, 'err.txt'),
    });
    expect(r.exitStatus).toBe(0);
    expect(r.stdout).toHaveLength(0);
    expect(readFileSync(join(dir, 'out.bin')).equals(input)).toBe(true);
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('done\n');
  });

  it('stdin from a Node Readable, stdout into a slow Node Writable, stderr merged', async () => {
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        setImmediate(cb);
      },
    });
    const proc = await conn.createProcess('cat', {
      encoding: null,
      stdin: Readable.from([Buffer.from('first '), Buffer.from('second\n')]),
      stdout: slow,
      stderr: 'stdout',
    });
    const r = await proc.wait();
    expect(r.exitStatus).toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe('first second\ndone\n');
    expect(slow.writableFinished).toBe(true);
  });
});
