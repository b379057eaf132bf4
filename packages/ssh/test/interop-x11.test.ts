// X11 forwarding against OpenSSH both ways: our client through sshd (which
// stores our fake cookie with the real xauth for an X client the session
// runs), and `ssh -Y` into our server (ssh swaps in the real cookie it read
// with xauth). A stand-in X server checks which cookie arrives.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OPEN_REQUEST_X11_FORWARDING_FAILED } from '@sshkit/ssh-codes';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import { ChannelOpenError } from '../src/index.js';
import { finished, type OurServer, startOurServer } from './support/openssh-client.js';
import { connectToSshd } from './support/sshd-client.js';
import { AUTHORIZED, type FakeXServer, startFakeXServer, xauthorityFor } from './support/x11-server.js';
import { X11_CLIENT_SCRIPT, x11Session } from './support/x11-session.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen', 'xauth');
const describeInterop = tools ? describe : describe.skip;
const run = promisify(execFile);

describeInterop('X11 forwarding with OpenSSH', () => {
  let x: FakeXServer;
  let xauthority: { path: string; remove(): void };
  let dir: string;

  beforeAll(async () => {
    x = await startFakeXServer();
    xauthority = await xauthorityFor(x, (args) => run(tools!.xauth, args));
    dir = mkdtempSync(join(tmpdir(), 'sshkit-x11-'));
  });
  afterAll(async () => {
    await x?.close();
    xauthority?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const x11 = () => ({ x11Forwarding: true, x11Display: x.display, x11AuthPath: xauthority.path }) as const;

  describe('our client through sshd', () => {
    let sshd: SshdInstance;
    let noX11: SshdInstance;

    beforeAll(async () => {
      // sshd has xauth store the cookie in XAUTHORITY: a file of this test, not the user's ~/.Xauthority.
      const remoteXauthority = join(dir, 'remote-Xauthority');
      writeFileSync(remoteXauthority, '');
      [sshd, noX11] = await Promise.all([
        startSshd({
          hostKeyTypes: ['ed25519'],
          config: [
            'X11Forwarding yes',
            `XAuthLocation ${tools!.xauth}`,
            `SetEnv XAUTHORITY=${remoteXauthority}`,
          ],
        }),
        startSshd({ hostKeyTypes: ['ed25519'], config: ['X11Forwarding no'] }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([sshd?.stop(), noX11?.stop()]);
    });

    it('an X client in the session reaches the local X server, which gets the real cookie', async () => {
      await using conn = await connectToSshd(sshd);
      const before = x.received.length;
      const r = await conn.run(
        `echo "$DISPLAY" >&2; ${process.execPath} ${X11_CLIENT_SCRIPT} via-sshd`,
        x11(),
      );
      expect(r.stdout).toBe(`${AUTHORIZED}via-sshd`);
      expect(r.stderr).toMatch(/^localhost:\d+\.0\n$/);
      expect(x.received.slice(before)).toEqual([x.cookie]);
    });

    it('fails the session when sshd refuses X11, unless told to ignore that', async () => {
      await using conn = await connectToSshd(noX11);
      const err = await conn.run('true', x11()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelOpenError);
      expect((err as ChannelOpenError).code).toBe(OPEN_REQUEST_X11_FORWARDING_FAILED);
      const r = await conn.run('echo "[$DISPLAY]"', { ...x11(), x11Forwarding: 'ignoreFailure' });
      expect(r.stdout).toBe('[]\n');
    });
  });

  describe('ssh -Y into our server', () => {
    let server: OurServer;

    beforeAll(async () => {
      server = await startOurServer(tools!, { x11Forwarding: true, processFactory: x11Session as never });
    });
    afterAll(async () => {
      await server?.close();
    });

    it("an X client in our session reaches ssh's X server with the real cookie", async () => {
      const before = x.received.length;
      const env = { ...process.env, DISPLAY: x.display, XAUTHORITY: xauthority.path };
      const r = await finished(server.spawnSsh(['-Y', 'me@127.0.0.1', 'via-ssh-Y'], env));
      expect(r.stdout.toString()).toBe(`${AUTHORIZED}via-ssh-Y`);
      expect(r.stderr).toMatch(/^localhost:\d+\.0\n$/);
      expect(r.code).toBe(0);
      expect(x.received.slice(before)).toEqual([x.cookie]);
    });

    it('without -X, the session has no display', async () => {
      const env = { ...process.env, DISPLAY: x.display, XAUTHORITY: xauthority.path };
      const r = await finished(server.spawnSsh(['me@127.0.0.1', 'no-x'], env));
      expect(r.stderr).toBe('no display\n');
      expect(r.code).toBe(1);
    });
  });
});
