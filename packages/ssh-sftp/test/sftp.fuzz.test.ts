import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeCopyData,
  decodeIdNames,
  decodeIdsRequest,
  encodeCopyData,
  encodeIdsRequest,
} from '../src/extensions.js';
import { PacketDecoder } from '../src/framing.js';
import { decodePacket, encodePacket } from '../src/packets.js';
import { FXP_STATUS } from '../src/protocol-numbers.js';
import { MemoryFileSystem } from '../src/server/memory-fs.js';
import { SFTPServer } from '../src/server/sftp-server.js';
import { packetArb } from './arbitraries.js';
import { enc, isSshkitError } from './helpers.js';

function onlySshkitErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isSshkitError(e)) throw e;
  }
}

async function readySession() {
  const fs = new MemoryFileSystem({ maxFileSize: 1 << 20 });
  await fs.mkdir('/d', {});
  await fs.writeFile('/d/f', enc('content'));
  const session = new SFTPServer(fs).createSession();
  const version = await session.receive(
    encodePacket({ type: 'init', version: 3, extensions: [] }).subarray(4),
  );
  expect(version).toBeDefined();
  return session;
}

describe('fuzz: untrusted bytes only produce WireError/SFTPError', () => {
  it('decodePacket on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => onlySshkitErrors(() => decodePacket(b))),
      { numRuns: 5000 },
    );
  });

  it('decodePacket on random bodies behind every type byte', () => {
    const types = [
      1,
      2,
      ...Array.from({ length: 20 }, (_, i) => i + 1),
      101,
      102,
      103,
      104,
      105,
      200,
      201,
      0,
      255,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 120 }), (t, body) =>
        onlySshkitErrors(() => decodePacket(Uint8Array.of(t, ...body))),
      ),
      { numRuns: 5000 },
    );
  });

  it('decodePacket on mutated valid packets', () => {
    fc.assert(
      fc.property(
        packetArb,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 255 }),
        (p, at, v) => {
          const payload = encodePacket(p).slice(4);
          payload[at % payload.length] = v;
          onlySshkitErrors(() => decodePacket(payload));
          onlySshkitErrors(() => decodePacket(payload.subarray(0, at % payload.length)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('PacketDecoder on random streams', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 10 }), (chunks) => {
        const d = new PacketDecoder(1024);
        onlySshkitErrors(() => {
          for (const c of chunks) for (const p of d.feed(c)) onlySshkitErrors(() => decodePacket(p));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('the server answers random payloads and keeps answering valid requests', async () => {
    const session = await readySession();
    const types = [...Array.from({ length: 21 }, (_, i) => i), 101, 105, 200, 201, 77];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        fc.uint8Array({ minLength: 0, maxLength: 80 }),
        async (t, body) => {
          const reply = await session.receive(Uint8Array.of(t, ...body));
          if (reply !== undefined) expect(() => decodePacket(reply.subarray(4))).not.toThrow();
          const ok = await session.receive(encodePacket({ type: 'stat', id: 77, path: '/d/f' }).subarray(4));
          expect(ok && decodePacket(ok.subarray(4))).toMatchObject({
            type: 'attrs',
            id: 77,
            attrs: { size: 7 },
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('the server answers random well-formed requests with one reply each', async () => {
    const session = await readySession();
    await fc.assert(
      fc.asyncProperty(packetArb, async (p) => {
        const reply = await session.receive(encodePacket(p).subarray(4));
        if ('id' in p) {
          expect(reply).toBeDefined();
          const r = decodePacket((reply as Uint8Array).subarray(4));
          expect('id' in r && r.id).toBe(p.id);
        }
      }),
      { numRuns: 1500 },
    );
    expect(session.openHandles).toBeLessThanOrEqual(512);
  });

  it('extension body decoders on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        onlySshkitErrors(() => decodeCopyData(b));
        onlySshkitErrors(() => decodeIdsRequest(b));
        onlySshkitErrors(() => decodeIdNames(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('the server answers random and mutated copy-data, home-directory, users-groups-by-id, expand-path', async () => {
    const session = await readySession();
    const handleOf = async (id: number, path: string, pflags: number): Promise<Uint8Array> => {
      const r = await session.receive(
        encodePacket({ type: 'open', id, path, pflags, attrs: {} }).subarray(4),
      );
      const p = decodePacket((r as Uint8Array).subarray(4));
      if (p.type !== 'handle') throw new Error(`open failed: ${JSON.stringify(p)}`);
      return p.handle;
    };
    const src = await handleOf(1, '/d/f', 1);
    const dst = await handleOf(2, '/d/g', 0x1a);
    const valid: [string, Uint8Array][] = [
      [
        'copy-data',
        encodeCopyData({ readHandle: src, readOffset: 0, readLength: 0, writeHandle: dst, writeOffset: 0 }),
      ],
      ['users-groups-by-id@openssh.com', encodeIdsRequest({ uids: [0, 1], gids: [2] })],
      ['home-directory', enc('\x00\x00\x00\x00')],
      ['expand-path@openssh.com', enc('\x00\x00\x00\x03~/d')],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: valid.length - 1 }),
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }).map((b) => ({ raw: b })),
          fc.record({ at: fc.nat(), v: fc.integer({ min: 0, max: 255 }), cut: fc.boolean() }),
        ),
        async (which, how) => {
          const [name, body] = valid[which] as [string, Uint8Array];
          let data: Uint8Array;
          if ('raw' in how) data = how.raw;
          else {
            data = body.slice();
            const at = how.at % Math.max(1, data.length);
            if (how.cut) data = data.subarray(0, at);
            else if (data.length > 0) data[at] = how.v;
          }
          const reply = await session.receive(
            encodePacket({ type: 'extended', id: 9, request: name, data }).subarray(4),
          );
          expect(reply).toBeDefined();
          const r = decodePacket((reply as Uint8Array).subarray(4));
          expect('id' in r && r.id).toBe(9);
          const ok = await session.receive(encodePacket({ type: 'stat', id: 77, path: '/d/f' }).subarray(4));
          expect(ok && decodePacket(ok.subarray(4))).toMatchObject({
            type: 'attrs',
            id: 77,
            attrs: { size: 7 },
          });
        },
      ),
      { numRuns: 1500 },
    );
    // The valid requests still work after all that.
    for (const [name, data] of valid) {
      const reply = await session.receive(
        encodePacket({ type: 'extended', id: 10, request: name, data }).subarray(4),
      );
      const r = decodePacket((reply as Uint8Array).subarray(4));
      expect(r.type === 'status' ? r.code : 0).toBe(0);
    }
  });

  it('answers a request before INIT with a status, not a crash', async () => {
    const session = new SFTPServer(new MemoryFileSystem()).createSession();
    const reply = await session.receive(encodePacket({ type: 'stat', id: 5, path: '/' }).subarray(4));
    expect(reply?.[4]).toBe(FXP_STATUS);
    expect(decodePacket((reply as Uint8Array).subarray(4))).toMatchObject({ type: 'status', id: 5, code: 5 });
  });
});
