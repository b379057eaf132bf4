/**
 * Hands a buffer back to the allocator at once, when its bytes have been
 * copied where they belong and nothing else can see it: `node:crypto`'s output
 * buffers, a Node socket read, a packet payload its one consumer has finished
 * with.
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
 * still detach what it transfers; Node and Bun follow it, Deno 2.9 does not).
 * Where a runtime has no MessageChannel or does not detach this way (probed
 * once below), buffers are left to the collector as before.
 */
const closedPort: MessagePort | undefined =
  typeof MessageChannel === 'function' ? new MessageChannel().port1 : undefined;
closedPort?.close();

/** Detaches `buffer`'s memory; returns whether it worked. */
function detach(buffer: ArrayBuffer): boolean {
  if (closedPort === undefined) return false;
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
 * Frees all of `buffer` now. The caller must know that nothing else holds a
 * view of it that is still needed: every view of it becomes empty.
 * @param buffer - an ArrayBuffer the caller has finished with
 */
export function freeArrayBufferNow(buffer: ArrayBuffer): void {
  if (works && buffer.byteLength > 0) detach(buffer);
}

/**
 * Frees `buffer`'s memory now if it is the whole of its own ArrayBuffer (as
 * `node:crypto` outputs are; slices of Node's shared pool never qualify).
 * The caller must hold the only reference: every view of it becomes empty.
 * @param buffer - a fresh result the caller has finished with
 */
export function freeNow(buffer: Uint8Array): void {
  const backing = buffer.buffer;
  if (backing instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === backing.byteLength) {
    freeArrayBufferNow(backing);
  }
}
