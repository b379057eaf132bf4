import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import fc from 'fast-check';
import { parseDisplay } from '../src/node/x11/display.js';
import {
  encodeXauthority,
  FAMILY_INTERNET,
  FAMILY_INTERNET6,
  FAMILY_LOCAL,
  FAMILY_WILD,
  findCookie,
  localCookieEntry,
  MIT_MAGIC_COOKIE,
  parseXauthority,
  type XauthEntry,
  XauthorityError,
} from '../src/node/x11/xauthority.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const cookie = (fill: number) => new Uint8Array(16).fill(fill);
const entry = (
  family: number,
  address: Uint8Array,
  number: string,
  data: Uint8Array,
  name = MIT_MAGIC_COOKIE,
) => ({
  family,
  address,
  number,
  name,
  data,
});

describe('parseXauthority / encodeXauthority', () => {
  it('reads the layout libXau writes', () => {
    const bytes = Uint8Array.of(
      ...[0x01, 0x00, 0, 2, 0x76, 0x6d, 0, 1, 0x37, 0, 3, 0x41, 0x42, 0x43, 0, 2, 0xca, 0xfe],
      ...[0, 0, 0, 4, 10, 1, 2, 3, 0, 2, 0x31, 0x32, 0, 0, 0, 0],
    );
    expect(parseXauthority(bytes)).toEqual([
      entry(FAMILY_LOCAL, ascii('vm'), '7', Uint8Array.of(0xca, 0xfe), 'ABC'),
      entry(FAMILY_INTERNET, Uint8Array.of(10, 1, 2, 3), '12', new Uint8Array(0), ''),
    ]);
    expect(encodeXauthority(parseXauthority(bytes))).toEqual(bytes);
  });

  it('reads an empty file as no entries', () => {
    expect(parseXauthority(new Uint8Array(0))).toEqual([]);
  });

  it('refuses a truncated file at every length', () => {
    const bytes = encodeXauthority([
      localCookieEntry('vm', 3, cookie(1)),
      localCookieEntry('vm', 4, cookie(2)),
    ]);
    const ends = new Set([0, bytes.length / 2, bytes.length]);
    for (let n = 0; n <= bytes.length; n++) {
      if (ends.has(n)) expect(parseXauthority(bytes.subarray(0, n))).toHaveLength((2 * n) / bytes.length);
      else expect(() => parseXauthority(bytes.subarray(0, n))).toThrow(XauthorityError);
    }
  });

  it('copies fields out of the input', () => {
    const bytes = encodeXauthority([localCookieEntry('vm', 3, cookie(1))]);
    const [parsed] = parseXauthority(Buffer.from(bytes));
    bytes.fill(0);
    expect(parsed?.data).toEqual(cookie(1));
    expect(parsed?.data.constructor).toBe(Uint8Array);
  });

  it('refuses fields it cannot write', () => {
    const ok = localCookieEntry('vm', 0, cookie(1));
    expect(() => encodeXauthority([{ ...ok, family: 65536 }])).toThrow(RangeError);
    expect(() => encodeXauthority([{ ...ok, data: new Uint8Array(65536) }])).toThrow(RangeError);
    expect(() => encodeXauthority([{ ...ok, name: 'caf\u20ac' }])).toThrow(TypeError);
  });

  const latin1 = fc.string({
    unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)),
    maxLength: 20,
  });
  const anyEntry: fc.Arbitrary<XauthEntry> = fc.record({
    family: fc.integer({ min: 0, max: 0xffff }),
    address: fc.uint8Array({ maxLength: 20 }),
    number: latin1,
    name: latin1,
    data: fc.uint8Array({ maxLength: 40 }),
  });

  it('round-trips any entries', () => {
    fc.assert(
      fc.property(fc.array(anyEntry, { maxLength: 6 }), (entries) => {
        expect(parseXauthority(encodeXauthority(entries))).toEqual(entries);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws only XauthorityError on arbitrary or truncated bytes', () => {
    const truncated = fc
      .tuple(fc.array(anyEntry, { minLength: 1, maxLength: 4 }), fc.nat())
      .map(([entries, cut]) => {
        const bytes = encodeXauthority(entries);
        return bytes.subarray(0, cut % bytes.length);
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), truncated), (bytes) => {
        try {
          parseXauthority(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(XauthorityError);
          expect(XauthorityError.isInstance(e)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('findCookie', () => {
  const host = 'vm';
  const entries: XauthEntry[] = [
    entry(FAMILY_LOCAL, ascii(host), '0', cookie(0xa0), 'XDM-AUTHORIZATION-1'),
    entry(FAMILY_LOCAL, ascii('other'), '0', cookie(0xa1)),
    entry(FAMILY_LOCAL, ascii(host), '0', cookie(0xa2)),
    entry(FAMILY_LOCAL, ascii(host), '0', cookie(0xa3)),
    entry(FAMILY_INTERNET, Uint8Array.of(10, 1, 2, 3), '6', cookie(0xb0)),
    entry(FAMILY_INTERNET6, Uint8Array.of(0x20, 1, 0xd, 0xb8, ...new Uint8Array(11), 1), '6', cookie(0xb1)),
    entry(FAMILY_LOCAL, ascii(host), '6', cookie(0xb2)),
    entry(FAMILY_WILD, new Uint8Array(0), '9', cookie(0xc0)),
    entry(FAMILY_INTERNET, Uint8Array.of(10, 9, 9, 9), '', cookie(0xc1)),
  ];
  const find = (display: string, addresses?: Uint8Array[]) =>
    findCookie(entries, parseDisplay(display), host, addresses)?.data[0];

  it('finds the first MIT-MAGIC-COOKIE-1 entry of a local display by hostname', () => {
    expect(find(':0')).toBe(0xa2);
    expect(find('unix:0.1')).toBe(0xa2);
    expect(find('localhost:0')).toBe(0xa2);
    expect(find('127.0.0.1:0')).toBe(0xa2);
    expect(find('[::1]:0')).toBe(0xa2);
    expect(find(':6')).toBe(0xb2);
    expect(findCookie(entries, { host: 'unix', displayNumber: 6 }, host)?.data[0]).toBe(0xb2);
    expect(findCookie(entries, { host: '', displayNumber: 0 }, 'stranger')).toBeUndefined();
  });

  it('finds a remote display by its resolved addresses', () => {
    expect(find('10.1.2.3:6', [Uint8Array.of(10, 1, 2, 3)])).toBe(0xb0);
    expect(find('far:6', [Uint8Array.of(192, 0, 2, 1), Uint8Array.of(10, 1, 2, 3)])).toBe(0xb0);
    expect(find('far:6', [Uint8Array.of(0x20, 1, 0xd, 0xb8, ...new Uint8Array(11), 1)])).toBe(0xb1);
    // A v4-mapped IPv6 address is looked up as its IPv4 address.
    expect(find('far:6', [Uint8Array.of(...new Uint8Array(10), 0xff, 0xff, 10, 1, 2, 3)])).toBe(0xb0);
    expect(find('far:6', [])).toBeUndefined();
    expect(find('far:6')).toBeUndefined();
    expect(find('10.1.2.3:7', [Uint8Array.of(10, 1, 2, 3)])).toBeUndefined();
  });

  it('never takes a FamilyLocal entry for a remote address', () => {
    expect(find('far:0', [Uint8Array.of(192, 0, 2, 1)])).toBeUndefined();
  });

  it('takes a name resolving to loopback as the local host, as xauth and libxcb do', () => {
    expect(find('alias:0', [Uint8Array.of(127, 0, 0, 1)])).toBe(0xa2);
    expect(find('alias:0', [Uint8Array.of(...new Uint8Array(15), 1)])).toBe(0xa2);
  });

  it('matches FamilyWild entries and empty numbers, as libXau does', () => {
    expect(find(':9')).toBe(0xc0);
    expect(find('far:9', [Uint8Array.of(192, 0, 2, 1)])).toBe(0xc0);
    expect(find('far:42', [Uint8Array.of(10, 9, 9, 9)])).toBe(0xc1);
  });

  it('compares display numbers as the decimal text libxcb sends', () => {
    expect(
      findCookie([entry(FAMILY_LOCAL, ascii(host), '06', cookie(1))], { host: '', displayNumber: 6 }, host),
    ).toBe(undefined);
  });

  it('returns the name and data', () => {
    expect(findCookie(entries, { host: '', displayNumber: 6 }, host)).toEqual({
      name: MIT_MAGIC_COOKIE,
      data: cookie(0xb2),
    });
  });
});

describe('localCookieEntry', () => {
  it('is the entry of `xauth add unix:N.S`', () => {
    const data = cookie(7);
    const e = localCookieEntry('vm', 12, data);
    data.fill(0);
    expect(e).toEqual(entry(FAMILY_LOCAL, ascii('vm'), '12', cookie(7)));
  });
});

const tools = requireTools('xauth');
const describeInterop = tools ? describe : describe.skip;

describeInterop('against xauth', () => {
  let dir: string;
  const xauth = (file: string, ...args: string[]) =>
    execFileSync(tools!.xauth, ['-f', join(dir, file), ...args], { encoding: 'utf8', stdio: 'pipe' });
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const me = ascii(hostname());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-xauth-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the entries xauth adds, with the families and addresses xauth chose', () => {
    // 192.0.2.1 and 2001:db8::1 stand in for remote hosts: they need no name resolution.
    const displays: [string, number, Uint8Array, string][] = [
      [':7', FAMILY_LOCAL, me, '7'],
      ['unix:8.0', FAMILY_LOCAL, me, '8'],
      ['127.0.0.1:9', FAMILY_LOCAL, me, '9'],
      ['localhost:10.0', FAMILY_LOCAL, me, '10'],
      ['192.0.2.1:3', FAMILY_INTERNET, Uint8Array.of(192, 0, 2, 1), '3'],
      ['[2001:db8::1]:4', FAMILY_INTERNET6, Uint8Array.of(0x20, 1, 0xd, 0xb8, ...new Uint8Array(11), 1), '4'],
    ];
    for (const [i, [display]] of displays.entries())
      xauth('added', 'add', display, MIT_MAGIC_COOKIE, hex(cookie(i)));
    const parsed = parseXauthority(readFileSync(join(dir, 'added')));
    expect(parsed).toEqual(
      displays.map(([, family, address, number], i) => entry(family, address, number, cookie(i))),
    );
    // Each display finds its own cookie back, as an X client would.
    for (const [i, [display, family, address]] of displays.entries()) {
      const addresses = family === FAMILY_LOCAL ? [] : [address];
      expect(findCookie(parsed, parseDisplay(display), hostname(), addresses)?.data).toEqual(cookie(i));
    }
  });

  it('lists the entries encodeXauthority writes', () => {
    writeFileSync(
      join(dir, 'written'),
      encodeXauthority([
        localCookieEntry(hostname(), 12, cookie(0x11)),
        entry(FAMILY_INTERNET, Uint8Array.of(192, 0, 2, 7), '5', cookie(0x22)),
        entry(
          FAMILY_INTERNET6,
          Uint8Array.of(0x20, 1, 0xd, 0xb8, ...new Uint8Array(11), 9),
          '6',
          cookie(0x33),
        ),
      ]),
    );
    expect(xauth('written', 'list').trim().split('\n')).toEqual([
      `${hostname()}/unix:12  MIT-MAGIC-COOKIE-1  ${'11'.repeat(16)}`,
      `192.0.2.7:5  MIT-MAGIC-COOKIE-1  ${'22'.repeat(16)}`,
      `[2001:db8::9]:6  MIT-MAGIC-COOKIE-1  ${'33'.repeat(16)}`,
    ]);
    // xauth finds our local entry under the name sshd gives it.
    expect(xauth('written', 'list', 'unix:12.0').trim()).toBe(
      `${hostname()}/unix:12  MIT-MAGIC-COOKIE-1  ${'11'.repeat(16)}`,
    );
  });
});
