// AuthClient.allowedMethods: what the server offers, learnt from the none probe
// (what getServerAuthMethods reports).
import { describe, expect, it } from '@jest/globals';
import { generatePrivateKey, importAuthorizedKeys } from '@sshkit/ssh-keys';
import { checkPassword } from '../src/index.js';
import { rejected, runSession } from './support/harness.js';

const key = generatePrivateKey('ssh-ed25519');

describe('AuthClient.allowedMethods', () => {
  it('holds the methods of the FAILURE to none when there is nothing to try', async () => {
    const out = await runSession({
      clientOptions: { username: 'alice', preferredAuthentications: [] },
      serverHandler: { validatePassword: (_u, pw) => checkPassword('pw', pw) },
      serverOptions: {
        authorizedClientKeys: importAuthorizedKeys(key.exportPublicKey('openssh')),
        passwordAuth: true,
      },
    });
    expect(rejected(out.client)).toMatchObject({ name: 'PermissionDenied' });
    expect([...out.session.client.allowedMethods].sort()).toEqual(['password', 'publickey']);
  });

  it('is empty before any FAILURE', async () => {
    const out = await runSession({
      clientOptions: { username: 'alice', preferredAuthentications: [] },
      serverHandler: { beginAuth: () => false },
    });
    expect(out.session.client.method).toBe('none');
    expect(out.session.client.allowedMethods).toEqual([]);
  });
});
