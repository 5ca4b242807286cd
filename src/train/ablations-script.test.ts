// Tests scripts/ablations (the ablation runner); it lives here because vitest only collects src/**/*.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arms, selectArms } from '../../scripts/ablations/arms.ts';
import { csvHeader, csvLines, meanCurve, type RunCurve, runCurve } from '../../scripts/ablations/curves.ts';
import { runAblations } from '../../scripts/ablations/main.ts';
import { shellCommand, trainArgs } from '../../scripts/ablations/train-command.ts';
import type { MetricPoint } from '../store/run-store.ts';

const point = (step: number, name: string, value: number): MetricPoint => ({ step, name, value });

describe('ablation curves', () => {
  it('joins exploitability with cumulative samples and wall seconds, counting a replayed step once', () => {
    const curve = runCurve([
      point(0, 'exploitability', 0.4),
      point(1, 'samples', 10),
      point(1, 'seconds', 1.5),
      point(2, 'samples', 7),
      point(2, 'samples', 8), // a resumed run replays step 2
      point(2, 'seconds', 3),
      point(2, 'exploitability', 0.3),
      point(3, 'samples', 5),
      point(4, 'exploitability', 0.2), // its step metrics missing: seconds unknown
    ]);
    expect(curve).toEqual([
      { step: 0, samplesCumulative: 0, seconds: 0, exploitability: 0.4 },
      { step: 2, samplesCumulative: 18, seconds: 3, exploitability: 0.3 },
      { step: 4, samplesCumulative: 23, seconds: Number.NaN, exploitability: 0.2 },
    ]);
  });

  it('averages an arm over seeds at the steps every seed measured, with the min–max band', () => {
    const run = (seed: number, values: number[]): RunCurve => ({
      arm: 'a',
      seed,
      points: values.map((v, i) => ({
        step: i * 10,
        samplesCumulative: i * 100 * seed,
        seconds: i * seed,
        exploitability: v,
      })),
    });
    const mean = meanCurve([run(1, [0.4, 0.3, 0.2]), run(3, [0.4, 0.1])]);
    expect(mean).toHaveLength(2);
    expect(mean[1]).toEqual({ step: 10, samples: 200, seconds: 2, mean: 0.2, min: 0.1, max: 0.3 });
    expect(meanCurve([])).toEqual([]);
  });

  it('writes one CSV line per measurement, seconds blank when unknown', () => {
    const runs: RunCurve[] = [
      {
        arm: 'rae-plain',
        seed: 2,
        points: [
          { step: 0, samplesCumulative: 0, seconds: 0, exploitability: 0.4 },
          { step: 10, samplesCumulative: 640, seconds: Number.NaN, exploitability: 0.25 },
        ],
      },
    ];
    expect(csvHeader).toBe('arm,seed,step,samples_cumulative,seconds,exploitability');
    expect(csvLines(runs)).toEqual(['rae-plain,2,0,0,0.000,0.400000', 'rae-plain,2,10,640,,0.250000']);
  });
});

describe('ablation arms and commands', () => {
  it('has the arms asked for, unique, and rejects an unknown name', () => {
    expect(arms.map((a) => a.name)).toEqual(
      expect.arrayContaining(['rae-magnet', 'rae-plain', 'no-baseline', 'observation-magnet', 'pool-uniform']),
    );
    expect(selectArms(['pool-uniform', 'rae-plain']).map((a) => a.name)).toEqual(['rae-plain', 'pool-uniform']);
    expect(() => selectArms(['nope'])).toThrow(/unknown arm nope; known arms: rae-magnet/);
  });

  it('builds a train command whose extras come after the arm (later --set wins)', () => {
    const arm = selectArms(['rae-plain'])[0]!;
    const args = trainArgs({ arm, seed: 3, steps: 50, minutes: 1440, extra: ['rollout.gamesPerStep=4'], runsDir: 'r' });
    expect(shellCommand(args)).toMatch(
      /^train --preset kuhn-poker-small --steps 50 --seed 3 --minutes 1440 .*--set regularization\.kind=none --set rollout\.gamesPerStep=4 --run-dir r\/rae-plain\/seed-3$/,
    );
    expect(shellCommand(['a b', "it's"])).toBe(`'a b' 'it'\\''s'`);
  });
});

describe('ablation runner, end to end', () => {
  const root = mkdtempSync(join(tmpdir(), 'selfplay-ablations-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const argv = [
    ...['--steps', '2', '--seeds', '1', '--only', 'rae-plain'],
    ...['--extra', 'rollout.gamesPerStep=4', '--extra', 'evaluation.every=1'],
    ...['--out-dir', join(root, 'out'), '--runs-dir', join(root, 'runs')],
  ];

  it('trains a tiny run, writes the report, then skips the finished run', async () => {
    const lines: string[] = [];
    expect(await runAblations({ argv, log: (l) => lines.push(l) })).toBe(0);
    expect(lines.join('\n')).toMatch(/rae-plain seed 1: done/);
    for (const file of [
      'ablations.csv',
      'summary.md',
      'exploitability-vs-steps.svg',
      'exploitability-vs-samples.svg',
      'exploitability-vs-seconds.svg',
    ])
      expect(existsSync(join(root, 'out', file)), file).toBe(true);
    const csv = readFileSync(join(root, 'out', 'ablations.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(4); // header + steps 0, 1, 2
    expect(csv[3]).toMatch(/^rae-plain,1,2,\d+,\d+\.\d{3},0\.\d+$/);
    const summary = readFileSync(join(root, 'out', 'summary.md'), 'utf8');
    expect(summary).toMatch(/\| rae-plain \| 1 \(1\) \| 0\.\d{3} \|/);
    expect(summary).toContain('--seed <S>');
    expect(readFileSync(join(root, 'out', 'exploitability-vs-seconds.svg'), 'utf8')).toContain('<polyline');

    const again: string[] = [];
    expect(await runAblations({ argv: [...argv, '--report-only'], log: (l) => again.push(l) })).toBe(0);
    expect(await runAblations({ argv, log: (l) => again.push(l) })).toBe(0);
    expect(again.join('\n')).toMatch(/rae-plain seed 1: skipped/);
  });

  it('rejects a bad option with usage and exit code 2', async () => {
    const lines: string[] = [];
    expect(await runAblations({ argv: ['--seeds', '1,x'], log: (l) => lines.push(l) })).toBe(2);
    expect(lines.join('\n')).toMatch(/--seeds takes whole numbers/);
  });
});
