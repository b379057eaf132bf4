import { WireError } from './errors.js';

/**
 * Parses the body of an RFC 4251 §5 name-list: comma-separated US-ASCII names,
 * "A name MUST have a non-zero length, and it MUST NOT contain a comma".
 * @throws WireError('invalid-name-list')
 */
export function decodeNameList(body: Uint8Array, offset = 0): string[] {
  if (body.length === 0) return [];
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as number;
    if (c < 0x21 || c > 0x7e) {
      throw new WireError(
        'invalid-name-list',
        'name-list holds a byte that is not printable US-ASCII',
        offset + 4 + i,
      );
    }
    text += String.fromCharCode(c);
  }
  const names = text.split(',');
  if (names.some((n) => n.length === 0)) {
    throw new WireError('invalid-name-list', 'name-list holds an empty name', offset);
  }
  return names;
}

/**
 * Joins names into a name-list body.
 * @throws RangeError if a name is empty, has a comma or a non-ASCII byte
 */
export function encodeNameList(names: readonly string[]): string {
  for (const name of names) {
    if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(name))
      throw new RangeError(`encodeNameList: invalid name ${JSON.stringify(name)}`);
  }
  return names.join(',');
}
