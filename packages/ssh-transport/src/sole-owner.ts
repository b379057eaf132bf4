/**
 * Received payloads whose memory belongs to them alone, so that the one
 * consumer that read their data to the end (a port forward writing it to its
 * socket) can free it at once instead of leaving it to the garbage collector.
 *
 * A packet's payload sits alone in its buffer: OpenSSL's fresh output on
 * Node, or the copy the packet reader makes out of its reused buffer. Views
 * of it travel up unchanged (a channel's data is a view of the payload), so
 * the buffer is marked here and recognised by whoever ends up holding the
 * view. Decompressed payloads are not marked (the decompressor's buffers are
 * its own business).
 */
import { freeArrayBufferNow } from '@sshkit/ssh-crypto';

const soleOwned = new WeakSet<ArrayBufferLike>();

/**
 * Marks the buffer under `payload` as holding this one payload alone. The
 * transport does it for every payload it receives; another `PacketChannel`
 * implementation may do the same for payloads it hands over in buffers of
 * their own.
 * @param payload - a received payload, alone in its buffer
 */
export function markSoleOwned(payload: Uint8Array): void {
  soleOwned.add(payload.buffer);
}

/**
 * Frees the memory under `view` now when it is a received payload's own
 * buffer (see above); anything else is left to the collector. Call it only as
 * the sole reader of that data, once finished with it: every view of the
 * buffer becomes empty.
 * @param view - channel data (or any view) the caller is done with
 */
export function freeIfSoleOwned(view: Uint8Array): void {
  const backing = view.buffer;
  if (backing instanceof ArrayBuffer && soleOwned.delete(backing)) freeArrayBufferNow(backing);
}
