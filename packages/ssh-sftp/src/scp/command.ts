/**
 * The `scp` command line a client runs on the server (`scp -f` to download,
 * `scp -t` to upload), built by {@link formatSCPCommand} and read by
 * {@link parseSCPCommand}.
 */
import { SFTPError } from '../errors.js';
import { FX_BAD_MESSAGE } from '../protocol-numbers.js';
import { PATTERN_SPECIALS } from './pattern.js';
import { type ShellChar, shellQuote, shellWords, wordText } from './shell-words.js';

/**
 * A parsed server-side `scp` command line.
 *
 * `paths` of a source (`-f`) are glob patterns: unquoted `*`, `?`, `[` are
 * wildcards, and a quoted or escaped `*?[]\` is kept behind a backslash
 * (`'a*b'` -> `a\*b`). `paths` of a sink (`-t`) are plain text. In both, a
 * path starting with an unquoted `~` (`~`, `~/x`, `~user/x`) is left for the
 * server to expand, and one starting with a quoted `~` becomes `./~...`.
 */
export interface SCPCommand {
  mode: 'source' | 'sink';
  paths: string[];
  recurse: boolean;
  preserve: boolean;
  targetIsDirectory: boolean;
  verbose: boolean;
}

function refuse(why: string): never {
  throw new SFTPError(FX_BAD_MESSAGE, `scp command: ${why}`);
}

/** A word as a path of `mode`: escapes for a source's literal specials, `./` for a literal `~`. */
function pathOf(word: readonly ShellChar[], mode: SCPCommand['mode']): string {
  let text = '';
  for (const { c, quoted } of word)
    text += mode === 'source' && quoted && PATTERN_SPECIALS.includes(c) ? `\\${c}` : c;
  if (word[0]?.c !== '~') return text;
  // The shell expands a tilde prefix only when none of it is quoted (POSIX 2.6.1).
  const slash = word.findIndex((ch) => ch.c === '/' && !ch.quoted);
  const prefix = word.slice(0, slash < 0 ? word.length : slash);
  return prefix.some((ch) => ch.quoted) ? `./${text}` : text;
}

/**
 * Parses `scp [-v] [-r] [-p] [-d] [-q] -f|-t [--] path...` with POSIX-shell
 * word splitting (single quotes, double quotes, backslashes), as the remote
 * shell would. Options may be grouped (`-rpt`). The program may be `scp` or
 * an absolute path to it. See {@link SCPCommand} for how paths keep quoting.
 * @throws SFTPError(FX_BAD_MESSAGE) for an unknown option, no or both of
 *   `-f`/`-t`, no path, `-t` with several paths, bad quoting, or shell
 *   syntax beyond one plain command
 */
export function parseSCPCommand(command: string): SCPCommand {
  const words = shellWords(command);
  const program = words[0] ? wordText(words[0]) : '';
  if (program !== 'scp' && !/^\/.*\/scp$/.test(program)) refuse('not an scp command');
  const flags = new Set<string>();
  let i = 1;
  for (; i < words.length; i++) {
    const w = wordText(words[i] as ShellChar[]);
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    for (const f of w.slice(1)) {
      if (!'vrpdqft'.includes(f)) refuse(`unknown option -${f}`);
      flags.add(f);
    }
  }
  if (flags.has('f') === flags.has('t')) refuse('exactly one of -f and -t is needed');
  const mode = flags.has('f') ? 'source' : 'sink';
  const paths = words.slice(i).map((w) => pathOf(w, mode));
  if (paths.length === 0) refuse('no path');
  if (mode === 'sink' && paths.length > 1) refuse('-t takes one target');
  return {
    mode,
    paths,
    recurse: flags.has('r'),
    preserve: flags.has('p'),
    targetIsDirectory: flags.has('d'),
    verbose: flags.has('v'),
  };
}

/** Characters a bracket expression may hold unquoted (the shell must see ranges and `!` bare). */
const SAFE_CLASS = /^[A-Za-z0-9._,:+@%=!^-]+$/;

/** Shell text for a source pattern: wildcards bare, everything else quoted. */
function quotePattern(pattern: string): string {
  let out = '';
  let run = '';
  const flush = (): void => {
    if (run !== '') out += shellQuote(run);
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      run += pattern[++i] ?? '\\';
    } else if (c === '*' || c === '?') {
      flush();
      out += c;
    } else if (c === '[') {
      // A whole class of plain characters stays bare, so a range keeps its meaning.
      const close = pattern.indexOf(']', i + 2);
      const body = close < 0 ? '' : pattern.slice(i + 1, close);
      flush();
      if (SAFE_CLASS.test(body)) {
        out += `[${body}]`;
        i = close;
      } else out += '[';
    } else if (c === ']') {
      flush();
      out += ']';
    } else run += c;
  }
  flush();
  return out;
}

/** Shell text for one path: quoted, but a leading `~`/`~user` stays bare so the remote shell expands it. */
function quotePath(path: string, source: boolean): string {
  // The slash after the prefix stays bare too: a quoted one would stop the expansion.
  const tilde = /^~([A-Za-z0-9._][A-Za-z0-9._-]*)?(\/|$)/.exec(path)?.[0] ?? '';
  const rest = path.slice(tilde.length);
  const quoted = source ? quotePattern(rest) : rest === '' ? '' : shellQuote(rest);
  return tilde + quoted || "''";
}

/**
 * Builds the command our client runs remotely: `scp [-r] [-p] [-d] -f|-t --
 * <paths>`. Each path is single-quoted for the remote shell, except the glob
 * wildcards of source paths (see {@link SCPCommand}: `\*` stays a literal
 * `*`), which the remote shell expands, and a leading `~` or `~user`.
 * @throws TypeError for a path holding a NUL character
 */
export function formatSCPCommand(command: Omit<SCPCommand, 'verbose'>): string {
  const words = ['scp'];
  if (command.recurse) words.push('-r');
  if (command.preserve) words.push('-p');
  if (command.targetIsDirectory) words.push('-d');
  words.push(command.mode === 'source' ? '-f' : '-t', '--');
  for (const p of command.paths) {
    if (p.includes('\0')) throw new TypeError('scp: a path cannot hold a NUL character');
    words.push(quotePath(p, command.mode === 'source'));
  }
  return words.join(' ');
}
