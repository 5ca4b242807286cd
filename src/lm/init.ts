import type { Rng } from '../spec/rng.ts';
import type { ModelConfig } from './config.ts';
import type { ParamLayout } from './param-layout.ts';

/** One standard normal draw (Box–Muller; one of the pair is discarded so each draw uses exactly two uniforms). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]: log(0) never happens
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Fills `params` for a fresh model: matrices ~ N(0, initStd²), with the two projections that write into the
 * residual stream (o_proj, down_proj) scaled by 1/√(2·layers) as in GPT-2 (Radford et al. 2019, §2.3) so the
 * residual's variance does not grow with depth; RMSNorm gains start at 1.
 */
export function initParams(options: {
  config: ModelConfig;
  layout: ParamLayout;
  params: Float32Array;
  rng: Rng;
}): void {
  const { config, layout, params, rng } = options;
  params.fill(0);
  const residualScale = 1 / Math.sqrt(2 * config.layers);
  const residualWriters = new Set(layout.layers.flatMap((l) => [l.o.name, l.down.name]));
  for (const t of layout.tensors) {
    if (t.kind === 'norm') {
      params.fill(1, t.offset, t.offset + t.size);
      continue;
    }
    const std = config.initStd * (residualWriters.has(t.name) ? residualScale : 1);
    for (let i = 0; i < t.size; i++) params[t.offset + i] = std * normal(rng);
  }
}
