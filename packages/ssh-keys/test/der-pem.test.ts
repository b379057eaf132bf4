import { describe, expect, it } from '@jest/globals';
import { KeyImportError } from '../src/errors.js';
import {
  DerReader,
  decodeOid,
  derBitString,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  MAX_DER_DEPTH,
} from '../src/formats/der.js';
import { encodePem, parsePem } from '../src/formats/pem.js';

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (KeyImportError.isInstance(e)) return e.reason;
    throw e;
  }
  return undefined;
}

describe('DER writer/reader', () => {
  it('encodes integers minimally, with a leading zero for the high bit (X.690 §8.3)', () => {
    expect(Array.from(derInteger(0))).toEqual([2, 1, 0]);
    expect(Array.from(derInteger(127))).toEqual([2, 1, 0x7f]);
    expect(Array.from(derInteger(128))).toEqual([2, 2, 0, 0x80]);
    expect(Array.from(derInteger(256))).toEqual([2, 2, 1, 0]);
  });

  it('uses long-form lengths above 127 bytes', () => {
    const big = derOctetString(new Uint8Array(300));
    expect(Array.from(big.subarray(0, 4))).toEqual([4, 0x82, 1, 44]);
    expect(new DerReader(big).octetString().length).toBe(300);
  });

  it('round-trips OIDs, including multi-byte arcs', () => {
    for (const oid of [
      '1.2.840.113549.1.1.1',
      '1.3.101.112',
      '1.2.840.10045.3.1.7',
      '2.16.840.1.101.3.4.1.42',
    ]) {
      expect(new DerReader(derOid(oid)).oid()).toBe(oid);
    }
    expect(Array.from(derOid('1.2.840.113549'))).toEqual([6, 6, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]);
  });

  it('reads a nested structure', () => {
    const der = derSequence(
      derInteger(5),
      derExplicit(0, derOid('1.3.101.112')),
      derBitString(Uint8Array.of(9)),
      derNull(),
    );
    const top = new DerReader(der);
    const s = top.sequence();
    expect(s.integer()).toBe(5n);
    expect(s.isContext(0)).toBe(true);
    const inner = s.explicit(0);
    expect(inner.oid()).toBe('1.3.101.112');
    inner.end();
    expect(Array.from(s.bitString())).toEqual([9]);
    s.null();
    s.end();
    top.end();
  });

  it.each([
    ['truncated header', [0x30], 'truncated'],
    ['contents past the end', [0x04, 0x05, 1, 2], 'truncated'],
    ['indefinite length', [0x30, 0x80, 0, 0], 'corrupted'],
    ['non-minimal long length', [0x04, 0x81, 0x01, 0x00], 'corrupted'],
    ['5-byte length', [0x04, 0x85, 0, 0, 0, 0, 1], 'corrupted'],
    ['multi-byte tag', [0x1f, 0x01, 0x00], 'corrupted'],
  ])('rejects %s', (_name, bytes, reason) => {
    expect(reasonOf(() => new DerReader(Uint8Array.from(bytes)).next())).toBe(reason);
  });

  it.each([
    ['non-minimal integer', [0x02, 0x02, 0x00, 0x01]],
    ['negative integer', [0x02, 0x01, 0x80]],
    ['empty integer', [0x02, 0x00]],
  ])('rejects a %s', (_name, bytes) => {
    expect(reasonOf(() => new DerReader(Uint8Array.from(bytes)).integer())).toBe('corrupted');
  });

  it('rejects a wrong tag, trailing data, bad BIT STRING padding and bad OIDs', () => {
    expect(reasonOf(() => new DerReader(derNull()).integer())).toBe('corrupted');
    expect(reasonOf(() => new DerReader(new Uint8Array(0)).integer())).toBe('truncated');
    expect(reasonOf(() => new DerReader(Uint8Array.of(5, 0, 5, 0)).end())).toBe('corrupted');
    expect(reasonOf(() => new DerReader(Uint8Array.of(3, 2, 1, 0)).bitString())).toBe('corrupted');
    expect(reasonOf(() => decodeOid(Uint8Array.of(0x2a, 0x86)))).toBe('truncated');
    expect(reasonOf(() => decodeOid(Uint8Array.of(0x2a, 0x80, 0x01)))).toBe('corrupted');
  });

  it(`stops at nesting depth ${MAX_DER_DEPTH}`, () => {
    let der = derNull();
    for (let i = 0; i < MAX_DER_DEPTH + 2; i++) der = derSequence(der);
    const walk = () => {
      let r = new DerReader(der);
      for (;;) r = r.sequence();
    };
    expect(reasonOf(walk)).toBe('corrupted');
  });
});

describe('PEM', () => {
  it('round-trips with 64-column lines', () => {
    const body = Uint8Array.from({ length: 100 }, (_, i) => i);
    const text = encodePem('PRIVATE KEY', body);
    expect(text.split('\n')[1]).toHaveLength(64);
    const [block] = parsePem(`junk before\n${text}junk after\n`);
    expect(block?.label).toBe('PRIVATE KEY');
    expect(Array.from(block?.body ?? [])).toEqual(Array.from(body));
    expect(block?.headers.size).toBe(0);
  });

  it('reads RFC 1421 headers, CRLF line ends and several blocks', () => {
    const text =
      '-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,\r\n 00112233\r\n\r\nAQID\r\n-----END RSA PRIVATE KEY-----\r\n' +
      encodePem('PUBLIC KEY', Uint8Array.of(4, 5));
    const blocks = parsePem(text);
    expect(blocks.map((b) => b.label)).toEqual(['RSA PRIVATE KEY', 'PUBLIC KEY']);
    expect(blocks[0]?.headers.get('Proc-Type')).toBe('4,ENCRYPTED');
    expect(blocks[0]?.headers.get('DEK-Info')).toBe('AES-128-CBC,00112233');
    expect(Array.from(blocks[0]?.body ?? [])).toEqual([1, 2, 3]);
  });

  it('rejects a missing END, a mismatched END and a bad body', () => {
    expect(reasonOf(() => parsePem('-----BEGIN X-----\nAQID\n'))).toBe('truncated');
    expect(reasonOf(() => parsePem('-----BEGIN X-----\nAQID\n-----END Y-----\n'))).toBe('corrupted');
    expect(reasonOf(() => parsePem('-----BEGIN X-----\nA*ID\n-----END X-----\n'))).toBe('corrupted');
  });
});
