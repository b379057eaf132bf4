import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SFTPError } from '../src/errors.js';
import { FX_BAD_MESSAGE } from '../src/protocol-numbers.js';
import { formatSCPCommand, parseSCPCommand, type SCPCommand } from '../src/scp/command.js';
import { expectedNameTest, hasWildcards, patternTest, unescapePattern } from '../src/scp/pattern.js';

const base = { recurse: false, preserve: false, targetIsDirectory: false, verbose: false };

describe('parseSCPCommand', () => {
  it('reads what OpenSSH sends', () => {
    expect(parseSCPCommand('scp -v -r -p -d -t -- /tmp/x')).toEqual({
      mode: 'sink',
      paths: ['/tmp/x'],
      recurse: true,
      preserve: true,
      targetIsDirectory: true,
      verbose: true,
    });
    expect(parseSCPCommand('scp -f a b')).toEqual({ ...base, mode: 'source', paths: ['a', 'b'] });
    expect(parseSCPCommand('  scp\t-rpqf   -- -dash  ')).toEqual({
      ...base,
      mode: 'source',
      paths: ['-dash'],
      recurse: true,
      preserve: true,
    });
    expect(parseSCPCommand('/usr/bin/scp -t .').paths).toEqual(['.']);
    expect(parseSCPCommand('scp -t - ').paths).toEqual(['-']);
  });

  it('splits words as sh does: quotes, backslashes, empty words', () => {
    expect(parseSCPCommand(`scp -f 'a b' "c d" e\\ f '' "x'y" 'it'\\''s' "\\$\\"\\\\\\a"`).paths).toEqual([
      'a b',
      'c d',
      'e f',
      '',
      "x'y",
      "it's",
      '$"\\\\\\\\a',
    ]);
    expect(parseSCPCommand('scp -t "a\\\nb"').paths).toEqual(['ab']);
    expect(parseSCPCommand('scp -t a\\\nb').paths).toEqual(['ab']);
  });

  it('keeps unquoted wildcards of a source and escapes quoted ones', () => {
    expect(parseSCPCommand(`scp -f *.txt '*.txt' \\*.txt "[a]" [a] 'x\\y' ]`).paths).toEqual([
      '*.txt',
      '\\*.txt',
      '\\*.txt',
      '\\[a\\]',
      '[a]',
      'x\\\\y',
      ']',
    ]);
    // A sink target is plain text.
    expect(parseSCPCommand(`scp -t '*'`).paths).toEqual(['*']);
  });

  it('leaves an unquoted leading tilde to the server and makes a quoted one a plain name', () => {
    expect(parseSCPCommand(`scp -f ~ ~/x ~u/x '~' ~'/x' "~u"/x a/~`).paths).toEqual([
      '~',
      '~/x',
      '~u/x',
      './~',
      './~/x',
      './~u/x',
      'a/~',
    ]);
  });

  it.each([
    ['', 'not an scp command'],
    ['ls -t x', 'not an scp command'],
    ['scpx -t x', 'not an scp command'],
    ['scp -t', 'no path'],
    ['scp x', 'exactly one of -f and -t is needed'],
    ['scp -f -t x', 'exactly one of -f and -t is needed'],
    ['scp -ft x', 'exactly one of -f and -t is needed'],
    ['scp -z -t x', 'unknown option -z'],
    ['scp -t -3 x', 'unknown option -3'],
    ['scp -t a b', '-t takes one target'],
    ["scp -t 'x", 'unterminated single quote'],
    ['scp -t "x', 'unterminated double quote'],
    ['scp -t x; rm y', 'unsupported shell syntax ";"'],
    ['scp -t x | y', 'unsupported shell syntax "|"'],
    ['scp -t $HOME', 'unsupported shell syntax "$"'],
    ['scp -t "$HOME"', 'expansions are not supported'],
    ['scp -t `id`', 'unsupported shell syntax "`"'],
    ['scp -t x > y', 'unsupported shell syntax ">"'],
    ['scp -t x #c', 'unsupported shell syntax "#"'],
    ['scp -t x\ny', 'more than one command'],
  ])('refuses %j', (command, why) => {
    let error: unknown;
    try {
      parseSCPCommand(command);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SFTPError);
    expect(error).toMatchObject({ code: FX_BAD_MESSAGE, reason: `scp command: ${why}` });
  });
});

describe('formatSCPCommand', () => {
  it('builds what our client runs', () => {
    expect(
      formatSCPCommand({
        mode: 'sink',
        paths: ['/tmp/x'],
        recurse: true,
        preserve: true,
        targetIsDirectory: true,
      }),
    ).toBe("scp -r -p -d -t -- '/tmp/x'");
    expect(formatSCPCommand({ ...base, mode: 'source', paths: ['dir/*.txt', "it's $x", 'a b'] })).toBe(
      `scp -f -- 'dir/'*'.txt' 'it'\\''s $x' 'a b'`,
    );
  });

  it('leaves wildcards of a source bare (classes whole) and quotes everything of a sink', () => {
    expect(formatSCPCommand({ ...base, mode: 'source', paths: ['f[0-9]?', 'a\\*b', '[ x]', 'end\\'] })).toBe(
      `scp -f -- 'f'[0-9]? 'a*b' [' x'] 'end\\'`,
    );
    expect(formatSCPCommand({ ...base, mode: 'sink', paths: ['*?[]'] })).toBe(`scp -t -- '*?[]'`);
  });

  it('leaves a leading ~ or ~user (and its slash) bare', () => {
    expect(
      formatSCPCommand({ ...base, mode: 'source', paths: ['~', '~/a b', '~me/x', '~a b/x', './~'] }),
    ).toBe(`scp -f -- ~ ~/'a b' ~me/'x' '~a b/x' './~'`);
    expect(formatSCPCommand({ ...base, mode: 'sink', paths: ['~/'] })).toBe('scp -t -- ~/');
    expect(formatSCPCommand({ ...base, mode: 'sink', paths: [''] })).toBe("scp -t -- ''");
  });

  it('refuses a NUL in a path', () => {
    expect(() => formatSCPCommand({ ...base, mode: 'sink', paths: ['a\0b'] })).toThrow(TypeError);
  });
});

describe('round trips', () => {
  const chars = fc.constantFrom(...'ab/ .-~*?[]\\\'"$`;&|<>(){}!#\t\n^%=,:@'.split(''), 'é', '\udcff');
  const path = fc.array(chars, { maxLength: 12 }).map((a) => a.join(''));
  const command: fc.Arbitrary<Omit<SCPCommand, 'verbose'>> = fc.record({
    mode: fc.constantFrom('source' as const, 'sink' as const),
    paths: fc.array(path, { minLength: 1, maxLength: 3 }),
    recurse: fc.boolean(),
    preserve: fc.boolean(),
    targetIsDirectory: fc.boolean(),
  });

  it('parse(format(c)) is c, once paths are in the form parse gives', () => {
    fc.assert(
      fc.property(command, (c) => {
        const cmd = c.mode === 'sink' ? { ...c, paths: c.paths.slice(0, 1) } : c;
        const once = parseSCPCommand(formatSCPCommand(cmd));
        const twice = parseSCPCommand(formatSCPCommand(once));
        expect(twice).toEqual(once);
        expect(once).toMatchObject({ ...cmd, paths: expect.any(Array) });
        // What the shell sees literally is what was asked for.
        for (const [i, p] of cmd.paths.entries()) {
          const got = once.paths[i] as string;
          const literal = (s: string): string => (cmd.mode === 'source' ? unescapePattern(s) : s);
          const asked = literal(p);
          expect(asked.startsWith('~') && !got.startsWith('~') ? `./${asked}` : asked).toBe(literal(got));
          if (cmd.mode === 'source') expect(hasWildcards(got)).toBe(hasWildcards(p));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatSCPCommand through a real shell', () => {
  it('sh sees each path as meant: literal text, wildcards left as patterns, ~ expanded', () => {
    const chars = fc.constantFrom(...'ab/ .-~*?[]\\\'"$`;&|<>(){}!#\t\n^%=,:@é'.split(''));
    const cmd = fc.record({
      mode: fc.constantFrom('source' as const, 'sink' as const),
      path: fc.array(chars, { maxLength: 10 }).map((a) => a.join('')),
    });
    const samples = fc.sample(cmd, { numRuns: 300, seed: 42 });
    // In an empty directory no pattern matches, so sh leaves each one as its literal text.
    const dir = mkdtempSync(join(tmpdir(), 'scp-sh-'));
    try {
      const script = samples
        .map(({ mode, path }) =>
          formatSCPCommand({ ...base, mode, paths: [path] }).replace(/^scp /, "printf '%s\\0' "),
        )
        .join('\n');
      const out = execFileSync('sh', ['-c', script], {
        cwd: dir,
        env: { HOME: '/h', PATH: process.env.PATH },
      });
      const words = out.toString('utf8').split('\0').slice(0, -1);
      expect(words.length).toBe(samples.length * 3);
      samples.forEach(({ mode, path }, i) => {
        const literal = mode === 'source' ? unescapePattern(path) : path;
        const home = /^~(\/|$)/.test(path) ? `/h${literal.slice(1)}` : literal;
        expect([words[i * 3], words[i * 3 + 1], words[i * 3 + 2]]).toEqual([
          mode === 'source' ? '-f' : '-t',
          '--',
          home,
        ]);
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('patterns', () => {
  it('matches as fnmatch: wildcards, classes, ranges, escapes', () => {
    const cases: [string, string[], string[]][] = [
      ['*.txt', ['a.txt', 'x.y.txt'], ['a.txt.bak', 'txt']],
      ['a?c', ['abc', 'a€c'], ['ac', 'abbc']],
      ['f[0-9][!a-c]', ['f1d', 'f9z'], ['f1a', 'fx1', 'f1']],
      ['[]x]', [']', 'x'], ['[', 'y']],
      ['[^a]', ['b'], ['a']],
      ['a\\*b', ['a*b'], ['aXb']],
      ['x[', ['x['], ['x']],
      ['**', ['anything'], []],
    ];
    for (const [pattern, yes, no] of cases) {
      const test = patternTest(pattern);
      for (const n of yes) expect([pattern, n, test(n)]).toEqual([pattern, n, true]);
      for (const n of no) expect([pattern, n, test(n)]).toEqual([pattern, n, false]);
    }
    expect(hasWildcards('a\\*b')).toBe(false);
    expect(hasWildcards('a\\\\*b')).toBe(true);
  });

  it('a leading dot matches only a literal dot, as the shell globs', () => {
    expect(patternTest('*')('.profile')).toBe(false);
    expect(patternTest('?profile')('.profile')).toBe(false);
    expect(patternTest('.*')('.profile')).toBe(true);
    expect(patternTest('\\.p*')('.profile')).toBe(true);
  });

  it('takes linear-ish time where a backtracking RegExp takes minutes', () => {
    const started = Date.now();
    expect(patternTest(`${'*a'.repeat(30)}*b`)('a'.repeat(8000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('expected names: patterns, escaped literals, unmatched literals; unknowable names turn the check off', () => {
    const test = expectedNameTest(['*.txt', 'a\\*b', 'f[0-9]']);
    expect(test).toBeDefined();
    for (const ok of ['x.txt', 'a*b', 'f1', 'f[0-9]']) expect(test?.(ok)).toBe(true);
    for (const bad of ['x.bin', 'aXb', 'fa', '..', '.x.txt']) expect(test?.(bad)).toBe(false);
    for (const off of [['.'], ['..'], [''], ['~'], ['~user'], ['a', '.']])
      expect(expectedNameTest(off)).toBeUndefined();
    expect(expectedNameTest([])).toBeUndefined();
  });
});
