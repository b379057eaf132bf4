/**
 * Source paths of an {@link SCPCommand} are glob patterns in which a
 * backslash makes the next character literal: `*.txt` is a wildcard,
 * `a\*b` the name `a*b`, `\\` one backslash. That is how
 * `parseSCPCommand` keeps apart what the remote shell would expand (unquoted
 * `*?[`) from what it would not (quoted or escaped), and what
 * `formatSCPCommand` quotes.
 *
 * Matching runs in O(pattern x name) steps whatever the pattern, unlike a
 * backtracking RegExp (`*a*a*a*b` against a long name of `a`s takes minutes
 * there): here patterns and names may both come from a peer.
 */

/** Characters escaped in a source path when they are literal. */
export const PATTERN_SPECIALS = '*?[]\\';

/** True when `pattern` holds an unescaped `*`, `?` or `[`. */
export function hasWildcards(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** The pattern's text with its escapes removed: the path it names literally. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, '$1');
}

/** One step of a compiled pattern: `*`, or a test of one character. */
type Token = '*' | ((c: string) => boolean);

/** Parses `[...]` at `at` (just past `[`): the test and where it ends, or undefined when unclosed. */
function bracket(chars: readonly string[], at: number): [(c: string) => boolean, number] | undefined {
  let i = at;
  const negate = chars[i] === '!' || chars[i] === '^';
  if (negate) i++;
  const ranges: [string, string][] = [];
  for (let first = true; i < chars.length; first = false) {
    let c = chars[i] as string;
    if (c === ']' && !first) {
      const test = (x: string): boolean => ranges.some(([lo, hi]) => x >= lo && x <= hi) !== negate;
      return [test, i + 1];
    }
    if (c === '\\' && i + 1 < chars.length) c = chars[++i] as string;
    let hi = c;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      hi =
        chars[i + 2] === '\\' && i + 3 < chars.length ? (chars[i + 3] as string) : (chars[i + 2] as string);
      i += chars[i + 2] === '\\' ? 3 : 2;
    }
    ranges.push([c, hi]);
    i++;
  }
  return undefined;
}

function compile(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '*') {
      if (tokens[tokens.length - 1] !== '*') tokens.push('*');
    } else if (c === '?') tokens.push(() => true);
    else if (c === '[' && bracket(chars, i + 1)) {
      const [test, end] = bracket(chars, i + 1) as [(c: string) => boolean, number];
      tokens.push(test);
      i = end - 1;
    } else {
      const literal = c === '\\' && i + 1 < chars.length ? (chars[++i] as string) : c;
      tokens.push((x) => x === literal);
    }
  }
  return tokens;
}

/**
 * A test of one name against one component pattern (fnmatch: `*`, `?`,
 * `[a-z]`, `[!x]`, backslash escapes). As the shell globs, a leading `.` of
 * a name matches only a literal `.` (no FNM_PERIOD-less surprises).
 */
export function patternTest(pattern: string): (name: string) => boolean {
  const tokens = compile(pattern);
  const dotLiteral = pattern.startsWith('.') || pattern.startsWith('\\.');
  return (name) => {
    if (name.startsWith('.') && !dotLiteral) return false;
    const s = Array.from(name);
    // Greedy with a return to the last `*`: O(tokens x chars).
    let p = 0;
    let i = 0;
    let starP = -1;
    let starI = 0;
    while (i < s.length) {
      const t = tokens[p];
      if (t === '*') {
        starP = p++;
        starI = i;
      } else if (t?.(s[i] as string)) {
        p++;
        i++;
      } else if (starP >= 0) {
        p = starP + 1;
        i = ++starI;
      } else return false;
    }
    while (tokens[p] === '*') p++;
    return p === tokens.length;
  };
}

/** True when an expected name cannot be compared with what arrives (the shell or the path decides it). */
function uncheckable(name: string): boolean {
  return name === '' || name === '.' || name === '..' || name.startsWith('~');
}

/**
 * A test of received top-level names against the base names asked for
 * (literally, or as a glob pattern as the remote shell expands it), or
 * `undefined` when they cannot be checked.
 */
export function expectedNameTest(names: readonly string[]): ((name: string) => boolean) | undefined {
  if (names.length === 0 || names.some(uncheckable)) return undefined;
  const tests = names.map((pattern) => {
    const literal = unescapePattern(pattern);
    const matches = patternTest(pattern);
    // An unmatched pattern reaches the remote scp as is (sh leaves it), hence the literal too.
    return (name: string): boolean => name === literal || matches(name);
  });
  return (name) => tests.some((t) => t(name));
}
