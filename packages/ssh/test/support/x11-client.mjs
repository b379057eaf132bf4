// A minimal X client for the X11 forwarding tests, run where an SSH server
// runs its sessions: it finds the cookie for $DISPLAY with the real `xauth`,
// sends an X11 connection setup with it and a payload, and prints what comes
// back until the payload's echo (or the server's close). Plain JavaScript,
// so sshd can run it with `node`.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';

const display = process.env.DISPLAY ?? '';
const match = /^([^:]*):(\d+)(?:\.\d+)?$/.exec(display);
if (!match) throw new Error(`unexpected DISPLAY ${JSON.stringify(display)}`);
const [, host, number] = match;
// `xauth list` prints "<display>  MIT-MAGIC-COOKIE-1  <hex>" per matching entry.
const listed = execFileSync('xauth', ['list', display], { encoding: 'utf8' }).trim().split(/\s+/);
const cookie = Buffer.from(listed[2] ?? '', 'hex');
const name = Buffer.from('MIT-MAGIC-COOKIE-1');
const pad = (n) => (4 - (n % 4)) % 4;

const header = Buffer.alloc(12);
header.write('l', 0); // little-endian byte order
header.writeUInt16LE(11, 2);
header.writeUInt16LE(0, 4);
header.writeUInt16LE(name.length, 6);
header.writeUInt16LE(cookie.length, 8);
const setup = Buffer.concat([
  header,
  name,
  Buffer.alloc(pad(name.length)),
  cookie,
  Buffer.alloc(pad(cookie.length)),
]);

const payload = process.argv[2] ?? 'ping';
const socket = connect({
  host: host === '' || host === 'unix' ? 'localhost' : host,
  port: 6000 + Number(number),
});
let got = '';
let printed = false;
// X clients never half-close, and sshd drops what an X server sends after
// the client's EOF: print once the payload's echo arrived (or the server closed).
const finish = () => {
  if (printed) return;
  printed = true;
  process.stdout.write(got);
  socket.destroy();
};
socket.on('data', (d) => {
  got += d.toString();
  if (got.endsWith(payload)) finish();
});
socket.on('close', finish);
socket.on('error', (e) => {
  process.stderr.write(`x11-client: ${e.message}\n`);
  process.exitCode = 2;
});
socket.on('connect', () => socket.write(Buffer.concat([setup, Buffer.from(payload)])));
