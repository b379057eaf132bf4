import { FX_FAILURE } from '@sshkit/ssh-codes';
import type { SSHClientProcess } from '@sshkit/ssh-connection';
import {
  basename,
  formatSCPCommand,
  type SCPCommand,
  type SCPTransferOptions,
  SFTPError,
  scpReceive,
  scpSend,
} from '@sshkit/ssh-sftp';
import { LocalFileSystem } from '@sshkit/ssh-sftp/node';
import { connect } from '../connect.js';
import type { SSHClientConnectionBase } from '../connection-base.js';
import type { SSHClientOptions } from '../options.js';
import { parseSCPPath, type SCPLocation, type SCPPath } from './scp-path.js';
import { scpStreamOf } from './scp-stream.js';

/** Options of {@link scp}: the transfer's, and connect()'s for the hosts given by name. */
export interface SCPOptions extends SCPTransferOptions, SSHClientOptions {}

type Remote = { conn: SSHClientConnectionBase; path: string };
type Process = SSHClientProcess<Uint8Array>;

/** Most stderr text of a remote scp kept for error messages. */
const STDERR_KEPT = 4096;

/**
 * Copies files with the scp protocol (AsyncSSH `scp`): local to remote,
 * remote to local, or remote to remote (through this process, as `scp -3`).
 * Each source is copied by one `scp -f`/`scp -t` run on its server, in turn;
 * several sources need a destination directory. Hosts given by name are
 * connected to with `options` and closed at the end; connections passed in
 * stay open. Remote paths are expanded by the remote shell (`~`, wildcards).
 * @example
 * ```ts
 * import { scp } from '@sshkit/ssh';
 * await scp('notes.txt', 'me@example.com:backup/');
 * await scp({ conn, path: 'logs/*.log' }, './logs', { preserve: true });
 * ```
 * @throws SFTPError for a failed entry (unless `errorHandler` takes it),
 *   TypeError when no end is remote, connect()'s errors for hosts given by name
 */
export async function scp(
  srcPaths: SCPPath | readonly SCPPath[],
  dstPath: SCPPath = '.',
  options: SCPOptions = {},
): Promise<void> {
  const { preserve, recurse, blockSize, progressHandler, errorHandler, ...connectOptions } = options;
  const transfer: SCPTransferOptions = {
    ...(preserve !== undefined && { preserve }),
    ...(recurse !== undefined && { recurse }),
    ...(blockSize !== undefined && { blockSize }),
    ...(progressHandler && { progressHandler }),
    ...(errorHandler && { errorHandler }),
  };
  const sources = (Array.isArray(srcPaths) ? srcPaths : [srcPaths]) as readonly SCPPath[];
  const owned = new Map<string, Promise<SSHClientConnectionBase>>();
  const resolve = async (location: SCPLocation): Promise<Remote | string> => {
    if (location.kind === 'local') return location.path;
    if (location.kind === 'remote') return { conn: location.conn, path: location.path };
    const key = `${location.username ?? ''}@${location.host}`;
    let conn = owned.get(key);
    if (!conn) {
      conn = connect(location.host, {
        ...connectOptions,
        ...(location.username !== undefined && { username: location.username }),
      });
      owned.set(key, conn);
    }
    return { conn: await conn, path: location.path };
  };
  try {
    const dst = await resolve(parseSCPPath(dstPath));
    const targetIsDirectory = sources.length > 1;
    for (const source of sources) {
      const src = await resolve(parseSCPPath(source));
      await copyOne(src, dst, { ...transfer, targetIsDirectory });
    }
  } finally {
    await Promise.all(
      [...owned.values()].map((c) =>
        c.then(
          (conn) => conn.close(),
          () => undefined,
        ),
      ),
    );
  }
}

/** One source to the destination, by the pair of ends it joins. */
async function copyOne(
  src: Remote | string,
  dst: Remote | string,
  options: SCPTransferOptions & { targetIsDirectory: boolean },
): Promise<void> {
  const command = { recurse: options.recurse ?? false, preserve: options.preserve ?? false };
  if (typeof src === 'string') {
    if (typeof dst === 'string') throw new TypeError('scp: the source or the destination must be remote');
    const sink = {
      ...command,
      mode: 'sink' as const,
      paths: [dst.path],
      targetIsDirectory: options.targetIsDirectory,
    };
    await withRemote(dst.conn, sink, (proc) =>
      scpSend(scpStreamOf(proc.stdout, proc.stdin), new LocalFileSystem(), [src], {
        ...options,
        dstPath: dst.path,
      }),
    );
  } else if (typeof dst === 'string') {
    const source = { ...command, mode: 'source' as const, paths: [src.path], targetIsDirectory: false };
    await withRemote(src.conn, source, (proc) =>
      scpReceive(scpStreamOf(proc.stdout, proc.stdin), new LocalFileSystem(), dst, {
        ...options,
        srcPath: src.path,
        // What a server may send back: only what was asked for (CVE-2019-6111).
        expectedNames: [basename(src.path.replace(/\/+$/, '') || '/')],
      }),
    );
  } else {
    await relay(src, dst, command, options);
  }
}

/**
 * Runs an scp command on a server for the length of `transfer`, then ends its
 * input and waits for it to exit. A transfer cut short by the remote scp
 * ending (it is missing, or refused the command) names what it wrote on stderr.
 */
async function withRemote(
  conn: SSHClientConnectionBase,
  command: Omit<SCPCommand, 'verbose'>,
  transfer: (proc: Process) => Promise<void>,
): Promise<void> {
  const proc = await startSCP(conn, command);
  const stderr = collectText(proc);
  try {
    await transfer(proc);
  } catch (e) {
    proc.channel.close();
    throw withRemoteText(e, await stderr);
  }
  proc.stdin.writeEof();
  await proc.waitClosed();
}

function startSCP(conn: SSHClientConnectionBase, command: Omit<SCPCommand, 'verbose'>): Promise<Process> {
  // A pty would mangle the binary protocol, whatever the connection's defaults say.
  return conn.createProcess(formatSCPCommand(command), { encoding: null, requestPty: false });
}

/** The start of what a process writes on stderr, read to its end so it never stalls the channel. */
async function collectText(proc: Process): Promise<string> {
  const kept: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await proc.stderr.read(STDERR_KEPT).catch(() => new Uint8Array(0));
    if (chunk.length === 0) break;
    if (size < STDERR_KEPT) kept.push(chunk.subarray(0, STDERR_KEPT - size));
    size += chunk.length;
  }
  return Buffer.concat(kept).toString('utf8').trim();
}

/** `e`, with the remote scp's own words when the stream ended under it. */
function withRemoteText(e: unknown, stderr: string): unknown {
  if (stderr === '' || !SFTPError.isInstance(e) || e.code === FX_FAILURE) return e;
  return new SFTPError(e.code, `${e.reason} (remote scp: ${stderr})`);
}

/**
 * Remote to remote: `scp -f` on one server feeds `scp -t` on the other through
 * this process, bytes passed as they are (as ssh's `scp -3`). Each side checks
 * what it receives itself; a failure shows in their exit statuses.
 */
async function relay(
  src: Remote,
  dst: Remote,
  command: Pick<SCPCommand, 'recurse' | 'preserve'>,
  options: SCPTransferOptions & { targetIsDirectory: boolean },
): Promise<void> {
  const from = await startSCP(src.conn, {
    ...command,
    mode: 'source',
    paths: [src.path],
    targetIsDirectory: false,
  });
  const to = await startSCP(dst.conn, {
    ...command,
    mode: 'sink',
    paths: [dst.path],
    targetIsDirectory: options.targetIsDirectory,
  }).catch((e: unknown) => {
    from.channel.close();
    throw e;
  });
  const texts = Promise.all([collectText(from), collectText(to)]);
  await Promise.all([pipe(from, to), pipe(to, from)]);
  await Promise.all([from.waitClosed(), to.waitClosed()]);
  const failed = [from, to].find((p) => p.exitStatus !== 0);
  if (!failed) return;
  const [fromText, toText] = await texts;
  const text = (failed === from ? fromText : toText) || `exit status ${failed.exitStatus}`;
  const error = new SFTPError(FX_FAILURE, `remote scp failed: ${text}`);
  if (!options.errorHandler) throw error;
  await options.errorHandler(error, src.path, dst.path);
}

/** Copies one process's output into another's input until EOF, then ends that input. */
async function pipe(from: Process, to: Process): Promise<void> {
  const stream = scpStreamOf(from.stdout, to.stdin);
  try {
    for (;;) {
      const chunk = await stream.read(256 * 1024);
      if (chunk.length === 0) break;
      await stream.write(chunk);
    }
    to.stdin.writeEof();
  } catch {
    // One side went away: closing both ends the other, and the exit statuses tell.
    from.channel.close();
    to.channel.close();
  }
}
