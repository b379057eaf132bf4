#!/usr/bin/env node
// Records a chacha20-poly1305@openssh.com packet made by a real OpenSSH sshd:
// our client connects to a throwaway sshd (tools/testkit) with that cipher and
// the transport's keylog option, taps the raw bytes sshd sends, and stores the
// first packet after sshd's NEWKEYS (the EXT_INFO, sequence number 0 under
// strict kex) with the server-to-client key. The tag in it is OpenSSH's, so
// decrypting it checks our construction against OpenSSH's own.
// Run after a build: node packages/ssh-transport/scripts/record-chacha-vector.mjs
import { writeFileSync } from 'node:fs';
import { runTransport } from '@sshkit/ssh-transport';
import { connectTcp } from '@sshkit/ssh-transport/node';
import { opensshVersion, startSshd } from '@sshkit/testkit';

const OUT = new URL('../../ssh-crypto/test/vectors/openssh/chacha20-poly1305-sshd.json', import.meta.url);
const hex = (b) => Buffer.from(b).toString('hex');

const server = await startSshd({ hostKeyTypes: ['ed25519'] });
try {
  const duplex = await connectTcp('127.0.0.1', server.port);
  const received = [];
  const tapped = {
    ...duplex,
    attach(handlers) {
      duplex.attach({
        ...handlers,
        data: (chunk) => {
          received.push(Buffer.from(chunk));
          handlers.data(chunk);
        },
      });
    },
  };
  let s2c;
  const t = runTransport(tapped, {
    role: 'client',
    verifyHostKey: () => true,
    encryptionAlgs: 'chacha20-poly1305@openssh.com',
    keylog: (e) => {
      if (e.direction === 'server-to-client' && !s2c) s2c = e;
    },
  });
  await t.ready;
  await t.requestService('ssh-userauth');
  t.disconnect(11, 'recorded');
  const stream = Buffer.concat(received);
  // Skip the version line, then plaintext packets up to and including NEWKEYS (21).
  let at = stream.indexOf('\n') + 1;
  for (;;) {
    const len = stream.readUInt32BE(at);
    const type = stream[at + 5];
    at += 4 + len;
    if (type === 21) break;
  }
  // The encrypted packet's length field is itself encrypted: store a generous
  // slice; the test decrypts the length and takes exactly one packet.
  const packet = stream.subarray(at, Math.min(stream.length, at + 4096));
  const version = opensshVersion() ?? 'unknown OpenSSH';
  writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        source: `recorded from sshd of ${version} by packages/ssh-transport/scripts/record-chacha-vector.mjs`,
        cipher: 'chacha20-poly1305@openssh.com',
        direction: 'server-to-client',
        seq: 0,
        key: hex(s2c.key),
        stream: hex(packet),
        note: 'first packet after sshd NEWKEYS under strict kex: SSH_MSG_EXT_INFO (type 7)',
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${OUT.pathname}`);
} finally {
  await server.stop();
}
