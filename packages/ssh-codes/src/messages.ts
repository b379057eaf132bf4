/**
 * SSH message numbers (RFC 4250 §4.1 and the IANA registry, plus the
 * method-specific numbers of RFC 4253, 4419, 5656, 4462, 4252, 4256, the ML-KEM
 * hybrid draft, and OpenSSH's ping/pong).
 *
 * Numbers 30 to 49 belong to the negotiated key exchange method and 60 to 79 to
 * the current user authentication method, so several messages share a number
 * (30 is `SSH_MSG_KEXDH_INIT`, `SSH_MSG_KEX_ECDH_INIT`, `SSH_MSG_KEX_DH_GEX_REQUEST_OLD`, ...).
 * Each method gets its own table in {@link METHOD_MESSAGES}, and
 * {@link messageName} takes an optional {@link MessageContext} to pick it.
 * Without a context, a shared number gets a fixed default: the name the IANA
 * registry lists (60 and 61: keyboard-interactive), otherwise the
 * earliest-published method (30 and 31: RFC 4253 Diffie-Hellman; 32 to 34:
 * RFC 4419 group exchange; 40, 41 and 63 to 66: RFC 4462 GSS-API).
 */
import { type CodeInfo, type CodeTable, defineCodeTable, unknownCode } from './table.js';

/**
 * Which key exchange or user authentication method a method-specific message
 * number (30 to 49, 60 to 79) belongs to.
 *
 * - `'dh'`: fixed-group Diffie-Hellman (RFC 4253 §8), e.g. diffie-hellman-group14-sha256
 * - `'gex'`: Diffie-Hellman group exchange (RFC 4419)
 * - `'ecdh'`: ECDH and Curve25519/Curve448 (RFC 5656, RFC 8731)
 * - `'hybrid'`: ML-KEM hybrids such as mlkem768x25519-sha256 (draft-ietf-sshm-mlkem-hybrid-kex)
 * - `'gss'`: GSS-API key exchange (RFC 4462 §2)
 * - `'userauth-publickey'`, `'userauth-password'`, `'userauth-kbdint'`, `'userauth-gssapi'`:
 *   the publickey and password methods (RFC 4252), keyboard-interactive (RFC 4256),
 *   gssapi-with-mic (RFC 4462 §3)
 */
export type MessageContext =
  | 'dh'
  | 'gex'
  | 'ecdh'
  | 'hybrid'
  | 'gss'
  | 'userauth-publickey'
  | 'userauth-password'
  | 'userauth-kbdint'
  | 'userauth-gssapi';

/**
 * A row of a message table: a {@link CodeInfo} with the defining section and,
 * for method-specific numbers, the method.
 */
export interface MessageInfo extends CodeInfo {
  /** The section that defines the message, e.g. `'RFC 4253 §11.1'`. */
  readonly reference: string;
  /** The method a method-specific message belongs to; absent for generic messages. */
  readonly context?: MessageContext;
}

/** `SSH_MSG_DISCONNECT` = 1: Disconnect. */
export const MSG_DISCONNECT = 1;
/** `SSH_MSG_IGNORE` = 2: Ignore. */
export const MSG_IGNORE = 2;
/** `SSH_MSG_UNIMPLEMENTED` = 3: Unimplemented. */
export const MSG_UNIMPLEMENTED = 3;
/** `SSH_MSG_DEBUG` = 4: Debug. */
export const MSG_DEBUG = 4;
/** `SSH_MSG_SERVICE_REQUEST` = 5: Service request. */
export const MSG_SERVICE_REQUEST = 5;
/** `SSH_MSG_SERVICE_ACCEPT` = 6: Service accept. */
export const MSG_SERVICE_ACCEPT = 6;
/** `SSH_MSG_EXT_INFO` = 7: Extension info. */
export const MSG_EXT_INFO = 7;
/** `SSH_MSG_NEWCOMPRESS` = 8: New compression. */
export const MSG_NEWCOMPRESS = 8;
/** `SSH_MSG_KEXINIT` = 20: Key exchange init. */
export const MSG_KEXINIT = 20;
/** `SSH_MSG_NEWKEYS` = 21: New keys. */
export const MSG_NEWKEYS = 21;
/** `SSH_MSG_KEXDH_INIT` = 30: Diffie-Hellman init (dh). */
export const MSG_KEXDH_INIT = 30;
/** `SSH_MSG_KEXDH_REPLY` = 31: Diffie-Hellman reply (dh). */
export const MSG_KEXDH_REPLY = 31;
/** `SSH_MSG_KEX_DH_GEX_REQUEST_OLD` = 30: Group exchange request (old) (gex). */
export const MSG_KEX_DH_GEX_REQUEST_OLD = 30;
/** `SSH_MSG_KEX_DH_GEX_GROUP` = 31: Group exchange group (gex). */
export const MSG_KEX_DH_GEX_GROUP = 31;
/** `SSH_MSG_KEX_DH_GEX_INIT` = 32: Group exchange init (gex). */
export const MSG_KEX_DH_GEX_INIT = 32;
/** `SSH_MSG_KEX_DH_GEX_REPLY` = 33: Group exchange reply (gex). */
export const MSG_KEX_DH_GEX_REPLY = 33;
/** `SSH_MSG_KEX_DH_GEX_REQUEST` = 34: Group exchange request (gex). */
export const MSG_KEX_DH_GEX_REQUEST = 34;
/** `SSH_MSG_KEX_ECDH_INIT` = 30: ECDH init (ecdh). */
export const MSG_KEX_ECDH_INIT = 30;
/** `SSH_MSG_KEX_ECDH_REPLY` = 31: ECDH reply (ecdh). */
export const MSG_KEX_ECDH_REPLY = 31;
/** `SSH_MSG_KEX_HYBRID_INIT` = 30: Hybrid key exchange init (hybrid). */
export const MSG_KEX_HYBRID_INIT = 30;
/** `SSH_MSG_KEX_HYBRID_REPLY` = 31: Hybrid key exchange reply (hybrid). */
export const MSG_KEX_HYBRID_REPLY = 31;
/** `SSH_MSG_KEXGSS_INIT` = 30: GSS-API key exchange init (gss). */
export const MSG_KEXGSS_INIT = 30;
/** `SSH_MSG_KEXGSS_CONTINUE` = 31: GSS-API continue (gss). */
export const MSG_KEXGSS_CONTINUE = 31;
/** `SSH_MSG_KEXGSS_COMPLETE` = 32: GSS-API complete (gss). */
export const MSG_KEXGSS_COMPLETE = 32;
/** `SSH_MSG_KEXGSS_HOSTKEY` = 33: GSS-API host key (gss). */
export const MSG_KEXGSS_HOSTKEY = 33;
/** `SSH_MSG_KEXGSS_ERROR` = 34: GSS-API error (gss). */
export const MSG_KEXGSS_ERROR = 34;
/** `SSH_MSG_KEXGSS_GROUPREQ` = 40: GSS-API group request (gss). */
export const MSG_KEXGSS_GROUPREQ = 40;
/** `SSH_MSG_KEXGSS_GROUP` = 41: GSS-API group (gss). */
export const MSG_KEXGSS_GROUP = 41;
/** `SSH_MSG_USERAUTH_REQUEST` = 50: Authentication request. */
export const MSG_USERAUTH_REQUEST = 50;
/** `SSH_MSG_USERAUTH_FAILURE` = 51: Authentication failure. */
export const MSG_USERAUTH_FAILURE = 51;
/** `SSH_MSG_USERAUTH_SUCCESS` = 52: Authentication success. */
export const MSG_USERAUTH_SUCCESS = 52;
/** `SSH_MSG_USERAUTH_BANNER` = 53: Authentication banner. */
export const MSG_USERAUTH_BANNER = 53;
/** `SSH_MSG_USERAUTH_PK_OK` = 60: Public key OK (userauth-publickey). */
export const MSG_USERAUTH_PK_OK = 60;
/** `SSH_MSG_USERAUTH_PASSWD_CHANGEREQ` = 60: Password change request (userauth-password). */
export const MSG_USERAUTH_PASSWD_CHANGEREQ = 60;
/** `SSH_MSG_USERAUTH_INFO_REQUEST` = 60: Keyboard-interactive request (userauth-kbdint). */
export const MSG_USERAUTH_INFO_REQUEST = 60;
/** `SSH_MSG_USERAUTH_INFO_RESPONSE` = 61: Keyboard-interactive response (userauth-kbdint). */
export const MSG_USERAUTH_INFO_RESPONSE = 61;
/** `SSH_MSG_USERAUTH_GSSAPI_RESPONSE` = 60: GSS-API response (userauth-gssapi). */
export const MSG_USERAUTH_GSSAPI_RESPONSE = 60;
/** `SSH_MSG_USERAUTH_GSSAPI_TOKEN` = 61: GSS-API token (userauth-gssapi). */
export const MSG_USERAUTH_GSSAPI_TOKEN = 61;
/** `SSH_MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE` = 63: GSS-API exchange complete (userauth-gssapi). */
export const MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE = 63;
/** `SSH_MSG_USERAUTH_GSSAPI_ERROR` = 64: GSS-API error (userauth-gssapi). */
export const MSG_USERAUTH_GSSAPI_ERROR = 64;
/** `SSH_MSG_USERAUTH_GSSAPI_ERRTOK` = 65: GSS-API error token (userauth-gssapi). */
export const MSG_USERAUTH_GSSAPI_ERRTOK = 65;
/** `SSH_MSG_USERAUTH_GSSAPI_MIC` = 66: GSS-API MIC (userauth-gssapi). */
export const MSG_USERAUTH_GSSAPI_MIC = 66;
/** `SSH_MSG_GLOBAL_REQUEST` = 80: Global request. */
export const MSG_GLOBAL_REQUEST = 80;
/** `SSH_MSG_REQUEST_SUCCESS` = 81: Request success. */
export const MSG_REQUEST_SUCCESS = 81;
/** `SSH_MSG_REQUEST_FAILURE` = 82: Request failure. */
export const MSG_REQUEST_FAILURE = 82;
/** `SSH_MSG_CHANNEL_OPEN` = 90: Channel open. */
export const MSG_CHANNEL_OPEN = 90;
/** `SSH_MSG_CHANNEL_OPEN_CONFIRMATION` = 91: Channel open confirmation. */
export const MSG_CHANNEL_OPEN_CONFIRMATION = 91;
/** `SSH_MSG_CHANNEL_OPEN_FAILURE` = 92: Channel open failure. */
export const MSG_CHANNEL_OPEN_FAILURE = 92;
/** `SSH_MSG_CHANNEL_WINDOW_ADJUST` = 93: Window adjust. */
export const MSG_CHANNEL_WINDOW_ADJUST = 93;
/** `SSH_MSG_CHANNEL_DATA` = 94: Channel data. */
export const MSG_CHANNEL_DATA = 94;
/** `SSH_MSG_CHANNEL_EXTENDED_DATA` = 95: Channel extended data. */
export const MSG_CHANNEL_EXTENDED_DATA = 95;
/** `SSH_MSG_CHANNEL_EOF` = 96: Channel EOF. */
export const MSG_CHANNEL_EOF = 96;
/** `SSH_MSG_CHANNEL_CLOSE` = 97: Channel close. */
export const MSG_CHANNEL_CLOSE = 97;
/** `SSH_MSG_CHANNEL_REQUEST` = 98: Channel request. */
export const MSG_CHANNEL_REQUEST = 98;
/** `SSH_MSG_CHANNEL_SUCCESS` = 99: Channel success. */
export const MSG_CHANNEL_SUCCESS = 99;
/** `SSH_MSG_CHANNEL_FAILURE` = 100: Channel failure. */
export const MSG_CHANNEL_FAILURE = 100;
/** `SSH2_MSG_PING` = 192: Ping. */
export const MSG_PING = 192;
/** `SSH2_MSG_PONG` = 193: Pong. */
export const MSG_PONG = 193;

/** First number of the range reserved for key exchange method specific messages (RFC 4250 §4.1.2). */
export const MSG_KEX_FIRST = 30;
/** Last number of the range reserved for key exchange method specific messages. */
export const MSG_KEX_LAST = 49;
/** First number of the range reserved for user authentication method specific messages (RFC 4250 §4.1.2). */
export const MSG_USERAUTH_FIRST = 60;
/** Last number of the range reserved for user authentication method specific messages. */
export const MSG_USERAUTH_LAST = 79;

/**
 * Message numbers keyed by their name without the `SSH_MSG_` prefix; shared method-specific numbers appear under each of their names.
 *
 * @example
 * ```ts
 * import { MSG } from '@sshkit/ssh-codes';
 * MSG.KEXINIT;       // 20
 * MSG.KEX_ECDH_INIT; // 30
 * ```
 */
export const MSG = /* @__PURE__ */ Object.freeze({
  DISCONNECT: 1,
  IGNORE: 2,
  UNIMPLEMENTED: 3,
  DEBUG: 4,
  SERVICE_REQUEST: 5,
  SERVICE_ACCEPT: 6,
  EXT_INFO: 7,
  NEWCOMPRESS: 8,
  KEXINIT: 20,
  NEWKEYS: 21,
  KEXDH_INIT: 30,
  KEXDH_REPLY: 31,
  KEX_DH_GEX_REQUEST_OLD: 30,
  KEX_DH_GEX_GROUP: 31,
  KEX_DH_GEX_INIT: 32,
  KEX_DH_GEX_REPLY: 33,
  KEX_DH_GEX_REQUEST: 34,
  KEX_ECDH_INIT: 30,
  KEX_ECDH_REPLY: 31,
  KEX_HYBRID_INIT: 30,
  KEX_HYBRID_REPLY: 31,
  KEXGSS_INIT: 30,
  KEXGSS_CONTINUE: 31,
  KEXGSS_COMPLETE: 32,
  KEXGSS_HOSTKEY: 33,
  KEXGSS_ERROR: 34,
  KEXGSS_GROUPREQ: 40,
  KEXGSS_GROUP: 41,
  USERAUTH_REQUEST: 50,
  USERAUTH_FAILURE: 51,
  USERAUTH_SUCCESS: 52,
  USERAUTH_BANNER: 53,
  USERAUTH_PK_OK: 60,
  USERAUTH_PASSWD_CHANGEREQ: 60,
  USERAUTH_INFO_REQUEST: 60,
  USERAUTH_INFO_RESPONSE: 61,
  USERAUTH_GSSAPI_RESPONSE: 60,
  USERAUTH_GSSAPI_TOKEN: 61,
  USERAUTH_GSSAPI_EXCHANGE_COMPLETE: 63,
  USERAUTH_GSSAPI_ERROR: 64,
  USERAUTH_GSSAPI_ERRTOK: 65,
  USERAUTH_GSSAPI_MIC: 66,
  GLOBAL_REQUEST: 80,
  REQUEST_SUCCESS: 81,
  REQUEST_FAILURE: 82,
  CHANNEL_OPEN: 90,
  CHANNEL_OPEN_CONFIRMATION: 91,
  CHANNEL_OPEN_FAILURE: 92,
  CHANNEL_WINDOW_ADJUST: 93,
  CHANNEL_DATA: 94,
  CHANNEL_EXTENDED_DATA: 95,
  CHANNEL_EOF: 96,
  CHANNEL_CLOSE: 97,
  CHANNEL_REQUEST: 98,
  CHANNEL_SUCCESS: 99,
  CHANNEL_FAILURE: 100,
  PING: 192,
  PONG: 193,
} as const);
/** A message number listed by this package. */
export type MessageNumber = (typeof MSG)[keyof typeof MSG];

/** The messages of diffie-hellman-group14-sha256 and the other fixed-group methods (context `'dh'`). */
const KEX_DH_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Diffie-Hellman key exchange messages',
  reference: 'RFC 4253 §8',
  rows: [
    {
      code: MSG_KEXDH_INIT,
      name: 'SSH_MSG_KEXDH_INIT',
      alias: 'MSG_KEXDH_INIT',
      title: 'Diffie-Hellman init',
      description: 'The client sends its Diffie-Hellman public value.',
      reference: 'RFC 4253 §8',
      context: 'dh',
    },
    {
      code: MSG_KEXDH_REPLY,
      name: 'SSH_MSG_KEXDH_REPLY',
      alias: 'MSG_KEXDH_REPLY',
      title: 'Diffie-Hellman reply',
      description:
        'The server sends its host key, its Diffie-Hellman public value and a signature over the exchange hash.',
      reference: 'RFC 4253 §8',
      context: 'dh',
    },
  ],
});

/** The messages of diffie-hellman-group-exchange-sha256 and -sha1 (context `'gex'`). */
const KEX_GEX_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Diffie-Hellman group exchange messages',
  reference: 'RFC 4419',
  rows: [
    {
      code: MSG_KEX_DH_GEX_REQUEST_OLD,
      name: 'SSH_MSG_KEX_DH_GEX_REQUEST_OLD',
      alias: 'MSG_KEX_DH_GEX_REQUEST_OLD',
      title: 'Group exchange request (old)',
      description: 'The client asks for a Diffie-Hellman group of one preferred size, in the obsolete form.',
      reference: 'RFC 4419 §5',
      context: 'gex',
    },
    {
      code: MSG_KEX_DH_GEX_GROUP,
      name: 'SSH_MSG_KEX_DH_GEX_GROUP',
      alias: 'MSG_KEX_DH_GEX_GROUP',
      title: 'Group exchange group',
      description: 'The server sends the prime and generator of the group to use.',
      reference: 'RFC 4419 §5',
      context: 'gex',
    },
    {
      code: MSG_KEX_DH_GEX_INIT,
      name: 'SSH_MSG_KEX_DH_GEX_INIT',
      alias: 'MSG_KEX_DH_GEX_INIT',
      title: 'Group exchange init',
      description: 'The client sends its public value in the chosen group.',
      reference: 'RFC 4419 §5',
      context: 'gex',
    },
    {
      code: MSG_KEX_DH_GEX_REPLY,
      name: 'SSH_MSG_KEX_DH_GEX_REPLY',
      alias: 'MSG_KEX_DH_GEX_REPLY',
      title: 'Group exchange reply',
      description: 'The server sends its host key, its public value and a signature over the exchange hash.',
      reference: 'RFC 4419 §5',
      context: 'gex',
    },
    {
      code: MSG_KEX_DH_GEX_REQUEST,
      name: 'SSH_MSG_KEX_DH_GEX_REQUEST',
      alias: 'MSG_KEX_DH_GEX_REQUEST',
      title: 'Group exchange request',
      description: 'The client asks for a group with a minimum, preferred and maximum size in bits.',
      reference: 'RFC 4419 §5',
      context: 'gex',
    },
  ],
});

/** The messages of ecdh-sha2-*, curve25519-sha256 and curve448-sha512 (RFC 8731) (context `'ecdh'`). */
const KEX_ECDH_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'ECDH key exchange messages',
  reference: 'RFC 5656 §7.1',
  rows: [
    {
      code: MSG_KEX_ECDH_INIT,
      name: 'SSH_MSG_KEX_ECDH_INIT',
      alias: 'MSG_KEX_ECDH_INIT',
      title: 'ECDH init',
      description:
        'The client sends its ephemeral elliptic-curve public key, as Curve25519 key exchange also does.',
      reference: 'RFC 5656 §7.1',
      context: 'ecdh',
    },
    {
      code: MSG_KEX_ECDH_REPLY,
      name: 'SSH_MSG_KEX_ECDH_REPLY',
      alias: 'MSG_KEX_ECDH_REPLY',
      title: 'ECDH reply',
      description:
        'The server sends its host key, its ephemeral public key and a signature over the exchange hash.',
      reference: 'RFC 5656 §7.1',
      context: 'ecdh',
    },
  ],
});

/** The messages of mlkem768x25519-sha256 and the other ML-KEM hybrids (context `'hybrid'`). */
const KEX_HYBRID_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Hybrid post-quantum key exchange messages',
  reference: 'draft-ietf-sshm-mlkem-hybrid-kex',
  rows: [
    {
      code: MSG_KEX_HYBRID_INIT,
      name: 'SSH_MSG_KEX_HYBRID_INIT',
      alias: 'MSG_KEX_HYBRID_INIT',
      title: 'Hybrid key exchange init',
      description: 'The client sends its post-quantum and classical key shares together.',
      reference: 'draft-ietf-sshm-mlkem-hybrid-kex',
      context: 'hybrid',
    },
    {
      code: MSG_KEX_HYBRID_REPLY,
      name: 'SSH_MSG_KEX_HYBRID_REPLY',
      alias: 'MSG_KEX_HYBRID_REPLY',
      title: 'Hybrid key exchange reply',
      description:
        'The server sends its host key, its combined post-quantum and classical answer and a signature.',
      reference: 'draft-ietf-sshm-mlkem-hybrid-kex',
      context: 'hybrid',
    },
  ],
});

/** The messages of gss-* key exchange (context `'gss'`). */
const KEX_GSS_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'GSS-API key exchange messages',
  reference: 'RFC 4462 §2',
  rows: [
    {
      code: MSG_KEXGSS_INIT,
      name: 'SSH_MSG_KEXGSS_INIT',
      alias: 'MSG_KEXGSS_INIT',
      title: 'GSS-API key exchange init',
      description: 'The client sends its first GSS-API token together with its Diffie-Hellman value.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
    {
      code: MSG_KEXGSS_CONTINUE,
      name: 'SSH_MSG_KEXGSS_CONTINUE',
      alias: 'MSG_KEXGSS_CONTINUE',
      title: 'GSS-API continue',
      description: 'Either side sends a further GSS-API token while the security context is being built.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
    {
      code: MSG_KEXGSS_COMPLETE,
      name: 'SSH_MSG_KEXGSS_COMPLETE',
      alias: 'MSG_KEXGSS_COMPLETE',
      title: 'GSS-API complete',
      description: 'The server sends its Diffie-Hellman value and a MIC over the exchange hash.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
    {
      code: MSG_KEXGSS_HOSTKEY,
      name: 'SSH_MSG_KEXGSS_HOSTKEY',
      alias: 'MSG_KEXGSS_HOSTKEY',
      title: 'GSS-API host key',
      description: 'The server may send a host key alongside the GSS-API exchange.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
    {
      code: MSG_KEXGSS_ERROR,
      name: 'SSH_MSG_KEXGSS_ERROR',
      alias: 'MSG_KEXGSS_ERROR',
      title: 'GSS-API error',
      description: 'The server reports GSS-API status codes and a message about a failure.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
    {
      code: MSG_KEXGSS_GROUPREQ,
      name: 'SSH_MSG_KEXGSS_GROUPREQ',
      alias: 'MSG_KEXGSS_GROUPREQ',
      title: 'GSS-API group request',
      description:
        'The client asks for a Diffie-Hellman group within size limits for GSS-API group exchange.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
    {
      code: MSG_KEXGSS_GROUP,
      name: 'SSH_MSG_KEXGSS_GROUP',
      alias: 'MSG_KEXGSS_GROUP',
      title: 'GSS-API group',
      description: 'The server sends the group to use for GSS-API group exchange.',
      reference: 'RFC 4462 §2',
      context: 'gss',
    },
  ],
});

/** The messages of the publickey method (context `'userauth-publickey'`). */
const USERAUTH_PUBLICKEY_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Public key authentication messages',
  reference: 'RFC 4252 §7',
  rows: [
    {
      code: MSG_USERAUTH_PK_OK,
      name: 'SSH_MSG_USERAUTH_PK_OK',
      alias: 'MSG_USERAUTH_PK_OK',
      title: 'Public key OK',
      description: 'The server says that a public key offered without a signature would be acceptable.',
      reference: 'RFC 4252 §7',
      context: 'userauth-publickey',
    },
  ],
});

/** The messages of the password method (context `'userauth-password'`). */
const USERAUTH_PASSWORD_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Password authentication messages',
  reference: 'RFC 4252 §8',
  rows: [
    {
      code: MSG_USERAUTH_PASSWD_CHANGEREQ,
      name: 'SSH_MSG_USERAUTH_PASSWD_CHANGEREQ',
      alias: 'MSG_USERAUTH_PASSWD_CHANGEREQ',
      title: 'Password change request',
      description: 'The server asks the client to pick a new password because the current one has expired.',
      reference: 'RFC 4252 §8',
      context: 'userauth-password',
    },
  ],
});

/** The messages of the keyboard-interactive method (context `'userauth-kbdint'`). */
const USERAUTH_KBDINT_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Keyboard-interactive authentication messages',
  reference: 'RFC 4256',
  rows: [
    {
      code: MSG_USERAUTH_INFO_REQUEST,
      name: 'SSH_MSG_USERAUTH_INFO_REQUEST',
      alias: 'MSG_USERAUTH_INFO_REQUEST',
      title: 'Keyboard-interactive request',
      description: 'The server sends prompts for the user to answer.',
      reference: 'RFC 4256 §3.2',
      context: 'userauth-kbdint',
    },
    {
      code: MSG_USERAUTH_INFO_RESPONSE,
      name: 'SSH_MSG_USERAUTH_INFO_RESPONSE',
      alias: 'MSG_USERAUTH_INFO_RESPONSE',
      title: 'Keyboard-interactive response',
      description: "The client returns the user's answers to the prompts.",
      reference: 'RFC 4256 §3.4',
      context: 'userauth-kbdint',
    },
  ],
});

/** The messages of the gssapi-with-mic method (context `'userauth-gssapi'`). */
const USERAUTH_GSSAPI_MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'GSS-API authentication messages',
  reference: 'RFC 4462 §3',
  rows: [
    {
      code: MSG_USERAUTH_GSSAPI_RESPONSE,
      name: 'SSH_MSG_USERAUTH_GSSAPI_RESPONSE',
      alias: 'MSG_USERAUTH_GSSAPI_RESPONSE',
      title: 'GSS-API response',
      description: 'The server picks one of the mechanisms the client offered.',
      reference: 'RFC 4462 §3',
      context: 'userauth-gssapi',
    },
    {
      code: MSG_USERAUTH_GSSAPI_TOKEN,
      name: 'SSH_MSG_USERAUTH_GSSAPI_TOKEN',
      alias: 'MSG_USERAUTH_GSSAPI_TOKEN',
      title: 'GSS-API token',
      description: 'Either side sends a GSS-API token while the security context is being built.',
      reference: 'RFC 4462 §3',
      context: 'userauth-gssapi',
    },
    {
      code: MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE,
      name: 'SSH_MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE',
      alias: 'MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE',
      title: 'GSS-API exchange complete',
      description: 'The client says the security context is ready and that no MIC will follow.',
      reference: 'RFC 4462 §3',
      context: 'userauth-gssapi',
    },
    {
      code: MSG_USERAUTH_GSSAPI_ERROR,
      name: 'SSH_MSG_USERAUTH_GSSAPI_ERROR',
      alias: 'MSG_USERAUTH_GSSAPI_ERROR',
      title: 'GSS-API error',
      description: 'The server reports GSS-API status codes and a message about a failure.',
      reference: 'RFC 4462 §3',
      context: 'userauth-gssapi',
    },
    {
      code: MSG_USERAUTH_GSSAPI_ERRTOK,
      name: 'SSH_MSG_USERAUTH_GSSAPI_ERRTOK',
      alias: 'MSG_USERAUTH_GSSAPI_ERRTOK',
      title: 'GSS-API error token',
      description: 'Either side sends the error token produced by a failed GSS-API call.',
      reference: 'RFC 4462 §3',
      context: 'userauth-gssapi',
    },
    {
      code: MSG_USERAUTH_GSSAPI_MIC,
      name: 'SSH_MSG_USERAUTH_GSSAPI_MIC',
      alias: 'MSG_USERAUTH_GSSAPI_MIC',
      title: 'GSS-API MIC',
      description: 'The client proves its identity with a MIC over the session data.',
      reference: 'RFC 4462 §3',
      context: 'userauth-gssapi',
    },
  ],
});

/**
 * The method-specific message tables, one per {@link MessageContext}.
 *
 * @example
 * ```ts
 * import { METHOD_MESSAGES } from '@sshkit/ssh-codes';
 * METHOD_MESSAGES.ecdh.nameOf(31);                 // 'SSH_MSG_KEX_ECDH_REPLY'
 * METHOD_MESSAGES['userauth-publickey'].nameOf(60); // 'SSH_MSG_USERAUTH_PK_OK'
 * ```
 */
export const METHOD_MESSAGES: Readonly<Record<MessageContext, CodeTable<MessageInfo>>> =
  /* @__PURE__ */ Object.freeze({
    dh: KEX_DH_MESSAGES,
    gex: KEX_GEX_MESSAGES,
    ecdh: KEX_ECDH_MESSAGES,
    hybrid: KEX_HYBRID_MESSAGES,
    gss: KEX_GSS_MESSAGES,
    'userauth-publickey': USERAUTH_PUBLICKEY_MESSAGES,
    'userauth-password': USERAUTH_PASSWORD_MESSAGES,
    'userauth-kbdint': USERAUTH_KBDINT_MESSAGES,
    'userauth-gssapi': USERAUTH_GSSAPI_MESSAGES,
  });

/** Every {@link MessageContext}, in a fixed order. */
export const MESSAGE_CONTEXTS: readonly MessageContext[] = /* @__PURE__ */ Object.freeze([
  'dh',
  'gex',
  'ecdh',
  'hybrid',
  'gss',
  'userauth-publickey',
  'userauth-password',
  'userauth-kbdint',
  'userauth-gssapi',
]);

function required(table: CodeTable<MessageInfo>, name: string): MessageInfo {
  const row = table.byName(name);
  if (row === undefined) throw new TypeError(`messages: ${name} is missing from ${table.title}`);
  return row;
}

/**
 * One row per message number: every generic message, and for each shared
 * method-specific number its default row (see the module notes: IANA's name
 * where it lists one, otherwise the earliest-published method).
 *
 * `MESSAGES.byName` only finds the rows of this table; use {@link messageByName}
 * to find any message, such as `SSH_MSG_KEX_ECDH_INIT`.
 *
 * @example
 * ```ts
 * import { MESSAGES } from '@sshkit/ssh-codes';
 * MESSAGES.nameOf(20); // 'SSH_MSG_KEXINIT'
 * MESSAGES.nameOf(30); // 'SSH_MSG_KEXDH_INIT'
 * ```
 */
export const MESSAGES: CodeTable<MessageInfo> = /* @__PURE__ */ defineCodeTable<MessageInfo>({
  title: 'Message numbers',
  reference: 'RFC 4250 §4.1',
  rows: [
    {
      code: MSG_DISCONNECT,
      name: 'SSH_MSG_DISCONNECT',
      alias: 'MSG_DISCONNECT',
      title: 'Disconnect',
      description: 'Ends the connection at once with a reason code and a human-readable text.',
      reference: 'RFC 4253 §11.1',
    },
    {
      code: MSG_IGNORE,
      name: 'SSH_MSG_IGNORE',
      alias: 'MSG_IGNORE',
      title: 'Ignore',
      description:
        'Carries data the receiver must throw away, useful as padding or against traffic analysis.',
      reference: 'RFC 4253 §11.2',
    },
    {
      code: MSG_UNIMPLEMENTED,
      name: 'SSH_MSG_UNIMPLEMENTED',
      alias: 'MSG_UNIMPLEMENTED',
      title: 'Unimplemented',
      description: 'Tells the peer that the message with a given sequence number was not understood.',
      reference: 'RFC 4253 §11.4',
    },
    {
      code: MSG_DEBUG,
      name: 'SSH_MSG_DEBUG',
      alias: 'MSG_DEBUG',
      title: 'Debug',
      description: 'Carries a diagnostic text that the receiver may show to the user.',
      reference: 'RFC 4253 §11.3',
    },
    {
      code: MSG_SERVICE_REQUEST,
      name: 'SSH_MSG_SERVICE_REQUEST',
      alias: 'MSG_SERVICE_REQUEST',
      title: 'Service request',
      description: 'The client asks to start a service such as ssh-userauth once keys are in place.',
      reference: 'RFC 4253 §10',
    },
    {
      code: MSG_SERVICE_ACCEPT,
      name: 'SSH_MSG_SERVICE_ACCEPT',
      alias: 'MSG_SERVICE_ACCEPT',
      title: 'Service accept',
      description: 'The server agrees to start the requested service.',
      reference: 'RFC 4253 §10',
    },
    {
      code: MSG_EXT_INFO,
      name: 'SSH_MSG_EXT_INFO',
      alias: 'MSG_EXT_INFO',
      title: 'Extension info',
      description: 'Announces protocol extensions such as server-sig-algs right after a key exchange.',
      reference: 'RFC 8308 §2.3',
    },
    {
      code: MSG_NEWCOMPRESS,
      name: 'SSH_MSG_NEWCOMPRESS',
      alias: 'MSG_NEWCOMPRESS',
      title: 'New compression',
      description: 'Says that delayed compression starts with the next message.',
      reference: 'RFC 8308 §3.2',
    },
    {
      code: MSG_KEXINIT,
      name: 'SSH_MSG_KEXINIT',
      alias: 'MSG_KEXINIT',
      title: 'Key exchange init',
      description: 'Starts a key exchange and lists the algorithms the sender supports.',
      reference: 'RFC 4253 §7.1',
    },
    {
      code: MSG_NEWKEYS,
      name: 'SSH_MSG_NEWKEYS',
      alias: 'MSG_NEWKEYS',
      title: 'New keys',
      description: 'Says that the sender uses the freshly negotiated keys from the next message on.',
      reference: 'RFC 4253 §7.3',
    },
    {
      code: MSG_USERAUTH_REQUEST,
      name: 'SSH_MSG_USERAUTH_REQUEST',
      alias: 'MSG_USERAUTH_REQUEST',
      title: 'Authentication request',
      description: 'The client asks to log in as a user with a named authentication method.',
      reference: 'RFC 4252 §5',
    },
    {
      code: MSG_USERAUTH_FAILURE,
      name: 'SSH_MSG_USERAUTH_FAILURE',
      alias: 'MSG_USERAUTH_FAILURE',
      title: 'Authentication failure',
      description: 'The server turns down a request and lists the methods that can continue.',
      reference: 'RFC 4252 §5.1',
    },
    {
      code: MSG_USERAUTH_SUCCESS,
      name: 'SSH_MSG_USERAUTH_SUCCESS',
      alias: 'MSG_USERAUTH_SUCCESS',
      title: 'Authentication success',
      description: 'The server accepts the user, and the connection protocol may begin.',
      reference: 'RFC 4252 §5.1',
    },
    {
      code: MSG_USERAUTH_BANNER,
      name: 'SSH_MSG_USERAUTH_BANNER',
      alias: 'MSG_USERAUTH_BANNER',
      title: 'Authentication banner',
      description: 'The server sends a text for the client to display before login completes.',
      reference: 'RFC 4252 §5.4',
    },
    {
      code: MSG_GLOBAL_REQUEST,
      name: 'SSH_MSG_GLOBAL_REQUEST',
      alias: 'MSG_GLOBAL_REQUEST',
      title: 'Global request',
      description: 'Asks for something that concerns the whole connection, such as a remote port forward.',
      reference: 'RFC 4254 §4',
    },
    {
      code: MSG_REQUEST_SUCCESS,
      name: 'SSH_MSG_REQUEST_SUCCESS',
      alias: 'MSG_REQUEST_SUCCESS',
      title: 'Request success',
      description: 'Grants a global request and may carry data in reply.',
      reference: 'RFC 4254 §4',
    },
    {
      code: MSG_REQUEST_FAILURE,
      name: 'SSH_MSG_REQUEST_FAILURE',
      alias: 'MSG_REQUEST_FAILURE',
      title: 'Request failure',
      description: 'Refuses a global request or says that it was not understood.',
      reference: 'RFC 4254 §4',
    },
    {
      code: MSG_CHANNEL_OPEN,
      name: 'SSH_MSG_CHANNEL_OPEN',
      alias: 'MSG_CHANNEL_OPEN',
      title: 'Channel open',
      description: 'Asks to open a channel of a named type with an initial window and maximum packet size.',
      reference: 'RFC 4254 §5.1',
    },
    {
      code: MSG_CHANNEL_OPEN_CONFIRMATION,
      name: 'SSH_MSG_CHANNEL_OPEN_CONFIRMATION',
      alias: 'MSG_CHANNEL_OPEN_CONFIRMATION',
      title: 'Channel open confirmation',
      description: "Accepts a channel open and gives the sender's own channel number and window.",
      reference: 'RFC 4254 §5.1',
    },
    {
      code: MSG_CHANNEL_OPEN_FAILURE,
      name: 'SSH_MSG_CHANNEL_OPEN_FAILURE',
      alias: 'MSG_CHANNEL_OPEN_FAILURE',
      title: 'Channel open failure',
      description: 'Refuses a channel open with a reason code and a text.',
      reference: 'RFC 4254 §5.1',
    },
    {
      code: MSG_CHANNEL_WINDOW_ADJUST,
      name: 'SSH_MSG_CHANNEL_WINDOW_ADJUST',
      alias: 'MSG_CHANNEL_WINDOW_ADJUST',
      title: 'Window adjust',
      description: 'Lets the peer send more bytes on a channel by enlarging its window.',
      reference: 'RFC 4254 §5.2',
    },
    {
      code: MSG_CHANNEL_DATA,
      name: 'SSH_MSG_CHANNEL_DATA',
      alias: 'MSG_CHANNEL_DATA',
      title: 'Channel data',
      description: 'Carries ordinary data on a channel.',
      reference: 'RFC 4254 §5.2',
    },
    {
      code: MSG_CHANNEL_EXTENDED_DATA,
      name: 'SSH_MSG_CHANNEL_EXTENDED_DATA',
      alias: 'MSG_CHANNEL_EXTENDED_DATA',
      title: 'Channel extended data',
      description: 'Carries typed side-band data on a channel, such as standard error.',
      reference: 'RFC 4254 §5.2',
    },
    {
      code: MSG_CHANNEL_EOF,
      name: 'SSH_MSG_CHANNEL_EOF',
      alias: 'MSG_CHANNEL_EOF',
      title: 'Channel EOF',
      description: 'Says that the sender will send no more data on the channel.',
      reference: 'RFC 4254 §5.3',
    },
    {
      code: MSG_CHANNEL_CLOSE,
      name: 'SSH_MSG_CHANNEL_CLOSE',
      alias: 'MSG_CHANNEL_CLOSE',
      title: 'Channel close',
      description: 'Closes a channel, and each side sends it exactly once.',
      reference: 'RFC 4254 §5.3',
    },
    {
      code: MSG_CHANNEL_REQUEST,
      name: 'SSH_MSG_CHANNEL_REQUEST',
      alias: 'MSG_CHANNEL_REQUEST',
      title: 'Channel request',
      description: 'Makes a request on a channel, such as pty-req, exec or exit-status.',
      reference: 'RFC 4254 §5.4',
    },
    {
      code: MSG_CHANNEL_SUCCESS,
      name: 'SSH_MSG_CHANNEL_SUCCESS',
      alias: 'MSG_CHANNEL_SUCCESS',
      title: 'Channel success',
      description: 'Grants a channel request that wanted a reply.',
      reference: 'RFC 4254 §5.4',
    },
    {
      code: MSG_CHANNEL_FAILURE,
      name: 'SSH_MSG_CHANNEL_FAILURE',
      alias: 'MSG_CHANNEL_FAILURE',
      title: 'Channel failure',
      description: 'Refuses a channel request that wanted a reply.',
      reference: 'RFC 4254 §5.4',
    },
    {
      code: MSG_PING,
      name: 'SSH2_MSG_PING',
      alias: 'MSG_PING',
      aliases: ['SSH_MSG_PING'],
      title: 'Ping',
      description: 'An OpenSSH extension message asking the peer to send the same data back in a pong.',
      reference: 'OpenSSH PROTOCOL, ping@openssh.com',
    },
    {
      code: MSG_PONG,
      name: 'SSH2_MSG_PONG',
      alias: 'MSG_PONG',
      aliases: ['SSH_MSG_PONG'],
      title: 'Pong',
      description: 'An OpenSSH extension message that echoes the data of a ping it received.',
      reference: 'OpenSSH PROTOCOL, ping@openssh.com',
    },
    /* @__PURE__ */ required(KEX_DH_MESSAGES, 'SSH_MSG_KEXDH_INIT'),
    /* @__PURE__ */ required(KEX_DH_MESSAGES, 'SSH_MSG_KEXDH_REPLY'),
    /* @__PURE__ */ required(KEX_GEX_MESSAGES, 'SSH_MSG_KEX_DH_GEX_INIT'),
    /* @__PURE__ */ required(KEX_GEX_MESSAGES, 'SSH_MSG_KEX_DH_GEX_REPLY'),
    /* @__PURE__ */ required(KEX_GEX_MESSAGES, 'SSH_MSG_KEX_DH_GEX_REQUEST'),
    /* @__PURE__ */ required(KEX_GSS_MESSAGES, 'SSH_MSG_KEXGSS_GROUPREQ'),
    /* @__PURE__ */ required(KEX_GSS_MESSAGES, 'SSH_MSG_KEXGSS_GROUP'),
    /* @__PURE__ */ required(USERAUTH_KBDINT_MESSAGES, 'SSH_MSG_USERAUTH_INFO_REQUEST'),
    /* @__PURE__ */ required(USERAUTH_KBDINT_MESSAGES, 'SSH_MSG_USERAUTH_INFO_RESPONSE'),
    /* @__PURE__ */ required(USERAUTH_GSSAPI_MESSAGES, 'SSH_MSG_USERAUTH_GSSAPI_EXCHANGE_COMPLETE'),
    /* @__PURE__ */ required(USERAUTH_GSSAPI_MESSAGES, 'SSH_MSG_USERAUTH_GSSAPI_ERROR'),
    /* @__PURE__ */ required(USERAUTH_GSSAPI_MESSAGES, 'SSH_MSG_USERAUTH_GSSAPI_ERRTOK'),
    /* @__PURE__ */ required(USERAUTH_GSSAPI_MESSAGES, 'SSH_MSG_USERAUTH_GSSAPI_MIC'),
  ],
});

/**
 * Every message this package knows, generic and method-specific, ordered by
 * number and then by {@link MESSAGE_CONTEXTS} order.
 *
 * @example
 * ```ts
 * import { ALL_MESSAGES } from '@sshkit/ssh-codes';
 * ALL_MESSAGES.filter((m) => m.code === 30).map((m) => m.name);
 * // ['SSH_MSG_KEXDH_INIT', 'SSH_MSG_KEX_DH_GEX_REQUEST_OLD', 'SSH_MSG_KEX_ECDH_INIT', ...]
 * ```
 */
export const ALL_MESSAGES: readonly MessageInfo[] = /* @__PURE__ */ (() => {
  const seen = new Set<MessageInfo>();
  for (const row of MESSAGES.rows) if (row.context === undefined) seen.add(row);
  for (const context of MESSAGE_CONTEXTS) for (const row of METHOD_MESSAGES[context].rows) seen.add(row);
  const order = (row: MessageInfo): number =>
    row.context === undefined ? -1 : MESSAGE_CONTEXTS.indexOf(row.context);
  return Object.freeze([...seen].sort((a, b) => a.code - b.code || order(a) - order(b)));
})();

const KEX_CONTEXTS: ReadonlySet<string> = new Set(['dh', 'gex', 'ecdh', 'hybrid', 'gss']);

function methodTable(code: number, context: string | undefined): CodeTable<MessageInfo> | undefined {
  if (context === undefined || !Object.hasOwn(METHOD_MESSAGES, context)) return undefined;
  const kex = KEX_CONTEXTS.has(context);
  const first = kex ? MSG_KEX_FIRST : MSG_USERAUTH_FIRST;
  const last = kex ? MSG_KEX_LAST : MSG_USERAUTH_LAST;
  if (code < first || code > last) return undefined;
  return METHOD_MESSAGES[context as MessageContext];
}

/**
 * The row of a message number, optionally in the context of a method.
 *
 * With a context, a number in that method's range (30 to 49 for key exchange
 * contexts, 60 to 79 for user authentication contexts) is looked up in the
 * method's table only, so a number the method does not define is unknown.
 * Every other number, and every number without a context, is looked up in
 * {@link MESSAGES}.
 *
 * @param code - the message number (the first byte of a payload)
 * @param context - the method in use, if known
 * @returns the row, or `undefined`
 *
 * @example
 * ```ts
 * import { messageInfo } from '@sshkit/ssh-codes';
 * messageInfo(31, 'gex')?.title; // 'Group exchange group'
 * messageInfo(34, 'ecdh');       // undefined
 * ```
 */
export function messageInfo(code: number, context?: MessageContext): MessageInfo | undefined {
  const table = methodTable(code, context);
  return table === undefined ? MESSAGES.get(code) : table.get(code);
}

/**
 * The name of a message number, for logs and error messages.
 *
 * Shared method-specific numbers are resolved by `context` when given, or get
 * their default name (see {@link MESSAGES}) when not.
 *
 * @param code - the message number (the first byte of a payload)
 * @param context - the key exchange or authentication method in use, if known
 * @returns e.g. `'SSH_MSG_KEXINIT'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { messageName } from '@sshkit/ssh-codes';
 * messageName(20);                       // 'SSH_MSG_KEXINIT'
 * messageName(30);                       // 'SSH_MSG_KEXDH_INIT'
 * messageName(30, 'ecdh');               // 'SSH_MSG_KEX_ECDH_INIT'
 * messageName(60, 'userauth-publickey'); // 'SSH_MSG_USERAUTH_PK_OK'
 * messageName(250);                      // 'unknown (250)'
 * ```
 */
export function messageName(code: number, context?: MessageContext): string {
  return messageInfo(code, context)?.name ?? unknownCode(code);
}

/**
 * Finds any message, generic or method-specific, by its RFC name or its `MSG_*` name.
 *
 * @param name - e.g. `'SSH_MSG_KEX_ECDH_INIT'` or `'MSG_KEX_ECDH_INIT'`
 * @returns the row, or `undefined`
 *
 * @example
 * ```ts
 * import { messageByName } from '@sshkit/ssh-codes';
 * messageByName('SSH_MSG_KEX_ECDH_INIT')?.code;    // 30
 * messageByName('MSG_USERAUTH_PK_OK')?.context;    // 'userauth-publickey'
 * ```
 */
export function messageByName(name: string): MessageInfo | undefined {
  const row = MESSAGES.byName(name);
  if (row !== undefined) return row;
  for (const context of MESSAGE_CONTEXTS) {
    const found = METHOD_MESSAGES[context].byName(name);
    if (found !== undefined) return found;
  }
  return undefined;
}
