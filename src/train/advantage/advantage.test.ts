import { describe, expect, it } from 'vitest';
import { createActionValueCritic } from './action-values.ts';
import { centerByPrompt } from './center.ts';
import { grpoBaseline, noBaseline, rlooBaseline } from './group-baselines.ts';
import { createObservationBaseline } from './observation-baseline.ts';
import { createRaeEstimator } from './rae.ts';

const batch = [
  { gameId: 'kuhn-poker', returns: [1, -1] },
  { gameId: 'kuhn-poker', returns: [-2, 2] },
  { gameId: 'tic-tac-toe', returns: [1, -1] },
];

describe('advantage estimators', () => {
  it('RAE subtracts the per-(game, role) EMA read before the update, as SPIRAL’s code does', () => {
    const rae = createRaeEstimator();
    const [a, b, c] = rae.assign(batch);
    expect(a).toEqual([1, -1]); // baselines start at 0
    expect(b![0]).toBeCloseTo(-2 - 0.05, 12); // b = 0.05·1 after the first kuhn game
    expect(b![1]).toBeCloseTo(2 + 0.05, 12);
    expect(c).toEqual([1, -1]); // tic-tac-toe has its own baselines
    expect(rae.state()['kuhn-poker#0']).toBeCloseTo(0.95 * 0.05 + 0.05 * -2, 12);
  });

  it("RAE 'post' subtracts the updated baseline and resumes from saved state", () => {
    const post = createRaeEstimator({ baseline: 'post' });
    expect(post.assign([batch[0]!])[0]![0]).toBeCloseTo(1 - 0.05, 12);
    const resumed = createRaeEstimator({}, post.state() as Record<string, number>);
    expect(resumed.assign([batch[0]!])[0]![0]).toBeCloseTo(1 - 0.05, 12);
    expect(() => createRaeEstimator({ decay: 2 })).toThrow();
  });

  it('RAE baselines converge to the mean return of each role', () => {
    const rae = createRaeEstimator();
    for (let i = 0; i < 2000; i++) rae.assign([{ gameId: 'g', returns: [i % 2 === 0 ? 1 : 0, 0.5] }]);
    expect(rae.state()['g#0']).toBeCloseTo(0.5, 1);
    expect(rae.state()['g#1']).toBeCloseTo(0.5, 6);
  });

  it('RAE keys a dealt role by its name, whichever seat plays it, for any number of seats', () => {
    const rae = createRaeEstimator();
    const spyIn = (seat: number) => ({
      gameId: 'spy',
      returns: [0, 1, 2, 3].map((p) => (p === seat ? 3 : -1)),
      roles: [0, 1, 2, 3].map((p) => (p === seat ? 'spy' : 'civilian')),
    });
    rae.assign([spyIn(0)]);
    const [second] = rae.assign([spyIn(2)]);
    expect(rae.state()['spy#spy']).toBeCloseTo(0.95 * 0.15 + 0.05 * 3, 12);
    expect(second![2]).toBeCloseTo(3 - 0.15, 12); // the spy's baseline followed the role to seat 2
    // The three civilians of the first game were folded into one baseline in seat order: −0.05, −0.0975, −0.142625.
    expect(second![0]).toBeCloseTo(-1 + 0.142625, 12);
    expect(Object.keys(rae.state()).sort()).toEqual(['spy#civilian', 'spy#spy']);
  });

  it('group baselines centre returns within each (game, role) group', () => {
    expect(noBaseline().assign(batch)).toEqual([
      [1, -1],
      [-2, 2],
      [1, -1],
    ]);
    const rloo = rlooBaseline().assign(batch);
    expect(rloo[0]).toEqual([3, -3]);
    expect(rloo[2]).toEqual([0, 0]); // alone in its group
    const grpo = grpoBaseline().assign(batch);
    expect(grpo[0]![0]).toBeCloseTo(1, 5);
    expect(grpo[1]![0]).toBeCloseTo(-1, 5);
    expect(grpoBaseline({ scale: false }).assign(batch)[0]).toEqual([1.5, -1.5]);
  });
});

describe('observation baseline', () => {
  const episode = (card: string, returns: [number, number]) => ({
    gameId: 'kuhn-poker',
    returns,
    turns: [
      { player: 0, observation: `P0 ${card}` },
      { player: 1, observation: 'P1 ?' },
    ],
  });

  it('keeps one EMA per observation, started from the role baseline', () => {
    const est = createObservationBaseline({ decay: 0.5 });
    // First visit: both observations start at the role baselines (0), so the advantage is the return.
    expect(est.assignTurns!([episode('K', [2, -2])])).toEqual([[2, -2]]);
    // Role baseline of seat 0 is now 1; "P0 J" is new and starts there; "P0 K" remembers 1 (= 0.5·0 + 0.5·2).
    expect(est.assignTurns!([episode('J', [-1, 1])])[0]![0]).toBeCloseTo(-1 - 1, 12);
    expect(est.assignTurns!([episode('K', [2, -2])])[0]![0]).toBeCloseTo(2 - 1, 12);
  });

  it('separates what the deal decides from what the move decides', () => {
    // Seat 0 always wins 2 with K and loses 1 with J: per observation the advantage vanishes, per role it does not.
    const est = createObservationBaseline({ decay: 0.9 });
    const rae = createRaeEstimator({ decay: 0.9 });
    let lastObs = 0;
    let lastRole = 0;
    for (let i = 0; i < 400; i++) {
      const e = i % 2 === 0 ? episode('K', [2, -2]) : episode('J', [-1, 1]);
      lastObs = est.assignTurns!([e])[0]![0]!;
      lastRole = rae.assign([e])[0]![0]!;
    }
    expect(Math.abs(lastObs)).toBeLessThan(1e-3);
    expect(Math.abs(lastRole)).toBeGreaterThan(1);
    // Its state restores it exactly.
    const again = createObservationBaseline({ decay: 0.9 }, est.state() as Record<string, number>);
    expect(again.assignTurns!([episode('K', [2, -2])])).toEqual(est.assignTurns!([episode('K', [2, -2])]));
  });
});

describe('action-value critic', () => {
  const played = (move: string, returns: [number, number]) => ({
    gameId: 'kuhn-poker',
    returns,
    turns: [{ player: 0, observation: 'P0 Q', move }],
  });

  it('keeps an EMA of the return per (observation, move) and falls back to V for unplayed moves', () => {
    const critic = createActionValueCritic({ decay: 0.5 });
    for (let i = 0; i < 30; i++) critic.assignTurns!([played('[bet]', [2, -2]), played('[check]', [-1, 1])]);
    const [check, bet, fold] = critic.moveValues('kuhn-poker', 0, 'P0 Q', ['[check]', '[bet]', '[fold]']);
    expect(bet).toBeCloseTo(2, 6);
    expect(check).toBeCloseTo(-1, 6);
    // V(P0 Q) is the EMA over both moves' returns, which alternate: between −1 and 2.
    const v = critic.state()['kuhn-poker#0#P0 Q'] as number;
    expect(fold).toBe(v);
    expect(v).toBeGreaterThan(-1);
    expect(v).toBeLessThan(2);
    // Sampled turns keep the observation baseline's advantages; the state restores the move values.
    const again = createActionValueCritic({ decay: 0.5 }, critic.state() as Record<string, number>);
    expect(again.moveValues('kuhn-poker', 0, 'P0 Q', ['[bet]'])).toEqual([bet]);
    expect(again.assignTurns!([played('[bet]', [2, -2])])).toEqual(critic.assignTurns!([played('[bet]', [2, -2])]));
  });
});

describe('centring by prompt', () => {
  const sample = (prompt: number, advantage: number) => ({
    promptTokens: [1, prompt],
    completionTokens: [5],
    samplingLogprobs: [0],
    advantage,
  });

  it('subtracts the mean of the other turns with the same prompt, and leaves a lone prompt alone', () => {
    const out = centerByPrompt([sample(7, 1), sample(8, 10), sample(7, 2), sample(7, 3), sample(9, -4), sample(8, 4)]);
    expect(out.map((s) => s.advantage)).toEqual([1 - 2.5, 10 - 4, 0, 3 - 1.5, -4, 4 - 10]);
    // Each prompt's centred advantages sum to zero (leave-one-out scales the plain centring by n / (n − 1)).
    expect(out[0]!.advantage + out[2]!.advantage + out[3]!.advantage).toBeCloseTo(0, 12);
    expect(out[0]!.completionTokens).toEqual([5]);
  });
});
