/**
 * The shape of key exchange methods (RFC 4253 §7-8): small step objects the
 * transport drives. Every method is one of two kinds:
 *
 * - `'direct'`: one message each way. The client sends a public value (`e`,
 *   `Q_C`, or a KEM public key), the server answers with its own (`f`, `Q_S`, or
 *   a KEM ciphertext). Classic DH, ECDH, X25519 and KEM hybrids
 *   (sntrup761x25519, mlkem768x25519) all fit; they differ only in
 *   {@link KexSpecBase.sharedSecretEncoding}.
 * - `'group-exchange'`: RFC 4419; the client first asks for a group
 *   (`min`/`n`/`max`), validates the server's `p`/`g`, then runs a direct DH.
 *
 * Public values travel as the *body* of their wire field: write them with
 * `WireWriter.string()` and read them with `WireReader.string()`. That one rule
 * covers `string Q_C` (ECDH, KEM) and `mpint e` (DH: the body of a positive
 * mpint), so the transport needs no per-method code.
 */
import type { HashName } from '../hash/registry.js';
import type { RandomSource } from '../random.js';

/** Options common to every key exchange object. */
export interface KexOptions {
  /**
   * Source of the ephemeral secrets (CONVENTIONS rule 7). On Node, with the
   * default, X25519 and NIST-curve ECDH secrets are generated inside OpenSSL
   * and never enter JavaScript memory; any other source is drawn from (and
   * imported), so injected randomness still gives reproducible exchanges.
   * @default defaultRandom
   */
  random?: RandomSource;
}

/** The connection-level inputs of the exchange hash H (RFC 4253 §8), in order. */
export interface KexTranscript {
  /** V_C: the client's identification string without CR LF. */
  clientVersion: string | Uint8Array;
  /** V_S: the server's identification string without CR LF. */
  serverVersion: string | Uint8Array;
  /** I_C: the payload of the client's SSH_MSG_KEXINIT. */
  clientKexInit: Uint8Array;
  /** I_S: the payload of the server's SSH_MSG_KEXINIT. */
  serverKexInit: Uint8Array;
  /** K_S: the server's public host key blob. */
  hostKey: Uint8Array;
}

/** What both sides hold once the shared secret is known. */
export interface KexOutcome {
  /** The hash of this method ('sha256' for curve25519-sha256 ...). */
  readonly hash: HashName;
  /**
   * K *encoded* as it enters H and the key derivation: `mpint K` for classic
   * methods, `string K` for KEM hybrids (length prefix included).
   */
  readonly sharedSecret: Uint8Array;
  /** The client's public value field body. */
  readonly clientPublic: Uint8Array;
  /** The server's public value field body. */
  readonly serverPublic: Uint8Array;
  /**
   * H = HASH(V_C || V_S || I_C || I_S || K_S || <method fields> || K).
   * @param transcript - the connection-level inputs
   */
  exchangeHash(transcript: KexTranscript): Uint8Array;
}

/** The client half of a direct key exchange. */
export interface KexClient {
  /** The value to send (`e` as mpint body, `Q_C`, or the KEM client value). */
  readonly publicValue: Uint8Array;
  /**
   * Completes the exchange with the server's reply.
   * @param serverPublic - the server's field body (`f`, `Q_S`, ciphertext)
   * @throws CryptoError('invalid-public-value' | 'degenerate-secret'), WireError for a malformed mpint
   */
  finish(serverPublic: Uint8Array): KexOutcome;
}

/** The server half of a direct key exchange. */
export interface KexServer {
  /**
   * Answers the client's value; the outcome's `serverPublic` is what to send.
   * @param clientPublic - the client's field body
   * @throws CryptoError('invalid-public-value' | 'degenerate-secret'), WireError for a malformed mpint
   */
  respond(clientPublic: Uint8Array): KexOutcome;
}

/** A finite-field Diffie-Hellman group. */
export interface DhGroup {
  /** The safe prime modulus. */
  readonly p: bigint;
  /** The generator. */
  readonly g: bigint;
}

/** SSH_MSG_KEX_DH_GEX_REQUEST (RFC 4419 §3): preferred group sizes in bits. */
export interface GexRequest {
  readonly min: number;
  readonly n: number;
  readonly max: number;
}

/** Client of RFC 4419 group exchange: request, then validate the group, then direct DH. */
export interface GexClient {
  /** What to send in SSH_MSG_KEX_DH_GEX_REQUEST. */
  readonly request: GexRequest;
  /**
   * Validates SSH_MSG_KEX_DH_GEX_GROUP and starts the DH.
   * @throws CryptoError('invalid-group') if `p` is not a safe prime in the requested size range or `g` is out of range
   */
  acceptGroup(group: DhGroup): KexClient;
}

/** The server's answer to a group request: the group to send, then the DH. */
export interface GexGroupChoice extends KexServer {
  /** What to send in SSH_MSG_KEX_DH_GEX_GROUP. */
  readonly group: DhGroup;
}

/** Server of RFC 4419 group exchange. */
export interface GexServer {
  /**
   * Picks a group for the client's request.
   * @throws CryptoError('invalid-group') if the request is malformed or no group fits
   */
  chooseGroup(request: GexRequest): GexGroupChoice;
}

/** Metadata shared by every key exchange method. */
export interface KexSpecBase {
  /** The wire name (`curve25519-sha256`). */
  readonly name: string;
  /** Off by default and only enabled by name (CONVENTIONS rule 5). */
  readonly legacy: boolean;
  /** The exchange hash and key-derivation hash. */
  readonly hash: HashName;
  /** How K is encoded in H and the key derivation: `mpint` classically, `string` for KEM hybrids. */
  readonly sharedSecretEncoding: 'mpint' | 'string';
}

/** A method with one message each way (DH with a fixed group, ECDH, X25519, KEM hybrids). */
export interface DirectKexSpec extends KexSpecBase {
  readonly kind: 'direct';
  /** Starts the client half (generates the ephemeral secret). */
  client(options?: KexOptions): KexClient;
  /** Starts the server half. */
  server(options?: KexOptions): KexServer;
}

/** Options of the RFC 4419 client. */
export interface GexClientOptions extends KexOptions {
  /**
   * The sizes to ask for. OpenSSH asks for min 2048, max 8192 and `n` from the
   * cipher strength.
   * @default { min: 2048, n: 4096, max: 8192 }
   */
  request?: GexRequest;
  /**
   * Miller–Rabin rounds for q = (p-1)/2 when `p` is not a well-known group
   * (p itself then follows from Pocklington's criterion with one more
   * exponentiation). Each round costs one exponentiation mod p.
   * @default 8
   */
  primalityRounds?: number;
}

/** Options of the RFC 4419 server. */
export interface GexServerOptions extends KexOptions {
  /**
   * Groups to choose from (validated by the caller, e.g. from /etc/ssh/moduli).
   * @default the RFC 3526 groups 14–18
   */
  groups?: readonly DhGroup[];
}

/** A method of RFC 4419 kind (diffie-hellman-group-exchange-*). */
export interface GroupExchangeKexSpec extends KexSpecBase {
  readonly kind: 'group-exchange';
  client(options?: GexClientOptions): GexClient;
  server(options?: GexServerOptions): GexServer;
}

/** Any key exchange method in the registry. */
export type KexSpec = DirectKexSpec | GroupExchangeKexSpec;
