import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeChannelOpen,
  decodeChannelOpenConfirmation,
  decodeChannelOpenFailure,
  decodeChannelRequest,
  decodeConnectionMessage,
  decodeDirectStreamlocalOpenData,
  decodeEnvRequest,
  decodeExitSignal,
  decodeForwardedStreamlocalOpenData,
  decodeGlobalRequest,
  decodePtyRequest,
  decodeStringList,
  decodeTcpipForward,
  decodeTcpipForwardReply,
  decodeTcpipOpenData,
  decodeTerminalModes,
  decodeWindowChange,
  decodeX11OpenData,
  decodeX11Request,
  encodeChannelClose,
  encodeChannelData,
  encodeChannelEof,
  encodeChannelExtendedData,
  encodeChannelFailure,
  encodeChannelOpen,
  encodeChannelOpenConfirmation,
  encodeChannelOpenFailure,
  encodeChannelRequest,
  encodeChannelSuccess,
  encodeDirectStreamlocalOpenData,
  encodeEnvRequest,
  encodeExitSignal,
  encodeForwardedStreamlocalOpenData,
  encodeGlobalRequest,
  encodePtyRequest,
  encodeRequestFailure,
  encodeRequestSuccess,
  encodeStringList,
  encodeTcpipForward,
  encodeTcpipForwardReply,
  encodeTcpipOpenData,
  encodeTerminalModes,
  encodeWindowAdjust,
  encodeWindowChange,
  encodeX11OpenData,
  encodeX11Request,
} from '../src/index.js';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const text = fc.string({ maxLength: 40 });
const bytes = fc.uint8Array({ maxLength: 64 });
const size = fc.tuple(u32, u32, u32, u32);
const modes = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 159 }), u32), { maxLength: 10 })
  .map((e) => new Map(e));

describe('encode/decode round trips', () => {
  test('global request, success, failure', () => {
    fc.assert(
      fc.property(text, fc.boolean(), bytes, (name, want, data) => {
        expect(decodeGlobalRequest(encodeGlobalRequest(name, want, data))).toEqual({
          name,
          wantReply: want,
          data,
        });
        expect(decodeConnectionMessage(encodeRequestSuccess(data))).toEqual({ type: 81, data });
        expect(decodeConnectionMessage(encodeRequestFailure())).toEqual({ type: 82 });
      }),
    );
  });

  test('channel open, confirmation, failure', () => {
    fc.assert(
      fc.property(text, u32, u32, u32, bytes, text, (channelType, a, b, c, data, desc) => {
        const open = { channelType, senderChannel: a, initialWindow: b, maxPacket: c, data };
        expect(decodeChannelOpen(encodeChannelOpen(open))).toEqual(open);
        const conf = { recipientChannel: a, senderChannel: b, initialWindow: c, maxPacket: a, data };
        expect(decodeChannelOpenConfirmation(encodeChannelOpenConfirmation(conf))).toEqual(conf);
        const fail = { recipientChannel: a, code: b, description: desc, lang: channelType };
        expect(decodeChannelOpenFailure(encodeChannelOpenFailure(fail))).toEqual(fail);
      }),
    );
  });

  test('data, extended data, window adjust, eof, close, request, success, failure', () => {
    fc.assert(
      fc.property(u32, u32, bytes, text, fc.boolean(), (id, n, data, type, want) => {
        expect(decodeConnectionMessage(encodeChannelData(id, data))).toEqual({
          type: 94,
          recipientChannel: id,
          data,
        });
        expect(decodeConnectionMessage(encodeChannelExtendedData(id, n, data))).toEqual({
          type: 95,
          recipientChannel: id,
          dataType: n,
          data,
        });
        expect(decodeConnectionMessage(encodeWindowAdjust(id, n))).toEqual({
          type: 93,
          recipientChannel: id,
          bytesToAdd: n,
        });
        expect(decodeConnectionMessage(encodeChannelEof(id))).toEqual({ type: 96, recipientChannel: id });
        expect(decodeConnectionMessage(encodeChannelClose(id))).toEqual({ type: 97, recipientChannel: id });
        expect(decodeConnectionMessage(encodeChannelSuccess(id))).toEqual({ type: 99, recipientChannel: id });
        expect(decodeConnectionMessage(encodeChannelFailure(id))).toEqual({
          type: 100,
          recipientChannel: id,
        });
        const req = { recipientChannel: id, requestType: type, wantReply: want, data };
        expect(decodeChannelRequest(encodeChannelRequest(req))).toEqual(req);
      }),
    );
  });

  test('type-specific data', () => {
    fc.assert(
      fc.property(text, u32, text, u32, size, modes, fc.boolean(), (host, port, orig, oport, sz, m, b) => {
        const t = { host, port, origHost: orig, origPort: oport };
        expect(decodeTcpipOpenData(encodeTcpipOpenData(t))).toEqual(t);
        expect(decodeDirectStreamlocalOpenData(encodeDirectStreamlocalOpenData(host))).toEqual({
          path: host,
        });
        expect(decodeForwardedStreamlocalOpenData(encodeForwardedStreamlocalOpenData(host))).toEqual({
          path: host,
        });
        expect(decodePtyRequest(encodePtyRequest({ term: host, size: sz, modes: m }))).toEqual({
          term: host,
          size: sz,
          modes: m,
        });
        expect(decodeTerminalModes(encodeTerminalModes(m))).toEqual(m);
        const x = { singleConnection: b, authProtocol: host, authCookie: orig, screen: port };
        expect(decodeX11Request(encodeX11Request(x))).toEqual(x);
        expect(decodeX11OpenData(encodeX11OpenData({ origHost: orig, origPort: oport }))).toEqual({
          origHost: orig,
          origPort: oport,
        });
        expect(decodeEnvRequest(encodeEnvRequest(host, orig))).toEqual({ name: host, value: orig });
        expect(decodeWindowChange(encodeWindowChange(sz))).toEqual(sz);
        const sig = { signal: host, coreDumped: b, message: orig, lang: '' };
        expect(decodeExitSignal(encodeExitSignal(sig))).toEqual(sig);
        expect(decodeTcpipForward(encodeTcpipForward(host, port))).toEqual({ host, port });
        expect(decodeTcpipForwardReply(encodeTcpipForwardReply(port))).toBe(port);
      }),
    );
  });

  test('string lists (hostkeys)', () => {
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 5 }), (list) =>
        expect(decodeStringList(encodeStringList(list))).toEqual(list),
      ),
    );
  });

  test('terminal modes stop at TTY_OP_END and at opcodes 160-255', () => {
    expect(decodeTerminalModes(Uint8Array.of(53, 0, 0, 0, 1, 0, 54, 0, 0, 0, 1))).toEqual(new Map([[53, 1]]));
    expect(decodeTerminalModes(Uint8Array.of(53, 0, 0, 0, 1, 200, 1))).toEqual(new Map([[53, 1]]));
    expect(() => decodeTerminalModes(Uint8Array.of(53, 0, 0))).toThrow(
      expect.objectContaining({ name: 'WireError' }),
    );
    expect(() => encodeTerminalModes({ 0: 1 })).toThrow(RangeError);
  });
});
