/**
 * POSIX shell word splitting of one simple command line, as the remote shell
 * does it before running `scp`: blanks separate words, single quotes, double
 * quotes and backslashes quote. Each character remembers whether it was
 * quoted, because the shell expands only unquoted wildcards and tildes.
 */
import { SFTPError } from '../errors.js';
import { FX_BAD_MESSAGE } from '../protocol-numbers.js';

/** One character of a word and whether it was quoted. */
export interface ShellChar {
  c: string;
  quoted: boolean;
}

function refuse(why: string): never {
  throw new SFTPError(FX_BAD_MESSAGE, `scp command: ${why}`);
}

/** Unquoted characters that would make the line more than a plain command (we run no shell). */
const OPERATORS = '|&;<>()$`';
/** What a backslash escapes inside double quotes (POSIX 2.2.3). */
const DQ_ESCAPES = '$`"\\\n';

/**
 * Splits `line` into words.
 * @throws SFTPError(FX_BAD_MESSAGE) for an unterminated quote, an operator,
 *   an expansion (`$`, backquote), a comment or a second command
 */
export function shellWords(line: string): ShellChar[][] {
  const words: ShellChar[][] = [];
  let word: ShellChar[] | undefined;
  const push = (c: string, quoted: boolean): void => {
    word ??= [];
    word.push({ c, quoted });
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      if (word) words.push(word);
      word = undefined;
    } else if (c === '\n') {
      refuse('more than one command');
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) refuse('unterminated single quote');
      word ??= [];
      for (const q of line.slice(i + 1, end)) push(q, true);
      i = end;
    } else if (c === '"') {
      word ??= [];
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j] as string;
        if (d === '\\' && j + 1 < line.length && DQ_ESCAPES.includes(line[j + 1] as string)) {
          j++;
          if (line[j] !== '\n') push(line[j] as string, true);
        } else if (d === '$' || d === '`') {
          refuse('expansions are not supported');
        } else push(d, true);
      }
      if (j >= line.length) refuse('unterminated double quote');
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) push('\\', true);
      else if (line[i + 1] === '\n') i++;
      else push(line[++i] as string, true);
    } else if (OPERATORS.includes(c)) {
      refuse(`unsupported shell syntax ${JSON.stringify(c)}`);
    } else if (c === '#' && !word) {
      refuse('unsupported shell syntax "#"');
    } else push(c, false);
  }
  if (word) words.push(word);
  return words;
}

/** The text of a word, quotes removed. */
export function wordText(word: readonly ShellChar[]): string {
  return word.map((ch) => ch.c).join('');
}

/** Single-quotes `text` for a POSIX shell (empty text included). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
