import { WireError } from './errors.js';
import { decodeMpint } from './mpint.js';
import { decodeNameList } from './name-list.js';
import { decodeUtf8 } from './utf8.js';

/** Options of {@link WireReader}. */
export interface WireReaderOptions {
  /**
   * Longest `string` field accepted, in bytes; longer ones throw `WireError('too-long')`.
   * @default Number.MAX_SAFE_INTEGER (bounded only by the buffer)
   */
  maxStringLength?: number;
}

/**
 * A bounds-checked cursor over SSH wire data (RFC 4251 §5). Reads never copy:
 * `string()` and `bytes()` return views into the buffer. Every failure is a
 * `WireError` carrying the offset of the bad field.
 *
 * @example
 * ```ts
 * import { WireReader } from '@sshkit/ssh-wire';
 * const r = new WireReader(Uint8Array.of(0, 0, 0, 1, 0x2a));
 * r.u32(); // 1
 * r.u8();  // 42
 * r.expectEnd();
 * ```
 */
export class WireReader {
  readonly buffer: Uint8Array;
  readonly maxStringLength: number;
  private pos: number;
  private readonly end: number;

  constructor(buffer: Uint8Array, options: WireReaderOptions = {}, start = 0, end = buffer.length) {
    this.buffer = buffer;
    this.maxStringLength = options.maxStringLength ?? Number.MAX_SAFE_INTEGER;
    this.pos = start;
    this.end = end;
  }

  /** The cursor position within `buffer`. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left before the end of this reader's region. */
  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): number {
    const at = this.pos;
    if (n > this.end - at) {
      throw new WireError('truncated', `${what} needs ${n} bytes, ${this.end - at} left`, at);
    }
    this.pos = at + n;
    return at;
  }

  /** `byte`: one octet. */
  u8(): number {
    return this.buffer[this.need(1, 'byte')] as number;
  }

  /** `boolean`: "All non-zero values MUST be interpreted as TRUE" (RFC 4251 §5). */
  bool(): boolean {
    return this.u8() !== 0;
  }

  /** `uint32`, big-endian. */
  u32(): number {
    const at = this.need(4, 'uint32');
    const b = this.buffer;
    return (
      (((b[at] as number) << 24) |
        ((b[at + 1] as number) << 16) |
        ((b[at + 2] as number) << 8) |
        (b[at + 3] as number)) >>>
      0
    );
  }

  /** `uint64`, big-endian, as a bigint. */
  u64(): bigint {
    this.need(8, 'uint64');
    this.pos -= 8;
    const hi = this.u32();
    const lo = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `n` raw bytes (a view, not a copy). */
  bytes(n: number): Uint8Array {
    const at = this.need(n, `${n} raw bytes`);
    return this.buffer.subarray(at, at + n);
  }

  /**
   * `string` as bytes: uint32 length then that many bytes (a view, not a copy).
   * Like every read, a failed one leaves the cursor where it was.
   */
  string(): Uint8Array {
    const start = this.pos;
    const length = this.u32();
    if (length > this.maxStringLength) {
      this.pos = start;
      throw new WireError(
        'too-long',
        `string of ${length} bytes exceeds the limit of ${this.maxStringLength}`,
        start,
      );
    }
    if (length > this.end - this.pos) {
      this.pos = start;
      throw new WireError('truncated', `string of ${length} bytes runs past the end`, start);
    }
    return this.bytes(length);
  }

  /** `string` holding UTF-8 text, decoded strictly. */
  utf8(): string {
    return this.decoded(decodeUtf8);
  }

  /** `mpint` as a bigint; non-minimal encodings are rejected. */
  mpint(): bigint {
    return this.decoded(decodeMpint);
  }

  /** `name-list` as an array of names. */
  nameList(): string[] {
    return this.decoded(decodeNameList);
  }

  /** Reads a `string` and decodes it; on failure the cursor stays where it was. */
  private decoded<T>(decode: (body: Uint8Array, offset: number) => T): T {
    const start = this.pos;
    try {
      return decode(this.string(), start);
    } catch (e) {
      this.pos = start;
      throw e;
    }
  }

  /** Everything left, as a view. */
  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  /**
   * Reads a length-prefixed region with `fn`, which must consume it exactly.
   * @throws WireError('trailing-data') if `fn` leaves bytes of the region unread
   */
  readPrefixed<T>(fn: (inner: WireReader) => T): T {
    const body = this.string();
    const inner = new WireReader(
      this.buffer,
      { maxStringLength: this.maxStringLength },
      body.byteOffset - this.buffer.byteOffset,
      body.byteOffset - this.buffer.byteOffset + body.length,
    );
    const value = fn(inner);
    inner.expectEnd();
    return value;
  }

  /** @throws WireError('trailing-data') unless every byte was read */
  expectEnd(): void {
    if (this.pos !== this.end) {
      throw new WireError('trailing-data', `${this.end - this.pos} unexpected trailing bytes`, this.pos);
    }
  }
}
