import type { Socket } from 'node:net';

/** Where a SOCKS client asked to connect. */
export interface SocksRequest {
  readonly host: string;
  readonly port: number;
  /** Sends the success reply; the socket then carries the tunnelled bytes. */
  accept(): void;
  /** Sends a failure reply and closes. */
  reject(): void;
}

/** A SOCKS handshake longer than this is not a real client (SOCKS5 max is 262 + 262 bytes). */
const MAX_HANDSHAKE = 1024;

/**
 * Reads a SOCKS4, SOCKS4a or SOCKS5 CONNECT request (RFC 1928, no
 * authentication) from `socket`, as ssh's dynamic forwarding (`-D`) accepts.
 * Resolves with the destination, or undefined after refusing anything else.
 */
export function readSocksRequest(socket: Socket): Promise<SocksRequest | undefined> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'request' = 'greeting';
    // Bytes after the request are the client's first payload (clients may send
    // it before our reply): they go back to the paused socket for the bridge.
    const done = (r: SocksRequest | undefined, rest?: Buffer) => {
      socket.off('data', onData);
      socket.off('end', fail);
      socket.off('close', fail);
      socket.pause();
      if (rest && rest.length > 0) socket.unshift(rest);
      resolve(r);
    };
    const fail = () => {
      socket.destroy();
      done(undefined);
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_HANDSHAKE) return fail();
      if (buf[0] === 4) return socks4();
      if (buf[0] === 5) return stage === 'greeting' ? greeting5() : request5();
      if (buf.length > 0) fail();
    };
    // SOCKS4: VN=4 CD=1 DSTPORT(2) DSTIP(4) USERID NUL [SOCKS4a: 0.0.0.x IP, then HOST NUL]
    const socks4 = () => {
      if (buf.length < 9) return;
      const userEnd = buf.indexOf(0, 8);
      if (userEnd < 0) return;
      if (buf[1] !== 1) return fail();
      const port = buf.readUInt16BE(2);
      const ip = [buf[4], buf[5], buf[6], buf[7]];
      let host = ip.join('.');
      let requestEnd = userEnd + 1;
      if (ip[0] === 0 && ip[1] === 0 && ip[2] === 0 && ip[3] !== 0) {
        const hostEnd = buf.indexOf(0, userEnd + 1);
        if (hostEnd < 0) return;
        host = buf.subarray(userEnd + 1, hostEnd).toString('latin1');
        requestEnd = hostEnd + 1;
      }
      const reply = (ok: boolean) => socket.write(Buffer.from([0, ok ? 0x5a : 0x5b, 0, 0, 0, 0, 0, 0]));
      done(
        {
          host,
          port,
          accept: () => reply(true),
          reject: () => {
            reply(false);
            socket.end();
          },
        },
        buf.subarray(requestEnd),
      );
    };
    const greeting5 = () => {
      if (buf.length < 2 || buf.length < 2 + (buf[1] as number)) return;
      const methods = buf.subarray(2, 2 + (buf[1] as number));
      buf = buf.subarray(2 + (buf[1] as number));
      if (!methods.includes(0)) {
        socket.end(Buffer.from([5, 0xff]));
        return done(undefined);
      }
      socket.write(Buffer.from([5, 0]));
      stage = 'request';
      if (buf.length > 0) request5();
    };
    // SOCKS5 request: VER CMD RSV ATYP DST.ADDR DST.PORT
    const request5 = () => {
      if (buf.length < 5) return;
      if (buf[1] !== 1) return fail();
      const atyp = buf[3];
      let host: string;
      let at: number;
      if (atyp === 1) {
        if (buf.length < 10) return;
        host = [buf[4], buf[5], buf[6], buf[7]].join('.');
        at = 8;
      } else if (atyp === 3) {
        const len = buf[4] as number;
        if (buf.length < 5 + len + 2) return;
        host = buf.subarray(5, 5 + len).toString('latin1');
        at = 5 + len;
      } else if (atyp === 4) {
        if (buf.length < 22) return;
        const parts: string[] = [];
        for (let i = 0; i < 16; i += 2) parts.push(buf.readUInt16BE(4 + i).toString(16));
        host = parts.join(':');
        at = 20;
      } else return fail();
      const port = buf.readUInt16BE(at);
      const reply = (code: number) => socket.write(Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]));
      done(
        {
          host,
          port,
          accept: () => reply(0),
          reject: () => {
            reply(5);
            socket.end();
          },
        },
        buf.subarray(at + 2),
      );
    };
    socket.on('data', onData);
    // A client that half-closes or goes away mid-handshake never completes it.
    socket.on('end', fail);
    socket.on('close', fail);
    socket.on('error', () => done(undefined));
  });
}
