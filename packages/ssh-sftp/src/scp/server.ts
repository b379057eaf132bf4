/**
 * What OpenSSH's `scp` does when sshd runs `scp -t` / `scp -f` for a client:
 * one exec request served on a file system.
 */
import { posixBasename } from '../client/transfer.js';
import { SFTPError } from '../errors.js';
import { FX_NO_SUCH_FILE } from '../protocol-numbers.js';
import type { SFTPFileSystem } from '../server/filesystem.js';
import { normalizePath } from '../server/path-map.js';
import { SCPChannel } from './channel.js';
import { parseSCPCommand, type SCPCommand } from './command.js';
import { hasWildcards, patternTest, unescapePattern } from './pattern.js';
import { errorLine, guarded } from './protocol.js';
import { reasonOf } from './report.js';
import { SCPSink } from './sink.js';
import { SCPSource } from './source.js';
import type { SCPStream, SCPTransferOptions } from './types.js';

/** Options of {@link runSCPServer}. */
export interface SCPServerOptions {
  /** The user's home in `fs`: where relative paths and `~` start. @default '/' */
  home?: string;
}

/** `~` and `~/...` (unquoted, see SCPCommand) start at the home directory; `~user` is a plain name. */
function fromHome(path: string, home: string): string {
  if (path === '~' || path.startsWith('~/')) return home + path.slice(1);
  return path;
}

/** True when `path` exists (a link counts, even dangling). */
function exists(fs: SFTPFileSystem, path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The paths a source pattern names, as the shell globs it: every existing
 * path matching it component by component, sorted; or the pattern's literal
 * text when it has no wildcard. Not `glob()`: the shell's rules differ from
 * SFTP's (backslash escapes, hidden names, sorted results).
 * @param pattern - absolute and normalized, in SCPCommand source syntax
 * @throws SFTPError(FX_NO_SUCH_FILE) when nothing matches
 */
async function expand(fs: SFTPFileSystem, pattern: string): Promise<string[]> {
  if (!hasWildcards(pattern)) return [unescapePattern(pattern)];
  let paths = [''];
  for (const part of pattern.split('/').filter((p) => p !== '')) {
    if (!hasWildcards(part)) {
      paths = paths.map((p) => `${p}/${unescapePattern(part)}`);
      continue;
    }
    const matches = patternTest(part);
    const next: string[] = [];
    for (const dir of paths) {
      const entries = await fs.readdir(dir === '' ? '/' : dir).catch(() => []);
      for (const { filename } of entries) if (matches(filename)) next.push(`${dir}/${filename}`);
    }
    paths = next;
  }
  const found: string[] = [];
  for (const p of paths) if (await exists(fs, p)) found.push(p);
  if (found.length === 0) throw new SFTPError(FX_NO_SUCH_FILE, 'No such file or directory');
  return found.sort();
}

async function serve(
  channel: SCPChannel,
  fs: SFTPFileSystem,
  command: SCPCommand,
  home: string,
  transfer: SCPTransferOptions,
): Promise<void> {
  const full = (p: string): string => normalizePath(fromHome(p, home), home);
  if (command.mode === 'sink') {
    const target = command.paths[0] as string;
    let path: string;
    try {
      path = full(target);
    } catch (e) {
      channel.sendQuietly(errorLine(target, reasonOf(e), true));
      throw e;
    }
    const sink = new SCPSink(channel, fs, { ...transfer, targetIsDirectory: command.targetIsDirectory });
    await sink.run(path);
    return;
  }
  const source = new SCPSource(channel, fs, transfer);
  await source.start();
  for (const pattern of command.paths) {
    let paths: string[];
    let shown = unescapePattern(pattern);
    try {
      shown = unescapePattern(full(pattern));
      paths = await expand(fs, full(pattern));
    } catch (e) {
      await source.refuse(shown, posixBasename(shown), e);
      continue;
    }
    for (const path of paths) await source.send(path);
  }
}

/**
 * Serves one scp exec request over `stream` on `fs`, as OpenSSH's `scp`
 * does when sshd runs `scp -t` / `scp -f` (see {@link parseSCPCommand}).
 * Paths are relative to `options.home` and normalized (`normalizePath`:
 * never above `/`); `~` and `~/...` start at the home. Source patterns are
 * expanded against `fs` as the shell would (sorted, a leading `.`
 * matched only literally); one that matches nothing is reported
 * as "No such file or directory". Errors go to the peer in-band
 * (`\x01scp: <path>: <message>`) and the transfer goes on where the protocol
 * allows; a bad command or a protocol violation ends it with a `\x02` line.
 * @returns the exit status: 0 when everything worked, 1 otherwise (never rejects for the peer's doing)
 */
export async function runSCPServer(
  command: string,
  stream: SCPStream,
  fs: SFTPFileSystem,
  options: SCPServerOptions = {},
): Promise<number> {
  const channel = new SCPChannel(stream);
  let parsed: SCPCommand;
  try {
    parsed = parseSCPCommand(command);
  } catch (e) {
    channel.sendQuietly(errorLine('', reasonOf(e), true));
    return 1;
  }
  let failed = false;
  const transfer: SCPTransferOptions = {
    recurse: parsed.recurse,
    preserve: parsed.preserve,
    errorHandler: () => {
      failed = true;
    },
  };
  try {
    const home = normalizePath(options.home ?? '/');
    await guarded(channel, () => serve(channel, fs, parsed, home, transfer));
  } catch {
    return 1;
  }
  return failed ? 1 : 0;
}
