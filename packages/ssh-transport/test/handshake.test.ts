import { describe, expect, it } from '@jest/globals';
import { supportedCiphers, supportedKexAlgs, supportedMacs } from '@sshkit/ssh-crypto';
import { generatePrivateKey, type SSHKey } from '@sshkit/ssh-keys';
import {
  type ByteDuplex,
  createMemoryPair,
  HostKeyNotVerifiable,
  type KeyLogEntry,
  runTransport,
  type Transport,
  type TransportOptions,
} from '../src/index.js';

const hostKeys: SSHKey[] = [generatePrivateKey('ssh-ed25519'), generatePrivateKey('ecdsa-sha2-nistp256')];

function pair(
  client: Partial<TransportOptions> = {},
  server: Partial<TransportOptions> = {},
): [Transport, Transport] {
  const [a, b] = createMemoryPair();
  const s = runTransport(b, { role: 'server', hostKeys, ...server });
  const c = runTransport(a, { role: 'client', verifyHostKey: () => true, ...client });
  return [c, s];
}

/** Sends one service payload each way and checks it arrives intact. */
async function exchange(c: Transport, s: Transport): Promise<void> {
  const got = new Promise<Uint8Array>((resolve) => s.onPacket(resolve));
  const back = new Promise<Uint8Array>((resolve) => c.onPacket(resolve));
  c.send(Uint8Array.of(50, 1, 2, 3));
  expect(Array.from(await got)).toEqual([50, 1, 2, 3]);
  s.send(Uint8Array.of(52));
  expect(Array.from(await back)).toEqual([52]);
}

describe('transport handshake, client against server in memory', () => {
  it('completes with the defaults, agrees on a session id and carries packets', async () => {
    const [c, s] = pair();
    await Promise.all([c.ready, s.ready]);
    expect(c.sessionId).toEqual(s.sessionId);
    expect(c.getExtraInfo().strictKex).toBe(true);
    // OpenSSH 10's default order puts the post-quantum hybrid first.
    expect(c.getExtraInfo().algorithms?.kex).toBe('mlkem768x25519-sha256');
    await c.requestService('ssh-userauth');
    // EXT_INFO follows the server's NEWKEYS, so it is in before SERVICE_ACCEPT.
    expect(new TextDecoder().decode(c.peerExtensions.get('server-sig-algs'))).toContain('ssh-ed25519');
    await exchange(c, s);
    c.disconnect(11, 'bye');
    expect(await s.closed).toMatchObject({ code: 11 });
  });

  const kexNames = supportedKexAlgs().filter((k) => !k.includes('group-exchange'));
  it.each(kexNames)('key exchange %s', async (kex) => {
    const [c, s] = pair({ kexAlgs: kex }, { kexAlgs: kex });
    await Promise.all([c.ready, s.ready]);
    expect(c.getExtraInfo().algorithms?.kex).toBe(kex);
    expect(c.sessionId).toEqual(s.sessionId);
    await exchange(c, s);
  });

  it('group exchange with a server-chosen RFC 3526 group', async () => {
    const kex = 'diffie-hellman-group-exchange-sha256';
    const [c, s] = pair(
      { kexAlgs: kex, gexClient: { request: { min: 2048, n: 2048, max: 4096 } } },
      { kexAlgs: kex },
    );
    await Promise.all([c.ready, s.ready]);
    await exchange(c, s);
  });

  const ciphers = supportedCiphers();
  it.each(ciphers)('cipher %s (with each MAC where it needs one)', async (cipher) => {
    const macs =
      cipher.includes('gcm') || cipher.startsWith('chacha')
        ? [supportedMacs()[0] as string]
        : supportedMacs();
    for (const mac of macs) {
      const [c, s] = pair({ encryptionAlgs: cipher, macAlgs: mac }, { encryptionAlgs: cipher, macAlgs: mac });
      await Promise.all([c.ready, s.ready]);
      expect(c.getExtraInfo().algorithms?.cipherC2S).toBe(cipher);
      await exchange(c, s);
      c.disconnect(11, 'done');
    }
  });

  it('re-keys on request and keeps the session id and the traffic', async () => {
    const [c, s] = pair();
    await Promise.all([c.ready, s.ready]);
    const id = c.sessionId;
    c.rekey();
    await exchange(c, s);
    expect(c.getExtraInfo().kexCount).toBe(2);
    expect(s.getExtraInfo().kexCount).toBe(2);
    expect(c.sessionId).toEqual(id);
    s.rekey();
    await exchange(c, s);
    expect(c.getExtraInfo().kexCount).toBe(3);
  });

  // RFC 4344 §3.2: 2^16 blocks (512 KiB) for a 64-bit block cipher; no bound for a stream cipher.
  it.each([
    ['3des-cbc', 2],
    ['chacha20-poly1305@openssh.com', 1],
  ] as const)('after 1 MiB with %s the key exchange count is %i', async (cipher, kexCount) => {
    const [c, s] = pair({ encryptionAlgs: cipher }, { encryptionAlgs: cipher });
    await Promise.all([c.ready, s.ready]);
    let received = 0;
    const all = new Promise<void>((resolve) =>
      s.onPacket((p) => {
        received += p.length;
        if (received >= 32 * 32 * 1024) resolve();
      }),
    );
    const payload = new Uint8Array(32 * 1024).fill(7);
    payload[0] = 50; // a service message the server passes up before authentication
    for (let i = 0; i < 32; i++) c.send(payload);
    await all;
    await exchange(c, s);
    expect(c.getExtraInfo().kexCount).toBe(kexCount);
  });

  it('reuses sealed packet buffers once the stream has sent them; every payload arrives intact', async () => {
    const [a, b] = createMemoryPair();
    const buffers = new Set<ArrayBufferLike>();
    const recorded: ByteDuplex = {
      attach: (h) => a.attach(h),
      write(data, written) {
        buffers.add(data.buffer);
        return a.write(data, written);
      },
      pause: () => a.pause(),
      resume: () => a.resume(),
      end: () => a.end(),
      destroy: (e) => a.destroy(e),
    };
    const s = runTransport(b, { role: 'server', hostKeys, encryptionAlgs: 'aes128-gcm@openssh.com' });
    const c = runTransport(recorded, { role: 'client', verifyHostKey: () => true });
    await Promise.all([c.ready, s.ready]);
    const got: number[] = [];
    const all = new Promise<void>((resolve) =>
      s.onPacket((p) => {
        got.push((p[1] as number) + (p[p.length - 1] as number));
        if (got.length === 200) resolve();
      }),
    );
    buffers.clear();
    for (let i = 0; i < 200; i++) {
      const payload = new Uint8Array(32 * 1024 + 9).fill(i & 0x7f);
      payload[0] = 50;
      c.send(payload);
      if (i % 8 === 7) await new Promise((r) => setImmediate(r));
    }
    await all;
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => 2 * (i & 0x7f)));
    expect(buffers.size).toBeLessThan(50);
  });

  it('sends head || tail whole; a tail reused right after send keeps its bytes, even while a kex holds the send', async () => {
    const [c, s] = pair();
    const tail = new Uint8Array(32 * 1024);
    const send = (n: number): void => {
      tail.fill(n);
      c.send(Uint8Array.of(50, n), tail); // a service message the server passes up before authentication
      tail.fill(0xee); // the caller reuses its buffer at once
    };
    // Per packet: message number, n, length, the distinct tail bytes, and the key exchanges done on arrival.
    const got: Array<[number, number, number, number[], number]> = [];
    const all = new Promise<void>((resolve) =>
      s.onPacket((p) => {
        got.push([
          p[0] as number,
          p[1] as number,
          p.length,
          [...new Set(p.subarray(2))],
          s.getExtraInfo().kexCount,
        ]);
        if (got.length === 4) resolve();
      }),
    );
    send(1); // before the first key exchange is done: held
    await Promise.all([c.ready, s.ready]);
    send(2); // straight into a packet
    c.rekey();
    send(3); // held until the re-key is done
    send(4);
    await all;
    expect(got).toEqual([
      [50, 1, 2 + tail.length, [1], 1],
      [50, 2, 2 + tail.length, [2], 1],
      [50, 3, 2 + tail.length, [3], 2],
      [50, 4, 2 + tail.length, [4], 2],
    ]);
  });

  it('compresses with zlib from the first NEWKEYS, across a re-key', async () => {
    const [c, s] = pair({ compressionAlgs: 'zlib' }, { compressionAlgs: 'zlib' });
    await Promise.all([c.ready, s.ready]);
    expect(c.getExtraInfo().algorithms?.compressionC2S).toBe('zlib');
    await exchange(c, s);
    c.rekey();
    await exchange(c, s);
    expect(c.getExtraInfo().kexCount).toBe(2);
  });

  it('starts zlib@openssh.com only after USERAUTH_SUCCESS, in both directions', async () => {
    const [c, s] = pair({ compressionAlgs: 'zlib@openssh.com,none' }, {});
    await Promise.all([c.ready, s.ready]);
    expect(c.getExtraInfo().algorithms?.compressionS2C).toBe('zlib@openssh.com');
    await exchange(c, s);
    const success = new Promise<Uint8Array>((resolve) => c.onPacket(resolve));
    s.authenticated(); // what the auth layer does before it sends SUCCESS
    s.send(Uint8Array.of(52)); // SSH_MSG_USERAUTH_SUCCESS, sent uncompressed, starts compression
    expect(Array.from(await success)).toEqual([52]);
    const big = new Uint8Array(100_000).fill(0x41);
    big[0] = 94;
    const got = new Promise<Uint8Array>((resolve) => s.onPacket(resolve));
    c.send(big);
    expect((await got).length).toBe(big.length);
    c.rekey();
    await exchange(c, s);
  });

  it('holds what follows USERAUTH_SUCCESS for the next handler, delivered after it registers', async () => {
    const [c, s] = pair();
    await Promise.all([c.ready, s.ready]);
    const auth: number[] = [];
    const success = new Promise<void>((resolve) =>
      c.onPacket((p) => {
        auth.push(p[0] as number);
        resolve();
      }),
    );
    s.authenticated();
    s.send(Uint8Array.of(52)); // SSH_MSG_USERAUTH_SUCCESS
    s.send(Uint8Array.of(80, 1)); // a global request right behind it, as sshd's hostkeys-00
    await success;
    await new Promise((r) => setTimeout(r, 50));
    let registering = true;
    const next = new Promise<[Uint8Array, boolean]>((resolve) =>
      c.onPacket((p) => resolve([p, registering])),
    );
    registering = false;
    const [packet, duringRegistration] = await next;
    expect(Array.from(packet)).toEqual([80, 1]);
    // Held packets come after onPacket returns: a layer registering in its constructor is never called half-built.
    expect(duringRegistration).toBe(false);
    expect(auth).toEqual([52]);
  });

  // Host key algorithms OpenSSH 9.2 lacks (ed448) or disables (ssh-dss, ssh-rsa): our client against our server.
  it.each([
    ['ssh-ed448', () => generatePrivateKey('ssh-ed448')],
    ['ssh-dss', () => generatePrivateKey('ssh-dss')],
  ] as const)('host key algorithm %s', async (alg, make) => {
    const [c, s] = pair({ serverHostKeyAlgs: alg }, { hostKeys: [make()], serverHostKeyAlgs: alg });
    await Promise.all([c.ready, s.ready]);
    expect(c.getExtraInfo().algorithms?.hostKey).toBe(alg);
    await exchange(c, s);
  });

  it("reports each direction's keys to keylog after every key exchange, identically on both sides", async () => {
    const clientLog: KeyLogEntry[] = [];
    const serverLog: KeyLogEntry[] = [];
    const [c, s] = pair(
      { encryptionAlgs: 'aes128-ctr', macAlgs: 'hmac-sha2-256', keylog: (e) => clientLog.push(e) },
      { encryptionAlgs: 'aes128-ctr', macAlgs: 'hmac-sha2-256', keylog: (e) => serverLog.push(e) },
    );
    await Promise.all([c.ready, s.ready]);
    c.rekey();
    await exchange(c, s);
    expect(clientLog.map((e) => e.direction)).toEqual([
      'client-to-server',
      'server-to-client',
      'client-to-server',
      'server-to-client',
    ]);
    expect(clientLog[0]?.key.length).toBe(16);
    expect(clientLog[0]?.macKey.length).toBe(32);
    expect(clientLog).toEqual(serverLog);
    expect(clientLog[2]?.key).not.toEqual(clientLog[0]?.key);
  });

  it('fails with HostKeyNotVerifiable when the client rejects the host key', async () => {
    const [c, s] = pair({ verifyHostKey: () => false });
    await expect(c.ready).rejects.toThrow(HostKeyNotVerifiable);
    expect(await s.closed).toMatchObject({ code: 9 });
  });

  it('fails negotiation with both lists when nothing is common', async () => {
    const [c, s] = pair({ encryptionAlgs: 'aes128-ctr' }, { encryptionAlgs: 'aes256-ctr' });
    const err = await c.ready.catch((e: unknown) => e);
    expect((err as { name: string }).name).toBe('AlgorithmNegotiationError');
    expect(await s.closed).toMatchObject({ code: 3 });
  });
});
