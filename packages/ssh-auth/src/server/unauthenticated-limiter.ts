/**
 * A cap on concurrent unauthenticated connections, for the server's accept
 * loop, after sshd_config(5) MaxStartups "start:rate:full": "sshd will refuse
 * connection attempts with a probability of rate/100 (30%) if there are
 * currently start (10) unauthenticated connections. The probability increases
 * linearly and all connection attempts are refused if the number of
 * unauthenticated connections reaches full (60)." A plain number N refuses
 * every connection once N are pending.
 */
import { defaultRandom, type RandomSource } from '@sshkit/ssh-crypto';

/** sshd's default MaxStartups, `10:30:100`. */
export const DEFAULT_MAX_STARTUPS = '10:30:100';

/** A parsed MaxStartups setting. */
export interface MaxStartups {
  /** Unauthenticated connections below which none is refused. */
  readonly start: number;
  /** Refusal probability, in percent, at `start`. */
  readonly rate: number;
  /** Unauthenticated connections at which every new one is refused. */
  readonly full: number;
}

/**
 * Parses `"start:rate:full"` or `"N"` (or a number N, meaning `N:100:N`).
 * @throws RangeError for a malformed or inconsistent setting
 */
export function parseMaxStartups(spec: string | number | MaxStartups): MaxStartups {
  let parsed: MaxStartups;
  if (typeof spec === 'number') parsed = { start: spec, rate: 100, full: spec };
  else if (typeof spec === 'string') {
    const m = /^(\d{1,9})(?::(\d{1,3}):(\d{1,9}))?$/.exec(spec.trim());
    if (!m)
      throw new RangeError(`MaxStartups: expected "start:rate:full" or "N", got ${JSON.stringify(spec)}`);
    const start = Number(m[1]);
    parsed =
      m[2] === undefined
        ? { start, rate: 100, full: start }
        : { start, rate: Number(m[2]), full: Number(m[3]) };
  } else parsed = { start: spec.start, rate: spec.rate, full: spec.full };
  const { start, rate, full } = parsed;
  if (!Number.isInteger(start) || !Number.isInteger(full) || !Number.isInteger(rate))
    throw new RangeError('MaxStartups: start, rate and full must be integers');
  if (start < 1 || full < start || rate < 1 || rate > 100)
    throw new RangeError('MaxStartups: need 1 <= start <= full and 1 <= rate <= 100');
  return Object.freeze(parsed);
}

/** A slot held by one unauthenticated connection; release it when the connection authenticates or closes. */
export interface UnauthenticatedSlot {
  /** Frees the slot. Safe to call more than once. */
  release(): void;
}

/** Options of {@link UnauthenticatedLimiter}. */
export interface UnauthenticatedLimiterOptions {
  /**
   * Randomness for the probabilistic refusal (CONVENTIONS rule 7).
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

/**
 * Counts unauthenticated connections and decides, as sshd's
 * `should_drop_connection` does, whether to accept one more.
 *
 * @example
 * ```ts
 * import { UnauthenticatedLimiter } from '@sshkit/ssh-auth';
 * const limiter = new UnauthenticatedLimiter('10:30:100');
 * const slot = limiter.tryAcquire();
 * if (!slot) socket.destroy();
 * else authServer.run().finally(() => slot.release());
 * ```
 */
export class UnauthenticatedLimiter {
  readonly limits: MaxStartups;
  readonly #random: RandomSource;
  #active = 0;

  /**
   * @param spec - `"start:rate:full"`, `"N"`, a number or the parsed form
   * @default spec `'10:30:100'`
   * @throws RangeError for an invalid spec
   */
  constructor(
    spec: string | number | MaxStartups = DEFAULT_MAX_STARTUPS,
    options: UnauthenticatedLimiterOptions = {},
  ) {
    this.limits = parseMaxStartups(spec);
    this.#random = options.random ?? defaultRandom;
  }

  /** Unauthenticated connections currently holding a slot. */
  get active(): number {
    return this.#active;
  }

  /**
   * Whether a new connection would be refused now, drawing randomness
   * between `start` and `full`. Does not take a slot.
   */
  shouldRefuse(): boolean {
    const { start, rate, full } = this.limits;
    const n = this.#active;
    if (n < start) return false;
    if (n >= full || rate === 100) return true;
    // sshd: p = rate + (100 - rate) * (n - start) / (full - start); refuse when r < p, r in [0, 100).
    const p = Math.floor(((100 - rate) * (n - start)) / (full - start)) + rate;
    const bytes = this.#random(4);
    const r =
      ((((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0) %
      100;
    return r < p;
  }

  /**
   * Takes a slot for a new unauthenticated connection.
   * @returns the slot, or null when the connection should be refused
   */
  tryAcquire(): UnauthenticatedSlot | null {
    if (this.shouldRefuse()) return null;
    this.#active++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.#active--;
      },
    };
  }
}
