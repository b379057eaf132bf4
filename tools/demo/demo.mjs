// The quick-start demo: an sshkit server on 127.0.0.1 and an sshkit client
// talking to it — a command, a port forward and an SFTP transfer — then a
// clean exit. Everything runs in this one process; nothing is left listening.
import { createServer, connect as netConnect } from 'node:net';
import {
  checkPassword,
  connect,
  DISCONNECT_REASONS,
  generatePrivateKey,
  listen,
  MemoryFileSystem,
  SFTPServer,
  SSHServer,
} from '@sshkit/ssh';

class DemoServer extends SSHServer {
  passwordAuthSupported() {
    return true;
  }
  validatePassword(username, password) {
    return checkPassword(username === 'demo' ? 'sshkit' : undefined, password);
  }
  connectionRequested() {
    return true; // allow direct-tcpip (ssh -L style) forwarding
  }
}

async function processFactory(proc) {
  proc.stdout.write(`hello from the sshkit server: you ran ${JSON.stringify(proc.command)}\n`);
  proc.exit(0);
}

const hostKey = generatePrivateKey('ssh-ed25519');
const server = await listen({
  host: '127.0.0.1',
  port: 0,
  serverHostKeys: [hostKey],
  serverFactory: () => new DemoServer(),
  processFactory,
  sftpFactory: () => new SFTPServer(new MemoryFileSystem()),
});
console.log(`server: listening on 127.0.0.1:${server.getPort()}, host key ${hostKey.getFingerprint()}`);

// A plain TCP service the client will reach through the SSH connection.
const echo = createServer((socket) => socket.pipe(socket));
await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));

const conn = await connect('127.0.0.1', {
  port: server.getPort(),
  username: 'demo',
  password: 'sshkit',
  clientKeys: [],
  knownHosts: [[hostKey.convertToPublic()], [], []],
});
console.log(`client: connected with ${conn.getExtraInfo('kexAlg')} / ${conn.getExtraInfo('cipherC2S')}`);

const result = await conn.run('uptime --pretty');
console.log(`exec:   ${result.stdout.trim()} (exit status ${result.exitStatus})`);

const listener = await conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.address().port);
const reply = await new Promise((resolve, reject) => {
  const socket = netConnect(listener.getPort(), '127.0.0.1', () => socket.end('ping through the tunnel'));
  let text = '';
  socket.on('data', (d) => {
    text += d;
  });
  socket.on('end', () => resolve(text));
  socket.on('error', reject);
});
console.log(`forward: local port ${listener.getPort()} -> echo service: ${JSON.stringify(reply)}`);
listener.close();

const sftp = await conn.startSftpClient();
const file = await sftp.open('/hello.txt', 'w');
await file.write('written over SFTP\n');
await file.close();
const back = await sftp.open('/hello.txt', 'r');
console.log(
  `sftp:   /hello.txt (${await sftp.getsize('/hello.txt')} bytes): ${JSON.stringify(await back.read())}`,
);
await back.close();
await sftp.exit();

conn.close();
await conn.waitClosed();
server.close();
await server.waitClosed();
echo.close();
console.log(`done:   closed with ${DISCONNECT_REASONS.nameOf(11)}`);
