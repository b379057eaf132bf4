// sshkit in Bun, for real: the web entry's client over Bun's WebSocket
// (through a relay) against sshd with every algorithm of the sweep, and the
// Node entry on Bun's Node modules both ways: connect() to sshd, and listen()
// with OpenSSH's ssh and sftp logging in.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { expectClientReport, expectServerAnswers } from './support/expectations.js';
import {
  makeServerSide,
  type ServerSide,
  type SshdSide,
  sha256,
  startSshdSide,
} from './support/openssh-side.js';
import { type ClientRelay, startClientRelay } from './support/relays.js';
import { type RunningScript, requireRuntime, runScript, startScript } from './support/runtimes.js';

const tools = requireTools('sshd', 'ssh', 'sftp', 'ssh-keygen', 'sftp-server');
const bun = requireRuntime('bun');
const suite = tools && bun ? describe : describe.skip;

suite('Bun', () => {
  let side: SshdSide;
  let relay: ClientRelay;
  beforeAll(async () => {
    side = await startSshdSide();
    relay = await startClientRelay(side.sshd.port);
  });
  afterAll(async () => {
    await relay?.close();
    await side?.stop();
  });

  it('web client over Bun WebSocket: exec, SFTP, forwarding, every client key type and every algorithm with sshd', async () => {
    const report = await runScript(bun as string, ['bun-client.mjs'], {
      ...side.clientConfig,
      relayUrl: relay.url,
    });
    expectClientReport(report, side);
  }, 180_000);

  it('Node entry (`@sshkit/ssh`) connect(): key files, exec, SFTP put and get', async () => {
    const localFile = join(side.sshd.dir, 'local.bin');
    writeFileSync(localFile, randomBytes(2 << 20));
    const report = await runScript(bun as string, ['node-entry-client.mjs'], {
      port: side.sshd.port,
      user: side.sshd.user,
      keyPath: side.sshd.clientKeyPath,
      knownHostsPath: side.sshd.knownHostsPath,
      dir: side.sshd.dir,
      localFile,
    });
    expect(report).toEqual({ stdout: 'node entry\n', exitStatus: 4 });
    expect(sha256(readFileSync(`${localFile}.back`))).toBe(sha256(readFileSync(localFile)));
  }, 60_000);
});

suite('Bun server', () => {
  let server: ServerSide;
  let running: RunningScript;
  let port: number;
  beforeAll(async () => {
    server = makeServerSide();
    running = startScript(bun as string, ['node-entry-server.mjs'], {
      runtime: 'bun',
      hostKeyPaths: server.hostKeyPaths,
      authorizedKeysPath: server.authorizedKeysPath,
    });
    port = ((await running.marked('SSHKIT_LISTENING')) as { port: number }).port;
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    server?.close();
  });

  it('Node entry listen(): OpenSSH ssh and sftp (on the real file system) log in, every algorithm of the sweep', async () => {
    const remoteDir = join(server.dir, 'sftp-root');
    mkdirSync(remoteDir);
    try {
      await expectServerAnswers(server, port, 'bun', remoteDir);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${running.output()}`);
    }
  }, 180_000);
});
