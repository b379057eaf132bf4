/**
 * Process I/O redirection (AsyncSSH `redirect`, the `stdin=`/`stdout=`/
 * `stderr=` arguments of `create_process`), runtime-neutral: sources are
 * readers or async iterables, sinks anything with `write` (async for
 * back-pressure) and an optional `end`. The Node umbrella adapts files and
 * Node streams to these.
 */
import { type DataOps, SSHReader, SSHWriter } from './stream.js';
import type { SessionData } from './types.js';

/** Where a process's stdin comes from: another channel's reader, or any async iterable of data. */
export type ProcessSource = SSHReader<SessionData> | AsyncIterable<SessionData>;

/** Where a process's stdout or stderr goes; `write` may return a promise to apply back-pressure. */
export interface ProcessSink<D extends SessionData = SessionData> {
  write(data: D): void | Promise<void>;
  /** Called once, after the last write, when every stream redirected here reached EOF. */
  end?(): void | Promise<void>;
}

/** A destination: a sink, or another channel's writer (its EOF follows ours). */
export type ProcessTarget<D extends SessionData = SessionData> = ProcessSink<D> | SSHWriter<SessionData>;

/** What `redirect()` takes; `stderr: 'stdout'` merges stderr into stdout's destination. */
export interface ProcessRedirects<D extends SessionData = SessionData> {
  stdin?: ProcessSource;
  stdout?: ProcessTarget<D>;
  stderr?: ProcessTarget<D> | 'stdout';
}

/** A target as a sink: a writer gets back-pressure from `drain()` and EOF at the end. */
export function toSink<D extends SessionData>(target: ProcessTarget<D>): ProcessSink<D> {
  if (!(target instanceof SSHWriter)) return target;
  return {
    write: (data) => {
      target.write(data);
      return target.drain();
    },
    end: () => target.writeEof(),
  };
}

/** Units asked of a channel per read while copying. */
const COPY_CHUNK = 64 * 1024;

async function* chunksOf(source: ProcessSource): AsyncGenerator<SessionData> {
  if (!(source instanceof SSHReader)) {
    yield* source;
    return;
  }
  for (;;) {
    const data = await source.read(COPY_CHUNK);
    if (data.length === 0) return;
    yield data;
  }
}

/** Copies `source` into a process's stdin with back-pressure, then sends EOF. */
export async function pumpIn(source: ProcessSource, stdin: SSHWriter<SessionData>): Promise<void> {
  for await (const data of chunksOf(source)) {
    stdin.write(data);
    await stdin.drain();
  }
  stdin.writeEof();
}

/** Copies a channel reader into a sink until EOF. */
export async function pumpOut<D extends SessionData>(
  reader: SSHReader<D>,
  sink: ProcessSink<D>,
): Promise<void> {
  for (;;) {
    const data = await reader.read(COPY_CHUNK);
    if (data.length === 0) return;
    await sink.write(data);
  }
}

/** A sink shared by several streams (stderr merged into stdout): `end` runs after the last one. */
export function sharedSink<D extends SessionData>(sink: ProcessSink<D>, users: number): ProcessSink<D> {
  let left = users;
  return {
    write: (data) => sink.write(data),
    end: async () => {
      if (--left === 0) await sink.end?.();
    },
  };
}

/** A sink that keeps what it is given, for `wait()`'s results. */
export class CollectingSink<D extends SessionData> implements ProcessSink<D> {
  private readonly parts: D[] = [];

  constructor(private readonly ops: DataOps<D>) {}

  write(data: D): void {
    this.parts.push(data);
  }

  /** Everything written, joined. */
  result(): D {
    return this.ops.concat(this.parts);
  }
}
