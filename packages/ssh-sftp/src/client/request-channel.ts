import { SSHError, WireWriter } from '@sshkit/ssh-wire';
import type { SFTPAttrs, SFTPName } from '../attrs.js';
import { SFTPError } from '../errors.js';
import { FrameBatch } from '../frame-batch.js';
import { MAX_PACKET_LENGTH, PacketDecoder } from '../framing.js';
import {
  decodePacket,
  encodePacket,
  type SFTPExtensionPair,
  type SFTPRequest,
  type SFTPResponse,
} from '../packets.js';
import {
  FX_BAD_MESSAGE,
  FX_CONNECTION_LOST,
  FX_EOF,
  FX_NO_CONNECTION,
  FX_OK,
  SFTP_VERSION,
} from '../protocol-numbers.js';
import type { ByteStream } from '../stream.js';

/** A request without its id (the channel assigns one). */
export type RequestBody = SFTPRequest extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

interface Pending {
  resolve(r: SFTPResponse): void;
  reject(e: Error): void;
}

/** Channel state: a discriminated union, never flag soup. */
type ChannelState =
  | { kind: 'handshake'; resolve(v: [number, SFTPExtensionPair[]]): void; reject(e: Error): void }
  | { kind: 'open' }
  | { kind: 'closed'; error: SFTPError };

/**
 * The request/reply layer of an SFTP client: assigns request ids, matches
 * replies to them in any order, and rejects every pending request (never
 * leaves it pending) when the stream closes or the server misbehaves.
 */
export class RequestChannel {
  private state: ChannelState;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private readonly decoder: PacketDecoder;
  private readonly writer = new WireWriter(64 * 1024);
  private readonly closeWaiters: (() => void)[] = [];
  /** Short frames are written together (a burst of READ requests costs one write). */
  private readonly batch = new FrameBatch((data) => {
    if (this.state.kind !== 'closed') this.write(data);
  });

  private constructor(
    private readonly stream: ByteStream,
    maxPacketLength: number,
    handshake: ChannelState & { kind: 'handshake' },
  ) {
    this.decoder = new PacketDecoder(maxPacketLength);
    this.state = handshake;
    stream.onData((chunk) => this.onData(chunk));
    stream.onClose((err) =>
      this.fail(
        new SFTPError(FX_CONNECTION_LOST, err ? `connection lost: ${err.message}` : 'connection closed'),
      ),
    );
  }

  /**
   * Sends SSH_FXP_INIT and waits for SSH_FXP_VERSION (draft-02 §4).
   * @returns the channel, the server's version and its extensions
   */
  static async open(
    stream: ByteStream,
    maxPacketLength = MAX_PACKET_LENGTH,
  ): Promise<[RequestChannel, number, SFTPExtensionPair[]]> {
    let channel: RequestChannel | undefined;
    const version = await new Promise<[number, SFTPExtensionPair[]]>((resolve, reject) => {
      channel = new RequestChannel(stream, maxPacketLength, { kind: 'handshake', resolve, reject });
      channel.batch.send(encodePacket({ type: 'init', version: SFTP_VERSION, extensions: [] }));
    });
    return [channel as unknown as RequestChannel, version[0], version[1]];
  }

  /** True once the stream has closed or failed. */
  get closed(): boolean {
    return this.state.kind === 'closed';
  }

  /** Requests waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  private write(data: Uint8Array): void {
    try {
      const r = this.stream.write(data);
      if (r)
        r.catch((e: unknown) => this.fail(new SFTPError(FX_CONNECTION_LOST, `write failed: ${String(e)}`)));
    } catch (e) {
      this.fail(new SFTPError(FX_CONNECTION_LOST, `write failed: ${String(e)}`));
    }
  }

  /**
   * Sends a request and resolves with its reply, whatever order replies come in.
   * @throws SFTPError(FX_NO_CONNECTION) if the channel is closed;
   *   SFTPError(FX_CONNECTION_LOST) if it closes before the reply
   */
  request(body: RequestBody): Promise<SFTPResponse> {
    if (this.state.kind === 'closed')
      return Promise.reject(new SFTPError(FX_NO_CONNECTION, 'SFTP session closed'));
    let id = this.nextId;
    while (this.pending.has(id)) id = (id + 1) >>> 0;
    this.nextId = (id + 1) >>> 0;
    // Encode before registering, so an invalid argument (RangeError) leaves nothing pending.
    const frame = encodePacket({ ...body, id } as SFTPRequest, this.writer);
    return new Promise<SFTPResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.batch.send(frame);
    });
  }

  /**
   * Gives back the data of a DATA reply the caller is done with (nothing may
   * use it afterwards): its memory assembles a later reply.
   */
  recycle(data: Uint8Array): void {
    this.decoder.recycle(data);
  }

  /** Closes the stream; pending requests fail with FX_CONNECTION_LOST. */
  close(): Promise<void> {
    if (this.state.kind === 'closed') return Promise.resolve();
    const done = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    this.batch.flush();
    this.stream.close();
    return done;
  }

  private onData(chunk: Uint8Array): void {
    if (this.state.kind === 'closed') return;
    let payloads: Uint8Array[];
    try {
      payloads = this.decoder.feed(chunk);
    } catch (e) {
      this.protocolError(e);
      return;
    }
    for (const payload of payloads) {
      if (this.closed) return;
      try {
        this.onPacket(payload);
      } catch (e) {
        this.protocolError(e);
        return;
      }
    }
  }

  private onPacket(payload: Uint8Array): void {
    const packet = decodePacket(payload);
    const state = this.state;
    switch (state.kind) {
      case 'handshake':
        if (packet.type !== 'version')
          throw new SFTPError(FX_BAD_MESSAGE, `expected SSH_FXP_VERSION, got ${packet.type}`);
        if (packet.version < SFTP_VERSION) {
          throw new SFTPError(FX_BAD_MESSAGE, `unsupported SFTP version ${packet.version}`);
        }
        this.state = { kind: 'open' };
        state.resolve([packet.version, packet.extensions]);
        return;
      case 'open': {
        if (!('id' in packet)) throw new SFTPError(FX_BAD_MESSAGE, `unexpected ${packet.type}`);
        const p = this.pending.get(packet.id);
        if (!p) throw new SFTPError(FX_BAD_MESSAGE, `reply to unknown request id ${packet.id}`);
        if (!isResponse(packet)) throw new SFTPError(FX_BAD_MESSAGE, `unexpected ${packet.type} from server`);
        this.pending.delete(packet.id);
        p.resolve(packet);
        return;
      }
      case 'closed':
        return;
      default: {
        const never: never = state;
        throw new Error(`unreachable ${String(never)}`);
      }
    }
  }

  private protocolError(e: unknown): void {
    const reason = SSHError.isInstance(e) ? e.message : String(e);
    const err =
      SFTPError.isInstance(e) && e.code === FX_BAD_MESSAGE
        ? e
        : new SFTPError(FX_BAD_MESSAGE, `protocol error: ${reason}`);
    this.fail(err);
    this.stream.close();
  }

  private fail(error: SFTPError): void {
    const state = this.state;
    if (state.kind === 'closed') return;
    this.state = { kind: 'closed', error };
    if (state.kind === 'handshake') state.reject(error);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
    for (const w of this.closeWaiters.splice(0)) w();
  }
}

function isResponse(p: { type: string }): p is SFTPResponse {
  return (
    p.type === 'status' ||
    p.type === 'handle' ||
    p.type === 'data' ||
    p.type === 'name' ||
    p.type === 'attrs' ||
    p.type === 'extended-reply'
  );
}

// ---- reply expectations ----

function unexpected(r: SFTPResponse, want: string): SFTPError {
  return new SFTPError(FX_BAD_MESSAGE, `expected ${want}, got ${r.type}`);
}

function statusError(r: SFTPResponse & { type: 'status' }): SFTPError {
  return new SFTPError(r.code, r.message || 'request failed', r.lang);
}

/** Expects SSH_FXP_STATUS with FX_OK; any other status is thrown as SFTPError. */
export function expectOk(r: SFTPResponse): void {
  if (r.type !== 'status') throw unexpected(r, 'status');
  if (r.code !== FX_OK) throw statusError(r);
}

/** Expects SSH_FXP_HANDLE. */
export function expectHandle(r: SFTPResponse): Uint8Array {
  if (r.type === 'handle') return r.handle;
  if (r.type === 'status') throw statusError(r);
  throw unexpected(r, 'handle');
}

/** Expects SSH_FXP_DATA; `null` for an FX_EOF status. */
export function expectData(r: SFTPResponse): Uint8Array | null {
  if (r.type === 'data') return r.data;
  if (r.type === 'status') {
    if (r.code === FX_EOF) return null;
    throw statusError(r);
  }
  throw unexpected(r, 'data');
}

/** Expects SSH_FXP_NAME; `null` for an FX_EOF status. */
export function expectNames(r: SFTPResponse): SFTPName[] | null {
  if (r.type === 'name') return r.names;
  if (r.type === 'status') {
    if (r.code === FX_EOF) return null;
    throw statusError(r);
  }
  throw unexpected(r, 'name');
}

/** Expects SSH_FXP_NAME with exactly one entry (REALPATH, READLINK). */
export function expectOneName(r: SFTPResponse): SFTPName {
  const names = expectNames(r);
  if (names?.length !== 1) throw new SFTPError(FX_BAD_MESSAGE, 'expected exactly one name');
  return names[0] as SFTPName;
}

/** Expects SSH_FXP_ATTRS. */
export function expectAttrs(r: SFTPResponse): SFTPAttrs {
  if (r.type === 'attrs') return r.attrs;
  if (r.type === 'status') throw statusError(r);
  throw unexpected(r, 'attrs');
}

/** Expects SSH_FXP_EXTENDED_REPLY. */
export function expectExtendedReply(r: SFTPResponse): Uint8Array {
  if (r.type === 'extended-reply') return r.data;
  if (r.type === 'status') throw statusError(r);
  throw unexpected(r, 'extended reply');
}
