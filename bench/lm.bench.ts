/**
 * `npm run bench:lm` — training and sampling throughput of the built-in LM, and the same reference model in
 * @tensorflow/tfjs on its wasm backend, in one run. Figures go to docs/performance.md. Options:
 *   --quick      fewer timed steps (a smoke run; figures noisier)
 *   --no-tfjs    skip the tfjs comparison      --no-js   skip the naive JS reference kernels (~15 s)
 */
import { createOptimizer } from '../src/lm/adamw.ts';
import { type ModelConfig, resolveModelConfig } from '../src/lm/config.ts';
import { generate } from '../src/lm/generate.ts';
import type { Kernels } from '../src/lm/kernels/index.ts';
import { createHeap, createKernelPool, createKernels, enableRelaxedSimd } from '../src/lm/kernels/index.ts';
import { createModel } from '../src/lm/model.ts';
import { createRng } from '../src/util/rng.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const BATCH = 8;
const LENGTH = 128;
// Per-core fp32 peak of the measured machine at its nominal 2.6 GHz: 2 FMA pipes × 8 lanes × 2 FLOP × 2.6 GHz
// (research/compute.md §0). Wasm SIMD is 128-bit, so ~half of this is the ceiling for wasm code.
const PEAK_GFLOPS_PER_CORE = 83;

/** Training FLOPs per token: 6 × matmul weights (forward 2, backward 4) + dense causal attention QKᵀ and PV. */
function trainFlopsPerToken(c: ModelConfig, length: number): number {
  const matmulWeights = c.layers * (4 * c.width * c.width + 3 * c.width * c.mlpHidden) + c.vocabSize * c.width;
  return 6 * matmulWeights + 12 * c.layers * length * c.width;
}

interface Row {
  readonly impl: string;
  readonly model: string;
  readonly threads: number;
  readonly batch: number;
  readonly msPerStep: number;
  readonly tokPerSec: number;
  readonly gflops: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeSteps(step: () => unknown, warmup: number, samples: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function randomBatch(seed: number, batch: number, length: number) {
  const rng = createRng(seed);
  const tokens = Int32Array.from({ length: batch * length }, () => rng.int(256));
  const targets = Int32Array.from({ length: batch * length }, () => rng.int(256));
  return { batch, tokens, targets };
}

/** Forward + backward + clipped AdamW on our kernels; returns ms per step. */
async function ourStep(kernels: Kernels, config: ModelConfig, batch: number, samples: number): Promise<number> {
  const model = createModel({ kernels, config, rng: createRng(1) });
  const optimizer = createOptimizer({ model });
  const data = randomBatch(2, batch, LENGTH);
  return timeSteps(
    () => {
      model.zeroGrads();
      model.forwardBackward(data);
      optimizer.step();
    },
    Math.min(2, samples),
    samples,
  );
}

function row(o: { impl: string; model: string; config: ModelConfig; threads: number; batch: number; ms: number }): Row {
  const tokPerSec = (o.batch * LENGTH) / (o.ms / 1000);
  const gflops = (tokPerSec * trainFlopsPerToken(o.config, LENGTH)) / 1e9;
  return { impl: o.impl, model: o.model, threads: o.threads, batch: o.batch, msPerStep: o.ms, tokPerSec, gflops };
}

async function main(): Promise<void> {
  const relaxed = enableRelaxedSimd();
  const presets = { reference: resolveModelConfig({}, 'reference'), small: resolveModelConfig({}, 'small') };
  const backends = relaxed ? (['relaxed', 'simd'] as const) : (['simd'] as const);
  const rows: Row[] = [];
  console.log(
    `node ${process.version}; relaxed SIMD ${relaxed ? 'on' : 'unavailable'}; batch ${BATCH} × ${LENGTH} tokens`,
  );

  for (const [name, config] of Object.entries(presets)) {
    const samples = quick ? 3 : name === 'reference' ? 10 : 20;
    for (const backend of backends) {
      const ms = await ourStep(createKernels({ heap: createHeap(), backend }), config, BATCH, samples);
      rows.push(row({ impl: `selfplay wasm-${backend}`, model: name, config, threads: 1, batch: BATCH, ms }));
      try {
        const pool = await createKernelPool({ heap: createHeap(), variant: backend, threads: 2 });
        const ms2 = await ourStep(pool.kernels, config, BATCH, samples);
        await pool.close();
        rows.push(row({ impl: `selfplay wasm-${backend}`, model: name, config, threads: 2, batch: BATCH, ms: ms2 }));
      } catch (e) {
        console.log(`2-thread pool unavailable: ${(e as Error).message}`);
      }
    }
  }
  if (!args.has('--no-js')) {
    // The naive reference kernels take ~8 s a step here: one warm-up and one timed step.
    const config = presets.reference;
    const ms = await ourStep(createKernels({ heap: createHeap(), backend: 'js' }), config, BATCH, 1);
    rows.push(row({ impl: 'selfplay JS reference kernels', model: 'reference', config, threads: 1, batch: BATCH, ms }));
  }
  let tfjs: Row | undefined;
  if (!args.has('--no-tfjs')) {
    const config = presets.reference;
    // Loaded only when used: tfjs takes seconds to import.
    const { createTfjsModel } = await import('./lm-tfjs.ts');
    const model = await createTfjsModel(config, BATCH);
    const data = randomBatch(2, BATCH, LENGTH);
    const ms = await timeSteps(() => model.step(data.tokens, data.targets), 1, quick ? 2 : 4);
    model.dispose();
    tfjs = row({ impl: 'tfjs-wasm (XNNPACK, 1 thread)', model: 'reference', config, threads: 1, batch: BATCH, ms });
    rows.push(tfjs);
  }

  console.log('\n| implementation | model | threads | batch×len | ms/step | tokens/s | GFLOP/s | % of fp32 peak |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const peak = (100 * r.gflops) / (PEAK_GFLOPS_PER_CORE * r.threads);
    console.log(
      `| ${r.impl} | ${r.model} | ${r.threads} | ${r.batch}×${LENGTH} | ${r.msPerStep.toFixed(1)} | ` +
        `${Math.round(r.tokPerSec).toLocaleString('en-US')} | ${r.gflops.toFixed(1)} | ${peak.toFixed(0)}% |`,
    );
  }
  if (tfjs) {
    const ours = rows.filter((r) => r.model === 'reference' && r.impl.startsWith('selfplay wasm'));
    const best = ours.reduce((a, b) => (b.tokPerSec > a.tokPerSec ? b : a));
    console.log(`\n${(best.tokPerSec / tfjs.tokPerSec).toFixed(1)}× vs tfjs-wasm`);
    const single = ours.filter((r) => r.threads === 1).reduce((a, b) => (b.tokPerSec > a.tokPerSec ? b : a));
    console.log(
      `(best reference-config run: ${best.impl}, ${best.threads} thread(s), against ${tfjs.impl}; ` +
        `1 thread each: ${(single.tokPerSec / tfjs.tokPerSec).toFixed(1)}×)`,
    );
  }
  await sampling(presets.reference, relaxed ? 'relaxed' : 'simd');
}

/** Batched sampling with the KV cache: 64 sequences, 16-token prompts, 64 new tokens each. */
async function sampling(config: ModelConfig, backend: 'relaxed' | 'simd'): Promise<void> {
  const model = createModel({ kernels: createKernels({ heap: createHeap(), backend }), config, rng: createRng(1) });
  const rng = createRng(3);
  const prompts = Array.from({ length: 64 }, () => Array.from({ length: 16 }, () => rng.int(256)));
  let tokens = 0;
  const ms = await timeSteps(
    () => {
      tokens = generate({ model, prompts, rng, maxTokens: 64 }).reduce((n, g) => n + g.tokens.length, 0);
    },
    1,
    quick ? 1 : 3,
  );
  console.log(
    `\nsampling (reference model, wasm-${backend}, 1 thread, batch 64, KV cache, 16-token prompts): ` +
      `${tokens} new tokens in ${ms.toFixed(0)} ms = ${Math.round((tokens / ms) * 1000).toLocaleString('en-US')} tokens/s`,
  );
}

await main();
