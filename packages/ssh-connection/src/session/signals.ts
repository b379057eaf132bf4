/**
 * Signal names for `signal` and `exit-signal` requests (RFC 4254 §6.9, §6.10)
 * and the POSIX numbers AsyncSSH uses for `returncode` (-signum).
 */
import { SIGNALS } from '@sshkit/ssh-codes';

/**
 * The name sent on the wire: without the `SIG` prefix (RFC 4254 §6.10 "signal
 * name (without the 'SIG' prefix)"); names outside the RFC list pass as given.
 */
export function wireSignalName(signal: string): string {
  return SIGNALS.get(signal)?.name ?? (signal.startsWith('SIG') ? signal.slice(3) : signal);
}

/** Linux/POSIX signal numbers of the RFC 4254 names, for `returncode`. */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  ABRT: 6,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
});

/** AsyncSSH's `returncode`: the exit status, or minus the signal number (-1 for an unknown signal). */
export function returncodeOf(exitStatus: number | null, exitSignal: string | undefined): number | null {
  if (exitSignal !== undefined) return -(SIGNAL_NUMBERS[exitSignal] ?? 1);
  return exitStatus;
}
