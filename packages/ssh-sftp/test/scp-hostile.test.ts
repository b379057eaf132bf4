import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SFTPError } from '../src/errors.js';
import { FX_BAD_MESSAGE, FX_CONNECTION_LOST, FX_FAILURE } from '../src/protocol-numbers.js';
import { runSCPServer } from '../src/scp/server.js';
import { scpReceive } from '../src/scp/sink.js';
import { scpSend } from '../src/scp/source.js';
import type { SCPReceiveOptions, SCPStream } from '../src/scp/types.js';
import type { MemoryFileSystem } from '../src/server/memory-fs.js';
import { dec, enc, pseudoRandomBytes } from './helpers.js';
import { memoryFs, outside, runPair, scriptedStream, snapshot, within } from './scp-support.js';

/** A server-like fs: /t is the target, the rest must never change. */
async function victim(): Promise<MemoryFileSystem> {
  const fs = memoryFs();
  await fs.mkdir('/t', {});
  await fs.mkdir('/t/sub', {});
  await fs.mkdir('/outside', {});
  await fs.writeFile('/outside/secret', enc('secret'));
  await fs.writeFile('/.profile', enc('profile'));
  return fs;
}

const bytes = (s: string): Uint8Array => enc(s);

/** Runs scpReceive on `input` and returns how it rejected (or undefined) and what it sent back. */
async function receive(
  input: Uint8Array,
  o: SCPReceiveOptions = {},
  fs?: MemoryFileSystem,
): Promise<{ error: unknown; output: string; fs: MemoryFileSystem }> {
  const target = fs ?? (await victim());
  const stream = scriptedStream(input, 7);
  let error: unknown;
  await within(scpReceive(stream, target, '/t', o)).catch((e: unknown) => {
    error = e;
  });
  return { error, output: dec(stream.output()), fs: target };
}

describe('scpReceive against a hostile source', () => {
  const before = victim().then((fs) => snapshot(fs));

  it.each([
    ['a name with a slash', 'C0644 1 a/b\nx\0', 'protocol error: unexpected filename: "a/b"'],
    ['..', 'C0644 1 ..\nx\0', 'protocol error: unexpected filename: ".."'],
    ['.', 'D0755 0 .\nE\n', 'protocol error: unexpected filename: "."'],
    ['an empty name', 'C0644 1 \nx\0', 'protocol error: unexpected filename: ""'],
    ['a NUL in the name', 'C0644 1 a\0b\nx\0', 'protocol error: unexpected filename: "a\\u0000b"'],
    ['a huge line', `C0644 1 ${'a'.repeat(10_000)}\nx\0`, 'protocol error: line too long'],
    ['a line without end', `\x01${'a'.repeat(9000)}`, 'protocol error: line too long'],
    ['a non-octal mode', 'C0648 1 a\nx\0', 'protocol error: bad C record'],
    ['a short mode', 'C644 1 a\nx\0', 'protocol error: bad C record'],
    ['a long mode', 'C00644 1 a\nx\0', 'protocol error: bad C record'],
    ['a negative size', 'C0644 -1 a\nx\0', 'protocol error: bad C record'],
    ['a size with a sign', 'C0644 +1 a\nx\0', 'protocol error: bad C record'],
    ['a size beyond 2^53', 'C0644 9007199254740993 a\nx\0', 'protocol error: size out of range'],
    ['a size of 17 digits', 'C0644 12345678901234567 a\nx\0', 'protocol error: bad C record'],
    ['E at the top', 'E\n', 'protocol error: E record outside a directory'],
    ['a bad T record', 'T1 0 2\n', 'protocol error: bad T record'],
    ['microseconds out of range', 'T1 1000000 2 0\n', 'protocol error: bad T record'],
    ['an unknown record', 'X\n', 'protocol error: expected control record'],
    ['an empty line', '\n', 'protocol error: unexpected <newline>'],
    ['D without -r', 'D0755 0 d\nE\n', 'protocol error: received directory without -r'],
  ])('%s: FX_BAD_MESSAGE, a fatal line back, nothing written', async (_what, input, reason) => {
    const { error, output, fs } = await receive(bytes(input));
    expect(error).toBeInstanceOf(SFTPError);
    expect(error).toMatchObject({ code: FX_BAD_MESSAGE, reason });
    expect(output).toMatch(new RegExp(`\\x02scp: ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
    expect(output.startsWith('\0')).toBe(true);
    expect(await snapshot(fs)).toEqual(await before);
  });

  it('a bad name inside a directory: FX_BAD_MESSAGE, nothing written outside', async () => {
    const { error, fs } = await receive(bytes('D0755 0 d\nC0644 6 ../../outside/secret\nhacked\0E\n'), {
      recurse: true,
    });
    expect(error).toMatchObject({
      code: FX_BAD_MESSAGE,
      reason: 'protocol error: unexpected filename: "../../outside/secret"',
    });
    expect(outside(await snapshot(fs), '/t')).toEqual(outside(await before, '/t'));
    expect(Object.keys(await snapshot(fs, '/t'))).toEqual(['/t/sub', '/t/d']);
  });

  it.each([
    ['in a line', 'C0644 5 a'],
    ['in the data', 'C0644 5 a\nhel'],
    ['before the end byte', 'C0644 5 a\nhello'],
    ['inside a directory', 'D0755 0 d\n'],
    ['after T inside a directory', 'D0755 0 d\nT1 0 1 0\n'],
  ])('the stream ending %s: FX_CONNECTION_LOST', async (_what, input) => {
    const { error } = await receive(bytes(input), { recurse: true, preserve: true });
    expect(error).toMatchObject({ code: FX_CONNECTION_LOST });
  });

  it('a fatal line from the source: FX_FAILURE with its text', async () => {
    const { error } = await receive(bytes('\x02scp: gave up\n'));
    expect(error).toMatchObject({ code: FX_FAILURE, reason: 'scp: gave up' });
  });

  it('a name that was not asked for is refused (CVE-2019-6111), even after expected ones', async () => {
    const input = bytes('C0644 1 wanted.txt\nx\0C0644 1 .profile\nevil\0');
    const { error, fs } = await receive(input, { expectedNames: ['*.txt'] });
    expect(error).toMatchObject({
      code: FX_BAD_MESSAGE,
      reason: 'protocol error: filename does not match request: ".profile"',
    });
    expect(dec(await fs.readFile('/t/wanted.txt'))).toBe('x');
    await expect(fs.stat('/t/.profile')).rejects.toBeInstanceOf(SFTPError);
  });

  it('nested names are not checked against the request, only kept inside', async () => {
    const { error, fs } = await receive(bytes('D0755 0 dir\nC0644 1 other\ny\0E\n'), {
      recurse: true,
      expectedNames: ['dir'],
    });
    expect(error).toBeUndefined();
    expect(dec(await fs.readFile('/t/dir/other'))).toBe('y');
  });

  it('set-id bits need preserve; a times record out of range sets no times', async () => {
    const { fs } = await receive(bytes('T99999999999 0 1 0\nC6755 1 f\nx\0'), {});
    expect((await fs.stat('/t/f')).permissions! & 0o7777).toBe(0o755);
    const kept = await receive(bytes('T99999999999 0 1 0\nC6755 1 f\nx\0'), { preserve: true });
    expect((await kept.fs.stat('/t/f')).permissions! & 0o7777).toBe(0o6755);
    expect((await kept.fs.stat('/t/f')).mtime).toBe(1_700_000_000);
  });

  it('directories nested past the limit are refused in their ack, and the stream stays in step', async () => {
    const input = `${'D0755 0 d\n'.repeat(101)}C0644 1 f\nx\0${'E\n'.repeat(100)}C0644 2 top\nok\0`;
    const seen: string[] = [];
    const { error, fs, output } = await receive(bytes(input), {
      recurse: true,
      errorHandler: (e) => void seen.push((e as SFTPError).reason),
    });
    // The hostile source ignored the refusal and sent the contents anyway: they land one level up.
    expect(error).toBeUndefined();
    expect(seen).toEqual(['too many levels of directories']);
    expect(output).toContain('too many levels of directories');
    expect(dec(await fs.readFile('/t/top'))).toBe('ok');
  });
});

/** Everything a real scpSend writes for a small tree, as a sink sees it. */
async function validSourceBytes(): Promise<Uint8Array> {
  const src = memoryFs();
  await src.mkdir('/d', {});
  await src.mkdir('/d/e', {});
  await src.writeFile('/d/a', enc('alpha'));
  await src.writeFile('/d/e/b', pseudoRandomBytes(300, 9));
  await src.writeFile('/d/z', new Uint8Array(0));
  const chunks: Uint8Array[] = [];
  const recording = (s: SCPStream): SCPStream => ({
    read: (n) => s.read(n),
    write: (d) => {
      chunks.push(d.slice());
      return s.write(d);
    },
  });
  const o = await runPair(
    (s) => scpSend(recording(s), src, ['/d'], { recurse: true, preserve: true, blockSize: 128 }),
    (s) => scpReceive(s, memoryFs(), '/', { recurse: true, preserve: true }),
  );
  expect(o.sent.status).toBe('fulfilled');
  return Uint8Array.from(chunks.flatMap((c) => [...c]));
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), data: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('text' as const),
    at: fc.nat(),
    data: fc.constantFrom('/', '..', '\n', 'E\n', 'D0755 0 x\n', 'C0644 99999 y\n', '\x01oops\n', ' '),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(valid: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = valid;
  for (const m of ms) {
    const at = m.at % (b.length + 1);
    if (m.kind === 'set' && b.length > 0) {
      b = b.slice();
      b[at % b.length] = m.value;
    } else if (m.kind === 'cut') b = b.subarray(0, at);
    else if (m.kind === 'drop') b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.length)]);
    else if (m.kind === 'insert' || m.kind === 'text') {
      const data = typeof m.data === 'string' ? enc(m.data) : m.data;
      b = Uint8Array.from([...b.subarray(0, at), ...data, ...b.subarray(at)]);
    }
  }
  return b;
}

/** The sink side on `input` settles, rejects only with SFTPError, and writes only under /t. */
async function checkSink(input: Uint8Array, options: SCPReceiveOptions, server: boolean): Promise<void> {
  const fs = await victim();
  const before = outside(await snapshot(fs), '/t');
  const stream = scriptedStream(input, 5);
  if (server) {
    const flags = `${options.recurse ? '-r ' : ''}${options.preserve ? '-p ' : ''}`;
    const status = await within(runSCPServer(`scp ${flags}-t /t`, stream, fs));
    expect([0, 1]).toContain(status);
  } else {
    await within(scpReceive(stream, fs, '/t', options)).catch((e: unknown) => {
      if (!(e instanceof SFTPError)) throw e;
    });
  }
  expect(outside(await snapshot(fs), '/t')).toEqual(before);
}

describe('fuzz: the sink and the server on random and mutated input', () => {
  const options = fc.record({
    recurse: fc.boolean(),
    preserve: fc.boolean(),
    errorHandler: fc.constantFrom(undefined, () => undefined),
    expectedNames: fc.constantFrom(undefined, ['d'], ['*']),
  });

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .array(
              fc.constantFrom(
                ...['C0644 3 a\n', 'D0755 0 d\n', 'E\n', 'T1 0 2 0\n', 'abc', '\0', '\x01x\n', '/'],
              ),
              {
                maxLength: 12,
              },
            )
            .map((parts) => enc(parts.join(''))),
        ),
        options,
        fc.boolean(),
        (input, o, server) => checkSink(input, o, server),
      ),
      { numRuns: 400 },
    );
  });

  it('mutations of a valid stream', async () => {
    const valid = await validSourceBytes();
    expect(dec(valid.subarray(0, 2))).toBe('T1');
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        options,
        fc.boolean(),
        (ms, o, server) => checkSink(mutate(valid, ms), { ...o, recurse: true }, server),
      ),
      { numRuns: 400 },
    );
  });

  it('scp -f with random answers from the client settles and writes nothing', async () => {
    const fs = await victim();
    await fs.writeFile('/t/sub/f', pseudoRandomBytes(1000, 3));
    const before = await snapshot(fs);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { arbitrary: fc.constant(0), weight: 8 },
            { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
          ),
          {
            maxLength: 40,
          },
        ),
        async (answers) => {
          const status = await within(
            runSCPServer(
              'scp -r -p -f /t /outside nothing*',
              scriptedStream(Uint8Array.from(answers), 3),
              fs,
            ),
          );
          expect([0, 1]).toContain(status);
        },
      ),
      { numRuns: 300 },
    );
    expect(await snapshot(fs)).toEqual(before);
  });

  it('random command lines never throw', async () => {
    const fs = await victim();
    const before = await snapshot(fs);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc
            .array(
              fc.constantFrom(
                'scp',
                '-t',
                '-f',
                '-r',
                '-p',
                '-d',
                '--',
                '/t',
                "'a b'",
                '"*"',
                '~',
                '\\',
                '*',
                '..',
              ),
              {
                maxLength: 8,
              },
            )
            .map((w) => w.join(' ')),
        ),
        async (command) => {
          const status = await within(runSCPServer(command, scriptedStream(new Uint8Array(0)), fs));
          expect([0, 1]).toContain(status);
        },
      ),
      { numRuns: 300 },
    );
    expect(outside(await snapshot(fs), '/t')).toEqual(outside(before, '/t'));
  });
});
