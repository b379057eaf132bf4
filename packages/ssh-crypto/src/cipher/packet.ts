// The per-packet call pattern of RFC 4253 §6 for every cipher × MAC pairing,
// on the transport's buffer (sealing in place; opening may hand back the
// decrypted body in a fresh buffer instead):
//
//   AEAD (chacha20-poly1305, aes-gcm): cipher.seal / decryptLength + open; the MAC is ignored.
//   -etm MAC: encrypt body (length stays clear), MAC(seq || length || ciphertext).
//   classic MAC: MAC(seq || plaintext packet), then encrypt the whole packet;
//     reading, decrypt the first block to learn the length, then the rest, then verify.
import { CryptoError } from '../errors.js';
import type { MacSpec, MacState } from '../mac/types.js';
import type { AeadCipherState, CipherSpec, Direction, StreamCipherState } from './types.js';

const LENGTH_FIELD = 4;

/** What a sealer or opener is built from: the negotiated algorithms and derived keys. */
export interface PacketProtectionOptions {
  /** The negotiated cipher. */
  readonly cipher: CipherSpec;
  /** `cipher.keyLength` bytes. */
  readonly key: Uint8Array;
  /** `cipher.ivLength` bytes. */
  readonly iv: Uint8Array;
  /** The negotiated MAC; ignored for AEAD ciphers; omit for none (before the first NEWKEYS). */
  readonly mac?: MacSpec | undefined;
  /** `mac.keyLength` bytes. */
  readonly macKey?: Uint8Array | undefined;
}

/** Framing facts shared by both directions. */
export interface PacketLayout {
  /** Padding multiple (RFC 4253 §6: cipher block size or 8, whichever is larger). */
  readonly blockSize: number;
  /**
   * Leading bytes left out of the aligned region: 4 for AEAD ciphers and
   * `-etm` MACs (the length is not part of the encrypted blocks), else 0. So
   * `(4 + packet_length - aadLength) % blockSize === 0`.
   */
  readonly aadLength: number;
  /** Bytes after the packet: the AEAD tag or the MAC (0 with no MAC). */
  readonly trailerLength: number;
}

/** Protects outgoing packets. */
export interface PacketSealer extends PacketLayout {
  /**
   * Encrypts and authenticates one packet in place.
   * @param seq - its sequence number (uint32)
   * @param packet - `uint32 packet_length || padding_length || payload || padding` followed by
   *   `trailerLength` bytes of room; exactly `4 + packet_length + trailerLength` bytes
   */
  seal(seq: number, packet: Uint8Array): void;
}

/** Reads incoming packets. */
export interface PacketOpener extends PacketLayout {
  /** Bytes to have received before calling {@link PacketOpener.packetLength}. */
  readonly headerLength: number;
  /**
   * Learns packet_length from the first `headerLength` received bytes. Call it
   * exactly once per packet: for classic MACs it decrypts those bytes in place
   * (the cipher stream moves on).
   * @param seq - the packet's sequence number (uint32)
   * @param head - the first `headerLength` bytes of the packet (the start of the buffer later given to `open`)
   * @returns packet_length, not yet authenticated: check it against limits before reading more
   */
  packetLength(seq: number, head: Uint8Array): number;
  /**
   * Verifies and decrypts one packet.
   * @param seq - its sequence number (uint32)
   * @param packet - the whole packet as received, `4 + packet_length + trailerLength` bytes
   * @returns the plaintext body, `padding_length || payload || padding` (`packet_length`
   *   bytes): a view of `packet` decrypted in place, or a fresh buffer the caller owns (the
   *   Node backend's AES-GCM, ChaCha20 and AES-CTR hand over OpenSSL's output rather than
   *   copying it back); the rest of `packet` is left unspecified
   * @throws CryptoError `bad-mac` (MAC) or `bad-tag` (AEAD) when authentication fails;
   *   `bad-length` when the sizes do not fit the cipher
   */
  open(seq: number, packet: Uint8Array): Uint8Array;
}

interface Parts {
  readonly aead: AeadCipherState | undefined;
  readonly stream: StreamCipherState | undefined;
  readonly mac: MacState | undefined;
  readonly etm: boolean;
  readonly layout: PacketLayout;
}

function build(options: PacketProtectionOptions, direction: Direction): Parts {
  const { cipher } = options;
  if (cipher.aead) {
    const aead = cipher.create(options.key, options.iv, direction);
    return {
      aead,
      stream: undefined,
      mac: undefined,
      etm: false,
      layout: { blockSize: cipher.blockSize, aadLength: LENGTH_FIELD, trailerLength: cipher.tagLength },
    };
  }
  const stream = cipher.create(options.key, options.iv, direction);
  const spec = options.mac;
  let mac: MacState | undefined;
  if (spec !== undefined) {
    if (options.macKey === undefined) throw new CryptoError('invalid-key', `${spec.name}: no MAC key`);
    mac = spec.create(options.macKey);
  }
  const etm = spec?.etm ?? false;
  return {
    aead: undefined,
    stream,
    mac,
    etm,
    layout: {
      blockSize: cipher.blockSize,
      aadLength: etm ? LENGTH_FIELD : 0,
      trailerLength: mac?.length ?? 0,
    },
  };
}

function bodyEnd(packet: Uint8Array, trailer: number): number {
  const end = packet.length - trailer;
  if (end < LENGTH_FIELD)
    throw new CryptoError('bad-length', `packet of ${packet.length} bytes is too short`);
  return end;
}

/**
 * Builds the outgoing half of a negotiated cipher × MAC.
 * @param options - cipher, MAC and their keys
 * @returns a sealer whose `seal(seq, packet)` encrypts and MACs in place
 * @throws CryptoError `invalid-key` on wrong key, IV or MAC-key lengths
 * @example
 * ```ts
 * import { createPacketSealer, getCipher, getMac } from '@sshkit/ssh-crypto';
 * const sealer = createPacketSealer({
 *   cipher: getCipher('aes128-ctr'), key: new Uint8Array(16), iv: new Uint8Array(16),
 *   mac: getMac('hmac-sha2-256-etm@openssh.com'), macKey: new Uint8Array(32),
 * });
 * const packet = new Uint8Array(4 + 28 + sealer.trailerLength);
 * new DataView(packet.buffer).setUint32(0, 28); // packet_length; padding_length etc. follow
 * sealer.seal(3, packet);
 * ```
 */
export function createPacketSealer(options: PacketProtectionOptions): PacketSealer {
  const { aead, stream, mac, etm, layout } = build(options, 'encrypt');
  const trailer = layout.trailerLength;
  let seal: (seq: number, packet: Uint8Array) => void;
  if (aead !== undefined) {
    seal = (seq, packet) => aead.seal(seq, packet);
  } else if (stream !== undefined && etm && mac !== undefined) {
    seal = (seq, packet) => {
      const end = bodyEnd(packet, trailer);
      const body = packet.subarray(LENGTH_FIELD, end);
      stream.updateInPlace(body);
      mac.compute(seq, packet.subarray(0, end), packet.subarray(end));
    };
  } else if (stream !== undefined) {
    seal = (seq, packet) => {
      const end = bodyEnd(packet, trailer);
      const body = packet.subarray(0, end);
      mac?.compute(seq, body, packet.subarray(end));
      stream.updateInPlace(body);
    };
  } else {
    throw new TypeError('cipher: neither AEAD nor stream');
  }
  return { ...layout, seal };
}

/**
 * Builds the incoming half of a negotiated cipher × MAC.
 * @param options - cipher, MAC and their keys
 * @returns an opener: `packetLength(seq, head)` then `open(seq, packet)`
 * @throws CryptoError `invalid-key` on wrong key, IV or MAC-key lengths
 */
export function createPacketOpener(options: PacketProtectionOptions): PacketOpener {
  const { aead, stream, mac, etm, layout } = build(options, 'decrypt');
  const trailer = layout.trailerLength;
  const lengthOf = (head: Uint8Array): number => {
    if (head.length < LENGTH_FIELD) throw new CryptoError('bad-length', 'need 4 length bytes');
    return new DataView(head.buffer, head.byteOffset, LENGTH_FIELD).getUint32(0);
  };
  if (aead !== undefined) {
    return {
      ...layout,
      headerLength: LENGTH_FIELD,
      packetLength: (seq, head) => aead.decryptLength(seq, head),
      open: (seq, packet) => aead.open(seq, packet),
    };
  }
  if (stream === undefined) throw new TypeError('cipher: neither AEAD nor stream');
  if (etm && mac !== undefined) {
    return {
      ...layout,
      headerLength: LENGTH_FIELD,
      packetLength: (_seq, head) => lengthOf(head),
      open(seq, packet) {
        const end = bodyEnd(packet, trailer);
        // Encrypt-then-MAC: authenticate before decrypting anything.
        mac.verify(seq, packet.subarray(0, end), packet.subarray(end));
        return stream.update(packet.subarray(LENGTH_FIELD, end));
      },
    };
  }
  const first = layout.blockSize;
  return {
    ...layout,
    headerLength: first,
    packetLength(_seq, head) {
      if (head.length < first) throw new CryptoError('bad-length', `need the first ${first}-byte block`);
      const block = head.subarray(0, first);
      stream.updateInPlace(block);
      return lengthOf(block);
    },
    open(seq, packet) {
      const end = bodyEnd(packet, trailer);
      if (end < first) throw new CryptoError('bad-length', `packet shorter than one ${first}-byte block`);
      // The MAC covers the whole plaintext packet, so the rest is decrypted in place after the first block.
      const rest = packet.subarray(first, end);
      stream.updateInPlace(rest);
      mac?.verify(seq, packet.subarray(0, end), packet.subarray(end));
      return packet.subarray(LENGTH_FIELD, end);
    },
  };
}
