/**
 * The SSH public key file format of RFC 4716 ("SECSH"):
 *
 *     ---- BEGIN SSH2 PUBLIC KEY ----
 *     Comment: "1024-bit rsa, converted from OpenSSH"
 *     x-private-tag: a value that is continued \
 *     on the next line
 *     AAAAB3NzaC1yc2EAAAABIwAAAIEA1on8gxCGJJWSRT4uOrR13mUaUk0hRf4RzxSZ1zRb
 *     ---- END SSH2 PUBLIC KEY ----
 *
 * RFC 4716 §3: "Each line in the file MUST NOT be longer than 72 8-bit bytes
 * excluding line termination characters"; §3.3 "A line is continued if the
 * last character in the line is a '\'"; "Header-tags MUST be ... case-insensitive";
 * §3.3.2 the Comment value may be in double quotes.
 */
import { decodeBase64, encodeBase64 } from '@sshkit/ssh-wire';
import { KeyImportError } from '../errors.js';

const BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----';
const END = '---- END SSH2 PUBLIC KEY ----';
/** RFC 4716 §3: lines are at most 72 bytes. */
const MAX_LINE = 72;
/** Body line width used on export (what `ssh-keygen -e` writes). */
const BODY_WIDTH = 70;
/** RFC 4716 §3.3: "header-tag MUST NOT be more than 64 8-bit bytes"; values at most 1024. */
const MAX_TAG = 64;
const MAX_VALUE = 1024;

/** A decoded RFC 4716 key. */
export interface Rfc4716Key {
  blob: Uint8Array;
  /** Header tags in order, names as written. */
  headers: Array<[string, string]>;
  /** The `Comment` header value with its quotes removed, if present. */
  comment: string | undefined;
}

/** True when `text` contains an RFC 4716 BEGIN line. */
export function looksLikeRfc4716(text: string): boolean {
  return text.includes(BEGIN);
}

/**
 * Parses every RFC 4716 block in `text`.
 * @throws KeyImportError
 */
export function parseRfc4716(text: string): Rfc4716Key[] {
  const lines = text.split(/\r?\n/);
  const out: Rfc4716Key[] = [];
  let i = 0;
  while (i < lines.length) {
    if ((lines[i] as string).trim() !== BEGIN) {
      i++;
      continue;
    }
    i++;
    const headers: Array<[string, string]> = [];
    let body = '';
    let ended = false;
    let inHeaders = true;
    for (; i < lines.length; i++) {
      const line = (lines[i] as string).replace(/[ \t]+$/, '');
      if (line === END) {
        ended = true;
        i++;
        break;
      }
      if (line.length > MAX_LINE)
        throw new KeyImportError('corrupted', 'RFC 4716: line longer than 72 bytes');
      if (inHeaders && line.includes(':')) {
        let full = line;
        while (full.endsWith('\\')) {
          i++;
          const next = lines[i];
          if (next === undefined)
            throw new KeyImportError('truncated', 'RFC 4716: continued header at end of input');
          full = full.slice(0, -1) + next.replace(/[ \t]+$/, '');
        }
        const colon = full.indexOf(':');
        const tag = full.slice(0, colon);
        const value = full.slice(colon + 1).replace(/^[ \t]/, '');
        if (tag.length === 0 || tag.length > MAX_TAG || !/^[\x21-\x39\x3b-\x7e]+$/.test(tag)) {
          throw new KeyImportError('corrupted', 'RFC 4716: bad header tag');
        }
        if (value.length > MAX_VALUE)
          throw new KeyImportError('corrupted', 'RFC 4716: header value too long');
        headers.push([tag, value]);
        continue;
      }
      inHeaders = false;
      body += line.trim();
    }
    if (!ended) throw new KeyImportError('truncated', 'RFC 4716: no END line');
    let blob: Uint8Array;
    try {
      blob = decodeBase64(body);
    } catch (cause) {
      throw new KeyImportError('corrupted', 'RFC 4716: body is not base64', { cause });
    }
    const commentHeader = headers.find(([t]) => t.toLowerCase() === 'comment');
    let comment = commentHeader?.[1];
    if (comment !== undefined && comment.length >= 2 && comment.startsWith('"') && comment.endsWith('"')) {
      comment = comment.slice(1, -1);
    }
    out.push({ blob, headers, comment });
  }
  return out;
}

function wrapHeader(tag: string, value: string): string {
  // Split so each line stays within 72 bytes, continuation marked by '\'.
  let line = `${tag}: ${value}`;
  let out = '';
  while (new TextEncoder().encode(line).length > MAX_LINE) {
    let cut = MAX_LINE - 1;
    while (new TextEncoder().encode(line.slice(0, cut)).length > MAX_LINE - 1) cut--;
    out += `${line.slice(0, cut)}\\\n`;
    line = line.slice(cut);
  }
  return `${out}${line}\n`;
}

/** Formats a key blob as an RFC 4716 block with an optional quoted comment. */
export function formatRfc4716(blob: Uint8Array, comment: string | undefined): string {
  let out = `${BEGIN}\n`;
  if (comment) out += wrapHeader('Comment', `"${comment.replace(/"/g, "'")}"`);
  const b64 = encodeBase64(blob);
  for (let i = 0; i < b64.length; i += BODY_WIDTH) out += `${b64.slice(i, i + BODY_WIDTH)}\n`;
  return `${out}${END}\n`;
}
