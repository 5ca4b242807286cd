// Finishes a trained checkpoint's move text (`finishMoveText`, the step `loss.moveTextFinish` runs at the end of
// training) with chosen settings, and measures it before and after: exact exploitability, and the share of games
// against random lost by an invalid move when the model writes freely (docs/move-text.md, "Measured"). Deterministic:
// node bin/run-ts.js scripts/finish-move-text.ts --checkpoint RUN/checkpoints/step-1200/average \
//   [--game kuhn-poker] [--steps 200] [--lr 0.002] [--seed 1] [--free-games 400] [--greedy]
// The seed is the run's: the batches follow the same seed stream as in training. AdamW at its defaults with this lr,
// as the `kuhn-poker` preset finishes (a preset that sets other AdamW keys finishes with those).
import { parseArgs } from 'node:util';
import { getGame } from '../src/games/registry.ts';
import { adamwConfigSchema, loadModel } from '../src/lm/index.ts';
import { createHeap, createKernels } from '../src/lm/kernels/index.ts';
import type { PolicyEvaluation } from '../src/spec/run-events.ts';
import { createPolicyEvaluator } from '../src/train/evaluate-policy.ts';
import { finishDecisions, finishMoveText, moveTextFinishBatch } from '../src/train/move-text-finish.ts';
import { deriveSeed } from '../src/util/rng.ts';

const { values } = parseArgs({
  options: {
    checkpoint: { type: 'string' },
    game: { type: 'string', default: 'kuhn-poker' },
    steps: { type: 'string', default: '200' },
    lr: { type: 'string', default: '0.002' },
    seed: { type: 'string', default: '1' },
    'free-games': { type: 'string', default: '400' },
    greedy: { type: 'boolean', default: false },
  },
});
if (!values.checkpoint) throw new Error('--checkpoint DIR is required (a checkpoint folder, e.g. its average/)');
const game = getGame(values.game);
const seed = Number(values.seed);
const { model } = await loadModel(values.checkpoint, { kernels: createKernels({ heap: createHeap() }) });
const evaluate = createPolicyEvaluator({
  game,
  format: 'compact',
  temperature: 1,
  greedy: values.greedy,
  games: { random: 0, nash: 0 },
  freeDecodingGames: Number(values['free-games']),
  seed: deriveSeed(seed, 3),
});
const show = (label: string, e: PolicyEvaluation) => {
  const free = e.freeDecoding;
  const greedy = e.greedyExploitability === undefined ? '' : ` (greedy ${e.greedyExploitability.toFixed(4)})`;
  const text = free ? ` · invalid games ${free.sampled} at T 1, ${free.greedy} greedy, of ${free.games}` : '';
  console.log(`${label}: exploitability ${e.exploitability?.toFixed(4)}${greedy}${text}`);
};
show('before', await evaluate(model, 0));
const started = performance.now();
const result = await finishMoveText({
  model,
  decisions: finishDecisions([game], 'compact'),
  steps: Number(values.steps),
  batch: moveTextFinishBatch,
  optim: adamwConfigSchema.parse({ lr: Number(values.lr) }),
  seed: deriveSeed(seed, 7),
});
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  `finished: ${values.steps} steps in ${seconds} s · token loss ${result.loss.toFixed(4)} · policy moved ≤ ${result.drift.toFixed(4)}`,
);
show('after', await evaluate(model, 0));
