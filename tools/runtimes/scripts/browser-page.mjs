// The page headless Chromium runs, bundled by esbuild for the browser (no
// "node" condition, no Node module can be bundled). It runs the client checks
// through the harness's WebSocket relay to sshd, then serves SSH itself: each
// WebSocket it opens to the relay's /serve end is paired with one TCP
// connection from OpenSSH's ssh or sftp.
import { runServer, webSocketDuplex } from '@sshkit/ssh/web';
import { clientChecks } from './client-checks.mjs';
import { webServerOptions } from './server-checks.mjs';

function post(path, value) {
  return fetch(path, { method: 'POST', body: JSON.stringify(value) });
}

function describe(e) {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

window.addEventListener('error', (e) => post('/error', describe(e.error ?? e.message)));
window.addEventListener('unhandledrejection', (e) => post('/error', describe(e.reason)));

async function main() {
  const cfg = await (await fetch('/config')).json();
  await post('/result', await clientChecks(cfg.client, () => webSocketDuplex(new WebSocket(cfg.relayUrl))));
  const options = webServerOptions(cfg.server);
  const opened = [];
  for (let i = 0; i < cfg.serverConnections; i++) {
    opened.push(webSocketDuplex(new WebSocket(cfg.serveUrl)));
  }
  for (const sock of await Promise.all(opened)) {
    runServer(sock, options).catch((e) => console.error(`connection failed: ${e}`));
  }
  await post('/ready', true);
}

main().catch((e) => post('/error', describe(e)));
