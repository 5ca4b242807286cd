import type {
  PairForwardBackwardResult,
  PairLossSpec,
  PreferencePair,
  RatedSequence,
  SequenceForwardBackwardResult,
  SequenceLossSpec,
} from '../spec/learner.ts';
import { type Completion, planPasses, runSequencePass } from './sequence-pass.ts';
import type { WeighedPass } from './weighed-pass.ts';
import { pairTerm, ratedTerm } from './sequence-loss.ts';

interface PassOptions<T, L> {
  /** The learner's forward/backward pass (in-process, or a remote learner's forward then weighted backward). */
  readonly pass: WeighedPass;
  readonly loss: L;
  /** Distinct sequences per pass (a pair's two always share one). */
  readonly microBatch: number;
  readonly items: readonly T[];
}

/**
 * `Learner.forwardBackwardPairs` over any learner's pass: both responses of a pair in the same pass, whose callback
 * reads their current log-probs, turns the pair's loss into one weight per response (`pairTerm`) and backpropagates
 * it through that pass: one forward and one backward per pass, as for the token losses.
 */
export async function pairsForwardBackward(
  options: PassOptions<PreferencePair, PairLossSpec>,
): Promise<PairForwardBackwardResult> {
  const { pass: run, loss, items: pairs } = options;
  pairs.forEach((p, i) => {
    checkCompletion(`pair ${i}'s chosen`, { promptTokens: p.promptTokens, completionTokens: p.chosenTokens });
    checkCompletion(`pair ${i}'s rejected`, { promptTokens: p.promptTokens, completionTokens: p.rejectedTokens });
    checkFinite(`pair ${i}'s reference log-probs`, p.chosenRefLogprob, p.rejectedRefLogprob);
  });
  const responses = (p: PreferencePair): Completion[] => [
    { promptTokens: p.promptTokens, completionTokens: p.chosenTokens },
    { promptTokens: p.promptTokens, completionTokens: p.rejectedTokens },
  ];
  let total = 0;
  let margin = 0;
  let wins = 0;
  for (const pass of planPasses(pairs, responses, options.microBatch)) {
    await runSequencePass(run, pass.sequences, (logprobs) => {
      const weights = new Array<number>(logprobs.length).fill(0);
      for (const { unit: pair, slots } of pass.units) {
        const [w, l] = slots as [number, number];
        const term = pairTerm({ loss, pair, chosen: logprobs[w]!, rejected: logprobs[l]!, pairs: pairs.length });
        weights[w]! += term.chosenWeight;
        weights[l]! += term.rejectedWeight;
        total += term.loss;
        margin += term.margin;
        if (term.margin > 0) wins++;
      }
      return weights;
    });
  }
  const n = pairs.length;
  return {
    loss: total,
    pairs: n,
    tokens: pairs.reduce((sum, p) => sum + p.chosenTokens.length + p.rejectedTokens.length, 0),
    margin: n > 0 ? margin / n : 0,
    accuracy: n > 0 ? wins / n : 0,
  };
}

/** `Learner.forwardBackwardSequences` over any learner's pass, in passes of distinct responses like the pairs'. */
export async function sequencesForwardBackward(
  options: PassOptions<RatedSequence, SequenceLossSpec>,
): Promise<SequenceForwardBackwardResult> {
  const { pass: run, loss, items } = options;
  items.forEach((s, i) => {
    checkCompletion(`sequence ${i}`, s);
    checkFinite(`sequence ${i}'s reference log-prob`, s.refLogprob);
    if (!(s.winRate >= 0 && s.winRate <= 1))
      throw new RangeError(`sequence ${i}'s win rate ${s.winRate} is not a probability in [0, 1]`);
  });
  let total = 0;
  let logRatio = 0;
  for (const pass of planPasses(items, (s) => [s], options.microBatch)) {
    await runSequencePass(run, pass.sequences, (logprobs) => {
      const weights = new Array<number>(logprobs.length).fill(0);
      for (const { unit: sequence, slots } of pass.units) {
        const slot = slots[0]!;
        const term = ratedTerm({ loss, sequence, current: logprobs[slot]!, sequences: items.length });
        weights[slot]! += term.weight;
        total += term.loss;
        logRatio += term.logRatio;
      }
      return weights;
    });
  }
  return {
    loss: total,
    sequences: items.length,
    tokens: items.reduce((sum, s) => sum + s.completionTokens.length, 0),
    logRatio: items.length > 0 ? logRatio / items.length : 0,
  };
}

function checkCompletion(what: string, s: Completion): void {
  if (s.promptTokens.length === 0 || s.completionTokens.length === 0)
    throw new RangeError(`${what} needs a non-empty prompt (start it with BOS) and a non-empty completion`);
}

function checkFinite(what: string, ...values: number[]): void {
  if (!values.every(Number.isFinite))
    throw new RangeError(`${what} (${values.join(', ')}) must be finite: score the responses under the reference`);
}
