import type { LmModel } from '../../lm/index.ts';
import type { PolicyEvaluation } from '../../spec/run-events.ts';
import { deriveSeed } from '../../util/rng.ts';
import { createPolicyEvaluator } from '../evaluate-policy.ts';
import { gameMetrics, matchMetrics, meanEntropy } from '../evaluation-metrics.ts';
import type { TrainingContext } from '../training-context.ts';

/** The store's metric row of one evaluation (its names carry the game's when the run trains several). */
function evaluationRow(evaluation: PolicyEvaluation, multiGame: boolean): Record<string, number> {
  const e = evaluation;
  return gameMetrics(multiGame ? e.game : undefined, {
    ...(e.exploitability === undefined ? {} : { exploitability: e.exploitability }),
    ...(e.liveExploitability === undefined ? {} : { 'exploitability/live': e.liveExploitability }),
    ...(e.greedyExploitability === undefined ? {} : { 'exploitability/greedy': e.greedyExploitability }),
    ...(e.table ? { entropy: meanEntropy(e.table) } : {}),
    ...Object.fromEntries((e.selfPlayValues ?? []).map((v, p) => [`self_play_value/p${p}`, v])),
    ...Object.fromEntries(Object.entries(e.policyFigures ?? {}).map(([name, v]) => [`policy/${name}`, v])),
    ...(e.freeDecoding
      ? { 'invalid_rate/free': e.freeDecoding.sampled, 'invalid_rate/free-greedy': e.freeDecoding.greedy }
      : {}),
    ...Object.assign({}, ...Object.entries(e.matches).map(([against, m]) => matchMetrics(against, m))),
  });
}

/**
 * A run's measurements, one evaluator per game (seed stream 3): the reported policy (the weight average when there
 * is one, else the live model) exactly and by matches, and beside an average the live weights' exploitability.
 * Each evaluation goes to the store and out as an `eval-end` event.
 */
export function createRunEvaluation(ctx: TrainingContext, reported: { readonly model: LmModel } | undefined) {
  const { config } = ctx;
  const evaluators = ctx.games.map((game) =>
    createPolicyEvaluator({
      game,
      format: config.rollout.format,
      temperature: config.rollout.temperature,
      greedy: config.evaluation.greedy,
      games: {
        random: config.evaluation.vsRandomGames,
        nash: config.evaluation.vsNashGames,
        scripted: config.evaluation.vsScriptedGames,
      },
      freeDecodingGames: config.evaluation.freeDecodingGames,
      seed: deriveSeed(config.seed, 3),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
  );
  const evaluations: PolicyEvaluation[] = [];
  return {
    evaluations,
    /** `last`: the run's final measurement, the one that plays the free-decoding games under `freeDecodingAt: last`. */
    async measure(step: number, options?: { last: boolean }): Promise<void> {
      const freeDecoding = config.evaluation.freeDecodingAt === 'every' || options?.last === true;
      for (const evaluate of evaluators) {
        const measured = await evaluate(reported?.model ?? ctx.model, step, { freeDecoding });
        const live = reported ? (await evaluate(ctx.model, step, { matches: false })).exploitability : undefined;
        const evaluation = live === undefined ? measured : { ...measured, liveExploitability: live };
        evaluations.push(evaluation);
        ctx.store?.addMetrics(step, evaluationRow(evaluation, ctx.multiGame));
        ctx.emit({ type: 'eval-end', evaluation });
      }
    },
  };
}
