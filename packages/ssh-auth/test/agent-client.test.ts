// SSHAgentClient against a fake agent: the requests it sends, and what it
// does with well-formed, refused, malformed and missing answers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SSH_AGENT_EXTENSION_FAILURE,
  SSH_AGENT_EXTENSION_RESPONSE,
  SSH_AGENT_FAILURE,
  SSH_AGENT_IDENTITIES_ANSWER,
  SSH_AGENT_SIGN_RESPONSE,
  SSH_AGENT_SUCCESS,
} from '@sshkit/ssh-codes';
import { encodeAgentPrivateKey, generatePrivateKey, importPublicKey, KeyExportError } from '@sshkit/ssh-keys';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { AGENT_MAX_MESSAGE_LENGTH, AgentError, type AgentErrorReason } from '../src/index.js';
import { fakeAgent, frame, settled, ticks } from './support/fake-agent.js';
import { rsaFixtureKey } from './support/harness.js';

const ed25519 = generatePrivateKey('ssh-ed25519', { comment: 'ed' });
const rsa = rsaFixtureKey();
const ca = generatePrivateKey('ssh-ed25519');
const cert = ca.generateUserCertificate(ed25519, 'cert-id', { principals: ['alice'] });
const UNKNOWN_BLOB = new WireWriter().string('ssh-unknown@example.com').string('???').finish();

function identities(
  entries: ReadonlyArray<readonly [Uint8Array, string]>,
  count = entries.length,
): Uint8Array {
  const w = new WireWriter().u32(count);
  for (const [blob, comment] of entries) w.string(blob).string(comment);
  return frame(SSH_AGENT_IDENTITIES_ANSWER, w.finish());
}

function expectAgentError(result: PromiseSettledResult<unknown>, reason: AgentErrorReason): AgentError {
  expect(result.status).toBe('rejected');
  const error = (result as PromiseRejectedResult).reason;
  expect([AgentError.isInstance(error), AgentError.isInstance(error) && error.reason]).toEqual([
    true,
    reason,
  ]);
  return error as AgentError;
}

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  await ticks(5);
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('SSHAgentClient: requests and answers', () => {
  it('lists identities: plain keys, a certificate and a key type ssh-keys does not know', async () => {
    const agent = fakeAgent();
    const keys = agent.client.getKeys();
    agent.send(
      identities([
        [ed25519.publicBlob, 'ed'],
        [cert.blob, 'ed cert'],
        [UNKNOWN_BLOB, 'unknown'],
      ]),
    );
    const [plain, certificate, unknown] = await keys;
    expect(agent.requests()).toEqual([Uint8Array.of(11)]);
    expect([plain?.algorithm, plain?.comment, plain?.publicKey?.equals(ed25519)]).toEqual([
      'ssh-ed25519',
      'ed',
      true,
    ]);
    expect(plain?.certificate).toBeUndefined();
    expect(certificate?.algorithm).toBe('ssh-ed25519-cert-v01@openssh.com');
    expect(certificate?.publicBlob).toEqual(cert.blob);
    expect(certificate?.certificate?.keyId).toBe('cert-id');
    expect(certificate?.publicKey?.equals(ed25519)).toBe(true);
    expect(certificate?.signatureAlgorithms).toEqual(['ssh-ed25519']);
    expect([unknown?.algorithm, unknown?.publicKey, unknown?.certificate]).toEqual([
      'ssh-unknown@example.com',
      undefined,
      undefined,
    ]);
    agent.client.close();
  });

  it('sends SIGN_REQUEST with the RSA flags and returns the signature as the agent sent it', async () => {
    const agent = fakeAgent();
    const keys = agent.client.getKeys();
    agent.send(identities([[rsa.publicBlob, 'rsa']]));
    const [key] = await keys;
    if (!key) throw new Error('no key');
    const data = Uint8Array.of(1, 2, 3);
    const signatures = ['rsa-sha2-512', 'rsa-sha2-256', 'rsa-sha2-512-cert-v01@openssh.com', undefined].map(
      (alg) => key.sign(data, alg),
    );
    const answers = ['rsa-sha2-512', 'rsa-sha2-256', 'rsa-sha2-512', 'rsa-sha2-512'].map((alg) =>
      rsa.sign(data, alg),
    );
    await ticks();
    for (const s of answers) agent.send(frame(SSH_AGENT_SIGN_RESPONSE, new WireWriter().string(s).finish()));
    expect(await Promise.all(signatures)).toEqual(answers);
    const flags = agent
      .requests()
      .slice(1)
      .map((request) => {
        const r = new WireReader(request, {}, 1);
        expect(r.string()).toEqual(rsa.publicBlob);
        expect(r.string()).toEqual(data);
        const f = r.u32();
        r.expectEnd();
        return f;
      });
    expect(flags).toEqual([4, 2, 4, 4]);
    agent.client.close();
  });

  it('encodes ADD_IDENTITY and ADD_ID_CONSTRAINED', async () => {
    const agent = fakeAgent();
    const plain = agent.client.addKeys([ed25519]);
    await ticks();
    agent.send(frame(SSH_AGENT_SUCCESS));
    await plain;
    const constrained = agent.client.addKeys([ed25519], { lifetime: 600, confirm: true });
    await ticks();
    agent.send(frame(SSH_AGENT_SUCCESS));
    await constrained;
    const [add, addConstrained] = agent.requests();
    const r = new WireReader(add as Uint8Array);
    expect(r.u8()).toBe(17);
    expect(r.utf8()).toBe('ssh-ed25519');
    r.string(); // public key
    r.string(); // seed || public key
    expect(r.utf8()).toBe('ed');
    r.expectEnd();
    expect(addConstrained?.[0]).toBe(25);
    // ...the same key and comment, then lifetime (1, uint32 600) and confirm (2).
    expect(addConstrained?.subarray(add?.length)).toEqual(Uint8Array.of(1, 0, 0, 2, 0x58, 2));
    await expect(agent.client.addKeys([ed25519.convertToPublic()])).rejects.toThrow('public key');
    await expect(agent.client.addKeys([ed25519], { lifetime: 1.5 })).rejects.toThrow(RangeError);
    agent.client.close();
  });

  it('encodes a certified key as ssh-add does: certificate type, certificate, private fields', async () => {
    const agent = fakeAgent();
    const data = ed25519.privateData;
    if (data?.kind !== 'ed25519') throw new Error('not an ed25519 key');
    const added = agent.client.addKeys([[ed25519, cert], ed25519]);
    await ticks();
    agent.send(frame(SSH_AGENT_SUCCESS));
    await ticks();
    agent.send(frame(SSH_AGENT_SUCCESS));
    await added;
    const constrained = agent.client.addKeys([[ed25519, cert]], { lifetime: 60 });
    await ticks();
    agent.send(frame(SSH_AGENT_SUCCESS));
    await constrained;
    const [certified, plain, certifiedConstrained] = agent.requests();
    const r = new WireReader(certified as Uint8Array);
    expect(r.u8()).toBe(17);
    expect(r.utf8()).toBe('ssh-ed25519-cert-v01@openssh.com');
    expect(r.string()).toEqual(cert.blob);
    expect(r.string()).toEqual(data.publicKey);
    expect(r.string()).toEqual(Uint8Array.of(...data.seed, ...data.publicKey));
    expect(r.utf8()).toBe('ed');
    r.expectEnd();
    expect(certified).toEqual(
      Uint8Array.of(17, ...encodeAgentPrivateKey(ed25519, cert), 0, 0, 0, 2, 0x65, 0x64),
    );
    expect(plain).toEqual(Uint8Array.of(17, ...encodeAgentPrivateKey(ed25519), 0, 0, 0, 2, 0x65, 0x64));
    expect(certifiedConstrained).toEqual(
      Uint8Array.of(25, ...(certified as Uint8Array).subarray(1), 1, 0, 0, 0, 60),
    );
    agent.client.close();
  });

  it('sends nothing when a certificate is not of its key, or the key is a security key', async () => {
    const agent = fakeAgent();
    const other = ca.generateUserCertificate(rsa, 'rsa-id');
    const mismatch = await settled(agent.client.addKeys([ed25519, [ed25519, other]]));
    expect(mismatch.status).toBe('rejected');
    const error = (mismatch as PromiseRejectedResult).reason;
    expect(KeyExportError.isInstance(error) && error.reason).toBe('certificate-mismatch');
    // An sk-ssh-ed25519 public key: string type, string pk, string application.
    const skBlob = new WireWriter()
      .string('sk-ssh-ed25519@openssh.com')
      .string(new Uint8Array(32).fill(7))
      .string('ssh:')
      .finish();
    const sk = importPublicKey(skBlob);
    const skCert = ca.generateUserCertificate(sk, 'sk-id');
    for (const entry of [sk, [sk, skCert] as const]) {
      const refused = await settled(agent.client.addKeys([entry]));
      const reason = (refused as PromiseRejectedResult).reason;
      expect(KeyExportError.isInstance(reason) && reason.reason).toBe('unsupported-format');
      expect((reason as Error).message).toContain('authenticator');
    }
    await ticks();
    expect(agent.requests()).toEqual([]);
    agent.client.close();
  });

  it('encodes ADD_SMARTCARD_KEY, its constrained form and REMOVE_SMARTCARD_KEY', async () => {
    const agent = fakeAgent();
    const provider = '/usr/lib/pkcs11/opensc-pkcs11.so';
    const results = [
      settled(agent.client.addSmartcardKeys(provider, '1234')),
      settled(agent.client.addSmartcardKeys(provider, '1234', { lifetime: 600, confirm: true })),
      settled(agent.client.removeSmartcardKeys(provider, '1234')),
      settled(agent.client.removeSmartcardKeys(provider)),
    ];
    await ticks();
    agent.send(frame(SSH_AGENT_SUCCESS));
    agent.send(frame(SSH_AGENT_FAILURE));
    agent.send(frame(SSH_AGENT_SUCCESS));
    agent.send(frame(SSH_AGENT_FAILURE));
    const [added, refusedConstrained, removed, refusedRemove] = await Promise.all(results);
    expect(added).toEqual({ status: 'fulfilled', value: undefined });
    expect(expectAgentError(refusedConstrained as PromiseSettledResult<unknown>, 'refused').message).toBe(
      `agent refused to add the keys of ${provider}`,
    );
    expect(removed).toEqual({ status: 'fulfilled', value: undefined });
    expect(expectAgentError(refusedRemove as PromiseSettledResult<unknown>, 'refused').message).toBe(
      `agent refused to remove the keys of ${provider}`,
    );
    const strings = (...values: string[]) => {
      const w = new WireWriter();
      for (const v of values) w.string(v);
      return [...w.finish()];
    };
    expect(agent.requests()).toEqual([
      Uint8Array.of(20, ...strings(provider, '1234')),
      // ...then lifetime (1, uint32 600) and confirm (2).
      Uint8Array.of(26, ...strings(provider, '1234'), 1, 0, 0, 2, 0x58, 2),
      Uint8Array.of(21, ...strings(provider, '1234')),
      Uint8Array.of(21, ...strings(provider, '')),
    ]);
    await expect(agent.client.addSmartcardKeys(provider, '1234', { lifetime: 0 })).rejects.toThrow(
      'addSmartcardKeys: lifetime must be',
    );
    expect(agent.requests()).toHaveLength(4);
    agent.client.close();
  });

  it('answers in order to pipelined requests', async () => {
    const agent = fakeAgent();
    const results = [
      settled(agent.client.lock('pw')),
      settled(agent.client.getKeys()),
      settled(agent.client.removeAll()),
      settled(agent.client.unlock('pw')),
    ];
    await ticks();
    // One chunk with every answer, then nothing.
    const answers = [
      frame(SSH_AGENT_SUCCESS),
      identities([]),
      frame(SSH_AGENT_FAILURE),
      frame(SSH_AGENT_SUCCESS),
    ];
    agent.send(Uint8Array.from(answers.flatMap((a) => [...a])));
    const [lock, keys, removeAll, unlock] = await Promise.all(results);
    expect(lock).toEqual({ status: 'fulfilled', value: undefined });
    expect(keys).toEqual({ status: 'fulfilled', value: [] });
    expect(expectAgentError(removeAll as PromiseSettledResult<unknown>, 'refused').message).toBe(
      'agent refused to remove all keys',
    );
    expect(unlock).toEqual({ status: 'fulfilled', value: undefined });
    expect(agent.requests().map((r) => r[0])).toEqual([22, 11, 19, 23]);
    expect(new WireReader(agent.requests()[0] as Uint8Array, {}, 1).utf8()).toBe('pw');
    agent.client.close();
  });

  it('reassembles answers split into single bytes', async () => {
    const agent = fakeAgent();
    const keys = agent.client.getKeys();
    for (const byte of identities([[ed25519.publicBlob, 'split']])) agent.send(Uint8Array.of(byte));
    expect((await keys).map((k) => k.comment)).toEqual(['split']);
    agent.client.close();
  });

  it('a FAILURE fails only its own request; the connection stays usable', async () => {
    const agent = fakeAgent();
    const refused = settled(agent.client.unlock('wrong'));
    agent.send(frame(SSH_AGENT_FAILURE));
    expect(expectAgentError(await refused, 'refused').message).toBe('agent refused to unlock');
    const keys = agent.client.getKeys();
    agent.send(identities([]));
    expect(await keys).toEqual([]);
    agent.client.close();
  });

  it('queryExtensions reads SUCCESS and EXTENSION_RESPONSE lists; FAILURE means none', async () => {
    const names = new WireWriter().string('session-bind@openssh.com').string('x@example.com').finish();
    const cases: ReadonlyArray<readonly [Uint8Array, string[]]> = [
      [frame(SSH_AGENT_SUCCESS, names), ['session-bind@openssh.com', 'x@example.com']],
      [
        frame(SSH_AGENT_EXTENSION_RESPONSE, new WireWriter().string('query').raw(names).finish()),
        ['session-bind@openssh.com', 'x@example.com'],
      ],
      [frame(SSH_AGENT_SUCCESS), []],
      [frame(SSH_AGENT_FAILURE), []],
      [frame(SSH_AGENT_EXTENSION_FAILURE), []],
    ];
    for (const [answer, expected] of cases) {
      const agent = fakeAgent();
      const query = agent.client.queryExtensions();
      agent.send(answer);
      expect(await query).toEqual(expected);
      expect(agent.requests()).toEqual([Uint8Array.of(27, 0, 0, 0, 5, ...new TextEncoder().encode('query'))]);
      agent.client.close();
    }
  });

  it('accepts an answer of exactly the 256 KiB limit', async () => {
    const agent = fakeAgent();
    const keys = agent.client.getKeys();
    // type (1) + count (4) + blob string (4 + n) + empty comment (4) = 256 KiB
    const blob = new Uint8Array(AGENT_MAX_MESSAGE_LENGTH - 13);
    blob.set(new WireWriter().string('ssh-big').finish());
    const answer = identities([[blob, '']]);
    expect(answer.length).toBe(4 + AGENT_MAX_MESSAGE_LENGTH);
    agent.send(answer);
    expect((await keys).map((k) => k.algorithm)).toEqual(['ssh-big']);
    agent.client.close();
  });

  it('refuses to send a request over the limit, without closing', async () => {
    const agent = fakeAgent();
    const big = settled(agent.client.sign(ed25519.publicBlob, new Uint8Array(AGENT_MAX_MESSAGE_LENGTH)));
    expectAgentError(await big, 'too-long');
    const keys = agent.client.getKeys();
    agent.send(identities([]));
    expect(await keys).toEqual([]);
    expect(agent.requests()).toEqual([Uint8Array.of(11)]);
    agent.client.close();
  });
});

describe('SSHAgentClient: bad answers fail every pending request and close', () => {
  /** Three pending requests, then `bytes` from the agent: all three must fail with `reason`. */
  async function expectAllFail(bytes: Uint8Array, reason: AgentErrorReason): Promise<AgentError[]> {
    const agent = fakeAgent();
    const pending = [
      settled(agent.client.getKeys()),
      settled(agent.client.removeAll()),
      settled(agent.client.queryExtensions()),
    ];
    agent.send(bytes);
    const errors = (await Promise.all(pending)).map((p) => expectAgentError(p, reason));
    await agent.client.waitClosed();
    expectAgentError(await settled(agent.client.getKeys()), 'connection-closed');
    return errors;
  }

  it('a length over 256 KiB: too-long, from the header alone', async () => {
    const header = new WireWriter()
      .u32(AGENT_MAX_MESSAGE_LENGTH + 1)
      .u8(SSH_AGENT_IDENTITIES_ANSWER)
      .finish();
    const [error] = await expectAllFail(header, 'too-long');
    expect(error?.message).toContain('exceeds the 262144-byte limit');
    await expectAllFail(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 'too-long');
  });

  it('a zero length', async () => {
    await expectAllFail(Uint8Array.of(0, 0, 0, 0), 'bad-response');
  });

  it('an answer type that does not fit the request', async () => {
    const [error] = await expectAllFail(frame(99), 'bad-response');
    expect(error?.message).toBe('agent answered unknown (99) to a request to list keys');
    await expectAllFail(
      frame(SSH_AGENT_SIGN_RESPONSE, new WireWriter().string('sig').finish()),
      'bad-response',
    );
    await expectAllFail(frame(SSH_AGENT_EXTENSION_FAILURE), 'bad-response');
  });

  it('an IDENTITIES_ANSWER whose count lies, or that does not parse', async () => {
    const one: ReadonlyArray<readonly [Uint8Array, string]> = [[ed25519.publicBlob, 'c']];
    await expectAllFail(identities(one, 2), 'bad-response');
    await expectAllFail(identities(one, 0xffff_ffff), 'bad-response');
    await expectAllFail(identities([...one, ...one], 1), 'bad-response');
    await expectAllFail(identities([[Uint8Array.of(0, 0, 0, 9, 1), 'c']]), 'bad-response');
    await expectAllFail(frame(SSH_AGENT_IDENTITIES_ANSWER, Uint8Array.of(0, 0)), 'bad-response');
  });

  it('a SUCCESS with trailing bytes, and an EXTENSION_RESPONSE for another extension', async () => {
    const agent = fakeAgent();
    const results = [settled(agent.client.removeAll()), settled(agent.client.getKeys())];
    agent.send(frame(SSH_AGENT_SUCCESS, Uint8Array.of(1)));
    expectAgentError((await results[0]) as PromiseSettledResult<unknown>, 'bad-response');
    expectAgentError((await results[1]) as PromiseSettledResult<unknown>, 'bad-response');
    const other = fakeAgent();
    const query = settled(other.client.queryExtensions());
    other.send(frame(SSH_AGENT_EXTENSION_RESPONSE, new WireWriter().string('other').finish()));
    expectAgentError(await query, 'bad-response');
  });

  it('an answer nobody asked for', async () => {
    const agent = fakeAgent();
    agent.send(frame(SSH_AGENT_SUCCESS));
    await agent.client.waitClosed();
    const late = await settled(agent.client.getKeys());
    expect(expectAgentError(late, 'connection-closed').message).toContain('SSH_AGENT_SUCCESS unasked');
  });

  it('the stream closing with requests pending, mid-message or not', async () => {
    const agent = fakeAgent();
    const pending = [settled(agent.client.getKeys()), settled(agent.client.lock('x'))];
    agent.send(Uint8Array.of(0, 0, 0, 9, SSH_AGENT_IDENTITIES_ANSWER));
    agent.side.end();
    for (const p of await Promise.all(pending)) {
      expect(expectAgentError(p, 'connection-closed').message).toBe(
        'the agent closed the connection in the middle of a message',
      );
    }
    const quiet = fakeAgent();
    const waiting = settled(quiet.client.getKeys());
    quiet.side.end();
    expect(expectAgentError(await waiting, 'connection-closed').message).toBe(
      'the agent closed the connection',
    );
  });

  it('the stream failing with an error', async () => {
    const agent = fakeAgent();
    const pending = settled(agent.client.getKeys());
    const cause = new Error('ECONNRESET');
    agent.side.destroy(cause);
    const error = expectAgentError(await pending, 'connection-closed');
    expect(error.message).toBe('the agent connection failed: ECONNRESET');
    expect(error.cause).toBe(cause);
  });

  it('close() fails pending requests and later ones; waitClosed resolves', async () => {
    const agent = fakeAgent();
    const pending = settled(agent.client.getKeys());
    agent.client.close();
    agent.client.close();
    await agent.client.waitClosed();
    expectAgentError(await pending, 'connection-closed');
    const later = await settled(agent.client.lock('x'));
    expect(expectAgentError(later, 'connection-closed').message).toBe(
      'cannot lock: the agent connection was closed',
    );
    // An answer arriving after close is ignored.
    agent.send(frame(SSH_AGENT_SUCCESS));
    await ticks();
  });
});
