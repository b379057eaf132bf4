import { describe, expect, it } from '@jest/globals';
import {
  DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  MSG_USERAUTH_FAILURE,
  MSG_USERAUTH_PK_OK,
} from '@sshkit/ssh-codes';
import { decodeSignature } from '@sshkit/ssh-crypto';
import { generatePrivateKey, importAuthorizedKeys, type SSHKey } from '@sshkit/ssh-keys';
import {
  type AuthLogEvent,
  AuthServer,
  decodeUserauthFailure,
  encodeUserauthRequest,
  publicKeySignedData,
} from '../src/index.js';
import { fulfilled, rejected, rsaFixtureKey, runSession } from './support/harness.js';
import { FakeChannel, SESSION_ID, tick } from './support/packet-pair.js';

const ed25519 = generatePrivateKey('ssh-ed25519', { comment: 'alice@ed25519' });
const ecdsa = generatePrivateKey('ecdsa-sha2-nistp256');
const rsa = rsaFixtureKey();
const ca = generatePrivateKey('ssh-ed25519', { comment: 'user-ca' });

function line(key: SSHKey, options = ''): string {
  const pub = key.exportPublicKey().trim();
  return options ? `${options} ${pub}` : pub;
}

function signatureAlgorithmsUsed(channel: FakeChannel): string[] {
  // Signed publickey requests: the last string of the payload is the signature.
  const out: string[] = [];
  for (const p of channel.sent) {
    if (p[0] !== 50) continue;
    const text = new TextDecoder().decode(p);
    if (!text.includes('publickey')) continue;
    for (const alg of ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']) {
      if (text.includes(alg)) {
        out.push(alg);
        break;
      }
    }
  }
  return out;
}

describe('publickey: client against server', () => {
  it.each([
    ['ssh-ed25519', ed25519],
    ['ecdsa-sha2-nistp256', ecdsa],
    ['ssh-rsa', rsa],
  ])('%s key in authorized_keys authenticates (query, PK_OK, signature)', async (_name, key) => {
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', keys: [key] },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(key)) },
      pair: { serverSigAlgs: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256'] },
    });
    fulfilled(client);
    const result = fulfilled(server);
    expect(result).toMatchObject({ username: 'alice', method: 'publickey' });
    expect(session.serverChannel.sent.some((p) => p[0] === MSG_USERAUTH_PK_OK)).toBe(true);
    expect(session.clientChannel.authenticatedCalls).toBe(1);
    expect(session.serverChannel.authenticatedCalls).toBe(1);
    expect(session.client.method).toBe('publickey');
  });

  it('picks rsa-sha2-512 when server-sig-algs lists it', async () => {
    const { session, client } = await runSession({
      clientOptions: { username: 'alice', keys: [rsa] },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(rsa)) },
      pair: { serverSigAlgs: ['ssh-ed25519', 'rsa-sha2-256', 'rsa-sha2-512'] },
    });
    fulfilled(client);
    expect(new Set(signatureAlgorithmsUsed(session.clientChannel))).toEqual(new Set(['rsa-sha2-512']));
  });

  it('picks rsa-sha2-256 when the server lists only that one', async () => {
    const { session, client } = await runSession({
      clientOptions: { username: 'alice', keys: [rsa] },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(rsa)) },
      pair: { serverSigAlgs: ['ssh-ed25519', 'rsa-sha2-256'] },
    });
    fulfilled(client);
    expect(new Set(signatureAlgorithmsUsed(session.clientChannel))).toEqual(new Set(['rsa-sha2-256']));
  });

  it('uses rsa-sha2-512 without server-sig-algs (documented choice) and never SHA-1 ssh-rsa by default', async () => {
    const { session, client } = await runSession({
      clientOptions: { username: 'alice', keys: [rsa] },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(rsa)) },
    });
    fulfilled(client);
    expect(new Set(signatureAlgorithmsUsed(session.clientChannel))).toEqual(new Set(['rsa-sha2-512']));
  });

  it('skips keys whose algorithm the server does not accept, then tries the next', async () => {
    const log: AuthLogEvent[] = [];
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', keys: [rsa, ed25519], log: (e) => log.push(e) },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(ed25519)) },
      pair: { serverSigAlgs: ['ssh-ed25519'] },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('publickey');
    // The RSA key was never offered: no request names an RSA algorithm.
    expect(signatureAlgorithmsUsed(session.clientChannel)).toEqual([]);
    expect(log.some((e) => e.detail?.includes('skipped'))).toBe(true);
  });

  it('tries the next key after a FAILURE to the query, and asks the handler for more keys', async () => {
    const other = generatePrivateKey('ssh-ed25519');
    let asked = 0;
    const { client, server } = await runSession({
      clientOptions: { username: 'alice', keys: () => [other] },
      clientHandler: {
        publicKeyAuthRequested: () => {
          asked++;
          return asked === 1 ? ed25519 : null;
        },
      },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(ed25519)) },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('publickey');
    expect(asked).toBe(1);
  });

  it('falls back to the validatePublicKey handler', async () => {
    const seen: string[] = [];
    const { client, server } = await runSession({
      clientOptions: { username: 'bob', keys: [ecdsa] },
      serverHandler: {
        validatePublicKey: (user, key) => {
          seen.push(`${user}:${key.algorithm}`);
          return key.equals(ecdsa);
        },
      },
    });
    fulfilled(client);
    expect(fulfilled(server).permissions.keyOptions).toBeUndefined();
    expect(seen).toContain('bob:ecdsa-sha2-nistp256');
  });

  it('records authorized_keys options as permissions', async () => {
    const { client, server } = await runSession({
      clientOptions: { username: 'alice', keys: [ed25519] },
      serverOptions: {
        authorizedClientKeys: importAuthorizedKeys(
          line(ed25519, 'no-pty,command="echo hi",environment="A=1",permitopen="db:5432"'),
        ),
      },
    });
    fulfilled(client);
    const p = fulfilled(server).permissions;
    expect(p.checkKeyPermission('pty')).toBe(false);
    expect(p.checkKeyPermission('port-forwarding')).toBe(true);
    expect(p.checkKeyPermission('no-such-permission')).toBe(false);
    expect(p.getKeyOption('command')).toBe('echo hi');
    expect(p.getKeyOption('environment')).toEqual({ A: '1' });
    expect(p.getKeyOption('permitopen')).toEqual(['db:5432']);
    expect(p.getKeyOption('tunnel', 7)).toBe(7);
    expect(p.forcedCommand).toBe('echo hi');
    expect(p.checkCertificatePermission('pty')).toBe(true);
    expect(p.allows('pty')).toBe(false);
  });

  it('refuses an unauthorized key: PermissionDenied on the client, right disconnect code', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', keys: [ecdsa] },
      serverOptions: { authorizedClientKeys: importAuthorizedKeys(line(ed25519)) },
    });
    expect(rejected(client)).toMatchObject({
      name: 'PermissionDenied',
      code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
    });
    expect(session.clientChannel.disconnects).toEqual([
      expect.objectContaining({ code: DISC_NO_MORE_AUTH_METHODS_AVAILABLE }),
    ]);
    expect(rejected(server).name).toBe('PermissionDenied');
    expect(session.clientChannel.authenticatedCalls).toBe(0);
    expect(session.serverChannel.authenticatedCalls).toBe(0);
  });
});

describe('publickey: from= enforcement', () => {
  const ak = importAuthorizedKeys(line(ed25519, 'from="10.0.0.0/8,!10.9.9.9"'));

  it('accepts a client inside the from= list', async () => {
    const { client } = await runSession({
      clientOptions: { username: 'alice', keys: [ed25519] },
      serverOptions: { authorizedClientKeys: ak, clientAddress: '10.1.2.3' },
    });
    fulfilled(client);
  });

  it.each(['192.0.2.1', '10.9.9.9', undefined])('refuses client address %s', async (addr) => {
    const { session, client } = await runSession({
      clientOptions: { username: 'alice', keys: [ed25519] },
      serverOptions: { authorizedClientKeys: ak, ...(addr ? { clientAddress: addr } : {}) },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
    expect(session.serverChannel.sent.some((p) => p[0] === MSG_USERAUTH_PK_OK)).toBe(false);
  });

  it('honours expiry-time with the injected clock', async () => {
    const expiring = importAuthorizedKeys(line(ed25519, 'expiry-time="20300101Z"'));
    const before = await runSession({
      clientOptions: { username: 'alice', keys: [ed25519] },
      serverOptions: { authorizedClientKeys: expiring, now: () => new Date('2029-12-31T00:00:00Z') },
    });
    fulfilled(before.client);
    const after = await runSession({
      clientOptions: { username: 'alice', keys: [ed25519] },
      serverOptions: { authorizedClientKeys: expiring, now: () => new Date('2030-01-02T00:00:00Z') },
    });
    expect(rejected(after.client).name).toBe('PermissionDenied');
  });
});

describe('publickey: user certificates', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const trustCa = (options = 'cert-authority') => importAuthorizedKeys(line(ca, options));

  function cert(principals: string[], validBefore = new Date('2027-01-01T00:00:00Z'), extra = {}) {
    return ca.generateUserCertificate(ed25519, 'alice-cert', {
      principals,
      validAfter: new Date('2026-01-01T00:00:00Z'),
      validBefore,
      ...extra,
    });
  }

  it('accepts a certificate whose principals include the user', async () => {
    const c = cert(['alice', 'ops']);
    const { session, client, server } = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, c]] },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
    });
    fulfilled(client);
    const result = fulfilled(server);
    expect(result.permissions.certificate?.keyId).toBe('alice-cert');
    expect(result.permissions.checkCertificatePermission('pty')).toBe(true);
    expect(result.permissions.getKeyOption('cert-authority')).toBe(true);
    const request = session.clientChannel.sent.find(
      (p) => p[0] === 50 && new TextDecoder().decode(p).includes('cert-v01'),
    );
    expect(new TextDecoder().decode(request)).toContain('ssh-ed25519-cert-v01@openssh.com');
  });

  it('uses rsa-sha2-512-cert-v01@openssh.com for an RSA certificate', async () => {
    const c = ca.generateUserCertificate(rsa, 'rsa-cert', { principals: ['alice'] });
    const { session, client } = await runSession({
      clientOptions: { username: 'alice', keys: [[rsa, c]] },
      serverOptions: { authorizedClientKeys: trustCa() },
      pair: { serverSigAlgs: ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'] },
    });
    fulfilled(client);
    const texts = session.clientChannel.sent.map((p) => new TextDecoder().decode(p));
    expect(texts.some((t) => t.includes('rsa-sha2-512-cert-v01@openssh.com'))).toBe(true);
  });

  it('uses a key whose own algorithm and blob are a certificate (as an agent lists one)', async () => {
    const ed = cert(['alice']);
    const rsaCert = ca.generateUserCertificate(rsa, 'rsa-cert', { principals: ['alice'] });
    const asAgentLists = (c: typeof ed, key: SSHKey) => ({
      algorithm: c.algorithm,
      publicBlob: c.blob,
      sign: (data: Uint8Array, alg?: string) => key.sign(data, alg),
    });
    for (const [c, key, requestAlgorithm] of [
      [ed, ed25519, 'ssh-ed25519-cert-v01@openssh.com'],
      [rsaCert, rsa, 'rsa-sha2-512-cert-v01@openssh.com'],
    ] as const) {
      const { session, client, server } = await runSession({
        clientOptions: { username: 'alice', keys: [asAgentLists(c, key)] },
        serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
        pair: { serverSigAlgs: ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'] },
      });
      fulfilled(client);
      expect(fulfilled(server).permissions.certificate?.keyId).toBe(c.keyId);
      const texts = session.clientChannel.sent.map((p) => new TextDecoder().decode(p));
      expect(texts.some((t) => t.includes(requestAlgorithm))).toBe(true);
    }
  });

  it('refuses a certificate whose principals do not include the user', async () => {
    const { client } = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, cert(['bob'])]] },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
  });

  it('matches principals= of the cert-authority line instead of the user name', async () => {
    const ok = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, cert(['team-a'])]] },
      serverOptions: { authorizedClientKeys: trustCa('cert-authority,principals="team-a"'), now: () => now },
    });
    fulfilled(ok.client);
    const mismatch = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, cert(['alice', 'team-b'])]] },
      serverOptions: { authorizedClientKeys: trustCa('cert-authority,principals="team-a"'), now: () => now },
    });
    expect(rejected(mismatch.client).name).toBe('PermissionDenied');
  });

  it('refuses an expired certificate (injected clock)', async () => {
    const { client } = await runSession({
      clientOptions: {
        username: 'alice',
        keys: [[ed25519, cert(['alice'], new Date('2026-03-01T00:00:00Z'))]],
      },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
  });

  it('refuses a certificate with no principals and one with an unknown critical option', async () => {
    const none = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, cert([])]] },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
    });
    expect(rejected(none.client).name).toBe('PermissionDenied');
    const critical = await runSession({
      clientOptions: {
        username: 'alice',
        keys: [[ed25519, cert(['alice'], undefined, { criticalOptions: { 'made-up@example.com': '' } })]],
      },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
    });
    expect(rejected(critical.client).name).toBe('PermissionDenied');
  });

  it('enforces source-address and records force-command', async () => {
    const c = cert(['alice'], undefined, {
      criticalOptions: { 'force-command': '/bin/true', 'source-address': '10.0.0.0/8' },
    });
    const inside = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, c]] },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now, clientAddress: '10.2.3.4' },
    });
    const p = fulfilled(inside.server).permissions;
    expect(p.getCertificateOption('force-command')).toBe('/bin/true');
    expect(p.forcedCommand).toBe('/bin/true');
    const outside = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, c]] },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now, clientAddress: '192.0.2.4' },
    });
    expect(rejected(outside.client).name).toBe('PermissionDenied');
  });

  it('does not accept the CA key itself as a plain key, nor a cert from an untrusted CA', async () => {
    const otherCa = generatePrivateKey('ssh-ed25519');
    const c = otherCa.generateUserCertificate(ed25519, 'x', { principals: ['alice'] });
    const { client } = await runSession({
      clientOptions: { username: 'alice', keys: [ca, [ed25519, c]] },
      serverOptions: { authorizedClientKeys: trustCa(), now: () => now },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
  });

  it('accepts a CA through validateCaKey', async () => {
    const { client } = await runSession({
      clientOptions: { username: 'alice', keys: [[ed25519, cert(['alice'])]] },
      serverHandler: { validateCaKey: (_user, key) => key.equals(ca) },
      serverOptions: { now: () => now },
    });
    fulfilled(client);
  });
});

describe('publickey: raw requests into AuthServer', () => {
  function setup(log: AuthLogEvent[], keysFor: (user: string) => string) {
    const channel = new FakeChannel(SESSION_ID);
    let server: AuthServer | undefined;
    server = new AuthServer(
      channel,
      {
        beginAuth: (user) => {
          server?.setAuthorizedKeys(importAuthorizedKeys(keysFor(user)));
          return true;
        },
      },
      { loginTimeout: 0, log: (e) => log.push(e) },
    );
    const result = server.run().catch((e: unknown) => e);
    return { channel, server, result };
  }

  function signedRequest(key: SSHKey, username: string, sessionId = SESSION_ID) {
    const base = {
      kind: 'publickey' as const,
      username,
      service: 'ssh-connection',
      algorithm: key.algorithm,
      publicKey: key.publicBlob,
    };
    const signature = key.sign(publicKeySignedData({ sessionId, ...base }));
    return encodeUserauthRequest({ ...base, signature });
  }

  it('rejects a signature made over a different session id', async () => {
    const log: AuthLogEvent[] = [];
    const { channel } = setup(log, () => line(ed25519));
    const other = SESSION_ID.map((b) => b ^ 0xff);
    channel.deliver(signedRequest(ed25519, 'alice', other));
    await tick();
    const reply = channel.sent.at(-1) as Uint8Array;
    expect(reply[0]).toBe(MSG_USERAUTH_FAILURE);
    expect(channel.authenticatedCalls).toBe(0);
    // The same request with the right session id succeeds.
    channel.deliver(signedRequest(ed25519, 'alice'));
    await tick();
    expect(channel.sent.at(-1)?.[0]).toBe(52);
  });

  it('rejects a signature whose algorithm differs from the request (rsa-sha2-256 for rsa-sha2-512)', async () => {
    const log: AuthLogEvent[] = [];
    const { channel } = setup(log, () => line(rsa));
    const base = {
      kind: 'publickey' as const,
      username: 'alice',
      service: 'ssh-connection',
      algorithm: 'rsa-sha2-512',
      publicKey: rsa.publicBlob,
    };
    const signature = rsa.sign(publicKeySignedData({ sessionId: SESSION_ID, ...base }), 'rsa-sha2-256');
    expect(decodeSignature(signature).algorithm).toBe('rsa-sha2-256');
    channel.deliver(encodeUserauthRequest({ ...base, signature }));
    await tick();
    expect(channel.sent.at(-1)?.[0]).toBe(MSG_USERAUTH_FAILURE);
  });

  it('does the same work for an unknown user: the signature is verified anyway', async () => {
    const log: AuthLogEvent[] = [];
    const { channel } = setup(log, (user) => (user === 'alice' ? line(ed25519) : ''));
    channel.deliver(signedRequest(ed25519, 'nobody'));
    await tick();
    expect(channel.sent.at(-1)?.[0]).toBe(MSG_USERAUTH_FAILURE);
    expect(decodeUserauthFailure(channel.sent.at(-1) as Uint8Array).methods).toContain('publickey');
    expect(log.filter((e) => e.event === 'dummy-verify')).toEqual([
      expect.objectContaining({ username: 'nobody', method: 'publickey' }),
    ]);
  });

  it('does the same work for a known user with an unknown key', async () => {
    const log: AuthLogEvent[] = [];
    const { channel } = setup(log, (user) => (user === 'alice' ? line(ed25519) : ''));
    channel.deliver(signedRequest(ecdsa, 'alice'));
    await tick();
    expect(channel.sent.at(-1)?.[0]).toBe(MSG_USERAUTH_FAILURE);
    expect(log.filter((e) => e.event === 'dummy-verify')).toHaveLength(1);
  });

  it('answers a query with PK_OK only for an acceptable key', async () => {
    const log: AuthLogEvent[] = [];
    const { channel, server } = setup(log, () => line(ed25519));
    const query = (key: SSHKey) =>
      encodeUserauthRequest({
        kind: 'publickey',
        username: 'alice',
        service: 'ssh-connection',
        algorithm: key.algorithm,
        publicKey: key.publicBlob,
      });
    channel.deliver(query(ecdsa));
    await tick();
    expect(channel.sent.at(-1)?.[0]).toBe(MSG_USERAUTH_FAILURE);
    channel.deliver(query(ed25519));
    await tick();
    expect(channel.sent.at(-1)?.[0]).toBe(MSG_USERAUTH_PK_OK);
    // A query answered with PK_OK is not a failed attempt; the refused one is.
    expect(server.failures).toBe(1);
  });
});
