/**
 * known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 *
 *     [@cert-authority|@revoked] hostnames keytype base64-key [comment]
 *
 * "Hostnames is a comma-separated list of patterns ('*' and '?' act as
 * wildcards); each pattern in turn is matched against the host name. ... A
 * pattern may also be preceded by '!' to indicate negation ... A hostname or
 * address may optionally be enclosed within '[' and ']' brackets then followed
 * by ':' and a non-standard port number." Hashed names are
 * `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
 */
import { decodeBase64, encodeBase64, SSHError } from '@sshkit/ssh-wire';
import { constantTimeEqual, defaultRandom, hmac, type RandomSource } from './crypto.js';
import { KeyImportError } from './errors.js';
import { parsePublicKeyLine } from './formats/openssh.js';
import { importPublicKey, withImportErrors } from './import.js';
import type { SSHKey } from './key.js';
import { matchPatternList } from './patterns.js';

/** The default SSH port: names are written without brackets for it. */
export const DEFAULT_SSH_PORT = 22;
/** Most lines read from one known_hosts file (bounds work on hostile input). */
export const MAX_KNOWN_HOSTS_LINES = 1 << 20;

/** Marker of a known_hosts line. */
export type KnownHostsMarker = 'cert-authority' | 'revoked';

/** One parsed known_hosts entry. */
export interface KnownHostsEntry {
  /** 1-based line number. */
  readonly line: number;
  readonly marker: KnownHostsMarker | undefined;
  /** Plain patterns (empty for a hashed entry). */
  readonly patterns: readonly string[];
  /** Hashed entry: salt and HMAC-SHA1 of the name. */
  readonly hashed: { readonly salt: Uint8Array; readonly hash: Uint8Array } | undefined;
  readonly key: SSHKey;
}

/** A line that could not be parsed. */
export interface KnownHostsLineError {
  /** 1-based line number. */
  readonly line: number;
  /** The typed error (usually a `KeyImportError` with its `reason`). */
  readonly error: SSHError;
}

const HASH_MAGIC = '|1|';
const SHA1_BYTES = 20;

/** ssh lowercases the host name before any known_hosts lookup (ssh.c), so hashed lines match any case. */
function hostNames(host: string, addr: string | undefined, port: number | undefined): string[] {
  const names = [host.toLowerCase(), (addr ?? '').toLowerCase()].filter((n) => n !== '');
  if (port === undefined || port === DEFAULT_SSH_PORT) return names;
  return names.map((n) => `[${n}]:${port}`);
}

function parseHashed(field: string): { salt: Uint8Array; hash: Uint8Array } {
  const parts = field.slice(HASH_MAGIC.length).split('|');
  if (parts.length !== 2) throw new KeyImportError('corrupted', 'hashed host name must be |1|salt|hash');
  const salt = decodeBase64(parts[0] as string);
  const hash = decodeBase64(parts[1] as string);
  if (salt.length !== SHA1_BYTES || hash.length !== SHA1_BYTES) {
    throw new KeyImportError('corrupted', 'hashed host name salt and hash must be 20 bytes');
  }
  return { salt, hash };
}

/**
 * The hashed form of a host name as `ssh-keygen -H` writes it.
 * @param name - host name or `[host]:port`
 * @param salt - 20 random bytes (drawn from `random` when omitted)
 * @returns `|1|salt|hash`
 */
export function hashKnownHostName(
  name: string,
  salt?: Uint8Array,
  random: RandomSource = defaultRandom,
): string {
  const s = salt ?? random(SHA1_BYTES);
  return `${HASH_MAGIC}${encodeBase64(s)}|${encodeBase64(hmac('sha1', s, new TextEncoder().encode(name)))}`;
}

function entryMatches(entry: KnownHostsEntry, names: readonly string[]): boolean {
  if (entry.hashed) {
    const { salt, hash } = entry.hashed;
    return names.some((n) => constantTimeEqual(hmac('sha1', salt, new TextEncoder().encode(n)), hash));
  }
  return matchPatternList(names, entry.patterns) === 'match';
}

/**
 * A parsed known_hosts file.
 *
 * @example
 * ```ts
 * import { importKnownHosts, matchKnownHosts } from '@sshkit/ssh-keys';
 * const kh = importKnownHosts('example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...');
 * const [trusted, ca, revoked] = matchKnownHosts(kh, 'example.com', '192.0.2.1', 22);
 * ```
 */
export class SSHKnownHosts {
  /** Entries in file order. */
  readonly entries: readonly KnownHostsEntry[];
  /** Lines that could not be parsed, with line numbers (they are skipped, as ssh does). */
  readonly errors: readonly KnownHostsLineError[];

  constructor(entries: readonly KnownHostsEntry[], errors: readonly KnownHostsLineError[]) {
    this.entries = entries;
    this.errors = errors;
  }

  /**
   * The keys for a host: `[trusted host keys, trusted CA keys, revoked keys]`.
   * @param host - host name as the user typed it
   * @param addr - its address ('' or undefined to skip)
   * @param port - port; names are matched as `[host]:port` unless it is 22
   */
  match(host: string, addr?: string, port?: number): [SSHKey[], SSHKey[], SSHKey[]] {
    const names = hostNames(host, addr, port);
    const trusted: SSHKey[] = [];
    const ca: SSHKey[] = [];
    const revoked: SSHKey[] = [];
    for (const e of this.entries) {
      if (!entryMatches(e, names)) continue;
      (e.marker === 'cert-authority' ? ca : e.marker === 'revoked' ? revoked : trusted).push(e.key);
    }
    return [trusted, ca, revoked];
  }
}

/** Options of {@link importKnownHosts}. */
export interface ImportKnownHostsOptions {
  /**
   * Throw the first bad line's error (a `KeyImportError`) instead of collecting it in `errors`.
   * @default false
   */
  strict?: boolean;
}

function parseLine(text: string, line: number): KnownHostsEntry {
  let rest = text;
  let marker: KnownHostsMarker | undefined;
  if (rest.startsWith('@')) {
    const m = /^@(\S+)\s+/.exec(rest);
    const name = m?.[1];
    if (name !== 'cert-authority' && name !== 'revoked') {
      throw new KeyImportError('corrupted', `unknown marker ${JSON.stringify(name ?? rest)}`);
    }
    marker = name;
    rest = rest.slice((m as RegExpExecArray)[0].length);
  }
  const m = /^(\S+)\s+(.*)$/.exec(rest);
  if (!m) throw new KeyImportError('truncated', 'line has host names but no key');
  const hostsField = m[1] as string;
  const keyText = m[2] as string;
  let hashed: { salt: Uint8Array; hash: Uint8Array } | undefined;
  let patterns: string[] = [];
  if (hostsField.startsWith(HASH_MAGIC)) {
    hashed = parseHashed(hostsField);
  } else if (hostsField.startsWith('|')) {
    throw new KeyImportError('unsupported-algorithm', 'unknown host name hash type');
  } else {
    patterns = hostsField.split(',');
  }
  const parsed = parsePublicKeyLine(keyText);
  const key = importPublicKey(`${parsed.type} ${encodeBase64(parsed.blob)}`);
  if (parsed.comment) key.comment = parsed.comment;
  return { line, marker, patterns, hashed, key };
}

/**
 * Parses known_hosts text. Blank lines and `#` comments are skipped; bad
 * lines are collected in `errors` with their line number (or thrown with `strict`).
 * @param data - file contents
 * @param options - strictness
 * @returns the parsed file
 * @throws KeyImportError (only with `strict`)
 */
export function importKnownHosts(
  data: string | Uint8Array,
  options: ImportKnownHostsOptions = {},
): SSHKnownHosts {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  const entries: KnownHostsEntry[] = [];
  const errors: KnownHostsLineError[] = [];
  const lines = text.split(/\r?\n/, MAX_KNOWN_HOSTS_LINES);
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] as string).trim();
    if (t === '' || t.startsWith('#')) continue;
    try {
      entries.push(withImportErrors(() => parseLine(t, i + 1)));
    } catch (e) {
      if (!SSHError.isInstance(e)) throw e;
      if (options.strict) throw e;
      errors.push({ line: i + 1, error: e });
    }
  }
  return new SSHKnownHosts(entries, errors);
}

/**
 * The keys known for a host: `[trusted host keys, trusted CA keys, revoked keys]`.
 * @param knownHosts - parsed file (or its text)
 * @param host - host name
 * @param addr - address ('' to skip)
 * @param port - port (names become `[host]:port` unless 22)
 */
export function matchKnownHosts(
  knownHosts: SSHKnownHosts | string,
  host: string,
  addr?: string,
  port?: number,
): [SSHKey[], SSHKey[], SSHKey[]] {
  const kh = typeof knownHosts === 'string' ? importKnownHosts(knownHosts) : knownHosts;
  return kh.match(host, addr, port);
}
