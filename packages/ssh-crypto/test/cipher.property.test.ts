// Round trips and tamper tests for every cipher × MAC over random packets and
// sequence numbers, sealing with one backend and opening with either.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { nobleBackend } from '../src/backend/noble.js';
import { nodeBackend } from '../src/backend/node.node.js';
import type { CryptoBackend } from '../src/backend/types.js';
import {
  createPacketOpener,
  createPacketSealer,
  type PacketProtectionOptions,
} from '../src/cipher/packet.js';
import { createCipherRegistry, supportedCiphers } from '../src/cipher/registry.js';
import { CryptoError } from '../src/errors.js';
import { createMacRegistry, supportedMacs } from '../src/mac/registry.js';
import { toHex } from './backend-compliance.js';
import { buildPacket, pairings } from './cipher-helpers.js';

const BACKENDS: readonly CryptoBackend[] = [nobleBackend, nodeBackend];
const REG = BACKENDS.map((b) => ({ ciphers: createCipherRegistry(b), macs: createMacRegistry(b) }));
const noble = REG[0] as (typeof REG)[number];

const PAIRS = pairings(
  supportedCiphers(),
  supportedMacs(),
  (c) => noble.ciphers.get(c as never)?.aead === true,
);

function options(
  backend: number,
  cipher: string,
  mac: string | undefined,
  keys: { key: Uint8Array; iv: Uint8Array; macKey: Uint8Array },
): PacketProtectionOptions {
  const reg = REG[backend] as (typeof REG)[number];
  const c = reg.ciphers.get(cipher as never);
  if (c === undefined) throw new Error(cipher);
  const m = mac === undefined ? undefined : reg.macs.get(mac as never);
  return {
    cipher: c,
    key: keys.key.subarray(0, c.keyLength),
    iv: keys.iv.subarray(0, c.ivLength),
    mac: m,
    macKey: m === undefined ? undefined : keys.macKey.subarray(0, m.keyLength),
  };
}

const keysArb = fc.record({
  key: fc.uint8Array({ minLength: 64, maxLength: 64 }),
  iv: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  macKey: fc.uint8Array({ minLength: 64, maxLength: 64 }),
});
const packetsArb = fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 3 });

describe('cipher × MAC round trips across backends', () => {
  test.each(PAIRS)('$cipher + $mac', ({ cipher, mac }) => {
    fc.assert(
      fc.property(
        keysArb,
        packetsArb,
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 1 }),
        (keys, payloads, seq0, from, to) => {
          const sealer = createPacketSealer(options(from, cipher, mac, keys));
          const opener = createPacketOpener(options(to, cipher, mac, keys));
          payloads.forEach((payload, i) => {
            const seq = (seq0 + i) >>> 0;
            const { packet, packetLength } = buildPacket(payload, sealer);
            const plain = packet.slice(0, 4 + packetLength);
            sealer.seal(seq, packet);
            const head = packet.subarray(0, opener.headerLength);
            expect(opener.packetLength(seq, head)).toBe(packetLength);
            const body = opener.open(seq, packet);
            expect(toHex(body)).toBe(toHex(plain.subarray(4)));
          });
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('a flipped bit anywhere in a protected packet fails with a CryptoError', () => {
  const guarded = PAIRS.filter((p) => !(p.cipher === 'none' && p.mac === undefined));
  test.each(guarded)('$cipher + $mac', ({ cipher, mac }) => {
    const aead = noble.ciphers.get(cipher as never)?.aead === true;
    fc.assert(
      fc.property(
        keysArb,
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 1 }),
        (keys, payload, seq, where, bit, backend) => {
          const sealer = createPacketSealer(options(backend, cipher, mac, keys));
          const { packet } = buildPacket(payload, sealer);
          sealer.seal(seq, packet);
          const at = where % packet.length;
          packet[at] = (packet[at] as number) ^ (1 << bit);
          const opener = createPacketOpener(options(1 - backend, cipher, mac, keys));
          let error: unknown;
          try {
            opener.packetLength(seq, packet.subarray(0, opener.headerLength));
            opener.open(seq, packet);
          } catch (e) {
            error = e;
          }
          expect(CryptoError.isInstance(error) && error.kind).toBe(aead ? 'bad-tag' : 'bad-mac');
        },
      ),
      { numRuns: 12 },
    );
  });
});
