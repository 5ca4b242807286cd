import type { Rng } from '../spec/rng.ts';
import {
  addChoiceGradients,
  type ChoiceTarget,
  choiceLogprobs,
  choiceLoss,
  choiceProblem,
  legalMassGradients,
} from './choice-loss.ts';
import type { ModelConfig } from './config.ts';
import { initParams } from './init.ts';
import { createRopeTable, type Kernels } from './kernels/index.ts';
import { type ParamLayout, paramLayout } from './param-layout.ts';
import { allocStepBuffers, type StepBuffers } from './step-buffers.ts';
import { trainBackward } from './train-backward.ts';
import { type ModelMemory, trainForward } from './train-forward.ts';

/**
 * A [batch, length] block of sequences, flattened row-major. Row r predicts `targets[r]` from `tokens[0..r]` of
 * its own sequence (causal). Pad short sequences on the right and give their rows weight 0.
 */
export interface TokenBatch {
  readonly batch: number;
  readonly tokens: Int32Array;
  readonly targets: Int32Array;
  /**
   * Per-token loss weights: the loss is Σ weights[r] · (−log p(targets[r])). Pass 1/count for a mean
   * cross-entropy, or per-token advantages / count for a policy-gradient (REINFORCE) loss. Default: 1/N each.
   */
  readonly weights?: Float32Array;
  /**
   * Choices between a few tokens at some rows (choice-loss.ts), each adding weight · CE(target, policy) to the loss
   * with the policy renormalised over the choice's tokens: how a policy-iteration target is fitted at a decision
   * where the legal moves part at one token. Give those rows weight 0 unless their targets should count too.
   */
  readonly choices?: readonly ChoiceTarget[];
  /**
   * Only the choices make the loss: the token targets and weights are ignored, logits are computed at the choices'
   * rows alone (a batch of decisions needs one row per sequence, so the head and its gradient shrink by the
   * sequence length) and `StepResult.logprobs` is empty.
   */
  readonly choicesOnly?: boolean;
}

export interface StepResult {
  /** Σ weights · NLL, plus the choices' cross-entropies. */
  readonly loss: number;
  /** log p(targets[r] | tokens[..r]) under the model, per row (unaffected by the weights); empty if `choicesOnly`. */
  readonly logprobs: Float32Array;
  /** Per choice, the log-probabilities of its tokens renormalised over them (before this pass's update). */
  readonly choiceLogprobs: Float64Array[];
}

export interface LmModel {
  readonly config: ModelConfig;
  readonly layout: ParamLayout;
  readonly kernels: Kernels;
  readonly memory: ModelMemory;
  /** A copy-free view of the parameters; re-read after any heap allocation. */
  params(): Float32Array;
  grads(): Float32Array;
  zeroGrads(): void;
  /**
   * Forward + backward: adds d loss / d params into the gradients. With `weigh`, the loss weights come from the
   * forward pass itself: it gets each row's log-prob under the current parameters and returns the rows' weights
   * (replacing `batch.weights`) — a loss that depends on the policy it differentiates, such as PPO's ratio, in one
   * forward pass instead of two.
   */
  forwardBackward(batch: TokenBatch, weigh?: (logprobs: Float32Array) => ArrayLike<number>): StepResult;
  /** Forward only; `onLogits` may read the logits [N, V] (a heap view valid during the call). */
  forward(batch: TokenBatch, onLogits?: (logits: Float32Array) => void): StepResult;
}

/** Model input that does not fit the config; the message says what to change. */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
}

export interface CreateModelOptions {
  readonly kernels: Kernels;
  readonly config: ModelConfig;
  /** Initial weights in `paramLayout(config)` order (e.g. from a checkpoint); else initialised from `rng`. */
  readonly params?: Float32Array;
  readonly rng?: Rng;
}

export function createModel(options: CreateModelOptions): LmModel {
  const { kernels, config } = options;
  const heap = kernels.heap;
  const layout = paramLayout(config);
  const params = heap.alloc(layout.total);
  const grads = heap.alloc(layout.total);
  const rope = createRopeTable(heap, {
    maxPos: config.context,
    headDim: config.width / config.heads,
    theta: config.ropeTheta,
  });
  const memory: ModelMemory = { kernels, config, layout, params, grads, rope };
  const view = (at: number) => heap.f32.subarray(at, at + layout.total);
  if (options.params) {
    if (options.params.length !== layout.total) {
      throw new ModelInputError(
        `params hold ${options.params.length} floats, this config's layout needs ${layout.total}`,
      );
    }
    view(params).set(options.params);
  } else if (options.rng) {
    const p = new Float32Array(layout.total);
    initParams({ config, layout, params: p, rng: options.rng });
    view(params).set(p);
  } else {
    throw new ModelInputError('createModel needs either params (from a checkpoint) or an rng to initialise them');
  }
  view(grads).fill(0);

  const run = (
    batch: TokenBatch,
    backward: boolean,
    onLogits?: (logits: Float32Array) => void,
    weigh?: (logprobs: Float32Array) => ArrayLike<number>,
  ): StepResult => {
    const length = checkBatch(config, batch);
    const N = batch.tokens.length;
    const V = config.vocabSize;
    const choices = batch.choices ?? [];
    if (batch.choicesOnly && weigh) throw new ModelInputError('a choicesOnly batch has no token loss to weigh');
    if (batch.choicesOnly && choices.length > N) {
      throw new ModelInputError(
        `a choicesOnly batch holds at most one choice per row: ${choices.length} for ${N} rows`,
      );
    }
    const logitRows = batch.choicesOnly ? choices.map((c) => c.row) : undefined;
    const mark = heap.mark();
    try {
      const buf = allocStepBuffers(heap, config, batch.batch, length, logitRows);
      writeInputs(kernels, buf, batch);
      trainForward(memory, buf);
      const R = logitRows?.length ?? N;
      const logits = () => heap.f32.subarray(buf.logits, buf.logits + R * V);
      if (onLogits) onLogits(logits());
      let loss = 0;
      let logprobs = new Float32Array(0);
      const ce = { rows: N, cols: V, logits: buf.logits, targets: buf.targets, weights: buf.weights, lse: buf.lse };
      if (!logitRows) {
        loss = kernels.crossEntropyForward({ ...ce, losses: buf.losses });
        logprobs = heap.f32.slice(buf.losses, buf.losses + N);
        for (let i = 0; i < N; i++) logprobs[i] = -logprobs[i]!;
      }
      if (weigh) {
        const weights = weigh(logprobs);
        if (weights.length !== N) throw new ModelInputError(`weigh returned ${weights.length} weights for ${N} rows`);
        heap.f32.set(weights, buf.weights);
        loss = 0;
        for (let i = 0; i < N; i++) loss -= weights[i]! * logprobs[i]!;
      }
      // With logitRows, logits row i is choice i's row.
      const atLogitRows = logitRows ? choices.map((c, i) => ({ ...c, row: i })) : choices;
      const choiceLp = choiceLogprobs(logits(), V, atLogitRows);
      loss += choiceLoss(choices, choiceLp);
      const legalMass = legalMassGradients(logits(), V, atLogitRows);
      loss += legalMass.loss;
      if (backward) {
        if (logitRows) kernels.fill({ x: buf.logits, n: R * V });
        else kernels.crossEntropyBackward({ ...ce, dlogits: buf.logits });
        addChoiceGradients(logits(), V, atLogitRows, choiceLp);
        legalMass.add(logits());
        trainBackward(memory, buf);
      }
      return { loss, logprobs, choiceLogprobs: choiceLp };
    } finally {
      heap.release(mark);
    }
  };

  return {
    config,
    layout,
    kernels,
    memory,
    params: () => view(params),
    grads: () => view(grads),
    zeroGrads: () => kernels.fill({ x: grads, n: layout.total }),
    forwardBackward: (batch, weigh) => run(batch, true, undefined, weigh),
    forward: (batch, onLogits) => run(batch, false, onLogits),
  };
}

function checkBatch(config: ModelConfig, b: TokenBatch): number {
  const N = b.tokens.length;
  if (!(Number.isInteger(b.batch) && b.batch > 0 && N % b.batch === 0 && N > 0)) {
    throw new ModelInputError(`tokens (${N}) must be a non-empty whole number of sequences (batch ${b.batch})`);
  }
  const length = N / b.batch;
  if (length > config.context) {
    throw new ModelInputError(
      `sequence length ${length} exceeds the model's context ${config.context}; truncate the input`,
    );
  }
  if (b.targets.length !== N || (b.weights && b.weights.length !== N)) {
    throw new ModelInputError(
      `targets (${b.targets.length}) and weights (${b.weights?.length}) must match tokens (${N})`,
    );
  }
  const choiceError = b.choices && choiceProblem(b.choices, N, config.vocabSize);
  if (choiceError) throw new ModelInputError(choiceError);
  for (let i = 0; i < N; i++) {
    const t = b.tokens[i]!;
    const y = b.targets[i]!;
    if (!(t >= 0 && t < config.vocabSize && y >= 0 && y < config.vocabSize)) {
      throw new ModelInputError(
        `token ${t} or target ${y} at row ${i} is outside the vocabulary [0, ${config.vocabSize})`,
      );
    }
  }
  return length;
}

function writeInputs(kernels: Kernels, buf: StepBuffers, b: TokenBatch): void {
  const { i32, f32 } = kernels.heap;
  const N = b.tokens.length;
  i32.set(b.tokens, buf.tokens);
  i32.set(b.targets, buf.targets);
  if (b.weights) f32.set(b.weights, buf.weights);
  else f32.fill(1 / N, buf.weights, buf.weights + N);
}
