/**
 * The scp wire format (OpenSSH `scp.c`): control records, responses and
 * error lines, and the checks a sink applies to records from an untrusted
 * source.
 */
import { SFTPError } from '../errors.js';
import { decodePath, encodePath } from '../path-bytes.js';
import { FX_BAD_MESSAGE, FX_FAILURE } from '../protocol-numbers.js';
import type { SCPChannel } from './channel.js';
import { SCP_MAX_LINE_LENGTH } from './types.js';

/** A record a source sends. */
export type SCPRecord =
  | { type: 'C' | 'D'; mode: number; size: number; name: string }
  | { type: 'T'; mtime: number; atime: number }
  | { type: 'E' }
  | { type: 'error'; fatal: boolean; message: string };

/** The `\0` response: ok. */
export const OK = Uint8Array.of(0);

/** Errors this package raised for a peer's protocol violation (to tell the peer before giving up). */
const raisedHere = new WeakSet<SFTPError>();

/** SFTPError(FX_BAD_MESSAGE) for a violation of the protocol by the peer. */
export function protocolError(why: string): SFTPError {
  const e = new SFTPError(FX_BAD_MESSAGE, `protocol error: ${why}`);
  raisedHere.add(e);
  return e;
}

/** True for an error from {@link protocolError}. */
export function isProtocolError(e: unknown): e is SFTPError {
  return e instanceof SFTPError && raisedHere.has(e);
}

/**
 * Runs one side of a transfer; when the peer broke the protocol, tells it
 * (`\x02scp: protocol error: ...`, without waiting) before rejecting.
 */
export async function guarded<T>(channel: SCPChannel, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isProtocolError(e)) channel.sendQuietly(errorLine('', e.reason, true));
    throw e;
  }
}

/** A line's text with its newlines made visible, so it stays one line. */
function oneLine(text: string): string {
  return text.replace(/\n/g, '\\n');
}

/** `\x01scp: <path>: <reason>\n` (or `\x02...` when fatal). */
export function errorLine(path: string, reason: string, fatal = false): Uint8Array {
  const text = `scp: ${path === '' ? '' : `${path}: `}${reason}`;
  return encodePath(`${fatal ? '\x02' : '\x01'}${oneLine(text)}\n`);
}

/** `C<mode> <size> <name>\n` or `D<mode> 0 <name>\n`. */
export function entryLine(type: 'C' | 'D', mode: number, size: number, name: string): Uint8Array {
  const octal = (mode & 0o7777).toString(8).padStart(4, '0');
  return encodePath(`${type}${octal} ${type === 'D' ? 0 : size} ${name}\n`);
}

/** `T<mtime> 0 <atime> 0\n`. */
export function timesLine(mtime: number, atime: number): Uint8Array {
  return encodePath(`T${mtime} 0 ${atime} 0\n`);
}

/** `E\n`. */
export const END_LINE = Uint8Array.of(0x45, 0x0a);

/** Why `name` cannot be a received entry's name, or `undefined` when it can. */
export function badName(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `unexpected filename: "${name}"`;
  if (name.includes('/') || name.includes('\0')) return `unexpected filename: ${JSON.stringify(name)}`;
  return undefined;
}

const lenient = new TextDecoder();
const ENTRY = /^([CD])([0-7]{4}) (\d{1,16}) ([\s\S]*)$/;
const TIMES = /^T(\d{1,20}) (\d{1,6}) (\d{1,20}) (\d{1,6})$/;

/** The largest time an SFTP v3 attribute holds (uint32); OpenSSH ignores times out of range too. */
const MAX_TIME = 0xffffffff;

/**
 * Parses one line a source sent (without its `\n`).
 * @throws SFTPError(FX_BAD_MESSAGE) for anything but a well-formed record
 */
export function parseRecord(line: Uint8Array): SCPRecord {
  const first = line[0];
  if (first === 1 || first === 2) {
    return { type: 'error', fatal: first === 2, message: lenient.decode(line.subarray(1)) };
  }
  const text = decodePath(line);
  if (text === 'E') return { type: 'E' };
  if (first === 0x54) {
    const m = TIMES.exec(text);
    if (!m) throw protocolError('bad T record');
    const [mtime, mus, atime, aus] = m.slice(1).map(Number) as [number, number, number, number];
    if (mus > 999_999 || aus > 999_999) throw protocolError('bad T record');
    // Out of range: no times (-1), as OpenSSH sets none.
    return mtime > MAX_TIME || atime > MAX_TIME
      ? { type: 'T', mtime: -1, atime: -1 }
      : { type: 'T', mtime, atime };
  }
  if (first === 0x43 || first === 0x44) {
    const m = ENTRY.exec(text);
    if (!m) throw protocolError(`bad ${text[0]} record`);
    const size = Number(m[3]);
    if (size > Number.MAX_SAFE_INTEGER) throw protocolError('size out of range');
    const name = m[4] as string;
    const bad = badName(name);
    if (bad) throw protocolError(bad);
    return { type: m[1] as 'C' | 'D', mode: Number.parseInt(m[2] as string, 8), size, name };
  }
  throw protocolError('expected control record');
}

/**
 * Reads the next record, or `undefined` at a clean end of stream (between records).
 * @throws SFTPError(FX_BAD_MESSAGE) for a bad record; SFTPError(FX_CONNECTION_LOST) in the middle of one
 */
export async function readRecord(channel: SCPChannel): Promise<SCPRecord | undefined> {
  const first = await channel.byteOrEnd();
  if (first < 0) return undefined;
  if (first === 0x0a) throw protocolError('unexpected <newline>');
  const rest = await channel.line(SCP_MAX_LINE_LENGTH - 1);
  const line = new Uint8Array(rest.length + 1);
  line[0] = first;
  line.set(rest, 1);
  return parseRecord(line);
}

/**
 * Reads a response: `undefined` for `\0`, the message for `\x01`.
 * @throws SFTPError(FX_FAILURE) for `\x02` (fatal, its message the reason);
 *   SFTPError(FX_BAD_MESSAGE) for another byte; SFTPError(FX_CONNECTION_LOST) at end of stream
 */
export async function readResponse(channel: SCPChannel): Promise<string | undefined> {
  const b = await channel.byte();
  if (b === 0) return undefined;
  if (b !== 1 && b !== 2)
    throw protocolError(`unexpected response byte 0x${b.toString(16).padStart(2, '0')}`);
  const message = lenient.decode(await channel.line(SCP_MAX_LINE_LENGTH - 1));
  if (b === 2) throw new SFTPError(FX_FAILURE, message);
  return message;
}
