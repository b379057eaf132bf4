/**
 * A small, bounded DER (ITU-T X.690) reader and writer: exactly what the key
 * formats need (SEQUENCE, INTEGER, OCTET STRING, BIT STRING, OBJECT
 * IDENTIFIER, NULL, context tags). Definite lengths only; non-minimal lengths,
 * non-minimal integers and nesting deeper than {@link MAX_DER_DEPTH} are
 * rejected. Every failure is a `KeyImportError` with reason `truncated` or
 * `corrupted`.
 */
import { bigIntToBytes, bytesToBigInt } from '@sshkit/ssh-wire';
import { KeyImportError } from '../errors.js';

/** Universal tags used here (X.680 §8.4). */
export const DER_TAG = Object.freeze({
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const);

/**
 * Deepest nesting accepted. Key structures nest at most 5 levels (PKCS#8
 * PBES2 parameters); 16 leaves room and stops stack exhaustion on hostile input.
 */
export const MAX_DER_DEPTH = 16;

/** One decoded TLV. */
export interface DerElement {
  /** The full identifier octet (class, constructed bit and tag number < 31). */
  readonly tag: number;
  /** The contents octets (a view). */
  readonly body: Uint8Array;
}

function corrupted(message: string): KeyImportError {
  return new KeyImportError('corrupted', `DER: ${message}`);
}

/**
 * A cursor over a run of DER elements. `sequence()` and `explicit()` return
 * readers over the inner region; call `end()` to require it was consumed.
 */
export class DerReader {
  private pos = 0;
  private readonly bytes: Uint8Array;
  private readonly depth: number;

  constructor(bytes: Uint8Array, depth = 0) {
    if (depth > MAX_DER_DEPTH) throw corrupted(`nesting deeper than ${MAX_DER_DEPTH}`);
    this.bytes = bytes;
    this.depth = depth;
  }

  /** True when every element was read. */
  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The identifier octet of the next element, or -1 at the end. */
  peekTag(): number {
    return this.atEnd ? -1 : (this.bytes[this.pos] as number);
  }

  /** Reads the next element of any tag. */
  next(): DerElement {
    const b = this.bytes;
    let at = this.pos;
    if (at + 2 > b.length) throw new KeyImportError('truncated', 'DER: element header runs past the end');
    const tag = b[at++] as number;
    if ((tag & 0x1f) === 0x1f) throw corrupted('multi-byte tags are not used by key formats');
    let length = b[at++] as number;
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n === 0) throw corrupted('indefinite length is not DER');
      if (n > 4) throw corrupted('length field too long');
      if (at + n > b.length) throw new KeyImportError('truncated', 'DER: length runs past the end');
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + (b[at++] as number);
      if (length < 0x80 || (n > 1 && (b[at - n] as number) === 0)) throw corrupted('non-minimal length');
    }
    if (length > b.length - at) throw new KeyImportError('truncated', 'DER: contents run past the end');
    this.pos = at + length;
    return { tag, body: b.subarray(at, at + length) };
  }

  /** Reads the next element and requires `tag`. */
  expect(tag: number, what: string): Uint8Array {
    const got = this.peekTag();
    if (got === -1) throw new KeyImportError('truncated', `DER: ${what} missing`);
    if (got !== tag)
      throw corrupted(`expected ${what} (tag 0x${tag.toString(16)}), got tag 0x${got.toString(16)}`);
    return this.next().body;
  }

  /** SEQUENCE: a reader over its contents. */
  sequence(what = 'SEQUENCE'): DerReader {
    return new DerReader(this.expect(DER_TAG.SEQUENCE, what), this.depth + 1);
  }

  /** Context-specific constructed `[n]` (EXPLICIT): a reader over its contents. */
  explicit(n: number): DerReader {
    return new DerReader(this.expect(0xa0 | n, `[${n}]`), this.depth + 1);
  }

  /** True when the next element is context-specific `[n]` (constructed or primitive). */
  isContext(n: number): boolean {
    const t = this.peekTag();
    return t === (0xa0 | n) || t === (0x80 | n);
  }

  /** INTEGER, required non-negative. */
  integer(what = 'INTEGER'): bigint {
    const body = this.expect(DER_TAG.INTEGER, what);
    if (body.length === 0) throw corrupted(`${what} is empty`);
    if (body.length > 1 && body[0] === 0 && !((body[1] as number) & 0x80)) {
      throw corrupted(`${what} has a non-minimal encoding`);
    }
    if ((body[0] as number) & 0x80) throw corrupted(`${what} is negative`);
    return bytesToBigInt(body);
  }

  /** INTEGER that fits a small non-negative number (versions, iteration counts). */
  smallInteger(what = 'INTEGER', max = 0x7fffffff): number {
    const v = this.integer(what);
    if (v > BigInt(max)) throw corrupted(`${what} out of range`);
    return Number(v);
  }

  /** OCTET STRING contents. */
  octetString(what = 'OCTET STRING'): Uint8Array {
    return this.expect(DER_TAG.OCTET_STRING, what);
  }

  /** BIT STRING contents with no unused bits (every key format uses whole bytes). */
  bitString(what = 'BIT STRING'): Uint8Array {
    const body = this.expect(DER_TAG.BIT_STRING, what);
    if (body.length === 0 || body[0] !== 0) throw corrupted(`${what} must have zero unused bits`);
    return body.subarray(1);
  }

  /** OBJECT IDENTIFIER in dotted form. */
  oid(what = 'OBJECT IDENTIFIER'): string {
    return decodeOid(this.expect(DER_TAG.OID, what));
  }

  /** NULL. */
  null(what = 'NULL'): void {
    if (this.expect(DER_TAG.NULL, what).length !== 0) throw corrupted(`${what} must be empty`);
  }

  /** Requires every element to have been read. */
  end(what = 'structure'): void {
    if (!this.atEnd) throw corrupted(`trailing data after ${what}`);
  }
}

/** Decodes OID contents octets into dotted form (X.690 §8.19). */
export function decodeOid(body: Uint8Array): string {
  if (body.length === 0 || body.length > 64) throw corrupted('OBJECT IDENTIFIER length out of range');
  const arcs: number[] = [];
  let value = 0;
  let first = true;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (value === 0 && b === 0x80) throw corrupted('OBJECT IDENTIFIER arc has a leading 0x80');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw corrupted('OBJECT IDENTIFIER arc too large');
    if (!(b & 0x80)) {
      if (first) {
        const top = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(top, value - 40 * top);
        first = false;
      } else {
        arcs.push(value);
      }
      value = 0;
    } else if (i === body.length - 1) {
      throw new KeyImportError('truncated', 'DER: OBJECT IDENTIFIER ends inside an arc');
    }
  }
  return arcs.join('.');
}

// ---- writer ----------------------------------------------------------------

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

/** A TLV with the given identifier octet and contents. */
export function derTlv(tag: number, body: Uint8Array): Uint8Array {
  const len = lengthBytes(body.length);
  const out = new Uint8Array(1 + len.length + body.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(body, 1 + len.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...items: readonly Uint8Array[]): Uint8Array {
  return derTlv(DER_TAG.SEQUENCE, concat(items));
}

/** Non-negative INTEGER, minimal encoding. */
export function derInteger(value: bigint | number): Uint8Array {
  const v = BigInt(value);
  if (v < 0n) throw new RangeError('derInteger: value must be non-negative');
  const mag = v === 0n ? Uint8Array.of(0) : bigIntToBytes(v);
  if ((mag[0] as number) & 0x80) return derTlv(DER_TAG.INTEGER, concat([Uint8Array.of(0), mag]));
  return derTlv(DER_TAG.INTEGER, mag);
}

/** OCTET STRING. */
export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derTlv(DER_TAG.OCTET_STRING, bytes);
}

/** BIT STRING with zero unused bits. */
export function derBitString(bytes: Uint8Array): Uint8Array {
  return derTlv(DER_TAG.BIT_STRING, concat([Uint8Array.of(0), bytes]));
}

/** NULL. */
export function derNull(): Uint8Array {
  return Uint8Array.of(DER_TAG.NULL, 0);
}

/** OBJECT IDENTIFIER from dotted form. */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => Number(a));
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) {
    throw new RangeError(`derOid: bad OID ${JSON.stringify(dotted)}`);
  }
  const out: number[] = [];
  const push = (v: number) => {
    const chunk: number[] = [v & 0x7f];
    v = Math.floor(v / 128);
    while (v > 0) {
      chunk.unshift(0x80 | (v & 0x7f));
      v = Math.floor(v / 128);
    }
    out.push(...chunk);
  };
  push((arcs[0] as number) * 40 + (arcs[1] as number));
  for (const a of arcs.slice(2)) push(a);
  return derTlv(DER_TAG.OID, Uint8Array.from(out));
}

/** Context-specific constructed `[n]` wrapping already-encoded elements (EXPLICIT). */
export function derExplicit(n: number, ...items: readonly Uint8Array[]): Uint8Array {
  return derTlv(0xa0 | n, concat(items));
}
