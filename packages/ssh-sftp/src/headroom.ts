/**
 * File data that is sent without a copy: a buffer is allocated with room in
 * front of the data for the header of the packet that will carry it (WRITE
 * for uploads, DATA for the server's read replies), the data is read into
 * it, and the encoder writes the header in that room instead of copying the
 * data into a new frame. Buffers come from a pool when the sender can tell
 * when the bytes have left (fresh memory costs zeroing and page faults).
 */
import { BufferPool } from './buffer-pool.js';

/** Buffers whose headroom is still free, with its size (each is used once). */
const reserved = new WeakMap<ArrayBufferLike, number>();

/**
 * The frame around `data` when `data` starts right after `header` bytes of
 * reserved room ({@link FramePool.allocate}, possibly shortened): the room is
 * used up and the caller writes the header there. `undefined` otherwise (copy it).
 */
export function takeHeadroom(data: Uint8Array, header: number): Uint8Array | undefined {
  if (data.byteOffset !== header || reserved.get(data.buffer) !== header) return undefined;
  reserved.delete(data.buffer);
  return new Uint8Array(data.buffer, 0, header + data.length);
}

/**
 * A fresh buffer for `length` bytes of data with `header` bytes of room in front.
 * @returns the data region (its `byteOffset` is `header`)
 */
export function withHeadroom(header: number, length: number): Uint8Array {
  const buf = new ArrayBuffer(header + length);
  reserved.set(buf, header);
  return new Uint8Array(buf, header, length);
}

/** Buffers with headroom, reused once their bytes have been sent. @internal */
export class FramePool {
  private readonly pool = new BufferPool();

  /**
   * A buffer for `length` bytes of data with `header` bytes of room in front.
   * @returns the data region (its `byteOffset` is `header`)
   */
  allocate(header: number, length: number): Uint8Array {
    const buf = this.pool.take(header + length);
    reserved.set(buf, header);
    return new Uint8Array(buf, header, length);
  }

  /**
   * Gives back a buffer from {@link allocate} (any view of it) once nothing
   * uses it any more; others are ignored, and each buffer is taken back once.
   */
  recycle(view: Uint8Array): void {
    this.pool.recycle(view);
  }
}
