import { describe, expect, it } from '@jest/globals';
import {
  formatVersionLine,
  MAX_PRE_BANNER_LINES,
  ProtocolError,
  ProtocolNotSupported,
  VersionExchange,
} from '../src/index.js';

const ascii = (s: string) => new TextEncoder().encode(s);

function feedAll(vx: VersionExchange, text: string, chunk = text.length) {
  const bytes = ascii(text);
  let progress = vx.feed(new Uint8Array(0));
  for (let i = 0; i < bytes.length && !progress.done; i += chunk)
    progress = vx.feed(bytes.subarray(i, i + chunk));
  return progress;
}

describe('identification exchange (RFC 4253 §4.2)', () => {
  it('reads the version line and hands back the bytes after it', () => {
    const p = feedAll(new VersionExchange('client'), 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\x00\x00\x01');
    if (!p.done) throw new Error('expected done');
    expect(p.version.protoVersion).toBe('2.0');
    expect(p.version.softwareVersion).toBe('OpenSSH_9.2p1');
    expect(p.version.comments).toBe('Debian-2');
    expect(Array.from(p.rest)).toEqual([0, 0, 1]);
  });

  it('works one byte at a time and accepts a bare LF', () => {
    const p = feedAll(new VersionExchange('client'), 'hello\nSSH-2.0-x\n', 1);
    if (!p.done) throw new Error('expected done');
    expect(p.version.raw).toBe('SSH-2.0-x');
    expect(p.version.preBanner).toEqual(['hello']);
  });

  it('treats 1.99 as SSH-2 and rejects other versions', () => {
    expect(feedAll(new VersionExchange('client'), 'SSH-1.99-old\r\n').done).toBe(true);
    expect(() => feedAll(new VersionExchange('client'), 'SSH-1.5-old\r\n')).toThrow(ProtocolNotSupported);
  });

  it('lets a client skip banner lines, within a bound', () => {
    const lines = `${'banner\r\n'.repeat(MAX_PRE_BANNER_LINES)}SSH-2.0-x\r\n`;
    expect(feedAll(new VersionExchange('client'), lines).done).toBe(true);
    const tooMany = `${'banner\r\n'.repeat(MAX_PRE_BANNER_LINES + 1)}SSH-2.0-x\r\n`;
    expect(() => feedAll(new VersionExchange('client'), tooMany)).toThrow(ProtocolError);
  });

  it('makes a server refuse anything before the version line', () => {
    expect(() => feedAll(new VersionExchange('server'), 'GET / HTTP/1.1\r\n')).toThrow(ProtocolError);
  });

  it('bounds line lengths without waiting for a newline', () => {
    expect(() => new VersionExchange('server').feed(ascii(`SSH-2.0-${'a'.repeat(300)}`))).toThrow(
      ProtocolError,
    );
    expect(() => new VersionExchange('client').feed(ascii('x'.repeat(9000)))).toThrow(ProtocolError);
    expect(() => feedAll(new VersionExchange('client'), `SSH-2.0-${'a'.repeat(250)}\r\n`)).toThrow(
      ProtocolError,
    );
  });

  it('rejects a malformed version line', () => {
    expect(() => feedAll(new VersionExchange('client'), 'SSH-2.0\r\n')).toThrow(ProtocolError);
  });

  it('formats our own line', () => {
    expect(formatVersionLine('sshkit_0.1', 'test')).toBe('SSH-2.0-sshkit_0.1 test\r\n');
    expect(() => formatVersionLine('has space')).toThrow(RangeError);
  });
});
