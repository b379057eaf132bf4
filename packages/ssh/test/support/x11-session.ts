// The server side of the X11 forwarding tests: a process handler that runs
// an X client through the session's forwarded display.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SSHServerProcess } from '../../src/index.js';

/** The X client script (a plain Node program), also for sessions another SSH server runs. */
export const X11_CLIENT_SCRIPT = fileURLToPath(new URL('./x11-client.mjs', import.meta.url));
const run = promisify(execFile);

/**
 * The session: `hold` prints its display and Xauthority path and waits for
 * EOF; any other command runs the X client script with the session's DISPLAY
 * and XAUTHORITY, the command as its payload.
 */
export async function x11Session(proc: SSHServerProcess<string>): Promise<void> {
  const { DISPLAY, XAUTHORITY } = proc.env;
  if (proc.command === 'hold') {
    proc.stderr.write(`${proc.channel.getX11Display()}\n${XAUTHORITY}\n`);
    while ((await proc.stdin.read()).length > 0);
    return proc.exit(0);
  }
  proc.stderr.write(`${proc.channel.getX11Display() ?? 'no display'}\n`);
  if (DISPLAY === undefined || XAUTHORITY === undefined) return proc.exit(1);
  const out = await run(process.execPath, [X11_CLIENT_SCRIPT, proc.command ?? 'ping'], {
    env: { ...process.env, DISPLAY, XAUTHORITY },
  });
  proc.stdout.write(out.stdout);
  proc.exit(0);
}
