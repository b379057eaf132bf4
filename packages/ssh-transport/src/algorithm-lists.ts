/**
 * An algorithm list option, as users write it: a full list, or an edit of the
 * defaults in the syntax of OpenSSH's ssh_config(5) — "+a,b" appends,
 * "-a,b*" removes (wildcards `*` and `?` allowed), "^a,b" moves to the front.
 */
export type AlgorithmListOption = string | readonly string[];

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Resolves an algorithm list option against the defaults and the supported
 * names. Legacy algorithms are enabled only by naming them, never by a
 * wildcard.
 *
 * @param option - the user's value, or undefined for the defaults
 * @param defaults - the default preference list
 * @param supported - every name the registry implements
 * @param what - the option's name, for errors
 * @returns the preference list to offer
 * @throws RangeError for an unknown name or an empty result
 */
export function resolveAlgorithmList(
  option: AlgorithmListOption | undefined,
  defaults: readonly string[],
  supported: readonly string[],
  what: string,
): string[] {
  if (option === undefined) return [...defaults];
  const text = typeof option === 'string' ? option : option.join(',');
  const op = text[0] === '+' || text[0] === '-' || text[0] === '^' ? text[0] : '';
  const names = (op ? text.slice(1) : text)
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(supported);
  const check = (name: string) => {
    if (!known.has(name)) throw new RangeError(`${what}: unsupported algorithm ${JSON.stringify(name)}`);
  };
  let result: string[];
  switch (op) {
    case '+':
      names.forEach(check);
      result = [...defaults, ...names.filter((n) => !defaults.includes(n))];
      break;
    case '-': {
      const patterns = names.map(globToRegExp);
      result = defaults.filter((d) => !patterns.some((p) => p.test(d)));
      break;
    }
    case '^':
      names.forEach(check);
      result = [...names, ...defaults.filter((d) => !names.includes(d))];
      break;
    default:
      names.forEach(check);
      result = [...new Set(names)];
  }
  if (result.length === 0) throw new RangeError(`${what}: no algorithm left to offer`);
  return result;
}
