import { basename } from 'node:path';
import { taskTypes } from '../../executors/index.ts';
import { openRunStore, type RunStore } from '../../store/run-store.ts';
import { newRunDir, settleRun } from '../../store/runs-root.ts';
import type { ProposeSolveConfig } from '../../train/propose-solve/propose-solve-config.ts';
import { trainProposeSolve } from '../../train/propose-solve/train-propose-solve.ts';
import { type CliIo, println } from '../io.ts';

/**
 * `selfplay train --recipe azr`: a propose → validate → solve run (train/propose-solve/), fresh into `runDir` (or a
 * new folder under runs/) or resumed from `resume`'s store. Prints a line per step, the benchmark's accuracy by type
 * at every evaluation, and as the last line `accuracy <overall>`.
 */
export async function runAzr(options: {
  io: CliIo;
  config: ProposeSolveConfig;
  runDir?: string | undefined;
  /** A store opened on a run to continue (its saved config is `config`). */
  resume?: RunStore;
}): Promise<number> {
  const { io, config } = options;
  let store = options.resume;
  let dir = store?.dir;
  if (!store) {
    dir = options.runDir ?? newRunDir(config.recipe);
    store = openRunStore({ dir });
    store.init({ id: basename(dir), kind: 'train', config });
  }
  println(
    io.stdout,
    `selfplay train: recipe ${config.recipe} from ${config.checkpoint} (${config.roles} roles, learnability ${config.learnability}, verifier ${config.verifier}), ${config.steps} steps${config.minutes ? ` or ${config.minutes} min` : ''}, seed ${config.seed} → ${dir}`,
  );
  const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
  return settleRun(store, async () => {
    const result = await trainProposeSolve({
      config,
      store,
      resume: options.resume !== undefined,
      onStep: (step, m) => {
        const valid = taskTypes.map((t) => f(m[`azr/valid_rate/${t}`])).join('/');
        const solved = taskTypes.map((t) => f(m[`azr/solve_accuracy/${t}`])).join('/');
        const buffers = taskTypes.map((t) => m[`azr/buffer_size/${t}`]).join('/');
        println(
          io.stdout,
          `  step ${step}/${config.steps}: valid ${valid} · solved ${solved} · buffers ${buffers} · loss ${m['loss']!.toFixed(4)} · ${m['rollout_seconds']!.toFixed(1)} s + ${m['update_seconds']!.toFixed(1)} s`,
        );
      },
      onEvent: (event) => {
        if (event.type !== 'iteration-end' || !event.measured) return;
        const m = event.measured;
        const byType = taskTypes.map((t) => `${t} ${f4(m[`benchmark/${t}`])}`).join(' · ');
        println(io.stdout, `  benchmark @${event.iteration}: ${byType} · all ${f4(m['benchmark/all'])}`);
      },
    });
    const accuracy = result.benchmark['benchmark/all'] ?? 0;
    store.updateSummary({ 'benchmark/all': accuracy, steps: result.steps });
    const last = result.curve.at(-1);
    println(io.stdout, `\n${result.steps} steps in ${(last?.seconds ?? 0).toFixed(0)} s`);
    println(io.stdout, `run: ${dir}${result.checkpoint ? ` (checkpoint ${result.checkpoint})` : ''}`);
    println(io.stdout, `accuracy ${accuracy.toFixed(4)}`);
    return 0;
  });
}

function f4(x: number | undefined): string {
  return x === undefined ? '—' : x.toFixed(4);
}
