import { describe, expect, it } from '@jest/globals';
import { SSHError, WireError, type WireErrorKind, WireReader } from '../src/index.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

function kindOf(fn: () => unknown): WireErrorKind | 'no error' | 'other error' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return WireError.isInstance(e) ? e.kind : 'other error';
  }
}

describe('WireReader', () => {
  it('reads each RFC 4251 type', () => {
    const r = new WireReader(
      bytes(
        0x2a, // byte
        0x02, // boolean: any non-zero value is TRUE
        0x00, // boolean false
        0x12,
        0x34,
        0x56,
        0x78, // uint32
        0x00,
        0x00,
        0x00,
        0x01,
        0x00,
        0x00,
        0x00,
        0x02, // uint64
        0,
        0,
        0,
        7,
        0x74,
        0x65,
        0x73,
        0x74,
        0x69,
        0x6e,
        0x67, // string "testing"
        0,
        0,
        0,
        9,
        0x7a,
        0x6c,
        0x69,
        0x62,
        0x2c,
        0x6e,
        0x6f,
        0x6e,
        0x65, // name-list "zlib,none"
        0,
        0,
        0,
        0, // empty name-list
      ),
    );
    expect(r.u8()).toBe(0x2a);
    expect(r.bool()).toBe(true);
    expect(r.bool()).toBe(false);
    expect(r.u32()).toBe(0x12345678);
    expect(r.u64()).toBe(0x100000002n);
    expect(r.utf8()).toBe('testing');
    expect(r.nameList()).toEqual(['zlib', 'none']);
    expect(r.nameList()).toEqual([]);
    r.expectEnd();
  });

  it('reads uint32 values with the high bit set as unsigned', () => {
    expect(new WireReader(bytes(0xff, 0xff, 0xff, 0xff)).u32()).toBe(0xffffffff);
  });

  it('returns views, not copies', () => {
    const buf = bytes(0, 0, 0, 2, 9, 8);
    const s = new WireReader(buf).string();
    expect(s.buffer).toBe(buf.buffer);
    expect(Array.from(s)).toEqual([9, 8]);
  });

  it('reports truncation with the offset of the field', () => {
    const r = new WireReader(bytes(1, 0, 0, 0, 5, 1, 2));
    r.u8();
    try {
      r.string();
      throw new Error('expected a WireError');
    } catch (e) {
      expect(WireError.isInstance(e)).toBe(true);
      expect((e as WireError).kind).toBe('truncated');
      expect((e as WireError).offset).toBe(1);
    }
    // The failed read did not move the cursor.
    expect(r.offset).toBe(1);
  });

  it('enforces the maximum string length', () => {
    const r = new WireReader(bytes(0, 0, 0, 3, 1, 2, 3), { maxStringLength: 2 });
    expect(kindOf(() => r.string())).toBe('too-long');
  });

  it('rejects invalid UTF-8 in text fields', () => {
    expect(kindOf(() => new WireReader(bytes(0, 0, 0, 2, 0xc3, 0x28)).utf8())).toBe('invalid-utf8');
  });

  it.each([
    ['an empty name', 'a,,b'],
    ['a trailing comma', 'a,'],
    ['a space', 'a b'],
  ])('rejects a name-list with %s', (_why, text) => {
    const body = new TextEncoder().encode(text);
    const buf = new Uint8Array(4 + body.length);
    new DataView(buf.buffer).setUint32(0, body.length);
    buf.set(body, 4);
    expect(kindOf(() => new WireReader(buf).nameList())).toBe('invalid-name-list');
  });

  it('scopes a prefixed region and requires it to be consumed', () => {
    const buf = bytes(0, 0, 0, 5, 7, 0, 0, 0, 9, 0xee);
    const r = new WireReader(buf);
    expect(r.readPrefixed((inner) => [inner.u8(), inner.u32()])).toEqual([7, 9]);
    expect(r.u8()).toBe(0xee);
    r.expectEnd();
    expect(kindOf(() => new WireReader(buf).readPrefixed((inner) => inner.u8()))).toBe('trailing-data');
    // The inner reader cannot read past its region even if the buffer goes on.
    expect(kindOf(() => new WireReader(buf).readPrefixed((inner) => inner.bytes(6)))).toBe('truncated');
  });

  it('reports trailing data', () => {
    const r = new WireReader(bytes(1, 2));
    r.u8();
    expect(kindOf(() => r.expectEnd())).toBe('trailing-data');
  });

  it('works on a view into a larger buffer', () => {
    const big = bytes(0xaa, 0xbb, 0, 0, 0, 1, 0x42, 0xcc);
    const r = new WireReader(big.subarray(2, 7));
    expect(Array.from(r.string())).toEqual([0x42]);
    r.expectEnd();
    const inner = new WireReader(big.subarray(2, 7)).readPrefixed((x) => x.u8());
    expect(inner).toBe(0x42);
  });

  it('makes WireError recognisable as an SSHError by marker', () => {
    const e = new WireError('truncated', 'x', 0);
    expect(e.name).toBe('WireError');
    expect(SSHError.isInstance(e)).toBe(true);
    expect(WireError.isInstance(e)).toBe(true);
    expect(WireError.isInstance(new SSHError('plain'))).toBe(false);
    expect(SSHError.isInstance(new Error('x'))).toBe(false);
    expect(SSHError.isInstance(null)).toBe(false);
    // A copy from another package instance carries the same marker key.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@sshkit/error')]: ['WireError', 'SSHError'],
    });
    expect(WireError.isInstance(foreign)).toBe(true);
  });
});

describe('WireReader atomic reads', () => {
  it.each(['u64', 'mpint', 'nameList', 'utf8'] as const)('a failed %s leaves the cursor in place', (m) => {
    const bad = {
      u64: bytes(1, 2, 3, 4, 5),
      mpint: bytes(0, 0, 0, 1, 0),
      nameList: bytes(0, 0, 0, 1, 0x2c),
      utf8: bytes(0, 0, 0, 1, 0xff),
    }[m];
    const r = new WireReader(bad);
    expect(() => r[m]()).toThrow(WireError);
    expect(r.offset).toBe(0);
  });
});
