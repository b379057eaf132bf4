/**
 * Reusable buffers for large frames. Fresh memory costs zeroing, page faults
 * and GC; a transfer that gives its frames back once their bytes have moved
 * runs at memory speed. Each buffer handed out is taken back at most once, and
 * only if this pool lent it, so a stray or repeated give-back cannot pool memory
 * someone still holds.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];
  /** Buffers handed out and not given back yet. */
  private readonly lent = new WeakSet<ArrayBufferLike>();

  /** @param capacity - free buffers kept at most (the rest go to the GC) */
  constructor(private readonly capacity = 64) {}

  /** A pooled buffer of at least `minSize` bytes, or a fresh one of `size` bytes. */
  take(minSize: number, size = minSize): ArrayBuffer {
    let buf = this.free.pop();
    if (buf === undefined || buf.byteLength < minSize) buf = new ArrayBuffer(size);
    this.lent.add(buf);
    return buf;
  }

  /** Gives back the buffer under `view` (from {@link take}) once nothing uses it any more. */
  recycle(view: Uint8Array): void {
    const buf = view.buffer;
    if (!this.lent.delete(buf) || this.free.length >= this.capacity) return;
    this.free.push(buf as ArrayBuffer);
  }
}
