import { SFTPError } from '../errors.js';
import type { SCPTransferOptions } from './types.js';

/** The text of a failure, for an error line. */
export function reasonOf(e: unknown): string {
  if (SFTPError.isInstance(e)) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reports a failed entry: to the error handler, and the transfer goes on; or,
 * without one, by throwing it. A throwing handler stops the transfer with what it threw.
 */
export async function reportFailure(
  options: SCPTransferOptions,
  e: unknown,
  srcPath: string,
  dstPath: string,
): Promise<void> {
  const handler = options.errorHandler;
  if (!handler) throw e;
  await handler(e instanceof Error ? e : new Error(String(e)), srcPath, dstPath);
}

/** The parent of a path as given (`''` when it has none), for the other side's paths. */
function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return trimmed === '' && path.startsWith('/') ? '/' : '';
  return i === 0 ? '/' : trimmed.slice(0, i);
}

/** `base` joined with a relative path (`base` alone when `rel` is empty). */
export function joinRel(base: string, rel: string): string {
  if (base === '' || rel === '') return base === '' ? rel : base;
  return base.endsWith('/') ? base + rel : `${base}/${rel}`;
}

/** The source side's path of an entry a sink received, from the path the client asked for. */
export function sourcePathOf(srcPath: string | undefined, rel: string): string {
  return srcPath === undefined ? rel : joinRel(parentOf(srcPath), rel);
}
