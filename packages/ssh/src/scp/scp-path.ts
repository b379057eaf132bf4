import { SSHClientConnectionBase } from '../connection-base.js';

/**
 * A path on a server (AsyncSSH's `(conn, path)` tuple): `conn` is an open
 * connection, or a `[user@]host` string that `scp()` connects to.
 */
export interface SCPRemotePath {
  readonly conn: SSHClientConnectionBase | string;
  readonly path: string;
}

/**
 * One end of an `scp()` copy: a local path; `[user@]host:path` (ssh's form,
 * `[addr]:path` for IPv6 addresses); a connection alone (its home
 * directory); or an {@link SCPRemotePath}.
 */
export type SCPPath = string | SSHClientConnectionBase | SCPRemotePath;

/** Where one end of a copy is: this machine, or a server given by connection or host. */
export type SCPLocation =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'remote'; readonly conn: SSHClientConnectionBase; readonly path: string }
  | {
      readonly kind: 'host';
      readonly host: string;
      readonly username: string | undefined;
      readonly path: string;
    };

/**
 * Splits `[user@]host:path` as ssh's scp does: a colon before any slash
 * makes a remote path (a bracketed host may hold colons); anything else,
 * a leading colon included, is local.
 */
function splitHostPath(spec: string): { host: string; path: string } | undefined {
  if (spec.startsWith(':')) return undefined;
  const at = spec.indexOf('@');
  const hostStart = at >= 0 && at < spec.search(/[:/]|$/) ? at + 1 : 0;
  if (spec[hostStart] === '[') {
    const close = spec.indexOf(']', hostStart);
    if (close < 0 || spec[close + 1] !== ':') return undefined;
    return { host: spec.slice(0, close + 1), path: spec.slice(close + 2) };
  }
  const colon = spec.search(/[:/]/);
  if (colon < 0 || spec[colon] !== ':') return undefined;
  return { host: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

/** `[user@]host` apart, brackets around an address removed. */
function hostLocation(userHost: string, path: string): SCPLocation {
  const at = userHost.lastIndexOf('@');
  const username = at >= 0 ? userHost.slice(0, at) : undefined;
  let host = at >= 0 ? userHost.slice(at + 1) : userHost;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') throw new TypeError(`scp: no host in ${JSON.stringify(userHost)}`);
  // An empty remote path is the home directory, as with ssh's scp.
  return { kind: 'host', host, username, path: path === '' ? '.' : path };
}

/** Where `spec` points. */
export function parseSCPPath(spec: SCPPath): SCPLocation {
  if (spec instanceof SSHClientConnectionBase) return { kind: 'remote', conn: spec, path: '.' };
  if (typeof spec === 'string') {
    const remote = splitHostPath(spec);
    return remote ? hostLocation(remote.host, remote.path) : { kind: 'local', path: spec };
  }
  const path = spec.path === '' ? '.' : spec.path;
  if (typeof spec.conn === 'string') return hostLocation(spec.conn, path);
  return { kind: 'remote', conn: spec.conn, path };
}
