/**
 * SSH compression (RFC 4253 §6.2, OpenSSH's `zlib@openssh.com`): the codec,
 * sans-I/O and synchronous, called by the transport inline for every packet.
 *
 * Each direction is ONE zlib stream for the whole connection (or until the
 * next key exchange picks another method): the compressor's dictionary and
 * the decompressor's window carry over from packet to packet, and each
 * packet's compressed bytes end at a flush point so they decode completely on
 * arrival. `zlib` starts right after NEWKEYS; `zlib@openssh.com` ("delayed
 * compression") is the same stream started only once user authentication has
 * succeeded — the transport decides when, see {@link isDelayedCompression}.
 */
import { ZlibDeflater } from './compression/deflate.js';
import { ZlibInflater } from './compression/inflate.js';
import { DEFAULT_MAX_PACKET } from './packet/limits.js';

/**
 * Every compression method implemented, in the order OpenSSH's client offers
 * them with `Compression no` (its `compression_alg_list(0)`): `none` first, so
 * compression is used only when the peer insists. With `Compression yes` the
 * client offers `zlib@openssh.com,zlib,none`; sshd offers
 * `none,zlib@openssh.com` (plain `zlib` only if configured). options.ts
 * decides what we offer; this list is what may be named there.
 */
export const SUPPORTED_COMPRESSION_METHODS = ['none', 'zlib@openssh.com', 'zlib'] as const;

export type CompressionMethod = (typeof SUPPORTED_COMPRESSION_METHODS)[number];

/** A method that needs a codec, i.e. not `none`. */
export type ZlibCompressionMethod = Exclude<CompressionMethod, 'none'>;

/**
 * Largest payload one compressed packet may expand to: the transport's
 * packet limit (256 KiB, OpenSSH's PACKET_MAX_SIZE, which bounds the
 * uncompressed payloads OpenSSH sends) plus 64 KiB of slack for peers that
 * cap the payload rather than the whole packet, or count it a little
 * differently. Anything beyond is a compression bomb: the decompressor stops
 * there with CompressionError, so its memory stays under 32 KiB of window
 * plus this limit whatever the compressed data claims.
 */
export const MAX_DECOMPRESSED_PAYLOAD = DEFAULT_MAX_PACKET + 64 * 1024;

/** zlib's default level, which OpenSSH uses (it has no compression level setting). */
export const DEFAULT_COMPRESSION_LEVEL = 6;

/** Compresses the payloads of one direction, packet after packet. */
export interface PacketCompressor {
  /**
   * Compresses one packet's payload (the bytes between padding_length and
   * the padding). The result ends with a sync flush: the peer decodes all of
   * it on arrival. The returned array is a fresh one owned by the caller.
   */
  compress(payload: Uint8Array): Uint8Array;
}

/** Decompresses the payloads of one direction, packet after packet. */
export interface PacketDecompressor {
  /**
   * Decompresses one packet's payload field into the real payload.
   *
   * @throws CompressionError (disconnect code 6) for corrupt data, a payload
   *   over the size limit, or data that does not end at a flush point. The
   *   stream is then unusable: every later call throws too.
   */
  decompress(data: Uint8Array): Uint8Array;
}

function checkMethod(name: string): asserts name is ZlibCompressionMethod {
  if (name !== 'zlib' && name !== 'zlib@openssh.com') {
    throw new RangeError(`no compression codec for ${JSON.stringify(name)}`);
  }
}

/**
 * A compressor for `zlib` or `zlib@openssh.com` (the same codec).
 *
 * @param level - 1 (fastest) to 9 (smallest); default 6
 * @throws RangeError for another method or level
 */
export function createCompressor(
  name: ZlibCompressionMethod,
  level: number = DEFAULT_COMPRESSION_LEVEL,
): PacketCompressor {
  checkMethod(name);
  const deflater = new ZlibDeflater(level);
  return { compress: (payload) => deflater.compress(payload) };
}

/**
 * A decompressor for `zlib` or `zlib@openssh.com` (the same codec).
 *
 * @param maxPayload - largest decompressed payload per packet; default
 *   {@link MAX_DECOMPRESSED_PAYLOAD}. A transport configured with a larger
 *   `maxPacketSize` should pass that plus the same 64 KiB slack.
 * @throws RangeError for another method or a limit that is not a positive integer
 */
export function createDecompressor(
  name: ZlibCompressionMethod,
  maxPayload: number = MAX_DECOMPRESSED_PAYLOAD,
): PacketDecompressor {
  checkMethod(name);
  if (!Number.isSafeInteger(maxPayload) || maxPayload < 1) {
    throw new RangeError(`maxPayload must be a positive integer, got ${maxPayload}`);
  }
  const inflater = new ZlibInflater(maxPayload);
  return { decompress: (data) => inflater.decompress(data) };
}

/** True for a method this module implements (`none` included). */
export function isSupportedCompression(name: string): name is CompressionMethod {
  return (SUPPORTED_COMPRESSION_METHODS as readonly string[]).includes(name);
}

/** True for a method with a codec to create, i.e. anything supported but `none`. */
export function needsCompressionCodec(name: string): name is ZlibCompressionMethod {
  return name === 'zlib' || name === 'zlib@openssh.com';
}

/**
 * True for `zlib@openssh.com`: its codec must be started only once user
 * authentication has succeeded — by the server right after it sends
 * SSH_MSG_USERAUTH_SUCCESS (that packet itself is not compressed), by the
 * client right after it receives it (the packets after it are compressed).
 * If the method is negotiated by a key exchange after authentication, it
 * starts at once with the new keys, like `zlib`.
 */
export function isDelayedCompression(name: string): boolean {
  return name === 'zlib@openssh.com';
}
