// How much of the vocabulary softmax a built-in checkpoint puts on Kuhn Poker's legal moves (docs/training.md,
// `advantage.center`): for every information set, each legal move's probability under constrained decoding (how
// the model plays) beside its log-prob under the unconstrained model, per token — the choice token is where the
// legal moves' mass shows. `node bin/run-ts.js scripts/legal-mass.ts runs/<id>/checkpoints/step-1200`.
import { walkInfosets } from '../src/eval/policy-table/infoset-walk.ts';
import { getGame } from '../src/games/registry.ts';
import { createHeap, createKernels } from '../src/lm/kernels/index.ts';
import { loadModel, scoreCompletions } from '../src/lm/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../src/rollout/lm-policy.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bin/run-ts.js scripts/legal-mass.ts <checkpoint dir>');
const { model } = await loadModel(dir, { kernels: createKernels({ heap: createHeap() }) });
for (const site of walkInfosets({ game: getGame('kuhn-poker'), format: 'compact' })) {
  const prompt = lmPromptTokens(site.observation);
  const scores = scoreCompletions({
    model,
    items: site.legal.map((move) => ({ prompt, completion: lmCompletionTokens(move), allowed: site.legal })),
  });
  const moves = site.legal.map((move, i) => {
    const score = scores[i]!;
    const perToken = score.modelTokenLogprobs.map((lp) => lp.toFixed(1)).join(' ');
    return `${move} played ${Math.exp(score.logprob).toFixed(3)}, model log-prob per token ${perToken}`;
  });
  console.log(`${site.key.padEnd(4)} ${moves.join(' | ')}`);
}
