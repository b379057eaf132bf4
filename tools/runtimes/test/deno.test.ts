// sshkit in Deno, for real: the web entry's client over Deno.connect and its
// runServer on Deno.listen, each against OpenSSH with every algorithm of the
// sweep; runServer on Deno.serve's WebSockets; and the Node entry through
// Deno's Node compatibility.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, importPublicKey, readPrivateKey, webSocketDuplex } from '@sshkit/ssh';
import { requireTools } from '@sshkit/testkit';
import { WebSocket } from 'ws';
import { expectClientReport, expectServerAnswers } from './support/expectations.js';
import { type SshdSide, sha256, startSshdSide } from './support/openssh-side.js';
import { requireRuntime, runScript, startScript } from './support/runtimes.js';
import { expectNodeEntryClient, servedScript } from './support/suites.js';

const tools = requireTools('sshd', 'ssh', 'sftp', 'ssh-keygen', 'sftp-server');
const deno = requireRuntime('deno') as string;
const suite = tools && deno ? describe : describe.skip;
// Deno reads the scripts and node_modules, talks to 127.0.0.1, and (the Node
// entry only) asks for the home directory, reads key files, reads and writes
// the SFTP files, and reads the environment.
const denoRun = (script: string) => [
  'run',
  '--allow-net=127.0.0.1',
  '--allow-env',
  '--allow-sys',
  '--allow-read',
  '--allow-write',
  script,
];

suite('Deno', () => {
  let side: SshdSide;
  beforeAll(async () => {
    side = await startSshdSide();
  });
  afterAll(async () => {
    await side?.stop();
  });

  it('web client over Deno.connect: exec, SFTP, forwarding, every client key type and every algorithm with sshd', async () => {
    expectClientReport(await runScript(deno, denoRun('deno-client.mjs'), side.clientConfig), side);
  }, 180_000);

  it(
    'Node entry (`@sshkit/ssh`) through Deno node: modules: key files, exec, SFTP put and get',
    () => expectNodeEntryClient(deno, denoRun('node-entry-client.mjs'), side),
    60_000,
  );
});

suite('Deno server', () => {
  const served = servedScript((server) =>
    startScript(deno, denoRun('deno-server.mjs'), {
      runtime: 'deno',
      hostKeys: server.hostKeys,
      authorizedKeys: server.authorizedKeys,
    }),
  );

  it(
    'web runServer on Deno.listen: OpenSSH ssh and sftp log in, every algorithm of the sweep',
    () => served.withOutput(() => expectServerAnswers(served.server, served.port, 'deno', '')),
    180_000,
  );
});

suite('Deno WebSocket server', () => {
  const served = servedScript((server) =>
    startScript(deno, denoRun('deno-ws-server.mjs'), {
      runtime: 'deno',
      hostKeys: server.hostKeys,
      authorizedKeys: server.authorizedKeys,
    }),
  );

  it(
    'runServer on Deno.upgradeWebSocket sockets: our client over a WebSocket, no relay, ML-KEM key exchange',
    () =>
      served.withOutput(async () => {
        const { server } = served;
        const conn = await connect({
          sock: await webSocketDuplex(new WebSocket(`ws://127.0.0.1:${served.port}/`)),
          username: 'tester',
          clientKeys: [await readPrivateKey(server.clientKeyPath)],
          knownHosts: [
            server.hostKeyPaths.map((p) => importPublicKey(readFileSync(`${p}.pub`, 'utf8'))),
            [],
            [],
          ],
          // OpenSSH 9.2 lacks it; here both ends are sshkit.
          kexAlgs: ['mlkem768x25519-sha256'],
        });
        try {
          expect(conn.getExtraInfo('kexAlg')).toBe('mlkem768x25519-sha256');
          expect((await conn.run('whoami')).stdout).toBe('deno\n');
          const input = randomBytes(1 << 20);
          expect((await conn.run('sha256', { input, encoding: null })).stdout).toEqual(
            new TextEncoder().encode(`${sha256(input)} ${input.length}\n`),
          );
          const sftp = await conn.startSftpClient();
          const upload = await sftp.open('/ws.bin', 'wb');
          await upload.write(input);
          await upload.close();
          const download = await sftp.open('/ws.bin', 'rb');
          expect(sha256(await download.read())).toBe(sha256(input));
          await download.close();
          sftp.exit();
        } finally {
          conn.close();
          await conn.waitClosed();
        }
      }),
    60_000,
  );
});
