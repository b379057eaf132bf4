import type { ByteDuplex } from './duplex.js';
import type { DisconnectError } from './errors.js';
import type { TransportOptions } from './options.js';
import { Transport } from './transport.js';

/** Optional observers of a driven transport. */
export interface DriveOptions {
  /** SSH_MSG_DEBUG from the peer. */
  debug?(message: string, lang: string, alwaysDisplay: boolean): void;
  /** Called once when the connection is over. */
  closed?(error: DisconnectError | undefined): void;
}

/**
 * Runs a {@link Transport} over a byte stream: the stream's bytes go in, the
 * transport's bytes go out, and either side closing ends both. The driver is
 * the only place that touches I/O.
 *
 * @example
 * ```ts
 * import { createMemoryPair, runTransport } from '@sshkit/ssh-transport';
 * const [a, b] = createMemoryPair();
 * const client = runTransport(a, { role: 'client', verifyHostKey: () => true });
 * await client.ready;
 * ```
 */
export function runTransport(
  duplex: ByteDuplex,
  options: TransportOptions,
  observers: DriveOptions = {},
): Transport {
  let ended = false;
  const transport: Transport = new Transport(options, {
    write: (bytes, written) => {
      if (!ended) duplex.write(bytes, written);
    },
    close: (error) => {
      if (ended) return;
      ended = true;
      // Flush what was queued (a DISCONNECT message), then close the stream.
      duplex.end();
      observers.closed?.(error);
    },
    debug: observers.debug,
  });
  duplex.attach({
    data: (chunk) => transport.receive(chunk),
    close: (error) => transport.connectionLost(error),
    drain: () => undefined,
  });
  transport.start();
  return transport;
}
