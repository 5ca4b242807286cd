import { describe, expect, it } from 'vitest';
import type { Rng } from '../spec/rng.ts';
import { createRng } from '../util/rng.ts';
import { defaultLimits, type ExecFailure, failureKinds, valueBound } from './exec-result.ts';
import { formatProgram } from './format-program.ts';
import { generateProgram } from './generate-program.ts';
import { parseProgram } from './parse-program.ts';
import { type RunResult, runProgram } from './run-program.ts';

const inputs = [-1_000_000_000, -7, 0, 1, 3, 31623, 1_000_000_000];

// prettier-ignore
const soupTokens = [
  'lambda', 'x', 'x', 'x', ':', '(', ')', '+', '-', '*', '//', '%', '<', '<=', '==', '!=', '>', '>=', 'and', 'or',
  'not', 'if', 'else', 'abs', 'min', 'max', ',', '0', '1', '7', '12', '1000000000', '999999999', 'True', 'False',
  'lambda x:', '.', '"', "'", ';', '=', ':=', '**', '/', '[', ']', '{', '}', '__import__', 'y', 'import', 'os',
  'in', 'is', 'None', '\n', '\t', '\u0000', 'é', '#', '\\', '1.5', '0x1', '(((', ')))', '-'.repeat(50),
];

const mutationChars = ' \t()+-*/%<>=!:,.;[]{}"\'#\\_x0123456789aemnotTFlambdifs\u00e9\u200b\u0000';

function soup(rng: Rng): string {
  const n = rng.int(40);
  const parts: string[] = rng.int(2) === 0 ? ['lambda x: '] : [];
  for (let i = 0; i < n; i++) parts.push(soupTokens[rng.int(soupTokens.length)]!, rng.int(3) === 0 ? '' : ' ');
  return parts.join('');
}

function mutate(source: string, rng: Rng): string {
  let s = source;
  for (let m = 1 + rng.int(4); m > 0; m--) {
    const at = rng.int(s.length + 1);
    const char = mutationChars[rng.int(mutationChars.length)]!;
    switch (rng.int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at) + char + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + char + s.slice(at + 1);
        break;
      case 3: {
        const len = rng.int(12);
        s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
        break;
      }
      default: {
        const [a, b] = [rng.int(s.length + 1), rng.int(s.length + 1)].sort((p, q) => p - q);
        s = s.slice(0, a!) + s.slice(b!) + s.slice(a!, b!);
      }
    }
  }
  return s;
}

const known = new Set<string>(failureKinds.filter((k) => k !== 'internal'));

function checkFailure(f: ExecFailure, source: string): void {
  if (!known.has(f.kind) || typeof f.reason !== 'string' || f.reason.length === 0) {
    throw new Error(`bad failure for ${JSON.stringify(source)}: ${JSON.stringify(f)}`);
  }
}

function checkRun(r: RunResult, source: string): void {
  if (!r.ok) return checkFailure(r, source);
  const fine =
    Number.isSafeInteger(r.value) &&
    Math.abs(r.value) <= valueBound &&
    !Object.is(r.value, -0) &&
    r.repr === (r.bool ? (r.value ? 'True' : 'False') : String(r.value)) &&
    r.steps <= defaultLimits.maxSteps;
  if (!fine) throw new Error(`bad result for ${JSON.stringify(source)}: ${JSON.stringify(r)}`);
}

/** Parses and runs; a program that parses must print back to text that parses to the same results. */
function exercise(source: string): 'ok' | 'failed' {
  const parsed = parseProgram(source);
  if (!parsed.ok) {
    checkFailure(parsed, source);
    return 'failed';
  }
  const again = parseProgram(formatProgram(parsed.program));
  if (!again.ok) throw new Error(`${JSON.stringify(source)} printed as unparsable ${formatProgram(parsed.program)}`);
  expect(again.program.body).toEqual(parsed.program.body);
  for (const input of inputs) {
    const r = runProgram(parsed.program, input);
    checkRun(r, source);
    expect(runProgram(again.program, input)).toEqual(r);
  }
  return 'ok';
}

describe('fuzzed programs never throw or hang', () => {
  it('6,000 random token soups: every result is a value of a known kind', () => {
    const rng = createRng(101);
    const counts = { ok: 0, failed: 0 };
    for (let i = 0; i < 6000; i++) counts[exercise(soup(rng))]++;
    expect(counts.ok + counts.failed).toBe(6000);
    expect(counts.failed).toBeGreaterThan(counts.ok);
  });

  it('6,000 mutated valid programs: some still parse (and round-trip), the rest fail as values', () => {
    const rng = createRng(202);
    const shape = { minDepth: 2, maxDepth: 6, maxLiteral: 20, maxDivisor: 9, wild: true };
    const counts = { ok: 0, failed: 0 };
    for (let i = 0; i < 6000; i++) counts[exercise(mutate(formatProgram(generateProgram(rng, shape)), rng))]++;
    expect(counts.ok).toBeGreaterThan(150);
    expect(counts.failed).toBeGreaterThan(1000);
  });

  it('2,000 generated programs print and parse back to the same tree', () => {
    const rng = createRng(303);
    for (let i = 0; i < 2000; i++) {
      const program = generateProgram(rng, { maxDepth: 7, maxLiteral: 30, maxDivisor: 9, wild: true });
      const parsed = parseProgram(formatProgram(program));
      if (!parsed.ok) throw new Error(`${formatProgram(program)}: ${parsed.reason}`);
      expect(parsed.program.body).toEqual(program.body);
    }
  });
});
