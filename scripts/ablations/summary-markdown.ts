import type { Arm } from './arms.ts';
import { ablationPreset, commonOverrides } from './arms.ts';
import { mean, sd } from './curves.ts';
import type { LoadedRun } from './read-runs.ts';
import { chartAxes } from './charts.ts';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
}

/** summary.md: one row per arm (final and best exploitability over seeds, wall time), the charts, the commands. */
export function summaryMarkdown(options: {
  arms: readonly Arm[];
  runs: readonly LoadedRun[];
  /** The ablation command that regenerates the whole table. */
  command: string;
  /** Per arm, the `selfplay train` command of one seed, with the seed as `<S>`. */
  trainCommand: (arm: Arm) => string;
  machine: MachineInfo;
  /** `--extra` overrides every run got after its arm's. */
  extra: readonly string[];
  /** Runs that were asked for but are missing or unfinished. */
  missing: readonly string[];
}): string {
  const { arms, runs, machine } = options;
  const steps = [...new Set(runs.map((r) => r.steps))].sort((a, b) => a - b);
  const rows = arms.map((arm) => {
    const mine = runs.filter((r) => r.arm === arm.name && r.points.length > 0);
    if (mine.length === 0) return `| ${arm.name} | 0 | — | — | — | — | — |`;
    const finals = mine.map((r) => r.points.at(-1)!.exploitability);
    const bests = mine.map((r) => Math.min(...r.points.map((p) => p.exploitability)));
    const tails = mine.map((r) => mean(lastQuarter(r).map((p) => p.exploitability)));
    const samples = mine.map((r) => r.points.at(-1)!.samplesCumulative);
    const cells = [
      arm.name,
      `${mine.length} (${mine.map((r) => r.seed).join(', ')})`,
      plusMinus(finals),
      plusMinus(tails),
      `${mean(bests).toFixed(3)} (${Math.min(...bests).toFixed(3)})`,
      minutes(mean(mine.map((r) => r.wallSeconds))),
      Math.round(mean(samples)).toLocaleString('en-US'),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '# Ablations: self-play on Kuhn Poker',
    '',
    `Every arm trains the \`${ablationPreset}\` preset with its own \`--set\` overrides, for the same number of policy`,
    `steps (${steps.join(', ') || '—'}), over several seeds; exploitability is exact (0 = Nash, uniform play 0.4583).`,
    `Shared overrides: ${[...commonOverrides, ...options.extra].map((o) => `\`${o}\``).join(', ')} (later ones win).`,
    '',
    `Regenerate: \`${options.command}\``,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}. Wall-clock figures (the seconds curve,`,
    'the wall column) depend on the machine and on its load — other jobs, and runs trained in parallel',
    '(`--parallel`), share the cores — so compare them within one table, not across tables.',
    '',
    '| arm | seeds | final exploitability (mean ± sd) | last-quarter mean (mean ± sd) | min over the run: mean (best) | wall min (mean) | trained turns (mean) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '"Last-quarter mean" averages each run’s measurements in its last quarter of steps, steadier than the final one.',
    '"Trained turns" counts the turns the learner trained on (zero-advantage turns dropped, opponents’ turns not',
    'trained in pool games), the x axis of the samples chart. Curves: mean over seeds, shaded min–max.',
    ...(options.missing.length > 0
      ? ['', `Missing or unfinished runs (left out): ${options.missing.join(', ')}.`]
      : []),
    '',
    ...chartAxes.flatMap((a) => [`![${a.xLabel}](${a.file})`, '']),
    '## Arms',
    '',
    '| arm | what it tests | one seed’s command (`<S>` = seed) |',
    '|---|---|---|',
    ...arms.map((arm) => `| ${arm.name} | ${arm.description} | \`${options.trainCommand(arm)}\` |`),
    '',
  ].join('\n');
}

/** The run's measurements at steps past ¾ of its last step (at least the final one). */
function lastQuarter(run: LoadedRun) {
  const last = run.points.at(-1)!.step;
  return run.points.filter((p) => p.step >= last * 0.75);
}

function minutes(seconds: number): string {
  const m = seconds / 60;
  return m < 1 ? m.toFixed(2) : m.toFixed(1);
}

function plusMinus(xs: readonly number[]): string {
  const s = sd(xs);
  return `${mean(xs).toFixed(3)}${Number.isFinite(s) ? ` ± ${s.toFixed(3)}` : ''}`;
}
