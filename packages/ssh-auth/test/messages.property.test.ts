import { describe, expect, it } from '@jest/globals';
import { ProtocolError } from '@sshkit/ssh-transport';
import { WireError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import {
  decodeUserauthBanner,
  decodeUserauthFailure,
  decodeUserauthInfoRequest,
  decodeUserauthInfoResponse,
  decodeUserauthPasswdChangereq,
  decodeUserauthPkOk,
  decodeUserauthRequest,
  decodeUserauthSuccess,
  encodeUserauthBanner,
  encodeUserauthFailure,
  encodeUserauthInfoRequest,
  encodeUserauthInfoResponse,
  encodeUserauthPasswdChangereq,
  encodeUserauthPkOk,
  encodeUserauthRequest,
  encodeUserauthSuccess,
  MAX_KBDINT_PROMPTS,
  type UserauthRequest,
} from '../src/index.js';

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const bytes = fc.uint8Array({ maxLength: 40 });
const name = fc.stringMatching(/^[a-z][a-z0-9@.-]{0,15}$/);
const head = { username: text, service: text };

const request: fc.Arbitrary<UserauthRequest> = fc.oneof(
  fc.record({ kind: fc.constant('none' as const), ...head }),
  fc.record({ kind: fc.constant('password' as const), ...head, password: text }),
  fc.record({ kind: fc.constant('password' as const), ...head, password: text, newPassword: text }),
  fc.record({ kind: fc.constant('publickey' as const), ...head, algorithm: name, publicKey: bytes }),
  fc.record({
    kind: fc.constant('publickey' as const),
    ...head,
    algorithm: name,
    publicKey: bytes,
    signature: bytes,
  }),
  fc.record({
    kind: fc.constant('keyboard-interactive' as const),
    ...head,
    language: text,
    submethods: text,
  }),
  fc.record({
    kind: fc.constant('hostbased' as const),
    ...head,
    algorithm: name,
    publicKey: bytes,
    clientHost: name,
    clientUsername: text,
    signature: bytes,
  }),
  fc.record({
    kind: fc.constant('other' as const),
    ...head,
    method: name.filter(
      (m) => !['none', 'password', 'publickey', 'keyboard-interactive', 'hostbased'].includes(m),
    ),
    data: bytes,
  }),
);

describe('messages: decode(encode(x)) ≡ x', () => {
  it('USERAUTH_REQUEST, every method', () => {
    fc.assert(
      fc.property(request, (req) => expect(decodeUserauthRequest(encodeUserauthRequest(req))).toEqual(req)),
    );
  });

  it('FAILURE, BANNER, PK_OK, PASSWD_CHANGEREQ, INFO_REQUEST, INFO_RESPONSE, SUCCESS', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 5 }), fc.boolean(), (methods, partialSuccess) => {
        const m = { methods, partialSuccess };
        expect(decodeUserauthFailure(encodeUserauthFailure(m))).toEqual(m);
      }),
    );
    fc.assert(
      fc.property(text, text, (message, language) => {
        expect(decodeUserauthBanner(encodeUserauthBanner({ message, language }))).toEqual({
          message,
          language,
        });
        expect(
          decodeUserauthPasswdChangereq(encodeUserauthPasswdChangereq({ prompt: message, language })),
        ).toEqual({
          prompt: message,
          language,
        });
      }),
    );
    fc.assert(
      fc.property(name, bytes, (algorithm, publicKey) => {
        expect(decodeUserauthPkOk(encodeUserauthPkOk({ algorithm, publicKey }))).toEqual({
          algorithm,
          publicKey,
        });
      }),
    );
    fc.assert(
      fc.property(
        text,
        text,
        text,
        fc.array(fc.tuple(text, fc.boolean()), { maxLength: 5 }),
        (n, i, l, prompts) => {
          const m = { name: n, instruction: i, language: l, prompts };
          expect(decodeUserauthInfoRequest(encodeUserauthInfoRequest(m))).toEqual(m);
        },
      ),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), (responses) => {
        expect(decodeUserauthInfoResponse(encodeUserauthInfoResponse(responses))).toEqual(responses);
      }),
    );
    expect(() => decodeUserauthSuccess(encodeUserauthSuccess())).not.toThrow();
  });

  it('the RFC 4252 §5.1 FAILURE layout, byte for byte', () => {
    expect([...encodeUserauthFailure({ methods: ['publickey', 'password'], partialSuccess: true })]).toEqual([
      51,
      0,
      0,
      0,
      18,
      ...new TextEncoder().encode('publickey,password'),
      1,
    ]);
  });

  it('the RFC 4252 §9 hostbased request layout, byte for byte', () => {
    const str = (b: readonly number[]) => [0, 0, 0, b.length, ...b];
    const ascii = (t: string) => [...new TextEncoder().encode(t)];
    const encoded = encodeUserauthRequest({
      kind: 'hostbased',
      username: 'u',
      service: 's',
      algorithm: 'ssh-ed25519',
      publicKey: Uint8Array.of(1, 2),
      clientHost: 'h.example.',
      clientUsername: 'é',
      signature: Uint8Array.of(9),
    });
    expect([...encoded]).toEqual([
      50,
      ...str(ascii('u')),
      ...str(ascii('s')),
      ...str(ascii('hostbased')),
      ...str(ascii('ssh-ed25519')),
      ...str([1, 2]),
      ...str(ascii('h.example.')),
      ...str([0xc3, 0xa9]),
      ...str([9]),
    ]);
  });

  it('hostbased: every truncation and any trailing byte is a WireError', () => {
    const full = encodeUserauthRequest({
      kind: 'hostbased',
      username: 'alice',
      service: 'ssh-connection',
      algorithm: 'ssh-ed25519',
      publicKey: Uint8Array.of(1, 2, 3),
      clientHost: 'client.example.com.',
      clientUsername: 'alice',
      signature: Uint8Array.of(4, 5, 6),
    });
    const methodEnd = 1 + (4 + 5) + (4 + 14) + (4 + 9);
    for (let cut = methodEnd; cut < full.length; cut++) {
      expect(() => decodeUserauthRequest(full.subarray(0, cut))).toThrow(WireError);
    }
    expect(() => decodeUserauthRequest(Uint8Array.of(...full, 0))).toThrow(WireError);
  });

  it('hostbased: random bytes after the method name throw only WireError', () => {
    const prefix = encodeUserauthRequest({
      kind: 'other',
      username: 'alice',
      service: 'ssh-connection',
      method: 'hostbased',
      data: new Uint8Array(0),
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (body) => {
        try {
          expect(decodeUserauthRequest(Uint8Array.of(...prefix, ...body)).kind).toBe('hostbased');
        } catch (e) {
          expect(WireError.isInstance(e)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses too many prompts on both sides', () => {
    const prompts = Array.from({ length: MAX_KBDINT_PROMPTS + 1 }, () => ['p', false] as const);
    expect(() => encodeUserauthInfoRequest({ name: '', instruction: '', language: '', prompts })).toThrow(
      RangeError,
    );
    const forged = Uint8Array.of(60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101);
    expect(() => decodeUserauthInfoRequest(forged)).toThrow(ProtocolError);
  });
});

describe('messages fuzz: decoders throw only WireError or ProtocolError', () => {
  const decoders = [
    decodeUserauthRequest,
    decodeUserauthFailure,
    decodeUserauthSuccess,
    decodeUserauthBanner,
    decodeUserauthPkOk,
    decodeUserauthPasswdChangereq,
    decodeUserauthInfoRequest,
    decodeUserauthInfoResponse,
  ];
  it('random bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...decoders),
        fc.integer({ min: 50, max: 61 }),
        fc.uint8Array({ maxLength: 80 }),
        (decode, type, body) => {
          try {
            decode(Uint8Array.of(type, ...body));
          } catch (e) {
            expect(WireError.isInstance(e) || ProtocolError.isInstance(e)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
