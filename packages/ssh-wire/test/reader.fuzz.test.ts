import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeBase64, WireError, WireReader } from '../src/index.js';

const METHODS = ['u8', 'bool', 'u32', 'u64', 'string', 'utf8', 'mpint', 'nameList', 'rest'] as const;
type Method = (typeof METHODS)[number];

/** Runs `fn`; passes if it returns or throws a WireError, fails on anything else. */
function onlyWireErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!WireError.isInstance(e)) throw e;
  }
}

describe('WireReader on random bytes', () => {
  it('every reader method yields a value or a WireError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.constantFrom<Method>(...METHODS), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 70 }),
        (bytes, calls, maxStringLength) => {
          const r = new WireReader(bytes, { maxStringLength });
          for (const m of calls) onlyWireErrors(() => r[m]());
          onlyWireErrors(() => r.expectEnd());
          onlyWireErrors(() => r.readPrefixed((inner) => inner.u32()));
          expect(r.offset).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('length prefixes near 2^32 give a WireError, not a RangeError', () => {
    for (const len of [0xffffffff, 0x80000000, 0x7fffffff]) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setUint32(0, len);
      for (const m of ['string', 'utf8', 'mpint', 'nameList'] as const) {
        expect(() => new WireReader(b)[m]()).toThrow(WireError);
      }
    }
  });

  it('base64 decoding of random text yields bytes or a WireError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => onlyWireErrors(() => decodeBase64(text))),
      { numRuns: 1000 },
    );
  });
});
