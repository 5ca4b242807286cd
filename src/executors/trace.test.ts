import { describe, expect, it } from 'vitest';
import { checkStep, firstWrongStep, isRightTrace, readStep, readTrace, referenceTrace, traceText } from './trace.ts';

const lines = (program: string, input: number) => {
  const trace = referenceTrace(program, input);
  if (!trace.ok) throw new Error(trace.reason);
  return trace.steps.map((s) => `${s.expr} = ${s.value}`);
};

describe('reference traces', () => {
  it('follow Python’s evaluation order on a hand-written table', () => {
    const table: [string, number, string[]][] = [
      ['lambda x: x*3+1', 4, ['x*3 = 12', 'x*3+1 = 13']],
      // The condition first, then only the taken branch.
      ['lambda x: x+1 if x > 0 else x*2', -3, ['x > 0 = False', 'x*2 = -6', 'x+1 if x > 0 else x*2 = -6']],
      ['lambda x: x+1 if x > 0 else x*2', 3, ['x > 0 = True', 'x+1 = 4', 'x+1 if x > 0 else x*2 = 4']],
      // Short circuits: the right side is skipped; and/or return an operand.
      ['lambda x: x > 5 and x//0', 2, ['x > 5 = False', 'x > 5 and x//0 = False']],
      ['lambda x: x-2 or x+1', 2, ['x-2 = 0', 'x+1 = 3', 'x-2 or x+1 = 3']],
      ['lambda x: x-2 or x//0', 5, ['x-2 = 3', 'x-2 or x//0 = 3']],
      // A chain stops at its first false link.
      ['lambda x: 0 < x+1 < x*0 < x//0', 1, ['x+1 = 2', 'x*0 = 0', '0 < x+1 < x*0 < x//0 = False']],
      [
        'lambda x: min(x*2, abs(x-7)) + max(-x, 3)',
        2,
        [
          'x*2 = 4',
          'x-7 = -5',
          'abs(x-7) = 5',
          'min(x*2, abs(x-7)) = 4',
          '-x = -2',
          'max(-x, 3) = 3',
          'min(x*2, abs(x-7))+max(-x, 3) = 7',
        ],
      ],
      // Floor division and modulo of negatives; a negated literal is no step.
      ['lambda x: (x-7)//2 + -3%2', 0, ['x-7 = -7', '(x-7)//2 = -4', '-3%2 = 1', '(x-7)//2+-3%2 = -3']],
      ['lambda x: not x', 0, ['not x = True']],
    ];
    for (const [program, input, expected] of table) expect(lines(program, input), program).toEqual(expected);
  });

  it('fails as a value: a program outside the language, a runtime error, a body with nothing to compute', () => {
    expect(referenceTrace('lambda x: x.y', 1)).toMatchObject({ ok: false, kind: 'banned' });
    expect(referenceTrace('lambda x: x//0', 1)).toMatchObject({ ok: false, kind: 'runtime' });
    expect(referenceTrace('lambda x: x', 1)).toMatchObject({ ok: false });
  });

  it('reads back its own text; every claim holds; it is right', () => {
    const trace = referenceTrace('lambda x: max(7*x, 5 if x > 8 else x)', 6);
    if (!trace.ok) throw new Error(trace.reason);
    const read = readTrace(traceText(trace.steps));
    expect(read).toEqual({ ok: true, steps: trace.steps });
    expect(firstWrongStep(trace.steps, 6)).toBeNull();
    expect(isRightTrace(trace.steps, trace.steps, 6)).toBe(true);
  });
});

describe('checking steps', () => {
  it('true, false (a wrong value, or a failing expression) and unparseable', () => {
    expect(checkStep({ expr: 'x*3', value: '12' }, 4)).toBe('true');
    expect(checkStep({ expr: 'x * 3', value: '12' }, 4)).toBe('true');
    expect(checkStep({ expr: 'x > 3', value: 'True' }, 4)).toBe('true');
    expect(checkStep({ expr: 'x > 3', value: '1' }, 4)).toBe('true'); // Python's == : True == 1
    expect(checkStep({ expr: 'x*3', value: '13' }, 4)).toBe('false');
    expect(checkStep({ expr: 'x > 3', value: 'False' }, 4)).toBe('false');
    expect(checkStep({ expr: 'x//0', value: '0' }, 4)).toBe('false');
    expect(checkStep({ expr: '__import__("os")', value: '0' }, 4)).toBe('unparseable');
    expect(checkStep({ expr: 'x: 5', value: '5' }, 4)).toBe('unparseable');
    expect(checkStep({ expr: 'lambda x: x', value: '5' }, 4)).toBe('unparseable');
  });

  it('a right trace has the reference’s expressions, as many, every claim true', () => {
    const ref = [
      { expr: 'x*3', value: '12' },
      { expr: 'x*3+1', value: '13' },
    ];
    expect(
      isRightTrace(
        ref,
        [
          { expr: 'x * 3', value: '12' },
          { expr: '(x*3)+1', value: '13' },
        ],
        4,
      ),
    ).toBe(true);
    expect(isRightTrace(ref, [ref[1]!], 4)).toBe(false); // too short, though true
    expect(isRightTrace(ref, [{ expr: '3*x', value: '12' }, ref[1]!], 4)).toBe(false); // another expression
    expect(isRightTrace(ref, [ref[0]!, { expr: 'x*3+1', value: '14' }], 4)).toBe(false);
    expect(firstWrongStep([ref[0]!, { expr: 'x*3+1', value: '14' }], 4)).toBe(2);
  });
});

describe('reading traces', () => {
  it('splits at the last lone =, not at ==, <=, >=, !=', () => {
    expect(readStep('x == 4 = True')).toEqual({ ok: true, step: { expr: 'x == 4', value: 'True' } });
    expect(readStep('x >= 4 = False')).toEqual({ ok: true, step: { expr: 'x >= 4', value: 'False' } });
    expect(readStep('  x*3=-12 ')).toEqual({ ok: true, step: { expr: 'x*3', value: '-12' } });
    expect(readStep('x >= 4')).toMatchObject({ ok: false });
    expect(readStep('x*3 = 12.5')).toMatchObject({ ok: false });
    expect(readStep('= 5')).toMatchObject({ ok: false });
  });

  it('never throws on hostile text', () => {
    const hostile: unknown[] = [
      '',
      '\n\n',
      'x*3 = 12\n\nx = 1',
      'x'.repeat(100_000),
      '='.repeat(10_000),
      `${'x*3 = 12\n'.repeat(100)}`,
      '((((((((((((((((((((((( = 1',
      '__import__("os").system("rm -rf /") = 0',
      '\u0000 = \u0000',
      'x = 99999999999999999999',
      null,
      42,
    ];
    for (const text of hostile) {
      const read = readTrace(text as string);
      expect(typeof read.ok).toBe('boolean');
      if (read.ok) for (const s of read.steps) expect(['true', 'false', 'unparseable']).toContain(checkStep(s, 1));
    }
    expect(readTrace('x*3 = 12\n\nx = 1')).toMatchObject({ ok: false, reason: expect.stringContaining('line 2') });
    expect(readTrace('x'.repeat(100_000))).toMatchObject({ ok: false, kind: 'limit' });
  });
});
