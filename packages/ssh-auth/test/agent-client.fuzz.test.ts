// Random agent answers: every pending request settles, every failure is an
// AgentError, and nothing is left unhandled.
import { describe, expect, test } from '@jest/globals';
import {
  SSH_AGENT_EXTENSION_FAILURE,
  SSH_AGENT_EXTENSION_RESPONSE,
  SSH_AGENT_FAILURE,
  SSH_AGENT_IDENTITIES_ANSWER,
  SSH_AGENT_SIGN_RESPONSE,
  SSH_AGENT_SUCCESS,
} from '@sshkit/ssh-codes';
import { generatePrivateKey } from '@sshkit/ssh-keys';
import { WireWriter } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { AgentError, SSHAgentKeyPair } from '../src/index.js';
import { fakeAgent, frame, settled } from './support/fake-agent.js';

const key = generatePrivateKey('ssh-ed25519', { comment: 'k' });
const ANSWER_TYPES = [
  SSH_AGENT_FAILURE,
  SSH_AGENT_SUCCESS,
  SSH_AGENT_IDENTITIES_ANSWER,
  SSH_AGENT_SIGN_RESPONSE,
  SSH_AGENT_EXTENSION_FAILURE,
  SSH_AGENT_EXTENSION_RESPONSE,
];

const identitiesBody = fc
  .array(fc.oneof(fc.constant(key.publicBlob), fc.uint8Array({ maxLength: 24 })), { maxLength: 3 })
  .chain((blobs) =>
    fc.integer({ min: 0, max: blobs.length + 1 }).map((count) => {
      const w = new WireWriter().u32(count);
      for (const b of blobs) w.string(b).string('comment');
      return w.finish();
    }),
  );

/** Answers that are framed, with a plausible type and a body that may or may not fit it. */
const framedAnswer = fc
  .tuple(
    fc.oneof(fc.constantFrom(...ANSWER_TYPES), fc.integer({ min: 0, max: 255 })),
    fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      identitiesBody,
      fc.uint8Array({ maxLength: 20 }).map((s) => new WireWriter().string(s).finish()),
      fc.constant(new Uint8Array(0)),
    ),
  )
  .map(([type, body]) => frame(type, body));

/** Well-formed answers to the five requests the test sends, in order. */
const plausible = [
  identitiesBody.map((body) => frame(SSH_AGENT_IDENTITIES_ANSWER, body)),
  fc.constant(frame(SSH_AGENT_SIGN_RESPONSE, new WireWriter().string(key.sign(Uint8Array.of(1))).finish())),
  fc.constantFrom(frame(SSH_AGENT_SUCCESS), frame(SSH_AGENT_FAILURE)),
  fc.constantFrom(
    frame(SSH_AGENT_FAILURE),
    frame(SSH_AGENT_SUCCESS, new WireWriter().string('a@b').finish()),
  ),
  fc.constant(frame(SSH_AGENT_SUCCESS)),
];

/**
 * The agent's whole output: for each request a plausible answer, a random
 * framed one or raw junk, then cut into chunks at random.
 */
const stream = fc
  .tuple(
    ...plausible.map((answer) =>
      fc.oneof(
        { weight: 4, arbitrary: answer },
        { weight: 1, arbitrary: framedAnswer },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }) },
      ),
    ),
  )
  .chain((parts) => {
    const bytes = Uint8Array.from(parts.flatMap((p) => [...p]));
    return fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 4 })
      .map((cuts) => {
        const points = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
        return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
      });
  });

describe('SSHAgentClient with random answers', () => {
  test('every request settles, with a value of the right shape or an AgentError', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const outcomes = { fulfilled: 0, rejected: 0 };
    try {
      await fc.assert(
        fc.asyncProperty(stream, fc.boolean(), async (chunks, endStream) => {
          const agent = fakeAgent();
          const { client } = agent;
          const requests = [
            settled(client.getKeys()),
            settled(client.sign(key.publicBlob, Uint8Array.of(1))),
            settled(client.removeAll()),
            settled(client.queryExtensions()),
            settled(client.lock('pw')),
          ] as const;
          for (const chunk of chunks) agent.send(chunk);
          if (endStream) agent.side.end();
          else setTimeout(() => client.close(), 5);
          const results = await Promise.all(requests);
          for (const r of results) {
            if (r.status === 'rejected') {
              outcomes.rejected++;
              expect([AgentError.isInstance(r.reason), (r.reason as Error).message]).toEqual([
                true,
                (r.reason as Error).message,
              ]);
            } else outcomes.fulfilled++;
          }
          const [keys, signature, , extensions] = results;
          if (keys.status === 'fulfilled') {
            for (const k of keys.value) expect(k).toBeInstanceOf(SSHAgentKeyPair);
          }
          if (signature.status === 'fulfilled') expect(signature.value).toBeInstanceOf(Uint8Array);
          if (extensions.status === 'fulfilled') {
            for (const name of extensions.value) expect(typeof name).toBe('string');
          }
          await client.waitClosed();
        }),
        { numRuns: 300 },
      );
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).toEqual([]);
      // The generator reaches both outcomes.
      expect(outcomes.fulfilled).toBeGreaterThan(20);
      expect(outcomes.rejected).toBeGreaterThan(100);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 20_000);
});
