import { describe, expect, it } from '@jest/globals';
import {
  DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
  DISC_PROTOCOL_ERROR,
  DISC_SERVICE_NOT_AVAILABLE,
  MSG_USERAUTH_FAILURE,
  MSG_USERAUTH_PK_OK,
} from '@sshkit/ssh-codes';
import { generatePrivateKey, importAuthorizedKeys, importKnownHosts } from '@sshkit/ssh-keys';
import { DisconnectError } from '@sshkit/ssh-transport';
import fc from 'fast-check';
import {
  AuthServer,
  checkPassword,
  encodeUserauthInfoResponse,
  encodeUserauthRequest,
  hostbasedSignedData,
  publicKeySignedData,
} from '../src/index.js';
import { FakeChannel, SESSION_ID, tick } from './support/packet-pair.js';

const key = generatePrivateKey('ssh-ed25519');
const authorized = importAuthorizedKeys(key.exportPublicKey());
const base = { username: 'alice', service: 'ssh-connection' } as const;
const pkBase = { kind: 'publickey' as const, ...base, algorithm: key.algorithm, publicKey: key.publicBlob };
const cert = key.generateUserCertificate(key, 'self', { principals: ['alice'] });
const hbBase = {
  kind: 'hostbased' as const,
  ...base,
  algorithm: key.algorithm,
  publicKey: key.publicBlob,
  clientHost: 'client.example.com.',
  clientUsername: 'alice',
};
const hostCert = key.generateHostCertificate(key, 'host', { principals: ['client.example.com'] });
// The seeds' host key is trusted, so mutated hostbased requests reach the signature check.
const knownHosts = importKnownHosts(
  `client.example.com ${key.exportPublicKey().trim()}\n@cert-authority * ${key.exportPublicKey().trim()}`,
);

/** Valid packets to mutate: every request form, and an INFO_RESPONSE. */
const SEEDS: readonly Uint8Array[] = [
  encodeUserauthRequest({ kind: 'none', ...base }),
  encodeUserauthRequest({ kind: 'password', ...base, password: 'guess' }),
  encodeUserauthRequest({ kind: 'password', ...base, password: 'guess', newPassword: 'new guess' }),
  encodeUserauthRequest(pkBase),
  encodeUserauthRequest({
    ...pkBase,
    signature: key.sign(publicKeySignedData({ sessionId: SESSION_ID.map((b) => b ^ 1), ...pkBase })),
  }),
  encodeUserauthRequest({
    kind: 'publickey',
    ...base,
    algorithm: cert.algorithm,
    publicKey: cert.blob,
    signature: key.sign(new Uint8Array(3)),
  }),
  encodeUserauthRequest({ kind: 'keyboard-interactive', ...base, language: '', submethods: '' }),
  encodeUserauthRequest({
    ...hbBase,
    signature: key.sign(hostbasedSignedData({ sessionId: SESSION_ID.map((b) => b ^ 1), ...hbBase })),
  }),
  encodeUserauthRequest({
    ...hbBase,
    algorithm: hostCert.algorithm,
    publicKey: hostCert.blob,
    signature: key.sign(new Uint8Array(3)),
  }),
  encodeUserauthRequest({ kind: 'other', ...base, method: 'gssapi-with-mic', data: Uint8Array.of(1, 2, 3) }),
  encodeUserauthInfoResponse(['a', 'b']),
];

const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([seed, flips, cut]) => {
    const out = seed.slice(0, cut === undefined ? seed.length : cut % (seed.length + 1));
    for (const [at, value] of flips) if (out.length > 0) out[at % out.length] = value;
    return out;
  });
const randomPacket = fc.oneof(
  fc.constantFrom(...SEEDS),
  mutated,
  fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.of(50, ...b)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.of(61, ...b)),
  fc.uint8Array({ maxLength: 32 }),
);

const ALLOWED_REPLIES = new Set([MSG_USERAUTH_FAILURE, MSG_USERAUTH_PK_OK]);
const ALLOWED_DISCONNECTS = new Set([
  DISC_PROTOCOL_ERROR,
  DISC_SERVICE_NOT_AVAILABLE,
  DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
]);

describe('AuthServer fuzz', () => {
  it('random and mutated USERAUTH packets yield only FAILURE/PK_OK replies or a typed disconnect', async () => {
    const seen = { failure: 0, pkOk: 0, disconnect: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(randomPacket, { minLength: 1, maxLength: 8 }), async (packets) => {
        const channel = new FakeChannel(SESSION_ID);
        const server = new AuthServer(
          channel,
          {
            validatePassword: (_u, pw) => checkPassword('secret', pw),
            changePassword: () => false,
            getKbdintChallenge: () => false,
          },
          {
            authorizedClientKeys: authorized,
            knownClientHosts: knownHosts,
            clientHost: 'client.example.com',
            loginTimeout: 0,
            maxAuthTries: 4,
          },
        );
        let settled: { ok: boolean; error?: unknown } | undefined;
        server.run().then(
          () => {
            settled = { ok: true };
          },
          (error: unknown) => {
            settled = { ok: false, error };
          },
        );
        for (const p of packets) channel.deliver(p);
        for (let i = 0; i < 3; i++) await tick();

        // Replies are only FAILURE or PK_OK; never SUCCESS for garbage.
        for (const reply of channel.sent) expect(ALLOWED_REPLIES.has(reply[0] as number)).toBe(true);
        expect(channel.authenticatedCalls).toBe(0);
        // At most one disconnect, with a code a misbehaving client deserves, and silence after it.
        expect(channel.disconnects.length).toBeLessThanOrEqual(1);
        for (const d of channel.disconnects) expect(ALLOWED_DISCONNECTS.has(d.code)).toBe(true);
        expect(channel.sentAfterClose).toBe(0);
        // run() settles exactly when a disconnect happened, and only with a typed DisconnectError.
        expect(settled !== undefined).toBe(channel.disconnects.length === 1);
        if (settled) {
          expect(settled.ok).toBe(false);
          expect(DisconnectError.isInstance(settled.error)).toBe(true);
          expect((settled.error as DisconnectError).code).toBe(channel.disconnects[0]?.code);
        }
        // The counter never runs past the limit.
        expect(server.failures).toBeLessThanOrEqual(4);
        seen.failure += channel.sent.filter((p) => p[0] === MSG_USERAUTH_FAILURE).length;
        seen.pkOk += channel.sent.filter((p) => p[0] === MSG_USERAUTH_PK_OK).length;
        seen.disconnect += channel.disconnects.length;
      }),
      { numRuns: 300 },
    );
    // The generator reaches every outcome, so the property is not vacuous.
    expect(seen.failure).toBeGreaterThan(0);
    expect(seen.pkOk).toBeGreaterThan(0);
    expect(seen.disconnect).toBeGreaterThan(0);
  });
});
