import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { type Readable, Writable } from 'node:stream';
import type {
  ProcessRedirects,
  ProcessSink,
  ProcessSource,
  ProcessTarget,
  SessionData,
} from '@sshkit/ssh-connection';

/** A process's stdin on Node: what the portable layer takes, a file path, or a Node `Readable`. */
export type NodeProcessSource = ProcessSource | string | Readable;

/** A process's stdout/stderr on Node: what the portable layer takes, a file path, or a Node `Writable`. */
export type NodeProcessTarget<D extends SessionData> = ProcessTarget<D> | string | Writable;

/** `stdin` / `stdout` / `stderr` of `run()` and `createProcess()` on Node (AsyncSSH's redirection). */
export interface NodeProcessRedirects<D extends SessionData> {
  stdin?: NodeProcessSource;
  stdout?: NodeProcessTarget<D>;
  stderr?: NodeProcessTarget<D> | 'stdout';
}

/** A Node `Writable` as a sink: writes wait for `drain`, `end` waits for `finish`. */
function writableSink<D extends SessionData>(stream: Writable): ProcessSink<D> {
  return {
    async write(data) {
      if (!stream.write(data)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      if (!stream.writableFinished) await once(stream, 'finish');
    },
  };
}

function target<D extends SessionData>(t: NodeProcessTarget<D>): ProcessTarget<D> {
  if (typeof t === 'string') return writableSink(createWriteStream(t));
  if (t instanceof Writable) return writableSink(t);
  return t;
}

/**
 * Maps file paths and Node streams onto the portable redirects: a path for
 * stdin is read, a path for stdout/stderr is created (truncated) and written.
 */
export function toProcessRedirects<D extends SessionData>(r: NodeProcessRedirects<D>): ProcessRedirects<D> {
  return {
    ...(r.stdin !== undefined && {
      stdin: typeof r.stdin === 'string' ? createReadStream(r.stdin) : (r.stdin as ProcessSource),
    }),
    ...(r.stdout !== undefined && { stdout: target(r.stdout) }),
    ...(r.stderr !== undefined && { stderr: r.stderr === 'stdout' ? 'stdout' : target(r.stderr) }),
  };
}
