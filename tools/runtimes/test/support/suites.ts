// The per-runtime pieces the Deno and Bun suites share: the Node entry's
// client run against sshd, and a server script started for a describe block.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { makeServerSide, type ServerSide, type SshdSide, sha256 } from './openssh-side.js';
import { type RunningScript, runScript } from './runtimes.js';

/**
 * Runs scripts/node-entry-client.mjs (`command args`) against sshd: key and
 * known_hosts files, exec with an exit status, 2 MiB SFTP put and get of a local file.
 */
export async function expectNodeEntryClient(
  command: string,
  args: readonly string[],
  side: SshdSide,
): Promise<void> {
  const localFile = join(side.sshd.dir, 'local.bin');
  writeFileSync(localFile, randomBytes(2 << 20));
  const report = await runScript(command, args, {
    port: side.sshd.port,
    user: side.sshd.user,
    keyPath: side.sshd.clientKeyPath,
    knownHostsPath: side.sshd.knownHostsPath,
    dir: side.sshd.dir,
    localFile,
  });
  expect(report).toEqual({ stdout: 'node entry\n', exitStatus: 4 });
  expect(sha256(readFileSync(`${localFile}.back`))).toBe(sha256(readFileSync(localFile)));
}

/** A server script of the enclosing describe, listening: its keys, process and port. */
export interface ServedScript {
  readonly server: ServerSide;
  readonly running: RunningScript;
  readonly port: number;
  /** Runs `check`, adding the script's output to its failure. */
  withOutput(check: () => Promise<void>): Promise<void>;
}

/** Starts the script `start` returns before the describe's tests (keys made first) and stops it after. */
export function servedScript(start: (server: ServerSide) => RunningScript): ServedScript {
  const state = {} as { server: ServerSide; running: RunningScript; port: number };
  beforeAll(async () => {
    state.server = makeServerSide();
    state.running = start(state.server);
    state.port = ((await state.running.marked('SSHKIT_LISTENING')) as { port: number }).port;
  }, 60_000);
  afterAll(async () => {
    await state.running?.stop();
    state.server?.close();
  });
  return {
    get server() {
      return state.server;
    },
    get running() {
      return state.running;
    },
    get port() {
      return state.port;
    },
    withOutput: async (check) => {
      try {
        await check();
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${state.running.output()}`);
      }
    },
  };
}
