// ops/s for every key exchange (a full client+server exchange: both key
// pairs, both shared secrets), the sntrup761 KEM's three operations, and
// every signature algorithm (sign, verify),
// with node:crypto called directly as the ceiling where it has the primitive.
// Kex rows also show the portable entry point (noble), what runtimes other
// than Node get. Run: pnpm --filter @sshkit/bench bench:kex [substring]
import * as nodeCrypto from 'node:crypto';
import {
  generateDsaKey,
  generateEcdsaKey,
  generateEd448Key,
  generateEd25519Key,
  generateRsaKey,
  getKex,
  signData,
  sntrup761Decapsulate,
  sntrup761Encapsulate,
  sntrup761KeyPair,
  supportedKexAlgs,
  supportedSignatureAlgs,
  verifySignature,
} from '@sshkit/ssh-crypto';

// The portable build sits next to the Node one (dist/index.js beside dist/index.node.js).
const portable = await import(new URL('index.js', import.meta.resolve('@sshkit/ssh-crypto')).href);

const ROW_MS = Number(process.env.BENCH_MS ?? 400);
const filter = process.argv[2] ?? '';

const SLICES = 4;

/**
 * ops/s of each function. On a busy machine rows measured one after another
 * see different load, so the functions of one row take turns in SLICES
 * slices (ROW_MS in all per function) and their ratio compares like with like.
 */
function opsPerSecond(...fns) {
  for (const fn of fns) {
    // Warm up for a quarter row (at least one call) so the JIT has settled.
    const warm = performance.now();
    do fn();
    while (performance.now() - warm < ROW_MS / 4);
  }
  const ops = fns.map(() => 0);
  const ms = fns.map(() => 0);
  for (let slice = 0; slice < SLICES; slice++) {
    fns.forEach((fn, i) => {
      const start = performance.now();
      do {
        fn();
        ops[i]++;
      } while (performance.now() - start < ROW_MS / SLICES);
      ms[i] += performance.now() - start;
    });
  }
  return ops.map((n, i) => (n * 1000) / ms[i]);
}

const fmt = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (ours, ceiling) => (ceiling === undefined ? '—' : (ours / ceiling).toFixed(2));
const lines = [];
const row = (label, ours, portableOps, ceiling) =>
  lines.push([label, fmt(ours), fmt(portableOps), fmt(ceiling), ratio(ours, ceiling)]);

// node:crypto doing the same key agreement work as one exchange, nothing else:
// two key pairs, two shared secrets, no wire encoding or hashing.
function x25519Ceiling() {
  const a = nodeCrypto.generateKeyPairSync('x25519');
  const b = nodeCrypto.generateKeyPairSync('x25519');
  nodeCrypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
  nodeCrypto.diffieHellman({ privateKey: b.privateKey, publicKey: a.publicKey });
}
const ecdhCeiling = (curve) => () => {
  const a = nodeCrypto.createECDH(curve);
  const b = nodeCrypto.createECDH(curve);
  const pa = a.generateKeys();
  const pb = b.generateKeys();
  a.computeSecret(pb);
  b.computeSecret(pa);
};
// Exponents of our size (2 x the hash size in bits; OpenSSL would pick 224 bits for modp14).
const dhCeiling = (group, exponentBytes) => {
  const known = nodeCrypto.getDiffieHellman(group);
  const [a, b] = [0, 1].map(() => nodeCrypto.createDiffieHellman(known.getPrime(), known.getGenerator()));
  return () => {
    a.setPrivateKey(nodeCrypto.randomBytes(exponentBytes));
    b.setPrivateKey(nodeCrypto.randomBytes(exponentBytes));
    const pa = a.generateKeys();
    const pb = b.generateKeys();
    a.computeSecret(pb);
    b.computeSecret(pa);
  };
};
const KEX_CEILING = {
  'curve25519-sha256': x25519Ceiling,
  'curve25519-sha256@libssh.org': x25519Ceiling,
  'ecdh-sha2-nistp256': ecdhCeiling('prime256v1'),
  'ecdh-sha2-nistp384': ecdhCeiling('secp384r1'),
  'ecdh-sha2-nistp521': ecdhCeiling('secp521r1'),
  'diffie-hellman-group14-sha256': dhCeiling('modp14', 64),
  'diffie-hellman-group16-sha512': dhCeiling('modp16', 128),
  'diffie-hellman-group18-sha512': dhCeiling('modp18', 128),
  'diffie-hellman-group14-sha1': dhCeiling('modp14', 40),
  'diffie-hellman-group1-sha1': dhCeiling('modp2', 40),
};

const exchange = (spec) => () => {
  const client = spec.client();
  const outcome = spec.server().respond(client.publicValue);
  client.finish(outcome.serverPublic);
};
for (const name of supportedKexAlgs()) {
  const spec = getKex(name);
  if (spec.kind !== 'direct') continue; // group exchange = a direct DH on the chosen group
  if (!`kex ${name}`.includes(filter)) continue;
  const fns = [exchange(spec), exchange(portable.getKex(name)), KEX_CEILING[name]].filter(Boolean);
  const [ours, portableOps, ceiling] = opsPerSecond(...fns);
  row(`kex ${name}`, ours, portableOps, ceiling);
}

// The sntrup761 KEM on its own (the same code in both entry points): what
// the sntrup761x25519 rows spend beyond X25519.
const kemKeys = sntrup761KeyPair();
const kemCiphertext = sntrup761Encapsulate(kemKeys.publicKey).ciphertext;
for (const [op, fn] of [
  ['keypair', () => sntrup761KeyPair()],
  ['encapsulate', () => sntrup761Encapsulate(kemKeys.publicKey)],
  ['decapsulate', () => sntrup761Decapsulate(kemCiphertext, kemKeys.secretKey)],
]) {
  if (!`kem sntrup761 ${op}`.includes(filter)) continue;
  row(`kem sntrup761 ${op}`, opsPerSecond(fn)[0], undefined, undefined);
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
  if (!`sign ${alg}`.includes(filter) && !`verify ${alg}`.includes(filter)) continue;
  const sig = signData(alg, key, data);
  const raw = ceiling[alg];
  const rawSig = raw && nodeCrypto.sign(nodeHash[alg], data, raw.privateKey);
  const signOps = opsPerSecond(
    () => signData(alg, key, data),
    ...(raw ? [() => nodeCrypto.sign(nodeHash[alg], data, raw.privateKey)] : []),
  );
  row(`sign ${alg}`, signOps[0], undefined, signOps[1]);
  const verifyOps = opsPerSecond(
    () => verifySignature(key, data, sig),
    ...(raw ? [() => nodeCrypto.verify(nodeHash[alg], data, raw.publicKey, rawSig)] : []),
  );
  row(`verify ${alg}`, verifyOps[0], undefined, verifyOps[1]);
}

console.log(
  `\nNode ${process.version}, ${ROW_MS} ms per implementation and row, in ${SLICES} interleaved slices; ops/s\n`,
);
console.log('| operation | sshkit ops/s | portable ops/s | node:crypto ops/s | sshkit / node:crypto |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const l of lines) console.log(`| ${l.join(' | ')} |`);
