// One local port forward (`-L`) per client, each to the same far service
// through the SSH server of a target. Each resolves to { port, close() }:
// the local port the traffic driver connects to.
import { spawn } from 'node:child_process';
import { createServer, connect as tcpConnect } from 'node:net';
import { connectSsh2, connectSshkit, opensshArgs } from '../bulk/clients.mjs';

/** Our client: connect() and forwardLocalPort on port 0. */
export async function sshkitForward(target, cipher, servicePort) {
  const conn = await connectSshkit(target, cipher);
  const listener = await conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', servicePort);
  return {
    port: listener.getPort(),
    async close() {
      listener.close();
      conn.close();
      await conn.waitClosed();
    },
  };
}

/** A port nothing listens on right now. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once something accepts connections on `port`. */
async function listening(port, child) {
  for (let tries = 0; tries < 200; tries++) {
    if (child.exitCode !== null) throw new Error(`ssh -L exited with ${child.exitCode}`);
    const up = await new Promise((resolve) => {
      const s = tcpConnect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`ssh -L: nothing listens on ${port}`);
}

/** OpenSSH's ssh -N -L in its own process. */
export async function opensshForward(target, cipher, servicePort, sshPath) {
  const port = await freePort();
  const child = spawn(
    sshPath,
    opensshArgs(target, cipher, [
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-L',
      `127.0.0.1:${port}:127.0.0.1:${servicePort}`,
    ]),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await listening(port, child);
  return {
    port,
    async close() {
      child.kill();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The ssh2 npm package: a local server piping each connection into forwardOut, as its README shows. */
export async function ssh2Forward(target, cipher, servicePort) {
  const client = await connectSsh2(target, cipher);
  const server = createServer((socket) => {
    client.forwardOut('127.0.0.1', socket.remotePort, '127.0.0.1', servicePort, (err, stream) => {
      if (err) return void socket.destroy();
      socket.pipe(stream).pipe(socket);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    async close() {
      server.close();
      client.end();
    },
  };
}
