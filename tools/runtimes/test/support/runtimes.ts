// Where the runtimes are and how a script runs in one. Deno and Bun come from
// the npm registry (their platform packages carry the binaries, so no install
// script runs); Chromium is Debian's.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { interopRequired } from '@sshkit/testkit';

const require = createRequire(import.meta.url);

/** A binary shipped in a platform package that `launcher` lists as an optional dependency. */
function platformBinary(launcher: string, platformPackage: string, file: string): string | undefined {
  try {
    const launcherDir = dirname(realpathSync(require.resolve(`${launcher}/package.json`)));
    const fromLauncher = createRequire(join(launcherDir, 'package.json'));
    const path = join(dirname(fromLauncher.resolve(`${platformPackage}/package.json`)), file);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const arch = process.arch === 'arm64' ? 'arm64' : 'x64';

export const runtimePaths = {
  deno: () =>
    platformBinary(
      'deno',
      `@deno/${process.platform}-${arch}${process.platform === 'linux' ? '-glibc' : ''}`,
      'deno',
    ),
  bun: () =>
    platformBinary('bun', `@oven/bun-${process.platform}-${arch === 'arm64' ? 'aarch64' : 'x64'}`, 'bin/bun'),
  chromium: () =>
    [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
      (p): p is string => p !== undefined && existsSync(p),
    ),
};

/**
 * The runtime's path, or undefined to skip its suite. Under
 * `SSHKIT_REQUIRE_INTEROP=1` a missing runtime is an error, as a missing
 * OpenSSH tool is.
 */
export function requireRuntime(name: keyof typeof runtimePaths): string | undefined {
  const path = runtimePaths[name]();
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
    env: { ...process.env, SSHKIT_CONFIG: JSON.stringify(config), NO_COLOR: '1' },
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
