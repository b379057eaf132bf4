/**
 * OpenSSH host and address patterns (ssh_config(5) PATTERNS, OpenSSH match.c):
 * `*` matches zero or more characters, `?` exactly one; a pattern-list is
 * comma-separated and "may be negated by prefixing [a pattern] with an
 * exclamation mark ('!')". "If a host name matches a negated pattern, it is not
 * accepted ... even if it matched another pattern on the line." Address lists
 * also take CIDR `addr/masklen` (IPv4 and IPv6).
 */

/** Result of matching a name against a pattern list. */
export type PatternListResult = 'match' | 'negated' | 'none';

/** Glob match of `name` against one pattern (case-insensitive, no backtracking blow-up). */
export function matchPattern(name: string, pattern: string): boolean {
  const s = name.toLowerCase();
  const p = pattern.toLowerCase();
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Matches `names` (e.g. host name and address) against a comma-separated
 * pattern list: `negated` if any negated pattern matches any name, else
 * `match` if any positive pattern matches, else `none`.
 */
export function matchPatternList(
  names: readonly string[],
  list: string | readonly string[],
): PatternListResult {
  const patterns = typeof list === 'string' ? list.split(',') : list;
  let matched = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '') continue;
    if (names.some((n) => n !== '' && matchPattern(n, pattern))) {
      if (negated) return 'negated';
      matched = true;
    }
  }
  return matched ? 'match' : 'none';
}

/** An IPv4 or IPv6 address as 4 or 16 bytes, or undefined when `text` is not one. */
export function parseIp(text: string): Uint8Array | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return Uint8Array.from(parts);
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let v4: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    v4 = parseIp(text.slice(lastColon + 1));
    if (v4?.length !== 4) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const left = group(halves[0] as string);
  const right = halves.length === 2 ? group(halves[1] as string) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const words = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const w = words[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
    const v = Number.parseInt(w, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  }
  if (v4) out.set(v4, 12);
  return out;
}

/** True when `addr` lies in `cidr` (`a.b.c.d/n`, `x::y/n`, or a bare address). Undefined if `cidr` is malformed. */
export function matchCidr(addr: string, cidr: string): boolean | undefined {
  const slash = cidr.indexOf('/');
  const net = parseIp(slash < 0 ? cidr : cidr.slice(0, slash));
  if (!net) return undefined;
  const bits = slash < 0 ? net.length * 8 : Number(cidr.slice(slash + 1));
  if (!/^\d+$/.test(slash < 0 ? '0' : cidr.slice(slash + 1)) || bits > net.length * 8) return undefined;
  const a = parseIp(addr);
  if (!a || a.length !== net.length) return false;
  // OpenSSH addr_netmatch rejects host bits set in the network: treat as malformed.
  for (let i = 0; i < net.length * 8; i++) {
    const bit = ((net[i >> 3] as number) >> (7 - (i & 7))) & 1;
    if (i >= bits && bit) return undefined;
    if (i < bits && bit !== (((a[i >> 3] as number) >> (7 - (i & 7))) & 1)) return false;
  }
  return true;
}

/**
 * Matches an address against a list mixing CIDR blocks and wildcard patterns
 * (sshd `from=`, certificate `source-address`), with `!` negation.
 * @returns the result, or undefined when an entry is malformed
 */
export function matchAddressList(addr: string, list: string): PatternListResult | undefined {
  let matched = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const entry = negated ? raw.slice(1) : raw;
    if (entry === '') return undefined;
    let hit: boolean | undefined;
    if (/^[0-9a-fA-F:.]+(\/\d+)?$/.test(entry) && (entry.includes('/') || parseIp(entry))) {
      hit = matchCidr(addr, entry);
      if (hit === undefined) return undefined;
    } else {
      hit = matchPattern(addr, entry);
    }
    if (hit) {
      if (negated) return 'negated';
      matched = true;
    }
  }
  return matched ? 'match' : 'none';
}
