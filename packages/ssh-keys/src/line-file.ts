/**
 * The line loop shared by known_hosts and authorized_keys: both skip blank
 * lines and `#` comments, parse the rest one line at a time, and either
 * collect a bad line's typed error with its line number (as ssh and sshd skip
 * such lines) or, in strict mode, throw it.
 */
import { encodeBase64, SSHError } from '@sshkit/ssh-wire';
import { parsePublicKeyLine } from './formats/openssh.js';
import { importPublicKey, withImportErrors } from './import.js';
import type { SSHKey } from './key.js';

/** A line that could not be parsed. */
export interface LineError {
  /** 1-based line number. */
  readonly line: number;
  /** The typed error (usually a `KeyImportError` with its `reason`). */
  readonly error: SSHError;
}

/**
 * Parses every non-blank, non-comment line of `data`.
 * @param data - file contents
 * @param maxLines - most lines read (bounds work on hostile input)
 * @param strict - throw the first bad line's error instead of collecting it
 * @param parse - parses one trimmed line; `line` is 1-based
 * @returns the parsed entries and the collected errors, both in file order
 */
export function parseLineFile<T>(
  data: string | Uint8Array,
  maxLines: number,
  strict: boolean,
  parse: (text: string, line: number) => T,
): { entries: T[]; errors: LineError[] } {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  const entries: T[] = [];
  const errors: LineError[] = [];
  const lines = text.split(/\r?\n/, maxLines);
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] as string).trim();
    if (t === '' || t.startsWith('#')) continue;
    try {
      entries.push(withImportErrors(() => parse(t, i + 1)));
    } catch (e) {
      if (!SSHError.isInstance(e)) throw e;
      if (strict) throw e;
      errors.push({ line: i + 1, error: e });
    }
  }
  return { entries, errors };
}

/**
 * The key of a `type base64 [comment]` tail (certificates rejected, as
 * `importPublicKey` does), with its comment.
 * @throws KeyImportError
 */
export function keyFromLine(keyText: string): SSHKey {
  const parsed = parsePublicKeyLine(keyText);
  const key = importPublicKey(`${parsed.type} ${encodeBase64(parsed.blob)}`);
  if (parsed.comment) key.comment = parsed.comment;
  return key;
}
