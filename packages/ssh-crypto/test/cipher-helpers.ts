// Builds plaintext SSH packets (RFC 4253 §6) for the cipher round-trip tests.
import type { PacketLayout } from '../src/cipher/packet.js';

const MIN_PADDING = 4; // RFC 4253 §6: "at least four bytes of padding"

/**
 * Lays out `payload` as `uint32 packet_length || byte padding_length || payload || padding`
 * plus room for the trailer, padded for `layout`.
 * @returns the buffer and packet_length
 */
export function buildPacket(
  payload: Uint8Array,
  layout: PacketLayout,
  padByte = 0x5a,
): { packet: Uint8Array; packetLength: number } {
  const unpadded = 4 + 1 + payload.length + MIN_PADDING - layout.aadLength;
  const extra = (layout.blockSize - (unpadded % layout.blockSize)) % layout.blockSize;
  const padding = MIN_PADDING + extra;
  const packetLength = 1 + payload.length + padding;
  const packet = new Uint8Array(4 + packetLength + layout.trailerLength);
  new DataView(packet.buffer).setUint32(0, packetLength);
  packet[4] = padding;
  packet.set(payload, 5);
  packet.fill(padByte, 5 + payload.length, 4 + packetLength);
  return { packet, packetLength };
}

/** Every cipher × MAC pairing the transport can negotiate (the MAC is ignored for AEAD ciphers). */
export function pairings(
  cipherNames: readonly string[],
  macNames: readonly string[],
  isAead: (c: string) => boolean,
) {
  return cipherNames.flatMap((cipher) =>
    isAead(cipher)
      ? [{ cipher, mac: undefined }]
      : macNames.map((mac) => ({ cipher, mac: mac as string | undefined })),
  );
}
