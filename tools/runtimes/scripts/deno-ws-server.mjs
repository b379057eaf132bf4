// Deno: an SSH endpoint browsers could reach directly, runServer on each
// WebSocket Deno.serve upgrades (a standard WebSocket, so webSocketDuplex).
import { runServer, webSocketDuplex } from '@sshkit/ssh/web';
import { config, report } from './report.mjs';
import { webServerOptions } from './server-checks.mjs';

const options = webServerOptions(config());
Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => report('SSHKIT_LISTENING', { port }) },
  (request) => {
    if (request.headers.get('upgrade') !== 'websocket')
      return new Response('SSH over WebSocket only', { status: 426 });
    const { socket, response } = Deno.upgradeWebSocket(request);
    webSocketDuplex(socket)
      .then((sock) => runServer(sock, options))
      .catch((e) => console.error(`connection failed: ${e}`));
    return response;
  },
);
