/**
 * SPC (Self-Play Critic, Liang et al. 2025, research/systems.md §2.7) as data over the shared role-play loop
 * (train/role-play/) with the corrupt → critique protocol (train/self-play-critic/), on the program language's
 * evaluation traces. docs/self-play-critic.md gives each default's reason. `checkpoint` (BASE) has no default.
 */
export const spcRecipe = {
  recipe: 'spc',
  seed: 1,
  threads: 1,
  steps: 200,
  minutes: 10,
  // SPC pairs two copies (sneaky, critic); `shared` lets one model play all three roles, `separate` gives the sneaky
  // its own.
  roles: 'separate',
  players: {},
  tasksPerStep: 16,
  corruptions: 16,
  cleanShare: 0.5,
  maxTraceBytes: 200,
  // A trace is the longest reply.
  maxTokens: 160,
  epochs: 1,
  // The rate AZR's recipe uses for the same tiny models (SPC's 2e-6 is for 7B models).
  optim: { lr: 0.0001 },
  // SPC clips the ratio at 0.8–1.2; Dr.GRPO's constant normaliser, the longest reply.
  loss: { kind: 'ppo-clip', clip: 0.2, normalizer: 160 },
  evaluation: { every: 10, traces: 'data/tasks/spc-critic-200.jsonl', seed: 0, maxTokens: 64 },
  checkpointEvery: 10,
};
