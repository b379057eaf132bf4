// The noble and node backends produce byte-identical packets for every
// cipher × MAC, and each opens what the other sealed.
import { describe, expect, test } from '@jest/globals';
import { nobleBackend } from '../src/backend/noble.js';
import { nodeBackend } from '../src/backend/node.node.js';
import {
  createPacketOpener,
  createPacketSealer,
  type PacketProtectionOptions,
} from '../src/cipher/packet.js';
import { createCipherRegistry, supportedCiphers } from '../src/cipher/registry.js';
import { createMacRegistry, supportedMacs } from '../src/mac/registry.js';
import { toHex } from './backend-compliance.js';
import { buildPacket, pairings } from './cipher-helpers.js';

const NOBLE = { ciphers: createCipherRegistry(nobleBackend), macs: createMacRegistry(nobleBackend) };
const NODE = { ciphers: createCipherRegistry(nodeBackend), macs: createMacRegistry(nodeBackend) };
type Reg = typeof NOBLE;

const PAIRS = pairings(
  supportedCiphers(),
  [undefined, ...supportedMacs()] as never,
  (c) => NOBLE.ciphers.get(c as never)?.aead === true,
);
const KEY = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
const IV = Uint8Array.from({ length: 16 }, (_, i) => 0xf0 + i);
const MAC_KEY = Uint8Array.from({ length: 64 }, (_, i) => (i * 13 + 5) & 0xff);

function options(reg: Reg, cipher: string, mac: string | undefined): PacketProtectionOptions {
  const c = reg.ciphers.get(cipher as never);
  if (c === undefined) throw new Error(cipher);
  const m = mac === undefined ? undefined : reg.macs.get(mac as never);
  return {
    cipher: c,
    key: KEY.subarray(0, c.keyLength),
    iv: IV.subarray(0, c.ivLength),
    mac: m,
    macKey: m === undefined ? undefined : MAC_KEY.subarray(0, m.keyLength),
  };
}

describe('noble ↔ node interchange', () => {
  test.each(PAIRS)('$cipher + $mac', ({ cipher, mac }) => {
    const sealers = [
      createPacketSealer(options(NOBLE, cipher, mac)),
      createPacketSealer(options(NODE, cipher, mac)),
    ];
    const openers = [
      createPacketOpener(options(NODE, cipher, mac)),
      createPacketOpener(options(NOBLE, cipher, mac)),
    ];
    // Several packets, so stateful parts (CTR counter, CBC chain, GCM invocation counter) are exercised.
    for (const [i, size] of [0, 17, 1000, 32768].entries()) {
      const payload = Uint8Array.from({ length: size }, (_, j) => (j * 7 + i) & 0xff);
      const seq = 0xfffffffe + i;
      const sealed = sealers.map((s) => {
        const { packet } = buildPacket(payload, s);
        s.seal(seq >>> 0, packet);
        return packet;
      });
      expect(toHex(sealed[0] as Uint8Array)).toBe(toHex(sealed[1] as Uint8Array));
      sealed.forEach((packet, k) => {
        const opener = openers[k];
        if (opener === undefined) throw new Error('opener');
        const reference = buildPacket(payload, opener).packet;
        const length = opener.packetLength(seq >>> 0, packet.subarray(0, opener.headerLength));
        expect(4 + length + opener.trailerLength).toBe(packet.length);
        const body = opener.open(seq >>> 0, packet);
        expect(toHex(body)).toBe(toHex(reference.subarray(4, 4 + length)));
      });
    }
  });
});
