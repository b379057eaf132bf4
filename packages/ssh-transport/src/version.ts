import { ProtocolError, ProtocolNotSupported } from './errors.js';

/** RFC 4253 §4.2: "The maximum length of the string is 255 characters, including the Carriage Return and Line Feed." */
export const MAX_VERSION_LINE = 255;
/** Lines a server may send before its version line; OpenSSH's client stops after 1024 as well. */
export const MAX_PRE_BANNER_LINES = 1024;
/** Longest line accepted before the version line (OpenSSH reads them into an 8 KiB buffer). */
export const MAX_PRE_BANNER_LINE = 8192;

/** The peer's identification string, split into its parts. */
export interface PeerVersion {
  /** The whole line, without CR LF. */
  readonly raw: string;
  readonly protoVersion: string;
  readonly softwareVersion: string;
  readonly comments: string;
  /** Lines the server sent before its version line (client side only). */
  readonly preBanner: readonly string[];
}

/**
 * Builds our identification line (with CR LF).
 * @throws RangeError if the software version has spaces or '-' is missing or the line is too long
 */
export function formatVersionLine(softwareVersion: string, comments = ''): string {
  if (!/^[\x21-\x2c\x2e-\x7e]+$/.test(softwareVersion)) {
    throw new RangeError('softwareVersion must be printable US-ASCII without spaces or minus signs');
  }
  const line = `SSH-2.0-${softwareVersion}${comments ? ` ${comments}` : ''}\r\n`;
  if (line.length > MAX_VERSION_LINE) throw new RangeError('identification line longer than 255 characters');
  return line;
}

export function parseVersionLine(line: string, preBanner: readonly string[] = []): PeerVersion {
  const m = /^SSH-([^-\s]+)-([^\s]+)(?: (.*))?$/.exec(line);
  if (!m) throw new ProtocolError(`invalid SSH identification string: ${JSON.stringify(line.slice(0, 80))}`);
  const protoVersion = m[1] as string;
  // RFC 4253 §5.1: a server that also speaks 1.x identifies as "1.99"; both mean SSH-2 here.
  if (protoVersion !== '2.0' && protoVersion !== '1.99') {
    throw new ProtocolNotSupported(`unsupported SSH protocol version ${protoVersion}`);
  }
  return { raw: line, protoVersion, softwareVersion: m[2] as string, comments: m[3] ?? '', preBanner };
}

/** What {@link VersionExchange.feed} found so far. */
export type VersionProgress =
  | { readonly done: false }
  | { readonly done: true; readonly version: PeerVersion; readonly rest: Uint8Array };

/**
 * Reads the peer's identification (RFC 4253 §4.2) from the first bytes of the
 * stream, sans I/O: feed it chunks until it is done; the bytes after the
 * version line are the start of the binary packet protocol. A client accepts
 * bounded banner lines before the version line; a server accepts none.
 */
export class VersionExchange {
  private buffered = new Uint8Array(0);
  private readonly preBanner: string[] = [];
  private finished = false;

  constructor(private readonly role: 'client' | 'server') {}

  /**
   * @throws ProtocolError for an over-long or malformed line, too many banner lines
   * @throws ProtocolNotSupported for a version other than 2.0 / 1.99
   */
  feed(chunk: Uint8Array): VersionProgress {
    if (this.finished) throw new Error('VersionExchange.feed after the version was read');
    const joined = new Uint8Array(this.buffered.length + chunk.length);
    joined.set(this.buffered);
    joined.set(chunk, this.buffered.length);
    let start = 0;
    for (;;) {
      const nl = joined.indexOf(0x0a, start);
      const limit = this.role === 'client' ? MAX_PRE_BANNER_LINE : MAX_VERSION_LINE;
      if (nl < 0) {
        if (joined.length - start > limit) throw new ProtocolError('identification line too long');
        this.buffered = joined.slice(start);
        return { done: false };
      }
      const end = nl > start && joined[nl - 1] === 0x0d ? nl - 1 : nl;
      const line = latin1(joined.subarray(start, end));
      start = nl + 1;
      if (line.startsWith('SSH-')) {
        if (line.length + 2 > MAX_VERSION_LINE) {
          throw new ProtocolError('identification line longer than 255 characters');
        }
        this.finished = true;
        return { done: true, version: parseVersionLine(line, this.preBanner), rest: joined.slice(start) };
      }
      if (this.role === 'server')
        throw new ProtocolError('client sent data before its identification string');
      if (line.length > MAX_PRE_BANNER_LINE) throw new ProtocolError('banner line too long');
      if (this.preBanner.length >= MAX_PRE_BANNER_LINES)
        throw new ProtocolError('too many banner lines before the version');
      this.preBanner.push(line);
    }
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
