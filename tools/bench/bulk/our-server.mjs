// The sshkit server the "-> sshkit" rows talk to: it answers the same three
// commands the rows send to sshd (`cat FILE`, `cat > /dev/null`, `true`) in
// Node, so OpenSSH's ssh and our client can be measured against it, and
// allows direct-tcpip (`ssh -L`) for bench:forward as sshd does.
import { createReadStream } from 'node:fs';
import { generatePrivateKey, importAuthorizedKeys, listen, SSHServer } from '@sshkit/ssh';

class BenchServer extends SSHServer {
  connectionRequested() {
    return true; // a real socket to the destination, as sshd's AllowTcpForwarding yes
  }
}

async function serve(proc) {
  const command = proc.command ?? '';
  if (command.startsWith('cat ') && !command.includes('>')) {
    for await (const chunk of createReadStream(command.slice(4), { highWaterMark: 256 * 1024 })) {
      proc.stdout.write(chunk);
      await proc.stdout.drain();
    }
  } else if (command === 'cat > /dev/null') {
    while ((await proc.stdin.read(1 << 20)).length > 0) {
      // discard, as cat > /dev/null does
    }
  }
  proc.exit(0);
}

/** Starts the server on 127.0.0.1 accepting `clientPublicKey` (an OpenSSH public key line). */
export async function startOurServer(clientPublicKey) {
  const hostKey = generatePrivateKey('ssh-ed25519');
  const acceptor = await listen({
    host: '127.0.0.1',
    port: 0,
    serverHostKeys: [hostKey],
    authorizedClientKeys: importAuthorizedKeys(clientPublicKey),
    serverFactory: () => new BenchServer(),
    encoding: null,
    processFactory: serve,
  });
  return {
    port: acceptor.getPort(),
    knownHostsLine: `[127.0.0.1]:${acceptor.getPort()} ${hostKey.exportPublicKey('openssh')}`,
    async stop() {
      acceptor.close();
      await acceptor.waitClosed();
    },
  };
}
