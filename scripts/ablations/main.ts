import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AblationUsageError, type Arm, selectArms } from './arms.ts';
import { curveCharts } from './charts.ts';
import { csvHeader, csvLines, meanCurve } from './curves.ts';
import { type LoadedRun, loadRun } from './read-runs.ts';
import { runAll } from './run-queue.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import { runDirOf, type RunSpec, shellCommand, trainArgs } from './train-command.ts';

const usage = `node bin/run-ts.js scripts/ablations.ts [options]   (npm run ablations -- [options])

Trains every ablation arm (scripts/ablations/arms.ts) over several seeds with the same step budget, then writes
ablations.csv, exploitability-vs-{steps,samples,seconds}.svg and summary.md. Finished runs are skipped, so a
stopped ablation resumes where it was.

Options:
  --steps N          policy steps per run (default 200)
  --seeds 1,2,3      seeds (default 1,2,3)
  --parallel P       runs trained at once (default 1: wall-clock curves are cleanest unshared)
  --only a,b         only these arms
  --out-dir DIR      where the report goes (default docs/ablations)
  --runs-dir DIR     where the runs go (default runs/ablations)
  --minutes M        wall-clock cap per run (default 1440: the budget is steps, not time)
  --extra KEY=VALUE  one more --set for every run, after the arm's (repeatable; tests shrink runs with it)
  --report-only      regenerate the report from existing runs, training nothing (give the options they were
                     trained with: summary.md's commands are built from them)`;

export interface AblationOptions {
  readonly steps: number;
  readonly seeds: readonly number[];
  readonly parallel: number;
  readonly only: readonly string[] | undefined;
  readonly outDir: string;
  readonly runsDir: string;
  readonly minutes: number;
  readonly extra: readonly string[];
  readonly reportOnly: boolean;
}

export function parseAblationArgs(argv: readonly string[]): AblationOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        steps: { type: 'string' },
        seeds: { type: 'string' },
        parallel: { type: 'string' },
        only: { type: 'string' },
        'out-dir': { type: 'string' },
        'runs-dir': { type: 'string' },
        minutes: { type: 'string' },
        extra: { type: 'string', multiple: true },
        'report-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new AblationUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const extra = values.extra ?? [];
  const bad = extra.find((kv) => kv.indexOf('=') <= 0);
  if (bad !== undefined) throw new AblationUsageError(`--extra needs key=value, got "${bad}"`);
  return {
    steps: wholeNumber('steps', values.steps, 200),
    seeds: (values.seeds ?? '1,2,3').split(',').map((s) => wholeNumber('seeds', s.trim(), 0, 0)),
    parallel: wholeNumber('parallel', values.parallel, 1),
    only: values.only?.split(',').map((s) => s.trim()),
    outDir: values['out-dir'] ?? 'docs/ablations',
    runsDir: values['runs-dir'] ?? 'runs/ablations',
    minutes: positiveNumber('minutes', values.minutes, 1440),
    extra,
    reportOnly: values['report-only'] ?? false,
  };
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < min)
    throw new AblationUsageError(`--${name} takes whole numbers ≥ ${min}, got "${value}"`);
  return n;
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === '' || !(n > 0)) throw new AblationUsageError(`--${name} takes a positive number, got "${value}"`);
  return n;
}

/** Runs the ablation (or only its report); returns the exit code. */
export async function runAblations(options: {
  argv: readonly string[];
  log?: (line: string) => void;
}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  let parsed: AblationOptions | 'help';
  let arms: Arm[];
  try {
    parsed = parseAblationArgs(options.argv);
    if (parsed === 'help') {
      log(usage);
      return 0;
    }
    arms = selectArms(parsed.only);
  } catch (error) {
    if (!(error instanceof AblationUsageError)) throw error;
    log(`error: ${error.message}\n\n${usage}`);
    return 2;
  }
  const o = parsed;
  const specs: RunSpec[] = arms.flatMap((arm) =>
    o.seeds.map((seed) => ({ arm, seed, steps: o.steps, minutes: o.minutes, extra: o.extra, runsDir: o.runsDir })),
  );
  let failed = 0;
  if (!o.reportOnly) {
    log(`ablation: ${arms.length} arms × ${o.seeds.length} seeds, ${o.steps} steps each, ${o.parallel} at a time`);
    const outcomes = await runAll({ specs, parallel: o.parallel, log });
    failed = [...outcomes.values()].filter((v) => v === 'failed').length;
  }
  const runs: LoadedRun[] = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const run = loadRun({ dir: runDirOf(spec), arm: spec.arm.name, seed: spec.seed });
    if (run?.status === 'finished' && run.steps !== o.steps)
      log(`note: ${run.dir} ran ${run.steps} steps, not --steps ${o.steps}; summary.md's commands say ${o.steps}`);
    if (run?.status === 'finished') runs.push(run);
    else missing.push(`${spec.arm.name}/seed-${spec.seed}${run ? ` (${run.status})` : ''}`);
  }
  writeReport({ options: o, arms, runs, missing, argv: options.argv });
  log(`report: ${o.outDir} (${runs.length} runs${missing.length > 0 ? `, ${missing.length} missing` : ''})`);
  return failed > 0 ? 1 : 0;
}

function writeReport(input: {
  options: AblationOptions;
  arms: readonly Arm[];
  runs: readonly LoadedRun[];
  missing: readonly string[];
  argv: readonly string[];
}): void {
  const { options, arms, runs, missing } = input;
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'ablations.csv'), [csvHeader, ...csvLines(runs), ''].join('\n'));
  const curves = arms
    .map((arm) => {
      const mine = runs.filter((r) => r.arm === arm.name);
      return { arm: arm.name, seeds: mine.length, points: meanCurve(mine) };
    })
    .filter((c) => c.seeds > 0);
  for (const { file, svg } of curveCharts({ curves, title: 'Kuhn exploitability' }))
    writeFileSync(join(options.outDir, file), `${svg}\n`);
  const argv = input.argv.filter((a) => a !== '--report-only');
  const machine = cpus();
  const summary = summaryMarkdown({
    arms,
    runs,
    missing,
    extra: options.extra,
    command: shellCommand(['node', 'bin/run-ts.js', 'scripts/ablations.ts', ...argv]),
    trainCommand: (arm) =>
      shellCommand([
        'node',
        'bin/selfplay.js',
        ...trainArgs({
          arm,
          seed: 0,
          steps: options.steps,
          minutes: options.minutes,
          extra: options.extra,
          runsDir: options.runsDir,
        }),
      ])
        .replace(/--seed 0\b/, '--seed <S>')
        .replace(/seed-0$/, 'seed-<S>'),
    machine: { cpus: machine.length, cpuModel: machine[0]?.model.trim() ?? 'unknown CPU', node: process.versions.node },
  });
  writeFileSync(join(options.outDir, 'summary.md'), summary);
}
