/**
 * Write batching shared by the client's request channel and the server's
 * serve loop: frames shorter than {@link BATCH_LIMIT} are queued and written
 * together at the end of the current job (a microtask), so a burst of
 * requests or replies costs one write (one syscall) instead of one per
 * packet. Longer frames (file data) are written at once, after the short
 * frames queued before them.
 */

/** Frames shorter than this are batched. */
export const BATCH_LIMIT = 16 * 1024;

/** @internal */
export class FrameBatch {
  private frames: Uint8Array[] = [];
  private bytes = 0;
  private readonly flushLater = (): void => this.flush();

  /**
   * @param write - writes one frame (`parts` undefined) or the concatenation
   *   of the batched `parts` (which the caller may then reuse)
   */
  constructor(private readonly write: (data: Uint8Array, parts?: readonly Uint8Array[]) => void) {}

  /** Writes `frame` now or with the next batch (see the module notes). */
  send(frame: Uint8Array): void {
    if (frame.length >= BATCH_LIMIT) {
      this.flush();
      this.write(frame);
      return;
    }
    if (this.frames.length === 0) queueMicrotask(this.flushLater);
    this.frames.push(frame);
    this.bytes += frame.length;
    if (this.bytes >= BATCH_LIMIT) this.flush();
  }

  /** Writes the queued frames as one chunk. */
  flush(): void {
    const frames = this.frames;
    if (frames.length === 0) return;
    this.frames = [];
    const total = this.bytes;
    this.bytes = 0;
    if (frames.length === 1) {
      this.write(frames[0] as Uint8Array);
      return;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const f of frames) {
      out.set(f, at);
      at += f.length;
    }
    this.write(out, frames);
  }

  /** Drops the queued frames (the stream has closed). */
  clear(): void {
    this.frames = [];
    this.bytes = 0;
  }
}
