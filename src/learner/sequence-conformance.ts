import { EOS_ID, encode, encodeWithBos, type LmModel, packSequences } from '../lm/index.ts';
import type { Learner, PairLossSpec, PreferencePair, RatedSequence, SequenceLossSpec } from '../spec/learner.ts';
import {
  type Check,
  compareGradients,
  initialParams,
  type LearnerFactory,
  learnedGradient,
  modelConfig,
  probeOptim,
  referenceModel,
  tolerance,
} from './conformance-probe.ts';
import { referencePairLoss, referenceSequenceLoss, slope } from './conformance-reference.ts';

/**
 * The conformance checks of the sequence-level losses: for each pairwise loss and SPPO's, the learner's gradient,
 * loss and metrics equal the reference's, which scores each response alone and differentiates the loss's stated
 * value numerically.
 */
export function sequenceLossChecks(create: LearnerFactory): Check[] {
  return [
    ...pairLosses.map(([name, loss]): Check => [`gradient/${name}`, () => checkPairGradient(create, loss)]),
    ['gradient/sppo', () => checkSequenceGradient(create, { kind: 'sppo', eta: 2 })],
  ];
}

const pairLosses: [string, PairLossSpec][] = [
  ['dpo', { kind: 'dpo', beta: 0.5 }],
  ['dpo-hinge', { kind: 'dpo-hinge', beta: 0.5 }],
  ['ipo', { kind: 'ipo', tau: 0.5 }],
  ['rpo', { kind: 'dpo', beta: 0.5, chosenNll: 0.3 }],
];

const answer = (text: string) => [...encode(text), EOS_ID];

/**
 * log π − log π_ref of each response at the probe's weights: the reference log-probs are set from the current ones
 * so that every h is known — both signs, and for the hinge (β = 0.5) on both sides of its kink at h = 2.
 */
const logRatios: Record<string, number> = {
  'P0 card K\n[bet]': 1,
  'P0 card K\n[check]': -0.5,
  'P0 card K\n[fold]': 1.8,
  'P1 card J\n[fold]': 3,
  'P1 card J\n[call]': -1,
};

/**
 * Pairs as [prompt, chosen, rejected], h = 1.5, −0.8, 4, 1.5, −4. Responses repeat across pairs (SPIN's one real
 * answer against several samples; the same pair twice; roles swapped), so a learner that scores each distinct
 * sequence once must still give each pair its own weights.
 */
const pairCases: [string, string, string][] = [
  ['P0 card K\n', '[bet]', '[check]'],
  ['P0 card K\n', '[bet]', '[fold]'],
  ['P1 card J\n', '[fold]', '[call]'],
  ['P0 card K\n', '[bet]', '[check]'],
  ['P1 card J\n', '[call]', '[fold]'],
];

/** log π(completion | prompt) under the model, one sequence per pass. */
function sequenceLogprob(model: LmModel, prompt: readonly number[], completion: readonly number[]): number {
  const tokens = [...prompt, ...completion];
  const { logprobs } = model.forward(
    packSequences([{ tokens, weights: new Array<number>(tokens.length - 1).fill(0) }]),
  );
  let sum = 0;
  for (let j = 0; j < completion.length; j++) sum += logprobs[prompt.length - 1 + j]!;
  return sum;
}

/** Adds the gradient of weight · (−log π(completion | prompt)) to the model's. */
function addSequenceGradient(model: LmModel, prompt: readonly number[], completion: readonly number[], weight: number) {
  const tokens = [...prompt, ...completion];
  const weights = tokens.slice(1).map((_, i) => (i >= prompt.length - 1 ? weight : 0));
  model.forwardBackward(packSequences([{ tokens, weights }]));
}

function buildPairs(model: LmModel): PreferencePair[] {
  return pairCases.map(([prompt, chosen, rejected]) => {
    const promptTokens = encodeWithBos(prompt);
    const [chosenTokens, rejectedTokens] = [answer(chosen), answer(rejected)];
    const reference = (text: string, tokens: number[]) =>
      sequenceLogprob(model, promptTokens, tokens) - logRatios[prompt + text]!;
    return {
      promptTokens,
      chosenTokens,
      rejectedTokens,
      chosenRefLogprob: reference(chosen, chosenTokens),
      rejectedRefLogprob: reference(rejected, rejectedTokens),
    };
  });
}

const near = (a: number, b: number) => Math.abs(a - b) <= tolerance * Math.abs(b) + 1e-7;

async function checkPairGradient(create: LearnerFactory, loss: PairLossSpec) {
  const params = initialParams(9);
  const model = referenceModel(params);
  const pairs = buildPairs(model);
  const learner: Learner = await create({ config: modelConfig, params, optim: probeOptim });
  const result = await learner.forwardBackwardPairs(pairs, loss);
  const n = pairs.length;
  let total = 0;
  let margin = 0;
  let wins = 0;
  for (const pair of pairs) {
    const chosen = sequenceLogprob(model, pair.promptTokens, pair.chosenTokens);
    const rejected = sequenceLogprob(model, pair.promptTokens, pair.rejectedTokens);
    total += referencePairLoss(loss, pair, chosen, rejected) / n;
    const h = chosen - pair.chosenRefLogprob - (rejected - pair.rejectedRefLogprob);
    margin += h / n;
    if (h > 0) wins++;
    const dChosen = slope((x) => referencePairLoss(loss, pair, x, rejected), chosen);
    const dRejected = slope((x) => referencePairLoss(loss, pair, chosen, x), rejected);
    addSequenceGradient(model, pair.promptTokens, pair.chosenTokens, -dChosen / n);
    addSequenceGradient(model, pair.promptTokens, pair.rejectedTokens, -dRejected / n);
  }
  if (!near(result.loss, total)) return `forwardBackwardPairs reported loss ${result.loss}, the loss is ${total}`;
  const tokens = pairs.reduce((s, p) => s + p.chosenTokens.length + p.rejectedTokens.length, 0);
  if (result.pairs !== n || result.tokens !== tokens)
    return `forwardBackwardPairs reported ${result.pairs} pairs and ${result.tokens} tokens, not ${n} and ${tokens}`;
  if (!near(result.margin, margin) || result.accuracy !== wins / n)
    return `margin ${result.margin} and accuracy ${result.accuracy} reported, ${margin} and ${wins / n} expected`;
  return compareGradients(await learnedGradient(learner), model);
}

/** Responses as [prompt, completion, log-ratio at the probe's weights, win rate]; one appears twice. */
const ratedCases: [string, string, number, number][] = [
  ['P0 card K\n', '[bet]', 0.4, 0.9],
  ['P0 card K\n', '[check]', -0.3, 0.5],
  ['P0 card K\n', '[fold]', 0.2, 0.1],
  ['P1 card J\n', '[call]', -1, 0.7],
  ['P0 card K\n', '[bet]', 0.4, 0.9],
];

async function checkSequenceGradient(create: LearnerFactory, loss: SequenceLossSpec) {
  const params = initialParams(10);
  const model = referenceModel(params);
  const sequences: RatedSequence[] = ratedCases.map(([prompt, completion, logRatio, winRate]) => {
    const promptTokens = encodeWithBos(prompt);
    const completionTokens = answer(completion);
    const refLogprob = sequenceLogprob(model, promptTokens, completionTokens) - logRatio;
    return { promptTokens, completionTokens, refLogprob, winRate };
  });
  const learner = await create({ config: modelConfig, params, optim: probeOptim });
  const result = await learner.forwardBackwardSequences(sequences, loss);
  const n = sequences.length;
  let total = 0;
  let logRatio = 0;
  for (const s of sequences) {
    const current = sequenceLogprob(model, s.promptTokens, s.completionTokens);
    total += referenceSequenceLoss(loss, s, current) / n;
    logRatio += (current - s.refLogprob) / n;
    const d = slope((x) => referenceSequenceLoss(loss, s, x), current);
    addSequenceGradient(model, s.promptTokens, s.completionTokens, -d / n);
  }
  if (!near(result.loss, total)) return `forwardBackwardSequences reported loss ${result.loss}, the loss is ${total}`;
  const tokens = sequences.reduce((sum, s) => sum + s.completionTokens.length, 0);
  if (result.sequences !== n || result.tokens !== tokens || !near(result.logRatio, logRatio))
    return (
      `forwardBackwardSequences reported ${result.sequences} responses, ${result.tokens} tokens, ` +
      `log-ratio ${result.logRatio}; expected ${n}, ${tokens}, ${logRatio}`
    );
  return compareGradients(await learnedGradient(learner), model);
}
