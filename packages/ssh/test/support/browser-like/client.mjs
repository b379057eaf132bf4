// Runs `@sshkit/ssh/web` the way a browser page would: the standard WebSocket,
// keys and known_hosts as text (from the environment here), no Node modules.
// Prints one JSON line with what it saw.
const web = await import(process.env.SSHKIT_WEB_ENTRY);
// The portable build of ssh-crypto exports no node:crypto backend.
const crypto = await import('@sshkit/ssh-crypto');
const { connect, importKnownHosts, importPrivateKey, webSocketDuplex } = web;
const conn = await connect({
  sock: await webSocketDuplex(new WebSocket(process.env.SSHKIT_RELAY_URL)),
  host: '127.0.0.1',
  port: Number(process.env.SSHKIT_PORT),
  username: process.env.SSHKIT_USER,
  clientKeys: [importPrivateKey(process.env.SSHKIT_KEY)],
  knownHosts: importKnownHosts(process.env.SSHKIT_KNOWN_HOSTS),
});
const echoed = (await conn.run('echo browser-like')).stdout;
const cipher = conn.getExtraInfo('cipherC2S');
conn.close();
await conn.waitClosed();
console.log(JSON.stringify({ echoed, cipher, crypto: 'nodeBackend' in crypto ? 'node:crypto' : 'noble' }));
