import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeBase64, encodeBase64, WireReader, WireWriter } from '../src/index.js';

const name = fc.stringMatching(/^[\x21-\x2b\x2d-\x7e]{1,20}$/);

type Field =
  | { t: 'u8'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'u32'; v: number }
  | { t: 'u64'; v: bigint }
  | { t: 'string'; v: Uint8Array }
  | { t: 'utf8'; v: string }
  | { t: 'mpint'; v: bigint }
  | { t: 'nameList'; v: string[] };

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((v) => ({ t: 'u8' as const, v })),
  fc.boolean().map((v) => ({ t: 'bool' as const, v })),
  fc.integer({ min: 0, max: 0xffffffff }).map((v) => ({ t: 'u32' as const, v })),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => ({ t: 'u64' as const, v })),
  fc.uint8Array({ maxLength: 64 }).map((v) => ({ t: 'string' as const, v })),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((v) => ({ t: 'utf8' as const, v })),
  fc.bigInt({ min: -(1n << 600n), max: 1n << 600n }).map((v) => ({ t: 'mpint' as const, v })),
  fc.array(name, { maxLength: 6 }).map((v) => ({ t: 'nameList' as const, v })),
);

function write(w: WireWriter, f: Field): void {
  switch (f.t) {
    case 'u8':
      w.u8(f.v);
      break;
    case 'bool':
      w.bool(f.v);
      break;
    case 'u32':
      w.u32(f.v);
      break;
    case 'u64':
      w.u64(f.v);
      break;
    case 'string':
      w.string(f.v);
      break;
    case 'utf8':
      w.string(f.v);
      break;
    case 'mpint':
      w.mpint(f.v);
      break;
    case 'nameList':
      w.nameList(f.v);
      break;
    default: {
      const never: never = f;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

function read(r: WireReader, f: Field): unknown {
  switch (f.t) {
    case 'u8':
      return r.u8();
    case 'bool':
      return r.bool();
    case 'u32':
      return r.u32();
    case 'u64':
      return r.u64();
    case 'string':
      return r.string();
    case 'utf8':
      return r.utf8();
    case 'mpint':
      return r.mpint();
    case 'nameList':
      return r.nameList();
  }
}

describe('wire round trips', () => {
  it('decode(encode(fields)) gives the fields back, for every type', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 12 }), (fields) => {
        const w = new WireWriter(16);
        for (const f of fields) write(w, f);
        const r = new WireReader(w.finish());
        for (const f of fields) expect(read(r, f)).toEqual(f.v);
        r.expectEnd();
      }),
      { numRuns: 300 },
    );
  });

  it('fork/join nesting reads back with readPrefixed', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 8 }), (parts) => {
        const w = new WireWriter().fork();
        for (const p of parts) w.string(p);
        const r = new WireReader(w.join().finish());
        const back = r.readPrefixed((inner) => parts.map(() => inner.string()));
        expect(back).toEqual(parts);
      }),
      { numRuns: 200 },
    );
  });

  it('base64 round trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(decodeBase64(encodeBase64(b))).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });
});
