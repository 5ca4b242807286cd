// The trainer's update on a tabular policy with exact expectations: what the magnet schedule and the optimizer do to
// self-play on Kuhn Poker once sampling noise and the network are taken out (docs/results.md, "Where the magnet
// moves to"). Each information set has two logits; per step, every set's logits move along the expected update of
// the trainer's loss, reach(I) · π(a) · (Q(I,a) − η·log(π(a)/μ(a)) − b(I)): the policy gradient with the magnet's
// per-turn shaping (train/magnet.ts), weighted by how often sampled play reaches the set, and centred only by the
// baseline b — as in the trained model, whose legal moves hold almost none of the vocabulary softmax's mass, so the
// softmax's own normalisation does not centre it (docs/training.md, `advantage.center`). Through SGD or Adam; then
// the Kuhn preset's own schedule (cosine learning rate, magnet moved to the weight average) at 600 and 1200 steps.
// Deterministic: `node bin/run-ts.js scripts/kuhn-tabular-dynamics.ts` (a few seconds).
import { getGame } from '../src/games/registry.ts';
import { counterfactualReach } from '../src/solvers/best-response.ts';
import { exploitability, nodeValues } from '../src/solvers/exploitability.ts';
import { buildTree } from '../src/solvers/game-tree.ts';
import { actionValues } from '../src/solvers/regularized-equilibrium.ts';

const tree = buildTree(getGame('kuhn-poker').rules);
const { count, slotStart, nodeStart, nodes, slotCount } = tree.infosets;
// Every node's probability under chance and both seats' play: the reach of a seat that never moves.
const reachOfAll = (policy: Float64Array) => counterfactualReach(tree, policy, tree.players);

type Optimizer = { kind: 'sgd'; lr: number } | { kind: 'adam'; lr: number; beta1: number; beta2: number };
interface Dynamics {
  readonly name: string;
  readonly optimizer: Optimizer;
  /** 'fixed': the initial policy; a number N: jump to the policy every N steps; { decay }: a moving average. */
  readonly magnet: 'fixed' | number | { decay: number };
  /**
   * What each set's baseline b averages: 'returns' (as the trainer's observation baseline, so the shaping's mean
   * −η·KL(π‖μ) is left in the update) or 'shaped' (the shaped values: the constrained softmax's exact gradient).
   */
  readonly baseline: 'returns' | 'shaped';
}

const eta = 0.2;
const steps = 600;
const reportEvery = 100;

function softmaxInto(logits: Float64Array, policy: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const s = slotStart[i]!;
    const e = slotStart[i + 1]!;
    let max = -Infinity;
    for (let j = s; j < e; j++) max = Math.max(max, logits[j]!);
    let total = 0;
    for (let j = s; j < e; j++) total += policy[j] = Math.exp(logits[j]! - max);
    for (let j = s; j < e; j++) policy[j]! /= total;
  }
}

/** The expected gradient of the shaped policy-gradient objective, per logit. */
function expectedGradient(policy: Float64Array, magnet: Float64Array, baseline: Dynamics['baseline']): Float64Array {
  const values = nodeValues(tree, policy);
  const reach = reachOfAll(policy);
  const othersReach = Array.from({ length: tree.players }, (_, p) => counterfactualReach(tree, policy, p));
  const grad = new Float64Array(slotCount);
  for (let i = 0; i < count; i++) {
    const p = tree.infosets.player[i]!;
    const s = slotStart[i]!;
    const k = slotStart[i + 1]! - s;
    let weight = 0;
    for (let h = nodeStart[i]!; h < nodeStart[i + 1]!; h++) weight += reach[nodes[h]!]!;
    if (weight === 0) continue;
    const q = actionValues(tree, i, values, othersReach[p]!, p);
    const shaped = q.map((v, j) => v - eta * Math.log(policy[s + j]! / magnet[s + j]!));
    const mean = (baseline === 'shaped' ? shaped : q).reduce((acc, a, j) => acc + policy[s + j]! * a, 0);
    for (let j = 0; j < k; j++) grad[s + j] = weight * policy[s + j]! * (shaped[j]! - mean);
  }
  return grad;
}

/** One step up the gradient `g` on `logits` (Adam's moments in `m`, `v`), the learning rate scaled by `lrScale`. */
function ascend(
  o: Optimizer,
  t: number,
  g: Float64Array,
  logits: Float64Array,
  m: Float64Array,
  v: Float64Array,
  lrScale = 1,
): void {
  const lr = o.lr * lrScale;
  for (let j = 0; j < slotCount; j++) {
    if (o.kind === 'sgd') logits[j]! += lr * g[j]!;
    else {
      m[j] = o.beta1 * m[j]! + (1 - o.beta1) * g[j]!;
      v[j] = o.beta2 * v[j]! + (1 - o.beta2) * g[j]! ** 2;
      const mHat = m[j]! / (1 - o.beta1 ** t);
      const vHat = v[j]! / (1 - o.beta2 ** t);
      logits[j]! += (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
}

const printCurve = (name: string, curve: readonly number[]): void =>
  console.log(`  ${name.padEnd(72)} ${curve.map((e) => e.toFixed(4)).join(' / ')}`);

function run(d: Dynamics): number[] {
  const logits = new Float64Array(slotCount);
  const policy = new Float64Array(slotCount);
  softmaxInto(logits, policy);
  const magnetLogits = logits.slice();
  const magnet = policy.slice();
  const m = new Float64Array(slotCount);
  const v = new Float64Array(slotCount);
  const curve: number[] = [];
  for (let t = 1; t <= steps; t++) {
    ascend(d.optimizer, t, expectedGradient(policy, magnet, d.baseline), logits, m, v);
    softmaxInto(logits, policy);
    if (typeof d.magnet === 'number' && t % d.magnet === 0) magnetLogits.set(logits);
    else if (typeof d.magnet === 'object')
      for (let j = 0; j < slotCount; j++)
        magnetLogits[j] = d.magnet.decay * magnetLogits[j]! + (1 - d.magnet.decay) * logits[j]!;
    softmaxInto(magnetLogits, magnet);
    if (t % reportEvery === 0) curve.push(exploitability(tree, policy));
  }
  return curve;
}

const sgd: Optimizer = { kind: 'sgd', lr: 1 };
const adam = (beta1: number): Optimizer => ({ kind: 'adam', lr: 0.01, beta1, beta2: 0.95 });
const runs: Dynamics[] = [];
for (const baseline of ['returns', 'shaped'] as const)
  for (const [label, optimizer] of [
    ['SGD lr 1', sgd],
    ['Adam lr 0.01 β1 0.9', adam(0.9)],
    ['Adam lr 0.01 β1 0', adam(0)],
  ] as const) {
    const name = `${label}, baseline of ${baseline}`;
    runs.push({ name: `${name}, fixed magnet`, optimizer, magnet: 'fixed', baseline });
    runs.push({ name: `${name}, magnet jumps every 200`, optimizer, magnet: 200, baseline });
    runs.push({ name: `${name}, magnet EMA 0.99`, optimizer, magnet: { decay: 0.99 }, baseline });
  }
console.log(
  `η ${eta}, exploitability at steps ${Array.from({ length: steps / reportEvery }, (_, i) => (i + 1) * reportEvery).join(' / ')}:`,
);
for (const d of runs) printCurve(d.name, run(d));

/**
 * The Kuhn preset's schedule on the same tabular policy: Adam (β1 0.9) with the learning rate on a cosine down to 5%
 * of its start over the run, an EMA (0.99, bias-corrected) of the logits as the weight average, the magnet moved to
 * that average every `every` steps (`magnetFrom: average`), and the average's exploitability reported.
 */
function presetSchedule(every: number, runSteps: number): number[] {
  const decay = 0.99;
  const logits = new Float64Array(slotCount);
  const average = new Float64Array(slotCount);
  const policy = new Float64Array(slotCount);
  const averagePolicy = new Float64Array(slotCount);
  softmaxInto(logits, policy);
  const magnet = policy.slice();
  const m = new Float64Array(slotCount);
  const v = new Float64Array(slotCount);
  const curve: number[] = [];
  for (let t = 1; t <= runSteps; t++) {
    const cosine = 0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (t - 1)) / runSteps));
    ascend(adam(0.9), t, expectedGradient(policy, magnet, 'returns'), logits, m, v, cosine);
    for (let j = 0; j < slotCount; j++) average[j] = decay * average[j]! + (1 - decay) * logits[j]!;
    softmaxInto(logits, policy);
    softmaxInto(
      average.map((a) => a / (1 - decay ** t)),
      averagePolicy,
    );
    if (t % every === 0) magnet.set(averagePolicy);
    if (t % 200 === 0) curve.push(exploitability(tree, averagePolicy));
  }
  return curve;
}

console.log(
  `\nThe preset's schedule (Adam lr 0.01 β1 0.9 on a cosine to 5%, magnet moved to the EMA-0.99 average), the average's exploitability every 200 steps:`,
);
for (const runSteps of [600, 1200])
  for (const every of [200, 100])
    printCurve(`${runSteps} steps, magnet every ${every}`, presetSchedule(every, runSteps));
