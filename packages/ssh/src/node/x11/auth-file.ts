/**
 * A session's cookie in a shared Xauthority file (the server's `x11AuthPath`,
 * as sshd's `xauth add` / `xauth remove` edit the user's): added with the
 * entries for other displays kept, removed when the session ends. Edits of
 * one file are queued so that sessions starting or ending together do not
 * undo each other's.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { sameBytes } from '../../bytes.js';
import { encodeXauthority, parseXauthority, type XauthEntry } from './xauthority.js';

const queues = new Map<string, Promise<unknown>>();

/** Runs `edit` on `path`'s entries after the edits queued before it, and writes the result through a rename. */
function editFile(path: string, edit: (entries: XauthEntry[]) => XauthEntry[]): Promise<void> {
  const run = async () => {
    const bytes = await readFile(path).catch((e: { code?: unknown }) => {
      if (e.code === 'ENOENT') return new Uint8Array(0);
      throw e;
    });
    const temp = `${path}.sshkit-${process.pid}-${Date.now()}`;
    try {
      await writeFile(temp, encodeXauthority(edit(parseXauthority(new Uint8Array(bytes)))), { mode: 0o600 });
      await rename(temp, path);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  };
  const queued = (queues.get(path) ?? Promise.resolve()).then(run, run);
  const tail = queued.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return queued;
}

/** Whether two entries are for the same display of the same host (what `xauth add` replaces). */
function sameDisplay(a: XauthEntry, b: XauthEntry): boolean {
  return a.family === b.family && a.number === b.number && sameBytes(a.address, b.address);
}

/** Adds `entry`, replacing what the file had for its display. */
export function addCookie(path: string, entry: XauthEntry): Promise<void> {
  return editFile(path, (entries) => [...entries.filter((e) => !sameDisplay(e, entry)), entry]);
}

/** Removes `entry` if the file still has it (another session may have replaced it since). */
export function removeCookie(path: string, entry: XauthEntry): Promise<void> {
  return editFile(path, (entries) =>
    entries.filter((e) => !(sameDisplay(e, entry) && e.name === entry.name && sameBytes(e.data, entry.data))),
  );
}
