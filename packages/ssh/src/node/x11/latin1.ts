// X11 and libXau treat their text fields as bytes; Latin-1 maps every byte
// value to one character and back, so any field round-trips.

/** `text` as bytes; TypeError for a character above U+00FF. */
export function latin1Bytes(text: string, what: string): Uint8Array {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.toString('latin1') !== text)
    throw new TypeError(`${what} is not Latin-1: ${JSON.stringify(text)}`);
  return new Uint8Array(bytes);
}

/** `bytes` as text, one character per byte. */
export function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
