// Plain Node sockets for the forwarding interop tests: an echo server that
// answers EOF with a marker, a client that half-closes, SOCKS4/4a/5 clients.
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';

/** What the echo server sends once it saw the client's EOF, before its own EOF. */
export const EOF_SEEN = Buffer.from('<echo saw eof>');

/** A TCP echo server on 127.0.0.1 that answers EOF with {@link EOF_SEEN} and then ends. */
export interface EchoServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    s.on('data', (d: Buffer) => {
      if (!s.write(d)) {
        s.pause();
        s.once('drain', () => s.resume());
      }
    });
    // Still writable after the peer's EOF: proves the half-close crossed the tunnel.
    s.on('end', () => s.end(EOF_SEEN));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export function connectTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/**
 * Sends `data`, half-closes, and collects everything until the peer's EOF.
 * Rejects if the socket fails or closes without an EOF.
 */
export function exchange(s: Socket, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    s.once('end', () => {
      s.destroy();
      resolve(Buffer.concat(got));
    });
    s.once('error', reject);
    s.once('close', () => reject(new Error('closed without EOF')));
    s.resume();
    s.end(data);
  });
}

/** Connects to `port` and runs {@link exchange}. */
export async function roundTrip(port: number, data: Buffer): Promise<Buffer> {
  return exchange(await connectTcp(port), data);
}

/** Reads exactly `n` bytes in paused mode, leaving anything after them in the socket. */
function readN(s: Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error, b?: Buffer) => {
      s.off('readable', tryRead);
      s.off('end', onEnd);
      s.off('error', done);
      if (err) reject(err);
      else resolve(b as Buffer);
    };
    const onEnd = () => done(new Error(`EOF before ${n} bytes`));
    function tryRead() {
      const b = s.read(n) as Buffer | null;
      if (b === null) return;
      if (b.length < n) done(new Error(`EOF before ${n} bytes`));
      else done(undefined, b);
    }
    s.on('readable', tryRead);
    s.on('end', onEnd);
    s.on('error', done);
    tryRead();
  });
}

function portBytes(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(port);
  return b;
}

/**
 * A SOCKS5 CONNECT (RFC 1928, no authentication) to `host:port` through the
 * proxy at `proxyPort`, with `host` sent as a name (ATYP 3) or an IPv4 address (ATYP 1).
 * @returns the tunnel, or the reply code when the proxy refused
 */
export async function socks5(
  proxyPort: number,
  host: string,
  port: number,
  as: 'name' | 'ipv4',
): Promise<Socket | number> {
  const s = await connectTcp(proxyPort);
  s.write(Buffer.from([5, 1, 0]));
  const choice = await readN(s, 2);
  if (choice[0] !== 5 || choice[1] !== 0) throw new Error(`SOCKS5 method reply ${choice.toString('hex')}`);
  const addr =
    as === 'name'
      ? Buffer.concat([Buffer.from([3, host.length]), Buffer.from(host, 'latin1')])
      : Buffer.from([1, ...host.split('.').map(Number)]);
  s.write(Buffer.concat([Buffer.from([5, 1, 0]), addr, portBytes(port)]));
  const reply = await readN(s, 10);
  if (reply[0] !== 5) throw new Error(`SOCKS5 reply ${reply.toString('hex')}`);
  if (reply[1] !== 0) {
    s.destroy();
    return reply[1] as number;
  }
  return s;
}

/** A SOCKS4 CONNECT to an IPv4 address, or SOCKS4a (0.0.0.1 plus the name) when `as` is 'name'. */
export async function socks4(
  proxyPort: number,
  host: string,
  port: number,
  as: 'name' | 'ipv4',
): Promise<Socket | number> {
  const s = await connectTcp(proxyPort);
  const ip = as === 'name' ? [0, 0, 0, 1] : host.split('.').map(Number);
  const name = as === 'name' ? Buffer.from(`${host}\0`, 'latin1') : Buffer.alloc(0);
  s.write(Buffer.concat([Buffer.from([4, 1]), portBytes(port), Buffer.from(ip), Buffer.from('me\0'), name]));
  const reply = await readN(s, 8);
  if (reply[0] !== 0) throw new Error(`SOCKS4 reply ${reply.toString('hex')}`);
  if (reply[1] !== 0x5a) {
    s.destroy();
    return reply[1] as number;
  }
  return s;
}

/** Retries `fn` every 100 ms (for listeners a child process opens a moment later). */
export async function retry<T>(fn: () => Promise<T>, attempts = 100): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Deterministic pseudo-random bytes (xorshift32), so a failing hash is reproducible. */
export function patternBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
