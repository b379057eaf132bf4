// The `log` option: what each side reports, in order, in memory and against OpenSSH's sshd.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generatePrivateKey } from '@sshkit/ssh-keys';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  createMemoryPair,
  runTransport,
  type Transport,
  type TransportLog,
  type TransportLogEvent,
  type TransportOptions,
} from '../src/index.js';
import { connectTcp } from '../src/node/index.js';

const hostKeys = [generatePrivateKey('ssh-ed25519')];

/** A log that records its events and lets a test wait for one. */
function recorder() {
  const events: TransportLogEvent[] = [];
  let wake: (() => void) | undefined;
  const log: TransportLog = (e) => {
    events.push(e);
    wake?.();
  };
  const count = (name: TransportLogEvent['event']) => events.filter((e) => e.event === name).length;
  /** Resolves once the log holds `n` events named `name`. */
  const until = async (name: TransportLogEvent['event'], n = 1): Promise<void> => {
    while (count(name) < n) await new Promise<void>((resolve) => (wake = resolve));
  };
  const of = (name: TransportLogEvent['event']) => events.filter((e) => e.event === name);
  return { events, log, until, of, names: () => events.map((e) => e.event) };
}

function pair(client: Partial<TransportOptions>, server: Partial<TransportOptions>): [Transport, Transport] {
  const [a, b] = createMemoryPair();
  const s = runTransport(b, { role: 'server', hostKeys, ...server });
  const c = runTransport(a, { role: 'client', verifyHostKey: () => true, ...client });
  return [c, s];
}

/** One service payload from the client to the server. */
async function oneWay(c: Transport, s: Transport, payload = Uint8Array.of(50)): Promise<void> {
  const got = new Promise<Uint8Array>((resolve) => s.onPacket(resolve));
  c.send(payload);
  await got;
}

describe('transport log, client and server in memory', () => {
  it('logs versions, both key exchanges, ext-info, DEBUG, UNIMPLEMENTED, the disconnect and the close, in order', async () => {
    const cl = recorder();
    const sl = recorder();
    const [c, s] = pair(
      { log: cl.log, softwareVersion: 'client_1' },
      { log: sl.log, softwareVersion: 'server_1', encryptionAlgs: 'aes128-ctr', macAlgs: 'hmac-sha2-256' },
    );
    await Promise.all([c.ready, s.ready]);
    expect(cl.of('version').map((e) => e.detail)).toEqual([
      'local version SSH-2.0-client_1',
      'peer version SSH-2.0-server_1',
    ]);
    expect(sl.of('version').map((e) => e.detail)).toEqual([
      'local version SSH-2.0-server_1',
      'peer version SSH-2.0-client_1',
    ]);
    for (const side of [cl, sl]) {
      expect(side.of('kex-start')[0]?.detail).toMatch(/^first key exchange/);
      const done = side.of('kex-done')[0];
      expect(done?.algorithms).toEqual(c.getExtraInfo().algorithms);
      expect(done?.algorithms?.macC2S).toBe('hmac-sha2-256');
      expect(done?.detail).toContain('strict kex on');
      expect(done?.detail).toContain('host key ssh-ed25519');
    }

    await c.requestService('ssh-userauth'); // EXT_INFO is in before SERVICE_ACCEPT
    expect(cl.of('ext-info')[0]?.detail).toMatch(/^server-sig-algs; server-sig-algs=.*ssh-ed25519/);

    s.sendDebug('hello from the server');
    await cl.until('debug');
    expect(cl.of('debug')[0]?.detail).toBe('hello from the server');

    c.send(Uint8Array.of(25)); // an unassigned transport message number
    await cl.until('unimplemented');
    expect(sl.of('unimplemented')[0]?.detail).toMatch(/^sent for packet \d+ \(message 25\)$/);
    expect(cl.of('unimplemented')[0]?.detail).toMatch(/^received for our packet \d+$/);

    c.rekey();
    await oneWay(c, s);
    await sl.until('kex-done', 2);
    expect(cl.of('kex-start')[1]?.detail).toBe('re-key, key exchange 2 (rekey() call)');
    expect(sl.of('kex-start')[1]?.detail).toBe("re-key, key exchange 2 (peer's KEXINIT)");
    expect(cl.of('kex-done')[1]?.algorithms).toEqual(c.getExtraInfo().algorithms);
    expect(sl.of('kex-done')[1]?.detail).toMatch(/^key exchange 2 done: /);

    c.disconnect(11, 'bye');
    await s.closed;
    expect(cl.of('disconnect')).toEqual([
      { event: 'disconnect', code: 11, sent: true, detail: 'sent SSH_DISCONNECT_BY_APPLICATION (11): bye' },
    ]);
    expect(sl.of('disconnect')).toEqual([
      {
        event: 'disconnect',
        code: 11,
        sent: false,
        detail: 'received SSH_DISCONNECT_BY_APPLICATION (11): bye',
      },
    ]);
    expect(cl.events.at(-1)).toEqual({ event: 'closed', detail: 'closed cleanly' });
    expect(sl.events.at(-1)?.event).toBe('closed');
    expect(sl.events.at(-1)?.detail).toContain('bye');

    expect(cl.names()).toEqual([
      'version',
      'version',
      'kex-start',
      'kex-done',
      'ext-info',
      'debug',
      'unimplemented',
      'kex-start',
      'kex-done',
      'disconnect',
      'closed',
    ]);
    expect(sl.names()).toEqual([
      'version',
      'version',
      'kex-start',
      'kex-done',
      'unimplemented',
      'kex-start',
      'kex-done',
      'disconnect',
      'closed',
    ]);
  });

  it('says why a re-key started: the byte limit, the time limit', async () => {
    let now = 0;
    const cl = recorder();
    const [c, s] = pair({ log: cl.log, rekeyBytes: 4096, rekeySeconds: 10, now: () => now }, {});
    await Promise.all([c.ready, s.ready]);
    await oneWay(c, s, new Uint8Array(5000).fill(50));
    await cl.until('kex-done', 2);
    now = 11_000;
    await oneWay(c, s);
    await cl.until('kex-done', 3);
    expect(cl.of('kex-start').map((e) => e.detail)).toEqual([
      'first key exchange (on connect)',
      're-key, key exchange 2 (byte limit)',
      're-key, key exchange 3 (time limit)',
    ]);
    c.disconnect(11, 'done');
  });

  it('logs the DISCONNECT sent for a protocol error, and the close with its reason', async () => {
    const cl = recorder();
    const sl = recorder();
    const [c, s] = pair({ log: cl.log, verifyHostKey: () => false }, { log: sl.log });
    await Promise.all([c.closed, s.closed]);
    expect(cl.of('disconnect')[0]).toMatchObject({ code: 9, sent: true });
    expect(sl.of('disconnect')[0]).toMatchObject({ code: 9, sent: false });
    expect(cl.of('disconnect')[0]?.detail).toContain('SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE');
    expect(cl.events.at(-1)).toEqual({
      event: 'closed',
      detail: 'HostKeyNotVerifiable: host key is not trusted',
    });
    expect(sl.events.at(-1)?.event).toBe('closed');
  });

  it('a log that throws does not break the handshake, the traffic or the close', async () => {
    let calls = 0;
    const log: TransportLog = () => {
      calls++;
      throw new Error('log failed');
    };
    const [c, s] = pair({ log }, { log });
    await Promise.all([c.ready, s.ready]);
    c.rekey();
    await oneWay(c, s);
    expect(c.getExtraInfo().kexCount).toBe(2);
    c.disconnect(11, 'bye');
    expect(await s.closed).toMatchObject({ code: 11 });
    expect(calls).toBeGreaterThanOrEqual(2 * 7);
  });
});

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('transport log, our client against OpenSSH sshd', () => {
  let server: SshdInstance;
  beforeAll(async () => {
    server = await startSshd({});
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('logs the OpenSSH version, the key exchange with its algorithms, ext-info and the disconnect', async () => {
    const cl = recorder();
    const t = runTransport(await connectTcp('127.0.0.1', server.port), {
      role: 'client',
      verifyHostKey: () => true,
      log: cl.log,
    });
    await t.ready;
    await t.requestService('ssh-userauth');
    t.disconnect(11, 'test done');
    expect(cl.of('version')[1]?.detail).toMatch(/^peer version SSH-2\.0-OpenSSH_/);
    const done = cl.of('kex-done');
    expect(done).toHaveLength(1);
    expect(done[0]?.algorithms).toEqual(t.getExtraInfo().algorithms);
    expect(done[0]?.detail).toContain('strict kex on');
    expect(cl.of('ext-info')[0]?.detail).toContain('server-sig-algs=');
    expect(cl.names().slice(-2)).toEqual(['disconnect', 'closed']);
    expect(cl.of('disconnect')[0]).toMatchObject({ code: 11, sent: true });
  });
});
