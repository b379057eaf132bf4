/**
 * The I/O side of `SFTPServer.serve`: frames requests off a byte stream, runs
 * several at once and writes each reply when it is ready.
 *
 * draft-02 §6.1: "the server may process non-overlapping read/write requests
 * to the same file in parallel, but overlapping reads and writes cannot be
 * reordered or parallelized", and replies may come in any order. So:
 * requests start in arrival order; a READ or WRITE starts beside the ones
 * running unless it overlaps one of them with a write among the two; any
 * other request is a barrier that starts alone once everything before it is
 * done, and nothing after it starts before it is done.
 */
import { FrameBatch } from '../frame-batch.js';
import { PacketDecoder } from '../framing.js';
import type { FramePool } from '../headroom.js';
import type { SFTPRequest } from '../packets.js';
import type { ByteStream } from '../stream.js';
import type { SFTPServerSession } from './sftp-server.js';

/** The byte range of a file a READ or WRITE touches; the key names the file (its path). */
export interface RangeScope {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly write: boolean;
}

/** What a request touches: a byte range, or everything (a barrier). */
export type RequestScope = RangeScope | typeof BARRIER;

/** The scope of a request that must run alone. */
export const BARRIER = 'barrier';

/**
 * Reply bytes the server may write after the stream asked it to wait, before
 * it stops starting requests: it keeps reading files while a transport with
 * a small buffer (an SSH channel) drains, so the pipe never runs dry.
 */
const WRITE_AHEAD = 4 * 1024 * 1024;
/** Queued request bytes above which reading pauses (when the stream can pause). */
const QUEUE_PAUSE_BYTES = 8 * 1024 * 1024;

interface Queued {
  readonly packet: SFTPRequest;
  readonly size: number;
}

function overlaps(a: RangeScope, b: RangeScope): boolean {
  return a.key === b.key && (a.write || b.write) && a.start < b.end && b.start < a.end;
}

/** One served stream. @internal */
export class ServeLoop {
  private readonly decoder: PacketDecoder;
  private queue: Queued[] = [];
  private head = 0;
  private queuedBytes = 0;
  /** Ranges of the READs and WRITEs running now. */
  private readonly ranges = new Set<RangeScope>();
  private running = 0;
  private barrierRunning = false;
  /**
   * Reply bytes written since the stream last said it had room (a write
   * without a Promise, or a settled one). Past {@link WRITE_AHEAD} no new
   * request starts until the stream has room again.
   */
  private unconfirmed = 0;
  private paused = false;
  private closed = false;
  private ended = false;
  /** Short replies are written together; pooled frames go back to the pool once written. */
  private readonly batch = new FrameBatch((data, parts) => {
    if (this.closed) return;
    if (!parts) {
      this.write(data, () => this.pool.recycle(data));
      return;
    }
    for (const f of parts) this.pool.recycle(f);
    this.write(data);
  });
  private done: () => void = () => undefined;

  constructor(
    private readonly session: SFTPServerSession,
    private readonly stream: ByteStream,
    maxPacketLength: number,
    private readonly maxRunning: number,
    /** Where the session's DATA frames come from: they go back once written. */
    private readonly pool: FramePool,
  ) {
    this.decoder = new PacketDecoder(maxPacketLength);
  }

  /** Resolves once the stream has closed, the running requests have finished and the session is closed. */
  run(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.done = resolve;
      this.stream.onClose(() => this.onClose());
      this.stream.onData((chunk) => this.onData(chunk));
    });
  }

  private onData(chunk: Uint8Array): void {
    if (this.closed) return;
    let payloads: Uint8Array[];
    try {
      payloads = this.decoder.feed(chunk);
    } catch {
      this.stream.close();
      return;
    }
    for (const payload of payloads) {
      const r = this.session.accept(payload);
      if (r === undefined) continue;
      if (r instanceof Uint8Array) this.batch.send(r);
      else {
        this.queue.push({ packet: r, size: payload.length });
        this.queuedBytes += payload.length;
      }
    }
    this.pump();
    if (!this.paused && this.queuedBytes > QUEUE_PAUSE_BYTES && this.stream.pause) {
      this.paused = true;
      this.stream.pause();
    }
  }

  /** Starts queued requests while the rules allow. */
  private pump(): void {
    while (
      !this.closed &&
      this.unconfirmed <= WRITE_AHEAD &&
      this.running < this.maxRunning &&
      !this.barrierRunning &&
      this.head < this.queue.length
    ) {
      const job = this.queue[this.head] as Queued;
      const scope = this.session.scope(job.packet);
      if (scope === BARRIER) {
        if (this.running > 0) break;
        this.barrierRunning = true;
      } else {
        if (this.overlapsRunning(scope)) break;
        this.ranges.add(scope);
      }
      this.head++;
      this.queuedBytes -= job.size;
      this.running++;
      void this.session.run(job.packet).then((frame) => this.finished(job, scope, frame));
    }
    this.compact();
  }

  private overlapsRunning(scope: RangeScope): boolean {
    for (const r of this.ranges) if (overlaps(r, scope)) return true;
    return false;
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.queuedBytes <= QUEUE_PAUSE_BYTES / 2) {
      this.paused = false;
      this.stream.resume?.();
    }
  }

  private finished(job: Queued, scope: RequestScope, frame: Uint8Array): void {
    // The file system is done with the data (SFTPFileHandle.write keeps no reference).
    if (job.packet.type === 'write') this.decoder.recycle(job.packet.data);
    this.running--;
    if (scope === BARRIER) this.barrierRunning = false;
    else this.ranges.delete(scope);
    if (this.closed) {
      if (this.running === 0) this.end();
      return;
    }
    this.batch.send(frame);
    this.pump();
  }

  private write(data: Uint8Array, written?: () => void): void {
    let wait: void | Promise<void>;
    try {
      wait = this.stream.write(data, written);
    } catch {
      this.stream.close();
      return;
    }
    if (!wait) {
      this.unconfirmed = 0;
      return;
    }
    this.unconfirmed += data.length;
    wait.then(
      () => {
        this.unconfirmed = 0;
        this.pump();
      },
      () => this.stream.close(),
    );
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.batch.clear();
    if (this.running === 0) this.end();
  }

  /** Closes the session's handles once nothing runs any more, then resolves {@link run}. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    void this.session.close().then(this.done, this.done);
  }
}
