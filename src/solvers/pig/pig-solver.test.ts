import { describe, expect, it } from 'vitest';
import { createPigRules, type PigVariant, pigKeyCodec, pigSolverFor as solverFor } from '../../games/pig/index.ts';
import { createRng } from '../../util/rng.ts';
import { solveMinimax } from '../minimax.ts';
import { perfectInfoNashConv } from '../perfect-info-exploitability.ts';
import { policyFromJson, policyToJson } from '../policy-json.ts';
import { type TabularPolicy, uniformPolicy } from '../tabular-policy.ts';
import { type PigPosition, pigLayout, reachablePositions } from './pig-layout.ts';
import { solvePigPass } from './pig-value-iteration.ts';

/** A table with a row at every reachable position: `[roll, hold]` with roll probability `rollAt(position)`. */
function tableOf(variant: PigVariant, rollAt: (p: PigPosition) => number): TabularPolicy {
  const codec = pigKeyCodec(variant);
  const rows = new Map<string, number[]>();
  for (const [position] of reachablePositions(pigLayout(variant))) {
    const p = rollAt(position);
    rows.set(codec.key(position), [p, 1 - p]);
  }
  return { game: variant.id, rows };
}

const capped: PigVariant = { id: 'pig-10x6', title: 'Pig to 10, 6 turns', target: 10, turnCap: 6 };

describe('pig solver with a turn cap: backward induction', () => {
  const solver = solverFor(capped);
  const plain = createPigRules(capped);

  it('equals the generic expectiminimax walk over the rules, at every position', () => {
    const minimax = solveMinimax(plain);
    const { pass, value, errorBound } = solver.solve();
    expect(errorBound).toBe(0);
    expect(value).toBeCloseTo(minimax.value, 12);
    expect(minimax.optimalMoves.size).toBe(solver.infosetCount);
    const codec = pigKeyCodec(capped);
    for (const [position, index] of reachablePositions(solver.layout))
      expect(pass.values[index]).toBeCloseTo(minimax.values.get(codec.key(position))!, 12);
  });

  it('measures any table exactly as the generic perfect-information best response does', () => {
    const rng = createRng(7);
    const policies = [
      uniformPolicy(capped.id),
      tableOf(capped, () => 1),
      tableOf(capped, (p) => (p.turnTotal >= 4 ? 0 : 1)),
      tableOf(capped, () => rng.next()),
    ];
    for (const policy of policies) {
      const exact = solver.measure(policy);
      const generic = perfectInfoNashConv({ game: plain, policy });
      expect(exact.nashConv).toBeCloseTo(generic.nashConv, 12);
      exact.bestResponseValues.forEach((v, p) => expect(v).toBeCloseTo(generic.bestResponseValues[p]!, 12));
      expect(exact.onPolicyValues[0]).toBeCloseTo(generic.onPolicyValues[0]!, 12);
    }
    expect(solver.equilibrium().exploitability).toBeLessThan(1e-12);
  });
});

/** Neller & Presser's value iteration, written plainly: P(i, j, k) = P(mover with i, other j, turn total k wins). */
function nellerPresserIteration(target: number): (i: number, j: number, k: number) => number {
  const P = new Float64Array(target ** 3);
  const at = (i: number, j: number, k: number) => P[(i * target + j) * target + k]!;
  for (let delta = 1; delta > 1e-15;) {
    delta = 0;
    for (let i = 0; i < target; i++)
      for (let j = 0; j < target; j++)
        for (let k = 0; i + k < target; k++) {
          let roll = 1 - at(j, i, 0);
          for (let r = 2; r <= 6; r++) roll += i + k + r >= target ? 1 : at(i, j, k + r);
          const v = Math.max(roll / 6, 1 - at(j, i + k, 0));
          delta = Math.max(delta, Math.abs(v - at(i, j, k)));
          P[(i * target + j) * target + k] = v;
        }
  }
  return at;
}

describe('pig solver without a cap: value iteration in proven brackets', () => {
  it("matches Neller & Presser's published 0.5306 for the first player to 100", () => {
    const { value, errorBound, neverEnding } = solvePigPass({
      layout: pigLayout({ target: 100 }),
      seats: [{ kind: 'optimal' }, { kind: 'optimal' }],
    });
    expect((1 + value) / 2).toBeCloseTo(0.5306, 4);
    expect(errorBound).toBeLessThan(1e-11);
    expect(neverEnding).toBe(0);
  });

  it('agrees with plain value iteration at every position of Pig to 20', () => {
    const variant: PigVariant = { id: 'pig-20', title: '', target: 20 };
    const { pass, errorBound } = solverFor(variant).solve();
    expect(errorBound).toBeLessThan(1e-12);
    const P = nellerPresserIteration(20);
    for (const [{ turn, scores, turnTotal }, index] of reachablePositions(pigLayout({ target: 20 }))) {
      const [a, b] = scores;
      const moverWins = turn === 0 ? P(a, b, turnTotal) : P(b, a, turnTotal);
      expect(turn === 0 ? (1 + pass.values[index]!) / 2 : (1 - pass.values[index]!) / 2).toBeCloseTo(moverWins, 9);
    }
  });

  it('scores play that can never end as a draw', () => {
    const variant: PigVariant = { id: 'pig-8', title: '', target: 8 };
    const solver = solverFor(variant);
    const alwaysHold = tableOf(variant, () => 0);
    expect(solver.matchValue(alwaysHold, alwaysHold)).toBe(0);
    const report = solver.measure(alwaysHold);
    // Against a player who never rolls, rolling until the target wins for sure.
    for (const v of report.bestResponseValues) expect(v).toBeCloseTo(1, 12);
  });
});

describe('pig solver policies', () => {
  const variant: PigVariant = { id: 'pig-12', title: '', target: 12 };
  const solver = solverFor(variant);

  it('lists rows for every reachable position under the game’s keys, made on demand', () => {
    const { policy } = solver.equilibrium();
    expect(policy.rows.size).toBe(solver.infosetCount);
    const keys = [...policy.rows.keys()];
    expect(new Set(keys).size).toBe(keys.length);
    const codec = pigKeyCodec(variant);
    for (const key of keys) expect(codec.key(codec.position(key)!)).toBe(key);
    expect(policy.rows.get('p0 1-0 k0')).toBeUndefined();
    expect(policy.rows.get('p0 0-0 k0 roll')).toBeUndefined();
    expect(policy.rows.has('p1 0-0 k0')).toBe(true);
    // Written and read back as JSON, the same policy.
    const copy = policyFromJson(policyToJson(policy), { game: variant.id });
    expect(solver.measure(copy).exploitability).toBeLessThan(1e-12);
  });

  it('plays the value against itself, and loses against optimal play with anything worse', () => {
    const { policy, value } = solver.equilibrium();
    expect(solver.matchValue(policy, policy)).toBeCloseTo(value, 12);
    const uniform = uniformPolicy(variant.id);
    expect(solver.matchValue(uniform, policy)).toBeLessThan(value);
    expect(solver.matchValue(policy, uniform)).toBeGreaterThan(value);
  });
});
