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
import { decodeBase64, encodeBase64 } from '@sshkit/ssh-wire';
import { constantTimeEqual, defaultRandom, hmac, type RandomSource } from './crypto.js';
import { KeyExportError, KeyImportError } from './errors.js';
import { formatPublicKeyLine } from './formats/openssh.js';
import type { SSHKey } from './key.js';
import { keyFromLine, type LineError, parseLineFile } from './line-file.js';
import { matchPatternList } from './patterns.js';

/** The default SSH port: names are written without brackets for it. */
export const DEFAULT_SSH_PORT = 22;
/** Most lines read from one known_hosts file (bounds work on hostile input). */
export const MAX_KNOWN_HOSTS_LINES = 1 << 20;

/** Marker of a known_hosts line. */
export type KnownHostsMarker = 'cert-authority' | 'revoked';

/** One parsed known_hosts entry. */
export interface KnownHostsEntry {
  /** 1-based line number; 0 for an entry added with {@link SSHKnownHosts.addHost}. */
  readonly line: number;
  readonly marker: KnownHostsMarker | undefined;
  /** Plain patterns (empty for a hashed entry). */
  readonly patterns: readonly string[];
  /** Hashed entry: salt and HMAC-SHA1 of the name. */
  readonly hashed: { readonly salt: Uint8Array; readonly hash: Uint8Array } | undefined;
  readonly key: SSHKey;
}

/** A line that could not be parsed. */
export type KnownHostsLineError = LineError;

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

/** Options of {@link SSHKnownHosts.addHost}. */
export interface AddKnownHostOptions {
  /** Port of the host; names are written `[host]:port` unless it is 22. */
  port?: number;
  /**
   * Write each name hashed (`|1|salt|HMAC-SHA1(salt, name)`), one line per
   * name, as `ssh-keygen -H` and `HashKnownHosts yes` do.
   * @default false
   */
  hash?: boolean;
  /** `@cert-authority` or `@revoked`. */
  marker?: KnownHostsMarker;
  /** Comment after the key (the key's own comment otherwise). */
  comment?: string;
  /**
   * Randomness for the hash salts (CONVENTIONS rule 7).
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

function checkHostPattern(name: string): void {
  if (name === '' || /[\s,]/.test(name) || /^[@#|]/.test(name)) {
    throw new KeyExportError('invalid-option', `bad known_hosts host name ${JSON.stringify(name)}`);
  }
}

/** The host-name field of an entry as it is written. */
function hostsField(entry: KnownHostsEntry): string {
  if (entry.hashed) {
    return `${HASH_MAGIC}${encodeBase64(entry.hashed.salt)}|${encodeBase64(entry.hashed.hash)}`;
  }
  return entry.patterns.join(',');
}

/**
 * One known_hosts line (without the newline) for an entry.
 * @param entry - a parsed or added entry
 * @returns `[@marker ]hosts type base64 [comment]`
 */
export function formatKnownHostsEntry(entry: KnownHostsEntry): string {
  const key = formatPublicKeyLine(entry.key.algorithm, entry.key.publicBlob, entry.key.comment);
  return `${entry.marker ? `@${entry.marker} ` : ''}${hostsField(entry)} ${key}`;
}

/**
 * A parsed known_hosts file.
 *
 * @example
 * ```ts
 * import { importKnownHosts, matchKnownHosts } from '@sshkit/ssh-keys';
 * const kh = importKnownHosts('example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...');
 * const [trusted, ca, revoked] = matchKnownHosts(kh, 'example.com', '192.0.2.1', 22);
 * kh.addHost('new.example.com', hostKey, { hash: true });
 * kh.export(); // the file text, one entry per line
 * ```
 */
export class SSHKnownHosts {
  readonly #entries: KnownHostsEntry[];
  /** Lines that could not be parsed, with line numbers (they are skipped, as ssh does). */
  readonly errors: readonly KnownHostsLineError[];

  constructor(entries: readonly KnownHostsEntry[], errors: readonly KnownHostsLineError[]) {
    this.#entries = [...entries];
    this.errors = errors;
  }

  /** Entries in file order, added ones last. */
  get entries(): readonly KnownHostsEntry[] {
    return this.#entries;
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
    for (const e of this.#entries) {
      if (!entryMatches(e, names)) continue;
      (e.marker === 'cert-authority' ? ca : e.marker === 'revoked' ? revoked : trusted).push(e.key);
    }
    return [trusted, ca, revoked];
  }

  /**
   * Adds a key for one or more host names (or patterns, when not hashed).
   * Names are lower-cased, as ssh does before it writes or looks up a name.
   * @param hosts - host names, addresses or patterns
   * @param key - the host key (or CA key with `marker: 'cert-authority'`)
   * @param options - port, hashing, marker, comment, randomness
   * @returns the added entries (one, or one per name when hashed)
   * @throws KeyExportError('invalid-option') for an empty name or one with spaces or commas,
   *   a pattern (`*`, `?`, `!`) to hash, or a bad port
   */
  addHost(
    hosts: string | readonly string[],
    key: SSHKey,
    options: AddKnownHostOptions = {},
  ): KnownHostsEntry[] {
    const list = (typeof hosts === 'string' ? [hosts] : [...hosts]).map((h) => h.toLowerCase());
    if (list.length === 0) throw new KeyExportError('invalid-option', 'no host names');
    const port = options.port;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new KeyExportError('invalid-option', `bad port ${port}`);
    }
    for (const h of list) checkHostPattern(h);
    const names = port === undefined || port === DEFAULT_SSH_PORT ? list : list.map((n) => `[${n}]:${port}`);
    const entryKey = key.convertToPublic();
    if (options.comment !== undefined)
      entryKey.comment = options.comment === '' ? undefined : options.comment;
    const marker = options.marker;
    let added: KnownHostsEntry[];
    if (options.hash) {
      added = names.map((name) => {
        if (/[*?!]/.test(name)) {
          throw new KeyExportError('invalid-option', `a pattern cannot be hashed: ${JSON.stringify(name)}`);
        }
        return {
          line: 0,
          marker,
          patterns: [],
          hashed: parseHashed(hashKnownHostName(name, undefined, options.random ?? defaultRandom)),
          key: entryKey,
        };
      });
    } else {
      added = [{ line: 0, marker, patterns: names, hashed: undefined, key: entryKey }];
    }
    this.#entries.push(...added);
    return added;
  }

  /**
   * The file text: every entry on its own line, in order. Comments, blank
   * lines and the lines listed in `errors` are not written.
   */
  export(): string {
    return this.#entries.map((e) => `${formatKnownHostsEntry(e)}\n`).join('');
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
  return { line, marker, patterns, hashed, key: keyFromLine(keyText) };
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
  const { entries, errors } = parseLineFile(data, MAX_KNOWN_HOSTS_LINES, options.strict ?? false, parseLine);
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
