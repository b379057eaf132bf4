// Deno: the web entry's runServer on each connection Deno.listen accepts.
import { runServer, streamDuplex } from '@sshkit/ssh/web';
import { config, report } from './report.mjs';
import { webServerOptions } from './server-checks.mjs';

const options = webServerOptions(config());
const listener = Deno.listen({ hostname: '127.0.0.1', port: 0 });
report('SSHKIT_LISTENING', { port: listener.addr.port });
for await (const conn of listener) {
  // A failed login ends that connection only; the harness checks what ssh saw.
  runServer(streamDuplex(conn), options).catch((e) => console.error(`connection failed: ${e}`));
}
