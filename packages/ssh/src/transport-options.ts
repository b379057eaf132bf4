import type { TransportOptions } from '@sshkit/ssh-transport';
import type { AlgorithmOptions } from './options.js';

/**
 * The transport options both sides take from connect()/listen() options:
 * algorithm lists, re-key limits and the software version (`clientVersion`
 * or `serverVersion`, whichever side this is).
 */
export function sharedTransportOptions(
  o: AlgorithmOptions,
  softwareVersion: string | undefined,
): Omit<TransportOptions, 'role'> {
  return {
    ...(softwareVersion !== undefined && { softwareVersion }),
    ...(o.kexAlgs !== undefined && { kexAlgs: o.kexAlgs }),
    ...(o.encryptionAlgs !== undefined && { encryptionAlgs: o.encryptionAlgs }),
    ...(o.macAlgs !== undefined && { macAlgs: o.macAlgs }),
    ...(o.compressionAlgs !== undefined && { compressionAlgs: o.compressionAlgs }),
    ...(o.serverHostKeyAlgs !== undefined && { serverHostKeyAlgs: o.serverHostKeyAlgs }),
    ...(o.rekeyBytes !== undefined && { rekeyBytes: o.rekeyBytes }),
    ...(o.rekeySeconds !== undefined && { rekeySeconds: o.rekeySeconds }),
  };
}
