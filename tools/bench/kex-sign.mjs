// ops/s for every key exchange (a full client+server exchange: both key
// pairs, both shared secrets) and every signature algorithm (sign, verify),
// with node:crypto called directly as the ceiling where it has the primitive.
// Run: pnpm --filter @sshkit/bench bench:kex
import * as nodeCrypto from 'node:crypto';
import {
  generateDsaKey,
  generateEcdsaKey,
  generateEd448Key,
  generateEd25519Key,
  generateRsaKey,
  getKex,
  signData,
  supportedKexAlgs,
  supportedSignatureAlgs,
  verifySignature,
} from '@sshkit/ssh-crypto';

const ROW_MS = Number(process.env.BENCH_MS ?? 400);

function opsPerSecond(fn) {
  fn(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ROW_MS) {
    fn();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

const fmt = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const lines = [];

for (const name of supportedKexAlgs()) {
  const spec = getKex(name);
  if (spec.kind !== 'direct') continue; // group exchange = a direct DH on the chosen group
  lines.push([
    `kex ${name}`,
    fmt(
      opsPerSecond(() => {
        const client = spec.client();
        const outcome = spec.server().respond(client.publicValue);
        client.finish(outcome.serverPublic);
      }),
    ),
    '—',
  ]);
}

const data = new Uint8Array(64).fill(7);
const keys = {
  'ssh-ed25519': generateEd25519Key(),
  'ssh-ed448': generateEd448Key(),
  'ecdsa-sha2-nistp256': generateEcdsaKey('nistp256'),
  'ecdsa-sha2-nistp384': generateEcdsaKey('nistp384'),
  'ecdsa-sha2-nistp521': generateEcdsaKey('nistp521'),
  'rsa-sha2-512': generateRsaKey(2048),
  'ssh-dss': generateDsaKey(),
};
keys['rsa-sha2-256'] = keys['rsa-sha2-512'];
keys['ssh-rsa'] = keys['rsa-sha2-512'];
const ceiling = {
  'ssh-ed25519': nodeCrypto.generateKeyPairSync('ed25519'),
  'ecdsa-sha2-nistp256': nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'rsa-sha2-512': nodeCrypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
};
const nodeHash = { 'ssh-ed25519': null, 'ecdsa-sha2-nistp256': 'sha256', 'rsa-sha2-512': 'sha512' };
for (const alg of supportedSignatureAlgs()) {
  const key = keys[alg];
  if (!key) continue; // sk-* are verify-only and need a security key to sign
  const sig = signData(alg, key, data);
  const raw = ceiling[alg];
  const rawSig = raw && nodeCrypto.sign(nodeHash[alg], data, raw.privateKey);
  lines.push([
    `sign ${alg}`,
    fmt(opsPerSecond(() => signData(alg, key, data))),
    raw ? fmt(opsPerSecond(() => nodeCrypto.sign(nodeHash[alg], data, raw.privateKey))) : '—',
  ]);
  lines.push([
    `verify ${alg}`,
    fmt(opsPerSecond(() => verifySignature(key, data, sig))),
    raw ? fmt(opsPerSecond(() => nodeCrypto.verify(nodeHash[alg], data, raw.publicKey, rawSig))) : '—',
  ]);
}

console.log(`\nNode ${process.version}, ${ROW_MS} ms per row; ops/s\n`);
console.log('| operation | sshkit ops/s | node:crypto ops/s |');
console.log('| --- | ---: | ---: |');
for (const l of lines) console.log(`| ${l.join(' | ')} |`);
