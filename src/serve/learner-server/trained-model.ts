import { decodeLearnerState, encodeLearnerState } from '../../learner/remote/state-file.ts';
import type { Datum, ForwardBackwardOutput, AdamParams } from '../../learner/remote/tinker-wire.ts';
import { floatTensor } from '../../learner/remote/tinker-wire.ts';
import { adamwStep } from '../../lm/adamw.ts';
import { createOptimizer, type LmModel, type Optimizer, PAD_ID, type TokenBatch } from '../../lm/index.ts';
import { LearnerUserError } from './future-queue.ts';

/** One model a learner server trains: its weights, AdamW's moments and the gradient accumulated since the last step. */
export interface TrainedModel {
  readonly model: LmModel;
  /** Log-probs of each datum's targets; with `backward`, adds the gradient of Σ −weights·log π (`cross_entropy`). */
  run(data: readonly Datum[], backward: boolean): ForwardBackwardOutput;
  /** One AdamW step with the request's parameters (our AdamW: weight decay on matrices only); clears the gradient. */
  optimStep(adam: AdamParams): { gradNorm: number; step: number };
  save(withOptimizer: boolean): Uint8Array;
  load(bytes: Uint8Array, source: string, withOptimizer: boolean): void;
}

/**
 * Wraps a model for training requests. Datums are packed `microBatch` at a time, in order, into right-padded rows —
 * the packing the in-process learner uses — so a client that sends the in-process learner's sequences and weights
 * gets its gradient to the bit.
 */
export function createTrainedModel(model: LmModel, options: { microBatch?: number } = {}): TrainedModel {
  const microBatch = options.microBatch ?? 32;
  const optimizer: Optimizer = createOptimizer({ model });
  model.zeroGrads();
  return {
    model,
    run(data, backward) {
      const outputs: ForwardBackwardOutput['loss_fn_outputs'] = [];
      let lossSum = 0;
      for (let start = 0; start < data.length; start += microBatch) {
        const chunk = data.slice(start, start + microBatch);
        const { batch, lengths } = datumBatch(chunk, model.config.vocabSize, model.config.context);
        const result = backward ? model.forwardBackward(batch) : model.forward(batch);
        const width = batch.tokens.length / batch.batch;
        lengths.forEach((n, b) => {
          const logprobs = result.logprobs.subarray(b * width, b * width + n);
          outputs.push({ logprobs: floatTensor(logprobs) });
          for (let i = 0; i < n; i++) lossSum -= batch.weights![b * width + i]! * logprobs[i]!;
        });
      }
      return { loss_fn_output_type: 'ArrayRecord', loss_fn_outputs: outputs, metrics: { 'loss:sum': lossSum } };
    },
    optimStep(adam) {
      const config = {
        lr: adam.learning_rate,
        beta1: adam.beta1,
        beta2: adam.beta2,
        eps: adam.eps,
        weightDecay: adam.weight_decay,
        gradClip: adam.grad_clip_norm,
      };
      const { gradNorm } = adamwStep({ kernels: model.kernels, layout: model.layout, state: optimizer.state, config });
      model.zeroGrads();
      return { gradNorm, step: optimizer.state.step };
    },
    save(withOptimizer) {
      const params = model.params().slice();
      if (!withOptimizer) return encodeLearnerState({ params });
      const { m, v } = optimizer.moments();
      return encodeLearnerState({ params, optimizer: { m: m.slice(), v: v.slice(), step: optimizer.state.step } });
    },
    load(bytes, source, withOptimizer) {
      let state;
      try {
        state = decodeLearnerState(bytes, source, model.layout.total);
      } catch (error) {
        throw new LearnerUserError(error instanceof Error ? error.message : String(error));
      }
      model.params().set(state.params);
      if (withOptimizer) {
        if (!state.optimizer) throw new LearnerUserError(`${source} holds weights only, no optimizer state`);
        const { m, v } = optimizer.moments();
        m.set(state.optimizer.m);
        v.set(state.optimizer.v);
        optimizer.state.step = state.optimizer.step;
      }
      model.zeroGrads();
    },
  };
}

/** Datums as one right-padded batch: row b reads `model_input`, predicts `target_tokens` with `weights` (default 1). */
function datumBatch(data: readonly Datum[], vocab: number, context: number) {
  const rows = data.map((d, b) => {
    const tokens = d.model_input.chunks.flatMap((c) => c.tokens);
    const targets = d.loss_fn_inputs['target_tokens']?.data;
    if (!targets) throw new LearnerUserError(`datum ${b}: loss_fn_inputs has no target_tokens`);
    const weights = d.loss_fn_inputs['weights']?.data ?? new Array<number>(tokens.length).fill(1);
    if (targets.length !== tokens.length || weights.length !== tokens.length) {
      throw new LearnerUserError(
        `datum ${b}: ${tokens.length} input tokens, ${targets.length} target_tokens and ${weights.length} weights; all three must match`,
      );
    }
    for (const t of [...tokens, ...targets]) {
      if (!Number.isInteger(t) || t < 0 || t >= vocab)
        throw new LearnerUserError(`datum ${b}: token ${t} is outside the vocabulary (${vocab})`);
    }
    if (tokens.length === 0 || tokens.length > context) {
      throw new LearnerUserError(`datum ${b}: ${tokens.length} tokens; the model reads 1 to ${context}`);
    }
    return { tokens, targets, weights };
  });
  const width = Math.max(...rows.map((r) => r.tokens.length));
  const n = rows.length * width;
  const batch: Required<Pick<TokenBatch, 'batch' | 'tokens' | 'targets' | 'weights'>> = {
    batch: rows.length,
    tokens: new Int32Array(n).fill(PAD_ID),
    targets: new Int32Array(n).fill(PAD_ID),
    weights: new Float32Array(n),
  };
  rows.forEach((r, b) => {
    batch.tokens.set(r.tokens, b * width);
    batch.targets.set(r.targets, b * width);
    batch.weights.set(r.weights, b * width);
  });
  return { batch, lengths: rows.map((r) => r.tokens.length) };
}
