/**
 * The ablation arms: each is a list of `--set` overrides on top of the preset, so one arm differs from
 * `rae-magnet` (the preset as is) by the few keys it names. Edit this list to add or drop arms.
 */
export interface Arm {
  /** Used as the run folder name and in the charts' legends. */
  readonly name: string;
  /** What the arm tests, for summary.md. */
  readonly description: string;
  readonly overrides: readonly string[];
}

export const ablationPreset = 'kuhn-poker-small';

/**
 * Applied to every arm: a base pinned here (small model, lr 1e-3 constant, RAE, fixed magnet η 0.2) so the study does
 * not move when the preset is retuned; exploitability often (the curves' resolution), no games against random (they
 * cost time and are not plotted), and no per-turn sample log (disk and time nobody reads here).
 */
export const commonOverrides: readonly string[] = [
  'model.preset=small',
  'optim.lr=0.001',
  'lrSchedule.decay=constant',
  'advantage.estimator=rae',
  'regularization.kind=magnet',
  'regularization.eta=0.2',
  'regularization.magnetEvery=0',
  'regularization.etaDecay=constant',
  'evaluation.every=10',
  'evaluation.vsRandomGames=0',
  'evaluation.vsNashGames=0',
  'record.samples=false',
];

const noMagnet = 'regularization.kind=none';

export const arms: readonly Arm[] = [
  { name: 'rae-magnet', description: 'the base: RAE + fixed magnet (η 0.2, anchor = initial policy)', overrides: [] },
  { name: 'rae-plain', description: 'RAE without regularization (SPIRAL)', overrides: [noMagnet] },
  {
    name: 'no-baseline',
    description: 'raw returns as advantages, no regularization',
    overrides: ['advantage.estimator=none', noMagnet],
  },
  {
    name: 'observation-magnet',
    description: 'baseline keyed by the mover’s observation, fixed magnet',
    overrides: ['advantage.estimator=observation'],
  },
  {
    name: 'observation-magnet-anneal',
    description: 'observation baseline, cosine lr decay, η decayed linearly to 0.25×',
    overrides: [
      'advantage.estimator=observation',
      'lrSchedule.decay=cosine',
      'regularization.etaDecay=linear',
      'regularization.etaFinalRatio=0.25',
    ],
  },
  {
    name: 'action-value-magnet',
    description: 'all-actions mirror descent toward a fixed magnet, Q(observation, move) from branch rollouts',
    overrides: ['advantage.estimator=action-value'],
  },
  {
    name: 'pool-uniform',
    description: 'half the games against uniformly sampled past snapshots, RAE + fixed magnet',
    overrides: ['opponent.kind=pool', 'opponent.poolSampling=uniform', 'opponent.mirrorShare=0.5'],
  },
];

/** The arms named in `names` (all when undefined), in list order; an unknown name is an error listing the known. */
export function selectArms(names: readonly string[] | undefined, list: readonly Arm[] = arms): Arm[] {
  const known = new Set<string>();
  for (const arm of list) {
    if (known.has(arm.name)) throw new Error(`duplicate ablation arm "${arm.name}" in scripts/ablations/arms.ts`);
    known.add(arm.name);
  }
  const unknown = names?.filter((n) => !known.has(n)) ?? [];
  if (unknown.length > 0)
    throw new AblationUsageError(`unknown arm ${unknown.join(', ')}; known arms: ${[...known].join(', ')}`);
  return list.filter((arm) => names === undefined || names.includes(arm.name));
}

/** Bad command-line input: printed without a stack trace, exit code 2. */
export class AblationUsageError extends Error {
  override readonly name = 'AblationUsageError';
}
