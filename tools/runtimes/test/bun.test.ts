// sshkit in Bun, for real: the web entry's client over Bun's WebSocket
// (through a relay) against sshd with every algorithm of the sweep, and the
// Node entry on Bun's Node modules both ways: connect() to sshd, and listen()
// with OpenSSH's ssh and sftp logging in.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { expectClientReport, expectServerAnswers } from './support/expectations.js';
import { type SshdSide, startSshdSide } from './support/openssh-side.js';
import { type ClientRelay, startClientRelay } from './support/relays.js';
import { requireRuntime, runScript, startScript } from './support/runtimes.js';
import { expectNodeEntryClient, servedScript } from './support/suites.js';

const tools = requireTools('sshd', 'ssh', 'sftp', 'ssh-keygen', 'sftp-server');
const bun = requireRuntime('bun') as string;
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
    const report = await runScript(bun, ['bun-client.mjs'], { ...side.clientConfig, relayUrl: relay.url });
    expectClientReport(report, side);
  }, 180_000);

  it(
    'Node entry (`@sshkit/ssh`) connect(): key files, exec, SFTP put and get',
    () => expectNodeEntryClient(bun, ['node-entry-client.mjs'], side),
    60_000,
  );
});

suite('Bun server', () => {
  const served = servedScript((server) =>
    startScript(bun, ['node-entry-server.mjs'], {
      runtime: 'bun',
      hostKeyPaths: server.hostKeyPaths,
      authorizedKeysPath: server.authorizedKeysPath,
    }),
  );

  it(
    'Node entry listen(): OpenSSH ssh and sftp (on the real file system) log in, every algorithm of the sweep',
    () =>
      served.withOutput(async () => {
        const remoteDir = join(served.server.dir, 'sftp-root');
        mkdirSync(remoteDir);
        await expectServerAnswers(served.server, served.port, 'bun', remoteDir);
      }),
    180_000,
  );
});
