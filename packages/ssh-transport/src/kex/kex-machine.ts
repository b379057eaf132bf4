import { MSG_KEX_DH_GEX_GROUP, MSG_KEXDH_INIT, MSG_KEXDH_REPLY, MSG_NEWKEYS } from '@sshkit/ssh-codes';
import {
  type DirectKexSpec,
  decodePublicKeyBlob,
  type GexClient,
  type GexGroupChoice,
  type GroupExchangeKexSpec,
  getCipher,
  getKex,
  type KexClient,
  type KexOutcome,
  type PacketOpener,
  type PacketSealer,
  type RandomSource,
  verifySignature,
} from '@sshkit/ssh-crypto';
import { importCertificate } from '@sshkit/ssh-keys';
import { HostKeyNotVerifiable, KeyExchangeFailed, ProtocolError } from '../errors.js';
import type { HostKey } from '../host-key.js';
import { plainAlgorithmOf } from '../host-key-algorithms.js';
import type { KexInit } from '../messages.js';
import { EXT_INFO_C, type NegotiatedAlgorithms, negotiate } from '../negotiate.js';
import type { TransportOptions } from '../options.js';
import {
  decodeGexGroup,
  decodeGexRequest,
  decodeKexInitValue,
  decodeKexReply,
  encodeGexGroup,
  encodeGexRequest,
  encodeKexInitValue,
  encodeKexReply,
  GEX_INIT,
  GEX_REPLY,
} from './messages.js';
import { deriveNewKeys, type NewKeys } from './session-keys.js';

/** What a step asks the transport to do. */
export interface KexResult {
  /** Payloads to send, in order. */
  readonly send: readonly Uint8Array[];
  /** Set when NEWKEYS is among them: switch the writer to this sealer after sending it. */
  readonly newKeysSent?: PacketSealer;
}

/** What the transport learns when the peer's NEWKEYS arrives. */
export interface KexDone {
  readonly opener: PacketOpener;
  readonly sessionId: Uint8Array;
  readonly algorithms: NegotiatedAlgorithms;
}

type State =
  | { kind: 'await-kexinit' }
  | { kind: 'client-await-reply'; client: KexClient; replyType: number }
  | { kind: 'client-await-gex-group'; gex: GexClient }
  | { kind: 'server-await-init'; spec: DirectKexSpec }
  | { kind: 'server-await-gex-request'; spec: GroupExchangeKexSpec }
  | { kind: 'server-await-gex-init'; choice: GexGroupChoice }
  | { kind: 'await-newkeys'; keys: NewKeys; sessionId: Uint8Array };

export interface KexMachineInit {
  role: 'client' | 'server';
  options: TransportOptions;
  random: RandomSource;
  ours: { payload: Uint8Array; parsed: KexInit };
  clientVersion: string;
  serverVersion: string;
  /** The session id of an earlier exchange, for re-keys. */
  sessionId: Uint8Array | undefined;
}

const NEWKEYS = Uint8Array.of(MSG_NEWKEYS);

/**
 * One key exchange (RFC 4253 §7-8, RFC 4419), as a step machine: the
 * transport feeds it the peer's KEXINIT, then each method message, and sends
 * what each step returns.
 */
export class KexMachine {
  private state: State = { kind: 'await-kexinit' };
  private theirs: { payload: Uint8Array; parsed: KexInit } | undefined;
  private negotiated: NegotiatedAlgorithms | undefined;
  /** RFC 4253 §7: drop the peer's guessed first kex packet when its guess was wrong. */
  private ignoreNextKexPacket = false;

  constructor(private readonly init: KexMachineInit) {}

  get algorithms(): NegotiatedAlgorithms | undefined {
    return this.negotiated;
  }

  /** Whether the peer's KEXINIT asked for SSH_MSG_EXT_INFO (`ext-info-c`). */
  get peerWantsExtInfo(): boolean {
    return this.theirs?.parsed.kexAlgs.includes(EXT_INFO_C) ?? false;
  }

  /** True until the peer's KEXINIT arrives. */
  get awaitingPeerKexInit(): boolean {
    return this.state.kind === 'await-kexinit';
  }

  get canReceiveNewKeys(): boolean {
    return this.state.kind === 'await-newkeys';
  }

  peerKexInit(payload: Uint8Array, parsed: KexInit): KexResult {
    if (this.state.kind !== 'await-kexinit') throw new ProtocolError('unexpected SSH_MSG_KEXINIT');
    this.theirs = { payload, parsed };
    const { role, ours } = this.init;
    const client = role === 'client' ? ours.parsed : parsed;
    const server = role === 'server' ? ours.parsed : parsed;
    const algs = negotiate(client, server, (c) => isAead(c));
    this.negotiated = algs;
    this.ignoreNextKexPacket = parsed.firstKexPacketFollows && !algs.guessMatches;
    const spec = getKex(algs.kex);
    const random = this.init.random;
    if (role === 'client') {
      if (spec.kind === 'direct') {
        const client = spec.client({ random });
        this.state = { kind: 'client-await-reply', client, replyType: MSG_KEXDH_REPLY };
        return { send: [encodeKexInitValue(client.publicValue, MSG_KEXDH_INIT)] };
      }
      const gex = spec.client({ random, ...this.init.options.gexClient });
      this.state = { kind: 'client-await-gex-group', gex };
      return { send: [encodeGexRequest(gex.request)] };
    }
    this.state =
      spec.kind === 'direct'
        ? { kind: 'server-await-init', spec }
        : { kind: 'server-await-gex-request', spec };
    return { send: [] };
  }

  async step(payload: Uint8Array): Promise<KexResult> {
    if (this.ignoreNextKexPacket) {
      this.ignoreNextKexPacket = false;
      return { send: [] };
    }
    const type = payload[0] as number;
    const s = this.state;
    switch (s.kind) {
      case 'client-await-reply': {
        expectType(type, s.replyType);
        const reply = decodeKexReply(payload);
        return this.clientFinish(s.client.finish(reply.serverValue), reply.hostKey, reply.signature);
      }
      case 'client-await-gex-group': {
        expectType(type, MSG_KEX_DH_GEX_GROUP);
        const client = s.gex.acceptGroup(decodeGexGroup(payload));
        this.state = { kind: 'client-await-reply', client, replyType: GEX_REPLY };
        return { send: [encodeKexInitValue(client.publicValue, GEX_INIT)] };
      }
      case 'server-await-init': {
        expectType(type, MSG_KEXDH_INIT);
        const outcome = s.spec.server({ random: this.init.random }).respond(decodeKexInitValue(payload));
        return this.serverFinish(outcome, MSG_KEXDH_REPLY);
      }
      case 'server-await-gex-request': {
        expectType(type, 34);
        const choice = s.spec
          .server({ random: this.init.random, ...this.init.options.gexServer })
          .chooseGroup(decodeGexRequest(payload));
        this.state = { kind: 'server-await-gex-init', choice };
        return { send: [encodeGexGroup(choice.group)] };
      }
      case 'server-await-gex-init': {
        expectType(type, GEX_INIT);
        return this.serverFinish(s.choice.respond(decodeKexInitValue(payload)), GEX_REPLY);
      }
      case 'await-kexinit':
      case 'await-newkeys':
        throw new ProtocolError(`unexpected key exchange message ${type}`);
      default: {
        const never: never = s;
        throw new Error(`unhandled kex state ${String(never)}`);
      }
    }
  }

  peerNewKeys(): KexDone {
    const s = this.state;
    if (s.kind !== 'await-newkeys') throw new ProtocolError('unexpected SSH_MSG_NEWKEYS');
    const opener =
      this.init.role === 'client' ? s.keys.serverToClient.opener() : s.keys.clientToServer.opener();
    return {
      opener,
      sessionId: s.sessionId,
      algorithms: this.negotiated as NegotiatedAlgorithms,
    };
  }

  private transcript(hostKey: Uint8Array) {
    const { role, ours, clientVersion, serverVersion } = this.init;
    const theirs = this.theirs as { payload: Uint8Array };
    return {
      clientVersion,
      serverVersion,
      clientKexInit: role === 'client' ? ours.payload : theirs.payload,
      serverKexInit: role === 'server' ? ours.payload : theirs.payload,
      hostKey,
    };
  }

  private async clientFinish(
    outcome: KexOutcome,
    hostKey: Uint8Array,
    signature: Uint8Array,
  ): Promise<KexResult> {
    const algs = this.negotiated as NegotiatedAlgorithms;
    const h = outcome.exchangeHash(this.transcript(hostKey));
    let valid: boolean;
    try {
      // A certificate host key signs with its certified key under the plain algorithm.
      const plain = plainAlgorithmOf(algs.hostKey);
      const key = plain ? importCertificate(hostKey).key.publicData : decodePublicKeyBlob(hostKey);
      valid = verifySignature(key, h, signature, { allowed: [plain ?? algs.hostKey] });
    } catch (e) {
      throw new KeyExchangeFailed('server host key is unusable', '', { cause: e });
    }
    if (!valid) throw new KeyExchangeFailed('server host key signature does not verify');
    const verify = this.init.options.verifyHostKey;
    if (!verify || !(await verify(hostKey, algs.hostKey))) {
      throw new HostKeyNotVerifiable('host key is not trusted');
    }
    return this.sendNewKeys(outcome, h);
  }

  private serverFinish(outcome: KexOutcome, replyType: number): KexResult {
    const algs = this.negotiated as NegotiatedAlgorithms;
    const hostKey = (this.init.options.hostKeys ?? []).find((k) =>
      k.signatureAlgorithms.includes(algs.hostKey),
    );
    if (!hostKey) throw new KeyExchangeFailed(`no host key for ${algs.hostKey}`);
    const h = outcome.exchangeHash(this.transcript(hostKey.publicBlob));
    const reply = encodeKexReply(
      {
        hostKey: hostKey.publicBlob,
        serverValue: outcome.serverPublic,
        signature: signHostKey(hostKey, h, algs.hostKey),
      },
      replyType,
    );
    const result = this.sendNewKeys(outcome, h);
    return { send: [reply, ...result.send], newKeysSent: result.newKeysSent as PacketSealer };
  }

  private sendNewKeys(outcome: KexOutcome, h: Uint8Array): KexResult {
    const algs = this.negotiated as NegotiatedAlgorithms;
    const sessionId = this.init.sessionId ?? h;
    const keys = deriveNewKeys(
      algs,
      outcome.hash,
      outcome.sharedSecret,
      h,
      sessionId,
      this.init.options.keylog,
    );
    this.state = { kind: 'await-newkeys', keys, sessionId };
    const sealer = this.init.role === 'client' ? keys.clientToServer.sealer() : keys.serverToClient.sealer();
    return { send: [NEWKEYS], newKeysSent: sealer };
  }
}

function signHostKey(key: HostKey, data: Uint8Array, algorithm: string): Uint8Array {
  return key.sign(data, algorithm);
}

function expectType(got: number, want: number): void {
  if (got !== want) throw new ProtocolError(`expected key exchange message ${want}, got ${got}`);
}

function isAead(cipher: string): boolean {
  return getCipher(cipher).aead;
}
