// How a run's metrics are laid out as charts: which figures lead (the headline panel), which fold into named
// groups, which share a chart, and on which axis. The page and the static report both draw this one layout.

export const chartGroups = ['headline', 'evaluation', 'optimisation', 'throughput', 'rollout', 'other'] as const;
export type ChartGroup = (typeof chartGroups)[number];

/** A line of a chart: a metric, with its 95% band when the run records `name/lo` and `name/hi`. */
export interface ChartLine {
  readonly name: string;
  readonly label: string;
  readonly lo?: string;
  readonly hi?: string;
}

export interface ChartSpec {
  /** Stable key (the chart's main metric), used to find the chart again when live points arrive. */
  readonly id: string;
  readonly title: string;
  readonly group: ChartGroup;
  readonly lines: readonly ChartLine[];
  /** The axis the chart opens with; the page lets the reader switch. */
  readonly scale: 'log' | 'linear';
  /** The y axis title, with its unit. */
  readonly yLabel: string;
  /** A horizontal reference line (the Nash value 0 under an exploitability curve). */
  readonly reference?: { readonly value: number; readonly label: string };
}

/** Titles of the groups below the headline panel, in page order. */
export const groupTitles: Record<ChartGroup, string> = {
  headline: 'Headline',
  evaluation: 'Evaluation',
  optimisation: 'Optimisation',
  throughput: 'Throughput',
  rollout: 'Rollout',
  other: 'Other metrics',
};

// Short enough to fit a chart's height as an axis title.
const payoff = 'payoff units';
/** Where a metric belongs and what its axis measures, by its first path segment. */
const byBase: Record<string, { group: ChartGroup; yLabel: string }> = {
  winrate: { group: 'evaluation', yLabel: 'share of games won' },
  lossrate: { group: 'evaluation', yLabel: 'share of games lost' },
  game_length: { group: 'evaluation', yLabel: 'turns per game' },
  entropy: { group: 'evaluation', yLabel: 'nats per information set' },
  self_play_value: { group: 'evaluation', yLabel: payoff },
  policy: { group: 'evaluation', yLabel: "the game's own exact figure" },
  loss: { group: 'optimisation', yLabel: 'loss' },
  grad_norm: { group: 'optimisation', yLabel: 'gradient L2 norm' },
  clip_fraction: { group: 'optimisation', yLabel: 'share of tokens clipped' },
  approx_kl: { group: 'optimisation', yLabel: 'nats' },
  sampler_logprob_gap: { group: 'optimisation', yLabel: 'nats per token (|Δ log π|)' },
  kl_magnet: { group: 'optimisation', yLabel: 'nats' },
  lr: { group: 'optimisation', yLabel: 'learning rate' },
  eta: { group: 'optimisation', yLabel: 'magnet weight η' },
  baseline: { group: 'optimisation', yLabel: payoff },
  games_per_s: { group: 'throughput', yLabel: 'games / s' },
  tokens_per_s: { group: 'throughput', yLabel: 'tokens / s' },
  decisions_per_s: { group: 'throughput', yLabel: 'decisions / s' },
  seconds: { group: 'throughput', yLabel: 'seconds since start (s)' },
  samples: { group: 'throughput', yLabel: 'samples per step' },
  rollout_seconds: { group: 'throughput', yLabel: 'seconds per step playing' },
  update_seconds: { group: 'throughput', yLabel: 'seconds per step learning' },
  sync_seconds: { group: 'throughput', yLabel: 'seconds per step syncing weights' },
  invalid_rate: { group: 'rollout', yLabel: 'share with an invalid move' },
};

/** Exploitability variants that share one chart with the evaluated policy's curve. */
const exploitabilityVariants: Record<string, string> = {
  '': 'evaluated weights',
  live: 'live weights',
  greedy: 'greedy',
  step: 'each step (live)',
};
/**
 * The propose → solve loop's figures (train/propose-solve/, `azr/<figure>/<task type>`): one Rollout chart per
 * figure with a line per task type, and what its axis measures.
 */
const proposeSolveFigures: Record<string, string> = {
  valid_rate: 'share of proposals that are valid tasks',
  format_error_rate: 'share of proposals not written as one',
  proposer_reward: 'mean proposer reward (shaped)',
  p_hat: 'solve rate p̂ of valid proposals',
  learnability: 'learnability f(p̂) of valid proposals',
  new_tasks: 'tasks added per step',
  buffer_size: 'tasks in the buffer',
  buffer_diversity: 'distinct programs / buffer size',
  solve_accuracy: "share of the solver's batch correct",
  solve_unreadable: "share of the solver's answers unreadable",
  solve_reward: 'mean solver reward (by the verifier)',
  judge_agreement: "share of the judge's verdicts equal to the executor's",
  judge_invalid: "share of the judge's replies with no verdict",
  judge_false_accept: 'share of wrong answers the judge accepts',
  judge_false_reject: 'share of right answers the judge rejects',
};

/** The SPC step's figures (train/self-play-critic/, `spc/<figure>`): one Rollout chart each. */
const spcFigures: Record<string, string> = {
  solve_accuracy: "share of the solver's traces right",
  solve_unreadable: "share of the solver's traces unreadable",
  solver_traces_share: 'share of corrupted traces the solver wrote',
  corrupt_valid_rate: "share of the sneaky's rewrites that are wrong steps",
  corrupt_format_error_rate: "share of the sneaky's rewrites not a step",
  critic_localisation: 'share of corrupted traces whose first wrong step the critic names',
  sneaky_win_rate: 'share of valid corruptions the critic misses',
  critic_clean_accuracy: 'share of clean traces the critic calls clean',
};

/** Opponents whose mean return leads the page (a trainer's evaluation matches). */
const headlineOpponents = ['random', 'nash'];

/**
 * The charts for a run's metric names, headline first, then each group; within a group, by title.
 * `name/lo` and `name/hi` become `name`'s band. Exploitability (NashConv) and its live, greedy and per-step
 * variants share one log-axis chart per game, with the Nash line at 0; the mean returns against random and Nash
 * share one chart per game. Every other metric gets a chart of its own in the group its name says.
 */
export function chartLayout(names: readonly string[]): ChartSpec[] {
  const all = new Set(names);
  const isCompanion = (n: string) => /\/(lo|hi)$/.test(n) && all.has(n.replace(/\/(lo|hi)$/, ''));
  const line = (name: string, label: string): ChartLine =>
    all.has(`${name}/lo`) && all.has(`${name}/hi`)
      ? { name, label, lo: `${name}/lo`, hi: `${name}/hi` }
      : { name, label };

  const merged = new Map<string, { spec: Omit<ChartSpec, 'lines'>; lines: ChartLine[] }>();
  const join = (id: string, spec: Omit<ChartSpec, 'lines' | 'id'>, l: ChartLine) => {
    const entry = merged.get(id) ?? { spec: { id, ...spec }, lines: [] };
    entry.lines.push(l);
    merged.set(id, entry);
  };
  const single: ChartSpec[] = [];
  for (const name of names) {
    if (isCompanion(name)) continue;
    const [base = '', ...rest] = name.split('/');
    if (base === 'exploitability' || base === 'nashconv') {
      const variant = rest[0] !== undefined && Object.hasOwn(exploitabilityVariants, rest[0]) ? rest[0] : '';
      const game = rest.slice(variant === '' ? 0 : 1).join('/');
      const id = game ? `${base}/${game}` : base;
      join(
        id,
        {
          title: `${base}${game ? ` · ${game}` : ''}`,
          group: 'headline',
          scale: 'log',
          yLabel: `${base === 'nashconv' ? 'NashConv' : 'exploitability'} (${payoff})`,
          reference: { value: 0, label: 'Nash' },
        },
        line(name, exploitabilityVariants[variant] ?? name),
      );
      continue;
    }
    const against = rest[0];
    if (base === 'return' && against !== undefined && headlineOpponents.includes(against)) {
      const game = rest.slice(1).join('/');
      const id = game ? `return/${game}` : 'return';
      join(
        id,
        {
          title: `mean return vs ${headlineOpponents.join(' and ')}${game ? ` · ${game}` : ''}`,
          group: 'headline',
          scale: 'linear',
          yLabel: `mean return (${payoff})`,
        },
        line(name, `vs ${against}`),
      );
      continue;
    }
    if (base === 'benchmark' && rest.length > 0) {
      // A task file's accuracy by type (`benchmark/deduction`, …, `benchmark/all`): a recipe's headline figure.
      join(
        'benchmark',
        { title: 'benchmark accuracy', group: 'headline', scale: 'linear', yLabel: 'share of tasks answered right' },
        line(name, rest.join('/')),
      );
      continue;
    }
    if (base === 'critic' && rest.length > 0) {
      // The SPC critic on a held-out critic file (`critic/localisation`, `critic/clean`, …): the recipe's headline.
      join(
        'critic',
        { title: 'critic on held-out traces', group: 'headline', scale: 'linear', yLabel: 'share of traces' },
        line(name, rest.join('/')),
      );
      continue;
    }
    if (base === 'spc' && rest.length === 1 && Object.hasOwn(spcFigures, rest[0]!)) {
      single.push({
        id: name,
        title: name,
        group: 'rollout',
        lines: [line(name, rest[0]!)],
        scale: 'linear',
        yLabel: spcFigures[rest[0]!]!,
      });
      continue;
    }
    if (base === 'azr' && rest.length === 2 && rest[0] !== undefined && Object.hasOwn(proposeSolveFigures, rest[0])) {
      join(
        `azr/${rest[0]}`,
        { title: `azr · ${rest[0]}`, group: 'rollout', scale: 'linear', yLabel: proposeSolveFigures[rest[0]]! },
        line(name, rest[1]!),
      );
      continue;
    }
    const known = byBase[base];
    const banded = all.has(`${name}/lo`) && all.has(`${name}/hi`);
    const group: ChartGroup =
      base === 'return'
        ? // `return/p0` is the training games' seat-0 return; returns against other named opponents are evaluations.
          against === 'p0'
          ? 'rollout'
          : 'evaluation'
        : base === 'invalid_rate' && against !== undefined
          ? 'evaluation'
          : (known?.group ?? (banded ? 'evaluation' : 'other'));
    const yLabel = base === 'return' ? `mean return (${payoff})` : (known?.yLabel ?? name);
    single.push({ id: name, title: name, group, lines: [line(name, name)], scale: 'linear', yLabel });
  }
  const specs = [...[...merged.values()].map(({ spec, lines }) => ({ ...spec, lines: sortLines(lines) })), ...single];
  const order = (s: ChartSpec) => chartGroups.indexOf(s.group);
  // In the headline, exploitability, then returns, then a task file's accuracy; elsewhere alphabetical.
  const headlineRank = (s: ChartSpec) =>
    s.group !== 'headline' ? 0 : s.id.startsWith('return') ? 1 : s.id === 'benchmark' || s.id === 'critic' ? 2 : 0;
  return specs.sort(
    (a, b) => order(a) - order(b) || headlineRank(a) - headlineRank(b) || a.title.localeCompare(b.title),
  );
}

/** Lines in a fixed order: the evaluated policy first, then live, greedy, per step; random before Nash. */
function sortLines(lines: ChartLine[]): ChartLine[] {
  const labels = [...Object.values(exploitabilityVariants), ...headlineOpponents.map((o) => `vs ${o}`)];
  const rank = (l: ChartLine) => {
    const i = labels.indexOf(l.label);
    return i < 0 ? labels.length : i;
  };
  return lines.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Every metric a layout draws (lines and their bands): what a chart needs fetched. */
export function chartMetricNames(spec: ChartSpec): string[] {
  return spec.lines.flatMap((l) => [l.name, ...(l.lo && l.hi ? [l.lo, l.hi] : [])]);
}
