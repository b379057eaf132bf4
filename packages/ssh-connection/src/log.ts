/**
 * The connection log (the `log` option): channel opens and closes, channel and
 * global requests, protocol errors, as `ssh -v` shows them. Never channel
 * data, env values or exec command lines: they can hold secrets.
 *
 * Call sites use `log?.({...})`: with no log set the event and its detail are
 * never built (optional call skips its arguments).
 */
import { openFailureName } from '@sshkit/ssh-codes';
import {
  CHANNEL_TYPE,
  decodeDirectStreamlocalOpenData,
  decodeEnvRequest,
  decodeExitSignal,
  decodeForwardedStreamlocalOpenData,
  decodeStreamlocalForward,
  decodeStringRequest,
  decodeTcpipForward,
  decodeTcpipOpenData,
  decodeTunOpenData,
  decodeUint32Request,
  GLOBAL_REQUEST,
  SSH_TUN_MODE_ETHERNET,
  SSH_TUN_MODE_POINTTOPOINT,
  SSH_TUN_UNIT_ANY,
} from './messages.js';

/** One event of the connection log (the `log` option of ConnectionOptions). */
export interface ConnectionLogEvent {
  readonly event:
    | 'channel-open'
    | 'channel-open-failed'
    | 'channel-opened'
    | 'channel-close'
    | 'channel-request'
    | 'global-request'
    | 'protocol-error';
  /** Free text for people (never parse it), e.g. 'channel 3: open direct-tcpip to 127.0.0.1:8080'. */
  readonly detail: string;
  /** The channel's local id, for channel events (absent for a peer's open not accepted yet). */
  readonly channel?: number;
  /** The channel type (session, direct-tcpip, forwarded-tcpip, x11, auth-agent@openssh.com, ...) or the request name. */
  readonly type?: string;
  /** Whether this side started it (opened the channel, sent the request, closed first); false: the peer did. */
  readonly local?: boolean;
  /** For requests wanting a reply, and open results: whether it was accepted. */
  readonly accepted?: boolean;
}

/** Receives {@link ConnectionLogEvent}s. */
export type ConnectionLog = (event: ConnectionLogEvent) => void;

/** The emit helper: `log` made safe, since a throwing log must never break the connection. */
export function safeLog(log: ConnectionLog | undefined): ConnectionLog | undefined {
  if (!log) return undefined;
  return (event) => {
    try {
      log(event);
    } catch {
      // The log is for people; its failures are not the connection's.
    }
  };
}

/** '', ': accepted' or ': refused' after a request, as its reply is unwanted or known. */
function outcome(accepted: boolean | undefined): string {
  return accepted === undefined ? '' : accepted ? ': accepted' : ': refused';
}

/** `decode(data)`, or '' when the peer's data does not decode (the log must not throw). */
function tryDecode(decode: () => string): string {
  try {
    return decode();
  } catch {
    return '';
  }
}

/** `tun@openssh.com` modes by the names of ssh's `Tunnel` option. */
const TUN_MODE_NAMES: Readonly<Record<number, string>> = {
  [SSH_TUN_MODE_POINTTOPOINT]: 'point-to-point',
  [SSH_TUN_MODE_ETHERNET]: 'ethernet',
};

/** Where a channel goes, from its open data: ` to host:port` for TCP/IP, the path for Unix sockets. */
function openTarget(type: string, data: Uint8Array): string {
  return tryDecode(() => {
    switch (type) {
      case CHANNEL_TYPE.DIRECT_TCPIP:
      case CHANNEL_TYPE.FORWARDED_TCPIP: {
        const m = decodeTcpipOpenData(data);
        return ` to ${m.host}:${m.port} from ${m.origHost}:${m.origPort}`;
      }
      case CHANNEL_TYPE.DIRECT_STREAMLOCAL:
        return ` to ${decodeDirectStreamlocalOpenData(data).path}`;
      case CHANNEL_TYPE.FORWARDED_STREAMLOCAL:
        return ` to ${decodeForwardedStreamlocalOpenData(data).path}`;
      case CHANNEL_TYPE.TUN: {
        const m = decodeTunOpenData(data);
        const mode = TUN_MODE_NAMES[m.mode] ?? `mode ${m.mode}`;
        return ` ${mode} to unit ${m.unit === SSH_TUN_UNIT_ANY ? 'any' : m.unit}`;
      }
      default:
        return '';
    }
  });
}

/** How an open's events name the channel: ours once we have an id, else the peer's number. */
function openSubject(local: boolean, id: number): string {
  return local ? `channel ${id}` : `peer channel ${id}`;
}

/** A CHANNEL_OPEN sent (`id`: our channel) or received (`id`: the peer's channel number). */
export function openEvent(type: string, data: Uint8Array, local: boolean, id: number): ConnectionLogEvent {
  return {
    event: 'channel-open',
    detail: `${openSubject(local, id)}: open ${type}${openTarget(type, data)}${local ? '' : ' (requested by peer)'}`,
    ...(local && { channel: id }),
    type,
    local,
  };
}

/** An open confirmed, ours (`local`) or the peer's. */
export function openedEvent(
  type: string,
  local: boolean,
  localId: number,
  remoteId: number,
): ConnectionLogEvent {
  return {
    event: 'channel-opened',
    detail: `channel ${localId}: ${type} opened (peer channel ${remoteId})`,
    channel: localId,
    type,
    local,
    accepted: true,
  };
}

/** An open refused, ours (`local`, `id` ours) or the peer's (`id` the peer's): `code` with its name and the description text. */
export function openFailedEvent(
  type: string,
  local: boolean,
  id: number,
  code: number,
  description: string,
): ConnectionLogEvent {
  return {
    event: 'channel-open-failed',
    detail: `${openSubject(local, id)}: open ${type} refused: ${openFailureName(code)} (${code}) ${JSON.stringify(description)}`,
    ...(local && { channel: id }),
    type,
    local,
    accepted: false,
  };
}

/** A channel closed both ways; `local`: we sent CLOSE first. */
export function closeEvent(type: string, localId: number, local: boolean): ConnectionLogEvent {
  return {
    event: 'channel-close',
    detail: `channel ${localId}: ${type} closed (${local ? 'we' : 'the peer'} closed first)`,
    channel: localId,
    type,
    local,
  };
}

/** What a channel request's log shows beyond its type: never exec command lines nor env values. */
function requestArgument(type: string, data: Uint8Array): string {
  return tryDecode(() => {
    switch (type) {
      case 'subsystem':
      case 'signal':
        return ` ${decodeStringRequest(data)}`;
      case 'exit-status':
        return ` ${decodeUint32Request(data)}`;
      case 'exit-signal':
        return ` ${decodeExitSignal(data).signal}`;
      case 'env':
        return ` ${decodeEnvRequest(data).name}`;
      default:
        return '';
    }
  });
}

/** A channel request sent (`local`) or received; `accepted` once a wanted reply is known. */
export function channelRequestEvent(
  localId: number,
  type: string,
  data: Uint8Array,
  local: boolean,
  accepted: boolean | undefined,
): ConnectionLogEvent {
  return {
    event: 'channel-request',
    detail: `channel ${localId}: ${local ? 'sent' : 'received'} ${type}${requestArgument(type, data)}${outcome(accepted)}`,
    channel: localId,
    type,
    local,
    ...(accepted !== undefined && { accepted }),
  };
}

/** What a global request's log shows beyond its name: the forwarded address. */
function globalArgument(name: string, data: Uint8Array): string {
  return tryDecode(() => {
    switch (name) {
      case GLOBAL_REQUEST.TCPIP_FORWARD:
      case GLOBAL_REQUEST.CANCEL_TCPIP_FORWARD: {
        const m = decodeTcpipForward(data);
        return ` ${m.host}:${m.port}`;
      }
      case GLOBAL_REQUEST.STREAMLOCAL_FORWARD:
      case GLOBAL_REQUEST.CANCEL_STREAMLOCAL_FORWARD:
        return ` ${decodeStreamlocalForward(data)}`;
      default:
        return '';
    }
  });
}

/** A global request sent (`local`) or received; `accepted` once a wanted reply is known. */
export function globalRequestEvent(
  name: string,
  data: Uint8Array,
  local: boolean,
  accepted: boolean | undefined,
): ConnectionLogEvent {
  return {
    event: 'global-request',
    detail: `${local ? 'sent' : 'received'} global request ${name}${globalArgument(name, data)}${outcome(accepted)}`,
    type: name,
    local,
    ...(accepted !== undefined && { accepted }),
  };
}
