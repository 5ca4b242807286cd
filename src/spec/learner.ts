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

/**
 * Two responses to one prompt, the preferred one first, with the frozen reference's sequence log-probs of both
 * (log π_ref(y | x) = Σ_t log π_ref(y_t | x, y_<t), the model's own distribution: temperature 1, no constraint),
 * computed once per iteration by the caller (learner/reference-logprobs.ts for the built-in LM).
 */
export interface PreferencePair {
  readonly promptTokens: readonly number[];
  /** y_w: the real answer (SPIN), or the better-judged sample. Non-empty. */
  readonly chosenTokens: readonly number[];
  /** y_l: the policy's own sample (SPIN), or the worse-judged one. Non-empty. */
  readonly rejectedTokens: readonly number[];
  readonly chosenRefLogprob: number;
  readonly rejectedRefLogprob: number;
}

/**
 * A pairwise loss on whole completions, averaged over the pairs. With h = log π(y_w)/π_ref(y_w) − log π(y_l)/π_ref(y_l)
 * (research/systems.md §1, §2.2):
 * - `dpo`: −log σ(β·h), DPO's logistic loss and SPIN's default (`loss_type=sigmoid`); β = 0.1 in SPIN and most DPO
 *   runs (SPIN's last iteration uses 5.0);
 * - `dpo-hinge`: max(0, 1 − β·h), SPIN's hinge option (`relu(1 − β·z)`);
 * - `ipo`: (h − 1/(2τ))², IPO (Azar et al. 2023) on summed log-probs; TRL's default τ is 0.1.
 * `chosenNll` α adds RPO's likelihood on the chosen response (TRL's `rpo_alpha`, LLaMA-Factory's `pref_ftx`; SPaR uses
 * 0.1): −α·log π(y_w)/|y_w|, the chosen's token-mean NLL, so α means the same for long and short answers.
 */
export type PairLossSpec = (
  | { readonly kind: 'dpo'; readonly beta: number }
  | { readonly kind: 'dpo-hinge'; readonly beta: number }
  | { readonly kind: 'ipo'; readonly tau: number }
) & { readonly chosenNll?: number };

/** One response with a target: its estimated win rate against the policy that sampled it (SPPO). */
export interface RatedSequence {
  readonly promptTokens: readonly number[];
  /** Non-empty. */
  readonly completionTokens: readonly number[];
  /** log π_ref(y | x), as in `PreferencePair`. */
  readonly refLogprob: number;
  /**
   * P̂(y ≻ π_ref) ∈ [0, 1]: SPPO's mean preference of y over the K samples of its prompt, the one against itself
   * (½) included.
   */
  readonly winRate: number;
}

/**
 * `sppo`: (log π(y)/π_ref(y) − η·(P̂(y) − ½))², averaged over the responses: SPPO's square loss (Wu et al. 2024,
 * research/systems.md §2.3) in its log Z ≈ η/2 form, which on a pair (y_w, y_l) is the paper code's
 * ½[(…)_w² + (…)_l²]. The code's η = 1/β with β = 0.001, i.e. η = 1000, sized for 7B models; a tiny model wants
 * far less.
 */
export type SequenceLossSpec = { readonly kind: 'sppo'; readonly eta: number };

export interface ForwardBackwardResult {
  readonly loss: number;
  readonly samples: number;
  readonly tokens: number;
  /** Fraction of completion tokens whose gradient the clip switched off. */
  readonly clippedFraction: number;
  /** Mean of ρ − 1 − log ρ over tokens (the k3 estimate of KL(π_old ‖ π)). */
  readonly approxKl: number;
  /**
   * Mean |log π_learner − log π_sampler| over the trained tokens: on a batch's first epoch, before any step on it, the
   * off-policy gap between the weights that sampled and the weights that learn — 0 up to float rounding when they are
   * the same, large when a sampler plays stale weights.
   */
  readonly samplerLogprobGap: number;
}

export interface PairForwardBackwardResult {
  readonly loss: number;
  readonly pairs: number;
  /** Completion tokens of both responses, per pair. */
  readonly tokens: number;
  /** Mean h over the pairs (nats; β·h is DPO's implicit reward margin). */
  readonly margin: number;
  /** Share of pairs with h > 0: the policy prefers y_w more than the reference does. */
  readonly accuracy: number;
}

export interface SequenceForwardBackwardResult {
  readonly loss: number;
  readonly sequences: number;
  readonly tokens: number;
  /** Mean log π(y)/π_ref(y) over the responses. */
  readonly logRatio: number;
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
  /**
   * Accumulates the gradient of a pairwise loss over whole completions. A pair's gradient on each response depends on
   * both responses' current log-probs, so a learner scores the two together (the in-process one in the same pass).
   * A remote learner maps this onto one Tinker-style `forward_backward` with a named loss (`dpo`, `dpo-hinge`, `ipo`)
   * and datums in order, `data[2i]` chosen and `data[2i+1]` rejected, the reference log-prob in `loss_fn_inputs`
   * (research/interop.md §2.6). Pairs and single responses are two methods, not one with a union, because their
   * data and their metrics differ (a pair has an accuracy).
   */
  forwardBackwardPairs(pairs: readonly PreferencePair[], loss: PairLossSpec): Promise<PairForwardBackwardResult>;
  /** Accumulates the gradient of a loss on single whole completions with targets (SPPO); one datum each, remotely. */
  forwardBackwardSequences(
    sequences: readonly RatedSequence[],
    loss: SequenceLossSpec,
  ): Promise<SequenceForwardBackwardResult>;
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
