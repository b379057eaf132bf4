// The algorithm combinations each runtime negotiates with OpenSSH: every
// cipher, MAC, key exchange, host key and compression sshd 9.2 offers, one
// varied at a time. The client side and the harness (driving `ssh` into a
// server running in the runtime) share this list.

const BASE = {
  kex: 'curve25519-sha256',
  cipher: 'aes128-ctr',
  mac: 'hmac-sha2-256-etm@openssh.com',
  hostKey: 'ssh-ed25519',
  compression: 'none',
};

const CIPHERS = [
  'chacha20-poly1305@openssh.com',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-cbc',
  'aes192-cbc',
  'aes256-cbc',
  '3des-cbc',
];
const MACS = [
  'hmac-sha2-256',
  'hmac-sha2-512',
  'hmac-sha1',
  'hmac-sha1-96',
  'hmac-md5',
  'hmac-md5-96',
  'umac-64@openssh.com',
  'umac-128@openssh.com',
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha1-etm@openssh.com',
  'umac-64-etm@openssh.com',
  'umac-128-etm@openssh.com',
];
const KEX = [
  'sntrup761x25519-sha512@openssh.com',
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group14-sha1',
];
const HOST_KEYS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256'];
// sshd offers no plain `zlib` (RFC 4253's, before authentication), only the delayed one.
const COMPRESSION = ['zlib@openssh.com'];

/** @typedef {{ name: string, kex: string, cipher: string, mac: string, hostKey: string, compression: string }} Combination */

/** @returns {Combination[]} */
export function combinations() {
  const vary = (field, values) =>
    values.map((value) => ({ ...BASE, [field]: value, name: `${field} ${value}` }));
  return [
    ...vary('cipher', CIPHERS),
    ...vary('mac', MACS),
    ...vary('kex', KEX),
    ...vary('hostKey', HOST_KEYS),
    ...vary('compression', COMPRESSION),
  ];
}

/** A server's algorithm options offering everything in the sweep. */
export const SERVER_ALGORITHMS = {
  // ML-KEM too, which OpenSSH 9.2 lacks: sshkit clients ask for it.
  kexAlgs: ['mlkem768x25519-sha256', ...KEX],
  encryptionAlgs: CIPHERS,
  macAlgs: MACS,
  compressionAlgs: ['none', 'zlib@openssh.com', 'zlib'],
};

/** The sshd_config lines that enable everything the sweep asks sshd for. */
export const SSHD_ALGORITHM_CONFIG = [
  `Ciphers ${CIPHERS.join(',')}`,
  `MACs ${MACS.join(',')}`,
  `KexAlgorithms ${KEX.join(',')}`,
  `HostKeyAlgorithms ${HOST_KEYS.join(',')}`,
];
