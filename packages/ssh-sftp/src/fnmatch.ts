/**
 * Matching one path component against a wildcard pattern (fnmatch: `*`,
 * `?`, `[a-z]`, `[!x]`/`[^x]`; an unclosed `[` is literal). It runs in
 * O(pattern x name) steps whatever the pattern, unlike a backtracking
 * RegExp (`*a*a*a*a*b` against a long name of `a`s takes minutes there):
 * patterns and names may come from a peer, or a peer may choose the names.
 */

/** How a pattern is read. */
export interface ComponentMatchOptions {
  /** A backslash makes the next character literal (shell and scp); otherwise it is itself. @default false */
  readonly escapes?: boolean;
  /** A name's leading `.` matches only a literal `.` (as the shell globs). @default false */
  readonly hiddenNeedsDot?: boolean;
}

/** One step of a compiled pattern: `*`, or a test of one character. */
type Token = '*' | ((c: string) => boolean);

/** Parses `[...]` at `at` (just past `[`): the test and where it ends, or undefined when unclosed. */
function bracket(
  chars: readonly string[],
  at: number,
  escapes: boolean,
): [(c: string) => boolean, number] | undefined {
  let i = at;
  const negate = chars[i] === '!' || chars[i] === '^';
  if (negate) i++;
  const ranges: [string, string][] = [];
  const escaped = (j: number): boolean => escapes && chars[j] === '\\' && j + 1 < chars.length;
  for (let first = true; i < chars.length; first = false) {
    let c = chars[i] as string;
    if (c === ']' && !first) {
      const test = (x: string): boolean => ranges.some(([lo, hi]) => x >= lo && x <= hi) !== negate;
      return [test, i + 1];
    }
    if (escaped(i)) c = chars[++i] as string;
    let hi = c;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      const hiAt = escaped(i + 2) ? i + 3 : i + 2;
      hi = chars[hiAt] as string;
      i = hiAt;
    }
    ranges.push([c, hi]);
    i++;
  }
  return undefined;
}

function compile(pattern: string, escapes: boolean): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const set = c === '[' ? bracket(chars, i + 1, escapes) : undefined;
    if (c === '*') {
      if (tokens[tokens.length - 1] !== '*') tokens.push('*');
    } else if (c === '?') tokens.push(() => true);
    else if (set) {
      tokens.push(set[0]);
      i = set[1] - 1;
    } else {
      const literal = escapes && c === '\\' && i + 1 < chars.length ? (chars[++i] as string) : c;
      tokens.push((x) => x === literal);
    }
  }
  return tokens;
}

/**
 * A test of names against one component pattern.
 * @example
 * ```ts
 * componentMatcher('*.txt')('notes.txt'); // true
 * componentMatcher('a\\*b', { escapes: true })('a*b'); // true: the star is literal
 * ```
 */
export function componentMatcher(
  pattern: string,
  options: ComponentMatchOptions = {},
): (name: string) => boolean {
  const escapes = options.escapes ?? false;
  const tokens = compile(pattern, escapes);
  const dotLiteral = pattern.startsWith('.') || (escapes && pattern.startsWith('\\.'));
  const hiddenNeedsDot = options.hiddenNeedsDot ?? false;
  return (name) => {
    if (hiddenNeedsDot && name.startsWith('.') && !dotLiteral) return false;
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
