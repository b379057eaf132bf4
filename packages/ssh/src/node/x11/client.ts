import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { OPEN_ADMINISTRATIVELY_PROHIBITED, OPEN_REQUEST_X11_FORWARDING_FAILED } from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  SSHReader as Reader,
  type SSHReader,
  SSHStreamSession,
  type SSHWriter,
  SSHWriter as Writer,
  type X11Request,
} from '@sshkit/ssh-connection';
import { bridgeSocket } from '../bridge.js';
import { connectSocket, type Endpoint } from '../forward.js';
import { parseDisplay, type X11Display } from './display.js';
import { encodeX11Failed, encodeX11Setup, parseX11Setup, type X11Setup } from './setup.js';
import { findCookie, MIT_MAGIC_COOKIE, parseXauthority } from './xauthority.js';

/** X11 forwarding options (AsyncSSH's names): on `connect()` for every session, or on one session. */
export interface X11ForwardingOptions {
  /**
   * Asks the server to forward X11 connections to the local display (`ssh -X`).
   * A refusal fails the session, or is ignored with `'ignoreFailure'`. @default false
   */
  x11Forwarding?: boolean | 'ignoreFailure';
  /** The local display X clients on the server reach. @default `DISPLAY` */
  x11Display?: string;
  /** The Xauthority file holding the display's cookie. @default `XAUTHORITY`, else `~/.Xauthority` */
  x11AuthPath?: string;
  /** Accept only the first X11 connection of the session. @default false */
  x11SingleConnection?: boolean;
}

/** Session options as the umbrella takes them: the X11 options above in place of the protocol's `x11-req`. */
export type WithX11<O> = Omit<O, 'x11'> & X11ForwardingOptions;

/** What the session-opening methods of the protocol take in place of the options above. */
export type X11SessionRequest = X11Request & { readonly ignoreFailure?: boolean };

/** Where one session's X connections go, and the real authorization they get there. */
interface X11Target {
  readonly endpoint: Endpoint;
  readonly authName: string;
  readonly authData: Uint8Array;
  readonly single: boolean;
  used: boolean;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The raw addresses an Xauthority entry for `host` may name (FamilyInternet / FamilyInternet6). */
async function addressesOf(host: string): Promise<Uint8Array[]> {
  const all = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
  return all.map(({ address }) =>
    isIP(address) === 4
      ? Uint8Array.from(address.split('.').map(Number))
      : Uint8Array.from(Buffer.from(expandIPv6(address), 'hex')),
  );
}

/** `::1` -> 32 hex digits. */
function expandIPv6(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  const zeros = address.includes('::') ? Array<string>(8 - h.length - t.length).fill('0') : [];
  return [...h, ...zeros, ...t].map((g) => g.padStart(4, '0')).join('');
}

/** The display's real cookie, or none when the file or an entry for it is missing (as AsyncSSH, X then decides). */
async function realCookie(
  display: X11Display,
  authPath: string,
): Promise<{ name: string; data: Uint8Array }> {
  try {
    const entries = parseXauthority(await readFile(authPath));
    const local = display.host === '' || 'path' in display.endpoint;
    const found = findCookie(entries, display, hostname(), local ? [] : await addressesOf(display.host));
    if (found) return found;
  } catch {
    // An unreadable or corrupt file: connect without authorization.
  }
  return { name: '', data: new Uint8Array(0) };
}

/**
 * The client end of X11 forwarding, as ssh -X does it: each session that asks
 * gets a random fake cookie; X clients on the server present it, and each
 * `x11` channel's connection setup gets the real cookie of the local display
 * in its place before it goes on to the X server. A wrong cookie gets an X11
 * "Failed" reply and the channel closes.
 */
export class X11ClientForwarder {
  readonly #defaults: X11ForwardingOptions;
  readonly #targets = new Map<string, X11Target>();

  constructor(defaults: X11ForwardingOptions) {
    this.#defaults = defaults;
  }

  /**
   * The `x11-req` a session with `options` sends (undefined when it does not
   * forward X11), and the function that forgets its cookie once it closes.
   * @throws ChannelOpenError(OPEN_REQUEST_X11_FORWARDING_FAILED) when there is no display to forward to
   * @throws TypeError for a display value that is not one
   */
  async request(options: X11ForwardingOptions): Promise<[X11SessionRequest | undefined, () => void]> {
    const o = { ...this.#defaults, ...options };
    const none: [undefined, () => void] = [undefined, () => undefined];
    if (!o.x11Forwarding) return none;
    const value = o.x11Display ?? process.env.DISPLAY;
    if (!value) {
      if (o.x11Forwarding === 'ignoreFailure') return none;
      throw new ChannelOpenError(
        OPEN_REQUEST_X11_FORWARDING_FAILED,
        'X11 forwarding: no display (DISPLAY is not set)',
      );
    }
    const display = parseDisplay(value);
    const authPath = o.x11AuthPath ?? process.env.XAUTHORITY ?? join(homedir(), '.Xauthority');
    const real = await realCookie(display, authPath);
    const fake = randomBytes(real.data.length > 0 ? real.data.length : 16);
    const key = hex(fake);
    this.#targets.set(key, {
      endpoint: display.endpoint,
      authName: real.name,
      authData: real.data,
      single: o.x11SingleConnection === true,
      used: false,
    });
    const request: X11SessionRequest = {
      singleConnection: o.x11SingleConnection === true,
      authProtocol: MIT_MAGIC_COOKIE,
      authCookie: key,
      screen: display.screen,
      ...(o.x11Forwarding === 'ignoreFailure' && { ignoreFailure: true }),
    };
    return [request, () => this.#targets.delete(key)];
  }

  /** What an `x11` channel from the server gets: refused unless a session asked for X11. */
  channel(): SSHStreamSession<Uint8Array> | ChannelOpenError {
    if (this.#targets.size === 0) {
      return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'X11 forwarding not requested');
    }
    const session = new SSHStreamSession<Uint8Array>();
    session.onStarted = () => {
      void this.serve(new Reader(session), new Writer(session));
    };
    return session;
  }

  private async serve(reader: SSHReader<Uint8Array>, writer: SSHWriter<Uint8Array>): Promise<void> {
    const got = await readSetup(reader);
    if (!got) return writer.close();
    const [setup, buffered] = got;
    const target = setup.authName === MIT_MAGIC_COOKIE ? this.#targets.get(hex(setup.authData)) : undefined;
    if (!target || (target.single && target.used))
      return refuse(writer, setup, 'Invalid MIT-MAGIC-COOKIE-1 key');
    target.used = true;
    const socket = await connectSocket(target.endpoint).catch(() => undefined);
    if (!socket) return refuse(writer, setup, 'sshkit: cannot connect to the local X server');
    socket.write(encodeX11Setup(setup, target.authName, target.authData));
    socket.write(buffered.subarray(setup.length));
    await bridgeSocket(socket, reader, writer);
  }
}

/** The connection setup at the start of the channel, and every byte read so far; undefined if it never came. */
async function readSetup(reader: SSHReader<Uint8Array>): Promise<[X11Setup, Uint8Array] | undefined> {
  let buffered = new Uint8Array(0);
  try {
    for (;;) {
      const setup = parseX11Setup(buffered);
      if (setup) return [setup, buffered];
      const more = await reader.read(65536);
      if (more.length === 0) return undefined;
      buffered = Buffer.concat([buffered, more]);
    }
  } catch {
    return undefined; // not an X11 setup, or the channel failed
  }
}

function refuse(writer: SSHWriter<Uint8Array>, setup: X11Setup, reason: string): void {
  writer.write(encodeX11Failed(setup, reason));
  writer.close();
}

/**
 * Splits a session's options into its X11 forwarding options (undefined ones
 * dropped, so they leave the connection's defaults alone) and the rest.
 */
export function splitX11Options<O extends X11ForwardingOptions>(
  options: O,
): [X11ForwardingOptions, Omit<O, keyof X11ForwardingOptions>] {
  const { x11Forwarding, x11Display, x11AuthPath, x11SingleConnection, ...rest } = options;
  const x11: X11ForwardingOptions = {
    ...(x11Forwarding !== undefined && { x11Forwarding }),
    ...(x11Display !== undefined && { x11Display }),
    ...(x11AuthPath !== undefined && { x11AuthPath }),
    ...(x11SingleConnection !== undefined && { x11SingleConnection }),
  };
  return [x11, rest];
}
