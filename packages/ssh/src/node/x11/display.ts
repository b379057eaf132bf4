/**
 * DISPLAY values, parsed the way OpenSSH's x11_connect_display and libxcb's
 * display parser read them, so a forwarded X11 channel reaches the same X
 * server a local client would.
 */
import { isIPv6 } from 'node:net';
import type { Endpoint } from '../forward.js';

export interface X11Display {
  /** '' for a local display (":0", "unix:0", or a socket path such as XQuartz's "/private/tmp/.../org.xquartz:0"). */
  readonly host: string;
  readonly displayNumber: number;
  readonly screen: number;
  /** Where the X server listens: /tmp/.X11-unix/X<n> for local displays, the given path for path displays, host:6000+n for TCP. */
  readonly endpoint: Endpoint;
}

/** X servers listen on TCP port 6000 + display number. */
const X11_BASE_PORT = 6000;
/** OpenSSH's limit, so 6000 + n stays a port number. */
const MAX_DISPLAY = 0xffff - X11_BASE_PORT;
/** "N" or "N.S" after the last colon. */
const NUMBER_SCREEN = /^(\d+)(?:\.(\d+))?$/;
/** A host name or IPv4 address; anything with spaces, slashes or brackets is not one. */
const HOST_NAME = /^[A-Za-z0-9._-]+$/;

function parseNumberScreen(text: string, display: string): { displayNumber: number; screen: number } {
  const m = NUMBER_SCREEN.exec(text);
  const displayNumber = Number(m?.[1]);
  const screen = Number(m?.[2] ?? 0);
  if (!m || displayNumber > MAX_DISPLAY || !Number.isSafeInteger(screen)) {
    throw new TypeError(`Invalid DISPLAY ${JSON.stringify(display)}`);
  }
  return { displayNumber, screen };
}

/** The TCP host of `host:N`, brackets of an IPv6 literal removed; undefined when it is no host. */
function tcpHost(host: string): string | undefined {
  if (host.startsWith('[') && host.endsWith(']')) {
    const inner = host.slice(1, -1);
    return isIPv6(inner) ? inner : undefined;
  }
  // A bare IPv6 literal is fine too: the display number follows its last colon.
  if (host.includes(':')) return isIPv6(host) ? host : undefined;
  return HOST_NAME.test(host) ? host : undefined;
}

/** Parses a DISPLAY value ("[host]:display[.screen]", "unix:N", "/path/to/socket:N[.S]", "[::1]:0" IPv6 in brackets or bare "::1:0" as X allows); throws TypeError on anything else (empty, missing number, number > 65535-6000, garbage). */
export function parseDisplay(display: string): X11Display {
  const colon = display.lastIndexOf(':');
  if (colon < 0) throw new TypeError(`Invalid DISPLAY ${JSON.stringify(display)}`);
  const prefix = display.slice(0, colon);
  const { displayNumber, screen } = parseNumberScreen(display.slice(colon + 1), display);
  // XQuartz (launchd) names the socket itself, ":N" included; only ".S" is not part of the path.
  if (prefix.startsWith('/')) {
    const dot = display.lastIndexOf('.');
    const path = dot > colon ? display.slice(0, dot) : display;
    return { host: '', displayNumber, screen, endpoint: { path } };
  }
  // "::N" is the DECnet-style spelling OpenSSH also takes as the local display.
  if (prefix === '' || prefix === 'unix' || prefix === ':') {
    return { host: '', displayNumber, screen, endpoint: { path: `/tmp/.X11-unix/X${displayNumber}` } };
  }
  const host = tcpHost(prefix);
  if (host === undefined) throw new TypeError(`Invalid DISPLAY ${JSON.stringify(display)}`);
  return { host, displayNumber, screen, endpoint: { host, port: X11_BASE_PORT + displayNumber } };
}
