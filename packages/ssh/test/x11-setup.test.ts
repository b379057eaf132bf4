import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeX11Failed, encodeX11Setup, parseX11Setup, X11SetupError } from '../src/node/x11/setup.js';

const COOKIE = Uint8Array.from({ length: 16 }, (_, i) => i + 1);

// Written out by hand from X protocol §8, not by the encoder under test.
// biome-ignore format: one row per field group
const MSB_REQUEST = Uint8Array.of(
  0x42, 0, 0, 11, 0, 0, 0, 18, 0, 16, 0, 0,
  ...Buffer.from('MIT-MAGIC-COOKIE-1'), 0, 0,
  ...COOKIE,
);
// biome-ignore format: one row per field group
const LSB_REQUEST = Uint8Array.of(
  0x6c, 0, 11, 0, 0, 0, 18, 0, 16, 0, 0, 0,
  ...Buffer.from('MIT-MAGIC-COOKIE-1'), 0, 0,
  ...COOKIE,
);

describe('parseX11Setup', () => {
  it.each([
    ['MSB first', MSB_REQUEST, false],
    ['LSB first', LSB_REQUEST, true],
  ])('reads a %s request', (_, request, littleEndian) => {
    expect(parseX11Setup(request)).toEqual({
      littleEndian,
      major: 11,
      minor: 0,
      authName: 'MIT-MAGIC-COOKIE-1',
      authData: COOKIE,
      length: 48,
    });
  });

  it('needs more bytes at every prefix length', () => {
    for (const request of [MSB_REQUEST, LSB_REQUEST]) {
      for (let n = 0; n < request.length; n++) expect(parseX11Setup(request.subarray(0, n))).toBeUndefined();
    }
  });

  it('does not consume the bytes after the request', () => {
    const more = Uint8Array.of(...LSB_REQUEST, 1, 2, 3, 4, 5);
    expect(parseX11Setup(more)?.length).toBe(LSB_REQUEST.length);
  });

  it('reads an unpadded name and data', () => {
    const request = encodeX11Setup(
      { littleEndian: false, major: 11, minor: 0 },
      'ABCDE',
      Uint8Array.of(9, 8, 7),
    );
    expect(request).toEqual(
      Uint8Array.of(0x42, 0, 0, 11, 0, 0, 0, 5, 0, 3, 0, 0, 65, 66, 67, 68, 69, 0, 0, 0, 9, 8, 7, 0),
    );
    expect(parseX11Setup(request)).toMatchObject({
      authName: 'ABCDE',
      authData: Uint8Array.of(9, 8, 7),
      length: 24,
    });
  });

  it('reads no authorization', () => {
    expect(parseX11Setup(Uint8Array.of(0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0))).toEqual({
      littleEndian: true,
      major: 11,
      minor: 0,
      authName: '',
      authData: new Uint8Array(0),
      length: 12,
    });
  });

  it('refuses a bad byte-order byte at once', () => {
    expect(() => parseX11Setup(Uint8Array.of(0x16))).toThrow(X11SetupError);
    expect(() => parseX11Setup(Uint8Array.of(0x16, 3, 0))).toThrow(/byte order/);
    expect(X11SetupError.isInstance(catchError(() => parseX11Setup(Uint8Array.of(0))))).toBe(true);
  });

  it('copies the authorization data out of the input', () => {
    const request = Uint8Array.from(MSB_REQUEST);
    const setup = parseX11Setup(request);
    request.fill(0xee);
    expect(setup?.authData).toEqual(COOKIE);
  });

  it('gives undefined, a setup or X11SetupError only, for any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }),
          // Mostly valid headers, so the length arithmetic gets exercised.
          fc
            .tuple(fc.constantFrom(0x42, 0x6c), fc.uint8Array({ minLength: 11, maxLength: 80 }))
            .map(([order, rest]) => Uint8Array.of(order, ...rest)),
        ),
        (bytes) => {
          let result: ReturnType<typeof parseX11Setup>;
          try {
            result = parseX11Setup(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(X11SetupError);
            return;
          }
          if (result) {
            expect(result.length).toBeLessThanOrEqual(bytes.length);
            expect(result.length % 4).toBe(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('encodeX11Setup', () => {
  it('replaces the authorization and keeps the byte order', () => {
    const setup = parseX11Setup(LSB_REQUEST)!;
    const swapped = encodeX11Setup(setup, 'XDM-AUTHORIZATION-1', Uint8Array.of(1, 2, 3, 4, 5, 6, 7));
    expect(parseX11Setup(swapped)).toEqual({
      littleEndian: true,
      major: 11,
      minor: 0,
      authName: 'XDM-AUTHORIZATION-1',
      authData: Uint8Array.of(1, 2, 3, 4, 5, 6, 7),
      length: 12 + 20 + 8,
    });
    expect(encodeX11Setup(parseX11Setup(MSB_REQUEST)!, 'MIT-MAGIC-COOKIE-1', COOKIE)).toEqual(MSB_REQUEST);
    expect(encodeX11Setup(setup, 'MIT-MAGIC-COOKIE-1', COOKIE)).toEqual(LSB_REQUEST);
  });

  it('round-trips through parseX11Setup', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.string({
          unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)),
          maxLength: 40,
        }),
        fc.uint8Array({ maxLength: 64 }),
        (littleEndian, major, minor, authName, authData) => {
          const bytes = encodeX11Setup({ littleEndian, major, minor }, authName, authData);
          expect(parseX11Setup(bytes)).toEqual({
            littleEndian,
            major,
            minor,
            authName,
            authData,
            length: bytes.length,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses what cannot be encoded', () => {
    const setup = { littleEndian: false, major: 11, minor: 0 };
    expect(() => encodeX11Setup(setup, 'caf\u00e9\u20ac', COOKIE)).toThrow(TypeError);
    expect(() => encodeX11Setup(setup, 'x'.repeat(0x10000), COOKIE)).toThrow(RangeError);
    expect(() => encodeX11Setup(setup, 'x', new Uint8Array(0x10000))).toThrow(RangeError);
  });
});

describe('encodeX11Failed', () => {
  it('lays out a Failed reply, MSB first', () => {
    expect(encodeX11Failed({ littleEndian: false, major: 11, minor: 0 }, 'bad key')).toEqual(
      Uint8Array.of(0, 7, 0, 11, 0, 0, 0, 2, 98, 97, 100, 32, 107, 101, 121, 0),
    );
  });

  it('lays out a Failed reply, LSB first', () => {
    expect(encodeX11Failed({ littleEndian: true, major: 11, minor: 3 }, 'deny')).toEqual(
      Uint8Array.of(0, 4, 11, 0, 3, 0, 1, 0, 100, 101, 110, 121),
    );
  });

  it('handles an empty reason and the longest one', () => {
    expect(encodeX11Failed({ littleEndian: true, major: 11, minor: 0 }, '')).toEqual(
      Uint8Array.of(0, 0, 11, 0, 0, 0, 0, 0),
    );
    const long = encodeX11Failed({ littleEndian: false, major: 11, minor: 0 }, 'r'.repeat(255));
    expect(long.length).toBe(8 + 256);
    expect([long[1], long[6], long[7], long[8 + 254], long[8 + 255]]).toEqual([255, 0, 64, 114, 0]);
    expect(() => encodeX11Failed({ littleEndian: false, major: 11, minor: 0 }, 'r'.repeat(256))).toThrow(
      RangeError,
    );
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
