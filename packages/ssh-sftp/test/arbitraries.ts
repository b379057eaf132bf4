import fc from 'fast-check';
import type { SFTPAttrs } from '../src/attrs.js';
import type { SFTPPacket } from '../src/packets.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bytes = fc.uint8Array({ maxLength: 64 });
const text = fc.string({ maxLength: 24, unit: 'grapheme' });

const attrs: fc.Arbitrary<SFTPAttrs> = fc
  .record(
    {
      size: u64,
      ids: fc.tuple(u32, u32),
      permissions: u32,
      times: fc.tuple(u32, u32),
      extended: fc.array(fc.tuple(text, bytes), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .map((r) => {
    const a: SFTPAttrs = {};
    if (r.size !== undefined) a.size = r.size;
    if (r.ids) [a.uid, a.gid] = r.ids;
    if (r.permissions !== undefined) a.permissions = r.permissions;
    if (r.times) [a.atime, a.mtime] = r.times;
    if (r.extended) a.extended = r.extended;
    return a;
  });

const ext = fc.array(fc.tuple(text, text), { maxLength: 4 });

export const packetArb: fc.Arbitrary<SFTPPacket> = fc.oneof(
  fc.record({ type: fc.constantFrom('init' as const, 'version' as const), version: u32, extensions: ext }),
  fc.record({ type: fc.constant('open' as const), id: u32, path: text, pflags: u32, attrs }),
  fc.record({
    type: fc.constantFrom('close' as const, 'fstat' as const, 'readdir' as const),
    id: u32,
    handle: bytes,
  }),
  fc.record({ type: fc.constant('read' as const), id: u32, handle: bytes, offset: u64, length: u32 }),
  fc.record({ type: fc.constant('write' as const), id: u32, handle: bytes, offset: u64, data: bytes }),
  fc.record({
    type: fc.constantFrom(
      'lstat' as const,
      'stat' as const,
      'opendir' as const,
      'remove' as const,
      'rmdir' as const,
      'realpath' as const,
      'readlink' as const,
    ),
    id: u32,
    path: text,
  }),
  fc.record({ type: fc.constantFrom('setstat' as const, 'mkdir' as const), id: u32, path: text, attrs }),
  fc.record({ type: fc.constant('fsetstat' as const), id: u32, handle: bytes, attrs }),
  fc.record({ type: fc.constant('rename' as const), id: u32, oldPath: text, newPath: text }),
  fc.record({ type: fc.constant('symlink' as const), id: u32, targetPath: text, linkPath: text }),
  fc.record({ type: fc.constant('status' as const), id: u32, code: u32, message: text, lang: text }),
  fc.record({ type: fc.constant('handle' as const), id: u32, handle: bytes }),
  fc.record({ type: fc.constant('data' as const), id: u32, data: bytes }),
  fc.record({
    type: fc.constant('name' as const),
    id: u32,
    names: fc.array(fc.record({ filename: text, longname: text, attrs }), { maxLength: 4 }),
  }),
  fc.record({ type: fc.constant('attrs' as const), id: u32, attrs }),
  fc.record({ type: fc.constant('extended' as const), id: u32, request: text, data: bytes }),
  fc.record({ type: fc.constant('extended-reply' as const), id: u32, data: bytes }),
);
