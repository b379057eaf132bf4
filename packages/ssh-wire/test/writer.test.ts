import { describe, expect, it } from '@jest/globals';
import { WireReader, WireWriter } from '../src/index.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('WireWriter', () => {
  it('writes each RFC 4251 type', () => {
    const out = new WireWriter()
      .u8(0x2a)
      .bool(true)
      .u32(0xdeadbeef)
      .u64(0x100000002n)
      .string('testing')
      .nameList(['zlib', 'none'])
      .finish();
    expect(hex(out)).toBe(
      `2a01deadbeef0000000100000002${'00000007'}74657374696e67${'00000009'}7a6c69622c6e6f6e65`,
    );
  });

  it('grows past its initial capacity without losing data', () => {
    const w = new WireWriter(16);
    const chunk = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    for (let i = 0; i < 100; i++) w.raw(chunk);
    const out = w.finish();
    expect(out.length).toBe(100_000);
    expect(out[99_999]).toBe(999 & 0xff);
  });

  it('writes nested length-prefixed regions with fork/join', () => {
    const w = new WireWriter().u8(1).fork().string('ab').fork().u8(7).join().join();
    const r = new WireReader(w.finish());
    expect(r.u8()).toBe(1);
    const [s, n] = r.readPrefixed((outer) => [outer.utf8(), outer.readPrefixed((inner) => inner.u8())]);
    expect([s, n]).toEqual(['ab', 7]);
    r.expectEnd();
  });

  it('refuses to finish with an open fork or join without one', () => {
    expect(() => new WireWriter().fork().finish()).toThrow(RangeError);
    expect(() => new WireWriter().join()).toThrow(RangeError);
  });

  it('refuses names that cannot be in a name-list', () => {
    expect(() => new WireWriter().nameList(['a,b'])).toThrow(RangeError);
    expect(() => new WireWriter().nameList([''])).toThrow(RangeError);
  });

  it('finishes into a caller buffer and can be reused', () => {
    const w = new WireWriter().u32(5);
    const target = new Uint8Array(8);
    expect(w.finishInto(target, 2)).toBe(6);
    expect(hex(target)).toBe('0000000000050000');
    w.reset().u8(9);
    expect(hex(w.finish())).toBe('09');
  });

  it('returns a copy that later writes do not change', () => {
    const w = new WireWriter().u8(1);
    const first = w.finish();
    w.reset().u8(2);
    expect(first[0]).toBe(1);
  });
});
