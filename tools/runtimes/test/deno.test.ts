// sshkit in Deno, for real: the web entry's client over Deno.connect and its
// runServer on Deno.listen, each against OpenSSH with every algorithm of the
// sweep, and the Node entry through Deno's Node compatibility.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, importPublicKey, readPrivateKey, webSocketDuplex } from '@sshkit/ssh';
import { requireTools } from '@sshkit/testkit';
import { WebSocket } from 'ws';
import { expectClientReport, expectServerAnswers } from './support/expectations.js';
import {
  makeServerSide,
  type ServerSide,
  type SshdSide,
  sha256,
  startSshdSide,
} from './support/openssh-side.js';
import { type RunningScript, requireRuntime, runScript, startScript } from './support/runtimes.js';

const tools = requireTools('sshd', 'ssh', 'sftp', 'ssh-keygen', 'sftp-server');
const deno = requireRuntime('deno');
const suite = tools && deno ? describe : describe.skip;
// Deno reads the scripts and node_modules, talks to 127.0.0.1, and (the Node
// entry only) reads key files, reads and writes the SFTP files, and the environment.
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
    const report = await runScript(deno as string, denoRun('deno-client.mjs'), side.clientConfig);
    expectClientReport(report, side);
  }, 180_000);

  it('Node entry (`@sshkit/ssh`) through Deno node: modules: key files, exec, SFTP put and get', async () => {
    const localFile = join(side.sshd.dir, 'local.bin');
    writeFileSync(localFile, randomBytes(2 << 20));
    const report = await runScript(deno as string, denoRun('node-entry-client.mjs'), {
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

suite('Deno server', () => {
  let server: ServerSide;
  let running: RunningScript;
  let port: number;
  beforeAll(async () => {
    server = makeServerSide();
    running = startScript(deno as string, denoRun('deno-server.mjs'), {
      runtime: 'deno',
      hostKeys: server.hostKeys,
      authorizedKeys: server.authorizedKeys,
    });
    port = ((await running.marked('SSHKIT_LISTENING')) as { port: number }).port;
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    server?.close();
  });

  it('web runServer on Deno.listen: OpenSSH ssh and sftp log in, every algorithm of the sweep', async () => {
    try {
      await expectServerAnswers(server, port, 'deno', '');
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${running.output()}`);
    }
  }, 180_000);
});

suite('Deno WebSocket server', () => {
  let server: ServerSide;
  let running: RunningScript;
  let url: string;
  beforeAll(async () => {
    server = makeServerSide();
    running = startScript(deno as string, denoRun('deno-ws-server.mjs'), {
      runtime: 'deno',
      hostKeys: server.hostKeys,
      authorizedKeys: server.authorizedKeys,
    });
    url = `ws://127.0.0.1:${((await running.marked('SSHKIT_LISTENING')) as { port: number }).port}/`;
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    server?.close();
  });

  it('runServer on Deno.upgradeWebSocket sockets: our client over a WebSocket, no relay, ML-KEM key exchange', async () => {
    const conn = await connect({
      sock: await webSocketDuplex(new WebSocket(url)),
      username: 'tester',
      clientKeys: [await readPrivateKey(server.clientKeyPath)],
      knownHosts: [server.hostKeyPaths.map((p) => importPublicKey(readFileSync(`${p}.pub`, 'utf8'))), [], []],
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
  }, 60_000);
});
