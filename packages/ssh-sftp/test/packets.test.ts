import { describe, expect, it } from '@jest/globals';
import { WireError } from '@sshkit/ssh-wire';
import { SFTPError } from '../src/errors.js';
import { componentMatcher } from '../src/fnmatch.js';
import { MAX_PACKET_LENGTH, PacketDecoder } from '../src/framing.js';
import { decodeLimits, decodePacket, encodeLimits, encodePacket, peekRequestId } from '../src/packets.js';
import { FX_BAD_MESSAGE, FX_NO_SUCH_FILE, sftpPacketName, sftpStatusName } from '../src/protocol-numbers.js';
import { formatLongname, modeString } from '../src/server/longname.js';
import { hex } from './helpers.js';

const unhex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

describe('packet encoding (draft-02 layouts)', () => {
  it('encodes INIT as uint32 length, byte 1, uint32 version', () => {
    expect(hex(encodePacket({ type: 'init', version: 3, extensions: [] }))).toBe('000000050100000003');
  });

  it('encodes VERSION with extension pairs', () => {
    const frame = encodePacket({ type: 'version', version: 3, extensions: [['a@b', '1']] });
    expect(hex(frame)).toBe('000000110200000003' + '00000003614062' + '0000000131');
  });

  it('encodes OPEN with pflags and ATTRS (flags, permissions)', () => {
    const frame = encodePacket({
      type: 'open',
      id: 7,
      path: '/x',
      pflags: 0x1a,
      attrs: { permissions: 0o644 },
    });
    expect(hex(frame)).toBe(
      '00000017' + '03' + '00000007' + '000000022f78' + '0000001a' + '00000004' + '000001a4',
    );
  });

  it('encodes SYMLINK target first (OpenSSH order, PROTOCOL §4.1)', () => {
    const frame = encodePacket({ type: 'symlink', id: 1, targetPath: 'T', linkPath: 'L' });
    expect(hex(frame)).toBe('0000000f' + '14' + '00000001' + '0000000154' + '000000014c');
  });

  it('encodes every ATTRS field in draft order', () => {
    const frame = encodePacket({
      type: 'attrs',
      id: 2,
      attrs: {
        size: 0x1_0000_0002,
        uid: 1,
        gid: 2,
        permissions: 3,
        atime: 4,
        mtime: 5,
        extended: [['e', unhex('ff')]],
      },
    });
    expect(hex(frame.subarray(9))).toBe(
      '8000000f' +
        '0000000100000002' +
        '0000000100000002' +
        '00000003' +
        '0000000400000005' +
        '00000001' +
        '0000000165' +
        '00000001ff',
    );
  });

  it('decodes STATUS with and without message/lang', () => {
    const full = decodePacket(unhex('65' + '00000009' + '00000002' + '000000026e6f' + '00000000'));
    expect(full).toEqual({ type: 'status', id: 9, code: FX_NO_SUCH_FILE, message: 'no', lang: '' });
    const bare = decodePacket(unhex('65' + '00000009' + '00000001'));
    expect(bare).toEqual({ type: 'status', id: 9, code: 1, message: '', lang: '' });
  });

  it('decodes OpenSSH-style extended requests and limits replies', () => {
    const frame = encodePacket({
      type: 'extended',
      id: 3,
      request: 'limits@openssh.com',
      data: new Uint8Array(0),
    });
    expect(decodePacket(frame.subarray(4))).toEqual({
      type: 'extended',
      id: 3,
      request: 'limits@openssh.com',
      data: new Uint8Array(0),
    });
    const limits = {
      maxPacketLength: 262144,
      maxReadLength: 261120,
      maxWriteLength: 261120,
      maxOpenHandles: 0,
    };
    expect(decodeLimits(encodeLimits(limits))).toEqual(limits);
  });

  it('rejects unknown types, unknown attribute flags, truncation and trailing bytes', () => {
    const t = (() => {
      try {
        decodePacket(unhex('63000000010000'));
      } catch (e) {
        return e;
      }
    })();
    expect(SFTPError.isInstance(t) && t.code).toBe(FX_BAD_MESSAGE);
    expect(() => decodePacket(unhex('69' + '00000001' + '00000010'))).toThrow(SFTPError);
    expect(() => decodePacket(unhex('07' + '00000001' + '00000005' + '2f'))).toThrow(WireError);
    expect(() => decodePacket(unhex('07' + '00000001' + '000000012f' + '00'))).toThrow(WireError);
    expect(() => decodePacket(new Uint8Array(0))).toThrow(WireError);
  });

  it('rejects invalid arguments at the encoder with RangeError/TypeError', () => {
    expect(() =>
      encodePacket({ type: 'read', id: 1, handle: new Uint8Array(4), offset: -1, length: 1 }),
    ).toThrow(RangeError);
    expect(() => encodePacket({ type: 'setstat', id: 1, path: '/', attrs: { uid: 1 } })).toThrow(TypeError);
    expect(() => encodePacket({ type: 'stat', id: 2 ** 32, path: '/' })).toThrow(RangeError);
  });

  it('peeks request ids', () => {
    expect(peekRequestId(unhex('07' + '0000002a'))).toBe(42);
    expect(peekRequestId(unhex('01' + '00000003'))).toBeUndefined();
    expect(peekRequestId(unhex('07'))).toBeUndefined();
  });

  it('names packet types and status codes', () => {
    expect(sftpPacketName(3)).toBe('SSH_FXP_OPEN');
    expect(sftpPacketName(99)).toBe('unknown (99)');
    expect(sftpStatusName(2)).toBe('SSH_FX_NO_SUCH_FILE');
    expect(sftpStatusName(8)).toBe('SSH_FX_OP_UNSUPPORTED');
    expect(new SFTPError(2, 'x').name).toBe('SFTPError');
  });
});

describe('PacketDecoder', () => {
  const frames = [
    encodePacket({ type: 'init', version: 3, extensions: [] }),
    encodePacket({ type: 'data', id: 1, data: new Uint8Array(1000).fill(7) }),
    encodePacket({ type: 'stat', id: 2, path: '/etc' }),
  ];
  const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    all.set(f, at);
    at += f.length;
  }

  it.each([1, 2, 3, 5, 7, 64, 1000, all.length])('reassembles packets fed in %i-byte chunks', (size) => {
    const d = new PacketDecoder();
    const out: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += size) out.push(...d.feed(all.slice(i, i + size)));
    expect(out.map(hex)).toEqual(frames.map((f) => hex(f.subarray(4))));
    expect(d.buffered).toBe(0);
  });

  it('refuses packets longer than the limit and stays failed', () => {
    const d = new PacketDecoder();
    const len = MAX_PACKET_LENGTH + 1;
    const bad = Uint8Array.of(len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255);
    expect(() => d.feed(bad)).toThrow(WireError);
    expect(() => d.feed(frames[0] as Uint8Array)).toThrow(WireError);
  });

  it('refuses a zero length', () => {
    expect(() => new PacketDecoder().feed(Uint8Array.of(0, 0, 0, 0))).toThrow(WireError);
  });
});

describe('longnames and glob patterns', () => {
  it('formats ls -l mode strings', () => {
    expect(modeString(0o40755)).toBe('drwxr-xr-x');
    expect(modeString(0o104755)).toBe('-rwsr-xr-x');
    expect(modeString(0o41777)).toBe('drwxrwxrwt');
    expect(modeString(0o120777)).toBe('lrwxrwxrwx');
    expect(modeString(0o102644)).toBe('-rw-r-Sr--');
    expect(modeString(undefined)).toBe('?---------');
  });

  it('formats recent and old dates like OpenSSH ls_file', () => {
    const now = Date.UTC(2024, 5, 15) / 1000;
    const recent = formatLongname(
      'f',
      { size: 12, uid: 1, gid: 2, permissions: 0o100644, mtime: now - 3600 },
      now,
    );
    expect(recent).toBe('-rw-r--r--   1 1        2              12 Jun 14 23:00 f');
    const old = formatLongname('g', { permissions: 0o100600, mtime: Date.UTC(2020, 0, 2) / 1000 }, now);
    expect(old).toBe('-rw-------   1 ?        ?               0 Jan  2  2020 g');
  });

  it('compiles fnmatch components', () => {
    expect(componentMatcher('*.txt')('a.txt')).toBe(true);
    expect(componentMatcher('*.txt')('a.txt.bak')).toBe(false);
    expect(componentMatcher('a?c')('abc')).toBe(true);
    expect(componentMatcher('[a-c]x')('bx')).toBe(true);
    expect(componentMatcher('[!a-c]x')('bx')).toBe(false);
    expect(componentMatcher('[]]')(']')).toBe(true);
    expect(componentMatcher('a.b(c)')('a.b(c)')).toBe(true);
    expect(componentMatcher('a.b')('axb')).toBe(false);
    expect(componentMatcher('[unclosed')('[unclosed')).toBe(true);
    // Without escapes a backslash is itself; a leading dot is matched by wildcards (AsyncSSH's glob).
    expect(componentMatcher('a\\b')('a\\b')).toBe(true);
    expect(componentMatcher('*rc')('.bashrc')).toBe(true);
    expect(componentMatcher('*rc', { hiddenNeedsDot: true })('.bashrc')).toBe(false);
    expect(componentMatcher('a\\*', { escapes: true })('a*')).toBe(true);
    expect(componentMatcher('a\\*', { escapes: true })('ab')).toBe(false);
  });

  it('matches in linear time: stars against a long name cannot backtrack without end', () => {
    // A backtracking RegExp takes minutes on this; the matcher answers at once (jest's timeout is the check).
    const name = 'a'.repeat(5000);
    expect(componentMatcher('*a*a*a*a*a*a*a*b')(name)).toBe(false);
    expect(componentMatcher('*a*a*a*a*a*a*a*a')(name)).toBe(true);
  });
});

describe('PacketDecoder buffer reuse', () => {
  const frame = (length: number, fill: number): Uint8Array => {
    const f = new Uint8Array(4 + length).fill(fill);
    new DataView(f.buffer).setUint32(0, length);
    return f;
  };

  it('assembles a split packet in a recycled buffer, and only once per recycle', () => {
    const d = new PacketDecoder();
    const a = frame(100_000, 1);
    const [p1] = [...d.feed(a.subarray(0, 50_000)), ...d.feed(a.subarray(50_000))];
    expect(p1?.length).toBe(100_000);
    d.recycle(p1 as Uint8Array);
    d.recycle(p1 as Uint8Array); // a second recycle of the same buffer is ignored
    const b = frame(90_000, 2);
    const [p2] = [...d.feed(b.subarray(0, 10)), ...d.feed(b.subarray(10))];
    const c = frame(90_000, 3);
    const [p3] = [...d.feed(c.subarray(0, 10)), ...d.feed(c.subarray(10))];
    expect(p2?.buffer).toBe(p1?.buffer);
    expect(p3?.buffer).not.toBe(p1?.buffer);
    expect(p2?.every((x) => x === 2)).toBe(true);
    expect(p3?.every((x) => x === 3)).toBe(true);
  });

  it('forgets a buffer recycled while the pool is full, so a repeat recycle cannot pool it', () => {
    const d = new PacketDecoder();
    const split = (fill: number): Uint8Array => {
      const f = frame(20_000, fill);
      const [p] = [...d.feed(f.subarray(0, 10)), ...d.feed(f.subarray(10))];
      return p as Uint8Array;
    };
    const assembled = Array.from({ length: 65 }, (_, i) => split(i));
    for (const p of assembled) d.recycle(p); // the pool keeps 64; the last goes to the GC
    const dropped = assembled[64] as Uint8Array;
    const reused = Array.from({ length: 64 }, (_, i) => split(100 + i)); // drains the pool
    expect(reused.some((p) => p.buffer === dropped.buffer)).toBe(false);
    d.recycle(dropped); // a caller's second recycle of the dropped buffer
    expect(split(200).buffer).not.toBe(dropped.buffer);
  });

  it('ignores payloads it did not assemble (views into fed chunks)', () => {
    const d = new PacketDecoder();
    const whole = frame(70_000, 4);
    const [p] = d.feed(whole);
    expect(p?.buffer).toBe(whole.buffer);
    d.recycle(p as Uint8Array);
    const next = frame(70_000, 5);
    const [q] = [...d.feed(next.subarray(0, 3)), ...d.feed(next.subarray(3))];
    expect(q?.buffer).not.toBe(whole.buffer);
    expect(whole[4]).toBe(4);
  });
});
