/**
 * Pipelined transfers: keep up to `maxRequests` READs or WRITEs outstanding,
 * as OpenSSH's `sftp -R 64` does, so throughput is not bounded by one round
 * trip per block.
 */

/** Default outstanding requests per transfer (OpenSSH sftp's `-R` default). */
export const DEFAULT_MAX_REQUESTS = 64;
/** Block size when the server announces no `limits@openssh.com` (OpenSSH sftp's `-B` default: 32 KiB). */
export const DEFAULT_BLOCK_SIZE = 32 * 1024;

/** Options of {@link parallelRead}. */
export interface ParallelReadOptions {
  /** Reads `length` bytes at `offset`; `null` at end of file. May return fewer bytes. */
  read(offset: number, length: number): Promise<Uint8Array | null>;
  /** Receives each block; blocks may arrive in any order. */
  sink(offset: number, data: Uint8Array): void | Promise<void>;
  /** First offset. */
  start: number;
  /** Stop at this offset (exclusive); `undefined` reads to end of file. */
  end?: number;
  /**
   * Expected end of file (from a stat). Up to it reads are pipelined; past it
   * one read at a time probes for growth until end of file.
   */
  sizeHint?: number;
  blockSize: number;
  maxRequests: number;
}

/**
 * Reads a byte range with pipelined requests. Short reads are completed by
 * asking for the remainder; the first error stops new requests and is thrown
 * once the outstanding ones have settled.
 * @returns the offset where data ended (end of file or `end`)
 */
export function parallelRead(o: ParallelReadOptions): Promise<number> {
  const end = o.end ?? Number.POSITIVE_INFINITY;
  const hint = o.sizeHint ?? o.start;
  let next = o.start;
  let eofAt = Number.POSITIVE_INFINITY;
  let inflight = 0;
  let probing = 0;
  let error: unknown;
  let settled = false;
  return new Promise<number>((resolve, reject) => {
    const issue = (offset: number, length: number, probe: boolean): void => {
      inflight++;
      if (probe) probing++;
      o.read(offset, length)
        .then(async (data) => {
          if (data === null || data.length === 0) {
            eofAt = Math.min(eofAt, offset);
            return;
          }
          const got = Math.min(data.length, length);
          await o.sink(offset, got === data.length ? data : data.subarray(0, got));
          if (got < length && offset + got < eofAt && error === undefined)
            issue(offset + got, length - got, probe);
        })
        .catch((e: unknown) => {
          if (error === undefined) error = e;
        })
        .finally(() => {
          inflight--;
          if (probe) probing--;
          pump();
        });
    };
    const pump = (): void => {
      if (settled) return;
      while (error === undefined && inflight < o.maxRequests && next < end && next < eofAt) {
        const probe = next >= hint;
        if (probe && probing > 0) break;
        const length = Math.min(o.blockSize, end - next);
        issue(next, length, probe);
        next += length;
      }
      if (inflight === 0) {
        settled = true;
        if (error !== undefined) reject(error);
        else resolve(Math.min(next, eofAt, end));
      }
    };
    pump();
  });
}

/** Options of {@link parallelWrite}. */
export interface ParallelWriteOptions {
  /** Next block of the source at `offset`; empty when done. */
  source(offset: number, length: number): Promise<Uint8Array>;
  /** Writes a block at `offset`. */
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Called after each block is written, with the bytes written so far. */
  progress?(bytesDone: number): void;
  start: number;
  blockSize: number;
  maxRequests: number;
}

/**
 * Copies a source to a destination with up to `maxRequests` writes
 * outstanding. The first error stops the copy and is thrown once outstanding
 * writes have settled.
 * @returns bytes written
 */
export async function parallelWrite(o: ParallelWriteOptions): Promise<number> {
  const inflight = new Set<Promise<void>>();
  let error: unknown;
  let offset = o.start;
  let done = 0;
  while (error === undefined) {
    let data: Uint8Array;
    try {
      data = await o.source(offset, o.blockSize);
    } catch (e) {
      error = e;
      break;
    }
    if (data.length === 0) break;
    const at = offset;
    offset += data.length;
    const p: Promise<void> = o
      .write(at, data)
      .then(
        () => {
          done += data.length;
          o.progress?.(done);
        },
        (e: unknown) => {
          if (error === undefined) error = e;
        },
      )
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= o.maxRequests) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  if (error !== undefined) throw error;
  return done;
}
