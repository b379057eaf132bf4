/**
 * PEM armor (RFC 7468, plus the RFC 1421 encapsulated headers that legacy
 * OpenSSL keys use for `Proc-Type` / `DEK-Info`).
 */
import { decodeBase64, encodeBase64 } from '@sshkit/ssh-wire';
import { KeyImportError } from '../errors.js';

/** One armored block. */
export interface PemBlock {
  /** The label between `BEGIN ` and the dashes, e.g. `RSA PRIVATE KEY`. */
  readonly label: string;
  /** Encapsulated headers (`Proc-Type`, `DEK-Info`, ...) in order; names as written. */
  readonly headers: ReadonlyMap<string, string>;
  /** The decoded body. */
  readonly body: Uint8Array;
}

/** Longest armored text accepted (1 MiB): far above any key, bounds work on hostile input. */
export const MAX_PEM_LENGTH = 1 << 20;

const BEGIN_RE = /^-----BEGIN ([A-Z0-9 ]{1,64})-----[ \t]*$/;
const HEADER_RE = /^([A-Za-z0-9-]{1,64}):[ \t]*(.*)$/;

/** True when `text` holds a PEM BEGIN line. */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]{1,64}-----/.test(text);
}

/**
 * Parses every PEM block in `text` (text outside blocks is ignored, as OpenSSL does).
 * @throws KeyImportError('truncated') for a block without its END line,
 *   KeyImportError('corrupted') for a mismatched END label or bad base64
 */
export function parsePem(text: string): PemBlock[] {
  if (text.length > MAX_PEM_LENGTH) throw new KeyImportError('corrupted', 'PEM: input too large');
  const lines = text.split(/\r?\n/);
  const blocks: PemBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN_RE.exec((lines[i] as string).trim());
    i++;
    if (!begin) continue;
    const label = begin[1] as string;
    const headers = new Map<string, string>();
    let body = '';
    let inHeaders = true;
    let ended = false;
    let lastHeader: string | undefined;
    for (; i < lines.length; i++) {
      const line = lines[i] as string;
      const trimmed = line.trim();
      if (trimmed.startsWith('-----END ')) {
        if (trimmed !== `-----END ${label}-----`) {
          throw new KeyImportError('corrupted', `PEM: END line does not match BEGIN ${label}`);
        }
        ended = true;
        i++;
        break;
      }
      if (inHeaders) {
        const h = HEADER_RE.exec(trimmed);
        if (h && trimmed.length > 0) {
          lastHeader = h[1] as string;
          headers.set(lastHeader, (h[2] as string).trim());
          continue;
        }
        if (lastHeader !== undefined && /^[ \t]/.test(line) && trimmed.length > 0) {
          headers.set(lastHeader, `${headers.get(lastHeader) ?? ''}${trimmed}`);
          continue;
        }
        inHeaders = false;
        if (trimmed.length === 0) continue;
      }
      body += trimmed;
    }
    if (!ended) throw new KeyImportError('truncated', `PEM: no END line for ${label}`);
    let decoded: Uint8Array;
    try {
      decoded = decodeBase64(body);
    } catch (cause) {
      throw new KeyImportError('corrupted', `PEM: ${label} body is not base64`, { cause });
    }
    blocks.push({ label, headers, body: decoded });
  }
  return blocks;
}

/**
 * Armors `body` under `label`, 64 base64 characters per line (RFC 7468 §2).
 * @param headers - optional RFC 1421 headers written before a blank line
 */
export function encodePem(label: string, body: Uint8Array, headers?: ReadonlyMap<string, string>): string {
  const b64 = encodeBase64(body);
  let out = `-----BEGIN ${label}-----\n`;
  if (headers && headers.size > 0) {
    for (const [k, v] of headers) out += `${k}: ${v}\n`;
    out += '\n';
  }
  for (let i = 0; i < b64.length; i += 64) out += `${b64.slice(i, i + 64)}\n`;
  return `${out}-----END ${label}-----\n`;
}
