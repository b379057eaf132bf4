// How a script runs in a runtime, and which runtimes this machine has.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { interopRequired } from '@sshkit/testkit';
import { runtimeBinaries, runtimeEnv } from '../../binaries.mjs';

/**
 * The runtime's path, or undefined to skip its suite. Under
 * `SSHKIT_REQUIRE_INTEROP=1` a missing runtime is an error, as a missing
 * OpenSSH tool is.
 */
export function requireRuntime(name: keyof typeof runtimeBinaries): string | undefined {
  const path = runtimeBinaries[name]();
  if (path === undefined && interopRequired()) {
    throw new Error(`SSHKIT_REQUIRE_INTEROP=1 but ${name} is not installed (see tools/runtimes/README.md)`);
  }
  return path;
}

export const scriptsDir = join(dirname(new URL(import.meta.url).pathname), '..', '..', 'scripts');

/** A script's process, the JSON of its first line with `marker`, and its output so far. */
export interface RunningScript {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the JSON after `marker`; rejects with the output when the script exits first. */
  readonly marked: (marker: string) => Promise<unknown>;
  stop(): Promise<void>;
}

export function startScript(command: string, args: readonly string[], config: unknown): RunningScript {
  const child = spawn(command, args, {
    cwd: scriptsDir,
    env: { ...process.env, ...runtimeEnv, SSHKIT_CONFIG: JSON.stringify(config), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => `stdout:\n${out}\nstderr:\n${err}`;
  return {
    child,
    output,
    marked: (marker) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const line = out.split('\n').find((l) => l.startsWith(`${marker} `));
          if (line === undefined) return false;
          resolve(JSON.parse(line.slice(marker.length + 1)));
          return true;
        };
        if (look()) return;
        const onData = () => {
          if (look()) child.stdout?.off('data', onData);
        };
        child.stdout?.on('data', onData);
        exited.then((code) => {
          if (!look()) reject(new Error(`${command} exited (${code}) before ${marker}\n${output()}`));
        });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a script to its end and returns its `SSHKIT_RESULT`. */
export async function runScript(command: string, args: readonly string[], config: unknown): Promise<unknown> {
  const script = startScript(command, args, config);
  try {
    return await script.marked('SSHKIT_RESULT');
  } finally {
    await script.stop();
  }
}
