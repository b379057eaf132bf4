import {
  createPacketOpener,
  createPacketSealer,
  deriveSessionKeys,
  getCipher,
  getMac,
  type HashName,
  type MacSpec,
  type PacketOpener,
  type PacketSealer,
} from '@sshkit/ssh-crypto';
import { IMPLICIT_MAC, type NegotiatedAlgorithms } from '../negotiate.js';
import type { KeyLogEntry } from '../options.js';

/** The new packet protection of both directions after a key exchange. */
export interface NewKeys {
  readonly clientToServer: { sealer: () => PacketSealer; opener: () => PacketOpener };
  readonly serverToClient: { sealer: () => PacketSealer; opener: () => PacketOpener };
}

function macOf(name: string): MacSpec | undefined {
  return name === IMPLICIT_MAC ? undefined : getMac(name);
}

/**
 * RFC 4253 §7.2: derives IVs, keys and MAC keys for the negotiated
 * algorithms and builds the sealers/openers (created lazily, when each side
 * switches: a stream cipher's state must start at the switch).
 */
export function deriveNewKeys(
  algs: NegotiatedAlgorithms,
  hash: HashName,
  sharedSecret: Uint8Array,
  exchangeHash: Uint8Array,
  sessionId: Uint8Array,
  keylog?: (entry: KeyLogEntry) => void,
): NewKeys {
  const c2sCipher = getCipher(algs.cipherC2S);
  const s2cCipher = getCipher(algs.cipherS2C);
  const c2sMac = c2sCipher.aead ? undefined : macOf(algs.macC2S);
  const s2cMac = s2cCipher.aead ? undefined : macOf(algs.macS2C);
  const keys = deriveSessionKeys(hash, sharedSecret, exchangeHash, sessionId, {
    clientToServer: {
      ivLength: c2sCipher.ivLength,
      keyLength: c2sCipher.keyLength,
      macKeyLength: c2sMac?.keyLength ?? 0,
    },
    serverToClient: {
      ivLength: s2cCipher.ivLength,
      keyLength: s2cCipher.keyLength,
      macKeyLength: s2cMac?.keyLength ?? 0,
    },
  });
  const c2s = { cipher: c2sCipher, ...keys.clientToServer, mac: c2sMac };
  const s2c = { cipher: s2cCipher, ...keys.serverToClient, mac: s2cMac };
  if (keylog) {
    keylog({
      direction: 'client-to-server',
      cipher: algs.cipherC2S,
      mac: algs.macC2S,
      ...keys.clientToServer,
      sessionId,
    });
    keylog({
      direction: 'server-to-client',
      cipher: algs.cipherS2C,
      mac: algs.macS2C,
      ...keys.serverToClient,
      sessionId,
    });
  }
  return {
    clientToServer: { sealer: () => createPacketSealer(c2s), opener: () => createPacketOpener(c2s) },
    serverToClient: { sealer: () => createPacketSealer(s2c), opener: () => createPacketOpener(s2c) },
  };
}

/** Packet protection before the first NEWKEYS: no cipher, no MAC. */
export function plaintextProtection(): { sealer: PacketSealer; opener: PacketOpener } {
  const none = { cipher: getCipher('none'), key: new Uint8Array(0), iv: new Uint8Array(0) };
  return { sealer: createPacketSealer(none), opener: createPacketOpener(none) };
}
