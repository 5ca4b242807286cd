import { describe, expect, it } from 'vitest';
import { createExploitabilityMeter } from '../../eval/policy-table/exploitability-meter.ts';
import { walkInfosets } from '../../eval/policy-table/infoset-walk.ts';
import { PolicyTableError } from '../../eval/policy-table/infoset-walk.ts';
import { measurePlayerExploitability } from '../../eval/policy-table/player-exploitability.ts';
import {
  actionProbabilities,
  equilibriumPolicy,
  measurePolicy,
  solveMinimax,
  type TabularPolicy,
  UnsupportedGameError,
  uniformPolicy,
} from '../../solvers/index.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { createRng } from '../../util/rng.ts';
import { sampleChance } from '../playout.ts';
import { getGame } from '../registry.ts';
import { createPigRules, HOLD, type PigState, pig, pigKeyCodec, pigSmall, pigSmallVariant, ROLL } from './index.ts';

const solver = pigSmall.rules.exactSolver;

/** A table with a row at every position `pig-small` can reach, from a rule on (scores, turn total). */
function table(roll: (mine: number, theirs: number, turnTotal: number) => number): TabularPolicy {
  const codec = pigKeyCodec(pigSmallVariant);
  const rows = new Map<string, number[]>();
  for (const key of solver.equilibrium().policy.rows.keys()) {
    const { turn, scores, turnTotal } = codec.position(key)!;
    const p = roll(scores[turn % 2]!, scores[1 - (turn % 2)]!, turnTotal);
    rows.set(key, [p, 1 - p]);
  }
  return { game: 'pig-small', rows };
}

/** Player 0's return in each of `games` seeded games between two tables. */
function simulate(seats: readonly [TabularPolicy, TabularPolicy], games: number, seed: number): number[] {
  const { rules } = pigSmall;
  const rng = createRng(seed);
  const results: number[] = [];
  for (let g = 0; g < games; g++) {
    let state: PigState = rules.initialState();
    for (;;) {
      const actor = rules.currentPlayer(state);
      if (actor === TERMINAL) break;
      if (actor === CHANCE) state = rules.apply(state, sampleChance(rules, state, rng));
      else {
        const [p] = actionProbabilities(seats[actor]!, rules.informationStateKey(state, actor), 2);
        state = rules.apply(state, rng.next() < p! ? ROLL : HOLD);
      }
    }
    results.push(rules.returns(state)[0]!);
  }
  return results;
}

function mean(xs: readonly number[]): { mean: number; se: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(variance / xs.length) };
}

describe('pig-small solved exactly', () => {
  it('has value −0.0237 for player 0, by backward induction over 12,282 positions', () => {
    const { value, errorBound } = solver.solve();
    expect(solver.infosetCount).toBe(12_282);
    expect(value).toBeCloseTo(-0.0237075, 7);
    expect(errorBound).toBe(0);
    expect(solver.equilibrium().exploitability).toBeLessThan(1e-12);
    // The generic expectiminimax over the same rules without the solver attached: an independent computation.
    expect(solveMinimax(createPigRules(pigSmallVariant)).value).toBeCloseTo(value, 12);
  });

  it('solves full pig too: value 0.0922919 for player 0, as an independent memoised recursion gives', () => {
    // 0.09229185964995773 from a plain memoised recursion over (turn, scores, turn total), written apart.
    expect(pig.rules.exactSolver.solve().value).toBeCloseTo(0.0922918596499577, 12);
  });

  it("prices 'always roll', 'hold at 10' and uniform play, best responses agreeing with 4,000 seeded games", () => {
    const policies = { 'always roll': table(() => 1), 'hold at 10': table((_, __, k) => (k >= 10 ? 0 : 1)) };
    const uniform = uniformPolicy('pig-small');
    expect(solver.measure(uniform).exploitability).toBeCloseTo(0.685294, 6);
    expect(solver.measure(policies['always roll']).exploitability).toBeCloseTo(0.121948, 6);
    for (const [name, policy] of Object.entries({ ...policies, uniform })) {
      const report = solver.measure(policy, { withBestResponses: true });
      expect(report.exploitability, name).toBeGreaterThan(0.05);
      const [first, second] = report.bestResponses!;
      const asFirst = mean(simulate([first!, policy], 4000, 1));
      const asSecond = mean(simulate([policy, second!], 4000, 2));
      expect(Math.abs(asFirst.mean - report.bestResponseValues[0]!), name).toBeLessThan(4 * asFirst.se);
      expect(Math.abs(-asSecond.mean - report.bestResponseValues[1]!), name).toBeLessThan(4 * asSecond.se);
      const onPolicy = mean(simulate([policy, policy], 4000, 3));
      expect(Math.abs(onPolicy.mean - report.onPolicyValues[0]!), name).toBeLessThan(4 * onPolicy.se);
    }
  });

  it("gives a policy's exact result against optimal play", () => {
    const optimal = solver.equilibrium().policy;
    const holdAt10 = table((_, __, k) => (k >= 10 ? 0 : 1));
    const exact = solver.matchValue(holdAt10, optimal);
    const played = mean(simulate([holdAt10, optimal], 4000, 4));
    expect(Math.abs(played.mean - exact)).toBeLessThan(4 * played.se);
    expect(exact).toBeLessThan(solver.solve().value);
  });
});

describe('pig through the shared solver entry points', () => {
  it('reaches its exact solver from measurePolicy, equilibriumPolicy and the meter, by the capability alone', () => {
    const uniform = uniformPolicy('pig-small');
    const generic = getGame('pig-small').rules;
    expect(measurePolicy({ game: generic, policy: uniform }).exploitability).toBe(
      solver.measure(uniform).exploitability,
    );
    const nash = equilibriumPolicy({ game: generic });
    expect(nash.method).toBe('backward induction');
    expect(nash.exploitability).toBeLessThan(1e-12);
    expect(createExploitabilityMeter(generic).measure(uniform).exploitability).toBeCloseTo(0.685294, 6);
    expect(equilibriumPolicy({ game: pig.rules }).method).toBe('backward induction');
  });

  it('refuses the tree walks with a clear error instead of overflowing the stack', () => {
    expect(() => solveMinimax(pigSmall.rules)).toThrow(UnsupportedGameError);
    expect(() => solveMinimax(pig.rules)).toThrow(/own exact solver \(backward induction\)/);
  });

  it("refuses to read a player's whole table on full pig, pointing at matches against nash", () => {
    expect(() => createExploitabilityMeter(pig.rules)).toThrow(PolicyTableError);
    expect(() => createExploitabilityMeter(pig.rules)).toThrow(/2,773,106 positions.*--p1 nash/);
  });

  it("reads a player's table over exactly the solver's positions, and measures it exactly", async () => {
    const sites = walkInfosets({ game: pigSmall, format: 'compact' });
    expect(sites).toHaveLength(solver.infosetCount);
    const report = await measurePlayerExploitability({ game: pigSmall, spec: 'random', io: captureIo() });
    expect(report.method).toBe('scored');
    expect(report.measurement.exploitability).toBeCloseTo(0.685294, 6);
  });
});
