/**
 * The exchange hash H of RFC 4253 §8 (and its variants in RFC 4419 §3,
 * RFC 5656 §4, RFC 8731 §3).
 */
import { bytesToBigInt, WireWriter } from '@sshkit/ssh-wire';
import { getHash, type HashName } from '../hash/registry.js';
import type { KexOutcome, KexTranscript } from './types.js';

/**
 * H = HASH(string V_C || string V_S || string I_C || string I_S || string K_S
 * || methodFields || K), where `methodFields` are already wire-encoded and K is
 * already encoded (`mpint` or `string`).
 *
 * @param hashName - the method's hash
 * @param transcript - V_C, V_S, I_C, I_S, K_S
 * @param methodFields - e.g. `mpint e || mpint f`, `string Q_C || string Q_S`, or the RFC 4419 fields
 * @param sharedSecret - encoded K
 * @returns H
 */
export function computeExchangeHash(
  hashName: HashName,
  transcript: KexTranscript,
  methodFields: Uint8Array,
  sharedSecret: Uint8Array,
): Uint8Array {
  const w = new WireWriter(1024)
    .string(transcript.clientVersion)
    .string(transcript.serverVersion)
    .string(transcript.clientKexInit)
    .string(transcript.serverKexInit)
    .string(transcript.hostKey)
    .raw(methodFields)
    .raw(sharedSecret);
  return getHash(hashName).digest(w.finish());
}

/** Encodes K as an mpint from its unsigned big-endian bytes (RFC 8731 §3, RFC 5656 §4). */
export function encodeSharedSecretMpint(secret: Uint8Array | bigint): Uint8Array {
  const value = typeof secret === 'bigint' ? secret : bytesToBigInt(secret);
  return new WireWriter(secret instanceof Uint8Array ? secret.length + 8 : 64).mpint(value).finish();
}

/** Encodes K as a string (KEM hybrids, draft-ietf-sshm-mlkem-hybrid-kex). */
export function encodeSharedSecretString(secret: Uint8Array): Uint8Array {
  return new WireWriter(secret.length + 8).string(secret).finish();
}

/**
 * The outcome of a direct exchange: H's method fields are
 * `string clientPublic || string serverPublic`, which is also the encoding of
 * `mpint e || mpint f` because DH values travel as mpint bodies.
 */
export function directOutcome(
  hash: HashName,
  clientPublic: Uint8Array,
  serverPublic: Uint8Array,
  sharedSecret: Uint8Array,
): KexOutcome {
  return Object.freeze({
    hash,
    sharedSecret,
    clientPublic,
    serverPublic,
    exchangeHash: (transcript: KexTranscript) =>
      computeExchangeHash(
        hash,
        transcript,
        new WireWriter().string(clientPublic).string(serverPublic).finish(),
        sharedSecret,
      ),
  });
}
