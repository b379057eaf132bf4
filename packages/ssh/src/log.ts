import type { AuthLog, AuthLogEvent } from '@sshkit/ssh-auth';
import type { ConnectionLog, ConnectionLogEvent } from '@sshkit/ssh-connection';
import type { TransportLog, TransportLogEvent } from '@sshkit/ssh-transport';

/** One entry of an sshkit log (the `logger` option of connect() and listen()), as `ssh -v` shows. */
export interface SSHLogEntry {
  /**
   * Which connection it is about: `C` (client side) or `S` (server side) and
   * a number counting the connections this process started or accepted.
   */
  readonly connection: string;
  /**
   * The layer that logged it: `ssh` (connecting, the host key check, login),
   * `transport` (versions, key exchanges, disconnects), `auth`, `connection`
   * (channels and requests).
   */
  readonly layer: 'ssh' | 'transport' | 'auth' | 'connection';
  /** What happened: the layer's event name (`kex-done`, `failure`, `channel-open`, `host-key`...). */
  readonly event: string;
  /** Free text for people (never parse it); control characters are shown as `\xNN`. */
  readonly detail: string;
  /** The layer's own event with its structured fields (none for `ssh`). */
  readonly data?: TransportLogEvent | AuthLogEvent | ConnectionLogEvent;
}

/** Receives {@link SSHLogEntry}s. It is never given secrets: no keys, passwords, commands or data. */
export type SSHLogger = (entry: SSHLogEntry) => void;

/** One line for a log file: `C1 transport kex-done: ...`. */
export function formatLogEntry(entry: SSHLogEntry): string {
  return `${entry.connection} ${entry.layer} ${entry.event}: ${entry.detail}`;
}

/** @internal where each layer of one connection logs */
export interface ConnectionLogs {
  readonly transport: TransportLog;
  readonly auth: AuthLog;
  readonly connection: ConnectionLog;
  ssh(event: string, detail: string): void;
}

let connections = 0;

/**
 * `text` with control characters shown as `\xNN`: details quote what a peer
 * sent (its version line, DEBUG and DISCONNECT texts), which must not drive a
 * terminal the log is printed on (ssh -v strips them too).
 */
function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    out += control ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

function authDetail(e: AuthLogEvent): string {
  const who = e.username !== undefined ? ` for ${e.username}` : '';
  return `${e.method ?? ''}${who}`.trim() || e.event;
}

/**
 * @internal the logs of a new connection, numbered; `undefined` without a
 * logger, so that nothing is formatted then. A logger that throws is ignored:
 * logging never breaks a connection.
 */
export function connectionLogs(
  logger: SSHLogger | undefined,
  side: 'client' | 'server',
): ConnectionLogs | undefined {
  if (!logger) return undefined;
  const connection = `${side === 'client' ? 'C' : 'S'}${++connections}`;
  const emit = (entry: Omit<SSHLogEntry, 'connection'>): void => {
    try {
      logger({ connection, ...entry, detail: printable(entry.detail) });
    } catch {
      // The logger's own failure is not the connection's.
    }
  };
  return {
    transport: (e) => emit({ layer: 'transport', event: e.event, detail: e.detail, data: e }),
    auth: (e) => emit({ layer: 'auth', event: e.event, detail: e.detail ?? authDetail(e), data: e }),
    connection: (e) => emit({ layer: 'connection', event: e.event, detail: e.detail, data: e }),
    ssh: (event, detail) => emit({ layer: 'ssh', event, detail }),
  };
}
