import { type AlgorithmKind, AlgorithmNegotiationError } from './errors.js';
import type { KexInit } from './messages.js';

/** Names in the kex list that signal features, not key exchange methods. */
export const EXT_INFO_C = 'ext-info-c';
export const EXT_INFO_S = 'ext-info-s';
export const KEX_STRICT_C = 'kex-strict-c-v00@openssh.com';
export const KEX_STRICT_S = 'kex-strict-s-v00@openssh.com';
const PSEUDO_KEX = new Set([EXT_INFO_C, EXT_INFO_S, KEX_STRICT_C, KEX_STRICT_S]);

/** The algorithms both sides agreed on. */
export interface NegotiatedAlgorithms {
  readonly kex: string;
  readonly hostKey: string;
  readonly cipherC2S: string;
  readonly cipherS2C: string;
  /** `'<implicit>'` when the cipher is an AEAD that carries its own tag. */
  readonly macC2S: string;
  readonly macS2C: string;
  readonly compressionC2S: string;
  readonly compressionS2C: string;
  /**
   * RFC 4253 §7.1: a `first_kex_packet_follows` guess is right only when both
   * sides prefer the same kex and host key algorithms.
   */
  readonly guessMatches: boolean;
}

/** The MAC name recorded for AEAD ciphers, as OpenSSH logs it. */
export const IMPLICIT_MAC = '<implicit>';

function choose(what: AlgorithmKind, client: readonly string[], server: readonly string[]): string {
  for (const name of client) {
    if (!PSEUDO_KEX.has(name) && server.includes(name)) return name;
  }
  throw new AlgorithmNegotiationError(what, client, server);
}

/**
 * RFC 4253 §7.1: for each list, "the chosen algorithm MUST be the first
 * algorithm on the client's name-list that is also on the server's name-list".
 *
 * @param isAead - whether a cipher name carries its own integrity tag; its MAC is then implicit
 * @throws AlgorithmNegotiationError when a list has no common algorithm
 */
export function negotiate(
  client: KexInit,
  server: KexInit,
  isAead: (cipher: string) => boolean,
): NegotiatedAlgorithms {
  const kex = choose('kex', client.kexAlgs, server.kexAlgs);
  const hostKey = choose('host key', client.hostKeyAlgs, server.hostKeyAlgs);
  const cipherC2S = choose('cipher client-to-server', client.encryptionC2S, server.encryptionC2S);
  const cipherS2C = choose('cipher server-to-client', client.encryptionS2C, server.encryptionS2C);
  const macC2S = isAead(cipherC2S)
    ? IMPLICIT_MAC
    : choose('MAC client-to-server', client.macC2S, server.macC2S);
  const macS2C = isAead(cipherS2C)
    ? IMPLICIT_MAC
    : choose('MAC server-to-client', client.macS2C, server.macS2C);
  const compressionC2S = choose('compression client-to-server', client.compressionC2S, server.compressionC2S);
  const compressionS2C = choose('compression server-to-client', client.compressionS2C, server.compressionS2C);
  const guessMatches =
    client.kexAlgs[0] === server.kexAlgs[0] && client.hostKeyAlgs[0] === server.hostKeyAlgs[0];
  return { kex, hostKey, cipherC2S, cipherS2C, macC2S, macS2C, compressionC2S, compressionS2C, guessMatches };
}
