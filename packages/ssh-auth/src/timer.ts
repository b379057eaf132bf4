/**
 * Injected sources of nondeterminism (CONVENTIONS rule 7): the timer behind
 * the login timeout, the clock for certificate validity, and the log.
 */

/** A value or a Promise of it: handler methods may be synchronous or async. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The timer the login timeout runs on. The default is the global
 * `setTimeout`/`clearTimeout`; tests inject one they drive by hand.
 */
export interface AuthTimer {
  /** Calls `callback` after `ms` milliseconds; returns a handle for {@link AuthTimer.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a pending callback. */
  clearTimeout(handle: unknown): void;
}

/** The global timer functions, available in every runtime sshkit supports. */
export const defaultTimer: AuthTimer = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** One event of the authentication log (the `log` option). */
export interface AuthLogEvent {
  /**
   * `request`: a request arrived (server) or was sent (client); `success`,
   * `failure`, `partial`: its outcome; `dummy-verify`: the server verified a
   * signature only to spend the same time as for an authorized key;
   * `banner`; `disconnect`.
   */
  readonly event: 'request' | 'success' | 'failure' | 'partial' | 'dummy-verify' | 'banner' | 'disconnect';
  readonly username?: string;
  readonly method?: string;
  /** Free text for people (never parse it). */
  readonly detail?: string;
}

/** Receives {@link AuthLogEvent}s. */
export type AuthLog = (event: AuthLogEvent) => void;

/** Starts the login timer unless `ms` is 0 or less; returns the function that stops it. */
export function startLoginTimer(timer: AuthTimer, ms: number, onExpiry: () => void): () => void {
  if (!(ms > 0)) return () => {};
  let handle: unknown = timer.setTimeout(onExpiry, ms);
  return () => {
    if (handle !== undefined) timer.clearTimeout(handle);
    handle = undefined;
  };
}
