import type { RemoteLearnerSettings } from '../../train/run-learner.ts';
import { parseEndpointSpec } from '../../llm/index.ts';
import type { RunStore } from '../../store/run-store.ts';
import { recipeRunStore, settleRun } from '../../store/runs-root.ts';
import type { IterationConfig } from '../../train/iterations/iteration-config.ts';
import { trainIterations } from '../../train/iterations/train-iterations.ts';
import { type CliIo, println } from '../io.ts';

/** How `selfplay train` prints a recipe's figures: metric name → label. */
const labels: Record<string, string> = {
  'preference/duality_gap': 'duality gap',
  'preference/other_mass': 'other',
  'spin/kl': 'KL(data ‖ π)',
  'spin/total_variation': 'TV',
};

/**
 * `selfplay train --recipe sppo|spo|dpo|spin|sft`: an outer-iteration run (train/iterations/), fresh into `runDir`
 * (or a new folder under runs/) or resumed from `resume`'s store. Prints the measured iterations, the LLM judge's
 * requests when the run has one, and, as the last line, the headline figure.
 */
export async function runRecipe(options: {
  io: CliIo;
  config: IterationConfig;
  runDir?: string | undefined;
  /** A store opened on a run to continue (its saved config is `config`). */
  resume?: RunStore;
  /** The learner in another process or at a service (`--learner`). */
  remoteLearner?: RemoteLearnerSettings;
}): Promise<number> {
  const { io, config } = options;
  const { store, dir } = recipeRunStore({ ...options, label: config.recipe, config });
  const file = config.preferences ?? config.data;
  // The judge's spec may carry credentials in its URL; the listing names the model only.
  const judged = config.judge ? ` judged by ${describeEndpoint(config.judge.endpoint)}` : '';
  const sampled = config.sampler ? ` sampled by ${describeEndpoint(config.sampler.sampler)}` : '';
  println(
    io.stdout,
    `selfplay train: recipe ${config.recipe} on ${file}${judged}${sampled}, ${config.iterations} iterations${config.minutes ? ` or ${config.minutes} min` : ''}, seed ${config.seed} → ${dir}`,
  );
  return settleRun(store, async () => {
    const result = await trainIterations({
      config,
      store,
      resume: options.resume !== undefined,
      ...(options.remoteLearner ? { remoteLearner: options.remoteLearner } : {}),
      onEvent: (event) => {
        if (event.type !== 'iteration-end' || !event.measured) return;
        const figures = Object.entries(event.measured).map(([k, v]) => `${labels[k] ?? k} ${v.toFixed(4)}`);
        println(
          io.stdout,
          `  iteration ${event.iteration}/${event.iterations}: ${figures.join(' · ')} · ${event.seconds.toFixed(0)} s`,
        );
      },
    });
    const last = result.curve.at(-1);
    const label = labels[result.metric] ?? result.metric;
    if (last) store.updateSummary({ [result.metric]: last.value, iterations: result.iterations });
    println(
      io.stdout,
      `\n${result.iterations} iterations in ${(last?.seconds ?? 0).toFixed(0)} s after a ${result.warmupSeconds.toFixed(0)} s warm-up`,
    );
    println(io.stdout, `run: ${dir}${result.checkpoint ? ` (checkpoint ${result.checkpoint})` : ''}`);
    if (result.judge)
      println(
        io.stdout,
        `judge: ${result.judge.requests} requests for ${result.judge.pairs} pairs, ${result.judge.invalidVerdicts} invalid verdicts (read as ½)`,
      );
    if (config.sampler) printSampler(io, store, config.sampler.sync);
    if (last) println(io.stdout, `${label} ${last.value.toFixed(4)}`);
    return 0;
  });
}

/** The served iterate's syncs and how far its log-probs strayed from the iterate's (train/iterations/served-responses.ts). */
function printSampler(io: CliIo, store: RunStore, sync: string): void {
  const gaps = store.metrics(['sampler_logprob_gap']).map((m) => m.value);
  const syncSeconds = store.metrics(['sync_seconds']).reduce((s, m) => s + m.value, 0);
  const gap = Math.max(0, ...gaps);
  println(
    io.stdout,
    `sampler: weights synced (${sync}) before each of ${gaps.length} iterations in ${syncSeconds.toFixed(1)} s · log-prob gap to the iterate ≤ ${gap === 0 ? '0' : gap.toExponential(1)} per token`,
  );
}

/** `MODEL @ host`: enough to recognise an endpoint in a listing, without the URL's path or query (or credentials). */
function describeEndpoint(spec: string): string {
  const { model, baseUrl } = parseEndpointSpec(spec);
  return `${model} @ ${new URL(baseUrl).host}`;
}
