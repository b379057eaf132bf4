// Our client against OpenSSH's sshd with password and keyboard-interactive
// authentication, as the local account testkit creates (root only): password
// checked by sshd itself (UsePAM no) and through PAM, keyboard-interactive
// through PAM's "Password:" prompt, each driven by the `password` option or
// by SSHClient handler callbacks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensurePasswordUser, requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import {
  connect,
  createConnection,
  type KbdintPrompt,
  SSHClient,
  type SSHClientOptions,
} from '../src/index.js';

const tools = requireTools('sshd', 'ssh-keygen');
const account = tools ? ensurePasswordUser() : undefined;
const describeInterop = account ? describe : describe.skip;
const BANNER = 'sshkit banner: authorized use only';

/** Polls sshd's log for `text` (it logs asynchronously to our pipe). */
async function logged(server: SshdInstance, text: string | RegExp): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const log = server.log();
    if (typeof text === 'string' ? log.includes(text) : text.test(log)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describeInterop('password and keyboard-interactive against OpenSSH sshd', () => {
  const { user, password } = account!;
  let dir: string;
  let shadow: SshdInstance;
  let pam: SshdInstance;
  const options = (server: SshdInstance, extra: SSHClientOptions = {}): SSHClientOptions => ({
    host: '127.0.0.1',
    port: server.port,
    username: user,
    clientKeys: [],
    knownHosts: server.knownHostsPath,
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-pw-'));
    const banner = join(dir, 'banner');
    writeFileSync(banner, `${BANNER}\n`);
    // sshd keeps the first value of an option: these win over startSshd's "no"s.
    [shadow, pam] = await Promise.all([
      startSshd({ hostKeyTypes: ['ed25519'], config: ['PasswordAuthentication yes'] }),
      startSshd({
        hostKeyTypes: ['ed25519'],
        config: [
          'UsePAM yes',
          'PasswordAuthentication yes',
          'KbdInteractiveAuthentication yes',
          `Banner ${banner}`,
        ],
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([shadow?.stop(), pam?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the password option, checked by sshd against /etc/shadow', async () => {
    await using conn = await connect(options(shadow, { password }));
    expect(conn.getExtraInfo('authMethod')).toBe('password');
    expect((await conn.run('id -un')).stdout).toBe(`${user}\n`);
    expect(await logged(shadow, `Accepted password for ${user}`)).toBe(true);
  });

  it('fails a wrong password with PermissionDenied (NO_MORE_AUTH_METHODS_AVAILABLE)', async () => {
    await expect(connect(options(shadow, { password: `${password}x` }))).rejects.toMatchObject({
      name: 'PermissionDenied',
      code: 14,
    });
    expect(await logged(shadow, `Failed password for ${user}`)).toBe(true);
  });

  it('asks passwordAuthRequested again after a wrong password, and stops when it returns null', async () => {
    const asked: number[] = [];
    class Client extends SSHClient {
      override passwordAuthRequested() {
        asked.push(asked.length);
        return asked.length === 1 ? 'wrong' : asked.length === 2 ? password : null;
      }
    }
    const [conn] = await createConnection(() => new Client(), options(shadow));
    conn.close();
    expect(asked).toEqual([0, 1]);
    expect(conn.getExtraInfo('authMethod')).toBe('password');

    asked.length = 0;
    class GivesUp extends SSHClient {
      override passwordAuthRequested() {
        asked.push(asked.length);
        return asked.length === 1 ? 'wrong' : null;
      }
    }
    await expect(createConnection(() => new GivesUp(), options(shadow))).rejects.toMatchObject({
      name: 'PermissionDenied',
    });
    expect(asked).toEqual([0, 1]);
  });

  it('logs in with a password checked through PAM, showing sshd’s banner first', async () => {
    const banners: string[] = [];
    class Client extends SSHClient {
      override authBannerReceived(message: string) {
        banners.push(message);
      }
    }
    const [conn] = await createConnection(
      () => new Client(),
      options(pam, { password, preferredAuthentications: ['password'] }),
    );
    conn.close();
    expect(conn.getExtraInfo('authMethod')).toBe('password');
    expect(banners).toEqual([`${BANNER}\n`]);
    expect(await logged(pam, `Accepted password for ${user}`)).toBe(true);
  });

  it('answers PAM’s keyboard-interactive "Password:" prompt with the password option', async () => {
    await using conn = await connect(
      options(pam, { password, preferredAuthentications: ['keyboard-interactive'] }),
    );
    expect(conn.getExtraInfo('authMethod')).toBe('keyboard-interactive');
    expect((await conn.run('id -un')).stdout).toBe(`${user}\n`);
    expect(await logged(pam, `Accepted keyboard-interactive/pam for ${user}`)).toBe(true);
  });

  it('drives keyboard-interactive with kbdintAuthRequested / kbdintChallengeReceived, retrying after a wrong answer', async () => {
    const challenges: (readonly KbdintPrompt[])[] = [];
    let requested = 0;
    class Client extends SSHClient {
      override kbdintAuthRequested() {
        requested++;
        return '';
      }
      override kbdintChallengeReceived(
        _name: string,
        _instr: string,
        _lang: string,
        prompts: readonly KbdintPrompt[],
      ) {
        // PAM ends with an INFO_REQUEST without prompts: nothing to answer.
        if (prompts.length > 0) challenges.push(prompts);
        return prompts.map(() => (challenges.length === 1 ? 'wrong' : password));
      }
    }
    const [conn] = await createConnection(
      () => new Client(),
      options(pam, { preferredAuthentications: ['keyboard-interactive'] }),
    );
    conn.close();
    expect(conn.getExtraInfo('authMethod')).toBe('keyboard-interactive');
    expect(requested).toBe(2);
    // pam_unix asks once per round, hidden.
    expect(challenges).toEqual([[['Password: ', false]], [['Password: ', false]]]);
  });

  it('fails keyboard-interactive with PermissionDenied when the handler abandons the challenge', async () => {
    class Client extends SSHClient {
      override kbdintAuthRequested() {
        return '';
      }
      override kbdintChallengeReceived() {
        return null;
      }
    }
    await expect(
      createConnection(
        () => new Client(),
        options(pam, { preferredAuthentications: ['keyboard-interactive'] }),
      ),
    ).rejects.toMatchObject({ name: 'PermissionDenied', code: 14 });
  });
});
