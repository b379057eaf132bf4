/**
 * A streaming zlib (RFC 1950) / DEFLATE (RFC 1951) decompressor for SSH: one
 * stream per direction for the whole connection, fed one packet at a time.
 *
 * Every packet's data must end at a flush point (RFC 4253 §6.2: "a partial
 * flush ... the current compressed block is ended and all data will be
 * output"): between blocks, possibly with the first bits of the next block's
 * header, or just inside a new Huffman block that has no symbol yet, with the
 * unread bits a prefix of its end-of-block code — what zlib's Z_PARTIAL_FLUSH
 * (OpenSSH) leaves, since its 10-bit empty block can straddle two packets.
 * Anything else (a packet ending inside a stored block, a block header, a
 * symbol, or after data of a block that is still open) means a payload was cut,
 * and raises CompressionError instead of carrying data into the next packet.
 *
 * Why not fflate's streaming `Inflate`: it inflates a whole push before
 * returning (a 100 KiB packet can expand to 100 MiB first), ignores what
 * follows a final block, and exposes no state to check the flush point.
 */
import { CompressionError } from '../errors.js';
import {
  CODE_LENGTH_ORDER,
  canonicalCodes,
  DIST_BASE,
  DIST_EXTRA,
  END_OF_BLOCK,
  fixedDistanceLengths,
  fixedLiteralLengths,
  LENGTH_BASE,
  LENGTH_EXTRA,
  WINDOW_SIZE,
} from './tables.js';

/** A decoding table: entry `(symbol << 4) | length` at every index whose low bits are a code. */
interface HuffmanTable {
  table: Uint16Array;
  maxLen: number;
  /** The end-of-block code (bit-reversed) and its length, or length 0. */
  eobCode: number;
  eobLen: number;
}

function newTable(bits: number): HuffmanTable {
  return { table: new Uint16Array(1 << bits), maxLen: 0, eobCode: 0, eobLen: 0 };
}

/**
 * Fills `t` from code lengths, with zlib's rules: an over-subscribed code is
 * an error; an incomplete one is accepted only for the literal/length and
 * distance codes when it is a single one-bit code (or no code at all).
 */
function buildTable(lengths: Uint8Array, t: HuffmanTable, isCodeLengthCode: boolean): void {
  const count = new Uint16Array(16);
  let max = 0;
  for (const len of lengths) {
    count[len] = (count[len] ?? 0) + 1;
    if (len > max) max = len;
  }
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left = (left << 1) - (count[len] ?? 0);
    if (left < 0) throw new CompressionError('over-subscribed Huffman code');
  }
  if (max > 0 && left > 0 && (isCodeLengthCode || max !== 1)) {
    throw new CompressionError('incomplete Huffman code');
  }
  const size = 1 << max;
  t.table.fill(0, 0, size);
  t.maxLen = max;
  t.eobLen = 0;
  const codes = canonicalCodes(lengths);
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym]!;
    if (len === 0) continue;
    const code = codes[sym]!;
    const entry = (sym << 4) | len;
    for (let i = code; i < size; i += 1 << len) t.table[i] = entry;
    if (sym === END_OF_BLOCK && !isCodeLengthCode) {
      t.eobCode = code;
      t.eobLen = len;
    }
  }
}

const FIXED_LIT = newTable(9);
buildTable(fixedLiteralLengths(), FIXED_LIT, false);
const FIXED_DIST = newTable(5);
buildTable(fixedDistanceLengths(), FIXED_DIST, false);

const EMPTY = new Uint8Array(0);

const ZLIB_HEADER = 0;
const BLOCK_HEADER = 1;
const IN_BLOCK = 2;
const FAILED = 3;

function cut(where: string): CompressionError {
  return new CompressionError(`compressed packet does not end at a flush point (${where})`);
}

export class ZlibInflater {
  private readonly maxPayload: number;
  private state = ZLIB_HEADER;
  /** Unread bits, least significant first, and how many. */
  private bb = 0;
  private bc = 0;
  private data: Uint8Array = EMPTY;
  private ip = 0;
  /** Up to 32 KiB of history, then this packet's output from `start` to `op`. */
  private out = new Uint8Array(2 * WINDOW_SIZE);
  private op = 0;
  private start = 0;
  private lit: HuffmanTable = FIXED_LIT;
  private dist: HuffmanTable = FIXED_DIST;
  private blockHasSymbols = false;
  private dynamic: { lit: HuffmanTable; dist: HuffmanTable; lengths: HuffmanTable } | undefined;

  constructor(maxPayload: number) {
    this.maxPayload = maxPayload;
  }

  /** Decompresses one packet; throws CompressionError on corrupt or oversized data. */
  decompress(data: Uint8Array): Uint8Array {
    if (this.state === FAILED) throw new CompressionError('decompression stream already failed');
    this.data = data;
    this.ip = 0;
    this.start = this.op;
    try {
      this.run();
      return this.out.slice(this.start, this.op);
    } catch (e) {
      this.state = FAILED;
      if (e instanceof CompressionError) throw e;
      throw new CompressionError('corrupt compressed data', '', { cause: e });
    } finally {
      this.data = EMPTY;
    }
  }

  private run(): void {
    for (;;) {
      if (this.state === ZLIB_HEADER) {
        if (this.bc === 0 && this.ip === this.data.length) return;
        if (!this.need(16)) throw cut('inside the zlib header');
        const cmf = this.take(8);
        const flg = this.take(8);
        if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || (cmf * 256 + flg) % 31 !== 0) {
          throw new CompressionError('invalid zlib header');
        }
        if (flg & 0x20) throw new CompressionError('zlib preset dictionary not allowed');
        this.state = BLOCK_HEADER;
      } else if (this.state === BLOCK_HEADER) {
        // Fewer than 3 bits: the start of the next block's header; it continues in the next packet.
        if (!this.need(3)) return;
        const header = this.take(3);
        if (header & 1) throw new CompressionError('final deflate block in an SSH compression stream');
        const type = header >> 1;
        if (type === 0) this.storedBlock();
        else if (type === 1) {
          this.lit = FIXED_LIT;
          this.dist = FIXED_DIST;
          this.blockHasSymbols = false;
          this.state = IN_BLOCK;
        } else if (type === 2) {
          this.dynamicHeader();
          this.blockHasSymbols = false;
          this.state = IN_BLOCK;
        } else throw new CompressionError('invalid deflate block type');
      } else if (!this.codes()) {
        return;
      }
    }
  }

  /** Decodes symbols of the current block; false when the packet's data ends at a flush point. */
  private codes(): boolean {
    const lit = this.lit;
    const dist = this.dist;
    for (;;) {
      const sym = this.symbol(lit);
      if (sym < 0) {
        const mask = (1 << this.bc) - 1;
        const eobPrefix = this.bc < lit.eobLen && (this.bb & mask) === (lit.eobCode & mask);
        if (this.blockHasSymbols || !eobPrefix) throw cut('inside a compressed block');
        return false;
      }
      if (sym < 256) {
        this.reserve(1);
        this.out[this.op++] = sym;
        this.blockHasSymbols = true;
        continue;
      }
      if (sym === END_OF_BLOCK) {
        this.state = BLOCK_HEADER;
        return true;
      }
      const li = sym - 257;
      const lenBase = LENGTH_BASE[li];
      if (lenBase === undefined) throw new CompressionError('invalid literal/length code');
      const le = LENGTH_EXTRA[li]!;
      if (!this.need(le)) throw cut('inside a match');
      const len = lenBase + this.take(le);
      const ds = this.symbol(dist);
      if (ds < 0) throw cut('inside a match');
      const distBase = DIST_BASE[ds];
      if (distBase === undefined) throw new CompressionError('invalid distance code');
      const de = DIST_EXTRA[ds]!;
      if (!this.need(de)) throw cut('inside a match');
      const d = distBase + this.take(de);
      this.reserve(len);
      const op = this.op;
      if (d > op) throw new CompressionError('invalid distance too far back');
      const out = this.out;
      if (d >= len) out.copyWithin(op, op - d, op - d + len);
      else for (let i = 0; i < len; i++) out[op + i] = out[op + i - d]!;
      this.op = op + len;
      this.blockHasSymbols = true;
    }
  }

  private storedBlock(): void {
    this.take(this.bc & 7); // to a byte boundary
    if (!this.need(16)) throw cut('inside a stored block header');
    const len = this.take(16);
    if (!this.need(16)) throw cut('inside a stored block header');
    const nlen = this.take(16);
    if ((len ^ 0xffff) !== nlen) throw new CompressionError('invalid stored block lengths');
    this.reserve(len);
    let n = len;
    while (n > 0 && this.bc >= 8) {
      this.out[this.op++] = this.take(8);
      n--;
    }
    if (this.ip + n > this.data.length) throw cut('inside a stored block');
    this.out.set(this.data.subarray(this.ip, this.ip + n), this.op);
    this.ip += n;
    this.op += n;
  }

  private dynamicHeader(): void {
    if (!this.dynamic) {
      this.dynamic = { lit: newTable(15), dist: newTable(15), lengths: newTable(7) };
    }
    const dyn = this.dynamic;
    if (!this.need(14)) throw cut('inside a block header');
    const nlit = this.take(5) + 257;
    const ndist = this.take(5) + 1;
    const ncode = this.take(4) + 4;
    if (nlit > 286 || ndist > 30) throw new CompressionError('too many length or distance symbols');
    const clLengths = new Uint8Array(19);
    for (let i = 0; i < ncode; i++) {
      if (!this.need(3)) throw cut('inside a block header');
      clLengths[CODE_LENGTH_ORDER[i]!] = this.take(3);
    }
    buildTable(clLengths, dyn.lengths, true);
    const lengths = new Uint8Array(nlit + ndist);
    let i = 0;
    while (i < lengths.length) {
      const sym = this.symbol(dyn.lengths);
      if (sym < 0) throw cut('inside a block header');
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        if (i === 0) throw new CompressionError('repeated code length with no previous length');
        value = lengths[i - 1]!;
        if (!this.need(2)) throw cut('inside a block header');
        repeat = 3 + this.take(2);
      } else if (sym === 17) {
        if (!this.need(3)) throw cut('inside a block header');
        repeat = 3 + this.take(3);
      } else {
        if (!this.need(7)) throw cut('inside a block header');
        repeat = 11 + this.take(7);
      }
      if (i + repeat > lengths.length) throw new CompressionError('too many code lengths');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) throw new CompressionError('missing end-of-block code');
    buildTable(lengths.subarray(0, nlit), dyn.lit, false);
    buildTable(lengths.subarray(nlit), dyn.dist, false);
    this.lit = dyn.lit;
    this.dist = dyn.dist;
  }

  /** Decodes one symbol, or returns -1 when the data ends before a complete code. */
  private symbol(t: HuffmanTable): number {
    this.need(t.maxLen);
    const entry = t.table[this.bb & ((1 << t.maxLen) - 1)]!;
    const len = entry & 15;
    if (len === 0) {
      if (this.bc >= t.maxLen) throw new CompressionError('invalid Huffman code');
      return -1;
    }
    if (len > this.bc) return -1;
    this.bb >>>= len;
    this.bc -= len;
    return entry >> 4;
  }

  /** Loads bits until `n` (at most 16) are available; false if the packet's data ends first. */
  private need(n: number): boolean {
    while (this.bc < n) {
      if (this.ip >= this.data.length) return false;
      this.bb |= this.data[this.ip++]! << this.bc;
      this.bc += 8;
    }
    return true;
  }

  private take(n: number): number {
    const v = this.bb & ((1 << n) - 1);
    this.bb >>>= n;
    this.bc -= n;
    return v;
  }

  /**
   * Makes room for `n` more output bytes, enforcing the per-packet limit: the
   * buffer never exceeds 32 KiB of history plus `maxPayload`, whatever the
   * compressed data claims.
   */
  private reserve(n: number): void {
    if (this.op - this.start + n > this.maxPayload) {
      throw new CompressionError(`decompressed payload exceeds ${this.maxPayload} bytes`);
    }
    if (this.op + n <= this.out.length) return;
    const keepFrom = this.start - WINDOW_SIZE;
    if (keepFrom > 0) {
      this.out.copyWithin(0, keepFrom, this.op);
      this.start -= keepFrom;
      this.op -= keepFrom;
    }
    if (this.op + n > this.out.length) {
      const size = Math.min(Math.max(2 * this.out.length, this.op + n), WINDOW_SIZE + this.maxPayload);
      const bigger = new Uint8Array(size);
      bigger.set(this.out.subarray(0, this.op));
      this.out = bigger;
    }
  }
}
