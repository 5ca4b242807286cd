import { describe, expect, it } from 'vitest';
import { bargaining, createBargaining } from '../games/bargaining/index.ts';
import { defenderRates, redTeam } from '../games/red-team/index.ts';
import type { AnyTextGame } from '../games/registry.ts';
import { whoIsTheSpy } from '../games/who-is-the-spy/index.ts';
import { createModel, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { buildTree, nashConv, uniformPolicy } from '../solvers/index.ts';
import { createRng } from '../util/rng.ts';
import { createPolicyEvaluator } from './evaluate-policy.ts';

const tinyModel = () =>
  createModel({
    kernels: createKernels({ heap: createHeap(), backend: 'js' }),
    config: resolveModelConfig({ layers: 1, width: 16, heads: 2 }),
    rng: createRng(1),
  });

describe('evaluation beyond two-player zero-sum games', () => {
  it('refuses an equilibrium opponent where none is defined, naming the setting to change', () => {
    const make = (game: AnyTextGame) =>
      createPolicyEvaluator({ game, format: 'compact', temperature: 1, games: { random: 0, nash: 5 }, seed: 1 });
    expect(() => make(bargaining)).toThrow(/bargaining has 2 players and is general-sum: set evaluation.vsNashGames/);
    expect(() => make(whoIsTheSpy)).toThrow(/who-is-the-spy has 4 players: set evaluation.vsNashGames to 0/);
  });

  it("measures a general-sum game's policy exactly: NashConv / players and each seat's self-play value", async () => {
    const game = createBargaining({ id: 'bargaining-small', pie: 4, horizon: 3 });
    const evaluate = createPolicyEvaluator({
      game,
      format: 'compact',
      temperature: 1,
      games: { random: 0, nash: 0 },
      seed: 1,
    });
    const e = await evaluate(tinyModel(), 0);
    expect(e.selfPlayValues).toHaveLength(2);
    const tree = buildTree(game.rules);
    const check = nashConv({ tree, policy: e.table! });
    expect(e.exploitability).toBeCloseTo(check.exploitability, 9);
    expect(e.selfPlayValues![0]).toBeCloseTo(check.onPolicyValues[0]!, 9);
    const uniform = nashConv({ tree, policy: uniformPolicy(game.rules.info.id) });
    expect(Math.abs(e.exploitability! - uniform.exploitability)).toBeLessThan(0.1);
  });

  it("reports a game's own exact figures of the policy it measured", async () => {
    const evaluate = createPolicyEvaluator({
      game: redTeam,
      format: 'compact',
      temperature: 1,
      games: { random: 0, nash: 0 },
      seed: 1,
    });
    const e = await evaluate(tinyModel(), 0);
    const rates = defenderRates({ rules: redTeam.rules, defender: e.table! });
    expect(e.policyFigures?.leak_any_attack).toBeCloseTo(rates.leakGivenHarmful, 12);
    expect(e.policyFigures?.over_refusal_any_request).toBeCloseTo(rates.overRefusalGivenBenign, 12);
    // Near uniform before training: about half of the harmful requests leak.
    expect(e.policyFigures?.leak_any_attack).toBeGreaterThan(0.3);
  });

  it('plays a four-player game with the model in each seat in turn and reports the game’s own figures', async () => {
    const evaluate = createPolicyEvaluator({
      game: whoIsTheSpy,
      format: 'compact',
      temperature: 1,
      games: { random: 8, nash: 0 },
      seed: 1,
    });
    const e = await evaluate(tinyModel(), 0);
    expect(e.exploitability).toBeUndefined();
    const vsRandom = e.matches.random!;
    expect(vsRandom.games).toBe(8);
    expect(vsRandom.wins + vsRandom.draws + vsRandom.losses).toBe(8);
    expect(vsRandom.stats.is_spy?.n).toBe(8);
    expect(Object.keys(vsRandom.stats)).toEqual(expect.arrayContaining(['spy_identified', 'spy_survived']));
  });
});
