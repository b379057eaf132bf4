import {
  DISC_BY_APPLICATION,
  MSG_DEBUG,
  MSG_DISCONNECT,
  MSG_EXT_INFO,
  MSG_IGNORE,
  MSG_KEXINIT,
  MSG_NEWKEYS,
  MSG_PING,
  MSG_PONG,
  MSG_SERVICE_ACCEPT,
  MSG_SERVICE_REQUEST,
  MSG_UNIMPLEMENTED,
  MSG_USERAUTH_SUCCESS,
} from '@sshkit/ssh-codes';
import {
  CryptoError,
  defaultRandom,
  defaultSignatureAlgs,
  getCipher,
  type RandomSource,
  rekeyBlockLimit,
} from '@sshkit/ssh-crypto';
import { WireError } from '@sshkit/ssh-wire';
import { createCompressor, createDecompressor, isDelayedCompression } from './compression.js';
import {
  ConnectionLost,
  DisconnectError,
  disconnectErrorFor,
  KeyExchangeFailed,
  ProtocolError,
  ServiceNotAvailable,
} from './errors.js';
import { KexMachine, type KexResult } from './kex/kex-machine.js';
import { plaintextProtection } from './kex/session-keys.js';
import { disconnectEvent, kexDoneEvent, type TransportLogEvent } from './log.js';
import {
  decodeDebug,
  decodeDisconnect,
  decodeExtInfo,
  decodeKexInit,
  decodePingData,
  decodeService,
  decodeUnimplemented,
  encodeDebug,
  encodeDisconnect,
  encodeExtInfo,
  encodeKexInit,
  encodePong,
  encodeServiceAccept,
  encodeServiceRequest,
  encodeUnimplemented,
  type KexInit,
} from './messages.js';
import {
  EXT_INFO_C,
  EXT_INFO_S,
  KEX_STRICT_C,
  KEX_STRICT_S,
  type NegotiatedAlgorithms,
} from './negotiate.js';
import {
  DEFAULT_REKEY_BYTES,
  DEFAULT_REKEY_SECONDS,
  type OfferedAlgorithms,
  offeredAlgorithms,
  type TransportOptions,
} from './options.js';
import { DEFAULT_MAX_PACKET } from './packet/limits.js';
import { PacketReader } from './packet/reader.js';
import { PacketWriter } from './packet/writer.js';
import { joinPayload, type PacketChannel } from './packet-channel.js';
import { formatVersionLine, type PeerVersion, VersionExchange } from './version.js';

/** What the transport hands to its driver. */
export interface TransportEvents {
  /**
   * Bytes to send to the peer; `written`, when called, hands their memory
   * back for reuse (a driver that cannot tell simply never calls it).
   */
  write(bytes: Uint8Array, written?: () => void): void;
  /** The connection is over; `error` is undefined for a clean local close. */
  close(error: DisconnectError | undefined): void;
  /** SSH_MSG_DEBUG from the peer. */
  debug?(message: string, lang: string, alwaysDisplay: boolean): void;
}

/** First message number of the connection protocol (RFC 4250 §4.1.2). */
const FIRST_CONNECTION_MESSAGE = 80;
/**
 * Service packets held until the layer above registers its handler; a peer
 * that floods before then is cut off (OpenSSH bounds its pre-auth queue too).
 */
const MAX_EARLY_PACKETS = 64;
/** First message number the layers above the transport use (user authentication). */
const FIRST_SERVICE_MESSAGE = 50;

type Phase =
  | { kind: 'version' }
  | { kind: 'running' }
  | { kind: 'closed'; error: DisconnectError | undefined };

/**
 * The SSH transport layer (RFC 4253) as a sans-I/O state machine: feed it the
 * peer's bytes with {@link Transport.receive}; it writes through
 * `events.write`. It runs the identification exchange, algorithm negotiation,
 * key exchange (initial and re-keys, strict-kex), ext-info, and hands service
 * payloads to the layer above through the {@link PacketChannel} interface.
 */
export class Transport implements PacketChannel {
  readonly role: 'client' | 'server';
  private readonly options: TransportOptions;
  private readonly offered: OfferedAlgorithms;
  private readonly random: RandomSource;
  private readonly now: () => number;
  private readonly versionLine: string;
  private readonly versionExchange: VersionExchange;
  private readonly reader: PacketReader;
  private readonly writer: PacketWriter;
  private phase: Phase = { kind: 'version' };
  private peer: PeerVersion | undefined;
  private pump: Promise<void> = Promise.resolve();
  private kex: KexMachine | undefined;
  private ourKexInit: { payload: Uint8Array; parsed: KexInit } | undefined;
  private readonly queued: Uint8Array[] = [];
  private packetHandler: ((payload: Uint8Array) => void) | undefined;
  private readonly earlyPackets: Uint8Array[] = [];
  private outCompression = 'none';
  private inCompression = 'none';
  private compressionStarted = false;
  private isAuthenticated = false;
  private strict = false;
  private kexCount = 0;
  private lastKexAt = 0;
  private rekeyBytesLimit: number;
  private sessionIdValue: Uint8Array | undefined;
  private negotiatedAlgs: NegotiatedAlgorithms | undefined;
  private readonly extensions = new Map<string, Uint8Array>();
  private serviceWaiter: { name: string; resolve: () => void; reject: (e: Error) => void } | undefined;
  private readyResolve!: () => void;
  private readyReject!: (e: Error) => void;
  private closedResolve!: (e: DisconnectError | undefined) => void;
  /** Resolves when the first key exchange is complete. */
  readonly ready: Promise<void>;
  /** Resolves with the reason when the connection is over. */
  readonly closed: Promise<DisconnectError | undefined>;

  constructor(
    options: TransportOptions,
    private readonly events: TransportEvents,
  ) {
    this.options = options;
    this.role = options.role;
    this.offered = offeredAlgorithms(options);
    this.random = options.random ?? defaultRandom;
    this.now = options.now ?? Date.now;
    this.versionLine = formatVersionLine(options.softwareVersion ?? 'sshkit_0.1');
    this.versionExchange = new VersionExchange(this.role);
    const plain = plaintextProtection();
    this.reader = new PacketReader(plain.opener, options.maxPacketSize ?? DEFAULT_MAX_PACKET);
    this.writer = new PacketWriter(plain.sealer, this.random);
    this.rekeyBytesLimit = options.rekeyBytes ?? DEFAULT_REKEY_BYTES;
    this.ready = new Promise((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.ready.catch(() => undefined);
    this.closed = new Promise((resolve) => {
      this.closedResolve = resolve;
    });
  }

  /** Sends our identification string; call once, when the stream is open. */
  start(): void {
    this.log(() => ({ event: 'version', detail: `local version ${this.versionLine.trimEnd()}` }));
    this.events.write(new TextEncoder().encode(this.versionLine));
  }

  /** Feeds bytes received from the peer. */
  receive(chunk: Uint8Array): void {
    if (this.phase.kind === 'closed') return;
    if (this.phase.kind === 'running') {
      // Copied into the packet buffer now, so the stream may reuse `chunk` at once.
      this.reader.push(chunk);
      this.pump = this.pump.then(() => this.readPackets()).catch((e: unknown) => this.fail(e));
      return;
    }
    const copy = chunk.slice();
    this.pump = this.pump.then(() => this.process(copy)).catch((e: unknown) => this.fail(e));
  }

  /** The byte stream ended or failed under us. */
  connectionLost(error?: Error): void {
    // After the bytes already received: a DISCONNECT just before EOF wins.
    const lost = new ConnectionLost(
      error ? `connection lost: ${error.message}` : 'connection closed by peer',
    );
    this.pump = this.pump.then(() => this.finish(lost));
  }

  // ---- PacketChannel -------------------------------------------------------

  get sessionId(): Uint8Array {
    if (!this.sessionIdValue) throw new Error('Transport.sessionId: no key exchange has completed');
    return this.sessionIdValue;
  }

  get peerExtensions(): ReadonlyMap<string, Uint8Array> {
    return this.extensions;
  }

  onPacket(handler: (payload: Uint8Array) => void): void {
    this.packetHandler = handler;
    // Deliver what arrived before a layer was listening (USERAUTH_REQUEST before the auth server runs,
    // hostkeys-00 before the connection layer): in order, and not from inside the caller
    // (a layer that registers in its constructor is not called half-built).
    if (this.earlyPackets.length > 0) {
      this.pump = this.pump.then(() => this.deliverEarly()).catch((e: unknown) => this.fail(e));
    }
  }

  send(payload: Uint8Array, tail?: Uint8Array): void {
    if (this.phase.kind === 'closed') return;
    if (this.kex !== undefined || this.sessionIdValue === undefined) {
      // `tail` is the caller's again once we return: what waits is a copy.
      this.queued.push(joinPayload(payload, tail));
      return;
    }
    this.writePacket(payload, tail);
    this.maybeRekey();
  }

  disconnect(code: number, reason: string): void {
    if (this.phase.kind === 'closed') return;
    this.writePacket(encodeDisconnect({ code, description: reason, lang: '' }));
    this.log(() => disconnectEvent(code, reason, true));
    this.finish(code === DISC_BY_APPLICATION ? undefined : disconnectErrorFor(code, reason));
  }

  authenticated(): void {
    this.isAuthenticated = true;
  }

  // ---- Public helpers ------------------------------------------------------

  /** Client: asks for a service (RFC 4253 §10) and waits for the server to accept it. */
  requestService(name: string): Promise<void> {
    if (this.role !== 'client') return Promise.reject(new TypeError('requestService is for clients'));
    return new Promise((resolve, reject) => {
      this.serviceWaiter = { name, resolve, reject };
      this.send(encodeServiceRequest(name));
    });
  }

  /** Sends SSH_MSG_DEBUG (RFC 4253 §11.3). */
  sendDebug(message: string, alwaysDisplay = false): void {
    this.send(encodeDebug({ alwaysDisplay, message, lang: '' }));
  }

  /** Closes the connection at once, without telling the peer. */
  abort(): void {
    this.finish(new ConnectionLost('connection aborted'));
  }

  /** Starts a key re-exchange now (RFC 4253 §9); traffic resumes when it is done. */
  rekey(): void {
    if (this.phase.kind !== 'running' || this.kex !== undefined || this.sessionIdValue === undefined) return;
    this.startKex('rekey() call');
  }

  /** The negotiated algorithms, peer version and counters, for `getExtraInfo`. */
  getExtraInfo(): {
    peerVersion: string | undefined;
    algorithms: NegotiatedAlgorithms | undefined;
    strictKex: boolean;
    kexCount: number;
  } {
    return {
      peerVersion: this.peer?.raw,
      algorithms: this.negotiatedAlgs,
      strictKex: this.strict,
      kexCount: this.kexCount,
    };
  }

  // ---- Input ---------------------------------------------------------------

  private async process(chunk: Uint8Array): Promise<void> {
    if (this.phase.kind === 'closed') return;
    if (this.phase.kind === 'version') {
      const progress = this.versionExchange.feed(chunk);
      if (!progress.done) return;
      this.peer = progress.version;
      this.log(() => ({ event: 'version', detail: `peer version ${progress.version.raw}` }));
      this.phase = { kind: 'running' };
      this.startKex('on connect');
      chunk = progress.rest;
    }
    this.reader.push(chunk);
    await this.readPackets();
  }

  /** Handles every complete packet in the buffer, in order. */
  private async readPackets(): Promise<void> {
    for (;;) {
      if (this.phase.kind !== 'running') return;
      const packet = this.reader.next();
      if (!packet) return;
      await this.handle(packet.seq, packet.payload);
    }
  }

  private async handle(seq: number, payload: Uint8Array): Promise<void> {
    if (payload.length === 0) throw new ProtocolError('empty packet payload');
    const type = payload[0] as number;
    const initialKex = this.sessionIdValue === undefined;
    // Strict kex allows only key exchange messages (and a DISCONNECT) until the first NEWKEYS.
    if (this.strict && initialKex && !isKexMessage(type) && type !== MSG_DISCONNECT) {
      throw new ProtocolError(
        `strict key exchange: unexpected message ${type} during the initial key exchange`,
      );
    }
    switch (type) {
      case MSG_DISCONNECT: {
        const m = decodeDisconnect(payload);
        this.log(() => disconnectEvent(m.code, m.description, false));
        this.finish(disconnectErrorFor(m.code, m.description, m.lang));
        return;
      }
      case MSG_IGNORE:
      case MSG_PONG:
        return;
      case MSG_UNIMPLEMENTED:
        this.handleUnimplemented(payload);
        return;
      case MSG_DEBUG: {
        const m = decodeDebug(payload);
        this.log(() => ({ event: 'debug', detail: m.message }));
        this.events.debug?.(m.message, m.lang, m.alwaysDisplay);
        return;
      }
      case MSG_PING:
        this.send(encodePong(decodePingData(payload)));
        return;
      case MSG_SERVICE_REQUEST:
        this.handleServiceRequest(payload);
        return;
      case MSG_SERVICE_ACCEPT:
        this.handleServiceAccept(payload);
        return;
      case MSG_EXT_INFO: {
        const received = decodeExtInfo(payload);
        for (const [name, value] of received) this.extensions.set(name, value);
        this.log(() => ({ event: 'ext-info', detail: extInfoDetail(received) }));
        return;
      }
      case MSG_KEXINIT:
        this.handleKexInit(payload);
        return;
      case MSG_NEWKEYS:
        this.handleNewKeys();
        return;
      default:
        break;
    }
    if (isKexMessage(type)) {
      if (!this.kex) throw new ProtocolError(`key exchange message ${type} outside a key exchange`);
      const result = await this.kex.step(payload);
      this.afterKexStep(result);
      return;
    }
    if (type < FIRST_SERVICE_MESSAGE) {
      this.writePacket(encodeUnimplemented(seq));
      this.log(() => ({ event: 'unimplemented', detail: `sent for packet ${seq} (message ${type})` }));
      return;
    }
    if (initialKex) throw new ProtocolError(`message ${type} before the key exchange completed`);
    if (this.role === 'server' && type >= FIRST_CONNECTION_MESSAGE && !this.isAuthenticated) {
      throw new ProtocolError(`connection protocol message ${type} before authentication`);
    }
    if (this.role === 'client' && type === MSG_USERAUTH_SUCCESS) this.startDelayedCompression();
    if (!this.packetHandler || this.earlyPackets.length > 0) {
      if (this.earlyPackets.length >= MAX_EARLY_PACKETS)
        throw new ProtocolError('too many packets before a service was ready');
      this.earlyPackets.push(payload);
      return;
    }
    this.deliver(this.packetHandler, payload);
  }

  private deliverEarly(): void {
    while (this.packetHandler && this.earlyPackets.length > 0 && this.phase.kind !== 'closed') {
      this.deliver(this.packetHandler, this.earlyPackets.shift() as Uint8Array);
    }
  }

  private deliver(handler: (payload: Uint8Array) => void, payload: Uint8Array): void {
    handler(payload);
    // USERAUTH_SUCCESS ends the authentication layer's part: what the server
    // sends right behind it (sshd's hostkeys-00) waits for the next handler.
    if (this.role === 'client' && payload[0] === MSG_USERAUTH_SUCCESS) this.packetHandler = undefined;
  }

  /**
   * A peer that cannot re-key right now (OpenSSH's sshd before authentication)
   * answers our KEXINIT with UNIMPLEMENTED: drop the re-key and carry on.
   */
  private handleUnimplemented(payload: Uint8Array): void {
    const dropRekey = this.kex?.awaitingPeerKexInit === true && this.sessionIdValue !== undefined;
    this.log(() => ({
      event: 'unimplemented',
      detail: `received for our packet ${decodeUnimplemented(payload)}${dropRekey ? ', re-key dropped' : ''}`,
    }));
    if (dropRekey) {
      this.kex = undefined;
      const queued = this.queued.splice(0);
      for (const p of queued) this.writePacket(p);
    }
  }

  private handleServiceRequest(payload: Uint8Array): void {
    const name = decodeService(payload);
    if (this.role !== 'server' || this.sessionIdValue === undefined) {
      throw new ProtocolError('unexpected SSH_MSG_SERVICE_REQUEST');
    }
    if (name !== 'ssh-userauth') throw new ServiceNotAvailable(`service ${name} is not available`);
    this.send(encodeServiceAccept(name));
  }

  private handleServiceAccept(payload: Uint8Array): void {
    const name = decodeService(payload);
    const waiter = this.serviceWaiter;
    if (this.role !== 'client' || !waiter || waiter.name !== name) {
      throw new ProtocolError('unexpected SSH_MSG_SERVICE_ACCEPT');
    }
    this.serviceWaiter = undefined;
    waiter.resolve();
  }

  // ---- Key exchange --------------------------------------------------------

  private offersStrict(): boolean {
    return this.options.strictKex !== false;
  }

  private buildKexInit(): { payload: Uint8Array; parsed: KexInit } {
    const initial = this.sessionIdValue === undefined;
    const o = this.offered;
    // Feature markers go in the kex list of the first KEXINIT only (RFC 8308 §2.1, PROTOCOL 1.10).
    const markers = !initial
      ? []
      : this.role === 'client'
        ? [EXT_INFO_C, ...(this.offersStrict() ? [KEX_STRICT_C] : [])]
        : [EXT_INFO_S, ...(this.offersStrict() ? [KEX_STRICT_S] : [])];
    const parsed: KexInit = {
      cookie: this.random(16),
      kexAlgs: [...o.kex, ...markers],
      hostKeyAlgs: o.hostKey,
      encryptionC2S: o.cipher,
      encryptionS2C: o.cipher,
      macC2S: o.mac,
      macS2C: o.mac,
      compressionC2S: o.compression,
      compressionS2C: o.compression,
      languagesC2S: [],
      languagesS2C: [],
      firstKexPacketFollows: false,
    };
    return { payload: encodeKexInit(parsed), parsed };
  }

  /** `why`: what started it, for the log. */
  private startKex(why: string): void {
    this.log(() => ({
      event: 'kex-start',
      detail:
        this.sessionIdValue === undefined
          ? `first key exchange (${why})`
          : `re-key, key exchange ${this.kexCount + 1} (${why})`,
    }));
    this.ourKexInit = this.buildKexInit();
    this.kex = new KexMachine({
      role: this.role,
      options: this.options,
      random: this.random,
      ours: this.ourKexInit,
      clientVersion: this.role === 'client' ? this.versionLine.trimEnd() : (this.peer as PeerVersion).raw,
      serverVersion: this.role === 'server' ? this.versionLine.trimEnd() : (this.peer as PeerVersion).raw,
      sessionId: this.sessionIdValue,
    });
    this.writePacket(this.ourKexInit.payload);
  }

  private handleKexInit(payload: Uint8Array): void {
    if (!this.kex) this.startKex("peer's KEXINIT");
    const kex = this.kex as KexMachine;
    const theirs = decodeKexInit(payload);
    if (this.sessionIdValue === undefined && this.offersStrict()) {
      this.strict = theirs.kexAlgs.includes(this.role === 'client' ? KEX_STRICT_S : KEX_STRICT_C);
      if (this.strict && this.reader.sequence !== 1) {
        throw new ProtocolError('strict key exchange: KEXINIT was not the first packet');
      }
    }
    const result = kex.peerKexInit(payload, theirs);
    this.negotiatedAlgs = kex.algorithms;
    this.afterKexStep(result);
  }

  private afterKexStep(result: KexResult): void {
    for (const out of result.send) this.writePacket(out);
    if (result.newKeysSent) {
      const initial = this.sessionIdValue === undefined;
      this.writer.rekeyed(result.newKeysSent, this.strict);
      const algs = this.kex?.algorithms;
      if (algs) this.outCompression = algs[this.role === 'client' ? 'compressionC2S' : 'compressionS2C'];
      this.writer.compressor = this.compressionCodec(this.outCompression, createCompressor);
      // RFC 8308 §2.4: the server's EXT_INFO immediately follows its first NEWKEYS.
      if (initial && this.role === 'server' && this.kex?.peerWantsExtInfo) {
        this.writePacket(encodeExtInfo(new Map([['server-sig-algs', this.serverSigAlgs()]])));
      }
    }
  }

  private handleNewKeys(): void {
    const kex = this.kex;
    if (!kex?.canReceiveNewKeys) throw new ProtocolError('unexpected SSH_MSG_NEWKEYS');
    const done = kex.peerNewKeys();
    this.reader.rekeyed(done.opener, this.strict);
    this.inCompression = done.algorithms[this.role === 'client' ? 'compressionS2C' : 'compressionC2S'];
    this.reader.decompressor = this.compressionCodec(this.inCompression, (name) =>
      createDecompressor(name, (this.options.maxPacketSize ?? DEFAULT_MAX_PACKET) + 64 * 1024),
    );
    const initial = this.sessionIdValue === undefined;
    this.sessionIdValue ??= done.sessionId;
    this.kex = undefined;
    this.kexCount++;
    this.log(() => kexDoneEvent(done.algorithms, this.strict, this.kexCount));
    this.lastKexAt = this.now();
    this.rekeyBytesLimit = Math.min(
      this.options.rekeyBytes ?? DEFAULT_REKEY_BYTES,
      blockLimitBytes(done.algorithms.cipherC2S),
      blockLimitBytes(done.algorithms.cipherS2C),
    );
    const queued = this.queued.splice(0);
    for (const p of queued) this.writePacket(p);
    if (initial) this.readyResolve();
  }

  /**
   * A fresh codec for a direction after NEWKEYS (RFC 4253 §6.2: compression
   * state restarts with each key exchange): `zlib` at once,
   * `zlib@openssh.com` only once the user is authenticated.
   */
  private compressionCodec<T>(name: string, create: (name: 'zlib' | 'zlib@openssh.com') => T): T | undefined {
    if (name === 'zlib') return create(name);
    if (name === 'zlib@openssh.com' && this.compressionStarted) return create(name);
    return undefined;
  }

  /**
   * Delayed compression starts, in both directions, right after
   * USERAUTH_SUCCESS: on the server after sending it, on the client after
   * receiving it (OpenSSH packet.c), so no packet is read or written with the
   * wrong state.
   */
  private startDelayedCompression(): void {
    if (this.compressionStarted) return;
    this.compressionStarted = true;
    if (isDelayedCompression(this.outCompression))
      this.writer.compressor = createCompressor('zlib@openssh.com');
    if (isDelayedCompression(this.inCompression)) {
      this.reader.decompressor = createDecompressor(
        'zlib@openssh.com',
        (this.options.maxPacketSize ?? DEFAULT_MAX_PACKET) + 64 * 1024,
      );
    }
  }

  private serverSigAlgs(): string {
    // What we accept for user authentication (RFC 8308 §3.1): the non-legacy signature algorithms.
    return defaultSignatureAlgs().join(',');
  }

  private maybeRekey(): void {
    if (this.kex !== undefined || this.sessionIdValue === undefined) return;
    const bytes = Math.max(this.writer.bytesSinceKex, this.reader.bytesSinceKex);
    const seconds = (this.now() - this.lastKexAt) / 1000;
    if (bytes >= this.rekeyBytesLimit) this.startKex('byte limit');
    else if (seconds >= (this.options.rekeySeconds ?? DEFAULT_REKEY_SECONDS)) this.startKex('time limit');
  }

  // ---- Output and teardown -------------------------------------------------

  private writePacket(payload: Uint8Array, tail?: Uint8Array): void {
    const packet = this.writer.frame(payload, tail);
    this.events.write(packet, () => this.writer.recycle(packet));
    if (this.role === 'server' && payload[0] === MSG_USERAUTH_SUCCESS) this.startDelayedCompression();
  }

  private fail(e: unknown): void {
    if (this.phase.kind === 'closed') return;
    let error: DisconnectError;
    if (DisconnectError.isInstance(e)) error = e;
    else if (WireError.isInstance(e))
      error = new ProtocolError(`malformed message: ${e.message}`, '', { cause: e });
    else if (CryptoError.isInstance(e)) error = new KeyExchangeFailed(e.message, '', { cause: e });
    else error = new ProtocolError(`internal error: ${(e as Error)?.message ?? String(e)}`, '', { cause: e });
    const tellPeer = !ConnectionLost.isInstance(error) && this.phase.kind === 'running';
    if (tellPeer) {
      try {
        this.writePacket(encodeDisconnect({ code: error.code, description: error.reason, lang: '' }));
        this.log(() => disconnectEvent(error.code, error.reason, true));
      } catch {
        // The peer will see the stream close instead.
      }
    }
    this.finish(error);
  }

  private finish(error: DisconnectError | undefined): void {
    if (this.phase.kind === 'closed') return;
    this.phase = { kind: 'closed', error };
    this.log(() => ({
      event: 'closed',
      detail: error ? `${error.name}: ${error.message}` : 'closed cleanly',
    }));
    const reason = error ?? new ConnectionLost('connection closed');
    this.readyReject(reason);
    this.serviceWaiter?.reject(reason);
    this.serviceWaiter = undefined;
    this.events.close(error);
    this.closedResolve(error);
  }

  /**
   * Calls the `log` option with the event `make` builds: nothing is built
   * without a log, and a log that throws is ignored (it never breaks the transport).
   */
  private log(make: () => TransportLogEvent): void {
    const log = this.options.log;
    if (!log) return;
    try {
      log(make());
    } catch {
      // Logging is for people; the connection does not depend on it.
    }
  }
}

/** Extension names, and server-sig-algs' value (a name-list, no secret). */
function extInfoDetail(extensions: ReadonlyMap<string, Uint8Array>): string {
  const sigAlgs = extensions.get('server-sig-algs');
  const names = [...extensions.keys()].join(', ');
  return sigAlgs ? `${names}; server-sig-algs=${new TextDecoder().decode(sigAlgs)}` : names;
}

function isKexMessage(type: number): boolean {
  return type === MSG_KEXINIT || type === MSG_NEWKEYS || (type >= 30 && type <= 49);
}

/**
 * Bytes after which RFC 4344 §3.2 wants new keys for a cipher: 2^(L/4)
 * blocks of an L-bit block cipher (512 KiB for 3DES/Blowfish/CAST-128). Stream
 * ciphers such as chacha20-poly1305 have no such bound.
 */
function blockLimitBytes(cipherName: string): number {
  const cipher = getCipher(cipherName);
  const blocks = rekeyBlockLimit(cipher);
  return Number.isFinite(blocks) ? blocks * (cipher.cipherBlockBits / 8) : Number.POSITIVE_INFINITY;
}
