import { describe, expect, it } from 'vitest';
import { lmPolicyTable } from '../../eval/lm-policy-table.ts';
import { kuhnPoker } from '../../games/kuhn-poker/index.ts';
import { getGame } from '../../games/registry.ts';
import { createInProcessLearner } from '../../learner/in-process-learner.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { createModel, createOptimizer, decode, resolveModelConfig } from '../../lm/index.ts';
import { buildTree, kuhnNashPolicy, perfectInfoNashConv, solveMinimax, tabularPolicy } from '../../solvers/index.ts';
import { createRng } from '../../util/rng.ts';
import { decisionTree, FullWidthError, partingTokens } from './decision-tree.ts';
import { createFullWidthTrainer, decisionPolicies, exactMoveValues, exactMoveValuesAgainst } from './full-width.ts';

const tinyModel = (seed = 1) =>
  createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig({ layers: 1, width: 32, heads: 2, context: 128 }),
    rng: createRng(seed),
  });

/** A tree's flat policy from rows keyed as the solvers key them. */
function flatFrom(tree: ReturnType<typeof buildTree>, rows: (key: string, count: number) => readonly number[]) {
  const { keys, slotStart } = tree.infosets;
  const flat = new Float64Array(tree.infosets.slotCount);
  keys.forEach((key, i) =>
    rows(key, slotStart[i + 1]! - slotStart[i]!).forEach((p, j) => (flat[slotStart[i]! + j] = p)),
  );
  return flat;
}

describe('full-width decisions', () => {
  it('finds the token where the move strings part, and refuses moves that part in more than one place', () => {
    const text = (ids: readonly number[]) => decode([...ids]);
    const kuhn = partingTokens(['[check]', '[bet]'], 'here');
    expect([text(kuhn.prefix), kuhn.choiceTokens.map((t) => text([t]))]).toEqual(['[', ['c', 'b']]);
    const facing = partingTokens(['[call]', '[check]'], 'here');
    expect([text(facing.prefix), facing.choiceTokens.map((t) => text([t]))]).toEqual(['[c', ['a', 'h']]);
    expect(() => partingTokens(['ab', 'ac', 'bd'], 'at the root')).toThrow(FullWidthError);
    expect(() => partingTokens(['ab', 'ac', 'bd'], 'at the root')).toThrow(/at the root: the moves ab, ac, bd/);
  });

  it('lays out one decision per information set of the tree, each ending where its moves part', () => {
    const { tree, decisions } = decisionTree({ game: getGame('kuhn-poker'), format: 'compact' });
    expect(decisions.map((d) => d.key)).toEqual(tree.infosets.keys);
    for (const d of decisions) {
      expect(decode([...d.context]).endsWith('\n[')).toBe(true);
      expect(d.choiceTokens).toHaveLength(2);
    }
    const ttt = decisionTree({ game: getGame('tic-tac-toe'), format: 'compact' });
    expect(ttt.decisions).toHaveLength(4520);
  });

  it('reads the policy the model plays: the same probabilities as the measured policy table', () => {
    const model = tinyModel();
    const game = getGame('kuhn-poker');
    const { decisions } = decisionTree({ game, format: 'compact' });
    const table = lmPolicyTable({ game, model, format: 'compact' });
    decisionPolicies(model, decisions).forEach((lp, i) => {
      const row = table.rows.get(decisions[i]!.key)!;
      lp.forEach((x, j) => expect(Math.exp(x)).toBeCloseTo(row[j]!, 5));
    });
  });

  it('values moves against a fixed opponent: itself as opponent is self-play, and a best response gains what it should', () => {
    const tree = buildTree(kuhnPoker.rules);
    const nash = flatFrom(tree, (key) => kuhnNashPolicy(1 / 6).rows.get(key)!);
    const uniform = flatFrom(tree, (_, n) => Array<number>(n).fill(1 / n));
    const self = exactMoveValues(tree, uniform);
    const against = exactMoveValuesAgainst(tree, uniform, uniform);
    against.moveValues.forEach((q, i) => q.forEach((v, j) => expect(v).toBeCloseTo(self.moveValues[i]![j]!, 12)));
    expect(against.gameValues).toEqual(self.gameValues.map((v) => expect.closeTo(v, 12)));

    // Uniform against Nash: each seat's value is that seat's value of the mixed profile (uniform in it, Nash in
    // the other), and the best move at every decision gains exactly the exploitability the solver reports.
    const vsNash = exactMoveValuesAgainst(tree, uniform, nash);
    const { byKey, player } = tree.infosets;
    const mixed = (seat: number) =>
      flatFrom(tree, (key, n) =>
        player[byKey.get(key)!] === seat ? Array<number>(n).fill(1 / n) : kuhnNashPolicy(1 / 6).rows.get(key)!,
      );
    expect(vsNash.gameValues[0]).toBeCloseTo(exactMoveValues(tree, mixed(0)).gameValues[0]!, 12);
    expect(vsNash.gameValues[1]).toBeCloseTo(exactMoveValues(tree, mixed(1)).gameValues[1]!, 12);
    // Nash's seat values are −1/18 and +1/18; uniform does worse than Nash against Nash in both seats.
    expect(vsNash.gameValues[0]).toBeLessThan(-1 / 18);
    expect(vsNash.gameValues[1]).toBeLessThan(1 / 18);
    // Where the mover has no later decision (player 0 facing a bet after passing), move values depend on the
    // opponent's rows alone: against Nash they are the same for any own policy.
    const nashSelf = exactMoveValuesAgainst(tree, nash, nash);
    player.forEach((p, i) => {
      if (p === 0 && tree.infosets.keys[i]!.length === 3)
        vsNash.moveValues[i]!.forEach((v, j) => expect(v).toBeCloseTo(nashSelf.moveValues[i]![j]!, 12));
    });
  });

  it('values moves exactly: Nash moves in a support tie, and self-play values match the solver', () => {
    const tree = buildTree(kuhnPoker.rules);
    const nash = kuhnNashPolicy(1 / 6);
    const { moveValues, gameValues } = exactMoveValues(
      tree,
      flatFrom(tree, (key) => nash.rows.get(key)!),
    );
    expect(gameValues[0]).toBeCloseTo(-1 / 18, 9);
    tree.infosets.keys.forEach((key, i) => {
      const row = nash.rows.get(key)!;
      const q = moveValues[i]!;
      // Both moves played: indifferent. One move only: it is at least as good as the other.
      if (row.every((p) => p > 0)) expect(q[0]).toBeCloseTo(q[1]!, 9);
      else expect(q[row.indexOf(1)]!).toBeGreaterThanOrEqual(q[1 - row.indexOf(1)]! - 1e-9);
    });

    const ttt = getGame('tic-tac-toe');
    const tttTree = buildTree(ttt.rules);
    const uniform = (_: string, n: number) => Array.from({ length: n }, () => 1 / n);
    const { gameValues: uniformValues } = exactMoveValues(tttTree, flatFrom(tttTree, uniform));
    const rows = Object.fromEntries(
      tttTree.infosets.keys.map((k, i) => [
        k,
        uniform(k, tttTree.infosets.slotStart[i + 1]! - tttTree.infosets.slotStart[i]!),
      ]),
    );
    const report = perfectInfoNashConv({ game: ttt.rules, policy: tabularPolicy('tic-tac-toe', rows) });
    expect(uniformValues[0]).toBeCloseTo(report.onPolicyValues[0]!, 9);
    // Minimax play: every optimal move is worth the state's minimax value to its mover.
    const solution = solveMinimax(ttt.rules);
    const optimal = (key: string, n: number) => {
      const best = solution.optimalMoves.get(key)!;
      return Array.from({ length: n }, (_, j) => (best.includes(j) ? 1 / best.length : 0));
    };
    const { moveValues: minimaxQ } = exactMoveValues(tttTree, flatFrom(tttTree, optimal));
    // The empty board (the first information set) is a draw.
    for (const j of solution.optimalMoves.get(tttTree.infosets.keys[0]!)!) expect(minimaxQ[0]![j]).toBeCloseTo(0, 9);
  });

  it('lowers Kuhn exploitability from the untrained model within a few full-width steps (seeded)', async () => {
    const model = tinyModel(2);
    const optimizer = createOptimizer({ model, config: { lr: 3e-3 } });
    const learner = createInProcessLearner({ model, optimizer });
    const trainer = createFullWidthTrainer({
      game: getGame('kuhn-poker'),
      format: 'compact',
      model,
      learner,
      batch: 12,
      epochs: 1,
    });
    const rng = createRng(3);
    const seen: number[] = [];
    for (let step = 0; step < 40; step++) {
      const r = await trainer.step({ lr: 3e-3, stepSize: 2, eta: 0, rng });
      expect(r.decisions).toBe(12);
      seen.push(r.exploitability);
    }
    expect(seen[0]).toBeGreaterThan(0.3);
    expect(Math.min(...seen.slice(-10))).toBeLessThan(seen[0]! - 0.15);
  });
});
