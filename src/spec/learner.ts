/**
 * The training-service contract the trainer talks to (shaped like Tinker's forward_backward → optim_step →
 * save weights for sampling, research/interop.md §2.6 and §3.1), so a remote learner on a GPU cluster can take
 * the in-process one's place without touching `train/`.
 */

/** One turn to learn from: a prompt, the completion the policy sampled, and how good that turned out to be. */
export interface TrainingSample {
  readonly promptTokens: readonly number[];
  readonly completionTokens: readonly number[];
  /** Log-prob of each completion token under the policy that sampled it (PPO's "old" policy). */
  readonly samplingLogprobs: readonly number[];
  /** One scalar for the whole completion (SPIRAL broadcasts the turn's advantage to every token). */
  readonly advantage: number;
  /** Per completion token, 0 to leave it out of the loss (e.g. a token constrained decoding forced); default all 1. */
  readonly tokenMask?: readonly number[];
}

/**
 * `ppo-clip`: per token max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε)) with ρ = π/π_old (and, with `dualClip` c and A < 0,
 * at most −c·A); `reinforce`: −A·log π.
 * Token losses of a completion are summed and divided by `normalizer` (Dr.GRPO: a constant, not the length),
 * then averaged over the samples.
 */
export type LossSpec = (
  | {
      readonly kind: 'ppo-clip';
      readonly clip: number;
      readonly normalizer: number;
      /** Dual-clip PPO (Ye et al. 2020): with A < 0, tokens whose ratio exceeds this stop contributing. */
      readonly dualClip?: number;
    }
  | { readonly kind: 'reinforce'; readonly normalizer: number }
) & {
  /**
   * Weight λ of a likelihood term on the tokens `tokenMask` leaves out of a sample played under constrained decoding —
   * the move text decoding forced around the choice ("[", "]", the end of the answer): −λ·log π per such token, same
   * normaliser. The policy gradient never reaches them, so without it the model learns which move but not how to
   * write one, and free decoding (a served model) writes noise. The choice token itself is the legal-mass step's
   * (`ChoiceFit.legalMass`). 0 or absent: no such term.
   */
  readonly moveText?: number;
};

/**
 * A decision to fit (full-width training): after `contextTokens`, the policy's distribution over `choiceTokens` —
 * renormalised over them, as constrained decoding samples where the legal moves part at one token — is pulled
 * toward `target` by cross-entropy.
 */
export interface ChoiceFit {
  readonly contextTokens: readonly number[];
  readonly choiceTokens: readonly number[];
  /** Absent: no cross-entropy, only the legal mass (with `legalMass`). */
  readonly target?: readonly number[];
  /**
   * λ of the legal-mass step: the full-vocabulary probability outside `choiceTokens` is moved onto them, all raised
   * alike so the policy over them stays as it is (`LossSpec.moveText`'s counterpart at the choice token); 0 or absent
   * for none.
   */
  readonly legalMass?: number;
}

export interface ForwardBackwardResult {
  readonly loss: number;
  readonly samples: number;
  readonly tokens: number;
  /** Fraction of completion tokens whose gradient the clip switched off. */
  readonly clippedFraction: number;
  /** Mean of ρ − 1 − log ρ over tokens (the k3 estimate of KL(π_old ‖ π)). */
  readonly approxKl: number;
}

export interface OptimStepResult {
  readonly step: number;
  /** Gradient norm before clipping. */
  readonly gradNorm: number;
}

/**
 * Weights a learner published for sampling (Tinker's "save weights for sampler"). Every reader of the learner's
 * current weights (a sampler, a weight average, a magnet, a pool snapshot) goes through one of these.
 */
export interface WeightsHandle {
  /** Optimizer steps behind these weights (0 before the first); it grows with every `optimStep`. */
  readonly version: number;
  /**
   * The weights in the model's parameter layout. An in-process learner hands out a view of its live weights (no
   * copy), valid until its next `optimStep` or memory allocation: copy what you keep.
   */
  params(): Float32Array;
}

/** Everything a learner needs to continue exactly where it stopped: its weights and its optimizer's state. */
export interface LearnerState {
  readonly params: Float32Array;
  /** AdamW's moments and the optimizer steps taken. */
  readonly optimizer: { readonly m: Float32Array; readonly v: Float32Array; readonly step: number };
}

export interface Learner {
  /** Accumulates the gradient of `loss` over `samples` (call `optimStep` to apply it). */
  forwardBackward(samples: readonly TrainingSample[], loss: LossSpec): Promise<ForwardBackwardResult>;
  /** Accumulates the gradient of the mean cross-entropy (and legal-mass step) of the fits; resolves to that loss. */
  forwardBackwardChoices(fits: readonly ChoiceFit[]): Promise<{ readonly loss: number }>;
  /** Applies and clears the accumulated gradient; `lr` overrides the optimizer's configured rate for this step. */
  optimStep(options?: { readonly lr?: number }): Promise<OptimStepResult>;
  /** The current weights for sampling and for every other reader of them. */
  publish(): Promise<WeightsHandle>;
  /** A copy of the learner's resumable state (for checkpoints). */
  save(): Promise<LearnerState>;
  /** Continues from a saved state, bit for bit; the accumulated gradient is cleared. */
  restore(state: LearnerState): Promise<void>;
  /** Releases what the learner holds (connections, workers); the learner is not used afterwards. */
  close?(): Promise<void>;
}
