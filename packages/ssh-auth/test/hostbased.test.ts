import { describe, expect, it } from '@jest/globals';
import { MSG_USERAUTH_FAILURE, MSG_USERAUTH_REQUEST, MSG_USERAUTH_SUCCESS } from '@sshkit/ssh-codes';
import { generatePrivateKey, importAuthorizedKeys, importKnownHosts, type SSHKey } from '@sshkit/ssh-keys';
import {
  type AuthClientOptions,
  type AuthLogEvent,
  AuthServer,
  type AuthServerHandler,
  type AuthServerOptions,
  decodeUserauthFailure,
  decodeUserauthRequest,
  encodeUserauthRequest,
  type HostbasedRequest,
  hostbasedSignedData,
} from '../src/index.js';
import { fulfilled, rejected, rsaFixtureKey, runSession } from './support/harness.js';
import { FakeChannel, SESSION_ID, tick } from './support/packet-pair.js';

const hostKey = generatePrivateKey('ssh-ed25519', { comment: 'client host key' });
const otherHostKey = generatePrivateKey('ecdsa-sha2-nistp256');
const hostCa = generatePrivateKey('ssh-ed25519', { comment: 'host-ca' });
const userKey = generatePrivateKey('ssh-ed25519', { comment: 'alice' });
const rsa = rsaFixtureKey();

const HOST = 'client.example.com';
const ADDR = '192.0.2.10';
const now = new Date('2026-06-01T00:00:00Z');

function pub(key: SSHKey): string {
  return key.exportPublicKey().trim();
}

/** The server side of a client at ADDR whose reverse DNS name is HOST. */
function serverOptions(knownHosts: string, extra: AuthServerOptions = {}): AuthServerOptions {
  return {
    knownClientHosts: importKnownHosts(knownHosts),
    clientHost: HOST,
    clientAddress: ADDR,
    now: () => now,
    ...extra,
  };
}

/** A client that sends its name as ssh does, with the trailing dot. */
const clientOptions = { username: 'alice', clientHost: `${HOST}.`, clientHostKeys: [hostKey] };

function hostCert(principals: readonly string[], validBefore = new Date('2027-01-01T00:00:00Z')) {
  return hostCa.generateHostCertificate(hostKey, 'client-host', {
    principals: [...principals],
    validAfter: new Date('2026-01-01T00:00:00Z'),
    validBefore,
  });
}

/** The user authentication requests a channel sent, decoded. */
function requests(channel: FakeChannel) {
  return channel.sent.filter((p) => p[0] === MSG_USERAUTH_REQUEST).map((p) => decodeUserauthRequest(p));
}

function hostbasedRequests(channel: FakeChannel): HostbasedRequest[] {
  return requests(channel).filter((r): r is HostbasedRequest => r.kind === 'hostbased');
}

describe('hostbased: client against server', () => {
  it('authenticates with a plain host key listed for the host name in knownClientHosts', async () => {
    const { session, client, server } = await runSession({
      clientOptions,
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
    });
    fulfilled(client);
    const result = fulfilled(server);
    expect(result).toMatchObject({ username: 'alice', method: 'hostbased', methods: ['hostbased'] });
    expect(result.permissions.keyOptions).toBeUndefined();
    expect(result.permissions.certificate).toBeUndefined();
    expect(session.client.method).toBe('hostbased');
    expect(session.clientChannel.authenticatedCalls).toBe(1);
    expect(session.serverChannel.authenticatedCalls).toBe(1);
    const [req] = hostbasedRequests(session.clientChannel);
    // The name goes out as given (the trailing dot is the caller's), the client user defaults to username.
    expect(req).toMatchObject({ clientHost: `${HOST}.`, clientUsername: 'alice', algorithm: 'ssh-ed25519' });
  });

  it('finds the host key by address too, and matches names case-insensitively', async () => {
    const byAddress = await runSession({
      clientOptions,
      serverOptions: serverOptions(`${ADDR} ${pub(hostKey)}`),
    });
    expect(fulfilled(byAddress.server).method).toBe('hostbased');
    const upper = await runSession({
      clientOptions: { ...clientOptions, clientHost: 'CLIENT.Example.COM.' },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
    });
    expect(fulfilled(upper.server).method).toBe('hostbased');
  });

  it('authenticates with a host certificate whose CA is an @cert-authority line', async () => {
    const cert = hostCert([HOST]);
    const { session, client, server } = await runSession({
      clientOptions: { ...clientOptions, clientHostKeys: [[hostKey, cert]] },
      serverOptions: serverOptions(`@cert-authority *.example.com ${pub(hostCa)}`),
    });
    fulfilled(client);
    const result = fulfilled(server);
    expect(result.method).toBe('hostbased');
    // A host certificate is no user certificate: it grants no permit-* extensions or restrictions.
    expect(result.permissions.certificate).toBeUndefined();
    expect(hostbasedRequests(session.clientChannel)[0]?.algorithm).toBe('ssh-ed25519-cert-v01@openssh.com');
  });

  it('uses the signature algorithm publickey would: rsa-sha2-256 when the server lists only that', async () => {
    const { session, client } = await runSession({
      clientOptions: { ...clientOptions, clientHostKeys: [rsa] },
      serverOptions: serverOptions(`${HOST} ${pub(rsa)}`),
      pair: { serverSigAlgs: ['ssh-ed25519', 'rsa-sha2-256'] },
    });
    fulfilled(client);
    expect(hostbasedRequests(session.clientChannel).map((r) => r.algorithm)).toEqual(['rsa-sha2-256']);
  });

  it('moves on to the next host key after a FAILURE, skipping keys that cannot sign', async () => {
    const log: AuthLogEvent[] = [];
    const { session, client, server } = await runSession({
      clientOptions: {
        ...clientOptions,
        clientHostKeys: () => [otherHostKey, hostKey.convertToPublic(), hostKey],
        log: (e) => log.push(e),
      },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('hostbased');
    expect(hostbasedRequests(session.clientChannel).map((r) => r.algorithm)).toEqual([
      'ecdsa-sha2-nistp256',
      'ssh-ed25519',
    ]);
    expect(log.some((e) => e.method === 'hostbased' && e.detail?.includes('cannot sign'))).toBe(true);
    expect(session.server.failures).toBe(1);
  });

  it('accepts a different client user through validateHostBasedUser', async () => {
    const seen: unknown[] = [];
    const { client, server } = await runSession({
      clientOptions: { ...clientOptions, clientUsername: 'root' },
      serverHandler: {
        validateHostBasedUser: (user, host, clientUser) => {
          seen.push([user, host, clientUser]);
          return clientUser === 'root';
        },
      },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('hostbased');
    expect(seen).toEqual([['alice', HOST, 'root']]);
  });

  it('accepts a host key through validateHostPublicKey, with the name, address and port', async () => {
    const seen: unknown[] = [];
    const { client, server } = await runSession({
      clientOptions,
      serverHandler: {
        validateHostPublicKey: (host, addr, port, key) => {
          seen.push([host, addr, port]);
          return key.equals(hostKey);
        },
      },
      serverOptions: { clientHost: HOST, clientAddress: ADDR, clientPort: 50022 },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('hostbased');
    expect(seen).toEqual([[HOST, ADDR, 50022]]);
  });

  it("accepts a host certificate's CA through validateHostCaKey", async () => {
    const seen: unknown[] = [];
    const { client, server } = await runSession({
      clientOptions: { ...clientOptions, clientHostKeys: [[hostKey, hostCert([HOST])]] },
      serverHandler: {
        validateHostCaKey: (host, addr, port, key) => {
          seen.push([host, addr, port]);
          return key.equals(hostCa);
        },
      },
      serverOptions: { clientHost: HOST, now: () => now },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('hostbased');
    expect(seen).toEqual([[HOST, '', 0]]);
  });

  it('asks lookupClientHost for the reverse DNS name once, and only when a hostbased request needs it', async () => {
    let lookups = 0;
    const lookupClientHost = async () => {
      lookups++;
      return HOST;
    };
    const knownClientHosts = importKnownHosts(`${HOST} ${pub(hostKey)}`);
    const { client, server } = await runSession({
      clientOptions,
      serverOptions: { knownClientHosts, clientAddress: ADDR, lookupClientHost },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('hostbased');
    expect(lookups).toBe(1);
    // A login that never reaches hostbased costs no lookup.
    const password = await runSession({
      clientOptions: { username: 'alice', password: 'pw', preferredAuthentications: ['password'] },
      serverHandler: { validatePassword: () => true },
      serverOptions: { knownClientHosts, clientAddress: ADDR, lookupClientHost },
    });
    expect(fulfilled(password.server).method).toBe('password');
    expect(lookups).toBe(1);
  });

  it('succeeds with trustClientHost whatever the reverse DNS name (or none)', async () => {
    const { client, server } = await runSession({
      clientOptions,
      serverOptions: {
        knownClientHosts: importKnownHosts(`${HOST} ${pub(hostKey)}`),
        trustClientHost: true,
      },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('hostbased');
  });

  it('falls back to publickey after hostbased fails', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { ...clientOptions, keys: [userKey] },
      serverOptions: serverOptions(`${HOST} ${pub(otherHostKey)}`, {
        authorizedClientKeys: importAuthorizedKeys(pub(userKey)),
      }),
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('publickey');
    const kinds = requests(session.clientChannel).map((r) => r.kind);
    expect(kinds.indexOf('hostbased')).toBeGreaterThan(-1);
    expect(kinds.indexOf('hostbased')).toBeLessThan(kinds.indexOf('publickey'));
  });

  it("requires both methods with authenticationMethods [['hostbased', 'publickey']]", async () => {
    const { session, client, server } = await runSession({
      clientOptions: { ...clientOptions, keys: [userKey] },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`, {
        authorizedClientKeys: importAuthorizedKeys(`no-pty ${pub(userKey)}`),
        authenticationMethods: [['hostbased', 'publickey']],
      }),
    });
    fulfilled(client);
    const result = fulfilled(server);
    expect(result.methods).toEqual(['hostbased', 'publickey']);
    // publickey's options survive the hostbased step.
    expect(result.permissions.allows('pty')).toBe(false);
    const failures = session.serverChannel.sent
      .filter((p) => p[0] === MSG_USERAUTH_FAILURE)
      .map((p) => decodeUserauthFailure(p));
    // The none probe gets only the chain's head; the hostbased success is partial.
    expect(failures).toEqual([
      { methods: ['hostbased'], partialSuccess: false },
      { methods: ['publickey'], partialSuccess: true },
    ]);
  });

  it('is skipped by the client when the server does not offer it', async () => {
    const { session, client, server } = await runSession({
      clientOptions: { ...clientOptions, keys: [userKey] },
      serverOptions: {
        authorizedClientKeys: importAuthorizedKeys(pub(userKey)),
        clientHost: HOST,
      },
    });
    fulfilled(client);
    expect(fulfilled(server).method).toBe('publickey');
    expect(hostbasedRequests(session.clientChannel)).toEqual([]);
  });

  it('is not tried without clientHost or without host keys', async () => {
    for (const options of [
      { username: 'alice', clientHostKeys: [hostKey] },
      { username: 'alice', clientHost: HOST },
    ]) {
      const { session, client } = await runSession({
        clientOptions: { ...options, password: 'pw' },
        serverHandler: { validatePassword: (_u, pw) => pw === 'pw' },
        serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
      });
      fulfilled(client);
      expect(hostbasedRequests(session.clientChannel)).toEqual([]);
    }
  });

  it('lists hostbased last among the methods that can continue, as sshd does', async () => {
    const { session } = await runSession({
      clientOptions: { username: 'alice' },
      serverHandler: { validatePassword: () => false, getKbdintChallenge: () => false },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`, {
        authorizedClientKeys: importAuthorizedKeys(pub(userKey)),
      }),
    });
    const first = session.serverChannel.sent.find((p) => p[0] === MSG_USERAUTH_FAILURE) as Uint8Array;
    expect(decodeUserauthFailure(first).methods).toEqual([
      'publickey',
      'password',
      'keyboard-interactive',
      'hostbased',
    ]);
  });

  it('is offered as hostBasedAuth and hostBasedAuthSupported say', async () => {
    const offered = async (handler: AuthServerHandler, options: AuthServerOptions) => {
      const { session } = await runSession({
        clientOptions: { username: 'alice' },
        serverHandler: handler,
        serverOptions: options,
      });
      const first = session.serverChannel.sent.find((p) => p[0] === MSG_USERAUTH_FAILURE) as Uint8Array;
      return decodeUserauthFailure(first).methods.includes('hostbased');
    };
    const kh = importKnownHosts(`${HOST} ${pub(hostKey)}`);
    expect(await offered({}, { knownClientHosts: kh })).toBe(true);
    expect(await offered({}, { knownClientHosts: kh, hostBasedAuth: false })).toBe(false);
    expect(await offered({ hostBasedAuthSupported: () => false }, { knownClientHosts: kh })).toBe(false);
    expect(await offered({ hostBasedAuthSupported: () => true }, {})).toBe(true);
    expect(await offered({ validateHostCaKey: () => true }, {})).toBe(true);
    expect(await offered({}, { hostBasedAuth: true })).toBe(true);
    expect(await offered({}, {})).toBe(false);
  });
});

describe('hostbased: refusals', () => {
  /** Runs a session expected to fail hostbased; returns the server's failure details. */
  async function refused(spec: {
    clientOptions?: Partial<AuthClientOptions>;
    serverHandler?: AuthServerHandler;
    serverOptions: AuthServerOptions;
  }): Promise<string[]> {
    const log: AuthLogEvent[] = [];
    const { session, client, server } = await runSession({
      clientOptions: { ...clientOptions, ...spec.clientOptions },
      ...(spec.serverHandler ? { serverHandler: spec.serverHandler } : {}),
      serverOptions: { ...spec.serverOptions, log: (e) => log.push(e) },
    });
    expect(rejected(client).name).toBe('PermissionDenied');
    expect(rejected(server).name).toBe('PermissionDenied');
    expect(session.serverChannel.authenticatedCalls).toBe(0);
    expect(session.serverChannel.sent.some((p) => p[0] === MSG_USERAUTH_SUCCESS)).toBe(false);
    // Every refusal after a parsed key still verified the signature.
    const dummy = log.filter((e) => e.event === 'dummy-verify');
    expect(dummy.length).toBeGreaterThan(0);
    expect(dummy.every((e) => e.method === 'hostbased')).toBe(true);
    return log.filter((e) => e.event === 'failure' && e.detail !== undefined).map((e) => e.detail as string);
  }

  it('an unknown host key', async () => {
    const details = await refused({ serverOptions: serverOptions(`${HOST} ${pub(otherHostKey)}`) });
    expect(details).toEqual([expect.stringContaining('not trusted')]);
  });

  it('a host key listed for another host', async () => {
    const details = await refused({ serverOptions: serverOptions(`other.example.com ${pub(hostKey)}`) });
    expect(details).toEqual([expect.stringContaining('not trusted')]);
  });

  it('a revoked host key, even when also trusted', async () => {
    const details = await refused({
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}\n@revoked * ${pub(hostKey)}`),
    });
    expect(details).toEqual([expect.stringContaining('revoked')]);
  });

  it('a host certificate whose key or CA is revoked', async () => {
    const cert = hostCert([HOST]);
    for (const revokedKey of [hostKey, hostCa]) {
      const details = await refused({
        clientOptions: { clientHostKeys: [[hostKey, cert]] },
        serverOptions: serverOptions(`@cert-authority * ${pub(hostCa)}\n@revoked * ${pub(revokedKey)}`),
      });
      expect(details).toEqual([expect.stringContaining('revoked')]);
    }
  });

  it('a user certificate instead of a host certificate', async () => {
    const userCert = hostCa.generateUserCertificate(hostKey, 'not-a-host', { principals: [HOST] });
    const details = await refused({
      clientOptions: { clientHostKeys: [[hostKey, userCert]] },
      serverOptions: serverOptions(`@cert-authority * ${pub(hostCa)}`),
    });
    expect(details).toEqual(['not a host certificate']);
  });

  it('a host certificate for another principal', async () => {
    const details = await refused({
      clientOptions: { clientHostKeys: [[hostKey, hostCert(['other.example.com'])]] },
      serverOptions: serverOptions(`@cert-authority * ${pub(hostCa)}`),
    });
    expect(details).toEqual([expect.stringContaining('principal-mismatch')]);
  });

  it('an expired host certificate (injected clock)', async () => {
    const details = await refused({
      clientOptions: { clientHostKeys: [[hostKey, hostCert([HOST], new Date('2026-03-01T00:00:00Z'))]] },
      serverOptions: serverOptions(`@cert-authority * ${pub(hostCa)}`),
    });
    expect(details).toEqual([expect.stringContaining('expired')]);
  });

  it('a host certificate from an untrusted CA, and a CA key listed as a plain host key', async () => {
    const details = await refused({
      clientOptions: { clientHostKeys: [[hostKey, hostCert([HOST])]] },
      serverOptions: serverOptions(`${HOST} ${pub(hostCa)}`),
    });
    expect(details).toEqual([expect.stringContaining('authority not trusted')]);
  });

  it('a host name that does not match the reverse DNS name, or no reverse DNS name at all', async () => {
    const mismatch = await refused({
      serverOptions: serverOptions(`* ${pub(hostKey)}`, { clientHost: 'attacker.example.net' }),
    });
    expect(mismatch).toEqual([expect.stringContaining('reverse DNS')]);
    const unresolved = await refused({
      serverOptions: { knownClientHosts: importKnownHosts(`* ${pub(hostKey)}`) },
    });
    expect(unresolved).toEqual([expect.stringContaining('reverse DNS')]);
  });

  it('a different client user by default (AsyncSSH), and one validateHostBasedUser refuses', async () => {
    const byDefault = await refused({
      clientOptions: { clientUsername: 'bob' },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
    });
    expect(byDefault).toEqual([expect.stringContaining('may not log in as')]);
    const byHook = await refused({
      serverHandler: { validateHostBasedUser: () => false },
      serverOptions: serverOptions(`${HOST} ${pub(hostKey)}`),
    });
    expect(byHook).toEqual([expect.stringContaining('may not log in as')]);
  });

  it('hooks that say no', async () => {
    const plain = await refused({
      serverHandler: { validateHostPublicKey: () => false },
      serverOptions: { clientHost: HOST },
    });
    expect(plain).toEqual([expect.stringContaining('not trusted')]);
    const ca = await refused({
      clientOptions: { clientHostKeys: [[hostKey, hostCert([HOST])]] },
      serverHandler: { validateHostCaKey: () => false },
      serverOptions: { clientHost: HOST, now: () => now },
    });
    expect(ca).toEqual([expect.stringContaining('authority not trusted')]);
  });
});

describe('hostbased: raw requests into AuthServer', () => {
  function setup(options: AuthServerOptions = {}, handler: AuthServerHandler = {}) {
    const log: AuthLogEvent[] = [];
    const channel = new FakeChannel(SESSION_ID);
    const server = new AuthServer(channel, handler, {
      ...serverOptions(`${HOST} ${pub(hostKey)}\n${HOST} ${pub(rsa)}`),
      loginTimeout: 0,
      log: (e) => log.push(e),
      ...options,
    });
    const result = server.run().catch((e: unknown) => e);
    return { channel, server, log, result };
  }

  function request(
    fields: Partial<Omit<HostbasedRequest, 'signature'>> = {},
    signedFields: Partial<Omit<HostbasedRequest, 'signature'>> = {},
    key: SSHKey = hostKey,
    signatureAlgorithm?: string,
  ): HostbasedRequest {
    const base = {
      kind: 'hostbased' as const,
      username: 'alice',
      service: 'ssh-connection',
      algorithm: key.algorithm,
      publicKey: key.publicBlob,
      clientHost: `${HOST}.`,
      clientUsername: 'alice',
      ...fields,
    };
    const signature = key.sign(
      hostbasedSignedData({ sessionId: SESSION_ID, ...base, ...signedFields }),
      signatureAlgorithm,
    );
    return { ...base, signature };
  }

  async function reply(channel: FakeChannel, req: HostbasedRequest): Promise<number | undefined> {
    channel.deliver(encodeUserauthRequest(req));
    await tick();
    return channel.sent.at(-1)?.[0];
  }

  it('accepts a well-formed request (the control for the cases below)', async () => {
    const { channel } = setup();
    expect(await reply(channel, request())).toBe(MSG_USERAUTH_SUCCESS);
  });

  it('refuses a tampered signature, and one over the host name without its trailing dot', async () => {
    const { channel, server, log } = setup();
    const good = request();
    const tampered = good.signature.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(await reply(channel, { ...good, signature: tampered })).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, request({}, { clientHost: HOST }))).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, request({}, { clientUsername: 'root' }))).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, { ...good, signature: Uint8Array.of(1, 2, 3) })).toBe(MSG_USERAUTH_FAILURE);
    expect(server.failures).toBe(4);
    expect(log.filter((e) => e.detail === 'signature does not verify')).toHaveLength(4);
    expect(channel.authenticatedCalls).toBe(0);
  });

  it('refuses a signature whose algorithm differs from the request (rsa-sha2-256 for rsa-sha2-512)', async () => {
    const { channel } = setup();
    const req = request({ algorithm: 'rsa-sha2-512' }, {}, rsa, 'rsa-sha2-256');
    expect(await reply(channel, req)).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, request({ algorithm: 'rsa-sha2-512' }, {}, rsa, 'rsa-sha2-512'))).toBe(
      MSG_USERAUTH_SUCCESS,
    );
  });

  it('refuses an algorithm outside publicKeyAlgs, a blob of another type and an unparsable blob', async () => {
    const { channel, server, log } = setup({ publicKeyAlgs: ['ssh-ed25519'] });
    expect(await reply(channel, request({ algorithm: 'rsa-sha2-512' }, {}, rsa, 'rsa-sha2-512'))).toBe(
      MSG_USERAUTH_FAILURE,
    );
    expect(await reply(channel, request({ publicKey: otherHostKey.publicBlob }))).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, request({ publicKey: Uint8Array.of(0, 0, 0, 1, 120) }))).toBe(
      MSG_USERAUTH_FAILURE,
    );
    expect(server.failures).toBe(3);
    expect(log.filter((e) => e.event === 'failure' && e.detail?.includes('unacceptable'))).toHaveLength(3);
  });

  it('refuses an empty host name (only one trailing dot is stripped)', async () => {
    const { channel, log } = setup({ trustClientHost: true });
    expect(await reply(channel, request({ clientHost: '.' }))).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, request({ clientHost: '' }))).toBe(MSG_USERAUTH_FAILURE);
    expect(await reply(channel, request({ clientHost: `${HOST}..` }))).toBe(MSG_USERAUTH_FAILURE);
    const details = log.filter((e) => e.event === 'failure').map((e) => e.detail);
    expect(details).toEqual([
      'empty client host name',
      'empty client host name',
      expect.stringContaining('not trusted'),
    ]);
  });

  it('refuses hostbased when it is not offered, and calls no hook then', async () => {
    let called = false;
    const { channel, log } = setup(
      { hostBasedAuth: false },
      {
        validateHostBasedUser: () => {
          called = true;
          return true;
        },
      },
    );
    expect(await reply(channel, request())).toBe(MSG_USERAUTH_FAILURE);
    expect(called).toBe(false);
    expect(log.some((e) => e.detail === 'hostbased not offered')).toBe(true);
  });

  it('calls the user hook only once the host and its key are accepted', async () => {
    let called = 0;
    const { channel } = setup(
      { clientHost: 'elsewhere.example.com' },
      {
        validateHostBasedUser: () => {
          called++;
          return true;
        },
      },
    );
    expect(await reply(channel, request())).toBe(MSG_USERAUTH_FAILURE);
    expect(called).toBe(0);
  });
});
