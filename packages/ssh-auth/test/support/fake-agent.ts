/**
 * A fake ssh-agent over an in-memory pair: it records what the client sends
 * and answers with whatever bytes a test gives it.
 */
import { type ByteDuplex, createMemoryPair } from '@sshkit/ssh-transport';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { SSHAgentClient } from '../../src/index.js';

export interface FakeAgent {
  readonly client: SSHAgentClient;
  /** The agent's side of the stream. */
  readonly side: ByteDuplex;
  /** Requests received so far, each `byte type || contents` (unframed). */
  requests(): Uint8Array[];
  /** Sends raw bytes to the client. */
  send(bytes: Uint8Array): void;
}

/** `uint32 length || byte type || contents`. */
export function frame(type: number, contents: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new WireWriter()
    .u32(1 + contents.length)
    .u8(type)
    .raw(contents)
    .finish();
}

export function fakeAgent(): FakeAgent {
  const [clientSide, side] = createMemoryPair();
  let received = new Uint8Array(0);
  side.attach({
    data: (chunk) => {
      const joined = new Uint8Array(received.length + chunk.length);
      joined.set(received);
      joined.set(chunk, received.length);
      received = joined;
    },
    drain: () => {},
    close: () => {},
  });
  return {
    client: new SSHAgentClient(clientSide),
    side,
    requests() {
      const out: Uint8Array[] = [];
      const r = new WireReader(received);
      while (r.remaining > 0) out.push(r.string());
      return out;
    },
    send: (bytes) => {
      side.write(bytes);
    },
  };
}

/** Lets queued memory-pair deliveries (one macrotask each) run. */
export async function ticks(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
}

/** What a promise settled with, for promises that are expected to reject. */
export function settled<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return p.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}
