// ssh-dss, ssh-ed448 and the security-key (sk-*) public key types.
import { afterAll, describe, expect, it } from '@jest/globals';
import { skSignedData } from '@sshkit/ssh-crypto';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { importCertificate } from '../src/certificate.js';
import { CertificateError } from '../src/errors.js';
import { importPrivateKey, importPublicKey } from '../src/import.js';
import { generatePrivateKey, type PrivateKeyFormat, type PublicKeyFormat, type SSHKey } from '../src/key.js';
import {
  describeWithTool,
  fixture,
  fixtureBytes,
  HAVE_OPENSSL,
  HAVE_SSH_KEYGEN,
  PASSPHRASE,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const data = new TextEncoder().encode('key types');
const fp = (file: string) => fixture(file).split(' ')[1];
const dsa = importPrivateKey(fixture('keys/dsa1024.openssh'));
const ed448 = importPrivateKey(fixture('keys/ed448-openssl.pkcs8'));

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('ssh-dss fixtures from ssh-keygen and openssl', () => {
  it('imports the openssh key with comment, public half, fingerprints and size as ssh-keygen -l', () => {
    expect(dsa.algorithm).toBe('ssh-dss');
    expect(dsa.comment).toBe('sshkit fixture dsa1024');
    expect(dsa.exportPublicKey()).toBe(fixture('keys/dsa1024.pub'));
    expect(dsa.getFingerprint()).toBe(fp('keys/dsa1024.fp.sha256'));
    expect(dsa.getFingerprint('md5')).toBe(fp('keys/dsa1024.fp.md5'));
    expect(dsa.bits).toBe(Number(fixture('keys/dsa1024.fp.sha256').split(' ')[0]));
  });

  it.each([
    ['openssh encrypted', 'keys/dsa1024.openssh.enc', PASSPHRASE],
    ['DSA PRIVATE KEY PEM', 'keys/dsa1024.pem', undefined],
    ['DSA PRIVATE KEY PEM, AES-128-CBC', 'keys/dsa1024.pem.enc', PASSPHRASE],
    ['DSA PRIVATE KEY PEM, DES-EDE3-CBC', 'keys/dsa1024.pem-des3.enc', PASSPHRASE],
    ['DSA PRIVATE KEY PEM, DES-CBC', 'keys/dsa1024.pem-des.enc', PASSPHRASE],
    ['PKCS#8', 'keys/dsa1024.pkcs8', undefined],
    ['PKCS#8 PBES2 AES-256-CBC', 'keys/dsa1024.pkcs8.enc', PASSPHRASE],
    ['PKCS#8 PBES2 DES-EDE3-CBC', 'keys/dsa1024.pkcs8-des3.enc', PASSPHRASE],
    ['PKCS#8 PBES1 MD5+DES', 'keys/dsa1024.pkcs8-pbe-md5-des.enc', PASSPHRASE],
    ['PKCS#8 PBES1 SHA1+DES', 'keys/dsa1024.pkcs8-pbe-sha1-des.enc', PASSPHRASE],
    ['ppk v2', 'keys/dsa1024.ppk2', undefined],
    ['ppk v2 encrypted', 'keys/dsa1024.ppk2.enc', PASSPHRASE],
    ['ppk v3', 'keys/dsa1024.ppk3', undefined],
    ['ppk v3 encrypted', 'keys/dsa1024.ppk3.enc', PASSPHRASE],
  ])('imports %s', (_what, path, pass) => {
    const k = importPrivateKey(fixture(path), pass);
    expect(k.isPrivate).toBe(true);
    expect(k.equals(dsa)).toBe(true);
    expect(dsa.verify(data, k.sign(data))).toBe(true);
  });

  it('imports PKCS#8 DER, SPKI and RFC 4716', () => {
    expect(importPrivateKey(fixtureBytes('keys/dsa1024.pkcs8.der')).equals(dsa)).toBe(true);
    expect(importPublicKey(fixture('keys/dsa1024.spki.pub')).equals(dsa)).toBe(true);
    expect(importPublicKey(fixture('keys/dsa1024.rfc4716.pub')).equals(dsa)).toBe(true);
  });

  it('exports ppk exactly as puttygen', () => {
    expect(dsa.exportPrivateKey('ppk', undefined, { ppkVersion: 2 })).toBe(fixture('keys/dsa1024.ppk2'));
    expect(dsa.exportPrivateKey('ppk')).toBe(fixture('keys/dsa1024.ppk3'));
  });

  it.each(['openssh', 'pkcs1-pem', 'pkcs1-der', 'pkcs8-pem', 'pkcs8-der', 'ppk'] as PrivateKeyFormat[])(
    'private %s round trip, plain and encrypted',
    (format) => {
      expect(importPrivateKey(dsa.exportPrivateKey(format)).equals(dsa)).toBe(true);
      if (format === 'pkcs1-der') return;
      const enc = dsa.exportPrivateKey(format, 'pw', { rounds: 2, argon2: { memory: 64, passes: 1 } });
      expect(importPrivateKey(enc, 'pw').equals(dsa)).toBe(true);
    },
  );

  it.each(['openssh', 'rfc4716', 'pkcs8-pem', 'pkcs8-der'] as PublicKeyFormat[])(
    'public %s round trip',
    (format) => {
      expect(importPublicKey(dsa.convertToPublic().exportPublicKey(format)).equals(dsa)).toBe(true);
    },
  );

  it('signs with ssh-dss only; a changed message fails', () => {
    expect(dsa.signatureAlgorithms).toEqual(['ssh-dss']);
    const sig = dsa.sign(data);
    expect(new WireReader(sig).utf8()).toBe('ssh-dss');
    expect(dsa.convertToPublic().verify(data, sig)).toBe(true);
    expect(dsa.verify(new TextEncoder().encode('other'), sig)).toBe(false);
  });

  it('generates a 1024-bit key that signs', () => {
    const k = generatePrivateKey('ssh-dss', { comment: 'gen' });
    expect(k.bits).toBe(1024);
    expect(k.verify(data, k.sign(data))).toBe(true);
  });
});

describe('ssh-ed448 (openssl keys; OpenSSH has no Ed448)', () => {
  it('imports PKCS#8 plain and encrypted, matching the SPKI openssl wrote', () => {
    const spki = importPublicKey(fixture('keys/ed448-openssl.spki.pub'));
    expect(spki.algorithm).toBe('ssh-ed448');
    expect(ed448.equals(spki)).toBe(true);
    expect(importPrivateKey(fixture('keys/ed448-openssl.pkcs8.enc'), PASSPHRASE).equals(spki)).toBe(true);
    expect(ed448.exportPublicKey('pkcs8-pem')).toBe(fixture('keys/ed448-openssl.spki.pub'));
    expect(ed448.exportPrivateKey('pkcs8-pem')).toBe(fixture('keys/ed448-openssl.pkcs8'));
  });

  it.each(['openssh', 'pkcs8-pem', 'pkcs8-der', 'ppk'] as PrivateKeyFormat[])(
    'private %s round trip',
    (format) => {
      expect(importPrivateKey(ed448.exportPrivateKey(format)).equals(ed448)).toBe(true);
      const enc = ed448.exportPrivateKey(format, 'pw', { rounds: 2, argon2: { memory: 64, passes: 1 } });
      expect(importPrivateKey(enc, 'pw').equals(ed448)).toBe(true);
    },
  );

  it('has no PKCS#1 form', () => {
    expect(() => ed448.exportPrivateKey('pkcs1-pem')).toThrow(
      expect.objectContaining({ reason: 'unsupported-format' }),
    );
  });

  it('signs, verifies, generates', () => {
    expect(ed448.verify(data, ed448.sign(data))).toBe(true);
    const k = generatePrivateKey('ssh-ed448');
    expect(k.bits).toBe(456);
    expect(importPublicKey(k.exportPublicKey()).verify(data, k.sign(data))).toBe(true);
  });
});

/** An sk signature made in software with the ordinary key that has the same point. */
function skSign(
  key: SSHKey,
  skType: string,
  flags: number,
  counter: number,
  message: Uint8Array,
): Uint8Array {
  const inner = key.sign(skSignedData('ssh:', flags, counter, message));
  const r = new WireReader(inner);
  r.utf8();
  return new WireWriter().string(skType).string(r.string()).u8(flags).u32(counter).finish();
}

describe.each([
  ['sk-ed25519', 'sk-ssh-ed25519@openssh.com', 'ed25519'],
  ['sk-ecdsa256', 'sk-ecdsa-sha2-nistp256@openssh.com', 'ecdsa256'],
])('%s public keys', (name, type, base) => {
  const key = importPublicKey(fixture(`keys/${name}.pub`));
  const ordinary = importPrivateKey(fixture(`keys/${base}.openssh`));

  it('imports with the fingerprints and size of ssh-keygen -l', () => {
    expect(key.algorithm).toBe(type);
    expect(key.isPrivate).toBe(false);
    expect(key.getFingerprint()).toBe(fp(`keys/${name}.fp.sha256`));
    expect(key.getFingerprint('md5')).toBe(fp(`keys/${name}.fp.md5`));
    expect(key.bits).toBe(Number(fixture(`keys/${name}.fp.sha256`).split(' ')[0]));
    expect(key.exportPublicKey()).toBe(fixture(`keys/${name}.pub`));
    expect(importPublicKey(key.exportPublicKey('rfc4716')).equals(key)).toBe(true);
  });

  it('has no private or DER forms', () => {
    expect(() => key.exportPublicKey('pkcs8-pem')).toThrow(
      expect.objectContaining({ reason: 'unsupported-format' }),
    );
    expect(() => key.sign(data)).toThrow(
      expect.objectContaining({ name: 'KeySignError', reason: 'not-private' }),
    );
  });

  it('verifies security-key signatures and reports their flags', () => {
    const sig = skSign(ordinary, type, 0x05, 7, data);
    expect(key.verify(data, sig)).toBe(true);
    expect(key.verifySkSignature(data, sig)).toMatchObject({
      valid: true,
      flags: 5,
      counter: 7,
      userVerified: true,
    });
    expect(key.verify(new TextEncoder().encode('other'), sig)).toBe(false);
    expect(key.verifySkSignature(data, skSign(ordinary, type, 0, 1, new Uint8Array(1))).valid).toBe(false);
    expect(() => ordinary.verifySkSignature(data, sig)).toThrow(
      expect.objectContaining({ name: 'KeySignError' }),
    );
  });
});

describe('certificates of DSA and security keys (ssh-keygen -s)', () => {
  const NOW = { now: new Date('2024-06-01T00:00:00Z') };
  const reason = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (CertificateError.isInstance(e)) return e.reason;
      throw e;
    }
    return undefined;
  };

  it('a v01 certificate of a DSA key', () => {
    const c = importCertificate(fixture('certs/user-dsa-cert.pub'));
    expect(c.algorithm).toBe('ssh-dss-cert-v01@openssh.com');
    expect(c.key.equals(dsa)).toBe(true);
    expect(fixture('certs/user-dsa-cert.txt')).toContain(`DSA-CERT ${c.getFingerprint()}`);
    expect(reason(() => c.validate('user', 'alice', NOW))).toBeUndefined();
  });

  it('verify-required on a sk-ssh-ed25519 certificate needs the user-verified flag', () => {
    const c = importCertificate(fixture('certs/user-sk-ed25519-cert.pub'));
    expect(c.key.algorithm).toBe('sk-ssh-ed25519@openssh.com');
    expect(c.criticalOptions).toEqual({ 'verify-required': '' });
    expect(fixture('certs/user-sk-ed25519-cert.txt')).toContain(`ED25519-SK-CERT ${c.getFingerprint()}`);
    expect(reason(() => c.validate('user', 'alice', { ...NOW, skFlags: 0x05 }))).toBeUndefined();
    expect(reason(() => c.validate('user', 'alice', { ...NOW, skFlags: 0x01 }))).toBe(
      'user-verification-required',
    );
    expect(reason(() => c.validate('user', 'alice', { ...NOW, skFlags: 0x04 }))).toBe(
      'user-presence-required',
    );
    // Without the signature's flags the check is the caller's (the options say what to check).
    expect(reason(() => c.validate('user', 'alice', NOW))).toBeUndefined();
  });

  it('no-touch-required on a sk-ecdsa certificate waives user presence', () => {
    const c = importCertificate(fixture('certs/user-sk-ecdsa256-cert.pub'));
    expect(c.extensions).toHaveProperty('no-touch-required', '');
    expect(reason(() => c.validate('user', 'alice', { ...NOW, skFlags: 0 }))).toBeUndefined();
  });

  it('our certificates for an Ed448 key and by a DSA CA validate', () => {
    const c = dsa.generateUserCertificate(ed448, 'x', { principals: ['alice'] });
    expect(c.algorithm).toBe('ssh-ed448-cert-v01@openssh.com');
    expect(reason(() => importCertificate(c.export()).validate('user', 'alice'))).toBeUndefined();
  });
});

describeWithTool('ssh-keygen', HAVE_SSH_KEYGEN)('ssh-keygen reads our DSA and sk exports', () => {
  it.each([
    ['openssh', undefined],
    ['openssh', PASSPHRASE],
    ['pkcs1-pem', undefined],
    ['pkcs1-pem', PASSPHRASE],
    ['pkcs8-pem', undefined],
    ['pkcs8-pem', PASSPHRASE],
  ] as Array<[PrivateKeyFormat, string | undefined]>)(
    'ssh-keygen -y on DSA %s passphrase=%s',
    (format, pass) => {
      const path = writePrivate(
        dir,
        `dsa-${format}-${pass ?? 'plain'}`,
        dsa.exportPrivateKey(format, pass, { rounds: 2 }),
      );
      expect(
        run('ssh-keygen', ['-y', '-P', pass ?? '', '-f', path])
          .trim()
          .split(' ')
          .slice(0, 2)
          .join(' '),
      ).toBe(dsa.exportPublicKey().trim().split(' ').slice(0, 2).join(' '));
    },
  );

  it.each(['keys/sk-ed25519.pub', 'keys/sk-ecdsa256.pub', 'keys/dsa1024.pub'])(
    'ssh-keygen -l on our export of %s prints our fingerprint',
    (file) => {
      const k = importPublicKey(fixture(file));
      const path = writePrivate(dir, file.replace('/', '_'), k.exportPublicKey());
      expect(run('ssh-keygen', ['-l', '-E', 'sha256', '-f', path]).split(' ')[1]).toBe(k.getFingerprint());
    },
  );
});

describeWithTool('openssl', HAVE_OPENSSL)('openssl reads our DSA and Ed448 exports', () => {
  it.each([
    ['dsa', 'pkcs8-pem', undefined],
    ['dsa', 'pkcs8-pem', PASSPHRASE],
    ['dsa', 'pkcs8-der', undefined],
    ['dsa', 'pkcs1-pem', undefined],
    ['dsa', 'pkcs1-pem', PASSPHRASE],
    ['ed448', 'pkcs8-pem', undefined],
    ['ed448', 'pkcs8-pem', PASSPHRASE],
    ['ed448', 'pkcs8-der', undefined],
  ] as Array<['dsa' | 'ed448', PrivateKeyFormat, string | undefined]>)(
    '%s %s passphrase=%s',
    (which, format, pass) => {
      const k = which === 'dsa' ? dsa : ed448;
      const path = writePrivate(
        dir,
        `${which}-${format}-${pass ?? 'plain'}.ossl`,
        k.exportPrivateKey(format, pass),
      );
      const args = ['pkey', '-in', path, '-pubout', '-passin', `pass:${pass ?? ''}`];
      if (format.endsWith('-der')) args.push('-inform', 'DER');
      expect(run('openssl', args)).toBe(k.exportPublicKey('pkcs8-pem'));
    },
  );
});
