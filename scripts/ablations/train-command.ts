import { join } from 'node:path';
import { type Arm, ablationPreset, commonOverrides } from './arms.ts';

/** One training run of the ablation: an arm at a seed, with the shared budget. */
export interface RunSpec {
  readonly arm: Arm;
  readonly seed: number;
  readonly steps: number;
  /** The wall-clock cap passed to `selfplay train --minutes` (large by default: the budget is steps). */
  readonly minutes: number;
  /** `key=value` overrides added after the arm's (tests shrink runs with them). */
  readonly extra: readonly string[];
  readonly runsDir: string;
}

/** Where a run goes: `<runs-dir>/<arm>/seed-<seed>`. */
export function runDirOf(spec: Pick<RunSpec, 'arm' | 'seed' | 'runsDir'>): string {
  return join(spec.runsDir, spec.arm.name, `seed-${spec.seed}`);
}

/** The arguments after `node bin/selfplay.js`; later `--set`s win, so extras override the arm. */
export function trainArgs(spec: RunSpec): string[] {
  const sets = [...commonOverrides, ...spec.arm.overrides, ...spec.extra].flatMap((kv) => ['--set', kv]);
  return [
    'train',
    ...['--preset', ablationPreset, '--steps', String(spec.steps), '--seed', String(spec.seed)],
    ...['--minutes', String(spec.minutes)],
    ...sets,
    ...['--run-dir', runDirOf(spec)],
  ];
}

/** A shell command line someone can paste, quoting only what needs it. */
export function shellCommand(words: readonly string[]): string {
  return words.map((w) => (/^[\w./=:,@+-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)).join(' ');
}
