// A chacha20-poly1305@openssh.com packet made by a real OpenSSH 9.2 sshd,
// recorded with its key by packages/ssh-transport/scripts/record-chacha-vector.mjs
// (our client with the transport's keylog option). The Poly1305 tag is
// OpenSSH's, so opening it checks both backends against OpenSSH itself.
import { describe, expect, it } from '@jest/globals';
import { getCipher } from '../src/cipher/index.js';
import { getCipher as getNodeCipher } from '../src/cipher/index.node.js';
import { createPacketOpener } from '../src/cipher/packet.js';
import { CryptoError } from '../src/errors.js';
import { loadVectors } from './backend-compliance.js';

interface Capture {
  readonly key: string;
  readonly seq: number;
  readonly stream: string;
}

const capture = loadVectors<Capture>('openssh/chacha20-poly1305-sshd.json');
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe.each([
  ['noble', getCipher],
  ['node', getNodeCipher],
] as const)('an sshd packet opened by the %s backend', (_name, lookup) => {
  function open(stream: Uint8Array) {
    const opener = createPacketOpener({
      cipher: lookup('chacha20-poly1305@openssh.com'),
      key: fromHex(capture.key),
      iv: new Uint8Array(0),
    });
    const length = opener.packetLength(capture.seq, stream.subarray(0, opener.headerLength));
    const packet = stream.slice(0, 4 + length + opener.trailerLength);
    const body = opener.open(capture.seq, packet);
    const padding = body[0] as number;
    return body.subarray(1, length - padding);
  }

  it('decrypts to SSH_MSG_EXT_INFO with server-sig-algs', () => {
    const payload = open(fromHex(capture.stream));
    expect(payload[0]).toBe(7);
    expect(Buffer.from(payload).toString('latin1')).toContain('server-sig-algs');
  });

  it('rejects the packet with one bit of OpenSSH tag flipped', () => {
    const stream = fromHex(capture.stream);
    const opener = createPacketOpener({
      cipher: lookup('chacha20-poly1305@openssh.com'),
      key: fromHex(capture.key),
      iv: new Uint8Array(0),
    });
    const length = opener.packetLength(capture.seq, stream.subarray(0, 4));
    const packet = stream.slice(0, 4 + length + 16);
    packet[packet.length - 1] = (packet[packet.length - 1] as number) ^ 1;
    let error: unknown;
    try {
      opener.open(capture.seq, packet);
    } catch (e) {
      error = e;
    }
    expect(CryptoError.isInstance(error) && (error as CryptoError).kind).toBe('bad-tag');
  });
});
