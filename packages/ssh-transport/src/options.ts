import {
  defaultCiphers,
  defaultKexAlgs,
  defaultMacs,
  type GexClientOptions,
  type GexServerOptions,
  type RandomSource,
  supportedCiphers,
  supportedKexAlgs,
  supportedMacs,
} from '@sshkit/ssh-crypto';
import { type AlgorithmListOption, resolveAlgorithmList } from './algorithm-lists.js';
import { SUPPORTED_COMPRESSION_METHODS } from './compression.js';
import type { HostKey, HostKeyVerifier } from './host-key.js';
import { defaultHostKeyAlgs, supportedHostKeyAlgs } from './host-key-algorithms.js';
import type { TransportLog } from './log.js';

/**
 * What each side offers by default: OpenSSH's client offers no compression
 * unless asked (`Compression no`); sshd offers delayed compression (`Compression delayed`).
 */
const DEFAULT_COMPRESSION: Readonly<Record<'client' | 'server', readonly string[]>> = {
  client: ['none'],
  server: ['none', 'zlib@openssh.com'],
};

/**
 * Rekey after this many bytes in either direction (OpenSSH's RekeyLimit
 * default is tied to the cipher; 1 GiB is the default).
 */
export const DEFAULT_REKEY_BYTES = 1024 ** 3;
/** Rekey after this long (RFC 4253 §9 recommends once an hour). */
export const DEFAULT_REKEY_SECONDS = 3600;

export interface TransportOptions {
  /** Which side of the connection this is. */
  role: 'client' | 'server';
  /** Key exchange methods, as a list or an OpenSSH-style `+`/`-`/`^` edit of the defaults. */
  kexAlgs?: AlgorithmListOption;
  encryptionAlgs?: AlgorithmListOption;
  macAlgs?: AlgorithmListOption;
  compressionAlgs?: AlgorithmListOption;
  /** Host key signature algorithms (client: accepted; server: offered if a key can make them). */
  serverHostKeyAlgs?: AlgorithmListOption;
  /** Server: the host keys, one per algorithm. */
  hostKeys?: readonly HostKey[];
  /** Client: trusts or rejects the server's host key; without it every key is rejected. */
  verifyHostKey?: HostKeyVerifier;
  /** @default defaultRandom */
  random?: RandomSource;
  /** Our software version in the identification string. @default 'sshkit_0.1' */
  softwareVersion?: string;
  /** Largest packet_length accepted. @default 262144 */
  maxPacketSize?: number;
  /** @default 1 GiB */
  rekeyBytes?: number;
  /** @default 3600 */
  rekeySeconds?: number;
  /** Offer `kex-strict-*-v00@openssh.com` (Terrapin countermeasure). @default true */
  strictKex?: boolean;
  /** Client group-exchange parameters. */
  gexClient?: GexClientOptions;
  /** Server group-exchange parameters. */
  gexServer?: GexServerOptions;
  /** Clock in ms, injectable for tests. @default Date.now */
  now?: () => number;
  /**
   * Receives the derived keys of each direction after every key exchange,
   * like TLS key logging (SSLKEYLOGFILE): for debugging with packet captures
   * and for recording test vectors. Anyone holding these can read the
   * session: never set it in production.
   */
  keylog?: (entry: KeyLogEntry) => void;
  /**
   * Receives what the transport does, as `ssh -v` shows it: versions, key
   * exchanges, ext-info, DEBUG, UNIMPLEMENTED, disconnects and the close.
   * Never given keys, secrets or payloads; a log that throws is ignored.
   */
  log?: TransportLog;
}

/** One direction's keys, as {@link TransportOptions.keylog} reports them. */
export interface KeyLogEntry {
  readonly direction: 'client-to-server' | 'server-to-client';
  readonly cipher: string;
  readonly mac: string;
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
  readonly macKey: Uint8Array;
  readonly sessionId: Uint8Array;
}

/** The algorithm lists a side offers. */
export interface OfferedAlgorithms {
  readonly kex: readonly string[];
  readonly hostKey: readonly string[];
  readonly cipher: readonly string[];
  readonly mac: readonly string[];
  readonly compression: readonly string[];
}

export function offeredAlgorithms(o: TransportOptions): OfferedAlgorithms {
  const kex = resolveAlgorithmList(o.kexAlgs, defaultKexAlgs(), supportedKexAlgs(), 'kexAlgs');
  const cipher = resolveAlgorithmList(
    o.encryptionAlgs,
    defaultCiphers(),
    supportedCiphers(),
    'encryptionAlgs',
  );
  const mac = resolveAlgorithmList(o.macAlgs, defaultMacs(), supportedMacs(), 'macAlgs');
  const compression = resolveAlgorithmList(
    o.compressionAlgs,
    DEFAULT_COMPRESSION[o.role],
    SUPPORTED_COMPRESSION_METHODS,
    'compressionAlgs',
  );
  let hostKey = resolveAlgorithmList(
    o.serverHostKeyAlgs,
    defaultHostKeyAlgs(),
    supportedHostKeyAlgs(),
    'serverHostKeyAlgs',
  );
  if (o.role === 'server') {
    const canSign = new Set((o.hostKeys ?? []).flatMap((k) => k.signatureAlgorithms));
    hostKey = hostKey.filter((a) => canSign.has(a));
    if (hostKey.length === 0)
      throw new RangeError('hostKeys: no host key can sign with an enabled algorithm');
  }
  return { kex, hostKey, cipher, mac, compression };
}
