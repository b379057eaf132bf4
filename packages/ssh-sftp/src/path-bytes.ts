/**
 * File names on the wire are bytes (draft-02 leaves their encoding to the
 * server; POSIX names are any bytes but `/` and NUL). Inside this package a
 * name is a string that maps to its bytes and back without loss, as Python's
 * `surrogateescape` does: valid UTF-8 decodes as usual, and each byte `b` that
 * is not part of a valid UTF-8 sequence becomes the lone surrogate
 * `U+DC00 + b` (`b` >= 0x80, so U+DC80-U+DCFF). Valid UTF-8 never decodes to a
 * lone surrogate, so `encodePath(decodePath(bytes))` is `bytes` for every
 * byte string, and plain text paths are unchanged.
 */

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** A low surrogate in the escape range that is not the second half of a pair. */
const ESCAPED = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** The text of valid UTF-8, or `undefined`. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** True when `path` holds escaped bytes, so its UTF-8 encoding is not its bytes. */
export function hasEscapedBytes(path: string): boolean {
  return ESCAPED.test(path);
}

/**
 * Bytes of a file name: UTF-8, except that each lone surrogate U+DC80-U+DCFF
 * stands for the byte `code - 0xDC00` (see the module notes). Other lone
 * surrogates become U+FFFD, as `TextEncoder` does.
 */
export function encodePath(path: string): Uint8Array {
  if (!hasEscapedBytes(path)) return encoder.encode(path);
  const out: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) {
      out.push(c - 0xdc00);
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = path.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (c >= 0xdc00 && c <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** Length of the valid UTF-8 sequence at `i`, or 0 (Unicode Table 3-7, well-formed sequences). */
function sequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const lo = lead === 0xe0 ? 0xa0 : 0x80;
    const hi = lead === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const lo = lead === 0xf0 ? 0x90 : 0x80;
    const hi = lead === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The string of a wire file name (see the module notes); never throws. */
export function decodePath(bytes: Uint8Array): string {
  const text = utf8Text(bytes);
  if (text !== undefined) return text;
  let out = '';
  let run = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    // Runs of valid sequences decode in one call; the bad byte is escaped.
    out += strict.decode(bytes.subarray(run, i)) + String.fromCharCode(0xdc00 + (bytes[i] as number));
    run = ++i;
  }
  return out + strict.decode(bytes.subarray(run));
}

/** A path argument: text, or the raw bytes of the name (AsyncSSH's `bytes` paths). */
export type SFTPPath = string | Uint8Array;

/** The internal (lossless string) form of a path argument. */
export function pathString(path: SFTPPath): string {
  return typeof path === 'string' ? path : decodePath(path);
}
