// SSHAgentClient against OpenSSH's ssh-agent (started in the foreground by
// testkit's startAgent, stopped in afterAll), with keys made by ssh-keygen
// and added by ssh-add, and keys from ssh-keys added by the client.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type GeneratableKeyType,
  generatePrivateKey,
  importAuthorizedKeys,
  importCertificate,
  importPublicKey,
  KeyExportError,
  KeySignError,
  type SSHCertificate,
  type SSHKey,
} from '@sshkit/ssh-keys';
import { socketDuplex } from '@sshkit/ssh-transport/node';
import { WireReader } from '@sshkit/ssh-wire';
import { type AgentInstance, requireTools, startAgent } from '@sshkit/testkit';
import { AgentError, SSHAgentClient, type SSHAgentKeyPair } from '../src/index.js';
import { fulfilled, runSession } from './support/harness.js';

// Missing tools skip these tests, or fail them under SSHKIT_REQUIRE_INTEROP=1.
const tools = requireTools('ssh-agent', 'ssh-add', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

const data = new TextEncoder().encode('data the agent signs');

function signatureAlgorithm(signature: Uint8Array): string {
  return new WireReader(signature).utf8();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describeInterop('SSHAgentClient against OpenSSH ssh-agent', () => {
  let agent: AgentInstance;
  let dir: string;
  let client: SSHAgentClient;

  /** A key file made by ssh-keygen in the temp dir (mode 0600, as ssh-keygen writes it). */
  function keygen(name: string, type: string, comment: string, ...extra: string[]): string {
    const path = join(dir, name);
    const r = spawnSync(tools?.['ssh-keygen'] ?? 'ssh-keygen', [
      '-q',
      '-t',
      type,
      '-N',
      '',
      '-C',
      comment,
      '-f',
      path,
      ...extra,
    ]);
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
    return path;
  }

  function filePublicKey(path: string): SSHKey {
    return importPublicKey(readFileSync(`${path}.pub`, 'utf8'));
  }

  /** A user certificate for `key` from `ssh-keygen -s <ca> -I <id> -n alice`. */
  function sshKeygenCertificate(ca: string, key: SSHKey, id: string): SSHCertificate {
    const pub = join(dir, `${id}.pub`);
    writeFileSync(pub, key.exportPublicKey());
    const r = spawnSync(tools?.['ssh-keygen'] ?? 'ssh-keygen', [
      '-q',
      '-s',
      ca,
      '-I',
      id,
      '-n',
      'alice',
      pub,
    ]);
    if (r.status !== 0) throw new Error(`ssh-keygen -s failed: ${r.stderr}`);
    return importCertificate(readFileSync(join(dir, `${id}-cert.pub`), 'utf8'));
  }

  async function connectClient(): Promise<SSHAgentClient> {
    const socket = connect(agent.socketPath);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new SSHAgentClient(socketDuplex(socket));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-agent-keys-'));
    agent = await startAgent();
    client = await connectClient();
  });
  afterEach(async () => {
    await client.removeAll();
  });
  afterAll(async () => {
    client?.close();
    await client?.waitClosed();
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists no keys from an empty agent, and its extensions', async () => {
    expect(await client.getKeys()).toEqual([]);
    const extensions = await client.queryExtensions();
    // OpenSSH up to 9.x answers the query with FAILURE: no extensions listed.
    expect(extensions.every((name) => typeof name === 'string')).toBe(true);
  });

  it('lists keys added by ssh-add with their comments, and their signatures verify', async () => {
    const files = [
      keygen('id_ed25519', 'ed25519', 'ed@test'),
      keygen('id_ecdsa', 'ecdsa', 'ecdsa@test', '-b', '384'),
      keygen('id_rsa', 'rsa', 'rsa@test', '-b', '2048'),
    ];
    for (const f of files) agent.sshAdd(f);
    const keys = await client.getKeys();
    expect(keys.map((k) => [k.algorithm, k.comment])).toEqual([
      ['ssh-ed25519', 'ed@test'],
      ['ecdsa-sha2-nistp384', 'ecdsa@test'],
      ['ssh-rsa', 'rsa@test'],
    ]);
    for (const [i, key] of keys.entries()) {
      const pub = filePublicKey(files[i] as string);
      expect(key.publicBlob).toEqual(pub.publicBlob);
      expect(key.publicKey?.equals(pub)).toBe(true);
      expect(key.certificate).toBeUndefined();
      const signature = await key.sign(data);
      expect(pub.verify(data, signature)).toBe(true);
    }
  });

  it('signs with an RSA key as rsa-sha2-256 and rsa-sha2-512 on request', async () => {
    const file = keygen('id_rsa_flags', 'rsa', 'rsa-flags', '-b', '2048');
    agent.sshAdd(file);
    const [key] = (await client.getKeys()) as [SSHAgentKeyPair];
    const pub = filePublicKey(file);
    expect(key.signatureAlgorithms).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    for (const alg of ['rsa-sha2-256', 'rsa-sha2-512', 'ssh-rsa']) {
      const signature = await key.sign(data, alg);
      expect(signatureAlgorithm(signature)).toBe(alg);
      expect(pub.verify(data, signature)).toBe(true);
    }
    expect(signatureAlgorithm(await key.sign(data))).toBe('rsa-sha2-512');
    await expect(key.sign(data, 'ssh-ed25519')).rejects.toThrow(KeySignError);
  });

  it('adds keys made by generatePrivateKey: ssh-add lists them and their signatures verify', async () => {
    const keys = [
      generatePrivateKey('ssh-ed25519', { comment: 'generated-ed25519' }),
      generatePrivateKey('ecdsa-sha2-nistp256', { comment: 'generated-ecdsa' }),
      generatePrivateKey('ssh-rsa', { bits: 2048, comment: 'generated-rsa' }),
    ];
    await client.addKeys(keys);
    const listed = agent.sshAdd('-L');
    const fingerprints = agent.sshAdd('-l');
    for (const key of keys) {
      const [type, base64] = key.exportPublicKey().split(' ');
      expect(listed).toContain(`${type} ${base64} ${key.comment}`);
      expect(fingerprints).toContain(`${key.getFingerprint()} ${key.comment}`);
    }
    const fromAgent = await client.getKeys();
    expect(fromAgent.map((k) => k.comment)).toEqual(keys.map((k) => k.comment));
    for (const [i, key] of fromAgent.entries()) {
      const original = keys[i] as SSHKey;
      expect(original.verify(data, await key.sign(data))).toBe(true);
    }
  });

  it('adds a key with a lifetime (the agent drops it) and one that needs confirmation', async () => {
    const shortLived = generatePrivateKey('ssh-ed25519', { comment: 'short-lived' });
    const confirmed = generatePrivateKey('ssh-ed25519', { comment: 'confirm' });
    // ssh-agent counts whole seconds: a lifetime of 2 leaves between 1 and 2 s.
    await client.addKeys([shortLived], { lifetime: 2 });
    await client.addKeys([confirmed], { confirm: true });
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['short-lived', 'confirm']);
    // No ssh-askpass here: the agent cannot get the confirmation and refuses.
    const [, needsConfirm] = await client.getKeys();
    const refused = await rejection((needsConfirm as SSHAgentKeyPair).sign(data));
    expect(AgentError.isInstance(refused) && refused.reason).toBe('refused');
    const deadline = Date.now() + 5000;
    while ((await client.getKeys()).length > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['confirm']);
    await expect(client.addKeys([shortLived], { lifetime: 0 })).rejects.toThrow(RangeError);
  });

  it('removes keys given as agent key pairs or as SSHKeys, then all keys', async () => {
    const keys = ['one', 'two', 'three', 'four'].map((comment) =>
      generatePrivateKey('ssh-ed25519', { comment }),
    );
    await client.addKeys(keys);
    const [one] = (await client.getKeys()) as [SSHAgentKeyPair];
    await client.removeKeys([one, keys[1] as SSHKey]);
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['three', 'four']);
    const gone = await rejection(client.removeKeys([one]));
    expect(AgentError.isInstance(gone) && gone.reason).toBe('refused');
    expect((gone as Error).message).toBe('agent refused to remove key');
    const [three] = (await client.getKeys()) as [SSHAgentKeyPair];
    await three.remove();
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['four']);
    await client.removeAll();
    expect(await client.getKeys()).toEqual([]);
  });

  it('locks and unlocks: a locked agent lists no keys and a wrong passphrase is refused', async () => {
    await client.addKeys([generatePrivateKey('ssh-ed25519', { comment: 'locked' })]);
    await client.lock('lock passphrase');
    expect(await client.getKeys()).toEqual([]);
    const wrong = await rejection(client.unlock('not the passphrase'));
    expect(AgentError.isInstance(wrong) && wrong.reason).toBe('refused');
    expect(await client.getKeys()).toEqual([]);
    await client.unlock('lock passphrase');
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['locked']);
  });

  it('lists a certificate added by ssh-add with its certificate type', async () => {
    const ca = keygen('ca', 'ed25519', 'ca');
    const user = keygen('id_user', 'ed25519', 'user@test');
    const r = spawnSync(tools?.['ssh-keygen'] ?? 'ssh-keygen', [
      '-q',
      '-s',
      ca,
      '-I',
      'user-id',
      '-n',
      'alice',
      `${user}.pub`,
    ]);
    if (r.status !== 0) throw new Error(`ssh-keygen -s failed: ${r.stderr}`);
    agent.sshAdd(user); // adds the key and, next to it, id_user-cert.pub
    const keys = await client.getKeys();
    expect(keys.map((k) => k.algorithm).sort()).toEqual(['ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com']);
    const cert = keys.find((k) => k.algorithm.endsWith('-cert-v01@openssh.com')) as SSHAgentKeyPair;
    const certLine = readFileSync(`${user}-cert.pub`, 'utf8').split(' ');
    expect(Buffer.from(cert.publicBlob).toString('base64')).toBe(certLine[1]);
    expect(cert.certificate?.keyId).toBe('user-id');
    expect(cert.certificate?.principals).toEqual(['alice']);
    expect(cert.publicKey?.equals(filePublicKey(user))).toBe(true);
    expect(cert.signatureAlgorithms).toEqual(['ssh-ed25519']);
    expect(filePublicKey(user).verify(data, await cert.sign(data))).toBe(true);
  });

  const CERTIFIED_TYPES: readonly GeneratableKeyType[] = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'ssh-rsa',
  ];
  it.each(CERTIFIED_TYPES)(
    'adds a %s key with its ssh-keygen certificate: listed, and it signs',
    async (type) => {
      const ca = keygen(`ca_for_${type}`, 'ed25519', 'ca');
      const key = generatePrivateKey(type, { bits: 2048, comment: `certified-${type}` });
      const cert = sshKeygenCertificate(ca, key, `id-${type}`);
      await client.addKeys([[key, cert]]);
      const keys = await client.getKeys();
      expect(keys).toHaveLength(1);
      const [listed] = keys as [SSHAgentKeyPair];
      expect([listed.algorithm, listed.comment]).toEqual([
        `${type}-cert-v01@openssh.com`,
        `certified-${type}`,
      ]);
      expect(listed.publicBlob).toEqual(cert.blob);
      expect([listed.certificate?.keyId, listed.certificate?.principals]).toEqual([`id-${type}`, ['alice']]);
      expect(listed.publicKey?.equals(key)).toBe(true);
      expect(agent.sshAdd('-L')).toBe(
        `${type}-cert-v01@openssh.com ${Buffer.from(cert.blob).toString('base64')} certified-${type}\n`,
      );
      for (const alg of listed.signatureAlgorithms) {
        const signature = await listed.sign(data, alg);
        expect(signatureAlgorithm(signature)).toBe(alg);
        expect(key.verify(data, signature)).toBe(true);
      }
    },
  );

  it('adds a key and its certified form in one call, with constraints; refuses a foreign certificate', async () => {
    const ca = keygen('ca_pair', 'ed25519', 'ca');
    const key = generatePrivateKey('ssh-ed25519', { comment: 'pair' });
    const cert = sshKeygenCertificate(ca, key, 'id-pair');
    await client.addKeys([key, [key, cert]], { lifetime: 600 });
    expect((await client.getKeys()).map((k) => k.algorithm)).toEqual([
      'ssh-ed25519',
      'ssh-ed25519-cert-v01@openssh.com',
    ]);
    expect(agent.sshAdd('-l')).toContain(`${key.getFingerprint()} pair (ED25519-CERT)`);
    const stranger = generatePrivateKey('ssh-ed25519', { comment: 'stranger' });
    const foreign = await rejection(client.addKeys([stranger, [stranger, cert]]));
    expect(KeyExportError.isInstance(foreign) && foreign.reason).toBe('certificate-mismatch');
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['pair', 'pair']);
    // The certificate names the certified entry; the plain key stays.
    await client.removeKeys([cert]);
    expect((await client.getKeys()).map((k) => k.algorithm)).toEqual(['ssh-ed25519']);
  });

  it('refuses smartcard providers off its allowlist, and keeps serving', async () => {
    await client.addKeys([generatePrivateKey('ssh-ed25519', { comment: 'still-here' })]);
    // OpenSSH allows /usr/lib*/* and /usr/local/lib*/* by default: a file in the temp dir is refused.
    const notAllowed = join(dir, 'not-a-provider.so');
    writeFileSync(notAllowed, '');
    const requests = [
      client.addSmartcardKeys('/nonexistent/sshkit-pkcs11.so', '1234'),
      client.addSmartcardKeys(notAllowed, '1234'),
      client.addSmartcardKeys(notAllowed, '1234', { lifetime: 60, confirm: true }),
      client.removeSmartcardKeys(notAllowed),
      client.removeSmartcardKeys('/nonexistent/sshkit-pkcs11.so', '1234'),
    ];
    for (const request of requests) {
      const error = await rejection(request);
      expect(AgentError.isInstance(error) && error.reason).toBe('refused');
    }
    expect((await client.getKeys()).map((k) => k.comment)).toEqual(['still-here']);
  });

  it("authenticates an AuthClient with the agent's RSA key (rsa-sha2-512) and its certificate", async () => {
    const ca = keygen('auth_ca', 'ed25519', 'auth-ca');
    const user = keygen('id_auth', 'rsa', 'auth@test', '-b', '2048');
    agent.sshAdd(user);
    const plainKeys = await client.getKeys();
    const r = spawnSync(tools?.['ssh-keygen'] ?? 'ssh-keygen', [
      '-q',
      '-s',
      ca,
      '-I',
      'auth-id',
      '-n',
      'alice',
      `${user}.pub`,
    ]);
    if (r.status !== 0) throw new Error(`ssh-keygen -s failed: ${r.stderr}`);
    agent.sshAdd(user);
    const certKey = (await client.getKeys()).find((k) => k.algorithm === 'ssh-rsa-cert-v01@openssh.com');
    const serverSigAlgs = ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'];
    const cases = [
      [plainKeys, importAuthorizedKeys(readFileSync(`${user}.pub`, 'utf8')), 'rsa-sha2-512'],
      [
        [certKey as SSHAgentKeyPair],
        importAuthorizedKeys(`cert-authority ${readFileSync(`${ca}.pub`, 'utf8')}`),
        'rsa-sha2-512-cert-v01@openssh.com',
      ],
    ] as const;
    for (const [keys, authorizedClientKeys, algorithm] of cases) {
      const {
        session,
        client: done,
        server,
      } = await runSession({
        clientOptions: { username: 'alice', keys },
        serverOptions: { authorizedClientKeys },
        pair: { serverSigAlgs },
      });
      fulfilled(done);
      expect(fulfilled(server).method).toBe('publickey');
      const sent = session.clientChannel.sent.map((p) => new TextDecoder().decode(p));
      expect(sent.some((t) => t.includes(algorithm))).toBe(true);
    }
  });

  it('fails requests with connection-closed after close(), on a second connection too', async () => {
    const second = await connectClient();
    expect(await second.getKeys()).toEqual([]);
    const pending = second.getKeys();
    second.close();
    await second.waitClosed();
    const error = await rejection(pending);
    expect(AgentError.isInstance(error) && error.reason).toBe('connection-closed');
    await expect(second.getKeys()).rejects.toThrow(AgentError);
  });
});
