/**
 * Absolute Zero (Zhao et al. 2025, research/systems.md §2.5) as data over the propose → solve loop
 * (train/propose-solve/): its knobs at the paper's values where a tiny CPU model can afford them, smaller where it
 * cannot. docs/absolute-zero.md gives each default's reason. `checkpoint` (BASE) has no default: `--checkpoint`.
 */
export const azrRecipe = {
  recipe: 'azr',
  seed: 1,
  threads: 1,
  steps: 200,
  minutes: 10,
  // AZR: one model plays both roles, judged by the executor (`judge` and `max` let the model grade too: MAE, SPELL).
  roles: 'shared',
  verifier: 'rule',
  // With a judge: train it on the solve batch's judgements (the measured default; `balanced` evens the verdicts).
  judgeSamples: 'batch',
  // AZR proposes 64 per partition on GPUs; 8 per type keeps a step within seconds on two cores.
  proposalsPerType: 8,
  // AZR's io_n = 6 references.
  references: 6,
  // AZR's n = 8 rollouts for the solve rate.
  solveSamples: 8,
  solveBatch: 16,
  // AZR keeps every valid task; a cap keeps checkpoints small and the references recent.
  bufferCap: 256,
  learnability: 'azr',
  ssrAlpha: 0.8,
  // A proposal or an answer is one short line (prompts are cut to leave this much room in the model's context).
  maxTokens: 48,
  epochs: 1,
  // AZR trains 7B models at 1e-6; the built-in LM (under a million parameters) moves at 1e-4, the preference
  // recipes' rate.
  optim: { lr: 0.0001 },
  // PPO-clip ε 0.2, no KL (AZR: kl_coef 0); Dr.GRPO's constant normaliser, the longest reply.
  loss: { kind: 'ppo-clip', clip: 0.2, normalizer: 48 },
  evaluation: { every: 10, tasks: 'data/tasks/benchmark-300.jsonl', seed: 0, maxTokens: 64 },
  checkpointEvery: 10,
};
