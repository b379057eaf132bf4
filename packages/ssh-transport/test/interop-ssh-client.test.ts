// OpenSSH's ssh client against our transport server: for every kex, cipher,
// MAC and host key algorithm both implement, `ssh -v` must complete the key
// exchange, verify our host key strictly against a known_hosts file, and get
// the ssh-userauth service accepted (authentication itself is the auth layer's).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { supportedCiphers, supportedKexAlgs, supportedMacs } from '@sshkit/ssh-crypto';
import { importPrivateKey, type SSHKey } from '@sshkit/ssh-keys';
import { requireTools, sshClientArgs } from '@sshkit/testkit';
import { runTransport } from '../src/index.js';
import { socketDuplex } from '../src/node/index.js';

const tools = requireTools('ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

function opensshList(query: string): string[] {
  if (!tools) return [];
  return execFileSync(tools.ssh, ['-Q', query], { encoding: 'utf8' }).trim().split('\n');
}

const kexCases = supportedKexAlgs().filter((a) => opensshList('kex').includes(a));
const cipherCases = supportedCiphers().filter((a) => opensshList('cipher').includes(a));
const macCases = supportedMacs().filter((a) => opensshList('mac').includes(a));
const hostKeyCases = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256'];

describeInterop('OpenSSH ssh against our server', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let knownHosts: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-ssh-'));
    const keys: SSHKey[] = ['ed25519', 'ecdsa', 'rsa'].map((t) => {
      const path = join(dir, `host_${t}`);
      execFileSync(tools!['ssh-keygen'], [
        '-q',
        '-t',
        t,
        ...(t === 'rsa' ? ['-b', '2048'] : []),
        '-N',
        '',
        '-f',
        path,
      ]);
      return importPrivateKey(readFileSync(path, 'utf8'));
    });
    server = createServer((socket) => {
      const t = runTransport(socketDuplex(socket), {
        role: 'server',
        hostKeys: keys,
        kexAlgs: kexCases,
        encryptionAlgs: cipherCases,
        macAlgs: macCases,
      });
      // No auth layer here: end the connection at the first USERAUTH_REQUEST.
      t.onPacket(() => t.disconnect(14, 'authentication is not part of this test'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(
      knownHosts,
      keys.map((k) => `[127.0.0.1]:${port} ${k.exportPublicKey('openssh')}\n`).join(''),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function ssh(options: string[]): Promise<string> {
    return new Promise((resolve) => {
      execFile(
        tools!.ssh,
        [
          '-v',
          ...sshClientArgs({ port, knownHostsPath: knownHosts }),
          '-o',
          'ConnectTimeout=10',
          ...options,
          'nobody@127.0.0.1',
          'true',
        ],
        { encoding: 'utf8', timeout: 20_000 },
        // ssh exits non-zero (no authentication yet): the log is what we check.
        (_err, _stdout, stderr) => resolve(stderr),
      );
    });
  }

  async function expectHandshake(options: string[], expected: RegExp): Promise<void> {
    const log = await ssh(options);
    try {
      expect(log).toMatch(expected);
      expect(log).toMatch(/Host '\[127\.0\.0\.1\]:\d+' is known and matches/);
      expect(log).toMatch(/SSH2_MSG_SERVICE_ACCEPT received/);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- ssh -v ---\n${log}`);
    }
  }

  it.each(kexCases)('kex %s', async (kex) => {
    await expectHandshake(
      ['-o', `KexAlgorithms=${kex}`],
      new RegExp(`kex: algorithm: ${kex.replace(/[.@]/g, '\\$&')}`),
    );
  });

  it.each(cipherCases)('cipher %s', async (cipher) => {
    await expectHandshake(
      ['-o', `Ciphers=${cipher}`],
      new RegExp(`server->client cipher: ${cipher.replace(/[.@]/g, '\\$&')}`),
    );
  });

  it.each(macCases)('MAC %s', async (mac) => {
    await expectHandshake(
      ['-o', 'Ciphers=aes128-ctr', '-o', `MACs=${mac}`],
      new RegExp(`server->client cipher: aes128-ctr MAC: ${mac.replace(/[.@]/g, '\\$&')}`),
    );
  });

  it.each(hostKeyCases)('host key algorithm %s', async (alg) => {
    await expectHandshake(['-o', `HostKeyAlgorithms=${alg}`], new RegExp(`kex: host key algorithm: ${alg}`));
  });
});
