// Our transport client against the real OpenSSH sshd: every kex, cipher, MAC
// and host key algorithm both implement gets its own test, so a failure names
// the algorithm. A completed key exchange plus an accepted ssh-userauth
// service request proves both directions decrypt and verify.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  supportedCiphers,
  supportedKexAlgs,
  supportedMacs,
  supportedSignatureAlgs,
} from '@sshkit/ssh-crypto';
import { decodeBase64 } from '@sshkit/ssh-wire';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import { runTransport, type TransportOptions } from '../src/index.js';
import { connectTcp } from '../src/node/index.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

function opensshList(query: string): string[] {
  if (!tools) return [];
  return execFileSync(tools.ssh, ['-Q', query], { encoding: 'utf8' }).trim().split('\n');
}

const theirKex = opensshList('kex');
const theirCiphers = opensshList('cipher');
const theirMacs = opensshList('mac');
// The harness's host keys: ed25519, ecdsa-sha2-nistp256 and rsa.
const HARNESS_HOST_KEY_ALGS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

const kexCases = supportedKexAlgs().filter((a) => theirKex.includes(a));
const cipherCases = supportedCiphers().filter((a) => theirCiphers.includes(a));
const macCases = supportedMacs().filter((a) => theirMacs.includes(a));
const hostKeyCases = supportedSignatureAlgs().filter((a) => HARNESS_HOST_KEY_ALGS.includes(a));

describeInterop('our client against OpenSSH sshd', () => {
  let server: SshdInstance;
  let trusted: Uint8Array[];

  beforeAll(async () => {
    server = await startSshd({
      // Enable everything this OpenSSH can do, legacy included, so each of our algorithms can be tried.
      config: [
        `KexAlgorithms ${theirKex.join(',')}`,
        `Ciphers ${theirCiphers.join(',')}`,
        `MACs ${theirMacs.join(',')}`,
        `HostKeyAlgorithms ${HARNESS_HOST_KEY_ALGS.join(',')}`,
      ],
    });
    trusted = server.hostPublicKeys.map((line) => decodeBase64(line.split(' ')[1] as string));
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function handshake(options: Partial<TransportOptions>) {
    const duplex = await connectTcp('127.0.0.1', server.port);
    let seenKey: Uint8Array | undefined;
    const t = runTransport(duplex, {
      role: 'client',
      verifyHostKey: (blob) => {
        seenKey = blob;
        return trusted.some((k) => k.length === blob.length && k.every((b, i) => b === blob[i]));
      },
      ...options,
    });
    try {
      await t.ready;
      await t.requestService('ssh-userauth');
      return { info: t.getExtraInfo(), seenKey };
    } catch (e) {
      throw new Error(
        `${(e as Error).name}: ${(e as Error).message}\n--- sshd log ---\n${server.log().slice(-3000)}`,
      );
    } finally {
      t.disconnect(11, 'test done');
    }
  }

  it('agrees on strict kex and the defaults', async () => {
    const { info } = await handshake({});
    expect(info.strictKex).toBe(true);
    expect(info.peerVersion).toMatch(/^SSH-2\.0-OpenSSH_/);
  });

  it.each(kexCases)('kex %s', async (kex) => {
    const { info } = await handshake({
      kexAlgs: kex,
      gexClient: { request: { min: 2048, n: 3072, max: 4096 } },
    });
    expect(info.algorithms?.kex).toBe(kex);
  });

  it.each(cipherCases)('cipher %s', async (cipher) => {
    const { info } = await handshake({ encryptionAlgs: cipher });
    expect(info.algorithms?.cipherC2S).toBe(cipher);
    expect(info.algorithms?.cipherS2C).toBe(cipher);
  });

  it.each(macCases)('MAC %s', async (mac) => {
    const { info } = await handshake({ encryptionAlgs: 'aes128-ctr', macAlgs: mac });
    expect(info.algorithms?.macC2S).toBe(mac);
  });

  it.each(hostKeyCases)('host key algorithm %s', async (alg) => {
    const { info, seenKey } = await handshake({ serverHostKeyAlgs: alg });
    expect(info.algorithms?.hostKey).toBe(alg);
    expect(seenKey).toBeDefined();
  });

  it('survives sshd refusing a re-key before authentication (UNIMPLEMENTED), traffic resumes', async () => {
    const duplex = await connectTcp('127.0.0.1', server.port);
    const t = runTransport(duplex, { role: 'client', verifyHostKey: () => true });
    await t.ready;
    t.rekey();
    await t.requestService('ssh-userauth');
    // sshd does not re-key pre-auth; the mid-connection re-key test runs after authentication.
    expect(t.getExtraInfo().kexCount).toBe(1);
    t.disconnect(11, 'done');
  });

  it('rejects an untrusted host key with HostKeyNotVerifiable', async () => {
    const duplex = await connectTcp('127.0.0.1', server.port);
    const t = runTransport(duplex, { role: 'client', verifyHostKey: () => false });
    await expect(t.ready).rejects.toMatchObject({ name: 'HostKeyNotVerifiable', code: 9 });
  });
});
