import { describe, expect, it } from 'vitest';
import { defaultLimits, type FailureKind } from './exec-result.ts';
import { parseProgram } from './parse-program.ts';
import { execute, runProgram } from './run-program.ts';

const roomy = { ...defaultLimits, maxSourceLength: 1_000_000 };

// [program, the kind of failure it must give]. Each is either outside the language or abuses a limit.
const hostile: [string, FailureKind][] = [
  // reaching the host
  ["lambda x: __import__('os')", 'banned'],
  ["lambda x: __import__('os').system('ls')", 'banned'],
  ['lambda x: __builtins__', 'banned'],
  ['lambda x: x.__class__', 'banned'],
  ['lambda x: x.__class__.__bases__[0].__subclasses__()', 'banned'],
  ['lambda x: ().__class__', 'banned'],
  ['lambda x: x.real', 'banned'],
  ['lambda x: True.__class__', 'banned'],
  ["lambda x: eval('1')", 'banned'],
  ["lambda x: exec('import os')", 'banned'],
  ["lambda x: open('/etc/passwd')", 'banned'],
  ['lambda x: globals()', 'banned'],
  ['lambda x: print(x)', 'banned'],
  ["lambda x: getattr(x, 'real')", 'banned'],
  ['lambda x: breakpoint()', 'banned'],
  // strings
  ["lambda x: 'a'", 'banned'],
  ['lambda x: "a"*3', 'banned'],
  ["lambda x: b'a'", 'banned'],
  ["lambda x: f'{x}'", 'banned'],
  // statements
  ['lambda x: x; import os', 'banned'],
  ['import os', 'banned'],
  ['from os import system', 'banned'],
  ['lambda x: x\nimport os', 'syntax'],
  ['def f(x): return x', 'banned'],
  ['lambda x: x = 1', 'banned'],
  ['lambda x: yield x', 'banned'],
  ['lambda x: await x', 'banned'],
  ['lambda x: x if x else (yield)', 'banned'],
  ['lambda x: [x for x in range(10)]', 'banned'],
  // lambdas and functions
  ['lambda x: lambda y: y', 'banned'],
  ['lambda x: (lambda y: y)(x)', 'banned'],
  ['lambda x, y: x', 'syntax'],
  ['lambda *x: x', 'syntax'],
  ['lambda x=1: x', 'banned'],
  ['lambda: 1', 'syntax'],
  ['lambda y: y', 'syntax'],
  ['x + 1', 'syntax'],
  ['', 'syntax'],
  ['   ', 'syntax'],
  ['lambda x:', 'syntax'],
  ['lambda x: abs', 'syntax'],
  ['lambda x: abs(x)(1)', 'banned'],
  ['lambda x: (abs)(x)', 'syntax'],
  ['lambda x: x(1)', 'banned'],
  ['lambda x: min(x)', 'syntax'],
  ['lambda x: max(x, 1, 2)', 'syntax'],
  ['lambda x: min(x, key=abs)', 'banned'],
  ['lambda x: min(*x)', 'syntax'],
  ['lambda x: abs(x,)', 'syntax'],
  // other constructs
  ['lambda x: (y := x)', 'banned'],
  ['lambda x: [x]', 'banned'],
  ['lambda x: {x}', 'banned'],
  ['lambda x: {1: x}', 'banned'],
  ['lambda x: (x, x)', 'banned'],
  ['lambda x: ()', 'banned'],
  ['lambda x: x[0]', 'banned'],
  ['lambda x: x ** 2', 'banned'],
  ['lambda x: x / 2', 'banned'],
  ['lambda x: x @ x', 'banned'],
  ['lambda x: x << 1', 'banned'],
  ['lambda x: x & 1', 'banned'],
  ['lambda x: ~x', 'banned'],
  ['lambda x: 1.5', 'banned'],
  ['lambda x: 1e3', 'syntax'],
  ['lambda x: 0x10', 'syntax'],
  ['lambda x: 1_000', 'syntax'],
  ['lambda x: 007', 'syntax'],
  ['lambda x: 1if x else 2', 'syntax'],
  ['lambda x: x in [1]', 'banned'],
  ['lambda x: x is 1', 'banned'],
  ['lambda x: x not in y', 'banned'],
  ['lambda x: None', 'banned'],
  ['lambda x: x # comment', 'banned'],
  ['lambda x: x \\', 'banned'],
  ['lambda x: y', 'name'],
  ['lambda x: X', 'name'],
  ['lambda x: ｘ', 'syntax'],
  ['lambda x: x\u200b', 'syntax'],
  ['lambda x: x\u0000', 'syntax'],
  ['lambda x: 1 + not x', 'syntax'],
  ['lambda x: x == not x', 'syntax'],
  ['lambda x: x if x', 'syntax'],
  ['lambda x: 1 if x else 2 else 3', 'syntax'],
  ['lambda x: -', 'syntax'],
  ['lambda x: (x', 'syntax'],
  ['lambda x: x)', 'syntax'],
  ['lambda x: x x', 'syntax'],
  ['lambda x: x <> 1', 'syntax'],
  ['lambda x: x == = 1', 'banned'],
  ['lambda x: x -> 1', 'syntax'],
  // limits
  ['lambda x: 1000000001', 'limit'],
  [`lambda x: ${'9'.repeat(100_000)}`, 'limit'],
  [`lambda x: ${'('.repeat(10_000)}x${')'.repeat(10_000)}`, 'limit'],
  [`lambda x: ${'-'.repeat(10_000)}x`, 'limit'],
  [`lambda x: ${'not '.repeat(10_000)}x`, 'limit'],
  [`lambda x: ${'x+'.repeat(10_000)}x`, 'limit'],
  [`lambda x: ${'abs('.repeat(10_000)}x${')'.repeat(10_000)}`, 'limit'],
  [`lambda x: ${'x if x else '.repeat(10_000)}x`, 'limit'],
  [`lambda x: ${'x < '.repeat(10_000)}x`, 'limit'],
];

describe('hostile programs', () => {
  it.each(hostile.map(([program, kind]) => [JSON.stringify(program).slice(0, 60), kind, program]))(
    '%s → %s',
    (_shown, kind, program) => {
      const result = execute(program as string, 3);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.kind).toBe(kind);
      expect(result.reason.length).toBeGreaterThan(5);
      expect(result.reason.length).toBeLessThan(300);
    },
  );

  it('deep nesting and huge literals are refused by the depth and literal limits too, not only by length', () => {
    const deep: string[] = [
      `lambda x: ${'('.repeat(10_000)}x${')'.repeat(10_000)}`,
      `lambda x: ${'-'.repeat(10_000)}x`,
      `lambda x: ${'not '.repeat(10_000)}x`,
      `lambda x: ${'x+'.repeat(10_000)}x`,
      `lambda x: ${'abs('.repeat(10_000)}x${')'.repeat(10_000)}`,
      `lambda x: ${'x if x else '.repeat(10_000)}x`,
      `lambda x: ${'min(x, '.repeat(10_000)}x${')'.repeat(10_000)}`,
    ];
    for (const program of deep) {
      const result = execute(program, 3, roomy);
      expect(result).toMatchObject({ ok: false, kind: 'limit', reason: expect.stringMatching(/nests/) });
    }
    expect(execute(`lambda x: ${'9'.repeat(100_000)}`, 3, roomy)).toMatchObject({ ok: false, kind: 'limit' });
    // Just inside the depth limit still runs.
    const ok = `lambda x: ${'-'.repeat(98)}x`;
    expect(execute(ok, 3)).toMatchObject({ ok: true, value: 3 });
  });

  it('huge products and sums are runtime errors at the first value outside ±10^9', () => {
    expect(execute('lambda x: x*x*x*x', 1000)).toMatchObject({ ok: false, kind: 'runtime', error: 'out-of-range' });
    expect(execute('lambda x: x*x*x*x*x*x*x*x', 999)).toMatchObject({ ok: false, error: 'out-of-range' });
    expect(execute('lambda x: 1000000000*1000000000', 0)).toMatchObject({ ok: false, error: 'out-of-range' });
    expect(execute('lambda x: x+x', 1_000_000_000)).toMatchObject({ ok: false, error: 'out-of-range' });
    expect(execute('lambda x: x-1', -1_000_000_000)).toMatchObject({ ok: false, error: 'out-of-range' });
    expect(execute('lambda x: x*x//x', 31623)).toMatchObject({ ok: false, error: 'out-of-range' });
    expect(execute('lambda x: x*x', 31622)).toMatchObject({ ok: true, value: 999_950_884 });
    expect(execute('lambda x: 1//x', 0)).toMatchObject({ ok: false, kind: 'runtime', error: 'zero-division' });
    expect(execute('lambda x: x%0', 1)).toMatchObject({ ok: false, kind: 'runtime', error: 'zero-division' });
  });

  it('inputs that are not integers within ±10^9 are refused before the program runs', () => {
    const parsed = parseProgram('lambda x: 1');
    if (!parsed.ok) throw new Error(parsed.reason);
    for (const input of [1_000_000_001, -1e12, 1.5, Number.NaN, Infinity, 2 ** 60]) {
      expect(runProgram(parsed.program, input)).toMatchObject({ ok: false, kind: 'runtime', error: 'out-of-range' });
    }
  });

  it('the step limit stops a run, and a non-string source is a failure, not a throw', () => {
    const parsed = parseProgram('lambda x: x+x+x+x+x+x');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(runProgram(parsed.program, 1, { ...defaultLimits, maxSteps: 5 })).toMatchObject({
      ok: false,
      kind: 'limit',
    });
    expect(runProgram(parsed.program, 1, { ...defaultLimits, maxSteps: 11 })).toMatchObject({ ok: true, value: 6 });
    for (const junk of [undefined, null, 42, {}, ['lambda x: x']]) {
      expect(parseProgram(junk as unknown as string)).toMatchObject({ ok: false, kind: 'syntax' });
    }
  });

  it('failures say where: the offset of the offending character, leading whitespace counted', () => {
    expect(execute('  lambda x: x.y', 0)).toMatchObject({ kind: 'banned', at: 13 });
    expect(execute('lambda x: (x+', 0)).toMatchObject({ kind: 'syntax', at: 13 });
  });
});
