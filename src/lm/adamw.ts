import { z } from 'zod';
import type { Kernels } from './kernels/index.ts';
import type { ParamLayout } from './param-layout.ts';

/** AdamW (Loshchilov & Hutter 2019) with global gradient-norm clipping; strict keys, commented defaults. */
export const adamwConfigSchema = z.strictObject({
  /** Learning rate. 1e-3 suits the ≤ 5M-parameter models here (nanoGPT's small-model setting). */
  lr: z.number().positive().max(1).default(1e-3),
  /** First-moment decay. */
  beta1: z.number().min(0).lt(1).default(0.9),
  /** Second-moment decay; 0.95 rather than 0.999 is the usual choice for transformers (GPT-3, Llama). */
  beta2: z.number().min(0).lt(1).default(0.95),
  /** Added to √v̂ for numerical safety. */
  eps: z.number().positive().default(1e-8),
  /** Decoupled weight decay on matrices (RMSNorm gains are never decayed). */
  weightDecay: z.number().min(0).default(0.1),
  /** Clip the global L2 norm of the gradient to this value; 0 turns clipping off. */
  gradClip: z.number().min(0).default(1),
});
export type AdamwConfig = z.output<typeof adamwConfigSchema>;

/** Heap offsets of the parameters, gradients and moments (one layout), plus the steps taken. */
export interface OptimizerState {
  readonly params: number;
  readonly grads: number;
  readonly m: number;
  readonly v: number;
  step: number;
}

export interface OptimStepResult {
  /** Global L2 norm of the gradient before clipping. */
  readonly gradNorm: number;
  /** Factor the gradient was multiplied by (1 when not clipped). */
  readonly scale: number;
}

/** Clips and applies one AdamW step in place; moments and `state.step` advance. The gradient is left as is. */
export function adamwStep(options: {
  kernels: Kernels;
  layout: ParamLayout;
  state: OptimizerState;
  config: AdamwConfig;
}): OptimStepResult {
  const { kernels, layout, state, config } = options;
  const gradNorm = Math.sqrt(kernels.sumSquares({ x: state.grads, n: layout.total }));
  if (!Number.isFinite(gradNorm)) {
    throw new RangeError(
      `gradient norm is ${gradNorm}: the loss diverged or the weights hold NaN; lower the learning rate or check the inputs`,
    );
  }
  const scale = config.gradClip > 0 && gradNorm > config.gradClip ? config.gradClip / gradNorm : 1;
  state.step += 1;
  for (const t of layout.tensors) {
    kernels.adamw({
      param: state.params + t.offset,
      grad: state.grads + t.offset,
      m: state.m + t.offset,
      v: state.v + t.offset,
      n: t.size,
      lr: config.lr,
      beta1: config.beta1,
      beta2: config.beta2,
      eps: config.eps,
      weightDecay: t.kind === 'matrix' ? config.weightDecay : 0,
      step: state.step,
      gradScale: scale,
    });
  }
  return { gradNorm, scale };
}

/** A model's optimizer: moments live in the heap beside the weights; `state` is what a checkpoint saves. */
export interface Optimizer {
  readonly config: AdamwConfig;
  readonly state: OptimizerState;
  /** Clip, update the weights, advance `state.step`. Does not zero the gradients. `lr` overrides the config's (schedules). */
  step(lr?: number): OptimStepResult;
  /** Copy-free views of the moments; re-read after any heap allocation. */
  moments(): { m: Float32Array; v: Float32Array };
}

export function createOptimizer(options: {
  /** The model whose parameters and gradients (in its heap) this optimizer updates. */
  model: {
    readonly kernels: Kernels;
    readonly layout: ParamLayout;
    readonly memory: { params: number; grads: number };
  };
  config?: Partial<AdamwConfig>;
  /** Resume from saved moments and step (e.g. a checkpoint); else start at zero. */
  resume?: { m: Float32Array; v: Float32Array; step: number };
}): Optimizer {
  const { kernels, layout, memory } = options.model;
  const parsed = adamwConfigSchema.safeParse(options.config ?? {});
  if (!parsed.success) throw new RangeError(`invalid AdamW config: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const heap = kernels.heap;
  const m = heap.alloc(layout.total);
  const v = heap.alloc(layout.total);
  const view = (at: number) => heap.f32.subarray(at, at + layout.total);
  if (options.resume) {
    const r = options.resume;
    if (r.m.length !== layout.total || r.v.length !== layout.total) {
      throw new RangeError(`saved moments hold ${r.m.length}/${r.v.length} floats, the layout needs ${layout.total}`);
    }
    view(m).set(r.m);
    view(v).set(r.v);
  } else {
    view(m).fill(0);
    view(v).fill(0);
  }
  const state: OptimizerState = { params: memory.params, grads: memory.grads, m, v, step: options.resume?.step ?? 0 };
  return {
    config,
    state,
    step: (lr) => adamwStep({ kernels, layout, state, config: lr === undefined ? config : { ...config, lr } }),
    moments: () => ({ m: view(m), v: view(v) }),
  };
}
