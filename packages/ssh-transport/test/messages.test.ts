import { describe, expect, it } from '@jest/globals';
import { WireError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import {
  decodeDebug,
  decodeDisconnect,
  decodeExtInfo,
  decodeKexInit,
  decodePingData,
  decodeService,
  decodeUnimplemented,
  encodeDebug,
  encodeDisconnect,
  encodeExtInfo,
  encodeKexInit,
  encodePing,
  encodeServiceRequest,
  encodeUnimplemented,
  type KexInit,
} from '../src/index.js';

const name = fc.stringMatching(/^[a-z0-9@.-]{1,24}$/);
const names = fc.array(name, { maxLength: 5 });

describe('transport messages', () => {
  it('KEXINIT round trips', () => {
    fc.assert(
      fc.property(
        fc.record({
          cookie: fc.uint8Array({ minLength: 16, maxLength: 16 }),
          kexAlgs: names,
          hostKeyAlgs: names,
          encryptionC2S: names,
          encryptionS2C: names,
          macC2S: names,
          macS2C: names,
          compressionC2S: names,
          compressionS2C: names,
          languagesC2S: names,
          languagesS2C: names,
          firstKexPacketFollows: fc.boolean(),
        }),
        (m: KexInit) => {
          const bytes = encodeKexInit(m);
          expect(bytes[0]).toBe(20);
          expect(decodeKexInit(bytes)).toEqual(m);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the other messages round trip', () => {
    expect(decodeDisconnect(encodeDisconnect({ code: 11, description: 'bye', lang: 'en' }))).toEqual({
      code: 11,
      description: 'bye',
      lang: 'en',
    });
    expect(decodeDebug(encodeDebug({ alwaysDisplay: true, message: 'hi', lang: '' }))).toEqual({
      alwaysDisplay: true,
      message: 'hi',
      lang: '',
    });
    expect(decodeUnimplemented(encodeUnimplemented(0xfffffffe))).toBe(0xfffffffe);
    expect(decodeService(encodeServiceRequest('ssh-userauth'))).toBe('ssh-userauth');
    expect(Array.from(decodePingData(encodePing(Uint8Array.of(1, 2))))).toEqual([1, 2]);
    const ext = decodeExtInfo(encodeExtInfo(new Map([['server-sig-algs', 'ssh-ed25519,rsa-sha2-512']])));
    expect(new TextDecoder().decode(ext.get('server-sig-algs'))).toBe('ssh-ed25519,rsa-sha2-512');
  });

  it('decoders give a value or a WireError on random bytes', () => {
    const decoders = [
      decodeKexInit,
      decodeDisconnect,
      decodeDebug,
      decodeUnimplemented,
      decodeService,
      decodeExtInfo,
      decodePingData,
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(...decoders), (bytes, decode) => {
        try {
          decode(bytes);
        } catch (e) {
          if (!WireError.isInstance(e)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
