/**
 * The preference-family self-play systems as data (research/systems.md §2.2–2.4): each recipe names how a batch is
 * curated from the iterate's samples and with which loss it trains, and gives its defaults. The outer loop
 * (train/iterations/) reads these; it never asks which paper it runs. docs/recipes.md has the measured curves behind
 * the settings below (a `small` model on two cores).
 */
const shared = {
  seed: 1,
  threads: 1,
  model: { preset: 'small' },
  maxTokens: 24,
  epochs: 4,
  checkpointEvery: 100,
};

/**
 * A preference-oracle recipe's defaults: 32 samples per prompt per iteration (SPPO samples K = 5; a tiny model's
 * updates are noisier than the oracle's, and more samples cost little), AdamW at 1e-4, a weight average (decay 0.99)
 * as the reported policy, and a warm-up of 300 supervised steps on the listed responses drawn uniformly — a model
 * trained from scratch never writes a listed response by chance.
 */
const preferenceShared = {
  ...shared,
  preferences: 'data/preferences/intransitive-5.json',
  iterations: 1000,
  minutes: 10,
  samples: 32,
  warmup: { steps: 300, lr: 0.003, batch: 32 },
  optim: { lr: 0.0001 },
  average: { decay: 0.99 },
  evaluation: { every: 50 },
};

/** A data recipe's defaults (SPIN and its SFT baseline): a short SFT on data samples first, as SPIN starts from SFT. */
const dataShared = {
  ...shared,
  data: 'data/spin/tiny.json',
  iterations: 300,
  minutes: 10,
  samples: 32,
  warmup: { steps: 30, lr: 0.003, batch: 32 },
  optim: { lr: 0.0001 },
  evaluation: { every: 25 },
};

export const preferenceRecipes = {
  /**
   * SPPO (Wu et al. 2024): every sample's win rate against the iterate's K samples (itself included, ½), the square
   * loss (log π/π_t − η(P̂ − ½))² on all of them (the paper's code keeps the best and the worst). η is far below the
   * paper's 1000 (sized for 7B models and a few steps). The magnet (α toward the warm-up policy) and the weight
   * average are ours: without them the iterates circle the von Neumann winner of a cyclic prompt (docs/recipes.md).
   */
  sppo: {
    ...preferenceShared,
    recipe: 'sppo',
    curate: 'win-rates',
    loss: { kind: 'sppo', eta: 2 },
    magnet: { alpha: 0.05 },
  },
  /**
   * SPO (Swamy et al. 2024): each sample's reward is its win fraction against the prompt's other samples; any RL
   * algorithm — here PPO-clip (ε 0.2) on the group-centred reward, Dr.GRPO's constant normaliser; magnet as SPPO.
   */
  spo: {
    ...preferenceShared,
    recipe: 'spo',
    curate: 'win-fraction',
    // Dr.GRPO's normaliser is a constant, not the length: 16 ≥ the longest listed answer with its EOS.
    loss: { kind: 'ppo-clip', clip: 0.2, normalizer: 16 },
    magnet: { alpha: 0.05 },
    // At 1e-4 one seed collapsed onto a single response (a fixed point of sampled win fractions); half that did not.
    optim: { lr: 0.00005 },
  },
  /**
   * Iterative DPO with a Bradley–Terry reading of the oracle: per prompt the best and the worst sample by win fraction
   * (SPPO's y_w and y_l), DPO's logistic loss against the iterate (β 0.1). The baseline that intransitive
   * preferences defeat; no magnet, as published.
   */
  dpo: {
    ...preferenceShared,
    recipe: 'dpo',
    curate: 'best-vs-worst',
    loss: { kind: 'dpo', beta: 0.1 },
    magnet: { alpha: 0 },
  },
  /**
   * SPIN (Chen et al. 2024): pairs (a data response, the iterate's own sample), DPO's logistic loss against the
   * iterate (β 0.1), iteration t trains on the pairs of t − 1 and t (the paper's data window).
   */
  spin: { ...dataShared, recipe: 'spin', curate: 'data-vs-own', loss: { kind: 'dpo', beta: 0.1 }, window: 2 },
  /** SPIN's baseline on the same compute: more SFT, the likelihood of fresh data samples each iteration. */
  sft: { ...dataShared, recipe: 'sft', curate: 'data', loss: { kind: 'reinforce', normalizer: 1 } },
} as const;

export type PreferenceRecipeName = keyof typeof preferenceRecipes;
export const preferenceRecipeNames = Object.keys(preferenceRecipes) as PreferenceRecipeName[];
