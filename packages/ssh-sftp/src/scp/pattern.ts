/**
 * Source paths of an {@link SCPCommand} are glob patterns in which a
 * backslash makes the next character literal: `*.txt` is a wildcard,
 * `a\*b` the name `a*b`, `\\` one backslash. That is how
 * `parseSCPCommand` keeps apart what the remote shell would expand (unquoted
 * `*?[`) from what it would not (quoted or escaped), and what
 * `formatSCPCommand` quotes.
 */
import { componentMatcher } from '../fnmatch.js';

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

/**
 * A test of one name against one component pattern in the source syntax
 * (backslash escapes); as the shell globs, a leading `.` of a name matches
 * only a literal `.`.
 */
export function patternTest(pattern: string): (name: string) => boolean {
  return componentMatcher(pattern, { escapes: true, hiddenNeedsDot: true });
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
