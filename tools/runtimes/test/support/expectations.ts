// What every runtime must get right, checked the same way for each: the
// client checks' report against sshd, and OpenSSH's ssh and sftp against a
// server running in the runtime.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { pattern } from '../../scripts/client-checks.mjs';
import {
  combinations,
  negotiatedBySsh,
  type ServerSide,
  type SshdSide,
  sha256,
  sshOptionsFor,
} from './openssh-side.js';

const AEAD = new Set(['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com']);

interface ClientReport {
  basics: {
    run: { stdout: string; stderr: string; exitStatus: number };
    utf8: string;
    sftp: { downloadedSha256: string; names: string[] };
    echoed: string;
  };
  clientKeys: Record<string, string>;
  sweep: { name: string; ok: boolean; error?: string; negotiated?: Record<string, string>; ms?: number }[];
}

export function expectClientReport(report: unknown, side: SshdSide): void {
  const r = report as ClientReport;
  expect(r.basics).toEqual({
    run: { stdout: 'out\n', stderr: 'err\n', exitStatus: 3 },
    utf8: 'grüße, 世界 🙂\n',
    sftp: { downloadedSha256: side.downloadSha256, names: ['download.bin', 'upload.bin'] },
    echoed: 'through sshd',
  });
  expect(sha256(readFileSync(join(side.sshd.dir, 'upload.bin')))).toBe(sha256(pattern(1 << 20)));
  expect(r.clientKeys).toEqual({ ed25519: 'ed25519\n', ecdsa: 'ecdsa\n', rsa: 'rsa\n' });
  const expected = combinations().map((c) => ({
    name: c.name,
    ok: true,
    negotiated: {
      kexAlg: c.kex,
      hostKeyAlg: c.hostKey,
      cipherC2S: c.cipher,
      // An AEAD cipher negotiates no MAC of its own.
      ...(AEAD.has(c.cipher) ? {} : { macC2S: c.mac }),
      compressionC2S: c.compression,
    },
  }));
  const seen = r.sweep.map(({ ms: _ms, ...s }) =>
    s.negotiated !== undefined && AEAD.has(s.negotiated.cipherC2S ?? '')
      ? { ...s, negotiated: Object.fromEntries(Object.entries(s.negotiated).filter(([k]) => k !== 'macC2S')) }
      : s,
  );
  expect(seen).toEqual(expected);
}

/**
 * OpenSSH's ssh into a server on `port` answering with scripts/server-checks.mjs:
 * exit statuses, stderr, 4 MiB of stdin hashed by the server, sftp up and
 * back down (to `remoteDir`), and one connection per combination of the sweep.
 */
export async function expectServerAnswers(
  side: ServerSide,
  port: number,
  runtime: string,
  remoteDir: string,
): Promise<void> {
  const whoami = await side.ssh(port, 'whoami');
  expect([whoami.stdout, whoami.status]).toEqual([`${runtime}\n`, 0]);
  const failed = await side.ssh(port, 'no-such-thing');
  expect([failed.stderr.trim().split('\n').pop(), failed.status]).toEqual([
    'no such command: no-such-thing',
    7,
  ]);
  const input = randomBytes(4 << 20);
  const hashed = await side.ssh(port, 'sha256', { input });
  expect(hashed.stdout).toBe(`${sha256(input)} ${input.length}\n`);

  const local = join(side.dir, 'sftp-up.bin');
  writeFileSync(local, randomBytes(3 << 20));
  const sftp = await side.sftp(
    port,
    `put ${local} ${remoteDir}/sftp.bin\nget ${remoteDir}/sftp.bin ${local}.back\nls -l ${remoteDir}\n`,
  );
  expect(sftp.status).toBe(0);
  expect(sha256(readFileSync(`${local}.back`))).toBe(sha256(readFileSync(local)));

  const runs = [];
  for (const c of combinations()) {
    const r = await side.ssh(port, 'whoami', { extra: sshOptionsFor(c) });
    const got = negotiatedBySsh(r.stderr);
    runs.push({
      name: c.name,
      stdout: r.stdout,
      status: r.status,
      kex: got.kex,
      hostKey: got.hostKey,
      cipher: got.cipher,
      mac: AEAD.has(c.cipher) ? undefined : got.mac,
      compressed: got.compression !== 'none',
    });
  }
  expect(runs).toEqual(
    combinations().map((c) => ({
      name: c.name,
      stdout: `${runtime}\n`,
      status: 0,
      kex: c.kex,
      hostKey: c.hostKey,
      cipher: c.cipher,
      mac: AEAD.has(c.cipher) ? undefined : c.mac,
      compressed: c.compression !== 'none',
    })),
  );
}
