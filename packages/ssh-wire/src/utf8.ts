import { WireError } from './errors.js';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes a string as UTF-8 bytes. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 strictly: RFC 4251 §5 says `string` fields holding text are
 * "encoded in ISO-10646 UTF-8", so malformed sequences are an error, not U+FFFD.
 * @throws WireError('invalid-utf8')
 */
export function decodeUtf8(bytes: Uint8Array, offset = 0): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new WireError('invalid-utf8', 'string is not valid UTF-8', offset);
  }
}
