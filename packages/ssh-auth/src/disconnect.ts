import { DISC_BY_APPLICATION } from '@sshkit/ssh-codes';
import { DisconnectError, type PacketChannel, ProtocolError } from '@sshkit/ssh-transport';
import { WireError } from '@sshkit/ssh-wire';
import type { AuthLogEvent } from './timer.js';

/**
 * How either side ends a failed exchange: malformed bytes become a
 * PROTOCOL_ERROR, typed errors disconnect with their own code, anything else
 * with BY_APPLICATION. Returns the error the caller's promise rejects with.
 */
export function disconnectFor(
  error: unknown,
  channel: PacketChannel,
  log: (event: Omit<AuthLogEvent, 'username'>) => void,
): unknown {
  let e = error;
  if (WireError.isInstance(e))
    e = new ProtocolError(`malformed authentication message: ${e.message}`, '', { cause: e });
  if (DisconnectError.isInstance(e)) {
    log({ event: 'disconnect', detail: e.reason });
    channel.disconnect(e.code, e.reason);
  } else {
    log({ event: 'disconnect', detail: 'internal error' });
    channel.disconnect(DISC_BY_APPLICATION, 'internal error during authentication');
  }
  return e;
}
