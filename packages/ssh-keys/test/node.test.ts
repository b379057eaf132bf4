import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  readAuthorizedKeys,
  readCertificate,
  readKnownHosts,
  readPrivateKey,
  readPrivateKeyList,
  readPublicKey,
  readPublicKeyList,
  writePrivateKey,
  writePublicKey,
} from '../src/node/index.js';
import { FIXTURES, PASSPHRASE, tempDir } from './support/fixtures.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('@sshkit/ssh-keys/node', () => {
  it('reads every kind of file', async () => {
    const key = await readPrivateKey(join(FIXTURES, 'keys/ed25519.openssh.enc'), PASSPHRASE);
    expect((await readPublicKey(join(FIXTURES, 'keys/ed25519.pub'))).equals(key)).toBe(true);
    expect(await readPrivateKeyList(join(FIXTURES, 'keys/rsa2048.pem'))).toHaveLength(1);
    expect(await readPublicKeyList(join(FIXTURES, 'keys/ecdsa256.pub'))).toHaveLength(1);
    expect((await readCertificate(join(FIXTURES, 'certs/user-valid-cert.pub'))).keyId).toBe('alice@example');
    expect((await readKnownHosts(join(FIXTURES, 'known_hosts/known_hosts'))).errors).toEqual([]);
    expect((await readAuthorizedKeys(join(FIXTURES, 'keys/ed25519.pub'))).entries).toHaveLength(1);
  });

  it('writes private keys 0600 and public keys 0644', async () => {
    const key = await readPrivateKey(join(FIXTURES, 'keys/ecdsa256.openssh'));
    const priv = join(dir, 'id');
    const pub = join(dir, 'id.pub');
    await writePrivateKey(key, priv, 'pkcs8-pem', 'pw');
    await writePublicKey(key, pub);
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    expect(statSync(pub).mode & 0o777).toBe(0o644);
    expect((await readPrivateKey(priv, 'pw')).equals(key)).toBe(true);
    expect(readFileSync(pub, 'utf8')).toBe(key.exportPublicKey());
  });
});
