import { disconnectReasonName } from '@sshkit/ssh-codes';
import type { NegotiatedAlgorithms } from './negotiate.js';

/** One event of the transport log (the `log` option of TransportOptions). */
export interface TransportLogEvent {
  /**
   * `version`: an identification line (ours or the peer's); `kex-start`,
   * `kex-done`: each key exchange, the first and every re-key; `ext-info`:
   * the peer's SSH_MSG_EXT_INFO; `debug`: the peer's SSH_MSG_DEBUG;
   * `unimplemented`: SSH_MSG_UNIMPLEMENTED sent or received; `disconnect`:
   * SSH_MSG_DISCONNECT sent or received; `closed`: the transport is over.
   */
  readonly event:
    | 'version'
    | 'kex-start'
    | 'kex-done'
    | 'ext-info'
    | 'debug'
    | 'unimplemented'
    | 'disconnect'
    | 'closed';
  /** Free text for people (never parse it), e.g. 'peer version SSH-2.0-OpenSSH_9.2p1'. */
  readonly detail: string;
  /** For 'disconnect': the reason code, and whether we sent it (else the peer did). */
  readonly code?: number;
  readonly sent?: boolean;
  /** For 'kex-done': the algorithms chosen (what `getExtraInfo().algorithms` reports). */
  readonly algorithms?: NegotiatedAlgorithms;
}

/** Receives {@link TransportLogEvent}s. It is never given keys, secrets or payloads. */
export type TransportLog = (event: TransportLogEvent) => void;

/** @internal the `kex-done` event of the `count`th key exchange */
export function kexDoneEvent(a: NegotiatedAlgorithms, strict: boolean, count: number): TransportLogEvent {
  const both = (cs: string, sc: string) =>
    cs === sc ? cs : `${cs} (client to server), ${sc} (server to client)`;
  return {
    event: 'kex-done',
    detail:
      `key exchange ${count} done: kex ${a.kex}, host key ${a.hostKey}, cipher ${both(a.cipherC2S, a.cipherS2C)}, ` +
      `MAC ${both(a.macC2S, a.macS2C)}, compression ${both(a.compressionC2S, a.compressionS2C)}, ` +
      `strict kex ${strict ? 'on' : 'off'}`,
    algorithms: a,
  };
}

/** @internal the `disconnect` event of a DISCONNECT we sent or received */
export function disconnectEvent(code: number, reason: string, sent: boolean): TransportLogEvent {
  const who = sent ? 'sent' : 'received';
  return {
    event: 'disconnect',
    detail: `${who} ${disconnectReasonName(code)} (${code}): ${reason}`,
    code,
    sent,
  };
}
