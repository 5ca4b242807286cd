import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng.ts';
import { formatProgram } from './format-program.ts';
import { generateProgram, type ProgramShape } from './generate-program.ts';
import { parseProgram } from './parse-program.ts';
import { runProgram } from './run-program.ts';

// The table: scripts/python-semantics-table.py ran every program below with Python's own eval (plus the ±10^9
// rule, checked on every sub-expression) and wrote what Python printed, or the error.
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const [header, ...caseLines] = fixture('python-semantics.jsonl').trim().split('\n');
const cases = caseLines.map((l) => JSON.parse(l) as { program: string; results: [number, string][] });

// The generated half of the table: what these settings of the generator write, one program per line.
const wildShape: ProgramShape = { minDepth: 2, maxDepth: 5, maxLiteral: 12, maxDivisor: 7, wild: true };
const wildSeed = 19;

function actual(program: string, input: number): string {
  const parsed = parseProgram(program);
  if (!parsed.ok) return `rejected (${parsed.kind}): ${parsed.reason}`;
  const run = runProgram(parsed.program, input);
  if (run.ok) return run.repr;
  return run.kind === 'runtime' && run.error ? run.error : `${run.kind}: ${run.reason}`;
}

describe('the executor against Python', () => {
  it('the table is Python 3 output over hand-written and generated programs', () => {
    expect(JSON.parse(header!)).toMatchObject({ bound: 1_000_000_000, python: expect.stringMatching(/^3\./) });
    expect(cases.length).toBeGreaterThan(500);
    expect(cases.reduce((n, c) => n + c.results.length, 0)).toBeGreaterThan(9000);
    const outcomes = new Set(cases.flatMap((c) => c.results.map(([, r]) => (/^-?\d+$/.test(r) ? 'int' : r))));
    expect([...outcomes].sort()).toEqual(['False', 'True', 'int', 'out-of-range', 'zero-division']);
  });

  it('prints what Python prints, and fails where Python fails, on every program and input of the table', () => {
    const mismatches: string[] = [];
    for (const { program, results } of cases) {
      for (const [input, python] of results) {
        const ours = actual(program, input);
        if (ours !== python) mismatches.push(`${program} on ${input}: Python ${python}, executor ${ours}`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('keeps every result when a table program is rewritten by formatProgram (parentheses and precedence)', () => {
    const mismatches: string[] = [];
    for (const { program, results } of cases) {
      const parsed = parseProgram(program);
      if (!parsed.ok) continue; // reported by the test above
      const rewritten = formatProgram(parsed.program);
      for (const [input, python] of results) {
        if (actual(rewritten, input) !== python) mismatches.push(`${program} → ${rewritten} on ${input}`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('the generated programs in the table are the seeded generator’s output', () => {
    const rng = createRng(wildSeed);
    const expected = Array.from({ length: 400 }, () => formatProgram(generateProgram(rng, wildShape)));
    expect(fixture('generated-programs.txt').trim().split('\n')).toEqual(expected);
  });

  it('spot checks: floor semantics, bools as ints, operand-returning and/or, chains, short circuits', () => {
    const table: [string, number, string][] = [
      ['lambda x: x//2', -7, '-4'],
      ['lambda x: x%3', -7, '2'],
      ['lambda x: x%-3', 7, '-2'],
      ['lambda x: True+1', 0, '2'],
      ['lambda x: min(True, 1)', 0, 'True'],
      ['lambda x: max(1, True)', 0, '1'],
      ['lambda x: 0 or False', 0, 'False'],
      ['lambda x: False or 0', 0, '0'],
      ['lambda x: x < 1 == True', 0, 'True'],
      ['lambda x: 1 < 0 < 1//0', 0, 'False'],
      ['lambda x: x and 1//x', 0, '0'],
      ['lambda x: not x == 0', 0, 'False'],
      ['lambda x: -x%3', 1, '2'],
      ['lambda x: x*x//x', 31623, 'out-of-range'],
      ['lambda x: 1000000000+x', 1, 'out-of-range'],
      ['lambda x: x//0', 5, 'zero-division'],
    ];
    for (const [program, input, expected] of table) expect(actual(program, input), program).toBe(expected);
  });
});
