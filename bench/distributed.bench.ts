/**
 * `npm run bench:distributed` — what it costs to move the learner out of the trainer's process. Trains Kuhn Poker
 * with the default preset (870k-parameter model, 256 games a step, 2 epochs) for N steps twice with one seed: the
 * learner in-process, then in a `selfplay learner-serve` child process behind the Tinker API (`--learner
 * local-server`). Prints steps per second and the share of each step spent sampling (the games), learning
 * (forward + forward_backward + optim_step, over HTTP for the child) and syncing (saving the new weights for the
 * sampler and copying them in: the remote learner's part of an optimizer step), and checks that both runs trained the
 * same weights. Figures go to docs/performance.md. Options:
 *   --steps N     steps per run (default 20, after none skipped: the first step includes warm-up)
 *   --preset P    a presets/P.json (default kuhn-poker)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { RemoteLearnerSettings } from '../src/train/run-learner.ts';
import { enableRelaxedSimd } from '../src/lm/kernels/index.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { applyOverrides, parseTrainConfig } from '../src/train/train-config.ts';
import { train } from '../src/train/trainer.ts';

enableRelaxedSimd(); // as the CLI does: measure the kernels users run
const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1]! : fallback;
};
const STEPS = Number(option('steps', '20'));
const PRESET = option('preset', 'kuhn-poker');

const preset = JSON.parse(readFileSync(join(import.meta.dirname, `../presets/${PRESET}.json`), 'utf8')) as Record<
  string,
  unknown
>;
const config = parseTrainConfig(
  applyOverrides(preset, [
    `steps=${STEPS}`,
    'minutes=60',
    'loss.moveTextFinish=0',
    `evaluation.every=${STEPS}`,
    'evaluation.vsRandomGames=0',
    'evaluation.vsNashGames=0',
    'evaluation.freeDecodingGames=0',
  ]),
);

async function measure(label: string, remoteLearner?: RemoteLearnerSettings) {
  const dir = await mkdtemp(join(tmpdir(), 'selfplay-bench-distributed-'));
  const store = openRunStore({ dir });
  store.init({ id: label, kind: 'train', config });
  try {
    const started = performance.now();
    const result = await train({ config, store, ...(remoteLearner ? { remoteLearner } : {}) });
    const wall = (performance.now() - started) / 1000;
    const names = ['seconds', 'rollout_seconds', 'update_seconds', 'sync_seconds', 'loss'];
    const rows = store.metrics(names);
    const sum = (name: string) => rows.filter((r) => r.name === name).reduce((s, r) => s + r.value, 0);
    const stepSeconds = rows.filter((r) => r.name === 'seconds').at(-1)!.value;
    const losses = rows.filter((r) => r.name === 'loss').map((r) => r.value);
    return {
      label,
      wall,
      stepsPerSecond: STEPS / stepSeconds,
      sampling: sum('rollout_seconds') / stepSeconds,
      learning: (sum('update_seconds') - sum('sync_seconds')) / stepSeconds,
      syncing: sum('sync_seconds') / stepSeconds,
      losses,
      exploitability: result.evaluations.at(-1)?.exploitability,
    };
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const runs = [await measure('in-process'), await measure('local-server', { choice: { kind: 'local-server' } })];
console.log(`distributed learner — ${PRESET}, ${STEPS} steps, seed ${config.seed}, threads ${config.threads}`);
console.log('learner        steps/s   sampling  learning  syncing   final exploitability');
for (const r of runs) {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(8);
  console.log(
    `${r.label.padEnd(14)} ${r.stepsPerSecond.toFixed(3).padStart(7)}  ${pct(r.sampling)}  ${pct(r.learning)}  ${pct(r.syncing)}   ${r.exploitability?.toFixed(6)}`,
  );
}
const [local, remote] = runs as [(typeof runs)[0], (typeof runs)[0]];
const same = local.losses.length === remote.losses.length && local.losses.every((l, i) => l === remote.losses[i]);
console.log(
  `separate process / in-process steps per second: ${(remote.stepsPerSecond / local.stepsPerSecond).toFixed(3)}`,
);
console.log(
  `same losses every step: ${same ? 'yes' : 'NO'}; same final exploitability: ${local.exploitability === remote.exploitability ? 'yes' : 'NO'}`,
);
