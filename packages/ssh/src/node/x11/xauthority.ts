/**
 * The Xauthority file format (libXau): X clients find their cookie there, and
 * sshd's `xauth add` writes the fake one there. Each entry is a big-endian
 * u16 family and four u16-length-prefixed fields.
 */
import { SSHError } from '@sshkit/ssh-wire';
import { latin1Bytes, latin1Text } from './latin1.js';

export const FAMILY_INTERNET = 0;
export const FAMILY_INTERNET6 = 6;
export const FAMILY_LOCAL = 256;
export const FAMILY_WILD = 65535;
export const MIT_MAGIC_COOKIE = 'MIT-MAGIC-COOKIE-1';

export interface XauthEntry {
  readonly family: number;
  readonly address: Uint8Array;
  /** The display number in ASCII digits; '' matches any display. */
  readonly number: string;
  readonly name: string;
  readonly data: Uint8Array;
}

/** An Xauthority file that is truncated or malformed. */
export class XauthorityError extends SSHError {
  static override readonly errorName: string = 'XauthorityError';
}

/** Every entry of an Xauthority file; XauthorityError (and nothing else) when it is truncated or malformed. */
export function parseXauthority(bytes: Uint8Array): XauthEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u16 = (): number => {
    if (at + 2 > bytes.length) throw new XauthorityError(`Xauthority truncated at byte ${at}`);
    at += 2;
    return view.getUint16(at - 2);
  };
  const field = (): Uint8Array => {
    const n = u16();
    if (at + n > bytes.length)
      throw new XauthorityError(`Xauthority field at byte ${at - 2} runs past the end`);
    at += n;
    // A copy, so entries outlive a reused read buffer (and are never Buffer views).
    return new Uint8Array(bytes.subarray(at - n, at));
  };
  const text = (): string => latin1Text(field());
  const entries: XauthEntry[] = [];
  while (at < bytes.length) {
    entries.push({ family: u16(), address: field(), number: text(), name: text(), data: field() });
  }
  return entries;
}

/** An Xauthority file of `entries`; RangeError or TypeError for a field that cannot be written. */
export function encodeXauthority(entries: readonly XauthEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const u16 = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 0 || n > 0xffff)
      throw new RangeError(`Xauthority ${what} out of range: ${n}`);
    parts.push(Uint8Array.of(n >> 8, n & 0xff));
  };
  const field = (value: Uint8Array, what: string) => {
    u16(value.length, `${what} length`);
    parts.push(value);
  };
  for (const e of entries) {
    u16(e.family, 'family');
    field(e.address, 'address');
    field(latin1Bytes(e.number, 'Xauthority number'), 'number');
    field(latin1Bytes(e.name, 'Xauthority name'), 'name');
    field(e.data, 'data');
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
const IPV4_LOOPBACK = Uint8Array.of(127, 0, 0, 1);
const IPV6_LOOPBACK = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
const V4_MAPPED_PREFIX = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The (family, address) libxcb looks up for a connected address: a v4-mapped
 * IPv6 address as its IPv4 one, and loopback as the local host (xauth writes
 * a name that resolves to 127.0.0.1 as FAMILY_LOCAL too).
 */
function addressKey(raw: Uint8Array, local: Uint8Array): { family: number; address: Uint8Array } {
  const v4mapped = raw.length === 16 && sameBytes(raw.subarray(0, 12), V4_MAPPED_PREFIX);
  const address = v4mapped ? raw.subarray(12) : raw;
  if (sameBytes(address, IPV4_LOOPBACK) || sameBytes(address, IPV6_LOOPBACK)) {
    return { family: FAMILY_LOCAL, address: local };
  }
  return { family: address.length === 4 ? FAMILY_INTERNET : FAMILY_INTERNET6, address };
}

/**
 * The cookie an X client would use for `display` (as Xlib's XauGetBestAuthByAddr): entries whose number matches the display number and whose address matches:
 * local displays (host '' or 'unix') and 'localhost'/'127.0.0.1'/'::1' hosts match FAMILY_LOCAL with address === hostname (and FAMILY_WILD);
 * other hosts match FAMILY_INTERNET / FAMILY_INTERNET6 with the raw address bytes in `addresses` (already resolved by the caller),
 * and FAMILY_LOCAL only through an address that is 127.0.0.1 or ::1 (as libxcb; xauth stores such names so).
 * FAMILY_WILD entries and entries with an empty number match any display, as in libXau.
 * Only MIT-MAGIC-COOKIE-1 entries count. First match wins. undefined when none.
 */
export function findCookie(
  entries: readonly XauthEntry[],
  display: { host: string; displayNumber: number },
  hostname: string,
  addresses: readonly Uint8Array[] = [],
): { name: string; data: Uint8Array } | undefined {
  // gethostname() bytes, as xauth stores them.
  const local = new TextEncoder().encode(hostname);
  const isLocal =
    display.host === '' || display.host === 'unix' || LOOPBACK_HOSTS.has(display.host.toLowerCase());
  const keys = isLocal
    ? [{ family: FAMILY_LOCAL, address: local }]
    : addresses.map((a) => addressKey(a, local));
  const number = String(display.displayNumber);
  const entry = entries.find(
    (e) =>
      e.name === MIT_MAGIC_COOKIE &&
      // libXau: an empty number is a wildcard, as is a FamilyWild entry.
      (e.number === '' || e.number === number) &&
      (e.family === FAMILY_WILD ||
        keys.some((k) => k.family === e.family && sameBytes(k.address, e.address))),
  );
  return entry && { name: entry.name, data: entry.data };
}

/** The entry sshd's `xauth add unix:N.S MIT-MAGIC-COOKIE-1 <hex>` writes: FAMILY_LOCAL, address = hostname, number = String(N). */
export function localCookieEntry(hostname: string, displayNumber: number, cookie: Uint8Array): XauthEntry {
  return {
    family: FAMILY_LOCAL,
    address: new TextEncoder().encode(hostname),
    number: String(displayNumber),
    name: MIT_MAGIC_COOKIE,
    data: new Uint8Array(cookie),
  };
}
