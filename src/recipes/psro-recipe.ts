/**
 * PSRO / double oracle on the online loop (research/systems.md §2.21; VGC-Bench compares the three meta-solvers):
 * the snapshot pool is the population, a snapshot every `poolEvery` steps is one PSRO iteration's new member, and
 * the live LM trains only against opponents drawn from the pool by the meta-solver — its training is the oracle that
 * approximates a best response. Until the first snapshot it plays itself. The settings a run's preset is overlaid
 * with, as `--set` overrides (train/opponents.ts, train/population-meta.ts):
 */
export const psroMetaSolvers = { nash: 'meta-nash', uniform: 'uniform', last: 'latest' } as const;
export type PsroMetaSolver = keyof typeof psroMetaSolvers;

export function psroOverrides(metaSolver: PsroMetaSolver): string[] {
  return [
    'opponent.kind=pool',
    `opponent.poolSampling=${psroMetaSolvers[metaSolver]}`,
    'opponent.mirrorShare=0',
    'opponent.poolEvery=50',
    // PSRO keeps every member.
    'opponent.poolSize=1000',
    'evaluation.population=true',
  ];
}
