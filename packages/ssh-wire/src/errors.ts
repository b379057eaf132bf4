/**
 * The error classes every sshkit package builds on.
 *
 * Each error carries a list of the class names of its prototype chain under a
 * `Symbol.for` key, so `WireError.isInstance(e)` still works when two copies of
 * a package are installed side by side (where `instanceof` fails).
 */

const MARKER: unique symbol = Symbol.for('@sshkit/error') as never;

type ErrorClass = abstract new (...args: never[]) => SSHError;

function classNames(target: unknown): string[] {
  const names: string[] = [];
  let ctor: unknown = target;
  while (typeof ctor === 'function') {
    const own = Object.getOwnPropertyDescriptor(ctor, 'errorName')?.value;
    if (typeof own === 'string') names.push(own);
    ctor = Object.getPrototypeOf(ctor);
  }
  return names;
}

/**
 * Base class of every error sshkit throws on purpose.
 *
 * Subclasses set `static override readonly errorName` to their own name; that
 * name becomes `error.name` and is what `isInstance` recognises.
 *
 * @example
 * ```ts
 * import { SSHError, WireError } from '@sshkit/ssh-wire';
 * try { new WireReader(new Uint8Array(1)).u32(); }
 * catch (e) { if (SSHError.isInstance(e)) console.log(e.name); } // 'WireError'
 * ```
 */
export class SSHError extends Error {
  static readonly errorName: string = 'SSHError';
  declare readonly [MARKER]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const names = classNames(new.target);
    this.name = names[0] ?? 'SSHError';
    Object.defineProperty(this, MARKER, { value: Object.freeze(names), enumerable: false });
  }

  /**
   * True when `value` is an error of this class (or a subclass), from any copy of sshkit.
   * @param value - anything caught
   * @returns whether `value` is such an error
   */
  static isInstance<T extends ErrorClass>(
    this: T & { errorName: string },
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null) return false;
    const names = (value as { [MARKER]?: unknown })[MARKER];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    return Array.isArray(names) && names.includes(this.errorName);
  }
}

/** What went wrong while decoding SSH wire data. */
export type WireErrorKind =
  | 'truncated'
  | 'too-long'
  | 'trailing-data'
  | 'invalid-mpint'
  | 'invalid-utf8'
  | 'invalid-name-list'
  | 'invalid-base64';

/**
 * Malformed SSH wire data: a field runs past the end of its buffer, exceeds a
 * limit, or breaks an encoding rule of RFC 4251 §5. Carries the byte `offset`
 * where the bad field starts.
 */
export class WireError extends SSHError {
  static override readonly errorName: string = 'WireError';
  readonly kind: WireErrorKind;
  readonly offset: number;

  constructor(kind: WireErrorKind, message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.kind = kind;
    this.offset = offset;
  }
}
