import { type LmModel, scoreCompletions } from '../lm/index.ts';
import { choiceMask, lmCompletionTokens } from '../rollout/lm-policy.ts';
import type { ActionValueCritic } from './advantage/action-values.ts';
import type { ChoiceSample, MoveChoice } from './magnet.ts';
import { klDivergence, mirrorDescentTarget, normaliseLog } from './mirror-descent.ts';
import type { TrainedTurn } from './trained-turns.ts';

export interface AllActionsOptions {
  readonly turns: readonly TrainedTurn[];
  /** The live model, whose weights sampled the turns (so its scores are the behaviour log-probs). */
  readonly model: LmModel;
  readonly critic: Pick<ActionValueCritic, 'moveValues'>;
  /** A magnet μ and its weight η: the target then solves the η·KL(π‖μ)-regularised problem. */
  readonly magnet?: { anchorLogprobs(choices: readonly MoveChoice[]): number[] };
  readonly eta: number;
  /** Mirror descent's step size s: how far one step's target moves from π along Q. */
  readonly stepSize: number;
}

/**
 * Every legal move of a trained turn becomes a sample, pulled toward magnetic mirror descent's target π⁺ for that
 * observation (mirror-descent.ts), with Q the critic's value of each move and μ the magnet. A move's
 * weight is π⁺(a) − π(a), the gradient of the cross-entropy to the target, so the weights sum to 0 and only the
 * choice between legal moves is pushed. Unlike the policy gradient π(a)·(Q(a) − V), it does not vanish when π has
 * nearly given up a move the critic now prefers — the trap a greedy early policy falls into (measured: always
 * calling in Kuhn).
 * Needs constrained decoding (the legal moves are the policy's whole support); turns with one legal move carry no
 * choice and are left out. Also returns the batch's mean exact KL(π‖μ) per turn (0 without a magnet).
 */
export function allActionSamples(options: AllActionsOptions): { samples: ChoiceSample[]; meanKl: number } {
  const { turns, model, critic, magnet, eta, stepSize } = options;
  const choices = turns.filter((t) => t.turn.legal.length > 1);
  const items = choices.flatMap((t) =>
    t.turn.legal.map((move) => ({
      promptTokens: t.promptTokenIds,
      completionTokens: lmCompletionTokens(move),
      legal: t.turn.legal,
    })),
  );
  if (items.length === 0) return { samples: [], meanKl: 0 };
  const scores = scoreCompletions({
    model,
    items: items.map((it) => ({ prompt: it.promptTokens, completion: it.completionTokens, allowed: it.legal })),
  });
  const anchor = magnet?.anchorLogprobs(items);
  const samples: ChoiceSample[] = [];
  let kl = 0;
  let offset = 0;
  for (const t of choices) {
    const { legal } = t.turn;
    const q = critic.moveValues(t.episode.gameId, t.turn.player, t.turn.observation, legal);
    const logPi = normaliseLog(legal.map((_, j) => scores[offset + j]!.logprob));
    const logMu = anchor && legal.map((_, j) => anchor[offset + j]!);
    const target = mirrorDescentTarget({
      logPolicy: logPi,
      values: q,
      ...(logMu ? { logMagnet: logMu } : {}),
      eta,
      stepSize,
    });
    if (logMu) kl += klDivergence(logPi, logMu);
    legal.forEach((_, j) => {
      const item = items[offset + j]!;
      samples.push({
        ...item,
        samplingLogprobs: scores[offset + j]!.modelTokenLogprobs,
        advantage: Math.exp(target[j]!) - Math.exp(logPi[j]!),
        tokenMask: choiceMask(item.completionTokens, item.legal),
      });
    });
    offset += legal.length;
  }
  return { samples, meanKl: choices.length > 0 ? kl / choices.length : 0 };
}
