import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SSHReader, SSHWriter, X11Forward, X11Request } from '@sshkit/ssh-connection';
import type { SSHListener } from '../../listen.js';
import { listenForwarding } from '../forward.js';
import { addCookie, removeCookie } from './auth-file.js';
import { encodeXauthority, localCookieEntry, type XauthEntry } from './xauthority.js';

/** How many displays after the offset are tried, as sshd's MAX_DISPLAYS. */
const MAX_DISPLAYS = 1000;

/** Opens an `x11` channel to the client for a connection from `origHost:origPort`. */
export type OpenX11Channel = (
  origHost: string,
  origPort: number,
) => Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]>;

/** Listens on the first free display port from `offset` (127.0.0.1 only, as sshd's X11UseLocalhost). */
async function listenOnDisplay(
  offset: number,
  onSocket: OpenX11Channel,
): Promise<[number, SSHListener] | undefined> {
  for (let n = offset; n < offset + MAX_DISPLAYS && 6000 + n <= 65535; n++) {
    try {
      const listener = await listenForwarding({ host: '127.0.0.1', port: 6000 + n }, (socket) =>
        onSocket(socket.remoteAddress ?? '', socket.remotePort ?? 0),
      );
      return [n, listener];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') return undefined;
    }
  }
  return undefined;
}

/**
 * The server end of one session's X11 forwarding, as sshd does it: a display
 * listening on 127.0.0.1, each connection to it an `x11` channel to the client
 * (only the first with `singleConnection`), and the client's cookie where X
 * programs of the session find it through `XAUTHORITY`: added to `sharedAuthPath`
 * (and taken out again at the end) when given, else in a fresh Xauthority
 * file in a private directory.
 * @returns the display and file, and how to undo both; undefined refuses the request
 */
export async function startX11Forward(
  request: X11Request,
  offset: number,
  open: OpenX11Channel,
  sharedAuthPath?: string,
): Promise<{ forward: X11Forward; close(): Promise<void> } | undefined> {
  const cookie = Buffer.from(request.authCookie, 'hex');
  if (cookie.length === 0 || cookie.toString('hex') !== request.authCookie.toLowerCase()) return undefined;
  let accepted = false;
  const listening = await listenOnDisplay(offset, (host, port) => {
    if (request.singleConnection && accepted) return Promise.reject(new Error('single connection used'));
    accepted = true;
    if (request.singleConnection) listener.close();
    return open(host, port);
  });
  if (!listening) return undefined;
  const [display, listener] = listening;
  const entry = { ...localCookieEntry(hostname(), display, cookie), name: request.authProtocol };
  const placed = await placeCookie(entry, sharedAuthPath);
  if (!placed) {
    listener.close();
    return undefined;
  }
  const close = async () => {
    listener.close();
    await placed.remove();
  };
  return { forward: { display: `localhost:${display}.${request.screen}`, authPath: placed.path }, close };
}

/**
 * The cookie added to `shared` (and taken out again by `remove`), or alone in
 * a new file in a private directory (removed with it); undefined when it
 * cannot be written.
 */
async function placeCookie(
  entry: XauthEntry,
  shared: string | undefined,
): Promise<{ path: string; remove(): Promise<void> } | undefined> {
  if (shared !== undefined) {
    try {
      await addCookie(shared, entry);
    } catch {
      return undefined;
    }
    return { path: shared, remove: () => removeCookie(shared, entry).catch(() => undefined) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'sshkit-x11-')).catch(() => undefined);
  if (dir === undefined) return undefined;
  const path = join(dir, 'Xauthority');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(path, encodeXauthority([entry]), { mode: 0o600 });
  } catch {
    await remove();
    return undefined;
  }
  return { path, remove };
}
