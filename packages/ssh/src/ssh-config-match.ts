/**
 * The low-level parts of ssh_config(5), as OpenSSH has them: how a line is cut
 * into keyword and arguments (misc.c strdelim() and argv_split()), and how
 * patterns and `Match` criteria match (match.c, readconf.c match_cfg_line()).
 */

const WHITESPACE = ' \t\r\n';

/** ASCII-only lower case, as C's tolower() in the "C" locale. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** ssh's match_pattern(): `*` and `?` wildcards over the whole of `s`, case-sensitive. */
export function matchPattern(s: string, pattern: string): boolean {
  let si = 0;
  let pi = 0;
  // Where the last `*` was, and how much of `s` it has swallowed: O(n·m), no backtracking blow-up.
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const pc = pattern[pi];
    if (pc === '*') {
      star = pi++;
      mark = si;
    } else if (pc !== undefined && (pc === '?' || pc === s[si])) {
      si++;
      pi++;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/**
 * ssh's match_pattern_list(): `list` is comma-separated patterns, each maybe
 * `!`-negated. 1 when one pattern matches and no negated one does, -1 when a
 * negated one matches, else 0. `lower` lowercases the patterns (ssh does so
 * for host names, after lowercasing the name itself).
 */
export function matchPatternList(s: string, list: string, lower: boolean): -1 | 0 | 1 {
  let positive = false;
  for (const item of list.split(',')) {
    const negated = item.startsWith('!');
    const pattern = negated ? item.slice(1) : item;
    if (matchPattern(s, lower ? asciiLower(pattern) : pattern)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** The `Match` criteria this evaluator knows (`exec` is parsed, never run). */
export type MatchAttribute =
  | 'all'
  | 'canonical'
  | 'final'
  | 'host'
  | 'originalhost'
  | 'user'
  | 'localuser'
  | 'exec';

export interface MatchCriterion {
  readonly attribute: MatchAttribute;
  readonly negate: boolean;
  /** The pattern list (or command), for the criteria that take one. */
  readonly arg?: string;
}

/** What `Match` criteria are tested against. */
export interface MatchContext {
  /** The HostName set so far (`%h` expanded), else the host as given. */
  readonly host: string;
  readonly originalHost: string;
  /** The explicit user, else the User set so far, else the local user. */
  readonly user: string;
  readonly localUser: string;
  /** ssh's final pass (after hostname canonicalization): `Match canonical` and `final` hold only there. */
  readonly finalPass: boolean;
}

const WITH_ARGUMENT: ReadonlySet<string> = new Set(['host', 'originalhost', 'user', 'localuser', 'exec']);

/**
 * The criteria of a `Match` line's arguments, with ssh's syntax rules: `all`
 * alone (or after at most one other criterion), `canonical`/`final` bare, the
 * rest followed by an argument. `fail` throws for a line ssh would reject, and
 * for criteria (`localnetwork`, `tagged`...) this evaluator cannot test.
 */
export function parseMatch(args: readonly string[], fail: (message: string) => never): MatchCriterion[] {
  const criteria: MatchCriterion[] = [];
  let i = 0;
  while (i < args.length) {
    const token = args[i++] as string;
    if (token.startsWith('#')) break;
    const negate = token.startsWith('!');
    const name = asciiLower(negate ? token.slice(1) : token);
    if (name === 'all') {
      const next = args[i];
      if (criteria.length > 1 || (next !== undefined && next !== '' && !next.startsWith('#'))) {
        fail(`'${token}' cannot be combined with other Match attributes`);
      }
      criteria.push({ attribute: 'all', negate });
      return criteria;
    }
    if (name === 'canonical' || name === 'final') {
      criteria.push({ attribute: name, negate });
      continue;
    }
    const arg = args[i++];
    if (arg === undefined || arg === '' || arg.startsWith('#')) fail(`missing Match criteria for ${name}`);
    if (!WITH_ARGUMENT.has(name)) fail(`unsupported Match attribute ${name}`);
    criteria.push({ attribute: name as MatchAttribute, negate, arg });
  }
  if (criteria.length === 0) fail('one or more attributes required for Match');
  return criteria;
}

function test(c: MatchCriterion, ctx: MatchContext): boolean {
  const arg = c.arg ?? '';
  switch (c.attribute) {
    case 'host':
      return matchPatternList(asciiLower(ctx.host), arg, true) === 1;
    case 'originalhost':
      return matchPatternList(asciiLower(ctx.originalHost), arg, true) === 1;
    case 'user':
      return matchPatternList(ctx.user, arg, false) === 1;
    case 'localuser':
      return matchPatternList(ctx.localUser, arg, false) === 1;
    case 'exec':
      // Commands from a config file are not run: `exec` never matches.
      return false;
    default:
      // canonical, final
      return ctx.finalPass;
  }
}

/** Whether a `Match` line applies: every criterion must hold (`!` inverts one); `all` keeps what came before. */
export function evaluateMatch(criteria: readonly MatchCriterion[], ctx: MatchContext): boolean {
  let result = true;
  for (const c of criteria) {
    if (c.attribute === 'all') return result && !c.negate;
    if (test(c, ctx) === c.negate) result = false;
  }
  return result;
}

/**
 * The keyword (lower-cased) and the rest of a line, as ssh's strdelim() cuts
 * them: the keyword ends at whitespace, `=` or a quote, and one `=` between
 * it and the arguments is skipped. Undefined for a blank or comment line.
 */
export function splitKeyword(line: string): { keyword: string; rest: string } | undefined {
  let cut = strdelim(line);
  if (cut?.token === '') cut = cut.rest === undefined ? undefined : strdelim(cut.rest);
  if (!cut || cut.token === '' || cut.token.startsWith('#')) return undefined;
  return { keyword: asciiLower(cut.token), rest: trimStart(cut.rest ?? '') };
}

function strdelim(s: string): { token: string; rest: string | undefined } | undefined {
  let at = 0;
  while (at < s.length && !`${WHITESPACE}"=`.includes(s[at] as string)) at++;
  if (at === s.length) return { token: s, rest: undefined };
  if (s[at] === '"') {
    const close = s.indexOf('"', at + 1);
    if (close < 0) return undefined;
    return { token: s.slice(0, at) + s.slice(at + 1, close), rest: skipWhitespace(s, close + 1) };
  }
  const equals = s[at] === '=';
  let rest = skipWhitespace(s, at + 1);
  if (!equals && rest.startsWith('=')) rest = skipWhitespace(rest, 1);
  return { token: s.slice(0, at), rest };
}

function skipWhitespace(s: string, from: number): string {
  return trimStart(s.slice(from));
}

function trimStart(s: string): string {
  let at = 0;
  while (at < s.length && WHITESPACE.includes(s[at] as string)) at++;
  return s.slice(at);
}

/**
 * ssh's argv_split(): arguments separated by spaces or tabs, '…' and "…"
 * quoting, \\ \' \" and (unquoted) "\ " escapes, and a `#` starting an
 * argument ends the line. Undefined for an unterminated quote.
 */
export function argvSplit(s: string): string[] | undefined {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    let quote = '';
    let arg = '';
    for (; i < s.length; i++) {
      const ch = s[i] as string;
      const next = s[i + 1];
      if (ch === '\\' && (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' '))) {
        arg += next;
        i++;
      } else if (quote === '' && (ch === ' ' || ch === '\t')) {
        break;
      } else if (quote === '' && (ch === '"' || ch === "'")) {
        quote = ch;
      } else if (quote !== '' && ch === quote) {
        quote = '';
      } else {
        arg += ch;
      }
    }
    if (quote !== '') return undefined;
    args.push(arg);
  }
  return args;
}
