import type { ClientSessionRequest } from '@sshkit/ssh-connection';

/**
 * What the connection gives every session that does not say otherwise
 * (AsyncSSH's connection-level `command`, `subsystem`, `env`, `request_pty`,
 * `term_type`, `term_size`, `term_modes`): ssh's RemoteCommand, SetEnv /
 * SendEnv and RequestTTY.
 */
export type SessionDefaults = Pick<
  ClientSessionRequest,
  'command' | 'subsystem' | 'env' | 'termType' | 'termSize' | 'termModes' | 'requestPty'
>;

/** The options of a session call that defaults can fill in. */
type DefaultedOptions = Omit<SessionDefaults, 'command' | 'termType'> & {
  readonly termType?: string;
  readonly term?: string;
};

/**
 * `command` and `options` with the defaults filled in: a session's own values
 * win, its `env` is laid over the default one, and the default command (or,
 * without one, subsystem) applies only when the call names neither.
 * @param termKey - the option naming the terminal type: `termType` for
 *   sessions, `term` for processes and `run`
 */
export function withSessionDefaults<O extends DefaultedOptions>(
  defaults: SessionDefaults,
  command: string | undefined,
  options: O,
  termKey: 'termType' | 'term',
): [string | undefined, O] {
  const o: Record<string, unknown> = { ...options };
  if (defaults.env !== undefined) o.env = { ...defaults.env, ...options.env };
  if (o[termKey] === undefined && defaults.termType !== undefined) o[termKey] = defaults.termType;
  for (const key of ['termSize', 'termModes', 'requestPty'] as const) {
    if (o[key] === undefined && defaults[key] !== undefined) o[key] = defaults[key];
  }
  let chosen = command;
  if (chosen === undefined && options.subsystem === undefined) {
    chosen = defaults.command;
    if (chosen === undefined && defaults.subsystem !== undefined) o.subsystem = defaults.subsystem;
  }
  return [chosen, o as O];
}

/** The session defaults among connect()'s options; `sentEnv` (SendEnv's picks) goes under their `env`. */
export function sessionDefaultsOf(
  options: SessionDefaults,
  sentEnv: Readonly<Record<string, string>> = {},
): SessionDefaults {
  const env = { ...sentEnv, ...options.env };
  const out: { -readonly [K in keyof SessionDefaults]: SessionDefaults[K] } = {};
  for (const key of ['command', 'subsystem', 'termType', 'termSize', 'termModes', 'requestPty'] as const) {
    if (options[key] !== undefined) Object.assign(out, { [key]: options[key] });
  }
  if (Object.keys(env).length > 0) out.env = env;
  return out;
}
