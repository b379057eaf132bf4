import { encodeMpint } from './mpint.js';
import { encodeNameList } from './name-list.js';
import { encodeUtf8 } from './utf8.js';

const INITIAL_CAPACITY = 256;

/**
 * A growable buffer that writes SSH wire data (RFC 4251 §5). It doubles its
 * capacity as needed (amortised O(1) per byte, no quadratic copying); `fork()`
 * and `join()` write length-prefixed nested structures without hand-counted
 * offsets; `finish()` returns an exact copy.
 *
 * @example
 * ```ts
 * import { WireWriter } from '@sshkit/ssh-wire';
 * const bytes = new WireWriter().u8(20).string('ssh-ed25519').mpint(0x80n).finish();
 * ```
 */
export class WireWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private readonly forks: number[] = [];

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  // Callers must read `this.buf`/`this.view` only after calling this: it may swap them.
  private reserve(n: number): number {
    const at = this.pos;
    const needed = at + n;
    if (needed > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, at));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    this.pos = needed;
    return at;
  }

  /** `byte`. */
  u8(value: number): this {
    const at = this.reserve(1);
    this.buf[at] = value;
    return this;
  }

  /** `boolean` as 0 or 1. */
  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  /** `uint32`, big-endian. */
  u32(value: number): this {
    const at = this.reserve(4);
    this.view.setUint32(at, value >>> 0);
    return this;
  }

  /** `uint64`, big-endian. */
  u64(value: bigint | number): this {
    const at = this.reserve(8);
    this.view.setBigUint64(at, BigInt(value));
    return this;
  }

  /** Raw bytes, no length prefix. */
  raw(bytes: Uint8Array): this {
    const at = this.reserve(bytes.length);
    this.buf.set(bytes, at);
    return this;
  }

  /** `string`: uint32 length then the bytes (text is written as UTF-8). */
  string(value: Uint8Array | string): this {
    const bytes = typeof value === 'string' ? encodeUtf8(value) : value;
    return this.u32(bytes.length).raw(bytes);
  }

  /** `mpint`, minimal two's complement. */
  mpint(value: bigint): this {
    return this.string(encodeMpint(value));
  }

  /** `name-list`. */
  nameList(names: readonly string[]): this {
    return this.string(encodeNameList(names));
  }

  /** Starts a length-prefixed region; close it with {@link join}. */
  fork(): this {
    this.forks.push(this.reserve(4));
    return this;
  }

  /**
   * Ends the innermost region opened by {@link fork}, writing its length.
   * @throws RangeError if no region is open
   */
  join(): this {
    const at = this.forks.pop();
    if (at === undefined) throw new RangeError('WireWriter.join: no open fork');
    this.view.setUint32(at, this.pos - at - 4);
    return this;
  }

  /**
   * The bytes written, as an exact copy.
   * @throws RangeError if a fork is still open
   */
  finish(): Uint8Array {
    if (this.forks.length) throw new RangeError('WireWriter.finish: a fork is still open');
    return this.buf.slice(0, this.pos);
  }

  /**
   * Copies the bytes written into `target` at `offset` without an intermediate
   * copy (the packet hot path); returns the offset after them.
   */
  finishInto(target: Uint8Array, offset = 0): number {
    if (this.forks.length) throw new RangeError('WireWriter.finishInto: a fork is still open');
    target.set(this.buf.subarray(0, this.pos), offset);
    return offset + this.pos;
  }

  /** Forgets what was written, keeping the capacity for reuse. */
  reset(): this {
    this.pos = 0;
    this.forks.length = 0;
    return this;
  }
}
