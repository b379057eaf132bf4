/**
 * authorized_keys (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"):
 *
 *     [options] keytype base64-key [comment]
 *
 * "The options (if present) consist of comma-separated option
 * specifications. No spaces are permitted, except within double quotes."
 * A quote inside a quoted value is written `\"`. Unknown options make the line
 * invalid, as in sshd. `restrict` "Enable all restrictions, i.e. disable port,
 * agent and X11 forwarding, as well as disabling PTY allocation and execution
 * of ~/.ssh/rc"; `agent-forwarding`, `port-forwarding`, `pty`, `user-rc` and
 * `X11-forwarding` re-enable them.
 */
import { keyAlgorithms } from './algorithms/registry.js';
import { KeyExportError, KeyImportError } from './errors.js';
import { formatPublicKeyLine } from './formats/openssh.js';
import type { SSHKey } from './key.js';
import { keyFromLine, type LineError, parseLineFile } from './line-file.js';
import { matchAddressList, matchPatternList } from './patterns.js';
import { skFlagsAllow } from './sk-flags.js';

/** Most lines read from one file. */
export const MAX_AUTHORIZED_KEYS_LINES = 1 << 20;

/** Forwarding and session permissions, after `restrict` and its re-enablers. */
export interface AuthorizedKeyPermissions {
  portForwarding: boolean;
  agentForwarding: boolean;
  x11Forwarding: boolean;
  pty: boolean;
  userRc: boolean;
}

/** The options of one authorized_keys line. */
export interface AuthorizedKeyOptions {
  /** `cert-authority`: the key is a CA trusted to sign user certificates. */
  certAuthority: boolean;
  /** `command="..."`: forced command. */
  command?: string;
  /** `environment="NAME=value"` (may repeat; the first setting of a name wins, as in sshd). */
  environment: Record<string, string>;
  /** `from="pattern-list"`: client host/address patterns (CIDR allowed). */
  from?: string[];
  /** `principals="a,b"`: accepted certificate principals (with cert-authority). */
  principals?: string[];
  /** `permitopen="host:port"` (may repeat). */
  permitOpen: string[];
  /** `permitlisten="[host:]port"` (may repeat). */
  permitListen: string[];
  /** `expiry-time="YYYYMMDD[HHMM[SS]][Z]"` as a Date. */
  expiryTime?: Date;
  /** `tunnel="n"`. */
  tunnel?: number;
  /** `no-touch-required`. */
  noTouchRequired: boolean;
  /** `verify-required`. */
  verifyRequired: boolean;
  /** Effective permissions. */
  permissions: AuthorizedKeyPermissions;
  /** Every option in order, as written (value undefined for flags). */
  raw: Array<[string, string | undefined]>;
}

/** One parsed authorized_keys entry. */
export interface AuthorizedKeysEntry {
  /** 1-based line number; 0 for an entry added with {@link SSHAuthorizedKeys.add}. */
  readonly line: number;
  readonly key: SSHKey;
  readonly options: AuthorizedKeyOptions;
}

/** A line that could not be parsed. */
export type AuthorizedKeysLineError = LineError;

const FLAG_OPTIONS = new Set([
  'agent-forwarding',
  'cert-authority',
  'no-agent-forwarding',
  'no-port-forwarding',
  'no-pty',
  'no-user-rc',
  'no-x11-forwarding',
  'port-forwarding',
  'pty',
  'no-touch-required',
  'verify-required',
  'restrict',
  'user-rc',
  'x11-forwarding',
]);
const VALUE_OPTIONS = new Set([
  'command',
  'environment',
  'expiry-time',
  'from',
  'permitopen',
  'permitlisten',
  'principals',
  'tunnel',
]);

function bad(message: string): KeyImportError {
  return new KeyImportError('corrupted', `authorized_keys options: ${message}`);
}

/**
 * Splits the options field off a line. Returns the options and where the key starts.
 * @throws KeyImportError('corrupted') for unbalanced quotes
 */
function splitOptions(text: string): { opts: Array<[string, string | undefined]>; rest: string } {
  const opts: Array<[string, string | undefined]> = [];
  let i = 0;
  for (;;) {
    const nameMatch = /^[A-Za-z0-9-]+/.exec(text.slice(i));
    if (!nameMatch) throw bad(`expected an option name at column ${i + 1}`);
    const name = nameMatch[0];
    i += name.length;
    let value: string | undefined;
    if (text[i] === '=') {
      i++;
      if (text[i] !== '"') throw bad(`${name}= needs a quoted value`);
      i++;
      value = '';
      for (;;) {
        const c = text[i];
        if (c === undefined) throw bad(`unterminated quote in ${name}`);
        if (c === '\\' && text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          break;
        }
        value += c;
        i++;
      }
    }
    opts.push([name, value]);
    const c = text[i];
    if (c === ',') {
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') break;
    throw bad(`unexpected ${c === undefined ? 'end of line' : JSON.stringify(c)} after ${name}`);
  }
  return { opts, rest: text.slice(i).trimStart() };
}

/** Parses sshd's expiry-time: YYYYMMDD[HHMM[SS]] local time, or UTC with a trailing Z. */
function parseExpiry(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/i.exec(value);
  if (!m) throw bad(`bad expiry-time ${JSON.stringify(value)}`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = m[7] ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(date.getTime()) || date.getMonth() + 1 !== mo)
    throw bad(`bad expiry-time ${JSON.stringify(value)}`);
  return date;
}

/** Interprets raw options into {@link AuthorizedKeyOptions}. */
export function interpretOptions(raw: Array<[string, string | undefined]>): AuthorizedKeyOptions {
  const o: AuthorizedKeyOptions = {
    certAuthority: false,
    environment: {},
    permitOpen: [],
    permitListen: [],
    noTouchRequired: false,
    verifyRequired: false,
    permissions: {
      portForwarding: true,
      agentForwarding: true,
      x11Forwarding: true,
      pty: true,
      userRc: true,
    },
    raw,
  };
  // `restrict` applies first wherever it appears; re-enablers then win (sshd auth-options.c).
  if (raw.some(([n]) => n.toLowerCase() === 'restrict')) {
    o.permissions = {
      portForwarding: false,
      agentForwarding: false,
      x11Forwarding: false,
      pty: false,
      userRc: false,
    };
  }
  for (const [rawName, value] of raw) {
    const name = rawName.toLowerCase();
    if (FLAG_OPTIONS.has(name)) {
      if (value !== undefined) throw bad(`${rawName} takes no value`);
    } else if (VALUE_OPTIONS.has(name)) {
      if (value === undefined) throw bad(`${rawName} needs a value`);
    } else {
      throw bad(`unknown option ${JSON.stringify(rawName)}`);
    }
    const v = value as string;
    switch (name) {
      case 'cert-authority':
        o.certAuthority = true;
        break;
      case 'command':
        if (o.command !== undefined) throw bad('command given twice');
        o.command = v;
        break;
      case 'environment': {
        const eq = v.indexOf('=');
        if (eq <= 0 || !/^[A-Za-z0-9_]+$/.test(v.slice(0, eq)))
          throw bad(`bad environment ${JSON.stringify(v)}`);
        const key = v.slice(0, eq);
        if (!Object.hasOwn(o.environment, key)) o.environment[key] = v.slice(eq + 1);
        break;
      }
      case 'expiry-time':
        o.expiryTime = parseExpiry(v);
        break;
      case 'from':
        if (v === '') throw bad('empty from');
        o.from = v.split(',');
        break;
      case 'principals':
        o.principals = v.split(',').filter((p) => p !== '');
        break;
      case 'permitopen':
        if (!/^(?:\[[^\]]+\]|[^:\s]+):(?:\d{1,5}|\*)$/.test(v))
          throw bad(`bad permitopen ${JSON.stringify(v)}`);
        o.permitOpen.push(v);
        break;
      case 'permitlisten':
        if (!/^(?:(?:\[[^\]]+\]|[^:\s]+):)?(?:\d{1,5}|\*)$/.test(v))
          throw bad(`bad permitlisten ${JSON.stringify(v)}`);
        o.permitListen.push(v);
        break;
      case 'tunnel':
        if (!/^\d{1,9}$/.test(v)) throw bad(`bad tunnel ${JSON.stringify(v)}`);
        o.tunnel = Number(v);
        break;
      case 'no-port-forwarding':
        o.permissions.portForwarding = false;
        break;
      case 'port-forwarding':
        o.permissions.portForwarding = true;
        break;
      case 'no-agent-forwarding':
        o.permissions.agentForwarding = false;
        break;
      case 'agent-forwarding':
        o.permissions.agentForwarding = true;
        break;
      case 'no-x11-forwarding':
        o.permissions.x11Forwarding = false;
        break;
      case 'x11-forwarding':
        o.permissions.x11Forwarding = true;
        break;
      case 'no-pty':
        o.permissions.pty = false;
        break;
      case 'pty':
        o.permissions.pty = true;
        break;
      case 'no-user-rc':
        o.permissions.userRc = false;
        break;
      case 'user-rc':
        o.permissions.userRc = true;
        break;
      case 'no-touch-required':
        o.noTouchRequired = true;
        break;
      case 'verify-required':
        o.verifyRequired = true;
        break;
      default:
        break; // restrict: applied above
    }
  }
  if (o.principals && !o.certAuthority) throw bad('principals needs cert-authority');
  return o;
}

function startsWithKeyType(text: string): boolean {
  const first = /^\S+/.exec(text)?.[0] ?? '';
  return (
    keyAlgorithms.has(first) || (/^[a-z0-9-]+(?:@[a-z0-9.-]+)?$/.test(first) && /^\S+\s+AAAA/.test(text))
  );
}

function parseLine(text: string, line: number): AuthorizedKeysEntry {
  let raw: Array<[string, string | undefined]> = [];
  let keyText = text;
  if (!startsWithKeyType(text)) {
    const split = splitOptions(text);
    raw = split.opts;
    keyText = split.rest;
  }
  const options = interpretOptions(raw);
  return { line, key: keyFromLine(keyText), options };
}

/** What the server knows about the client when matching. */
export interface AuthorizedKeysMatchOptions {
  /** Client host name ('' if unknown). */
  clientHost?: string;
  /** Client address. */
  clientAddr?: string;
  /** Principals of the client's certificate, when `key` is its signing CA. */
  certPrincipals?: readonly string[];
  /** Match `cert-authority` lines (the key is a certificate's CA) instead of plain lines. */
  ca?: boolean;
  /**
   * The time for `expiry-time` (CONVENTIONS rule 7).
   * @default new Date()
   */
  now?: Date;
  /**
   * The flags byte of the client's security-key signature (`sk-*` keys). When
   * given, a line applies to an `sk-*` key only if the flags show user presence
   * (0x01) unless the line has `no-touch-required`, and user verification (0x04)
   * if the line has `verify-required`, as sshd checks after the signature.
   * Without it (the query phase of publickey auth has no signature yet) these
   * checks are left to the caller, who has `noTouchRequired` and `verifyRequired`.
   * Other key types carry no flags, and sshd ignores both options for them.
   */
  skFlags?: number;
}

/**
 * Options to write on an authorized_keys line: either `[name, value]` pairs in
 * order (value undefined for a flag), or a record where `true` is a flag,
 * `false` leaves the option out, a string is a value and an array repeats the
 * option (`permitopen`, `environment`...).
 */
export type AuthorizedKeyOptionsInput =
  | ReadonlyArray<readonly [string, string | undefined]>
  | Readonly<Record<string, boolean | string | readonly string[]>>;

function rawOptions(input: AuthorizedKeyOptionsInput | undefined): Array<[string, string | undefined]> {
  if (input === undefined) return [];
  if (Array.isArray(input)) {
    return (input as ReadonlyArray<readonly [string, string | undefined]>).map(([n, v]) => [n, v]);
  }
  const out: Array<[string, string | undefined]> = [];
  for (const [name, value] of Object.entries(
    input as Readonly<Record<string, boolean | string | readonly string[]>>,
  )) {
    if (value === true) out.push([name, undefined]);
    else if (typeof value === 'string') out.push([name, value]);
    else if (Array.isArray(value)) for (const v of value as readonly string[]) out.push([name, v]);
  }
  return out;
}

function quoteOption(name: string, value: string | undefined): string {
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw new KeyExportError('invalid-option', `bad option name ${JSON.stringify(name)}`);
  }
  if (value === undefined) return name;
  // A value ending in a backslash would escape the closing quote (sshd reads `\"` as a quote).
  if (/[\r\n\0]/.test(value) || value.endsWith('\\')) {
    throw new KeyExportError('invalid-option', `${name}: value cannot be written on one line`);
  }
  return `${name}="${value.replace(/"/g, '\\"')}"`;
}

/**
 * One authorized_keys line (without the newline).
 * @param key - the public key (its comment is written after it)
 * @param options - the options, checked as sshd would read them
 * @returns `[options ]type base64 [comment]`
 * @throws KeyExportError('invalid-option') for an option sshd would reject or a value that cannot be quoted
 * @example
 * ```ts
 * formatAuthorizedKey(key, { restrict: true, pty: true, from: '10.0.0.0/8' });
 * // 'restrict,pty,from="10.0.0.0/8" ssh-ed25519 AAAA... me@host'
 * ```
 */
export function formatAuthorizedKey(key: SSHKey, options?: AuthorizedKeyOptionsInput): string {
  return formatLine(key, checkedOptions(rawOptions(options)).raw);
}

function checkedOptions(raw: Array<[string, string | undefined]>): AuthorizedKeyOptions {
  for (const [n, v] of raw) quoteOption(n, v);
  try {
    return interpretOptions(raw);
  } catch (e) {
    if (KeyImportError.isInstance(e)) throw new KeyExportError('invalid-option', e.message, { cause: e });
    throw e;
  }
}

function formatLine(key: SSHKey, raw: ReadonlyArray<readonly [string, string | undefined]>): string {
  const opts = raw.map(([n, v]) => quoteOption(n, v)).join(',');
  const keyText = formatPublicKeyLine(key.algorithm, key.publicBlob, key.comment);
  return opts === '' ? keyText : `${opts} ${keyText}`;
}

/**
 * A parsed authorized_keys file.
 *
 * @example
 * ```ts
 * import { importAuthorizedKeys } from '@sshkit/ssh-keys';
 * const ak = importAuthorizedKeys('no-pty,from="10.0.0.0/8" ssh-ed25519 AAAAC3Nza...');
 * const options = ak.validate(clientKey, { clientAddr: '10.1.2.3' }); // undefined if not allowed
 * ```
 */
export class SSHAuthorizedKeys {
  readonly #entries: AuthorizedKeysEntry[];
  /** Lines that could not be parsed, with line numbers (sshd skips them too). */
  readonly errors: readonly AuthorizedKeysLineError[];

  constructor(entries: readonly AuthorizedKeysEntry[], errors: readonly AuthorizedKeysLineError[]) {
    this.#entries = [...entries];
    this.errors = errors;
  }

  /** Entries in file order, added ones last. */
  get entries(): readonly AuthorizedKeysEntry[] {
    return this.#entries;
  }

  /**
   * Adds a line for `key`.
   * @param key - the public key (a private key is written as its public half)
   * @param options - the line's options
   * @returns the added entry
   * @throws KeyExportError('invalid-option') as {@link formatAuthorizedKey}
   */
  add(key: SSHKey, options?: AuthorizedKeyOptionsInput): AuthorizedKeysEntry {
    const entry: AuthorizedKeysEntry = {
      line: 0,
      key: key.convertToPublic(),
      options: checkedOptions(rawOptions(options)),
    };
    this.#entries.push(entry);
    return entry;
  }

  /**
   * The file text: every entry on its own line with its options, in order.
   * Comments, blank lines and the lines listed in `errors` are not written.
   */
  export(): string {
    return this.#entries.map((e) => `${formatLine(e.key, e.options.raw)}\n`).join('');
  }

  /**
   * The options of the first line that authorizes `key` for this client, or undefined.
   * A line applies when its key equals `key`, its `cert-authority` flag equals
   * `ca`, its `from` patterns accept the client, it has not expired, and (for CA
   * lines with `principals`) a certificate principal is listed.
   */
  validate(key: SSHKey, match: AuthorizedKeysMatchOptions = {}): AuthorizedKeyOptions | undefined {
    const now = match.now ?? new Date();
    const names = [match.clientHost ?? '', match.clientAddr ?? ''];
    for (const e of this.#entries) {
      const o = e.options;
      if (o.certAuthority !== (match.ca ?? false) || !e.key.equals(key)) continue;
      if (o.expiryTime && now.getTime() > o.expiryTime.getTime()) continue;
      if (o.from && !fromAllows(o.from, names)) continue;
      if (o.principals && !(match.certPrincipals ?? []).some((p) => o.principals?.includes(p))) continue;
      if (!skFlagsAllow(key.algorithm, match.skFlags, !o.noTouchRequired, o.verifyRequired)) continue;
      return o;
    }
    return undefined;
  }
}

function fromAllows(from: readonly string[], names: readonly string[]): boolean {
  const [host, addr] = names as [string, string];
  const list = from.join(',');
  const a = addr ? matchAddressList(addr, list) : 'none';
  if (a === undefined || a === 'negated') return false;
  const h = host ? matchPatternList([host], from) : 'none';
  if (h === 'negated') return false;
  return a === 'match' || h === 'match';
}

/** Options of {@link importAuthorizedKeys}. */
export interface ImportAuthorizedKeysOptions {
  /**
   * Throw the first bad line's error instead of collecting it in `errors`.
   * @default false
   */
  strict?: boolean;
}

/**
 * Parses authorized_keys text. Blank lines and `#` comments are skipped; bad
 * lines (unknown options, bad quoting, bad keys) are collected in `errors`
 * with their line numbers, or thrown with `strict`.
 * @throws KeyImportError (only with `strict`)
 */
export function importAuthorizedKeys(
  data: string | Uint8Array,
  options: ImportAuthorizedKeysOptions = {},
): SSHAuthorizedKeys {
  const { entries, errors } = parseLineFile(
    data,
    MAX_AUTHORIZED_KEYS_LINES,
    options.strict ?? false,
    parseLine,
  );
  return new SSHAuthorizedKeys(entries, errors);
}
