/**
 * Diffie-Hellman group exchange (RFC 4419): diffie-hellman-group-exchange-sha256.
 */
import { WireWriter } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import type { HashName } from '../hash/registry.js';
import { defaultRandom } from '../random.js';
import { bitLength, isProbablePrime, modPow } from '../rsa/math.js';
import { dhClient, dhRespond } from './dh.js';
import { isKnownModpPrime, modpGroups } from './dh-groups.js';
import type { DhKeyGen } from './ephemeral.js';
import { computeExchangeHash } from './exchange-hash.js';
import type {
  DhGroup,
  GexClient,
  GexClientOptions,
  GexRequest,
  GexServer,
  GexServerOptions,
  GroupExchangeKexSpec,
  KexOutcome,
  KexTranscript,
} from './types.js';

/** RFC 8270 §3: "a minimum modulus size of 2048 bits" (OpenSSH DH_GRP_MIN). */
export const GEX_MIN_BITS = 2048;
/** RFC 4419 §3 and OpenSSH DH_GRP_MAX: groups up to 8192 bits. */
export const GEX_MAX_BITS = 8192;
/** What the client asks for by default (OpenSSH asks n by cipher strength). */
export const DEFAULT_GEX_REQUEST: GexRequest = Object.freeze({
  min: GEX_MIN_BITS,
  n: 4096,
  max: GEX_MAX_BITS,
});
/** Miller–Rabin rounds on (p-1)/2 for a group we do not already know. */
const DEFAULT_PRIMALITY_ROUNDS = 8;

function isValidRequest(r: GexRequest): boolean {
  return (
    Number.isInteger(r.min) &&
    Number.isInteger(r.n) &&
    Number.isInteger(r.max) &&
    r.min >= 0 &&
    r.min <= r.n &&
    r.n <= r.max &&
    r.max <= 0xffffffff
  );
}

/**
 * Checks a server's group as the client must: p odd and a safe prime of a
 * size within the request, g in [2, p-2]. p's primality follows from q's by
 * Pocklington's criterion (q prime, q > sqrt(p), 2^(p-1) ≡ 1 mod p).
 * @throws CryptoError('invalid-group')
 */
function validateGexGroup(group: DhGroup, request: GexRequest, rounds: number, random = defaultRandom): void {
  const { p, g } = group;
  const bits = bitLength(p);
  if (bits < request.min || bits > request.max) {
    throw new CryptoError(
      'invalid-group',
      `group of ${bits} bits is outside [${request.min}, ${request.max}]`,
    );
  }
  if ((p & 1n) === 0n || p < 7n) throw new CryptoError('invalid-group', 'p must be an odd prime');
  if (g < 2n || g > p - 2n) throw new CryptoError('invalid-group', 'g must be in [2, p-2]');
  if (isKnownModpPrime(p)) return;
  const q = (p - 1n) >> 1n;
  if (!isProbablePrime(q, rounds, random) || modPow(2n, p - 1n, p) !== 1n) {
    throw new CryptoError('invalid-group', 'p is not a safe prime');
  }
}

/** H of RFC 4419 §3: ... K_S || uint32 min || uint32 n || uint32 max || mpint p || mpint g || mpint e || mpint f || K. */
function gexOutcome(hash: HashName, request: GexRequest, group: DhGroup) {
  return (clientPublic: Uint8Array, serverPublic: Uint8Array, sharedSecret: Uint8Array): KexOutcome =>
    Object.freeze({
      hash,
      sharedSecret,
      clientPublic,
      serverPublic,
      exchangeHash: (transcript: KexTranscript) =>
        computeExchangeHash(
          hash,
          transcript,
          new WireWriter()
            .u32(request.min)
            .u32(request.n)
            .u32(request.max)
            .mpint(group.p)
            .mpint(group.g)
            .string(clientPublic)
            .string(serverPublic)
            .finish(),
          sharedSecret,
        ),
    });
}

/** Picks the smallest group of at least n bits within [min, max], else the largest one within. */
function pickGroup(groups: readonly DhGroup[], request: GexRequest): DhGroup | undefined {
  const fitting = groups
    .map((group) => ({ group, bits: bitLength(group.p) }))
    .filter(({ bits }) => bits >= request.min && bits <= request.max)
    .sort((a, b) => a.bits - b.bits);
  return (fitting.find(({ bits }) => bits >= request.n) ?? fitting[fitting.length - 1])?.group;
}

/** The diffie-hellman-group-exchange-<hash> method, with the key agreement `dh`. */
export function groupExchangeKex(
  name: string,
  hash: HashName,
  dh: DhKeyGen,
  legacy = false,
): GroupExchangeKexSpec {
  return Object.freeze({
    name,
    kind: 'group-exchange' as const,
    legacy,
    hash,
    sharedSecretEncoding: 'mpint' as const,
    client(options: GexClientOptions = {}): GexClient {
      const request = options.request ?? DEFAULT_GEX_REQUEST;
      if (!isValidRequest(request)) {
        throw new RangeError('group exchange request must satisfy min ≤ n ≤ max');
      }
      const random = options.random ?? defaultRandom;
      const rounds = options.primalityRounds ?? DEFAULT_PRIMALITY_ROUNDS;
      return {
        request,
        acceptGroup(group: DhGroup) {
          validateGexGroup(group, request, rounds, random);
          return dhClient(dh, group, hash, random, gexOutcome(hash, request, group));
        },
      };
    },
    server(options: GexServerOptions = {}): GexServer {
      const random = options.random ?? defaultRandom;
      const groups = options.groups ?? modpGroups();
      return {
        chooseGroup(request: GexRequest) {
          if (!isValidRequest(request)) throw new CryptoError('invalid-group', 'malformed group request');
          const group = pickGroup(groups, request);
          if (!group) throw new CryptoError('invalid-group', 'no group fits the requested sizes');
          const outcome = gexOutcome(hash, request, group);
          return {
            group,
            respond: (clientPublic: Uint8Array) => dhRespond(dh, group, hash, random, clientPublic, outcome),
          };
        },
      };
    },
  });
}
