import {
  createOptimizer,
  EOS_ID,
  encode,
  encodeWithBos,
  type LmModel,
  packChoices,
  packSequences,
} from '../lm/index.ts';
import type { ConformanceFailure } from '../spec/conformance.ts';
import type { ChoiceFit, LearnerState, LossSpec, TrainingSample } from '../spec/learner.ts';
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
import { maxRelativeDiff, referenceTokenTerm, sameBits } from './conformance-reference.ts';
import { sequenceLossChecks } from './sequence-conformance.ts';

export type { LearnerFactory, LearnerSetup } from './conformance-probe.ts';

/**
 * The `Learner` conformance suite, for every implementation (the in-process one, a remote one): gradients equal to
 * the model's own gradient of each loss (read from AdamW's first moment after one step with β1 = 0, which is the
 * gradient itself) for the token losses, the choice fits and the sequence-level losses (sequence-conformance.ts);
 * `optimStep`'s semantics (applies the gradient with the given or configured rate, clears it, counts steps);
 * `save`/`restore` bit for bit, and `publish`'s growing versions. Returns the failures (none: the
 * learner conforms); `create` makes a fresh learner per check.
 */
export async function checkLearner(create: LearnerFactory): Promise<ConformanceFailure[]> {
  const failures: ConformanceFailure[] = [];
  const checks: Check[] = [
    ...tokenLosses.map(([name, loss, samples]): Check => [
      `gradient/${name}`,
      () => checkTokenGradient(create, loss, samples),
    ]),
    ...choiceCases.map(([name, fits]): Check => [`gradient/${name}`, () => checkChoiceGradient(create, fits)]),
    ...sequenceLossChecks(create),
    ['optimStep/applies', () => checkOptimStep(create)],
    ['optimStep/clears', () => checkClears(create)],
    ['save-restore', () => checkSaveRestore(create)],
    ['publish', () => checkPublish(create)],
  ];
  for (const [check, run] of checks) {
    try {
      const problem = await run();
      if (problem) failures.push({ check, message: problem });
    } catch (error) {
      failures.push({ check, message: `threw: ${(error as Error).message}` });
    }
  }
  return failures;
}

const sample = (prompt: string, answer: string, advantage: number, samplingLogprob: number, mask?: number[]) => {
  const completionTokens = [...encode(answer), EOS_ID];
  return {
    promptTokens: encodeWithBos(prompt),
    completionTokens,
    // Off-policy enough that some tokens clip: each sample's own ratio must decide its weight.
    samplingLogprobs: completionTokens.map((_, j) => samplingLogprob - 0.3 * j),
    advantage,
    ...(mask ? { tokenMask: mask } : {}),
  } satisfies TrainingSample;
};

const played: TrainingSample[] = [
  sample('P0 card K\n', '[bet]', 1.5, -0.5),
  sample('P0 card K\n', '[bet]', -0.7, -3),
  sample('P1 card J\n', '[fold]', 0.4, -1),
  sample('P0 card K\n', '[bet]', 0.2, -8),
  sample('P1 card Q\n', '[call]', -1.2, -0.1),
];
const forced = [0, 1, 0, 0, 0, 0];
const tokenLosses: [string, LossSpec, TrainingSample[]][] = [
  ['ppo-clip', { kind: 'ppo-clip', clip: 0.2, normalizer: 2, dualClip: 3 }, played],
  ['reinforce', { kind: 'reinforce', normalizer: 1 }, played],
  [
    'move-text',
    { kind: 'ppo-clip', clip: 0.2, normalizer: 1, moveText: 0.5 },
    [sample('P0 card K\n', '[bet]', 1, -0.7, forced), sample('P1 card J\n', '[bet]', -0.5, -0.2, forced)],
  ],
];

const context = encodeWithBos('P0 card K\n[');
const choiceIds = [...encode('bc')];
const choiceCases: [string, ChoiceFit[]][] = [
  [
    'choices-target',
    [
      { contextTokens: context, choiceTokens: choiceIds, target: [0.7, 0.3] },
      { contextTokens: encodeWithBos('P1 card J\n['), choiceTokens: choiceIds, target: [0.1, 0.9] },
    ],
  ],
  [
    'choices-legal-mass',
    [
      { contextTokens: context, choiceTokens: choiceIds, legalMass: 0.5 },
      { contextTokens: encodeWithBos('P1 card Q\n['), choiceTokens: choiceIds, target: [0.5, 0.5], legalMass: 0.5 },
    ],
  ],
];

/**
 * Adds the model's own gradient of `loss` over `samples` to its gradient (one pass per sample, token weights from the
 * loss's definition); returns the loss.
 */
function addReferenceGradient(model: LmModel, samples: readonly TrainingSample[], loss: LossSpec): number {
  let total = 0;
  for (const s of samples) {
    const tokens = [...s.promptTokens, ...s.completionTokens];
    const batch = packSequences([{ tokens, weights: new Array<number>(tokens.length - 1).fill(0) }]);
    model.forwardBackward(batch, (current) => {
      const weights = new Float64Array(current.length);
      s.completionTokens.forEach((_, token) => {
        const at = s.promptTokens.length - 1 + token;
        const term = referenceTokenTerm({ loss, sample: s, token, current: current[at]!, samples: samples.length });
        weights[at] = term.weight;
        total += term.loss;
      });
      return weights;
    });
  }
  return total;
}

async function checkTokenGradient(create: LearnerFactory, loss: LossSpec, samples: readonly TrainingSample[]) {
  const params = initialParams(2);
  const learner = await create({ config: modelConfig, params, optim: probeOptim });
  const result = await learner.forwardBackward(samples, loss);
  const model = referenceModel(params);
  const total = addReferenceGradient(model, samples, loss);
  if (Math.abs(result.loss - total) > tolerance * Math.abs(total) + 1e-7)
    return `forwardBackward reported loss ${result.loss}, the loss is ${total}`;
  if (result.samples !== samples.length)
    return `forwardBackward reported ${result.samples} samples of ${samples.length}`;
  return compareGradients(await learnedGradient(learner), model);
}

async function checkChoiceGradient(create: LearnerFactory, fits: readonly ChoiceFit[]) {
  const params = initialParams(3);
  const learner = await create({ config: modelConfig, params, optim: probeOptim });
  const { loss } = await learner.forwardBackwardChoices(fits);
  const model = referenceModel(params);
  const n = fits.length;
  // The mean cross-entropy of the fits and their legal-mass steps, as the model computes it in one batch.
  const reference = model.forwardBackward(
    packChoices(
      fits.map((f) => ({
        context: f.contextTokens,
        ids: f.choiceTokens,
        ...(f.target ? { target: f.target, weight: 1 / n } : {}),
        ...(f.legalMass ? { massWeight: f.legalMass / n } : {}),
      })),
    ),
  );
  if (Math.abs(loss - reference.loss) > tolerance * Math.abs(reference.loss) + 1e-7)
    return `forwardBackwardChoices reported loss ${loss}, the mean cross-entropy is ${reference.loss}`;
  return compareGradients(await learnedGradient(learner), model);
}

/** A step with an overriding lr, then one at the configured lr, against AdamW applied to the model's gradient. */
async function checkOptimStep(create: LearnerFactory) {
  const params = initialParams(4);
  const optim = { lr: 1e-3, weightDecay: 0.1, gradClip: 1 };
  const learner = await create({ config: modelConfig, params, optim });
  const model = referenceModel(params);
  const optimizer = createOptimizer({ model, config: optim });
  const loss = tokenLosses[0]![1];
  for (const lr of [3e-2, undefined]) {
    await learner.forwardBackward(played, loss);
    const { step } = await learner.optimStep(lr === undefined ? {} : { lr });
    addReferenceGradient(model, played, loss);
    optimizer.step(lr);
    model.zeroGrads();
    if (step !== optimizer.state.step) return `optimStep reported step ${step}, expected ${optimizer.state.step}`;
    const diff = maxRelativeDiff((await learner.publish()).params(), model.params());
    if (!(diff <= tolerance))
      return `after a step at lr ${lr ?? 'as configured'} the weights differ from AdamW's by ${diff.toExponential(2)}`;
  }
  return undefined;
}

/** A step leaves no gradient behind: the next step without `forwardBackward` sees a zero gradient. */
async function checkClears(create: LearnerFactory) {
  const learner = await create({ config: modelConfig, params: initialParams(5), optim: probeOptim });
  await learner.forwardBackward(played, tokenLosses[1]![1]);
  const first = await learner.optimStep();
  if (first.gradNorm === 0) return 'the first step saw no gradient';
  const second = await learner.optimStep();
  if (second.gradNorm !== 0) return `a step after a step saw gradNorm ${second.gradNorm}: the gradient was not cleared`;
  if (second.step !== first.step + 1) return `steps counted ${first.step}, then ${second.step}`;
  return undefined;
}

function stateDiff(a: LearnerState, b: LearnerState): string | undefined {
  if (!sameBits(a.params, b.params)) return 'weights differ';
  if (!sameBits(a.optimizer.m, b.optimizer.m) || !sameBits(a.optimizer.v, b.optimizer.v)) return 'moments differ';
  return a.optimizer.step === b.optimizer.step ? undefined : `steps ${a.optimizer.step} and ${b.optimizer.step}`;
}

const copyState = (s: LearnerState): LearnerState => ({
  params: s.params.slice(),
  optimizer: { m: s.optimizer.m.slice(), v: s.optimizer.v.slice(), step: s.optimizer.step },
});

/** A state restored into another learner is the saved one bit for bit, and both then train identically. */
async function checkSaveRestore(create: LearnerFactory) {
  const optim = { lr: 1e-2 };
  const [ppo, reinforce] = [tokenLosses[0]![1], tokenLosses[1]![1]];
  const a = await create({ config: modelConfig, params: initialParams(6), optim });
  for (let i = 0; i < 2; i++) {
    await a.forwardBackward(played, ppo);
    await a.optimStep();
  }
  const saved = await a.save();
  const kept = copyState(saved);
  const b = await create({ config: modelConfig, params: initialParams(7), optim });
  await b.forwardBackward(played, reinforce); // a pending gradient that restore must drop
  await b.restore(saved);
  const restored = stateDiff(await b.save(), kept);
  if (restored) return `the restored state is not the saved one: ${restored}`;
  for (const learner of [a, b]) {
    await learner.forwardBackward(played, ppo);
    await learner.optimStep({ lr: 3e-3 });
  }
  const after = stateDiff(await a.save(), await b.save());
  if (after) return `a learner restored from a state and the one that saved it trained apart: ${after}`;
  if (stateDiff(saved, kept)) return 'training on changed a saved state: save must return a copy';
  return undefined;
}

/** Versions grow with every step; the published weights are the learner's. */
async function checkPublish(create: LearnerFactory) {
  const learner = await create({ config: modelConfig, params: initialParams(8), optim: { lr: 1e-2 } });
  const versions = [(await learner.publish()).version];
  for (let i = 0; i < 2; i++) {
    await learner.forwardBackward(played, tokenLosses[1]![1]);
    await learner.optimStep();
    const handle = await learner.publish();
    versions.push(handle.version);
    if (!sameBits(handle.params(), (await learner.save()).params)) return 'the published weights are not the learner’s';
  }
  if (!versions.every((v, i) => i === 0 || v > versions[i - 1]!)) return `versions ${versions.join(', ')} do not grow`;
  return undefined;
}
