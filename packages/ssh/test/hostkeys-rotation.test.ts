// Host key rotation (OpenSSH PROTOCOL §2.5): after login the server lists its
// host keys (hostkeys-00@openssh.com); a client with UpdateHostKeys asks it to
// prove the ones its known_hosts lacks (hostkeys-prove-00@openssh.com) and
// adds them. Our client against sshd and listen(); OpenSSH's ssh against listen().
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, sshClientArgs, startSshd } from '@sshkit/testkit';
import { hostKeyProofData } from '../src/host-key-proof.js';
import {
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  importKnownHosts,
  listen,
  type SSHAcceptor,
  type SSHClientOptions,
  type SSHKey,
  SSHKnownHosts,
  SSHServer,
  type SSHServerConnection,
} from '../src/index.js';
import { updatesHostKeys } from '../src/node/host-key-update.js';
import { finished } from './support/openssh-client.js';
import { connectToSshd } from './support/sshd-client.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

/** The `type base64` part of a public key line. */
const keyPart = (line: string) => line.trim().split(' ').slice(0, 2).join(' ');

function entries(path: string): string[] {
  return importKnownHosts(readFileSync(path, 'utf8')).entries.map((e) =>
    keyPart(e.key.exportPublicKey('openssh')),
  );
}

async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; )
    await new Promise((r) => setTimeout(r, 20));
  return cond();
}

/** Long enough for a hostkeys-00 → prove → append round on 127.0.0.1, when one should not happen. */
const SETTLE_MS = 500;

describe('updateHostKeys default', () => {
  it('is on only for the default known_hosts file, as in OpenSSH 8.5+, unless set', () => {
    expect(updatesHostKeys(undefined, true)).toBe(true);
    expect(updatesHostKeys(undefined, false)).toBe(false);
    expect(updatesHostKeys(false, true)).toBe(false);
    expect(updatesHostKeys(true, false)).toBe(true);
  });
});

describeInterop('our client learns rotated host keys from OpenSSH sshd', () => {
  let server: SshdInstance;
  let dir: string;
  let ed25519: string;
  let ecdsa: string;
  let rsa: string;

  beforeAll(async () => {
    server = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
    [ed25519, ecdsa, rsa] = server.hostPublicKeys.map(keyPart) as [string, string, string];
    dir = mkdtempSync(join(tmpdir(), 'sshkit-hostkeys-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const knownHostsWith = (name: string, key: string) => {
    const path = join(dir, name);
    writeFileSync(path, `[127.0.0.1]:${server.port} ${key}\n`);
    return path;
  };
  const login = (knownHosts: string, extra: SSHClientOptions = {}) =>
    connectToSshd(server, { knownHosts, ...extra });

  it.each([
    ['ssh-ed25519', () => ed25519, () => [ecdsa, rsa]],
    ['rsa-sha2-256', () => rsa, () => [ed25519, ecdsa]],
  ])(
    'with the key exchange signed by %s, adds the two other keys once proven',
    async (alg, known, others) => {
      const path = knownHostsWith(`kh-${alg}`, known());
      // '^' puts the algorithm first without excluding the others (excluded types are not learnt).
      await using conn = await login(path, { updateHostKeys: true, serverHostKeyAlgs: `^${alg}` });
      expect(conn.getExtraInfo('hostKeyAlg')).toBe(alg);
      expect(await until(() => entries(path).length === 3)).toBe(true);
      expect(entries(path)).toEqual([known(), ...others()]);
      expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${server.port} `, 'm'));
      // The learnt keys are trusted from now on.
      const learnt = alg === 'ssh-ed25519' ? 'ecdsa-sha2-nistp256' : 'ssh-ed25519';
      await using again = await login(path, { serverHostKeyAlgs: learnt });
      expect(again.getExtraInfo('hostKeyAlg')).toBe(learnt);
    },
  );

  it('skips key types the client would not accept (HostKeyAlgorithms)', async () => {
    const path = knownHostsWith('kh-only-ed25519', ed25519);
    await using _conn = await login(path, {
      updateHostKeys: true,
      serverHostKeyAlgs: 'ssh-ed25519,ecdsa-sha2-nistp256',
    });
    expect(await until(() => entries(path).length === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(entries(path)).toEqual([ed25519, ecdsa]);
  });

  it('leaves an explicitly given known_hosts file alone by default', async () => {
    const path = knownHostsWith('kh-default-off', ed25519);
    await using conn = await login(path);
    await conn.run('true');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(entries(path)).toEqual([ed25519]);
  });

  it('removes the lines of keys the server no longer has, keeping every other line, as ssh', async () => {
    const retired = keyPart(generatePrivateKey('ssh-ed25519').exportPublicKey('openssh'));
    const unrelated = keyPart(generatePrivateKey('ssh-ed25519').exportPublicKey('openssh'));
    const host = `[127.0.0.1]:${server.port}`;
    const text = [
      '# hand-written comment',
      `other.example ${unrelated}`,
      `${host} ${ed25519}`,
      `${host} ${retired}`,
      '',
    ];
    const ours = join(dir, 'kh-retired-ours');
    const theirs = join(dir, 'kh-retired-ssh');
    writeFileSync(ours, text.join('\n'));
    writeFileSync(theirs, text.join('\n'));
    await using _conn = await login(ours, { updateHostKeys: true, serverHostKeyAlgs: '^ssh-ed25519' });
    expect(await until(() => !readFileSync(ours, 'utf8').includes(`${host} ${retired}`))).toBe(true);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(readFileSync(ours, 'utf8').split('\n')).toEqual([
      ...text.slice(0, 3),
      `${host} ${ecdsa}`,
      `${host} ${rsa}`,
      '',
    ]);
    // OpenSSH's ssh, given the same file, leaves the same lines (it updates in the background: -N, then stop it).
    const child = spawn(tools!.ssh, [
      ...sshClientArgs({ port: server.port, keyPath: server.clientKeyPath, knownHostsPath: theirs }),
      '-o',
      'UpdateHostKeys=yes',
      '-o',
      'HostKeyAlgorithms=ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256',
      '-N',
      `${server.user}@127.0.0.1`,
    ]);
    const result = finished(child);
    try {
      expect(await until(() => !readFileSync(theirs, 'utf8').includes(`${host} ${retired}`))).toBe(true);
    } finally {
      child.kill();
    }
    await result;
    expect(entries(theirs)).toEqual(entries(ours));
  });

  // ssh -vvv on these files: "key(s) ... exist under other names" and "CA/revocation marker ...
  // found, skipping UserKnownHostsFile update".
  it("changes nothing when a key to remove is also another host's", async () => {
    const retired = keyPart(generatePrivateKey('ssh-ed25519').exportPublicKey('openssh'));
    const host = `[127.0.0.1]:${server.port}`;
    const path = join(dir, 'kh-shared');
    const text = `other.example ${retired}\n${host} ${ed25519}\n${host} ${retired}\n`;
    writeFileSync(path, text);
    await using conn = await login(path, { updateHostKeys: true, serverHostKeyAlgs: '^ssh-ed25519' });
    await conn.run('true');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('changes nothing when a @revoked line covers the host', async () => {
    const retired = keyPart(generatePrivateKey('ssh-ed25519').exportPublicKey('openssh'));
    const revoked = keyPart(generatePrivateKey('ssh-ed25519').exportPublicKey('openssh'));
    const host = `[127.0.0.1]:${server.port}`;
    const path = join(dir, 'kh-revoked');
    const text = `${host} ${ed25519}\n${host} ${retired}\n@revoked ${host} ${revoked}\n`;
    writeFileSync(path, text);
    await using conn = await login(path, { updateHostKeys: true, serverHostKeyAlgs: '^ssh-ed25519' });
    await conn.run('true');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('removes nothing when the host has a line with more names than host and address', async () => {
    const retired = keyPart(generatePrivateKey('ssh-ed25519').exportPublicKey('openssh'));
    const host = `[127.0.0.1]:${server.port}`;
    const path = join(dir, 'kh-complex');
    const text = `${host} ${ed25519}\n${host},a.example,b.example ${retired}\n`;
    writeFileSync(path, text);
    await using conn = await login(path, { updateHostKeys: true, serverHostKeyAlgs: '^ssh-ed25519' });
    await conn.run('true');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('does not touch a file where a wildcard line vouched for the host', async () => {
    const path = join(dir, 'kh-wildcard');
    writeFileSync(path, `[127.0.0.1]:* ${ed25519}\n`);
    await using conn = await login(path, { updateHostKeys: true });
    await conn.run('true');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(readFileSync(path, 'utf8')).toBe(`[127.0.0.1]:* ${ed25519}\n`);
  });
});

/** Answers hostkeys-prove itself: right or wrong on purpose. */
class ProvingServer extends SSHServer {
  static mode: 'sha1-rsa' | 'sha256-rsa' | 'wrong-key' = 'sha256-rsa';
  static keys: SSHKey[] = [];
  static requested: number[] = [];
  #conn: SSHServerConnection | undefined;
  override connectionMade(conn: SSHServerConnection) {
    this.#conn = conn;
  }
  override hostKeysProveRequested(blobs: Uint8Array[]) {
    ProvingServer.requested.push(blobs.length);
    const sessionId = this.#conn!.transport.sessionId;
    return blobs.map((blob) => {
      const key = ProvingServer.keys.find((k) => Buffer.from(k.publicBlob).equals(blob))!;
      const data = hostKeyProofData(sessionId, blob);
      if (ProvingServer.mode === 'wrong-key') return generatePrivateKey('ssh-ed25519').sign(data);
      const rsa = ProvingServer.mode === 'sha1-rsa' ? 'ssh-rsa' : 'rsa-sha2-256';
      return key.sign(data, key.algorithm === 'ssh-rsa' ? rsa : undefined);
    });
  }
}

describeInterop('listen() announces and proves its host keys', () => {
  const keys = [
    generatePrivateKey('ssh-ed25519'),
    generatePrivateKey('ecdsa-sha2-nistp256'),
    generatePrivateKey('ssh-rsa', { bits: 2048 }),
  ];
  const lines = keys.map((k) => keyPart(k.exportPublicKey('openssh')));
  let dir: string;
  let clientKeyPath: string;
  let ours: SSHAcceptor;
  let proving: SSHAcceptor;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-hostkeys-'));
    clientKeyPath = join(dir, 'id_ed25519');
    const clientKey = generatePrivateKey('ssh-ed25519');
    writeFileSync(clientKeyPath, clientKey.exportPrivateKey('openssh'), { mode: 0o600 });
    const base = {
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: keys,
      authorizedClientKeys: importAuthorizedKeys(clientKey.exportPublicKey('openssh')),
      processFactory: () => undefined,
    };
    ours = await listen(base);
    ProvingServer.keys = keys;
    proving = await listen({ ...base, serverFactory: () => new ProvingServer() });
  });
  afterAll(() => {
    for (const a of [ours, proving]) {
      for (const c of a?.connections ?? []) c.abort();
      a?.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets OpenSSH ssh -o UpdateHostKeys=yes learn the keys it did not know', async () => {
    const path = join(dir, 'kh-openssh');
    writeFileSync(path, `[127.0.0.1]:${ours.getPort()} ${lines[0]}\n`);
    const child = spawn(tools!.ssh, [
      '-v',
      '-F',
      '/dev/null',
      '-p',
      String(ours.getPort()),
      '-i',
      clientKeyPath,
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${path}`,
      '-o',
      'UpdateHostKeys=yes',
      '-N',
      'me@127.0.0.1',
    ]);
    const result = finished(child);
    try {
      expect(await until(() => entries(path).length === 3)).toBe(true);
    } finally {
      child.kill();
    }
    const { stderr } = await result;
    expect(stderr).toContain('Learned new hostkey: ECDSA');
    expect(stderr).toContain('Learned new hostkey: RSA');
    expect(entries(path)).toEqual(lines);
  });

  it('lets our client learn them too, hashed like the line it had', async () => {
    const path = join(dir, 'kh-hashed');
    const kh = new SSHKnownHosts([], []);
    kh.addHost('127.0.0.1', keys[0]!, { port: ours.getPort(), hash: true });
    writeFileSync(path, kh.export());
    await using _conn = await connect('127.0.0.1', {
      port: ours.getPort(),
      clientKeys: [clientKeyPath],
      knownHosts: path,
      updateHostKeys: true,
    });
    expect(await until(() => entries(path).length === 3)).toBe(true);
    expect(entries(path)).toEqual(lines);
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('|1|')),
    ).toBe(true);
  });

  it.each([
    ['accepts rsa-sha2-256 RSA proofs', 'sha256-rsa', 3],
    ['disregards an RSA key proven with SHA-1 ssh-rsa, still adding the others', 'sha1-rsa', 2],
    ['refuses proofs signed by another key', 'wrong-key', 1],
  ] as const)('%s', async (_name, mode, expected) => {
    ProvingServer.mode = mode;
    ProvingServer.requested = [];
    const path = join(dir, `kh-${mode}`);
    writeFileSync(path, `[127.0.0.1]:${proving.getPort()} ${lines[0]}\n`);
    await using _conn = await connect('127.0.0.1', {
      port: proving.getPort(),
      clientKeys: [clientKeyPath],
      knownHosts: path,
      updateHostKeys: true,
    });
    expect(await until(() => ProvingServer.requested.length > 0)).toBe(true);
    expect(ProvingServer.requested).toEqual([2]);
    if (expected > 1) expect(await until(() => entries(path).length === expected)).toBe(true);
    else await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(entries(path)).toEqual(lines.slice(0, expected));
  });
});
