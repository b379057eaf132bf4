/**
 * Encoded terminal modes of RFC 4254 §8: a sequence of `byte opcode` /
 * `uint32 argument` pairs ended by TTY_OP_END (0).
 */
import { PTY_OP_END } from '@sshkit/ssh-codes';
import { WireError, WireWriter } from '@sshkit/ssh-wire';

/** Terminal modes by opcode (`PTY_*` of `@sshkit/ssh-codes`) to value. */
export type TerminalModes = ReadonlyMap<number, number>;

/**
 * RFC 4254 §8: "Opcodes 160 to 255 are not yet defined, and cause parsing to
 * stop (they should only be used after any other data)."
 */
const FIRST_UNDEFINED_OPCODE = 160;

/**
 * Encodes terminal modes, ending with TTY_OP_END.
 * @param modes - opcode to value; opcodes must be 1-159
 * @throws RangeError for an opcode outside 1-159 or a value outside uint32
 */
export function encodeTerminalModes(modes: TerminalModes | Readonly<Record<number, number>>): Uint8Array {
  const entries: Array<[number, number]> =
    modes instanceof Map
      ? [...(modes as TerminalModes)]
      : Object.entries(modes).map(([k, v]) => [Number(k), v] as [number, number]);
  const w = new WireWriter(entries.length * 5 + 1);
  for (const [op, value] of entries) {
    if (!Number.isInteger(op) || op < 1 || op >= FIRST_UNDEFINED_OPCODE) {
      throw new RangeError(`encodeTerminalModes: invalid opcode ${op}`);
    }
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
      throw new RangeError(`encodeTerminalModes: invalid value ${value} for opcode ${op}`);
    }
    w.u8(op).u32(value);
  }
  return w.u8(PTY_OP_END).finish();
}

/**
 * Decodes terminal modes. Parsing stops at TTY_OP_END, at an undefined opcode
 * (160-255) or at the end of the string (some clients omit TTY_OP_END).
 * @param offset - where the modes start in the message, for error offsets
 * @throws WireError('truncated') when an argument is cut short
 */
export function decodeTerminalModes(data: Uint8Array, offset = 0): Map<number, number> {
  const modes = new Map<number, number>();
  let i = 0;
  while (i < data.length) {
    const op = data[i] as number;
    if (op === PTY_OP_END || op >= FIRST_UNDEFINED_OPCODE) break;
    if (i + 5 > data.length) {
      throw new WireError('truncated', `terminal mode ${op} needs a uint32 argument`, offset + i);
    }
    const value =
      (((data[i + 1] as number) << 24) |
        ((data[i + 2] as number) << 16) |
        ((data[i + 3] as number) << 8) |
        (data[i + 4] as number)) >>>
      0;
    modes.set(op, value);
    i += 5;
  }
  return modes;
}
