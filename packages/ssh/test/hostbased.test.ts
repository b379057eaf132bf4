// Hostbased authentication between our client and our server on 127.0.0.1:
// host keys and certificates from knownClientHosts, the claimed host name
// checked against the reverse lookup of the client's address, user mapping,
// and falling back to other methods when hostbased cannot be used.
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  importKnownHosts,
  listen,
  type SSHAcceptor,
  type SSHClientConnection,
  type SSHKey,
  SSHServer,
  type SSHServerOptions,
} from '../src/index.js';
import { reverseLookup } from '../src/node/reverse-lookup.js';

const serverHostKey = generatePrivateKey('ssh-ed25519');
const clientHostKey = generatePrivateKey('ssh-ed25519');
const ca = generatePrivateKey('ssh-ed25519');
const userKey = generatePrivateKey('ssh-ed25519');
const localUser = userInfo().username;

let acceptor: SSHAcceptor | undefined;
const opened: SSHClientConnection[] = [];
afterEach(async () => {
  for (const conn of opened.splice(0)) conn.close();
  acceptor?.close();
  await acceptor?.waitClosed();
  acceptor = undefined;
});

async function serve(options: Omit<SSHServerOptions, 'serverHostKeys'>): Promise<number> {
  acceptor = await listen({ host: '127.0.0.1', port: 0, serverHostKeys: [serverHostKey], ...options });
  return acceptor.getPort();
}

/** What the client claims for 127.0.0.1, and the server resolves it to. */
async function loopbackName(): Promise<string> {
  const name = await reverseLookup('127.0.0.1');
  if (name === undefined) throw new Error('127.0.0.1 has no name here (it is "localhost" in /etc/hosts)');
  return name;
}

async function login(port: number, options: Parameters<typeof connect>[1] = {}) {
  const conn = await connect('127.0.0.1', {
    port,
    username: localUser,
    clientKeys: [],
    knownHosts: [[serverHostKey.convertToPublic()], [], []],
    ...options,
  });
  opened.push(conn);
  return conn;
}

const knownLine = (name: string, key: SSHKey) => `${name} ${key.exportPublicKey('openssh')}`;

describe('hostbased authentication between our client and our server', () => {
  it('logs in with a host key listed for the reverse lookup of the client address', async () => {
    const name = await loopbackName();
    const port = await serve({ knownClientHosts: importKnownHosts(knownLine(name, clientHostKey)) });
    const conn = await login(port, { clientHostKeys: [clientHostKey] });
    expect(conn.getExtraInfo('authMethod')).toBe('hostbased');
  });

  it('logs in with a host certificate from a @cert-authority CA (clientHostCerts)', async () => {
    const name = await loopbackName();
    const cert = ca.generateHostCertificate(clientHostKey, 'client-host', { principals: [name] });
    const port = await serve({
      knownClientHosts: importKnownHosts(`@cert-authority ${knownLine(name, ca)}`),
    });
    const conn = await login(port, { clientHostKeys: [clientHostKey], clientHostCerts: [cert] });
    expect(conn.getExtraInfo('authMethod')).toBe('hostbased');
  });

  it('refuses a claimed host name that is not what the address resolves to', async () => {
    const port = await serve({
      knownClientHosts: importKnownHosts(knownLine('elsewhere.example', clientHostKey)),
    });
    await expect(
      login(port, { clientHostKeys: [clientHostKey], clientHost: 'elsewhere.example' }),
    ).rejects.toMatchObject({ name: 'PermissionDenied' });
  });

  it('takes the claimed host name as it is with trustClientHost', async () => {
    const port = await serve({
      knownClientHosts: importKnownHosts(knownLine('elsewhere.example', clientHostKey)),
      trustClientHost: true,
    });
    const conn = await login(port, { clientHostKeys: [clientHostKey], clientHost: 'elsewhere.example' });
    expect(conn.getExtraInfo('authMethod')).toBe('hostbased');
  });

  it('refuses a host key revoked or not listed', async () => {
    const name = await loopbackName();
    const other = generatePrivateKey('ssh-ed25519');
    const port = await serve({
      knownClientHosts: importKnownHosts(
        `${knownLine(name, other)}\n@revoked ${knownLine('*', clientHostKey)}\n${knownLine(name, clientHostKey)}\n`,
      ),
    });
    await expect(login(port, { clientHostKeys: [clientHostKey] })).rejects.toMatchObject({
      name: 'PermissionDenied',
    });
  });

  it('lets only the same user in by default, and maps users with validateHostBasedUser', async () => {
    const name = await loopbackName();
    const calls: string[][] = [];
    class Mapper extends SSHServer {
      override validateHostBasedUser(username: string, clientHost: string, clientUsername: string) {
        calls.push([username, clientHost, clientUsername]);
        return username === 'deploy';
      }
    }
    const knownClientHosts = importKnownHosts(knownLine(name, clientHostKey));
    let port = await serve({ knownClientHosts });
    await expect(login(port, { username: 'deploy', clientHostKeys: [clientHostKey] })).rejects.toMatchObject({
      name: 'PermissionDenied',
    });
    acceptor?.close();
    port = await serve({ knownClientHosts, serverFactory: () => new Mapper() });
    await login(port, { username: 'deploy', clientHostKeys: [clientHostKey] });
    expect(calls).toEqual([['deploy', name, localUser]]);
  });

  it('asks validateHostPublicKey with the host name, address and port of the client', async () => {
    const name = await loopbackName();
    const seen: unknown[][] = [];
    class Checker extends SSHServer {
      override validateHostPublicKey(
        clientHost: string,
        clientAddr: string,
        clientPort: number,
        key: SSHKey,
      ) {
        seen.push([clientHost, clientAddr, typeof clientPort, key.equals(clientHostKey)]);
        return true;
      }
    }
    const port = await serve({ serverFactory: () => new Checker() });
    await login(port, { clientHostKeys: [clientHostKey] });
    expect(seen).toEqual([[name, '127.0.0.1', 'number', true]]);
  });

  it('moves on to publickey when ssh-keysign fails, and leaves host keys unused with hostBasedAuth: false', async () => {
    const name = await loopbackName();
    const port = await serve({
      knownClientHosts: importKnownHosts(knownLine(name, clientHostKey)),
      authorizedClientKeys: importAuthorizedKeys(userKey.exportPublicKey('openssh')),
    });
    const viaFailingKeysign = await login(port, {
      clientKeys: [userKey],
      clientHostKeys: [clientHostKey.convertToPublic()],
      clientHostKeysign: '/bin/false',
    });
    expect(viaFailingKeysign.getExtraInfo('authMethod')).toBe('publickey');
    const switchedOff = await login(port, {
      clientKeys: [userKey],
      clientHostKeys: [clientHostKey],
      hostBasedAuth: false,
    });
    expect(switchedOff.getExtraInfo('authMethod')).toBe('publickey');
  });
});
