import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { critiquePrompt, referenceTrace } from '../../executors/index.ts';
import type { Policy } from '../../spec/policy.ts';
import { createRng } from '../../util/rng.ts';
import { criticAccuracy, itemSteps } from './critic-accuracy.ts';
import { checkCriticLines, criticItemsToJsonl, parseCriticFile } from './critic-file.ts';
import { generateCriticFile } from './critic-file-generator.ts';
import { scriptedErrors, scriptedValue } from '../../executors/index.ts';

const fileUrl = new URL('../../../data/tasks/spc-critic-200.jsonl', import.meta.url);
const benchmarkUrl = new URL('../../../data/tasks/benchmark-300.jsonl', import.meta.url);

describe('the held-out critic file', () => {
  it('regenerates data/tasks/spc-critic-200.jsonl byte for byte (scripts/make-spc-critic-file.ts)', () => {
    expect(readFileSync(fileUrl, 'utf8')).toBe(criticItemsToJsonl(generateCriticFile()));
  });

  it('reads clean: 200 items over the benchmark’s deduction programs, several error types, first wrong checked', () => {
    const { items, errors } = checkCriticLines(readFileSync(fileUrl, 'utf8'));
    expect(errors).toEqual([]);
    expect(items).toHaveLength(200);
    const benchmark = readFileSync(benchmarkUrl, 'utf8');
    for (const item of items)
      expect(benchmark).toContain(`"type":"deduction","program":${JSON.stringify(item.program)}`);
    const clean = items.filter((i) => i.firstWrong === null);
    expect(clean.length).toBeGreaterThan(30);
    expect(clean.every((i) => i.error === undefined)).toBe(true);
    const types = new Set(items.flatMap((i) => (i.error ? [i.error] : [])));
    expect(types.size).toBeGreaterThanOrEqual(4);
    // Each corrupted step keeps the reference's expression and only its value is wrong.
    for (const item of items.filter((i) => i.firstWrong !== null)) {
      const ref = referenceTrace(item.program, item.input);
      if (!ref.ok) throw new Error(ref.reason);
      const k = item.firstWrong! - 1;
      expect(item.steps[k]!.startsWith(`${ref.steps[k]!.expr} = `)).toBe(true);
      expect(item.steps.filter((s, i) => s !== `${ref.steps[i]!.expr} = ${ref.steps[i]!.value}`)).toHaveLength(1);
    }
  });

  it('the scripted corrupter: each error type makes a false claim, or does not apply', () => {
    const step = { expr: 'x//2', value: '-4' };
    const earlier = [{ expr: 'x-1', value: '-8' }];
    const got = Object.fromEntries(
      scriptedErrors.map((error) => [error, scriptedValue({ step, earlier, input: -7, error, rng: createRng(1) })]),
    );
    expect(got['negated']).toBe('4');
    expect(got['truncated-division']).toBe('-3');
    expect(['-7', '-8']).toContain(got['stale-value']);
    expect(got['flipped-bool']).toBeUndefined();
    expect(Math.abs(Number(got['off-by-small']) + 4)).toBeGreaterThanOrEqual(1);
    const bool = { expr: 'x > 0', value: 'False' };
    expect(scriptedValue({ step: bool, earlier: [], input: -7, error: 'flipped-bool', rng: createRng(1) })).toBe(
      'True',
    );
    expect(
      scriptedValue({ step: bool, earlier: [], input: -7, error: 'off-by-small', rng: createRng(1) }),
    ).toBeUndefined();
  });

  it('names the line and the key of every bad line', () => {
    const good = '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 = 12","x*3+1 = 14"],"firstWrong":2}';
    const text = [
      good,
      '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 = 12","x*3+1 = 14"],"firstWrong":1}',
      '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 = 12","x*3+1 = 13"],"firstwrong":null}',
      '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 = 12","3*x+1 = 13"],"firstWrong":null}',
      '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 is 12"],"firstWrong":null}',
      '{"program":"lambda x: x*3+1","input":4,"steps":["x*3 = 12"],"firstWrong":null}',
      '{"program":"lambda x: x.y","input":4,"steps":["x = 4"],"firstWrong":null}',
      'not json',
      '',
    ].join('\n');
    const { items, errors } = checkCriticLines(text);
    expect(items).toHaveLength(1);
    expect(errors.map((e) => [e.line, e.key])).toEqual([
      [2, 'firstWrong'],
      [3, 'firstwrong'],
      [4, 'steps[1]'],
      [5, 'steps[0]'],
      [6, 'steps'],
      [7, 'program'],
      [8, undefined],
    ]);
    expect(errors[0]!.message).toBe('the first wrong step is 2, not 1');
    expect(() => parseCriticFile(text, 'bad.jsonl')).toThrow(/bad\.jsonl line 2, key "firstWrong"/);
    expect(() => parseCriticFile('\n', 'empty.jsonl')).toThrow(/holds no traces/);
  });
});

describe('criticAccuracy', () => {
  it('scores a scripted critic: localisation on corrupted items, none on clean ones, unreadable counted', async () => {
    const items = parseCriticFile(readFileSync(fileUrl, 'utf8')).slice(0, 40);
    const answer = new Map(items.map((i) => [critiquePrompt(i, itemSteps(i)), i.firstWrong]));
    // Right on every corrupted item; on clean items, unreadable.
    const policy: Policy = {
      name: 'scripted',
      async act(request) {
        const firstWrong = answer.get(request.observation);
        if (firstWrong === undefined) throw new Error('unknown prompt');
        return { text: firstWrong === null ? 'hmm' : `\\boxed{${firstWrong}}` };
      },
    };
    const report = await criticAccuracy({ policy, items, seed: 3 });
    const clean = items.filter((i) => i.firstWrong === null).length;
    expect(report.corrupted).toEqual({ items: 40 - clean, accuracy: 1 });
    expect(report.clean).toEqual({ items: clean, accuracy: 0 });
    expect(report.unreadable).toBeCloseTo(clean / 40);
    expect(report.answers).toHaveLength(40);
  });
});
