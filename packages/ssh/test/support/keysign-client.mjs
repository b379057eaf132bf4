// Our client logging in with hostbased through OpenSSH's ssh-keysign: the
// hostbased interop tests run it in a private /etc/ssh (private-etc-ssh.ts),
// where ssh-keysign finds the test's host keys. Plain JavaScript on the built
// package, so it runs as its own process inside the mount namespace.
// Arguments: port user known_hosts [host public key file]. Prints JSON.
import { connect } from '@sshkit/ssh';

const [port, username, knownHosts, hostKeyFile] = process.argv.slice(2);
const conn = await connect('127.0.0.1', {
  port: Number(port),
  username,
  knownHosts,
  clientKeys: [],
  agentPath: null,
  config: null,
  preferredAuthentications: ['hostbased'],
  clientHostKeysign: true,
  ...(hostKeyFile && { clientHostKeys: [hostKeyFile] }),
});
const { stdout } = await conn.run('whoami', { check: true });
process.stdout.write(
  JSON.stringify({ method: conn.getExtraInfo('authMethod'), whoami: String(stdout).trim() }),
);
conn.close();
await conn.waitClosed();
