import { type AdamwConfig, createModel, type LmModel, type ModelConfig, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import type { Learner } from '../spec/learner.ts';
import { createRng } from '../util/rng.ts';
import { maxRelativeDiff, norm } from './conformance-reference.ts';

// What every check of the learner conformance suite shares: the tiny model it probes, the learner factory, and how
// a learner's accumulated gradient is read and compared with the model's own.

/** What a learner factory is given: the model's config, its starting weights, and the optimizer's settings. */
export interface LearnerSetup {
  readonly config: ModelConfig;
  readonly params: Float32Array;
  readonly optim: Partial<AdamwConfig>;
}

/** Makes a fresh learner over the given weights (the suite makes one per check). */
export type LearnerFactory = (setup: LearnerSetup) => Promise<Learner>;

/** One named check: resolves to a problem, or to undefined when the learner passes it. */
export type Check = [name: string, run: () => Promise<string | undefined>];

export const modelConfig = resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 48, initStd: 0.2 });
/** β1 = 0 makes AdamW's first moment after one step the gradient itself; no clipping, no decay to undo. */
export const probeOptim = { lr: 1e-3, beta1: 0, gradClip: 0, weightDecay: 0 } as const;
export const tolerance = 1e-5;

export function initialParams(seed: number): Float32Array {
  const kernels = createKernels({ heap: createHeap() });
  return createModel({ kernels, config: modelConfig, rng: createRng(seed) })
    .params()
    .slice();
}

export function referenceModel(params: Float32Array): LmModel {
  const model = createModel({ kernels: createKernels({ heap: createHeap() }), config: modelConfig, params });
  model.zeroGrads();
  return model;
}

/** The gradient the learner accumulated, read after one probe step (β1 = 0) from AdamW's first moment. */
export async function learnedGradient(learner: Learner): Promise<{ gradient: Float32Array; gradNorm: number }> {
  const { gradNorm } = await learner.optimStep();
  return { gradient: (await learner.save()).optimizer.m, gradNorm };
}

export function compareGradients(learned: { gradient: Float32Array; gradNorm: number }, model: LmModel) {
  const reference = model.grads();
  const diff = maxRelativeDiff(learned.gradient, reference);
  if (!(diff <= tolerance)) return `gradient differs from the model's own by ${diff.toExponential(2)} (relative)`;
  const expected = norm(reference);
  if (Math.abs(learned.gradNorm - expected) > tolerance * expected + 1e-9)
    return `optimStep reported gradNorm ${learned.gradNorm}, the gradient's norm is ${expected}`;
  return undefined;
}
