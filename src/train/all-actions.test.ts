import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig, scoreCompletions } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../rollout/lm-policy.ts';
import { createRng } from '../util/rng.ts';
import { createActionValueCritic } from './advantage/action-values.ts';
import { allActionSamples } from './all-actions.ts';
import type { TrainedTurn } from './trained-turns.ts';

const model = createModel({
  kernels: createKernels({ heap: createHeap(), backend: 'js' }),
  config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
  rng: createRng(5),
});

function turn(observation: string, legal: readonly string[], move: string): TrainedTurn {
  const completion = lmCompletionTokens(move);
  return {
    episode: { gameId: 'kuhn-poker', seed: 1, returns: [1, -1], outcome: 'terminal', turns: [], finalState: '' },
    episodeIndex: 0,
    turnIndex: 0,
    turn: { turn: 0, player: 0, observation, legal, answer: move, move },
    promptTokenIds: lmPromptTokens(observation),
    completionTokenIds: completion,
    completionLogprobs: completion.map(() => 0),
    advantage: 1,
  };
}

describe('all-actions samples', () => {
  const critic = createActionValueCritic({ decay: 0 });
  // decay 0: each Q is the last return seen, so the test sets them exactly.
  critic.assignTurns!([
    { gameId: 'kuhn-poker', returns: [2, -2], turns: [{ player: 0, observation: 'P0 K', move: '[bet]' }] },
    { gameId: 'kuhn-poker', returns: [-1, 1], turns: [{ player: 0, observation: 'P0 K', move: '[check]' }] },
  ]);
  const legal = ['[check]', '[bet]'];
  const q = [-1, 2];
  const pi = scoreCompletions({
    model,
    items: legal.map((m) => ({ prompt: lmPromptTokens('P0 K'), completion: lmCompletionTokens(m), allowed: legal })),
  });
  const policy = pi.map((s) => Math.exp(s.logprob));
  /** The expected target distribution from the closed form, computed independently here. */
  const target = (stepSize: number, eta: number, logMu: readonly number[]) => {
    const w = policy.map((p, j) =>
      Math.exp((Math.log(p) + stepSize * (q[j]! + eta * logMu[j]!)) / (1 + stepSize * eta)),
    );
    return w.map((x) => x / (w[0]! + w[1]!));
  };

  it('pulls every legal move toward the mirror-descent target along Q, with the behaviour log-probs of each', () => {
    const { samples, meanKl } = allActionSamples({
      turns: [turn('P0 K', legal, '[check]'), turn('P0 K', ['[call]'], '[call]')],
      model,
      critic,
      eta: 0,
      stepSize: 0.5,
    });
    // The forced turn (one legal move) carries no choice and is left out.
    expect(samples).toHaveLength(2);
    expect(meanKl).toBe(0);
    const [check, bet] = samples;
    const expected = target(0.5, 0, [0, 0]);
    // Without a magnet the target is π·exp(s·Q), renormalised: [bet] (Q = 2) gains what [check] (Q = −1) loses.
    expect(bet!.advantage).toBeCloseTo(expected[1]! - policy[1]!, 6);
    expect(bet!.advantage).toBeGreaterThan(0);
    expect(check!.advantage + bet!.advantage).toBeCloseTo(0, 9);
    expect(bet!.samplingLogprobs).toEqual(pi[1]!.modelTokenLogprobs);
    // Only the token where [check] and [bet] part ways is trained.
    expect(bet!.tokenMask).toEqual([0, 1, 0, 0, 0, 0]);
  });

  it('regularises the target toward a magnet and reports the exact KL(π‖μ)', () => {
    const logMu = [Math.log(0.9), Math.log(0.1)];
    const magnet = { anchorLogprobs: (choices: readonly unknown[]) => choices.map((_, i) => logMu[i % 2]!) };
    const { samples, meanKl } = allActionSamples({
      turns: [turn('P0 K', legal, '[bet]')],
      model,
      critic,
      magnet,
      eta: 0.5,
      stepSize: 0.5,
    });
    const expected = target(0.5, 0.5, logMu);
    expect(samples[1]!.advantage).toBeCloseTo(expected[1]! - policy[1]!, 6);
    expect(meanKl).toBeCloseTo(policy[0]! * Math.log(policy[0]! / 0.9) + policy[1]! * Math.log(policy[1]! / 0.1), 6);
    // A magnet that disfavours [bet] holds the target back from where plain mirror descent would go.
    expect(samples[1]!.advantage).toBeLessThan(target(0.5, 0, [0, 0])[1]! - policy[1]!);
  });

  it('has π ∝ μ·exp(Q/η) as its fixed point: there the target is π itself', () => {
    // Choose μ so that the model's current π is the regularised optimum: log μ = log π − Q/η (+ const).
    const eta = 0.5;
    const logMu = policy.map((p, j) => Math.log(p) - q[j]! / eta);
    const magnet = { anchorLogprobs: (choices: readonly unknown[]) => choices.map((_, i) => logMu[i % 2]!) };
    const { samples } = allActionSamples({
      turns: [turn('P0 K', legal, '[bet]')],
      model,
      critic,
      magnet,
      eta,
      stepSize: 3,
    });
    for (const s of samples) expect(s.advantage).toBeCloseTo(0, 9);
  });
});
