/**
 * OpenSSH client configuration (ssh_config(5)): parsed as OpenSSH's
 * readconf.c reads it, and evaluated for one connection as ssh does: a first
 * pass, then a final pass (after hostname canonicalization, or for `Match
 * final`). Runtime-neutral: an `Include`'s files are read, and host names
 * resolved for canonicalization, by the caller.
 */
import { SSHError } from '@sshkit/ssh-wire';
import {
  argvSplit,
  asciiLower,
  evaluateMatch,
  type MatchContext,
  type MatchCriterion,
  matchPattern,
  parseMatch,
  splitKeyword,
} from './ssh-config-match.js';

/** Who is connecting where: what Host/Match blocks are matched against. */
export interface SSHConfigTarget {
  /** The name as given to connect(), before HostName. */
  readonly host: string;
  readonly localUser: string;
  /** The user the caller gave explicitly, if any. */
  readonly user?: string;
  /** Explicit port, if any. */
  readonly port?: number;
  /**
   * The name hostname canonicalization found (see {@link SSHConfig.canonicalization}),
   * which the final pass matches Host blocks against and sets as HostName.
   */
  readonly canonicalHost?: string;
}

/**
 * What hostname canonicalization (CanonicalizeHostname and friends) asks for,
 * as the first pass leaves it: the caller resolves the names, which needs DNS.
 */
export interface HostCanonicalization {
  /** CanonicalizeHostname. @default 'no' */
  readonly mode: 'no' | 'yes' | 'always';
  /** The name to canonicalize: HostName (`%h` expanded) or the name given, lower-cased unless an address. */
  readonly host: string;
  /** CanonicalDomains, tried in order (`none` ends the list). */
  readonly domains: readonly string[];
  /** CanonicalizeMaxDots: names with more dots are left alone. @default 1 */
  readonly maxDots: number;
  /** CanonicalizeFallbackLocal: whether a name no domain resolves may still be used. @default true */
  readonly fallbackLocal: boolean;
  /** CanonicalizePermittedCNAMEs rules: a CNAME is followed when the name matches `source` and the CNAME `target`. */
  readonly permittedCNAMEs: readonly { readonly source: string; readonly target: string }[];
  /** A ProxyCommand or ProxyJump reaches the host: then only `always` canonicalizes. */
  readonly proxied: boolean;
}

/** A file an Include names, read by the caller. */
export interface SSHConfigFile {
  readonly path: string;
  readonly text: string;
}

/** A config line ssh would reject, or one this parser cannot evaluate; the message names the file and line. */
export class SSHConfigError extends SSHError {
  static override readonly errorName: string = 'SSHConfigError';
}

/** ssh's READCONF_MAX_DEPTH: the top file is depth 0. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * How a keyword's arguments are read and combined across blocks:
 * - one: exactly one argument, first wins; upto2: one or two, first wins;
 * - list: one or more, the first line's list wins;
 * - any: keywords this parser does not know (kept whole, first wins);
 * - command: the raw rest of the line (ProxyCommand...), first wins;
 * - jump: ProxyJump, exclusive with ProxyCommand as in ssh;
 * - file: IdentityFile/CertificateFile, accumulate without duplicates;
 * - forward: accumulate one "listen target" string per line, without duplicates;
 * - sendenv: accumulate, `-pattern` removes earlier names; setenv: first line wins.
 */
type Kind = 'one' | 'upto2' | 'list' | 'any' | 'command' | 'jump' | 'file' | 'forward' | 'sendenv' | 'setenv';

const KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ...words(
    `addressfamily batchmode bindaddress bindinterface canonicalizefallbacklocal canonicalizehostname
    canonicalizemaxdots casignaturealgorithms checkhostip ciphers clearallforwardings compression
    connectionattempts connecttimeout controlmaster controlpath controlpersist enableescapecommandline
    enablesshkeysign escapechar exitonforwardfailure fingerprinthash forkafterauthentication forwardagent
    forwardx11 forwardx11timeout forwardx11trusted gatewayports hashknownhosts hostbasedacceptedalgorithms
    hostbasedauthentication hostkeyalgorithms hostkeyalias hostname identitiesonly identityagent
    ignoreunknown kbdinteractiveauthentication kbdinteractivedevices kexalgorithms loglevel macs
    nohostauthenticationforlocalhost numberofpasswordprompts obscurekeystroketiming passwordauthentication
    permitlocalcommand port preferredauthentications proxyusefdpass pubkeyacceptedalgorithms
    pubkeyauthentication requesttty requiredrsasize revokedhostkeys securitykeyprovider serveralivecountmax
    serveraliveinterval sessiontype stdinnull streamlocalbindmask streamlocalbindunlink stricthostkeychecking
    syslogfacility tag tcpkeepalive tunnel tunneldevice updatehostkeys user verifyhostkeydns visualhostkey
    xauthlocation`,
    'one',
  ),
  ...words('addkeystoagent ipqos rekeylimit', 'upto2'),
  ...words(
    `canonicaldomains canonicalizepermittedcnames channeltimeout globalknownhostsfile logverbose
    permitremoteopen userknownhostsfile`,
    'list',
  ),
  ...words('knownhostscommand localcommand proxycommand remotecommand', 'command'),
  ...words('identityfile certificatefile', 'file'),
  ...words('localforward remoteforward dynamicforward', 'forward'),
  ['proxyjump', 'jump'],
  ['sendenv', 'sendenv'],
  ['setenv', 'setenv'],
]);

/** Old names ssh still reads, stored under the current keyword (they share one setting). */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['identityfile2', 'identityfile'],
  ['challengeresponseauthentication', 'kbdinteractiveauthentication'],
  ['skeyauthentication', 'kbdinteractiveauthentication'],
  ['tisauthentication', 'kbdinteractiveauthentication'],
  ['dsaauthentication', 'pubkeyauthentication'],
  ['keepalive', 'tcpkeepalive'],
  ['hostbasedkeytypes', 'hostbasedacceptedalgorithms'],
  ['pubkeyacceptedkeytypes', 'pubkeyacceptedalgorithms'],
  ['smartcarddevice', 'pkcs11provider'],
]);

/** How many arguments a forward keyword takes. */
const FORWARD_ARGS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['localforward', [2, 2]],
  ['remoteforward', [1, 2]],
  ['dynamicforward', [1, 1]],
]);

function words(list: string, kind: Kind): [string, Kind][] {
  return list
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => [w, kind]);
}

type Entry =
  | { readonly kind: 'host'; readonly patterns: readonly string[] }
  | { readonly kind: 'match'; readonly criteria: readonly MatchCriterion[] }
  | { readonly kind: 'include'; readonly files: readonly (readonly Entry[])[] }
  | { readonly kind: 'option'; readonly key: string; readonly values: readonly string[] };

/** An ssh_config file, parsed; resolve() gives the options for one connection. */
export class SSHConfig {
  readonly #entries: readonly Entry[];

  private constructor(entries: readonly Entry[]) {
    this.#entries = entries;
  }

  /**
   * Parses ssh_config text. `include(pattern)` returns the files an `Include`
   * names (glob already expanded, relative paths already resolved against
   * ~/.ssh, by the caller); without it, Include lines are ignored. Unknown
   * keywords are kept (their arguments split, first value wins).
   * @throws SSHConfigError naming the file and line: a line ssh would reject
   *   (no or too many arguments, unbalanced quotes, a malformed Match), a Match
   *   criterion other than all/canonical/final/host/originalhost/user/localuser/exec,
   *   or Includes nested deeper than 16.
   */
  static parse(
    text: string,
    options?: { path?: string; include?: (pattern: string) => readonly SSHConfigFile[] },
  ): SSHConfig {
    const body = text.startsWith('\ufeff') ? text.slice(1) : text;
    return new SSHConfig(parseFile(body, options?.path ?? '<config>', 0, options?.include));
  }

  /**
   * The effective options for `target`, evaluated as ssh does: lines in order,
   * the first value of a keyword wins, except IdentityFile, CertificateFile,
   * Local/Remote/DynamicForward and SendEnv, which accumulate over every block
   * that applies (dropping exact duplicates, and names a `SendEnv -pattern`
   * removes). Keys are lower-case keywords (old aliases under their current
   * name); values are the arguments, unquoted and unexpanded: one entry per
   * argument for multi-argument keywords (UserKnownHostsFile, SendEnv,
   * SetEnv...), one "listen target" entry per forward line, and the raw rest
   * of the line for ProxyCommand, LocalCommand, RemoteCommand and
   * KnownHostsCommand. ProxyJump and ProxyCommand exclude each other, first
   * wins. SetEnv takes the first line's list, as ssh does. `Match exec` never
   * matches (commands are not run). As ssh, a second, final pass follows when
   * CanonicalizeHostname is yes/always or a `Match final` line exists: HostName
   * becomes `target.canonicalHost` (else the HostName so far, or the name
   * given), Host blocks match that name, `Match canonical`/`final` hold, and
   * keywords the first pass left unset are filled.
   * The explicit `target.user`/`target.port` are not in the result (they take
   * precedence over it), but `Match user` sees `target.user`.
   */
  resolve(target: SSHConfigTarget): ReadonlyMap<string, readonly string[]> {
    const options = new Map<string, readonly string[]>();
    this.#pass(target, target.host, options, false);
    const mode = canonicalizeMode(options);
    if (mode !== 'no' || this.#hasMatchFinal()) {
      // ssh re-reads its files for the final pass with HostName set to the (canonical) name.
      const host = target.canonicalHost ?? passHost(options, target);
      options.set('hostname', [host]);
      this.#pass(target, host, options, true);
    }
    return options;
  }

  /**
   * What hostname canonicalization asks for after the first pass: resolve the
   * names it says (`host.domain` for each of `domains`, or `host` itself when
   * it ends in a dot), then pass the name found as `target.canonicalHost` to
   * {@link SSHConfig.resolve}.
   */
  canonicalization(target: SSHConfigTarget): HostCanonicalization {
    const options = new Map<string, readonly string[]>();
    this.#pass(target, target.host, options, false);
    const one = (key: string) => options.get(key)?.[0];
    const set = (key: string) => {
      const v = one(key);
      return v !== undefined && asciiLower(v) !== 'none';
    };
    const rules = options.get('canonicalizepermittedcnames') ?? [];
    return {
      mode: canonicalizeMode(options),
      host: passHost(options, target),
      domains: options.get('canonicaldomains') ?? [],
      maxDots: dotsLimit(one('canonicalizemaxdots')),
      fallbackLocal: asciiLower(one('canonicalizefallbacklocal') ?? 'yes') !== 'no',
      permittedCNAMEs:
        rules.length === 1 && asciiLower(rules[0] as string) === 'none'
          ? []
          : rules
              // ssh refuses a rule without its `source:target` colon; it permits nothing here.
              .filter((rule) => rule.includes(':'))
              .map((rule) => {
                const at = rule.indexOf(':');
                return { source: rule.slice(0, at), target: rule.slice(at + 1) };
              }),
      proxied: set('proxycommand') || set('proxyjump'),
    };
  }

  /** One pass over the file: `host` is what Host blocks match (the name given, then the canonical one). */
  #pass(
    target: SSHConfigTarget,
    host: string,
    options: Map<string, readonly string[]>,
    finalPass: boolean,
  ): void {
    const context = (): MatchContext => {
      const hostname = options.get('hostname')?.[0];
      return {
        host: hostname === undefined ? target.host : expandHost(hostname, target.host),
        originalHost: target.host,
        user: target.user ?? options.get('user')?.[0] ?? target.localUser,
        localUser: target.localUser,
        finalPass,
      };
    };
    const walk = (entries: readonly Entry[], active: boolean, neverMatch: boolean): void => {
      for (const e of entries) {
        if (e.kind === 'host') active = !neverMatch && hostMatches(e.patterns, host);
        else if (e.kind === 'match') active = !neverMatch && evaluateMatch(e.criteria, context());
        // An included file starts in the includer's state and cannot change it.
        else if (e.kind === 'include') for (const file of e.files) walk(file, active, neverMatch || !active);
        else if (active) apply(options, e.key, e.values);
      }
    };
    walk(this.#entries, true, false);
  }

  /** Whether a `Match final` line is anywhere in the files (ssh then makes a final pass). */
  #hasMatchFinal(): boolean {
    const has = (entries: readonly Entry[]): boolean =>
      entries.some(
        (e) =>
          (e.kind === 'match' && e.criteria.some((c) => c.attribute === 'final')) ||
          (e.kind === 'include' && e.files.some(has)),
      );
    return has(this.#entries);
  }
}

/** CanonicalizeMaxDots: a count, else (unset, or a value ssh would refuse) its default, 1. */
function dotsLimit(value: string | undefined): number {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 1;
}

/** CanonicalizeHostname as the first pass left it. */
function canonicalizeMode(options: ReadonlyMap<string, readonly string[]>): HostCanonicalization['mode'] {
  const v = asciiLower(options.get('canonicalizehostname')?.[0] ?? 'no');
  return v === 'yes' || v === 'always' ? v : 'no';
}

/** The name after HostName: `%h` expanded, lower-cased unless an address (as ssh does before canonicalizing). */
function passHost(options: ReadonlyMap<string, readonly string[]>, target: SSHConfigTarget): string {
  const hostname = options.get('hostname')?.[0];
  const host = hostname === undefined ? target.host : expandHost(hostname, target.host);
  return isAddress(host) ? host : asciiLower(host);
}

function isAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/** ssh expands only %h (and %%) in a HostName before `Match host` sees it. */
function expandHost(hostname: string, host: string): string {
  return hostname.replace(/%([%h])/g, (_, c: string) => (c === 'h' ? host : '%'));
}

function hostMatches(patterns: readonly string[], host: string): boolean {
  let active = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (matchPattern(host, negated ? p.slice(1) : p)) {
      if (negated) return false;
      active = true;
    }
  }
  return active;
}

function apply(options: Map<string, readonly string[]>, key: string, values: readonly string[]): void {
  const kind = KINDS.get(key) ?? 'any';
  const had = options.get(key);
  if (kind === 'file' || kind === 'forward') {
    const v = values[0] as string;
    if (!had?.includes(v)) options.set(key, [...(had ?? []), v]);
  } else if (kind === 'sendenv') {
    let list = had ?? [];
    for (const v of values) {
      list = v.startsWith('-') ? list.filter((name) => !matchPattern(name, v.slice(1))) : [...list, v];
    }
    if (list.length > 0) options.set(key, list);
    else options.delete(key);
  } else if (kind === 'command' || kind === 'jump') {
    const jump = options.get('proxyjump')?.[0];
    const blocked =
      kind === 'jump'
        ? options.has('proxycommand')
        : key === 'proxycommand' && jump !== undefined && asciiLower(jump) !== 'none';
    if (!had && !blocked) options.set(key, values);
  } else if (!had) {
    options.set(key, values);
  }
}

function parseFile(
  text: string,
  path: string,
  depth: number,
  include: ((pattern: string) => readonly SSHConfigFile[]) | undefined,
): Entry[] {
  const entries: Entry[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const fail = (message: string): never => {
      throw new SSHConfigError(`${path} line ${n + 1}: ${message}`);
    };
    const entry = parseLine(lines[n] as string, fail, (pattern) => {
      const files = include?.(pattern) ?? [];
      if (files.length > 0 && depth >= MAX_INCLUDE_DEPTH) fail('too many recursive configuration includes');
      return files.map((f) => parseFile(f.text, f.path, depth + 1, include));
    });
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseLine(
  line: string,
  fail: (message: string) => never,
  include: (pattern: string) => Entry[][],
): Entry | undefined {
  const split = splitKeyword(line.replace(/[ \t\r\n\f]+$/, ''));
  if (!split) return undefined;
  const keyword = ALIASES.get(split.keyword) ?? split.keyword;
  const rest = split.rest;
  if (rest === '') fail(`no argument after keyword "${split.keyword}"`);
  const args = argvSplit(rest) ?? fail('invalid quotes');
  const kind = KINDS.get(keyword);
  const count = (min: number, max: number): readonly string[] => {
    if (args.length < min || args.some((a) => a === '')) fail(`missing argument for ${keyword}`);
    if (args.length > max) fail(`keyword ${keyword} extra arguments at end of line`);
    return args;
  };
  const option = (values: readonly string[]): Entry => ({ kind: 'option', key: keyword, values });

  if (keyword === 'host') {
    if (args.some((a) => a === '')) fail('keyword host empty argument');
    return { kind: 'host', patterns: args };
  }
  if (keyword === 'match') return { kind: 'match', criteria: parseMatch(args, fail) };
  if (keyword === 'include') {
    if (args.some((a) => a === '')) fail('keyword include empty argument');
    return { kind: 'include', files: args.flatMap(include) };
  }
  switch (kind) {
    case 'one':
    case 'file':
      return option(count(1, 1));
    case 'upto2':
      return option(count(1, 2));
    case 'forward': {
      const [min, max] = FORWARD_ARGS.get(keyword) as readonly [number, number];
      return option([count(min, max).join(' ')]);
    }
    case 'command':
      return option([rest.replace(/^[ \t\r\n=]+/, '')]);
    case 'jump': {
      // As ssh 9: the comment is cut off and the first word is the jump list.
      const jump = (rest.replace(/^[ \t\r\n=]+/, '').split('#')[0] as string).split(/[ \t]/)[0] as string;
      return option([jump === '' ? fail('invalid ProxyJump') : jump]);
    }
    case 'sendenv':
      if (count(1, Infinity).some((a) => a.includes('='))) fail('invalid environment name');
      return option(args);
    case 'setenv': {
      if (count(1, Infinity).some((a) => !a.includes('='))) fail('invalid SetEnv');
      // ssh ignores a name repeated on the line.
      const byName = new Map<string, string>();
      for (const a of args)
        if (!byName.has(a.slice(0, a.indexOf('=')))) byName.set(a.slice(0, a.indexOf('=')), a);
      return option([...byName.values()]);
    }
    default:
      return option(count(1, Infinity));
  }
}
