/**
 * Hands a buffer `node:crypto` (or a Node socket read) returned back to the
 * allocator at once, when its bytes have been copied where they belong and
 * nothing else can see it.
 *
 * Left to the garbage collector, each packet's output buffer lives on until a
 * collection finds it: meanwhile V8 counts it as external memory (which
 * brings on full mark-compacts) and the next packet's output lands in cold,
 * freshly faulted-in memory. Freed at once, the allocator hands the same
 * chunk, still in cache, to the next packet.
 *
 * JavaScript can free an ArrayBuffer's memory early only by detaching it, and
 * Node 20 has no `ArrayBuffer.prototype.transfer`. Transferring it in a
 * message detaches it; posted on a closed port, the message is dropped at
 * once and the memory with it (the HTML spec has postMessage on a closed port
 * still detach what it transfers, and Node follows it). Where a runtime does
 * not (probed once below), buffers are left to the collector as before.
 */
import { MessageChannel } from 'node:worker_threads';

const { port1: closedPort } = new MessageChannel();
closedPort.close();

/** Detaches `buffer`'s memory; returns whether it worked. */
function detach(buffer: ArrayBuffer): boolean {
  try {
    closedPort.postMessage(undefined, [buffer]);
  } catch {
    return false;
  }
  return buffer.byteLength === 0;
}

// A buffer large enough to live outside V8's heap, as crypto outputs do.
const works = detach(new ArrayBuffer(1024));

/**
 * Frees `buffer`'s memory now if it is the whole of its own ArrayBuffer (as
 * `node:crypto` outputs are; slices of Node's shared pool never qualify).
 * The caller must hold the only reference: every view of it becomes empty.
 * @param buffer - a fresh result the caller has finished with
 */
export function freeNow(buffer: Uint8Array): void {
  const backing = buffer.buffer;
  if (
    works &&
    backing instanceof ArrayBuffer &&
    buffer.byteOffset === 0 &&
    buffer.byteLength === backing.byteLength &&
    backing.byteLength > 0
  ) {
    detach(backing);
  }
}
