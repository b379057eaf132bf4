// The two ends of the traffic a forward carries, in a process of their own so
// that no forwarder under test shares an event loop (or a core's time slice
// accounting) with them.
//
//   node traffic.mjs serve SIZE        the far service: prints its port; a connection
//                                      opened with 'U' is drained (upload), one opened
//                                      with 'D' gets SIZE bytes then EOF (download)
//   node traffic.mjs drive PORT DIR SIZE
//                                      one transfer through PORT (DIR up or down);
//                                      prints {"ms": ..., "bytes": ...}
import { connect, createServer } from 'node:net';

const BLOCK = Buffer.alloc(256 * 1024, 0x5a);

/** Writes `size` bytes of BLOCK to `socket` with back-pressure, then ends it. */
function pump(socket, size) {
  let left = size;
  const more = () => {
    while (left > 0) {
      const n = Math.min(left, BLOCK.length);
      left -= n;
      if (!socket.write(BLOCK.subarray(0, n))) return void socket.once('drain', more);
    }
    socket.end();
  };
  more();
}

function serve(size) {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', (first) => {
      if (first[0] === 0x55) {
        socket.on('data', () => {});
        socket.on('end', () => socket.end());
      } else {
        socket.resume();
        pump(socket, size);
      }
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

function drive(port, dir, size) {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => {
    const t0 = performance.now();
    let bytes = 0;
    socket.on('data', (d) => {
      bytes += d.length;
    });
    socket.on('end', () => {
      process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, bytes })}\n`);
      socket.destroy();
    });
    if (dir === 'up') {
      socket.write(Buffer.from('U'));
      pump(socket, size);
    } else {
      socket.write(Buffer.from('D')); // no half-close: the service would end its side at once
    }
  });
  socket.on('error', (e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'serve') serve(Number(args[0]));
else if (mode === 'drive') drive(Number(args[0]), args[1], Number(args[2]));
else throw new Error(`traffic.mjs: unknown mode ${mode}`);
