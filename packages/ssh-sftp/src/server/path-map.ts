/**
 * Chroot-safe path handling. The server works in a *virtual* namespace whose
 * root `/` is the root of the file system backend; nothing a client sends can
 * name a path outside it:
 *
 * 1. {@link normalizePath} makes every client path absolute (relative to the
 *    session's working directory) and collapses `.`/`..` lexically, clamping
 *    `..` at `/` (as `chroot(2)` does: "/.." is "/").
 * 2. {@link resolvePath} walks the result one component at a time, expanding
 *    symbolic links *inside the virtual namespace*: an absolute link target
 *    restarts at the virtual root, `..` in a target is clamped at it. The
 *    result names only real directories on the way, so a backend that joins it
 *    under its root directory cannot be led out by a link.
 */
import { SFTPError } from '../errors.js';
import { FX_NO_SUCH_FILE } from '../protocol-numbers.js';

/**
 * Most symbolic links followed while resolving one path, as Linux's
 * `MAXSYMLINKS` (40); more is reported as a loop.
 */
export const MAX_SYMLINK_HOPS = 40;

/**
 * Joins `path` to `cwd` (when relative) and collapses `.`, `..` and repeated
 * slashes; `..` never climbs above `/`.
 * @param path - a client path (any string without NUL)
 * @param cwd - the absolute working directory
 * @returns an absolute, normalized path (`/` or `/a/b`, no trailing slash)
 * @throws SFTPError(FX_NO_SUCH_FILE) if the path contains a NUL character
 */
export function normalizePath(path: string, cwd = '/'): string {
  if (path.includes('\0')) throw new SFTPError(FX_NO_SUCH_FILE, 'path contains a NUL character');
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The kind of a directory entry, as far as path resolution cares. */
export type EntryKind = 'dir' | 'link' | 'other';

/** The two primitives {@link resolvePath} needs from a backend, on virtual paths. */
export interface LinkOps {
  /** Kind of the entry at `path` without following a final link, or `null` if absent. */
  kind(path: string): Promise<EntryKind | null>;
  /** Target of the symbolic link at `path`. */
  readlink(path: string): Promise<string>;
}

/**
 * Resolves symbolic links in a normalized virtual path, staying inside the
 * virtual root.
 * @param ops - the backend's `kind`/`readlink`
 * @param path - an absolute normalized virtual path
 * @param followFinal - also expand the last component if it is a link
 * @returns the resolved virtual path; its last component may not exist
 * @throws SFTPError(FX_NO_SUCH_FILE) if a non-final component is missing or not a
 *   directory, or after {@link MAX_SYMLINK_HOPS} links (a loop)
 */
export async function resolvePath(ops: LinkOps, path: string, followFinal: boolean): Promise<string> {
  const done: string[] = [];
  let todo = path.split('/').filter((p) => p !== '' && p !== '.');
  let hops = 0;
  while (todo.length > 0) {
    const part = todo[0] as string;
    todo = todo.slice(1);
    if (part === '..') {
      done.pop();
      continue;
    }
    if (part === '.' || part === '') continue;
    const here = `/${[...done, part].join('/')}`;
    const isLast = todo.length === 0;
    const kind = await ops.kind(here);
    if (kind === null) {
      if (isLast) {
        done.push(part);
        break;
      }
      throw new SFTPError(FX_NO_SUCH_FILE, 'no such file or directory');
    }
    if (kind === 'link' && (!isLast || followFinal)) {
      if (++hops > MAX_SYMLINK_HOPS)
        throw new SFTPError(FX_NO_SUCH_FILE, 'too many levels of symbolic links');
      const target = await ops.readlink(here);
      if (target.includes('\0')) throw new SFTPError(FX_NO_SUCH_FILE, 'link target contains NUL');
      if (target.startsWith('/')) done.length = 0;
      todo = [...target.split('/').filter((p) => p !== '' && p !== '.'), ...todo];
      continue;
    }
    if (!isLast && kind !== 'dir') throw new SFTPError(FX_NO_SUCH_FILE, 'not a directory');
    done.push(part);
  }
  return `/${done.join('/')}`;
}

/** The parent directory of a normalized absolute path (`/` for `/`). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** The last component of a normalized absolute path (`''` for `/`). */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
