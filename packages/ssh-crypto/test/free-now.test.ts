import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { freeArrayBufferNow, freeNow } from '../src/free-now.js';

describe('freeNow', () => {
  it('detaches a node:crypto output buffer: its memory is gone and every view of it is empty', () => {
    const out = createCipheriv('aes-128-ctr', new Uint8Array(16), new Uint8Array(16)).update(
      new Uint8Array(32768),
    );
    const view = new Uint8Array(out.buffer, 100, 10);
    expect(out.buffer.byteLength).toBe(32768);
    freeNow(out);
    expect(out.buffer.byteLength).toBe(0);
    expect(out.length).toBe(0);
    expect(view.length).toBe(0);
  });

  it('leaves alone what is not the whole of its own ArrayBuffer', () => {
    const pooled = Buffer.from('a slice of the shared pool');
    const parent = new Uint8Array(4096);
    const part = parent.subarray(16, 64);
    const tail = parent.subarray(0, 4000);
    const shared = new Uint8Array(new SharedArrayBuffer(1024));
    for (const buffer of [pooled, part, tail, shared]) freeNow(buffer);
    expect(pooled.toString()).toBe('a slice of the shared pool');
    expect(parent.length).toBe(4096);
    expect(part.length).toBe(48);
    expect(tail.length).toBe(4000);
    expect(shared.length).toBe(1024);
  });

  it('freeArrayBufferNow frees a whole ArrayBuffer whatever view the caller holds', () => {
    const backing = new ArrayBuffer(8192);
    const view = new Uint8Array(backing, 100, 50);
    freeArrayBufferNow(view.buffer as ArrayBuffer);
    expect(backing.byteLength).toBe(0);
    expect(view.length).toBe(0);
  });

  it('accepts an empty or already detached buffer', () => {
    const buffer = new Uint8Array(2048);
    freeNow(buffer);
    expect(buffer.length).toBe(0);
    expect(() => freeNow(buffer)).not.toThrow();
    expect(() => freeNow(new Uint8Array(0))).not.toThrow();
  });
});
