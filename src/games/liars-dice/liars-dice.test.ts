import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree, nashConv, solveGame, uniformPolicy } from '../../solvers/index.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { answerModes } from '../../spec/game-text.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { liarsDiceMoveString } from './actions.ts';
import { liarsDice } from './index.ts';
import { LIAR, type LiarsDiceState, liarsDiceRules } from './rules.ts';

runGameConformance(liarsDice);

/** Rolls [p0, p1] (faces 1..6), then plays `moves` (bid ids, `LIAR`). */
function play(dice: [number, number], moves: number[] = []): LiarsDiceState {
  let s = liarsDiceRules.initialState();
  for (const face of dice) s = liarsDiceRules.apply(s, face - 1);
  for (const m of moves) s = liarsDiceRules.apply(s, m);
  return s;
}

/** Bid id of `quantity` dice showing `face` (OpenSpiel's "reset-face" ranking). */
const bid = (quantity: number, face: number) => (quantity - 1) * 6 + (face - 1);

describe('liars-dice tree and values (OpenSpiel, research/games.md §6)', () => {
  const tree = buildTree(liarsDiceRules);

  it('has 294,883 histories, 147,456 decision nodes and 24,576 information sets', () => {
    expect(tree.nodeCount).toBe(294_883);
    expect(tree.counts).toEqual({ chance: 7, decision: 147_456, terminal: 147_420 });
    expect(tree.infosets.count).toBe(24_576);
  });

  it('gives uniform play NashConv 1.561488646384479, as the game report says', () => {
    const report = nashConv({ tree, policy: uniformPolicy('liars-dice') });
    expect(report.nashConv).toBeCloseTo(1.561488646384479, 9);
    expect(liarsDice.report?.uniformExploitability?.value).toBeCloseTo(report.exploitability, 12);
  });

  it("converges under CFR+ to player 0's game value ≈ −0.02713", () => {
    // 200 iterations: exploitability ≈ 1.5e-3, value within 1e-3 of the DCFR-2000 figure (a few seconds).
    const { curve } = solveGame({ game: tree, algo: 'cfr+', iterations: 200 });
    const last = curve[curve.length - 1]!;
    expect(last.exploitability).toBeLessThan(2e-3);
    expect(Math.abs(last.value - -0.02713)).toBeLessThan(2e-3);
  });
});

describe('liars-dice rules (OpenSpiel semantics)', () => {
  it('rolls each die uniformly, then player 0 bids first', () => {
    const start = liarsDiceRules.initialState();
    expect(liarsDiceRules.currentPlayer(start)).toBe(CHANCE);
    expect(liarsDiceRules.chanceOutcomes(start).map((o) => o.action)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(liarsDiceRules.currentPlayer(play([3, 5]))).toBe(0);
    expect(liarsDiceRules.currentPlayer(play([3, 5], [bid(1, 2)]))).toBe(1);
  });

  it('forbids liar as the first move and takes bids only above the current one', () => {
    expect(liarsDiceRules.legalActions(play([1, 1]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(() => liarsDiceRules.apply(play([1, 1]), LIAR)).toThrow(/not legal/);
    // After "one 6" the only raises are the six "two" bids: quantity first, then face (reset-face order).
    expect(liarsDiceRules.legalActions(play([1, 1], [bid(1, 6)]))).toEqual([6, 7, 8, 9, 10, 11, LIAR]);
    expect(() => liarsDiceRules.apply(play([1, 1], [bid(2, 1)]), bid(1, 6))).toThrow(/not legal/);
    expect(() => liarsDiceRules.apply(play([1, 1], [bid(1, 4)]), bid(1, 4))).toThrow(/not legal/);
    // "two 6s" is the top bid: only liar is left.
    expect(liarsDiceRules.legalActions(play([1, 1], [bid(2, 6)]))).toEqual([LIAR]);
  });

  it('counts 6s as wild when liar is called', () => {
    // P0 rolls 2, P1 rolls 6; P0 bids two 2s; P1 calls: the 2 and the wild 6 make two, so the bidder wins.
    const holds = play([2, 6], [bid(2, 2), LIAR]);
    expect(liarsDiceRules.currentPlayer(holds)).toBe(TERMINAL);
    expect(liarsDiceRules.returns(holds)).toEqual([1, -1]);
    // P1 bids two 3s over P0's one 3 with dice 3 and 5; P0 calls: only one die counts, the caller wins.
    expect(liarsDiceRules.returns(play([3, 5], [bid(1, 3), bid(2, 3), LIAR]))).toEqual([1, -1]);
  });

  it('counts a 6 once on a bid of 6s', () => {
    // Dice 6 and 1: "two 6s" fails (one 6), "one 6" holds.
    expect(liarsDiceRules.returns(play([6, 1], [bid(2, 6), LIAR]))).toEqual([-1, 1]);
    expect(liarsDiceRules.returns(play([6, 1], [bid(1, 6), LIAR]))).toEqual([1, -1]);
    // Dice 6 and 6: "two 6s" holds; dice 5 and 4: "one 6" fails.
    expect(liarsDiceRules.returns(play([6, 6], [bid(1, 1), bid(2, 6), LIAR]))).toEqual([-1, 1]);
    expect(liarsDiceRules.returns(play([5, 4], [bid(1, 6), LIAR]))).toEqual([-1, 1]);
  });

  it("keys information sets with OpenSpiel's strings: own die, then every move", () => {
    const s = play([3, 5], [bid(1, 2), bid(2, 5)]);
    expect(liarsDiceRules.informationStateKey(s, 0)).toBe('3 1-2 2-5');
    expect(liarsDiceRules.informationStateKey(s, 1)).toBe('5 1-2 2-5');
    expect(liarsDiceRules.informationStateKey(play([4, 2]), 0)).toBe('4');
    expect(liarsDiceRules.informationStateKey(play([4, 2], [bid(1, 1), LIAR]), 1)).toBe('2 1-1 Liar');
    // Player 1 cannot tell player 0's die.
    expect(liarsDiceRules.informationStateKey(play([1, 5], [bid(1, 2), bid(2, 5)]), 1)).toBe('5 1-2 2-5');
  });

  it('rejects state text that no play reaches', () => {
    expect(() => liarsDiceRules.deserialize('{"dice":[3],"moves":[0]}')).toThrow(/reachable/);
    expect(() => liarsDiceRules.deserialize('{"dice":[3,4],"moves":[12]}')).toThrow(/reachable/);
    expect(() => liarsDiceRules.deserialize('{"dice":[3,4],"moves":[5,2]}')).toThrow(/reachable/);
    expect(() => liarsDiceRules.deserialize('{"dice":[7,4],"moves":[]}')).toThrow(/valid state/);
  });
});

describe('liars-dice text', () => {
  it('names every move with its own first byte, so the moves part at one token', () => {
    const strings = [...Array(13).keys()].map(liarsDiceMoveString);
    expect(strings[0]).toBe('[A: one 1]');
    expect(strings[10]).toBe('[K: two 5s]');
    expect(strings[LIAR]).toBe('[liar]');
    expect(strings.every((s) => s.startsWith('['))).toBe(true);
    expect(new Set(strings.map((s) => s[1])).size).toBe(13);
  });

  it('shows only the own die until the call, and the outcome after it', () => {
    const mid = play([3, 5], [bid(1, 5)]);
    const full = liarsDice.text.observe(mid, 1, 'full');
    expect(full).toContain('[GAME] Your die shows: 5');
    expect(full).toContain('[Player 0] [E: one 5]');
    expect(full).toContain('[GAME] Your available actions are: [F: one 6], [G: two 1s],');
    expect(full.endsWith('[L: two 6s], [liar]')).toBe(true);
    // Player 0's die changes nothing player 1 reads.
    expect(liarsDice.text.observe(play([1, 5], [bid(1, 5)]), 1, 'full')).toBe(full);
    expect(liarsDice.text.observe(play([3, 5]), 0, 'compact')).toBe('liars P0 die 3 | bids -');
    expect(liarsDice.text.observe(mid, 1, 'compact')).toBe('liars P1 die 5 | bids 1-5');

    const end = play([3, 5], [bid(1, 5), bid(2, 3), LIAR]);
    expect(liarsDice.text.observe(end, 1, 'compact')).toBe(
      'liars P1 die 5 | bids 1-5 2-3 Liar | dice 3 5: bid fails, P0 +1',
    );
    expect(liarsDice.text.observe(end, 0, 'full')).toContain(
      "Player 0 calls liar on Player 1's bid of two 3s. The dice were: Player 0 3, Player 1 5. " +
        '1 die shows 3 or 6, so the bid fails: Player 0 wins.',
    );
  });

  it("fits every compact information set in the reference model's 128-token context (move and EOS included)", () => {
    let longest = 0;
    const walk = (s: LiarsDiceState): void => {
      const actor = liarsDiceRules.currentPlayer(s);
      if (actor === TERMINAL) return;
      if (actor === CHANCE) {
        for (const o of liarsDiceRules.chanceOutcomes(s)) walk(liarsDiceRules.apply(s, o.action));
        return;
      }
      const legal = liarsDiceRules.legalActions(s);
      const prompt = new TextEncoder().encode(`${liarsDice.text.observe(s, actor, 'compact')}\n`).length + 1;
      const move = Math.max(...legal.map((a) => liarsDiceMoveString(a).length)) + 1;
      longest = Math.max(longest, prompt + move);
      for (const a of legal) walk(liarsDiceRules.apply(s, a));
    };
    // Dice never change the text's length: walk one roll of each.
    walk(play([2, 4]));
    expect(longest).toBeLessThanOrEqual(128);
  });
});

describe('liars-dice answers', () => {
  const opening = play([2, 4]);
  const facing = play([2, 4], [bid(1, 5)]);

  it('reads exactly the listed moves in strict mode, as SPIRAL does', () => {
    expect(liarsDice.text.parse(facing, '\\boxed{[G: two 1s]}', { answers: 'strict' })).toEqual({
      ok: true,
      action: bid(2, 1),
    });
    expect(liarsDice.text.parse(facing, '\\boxed{liar}', { answers: 'strict' })).toEqual({ ok: true, action: LIAR });
    for (const loose of ['[Bid: 2, 1]', '[G]', '[Liar]', '[call]', '[two 1s]'])
      expect(liarsDice.text.parse(facing, loose, { answers: 'strict' }), loose).toMatchObject({ ok: false });
  });

  it("also reads SPIRAL's LiarsDice forms, letters and plain bids in lenient mode", () => {
    const read = (state: LiarsDiceState, text: string) => liarsDice.text.parse(state, text);
    expect(read(facing, 'I raise. [Bid: 2, 1]')).toEqual({ ok: true, action: bid(2, 1) });
    expect(read(facing, '\\boxed{bid 2 6}')).toEqual({ ok: true, action: bid(2, 6) });
    expect(read(facing, '[G]')).toEqual({ ok: true, action: bid(2, 1) });
    expect(read(facing, 'two 5s')).toEqual({ ok: true, action: bid(2, 5) });
    expect(read(facing, '[Call]')).toEqual({ ok: true, action: LIAR });
    expect(read(facing, 'You lie! [LIAR]')).toEqual({ ok: true, action: LIAR });
    // Named but illegal: not a raise, or liar with nothing to call.
    expect(read(facing, '[Bid: 1, 3]')).toMatchObject({ ok: false, reason: /does not raise/ });
    expect(read(opening, '[liar]')).toMatchObject({ ok: false, reason: /first bid/ });
    expect(read(facing, '[Bid: 3, 1]')).toMatchObject({ ok: false });
    expect(read(facing, '[M]')).toMatchObject({ ok: false });
  });

  it('never throws and lands only on legal moves (10,000 move-like strings per mode)', () => {
    const states = [opening, facing, play([6, 6], [bid(1, 1), bid(2, 5)]), play([1, 3], [bid(2, 6)])];
    const fragments = fc.constantFrom('[', ']', '\\boxed{', '}', 'Bid', 'bid:', ',', ' ', 'liar', 'Call', 'two', 's');
    const piece = fc.oneof(fragments, fc.integer({ min: -1, max: 13 }).map(String), fc.string({ maxLength: 3 }));
    const answer = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
    for (const mode of answerModes) {
      fc.assert(
        fc.property(fc.nat(states.length - 1), answer, (i, text) => {
          const state = states[i]!;
          const result = liarsDice.text.parse(state, text, { answers: mode });
          return result.ok ? liarsDiceRules.legalActions(state).includes(result.action) : result.reason.length > 0;
        }),
        { numRuns: 10_000, seed: 17 },
      );
    }
  });
});
