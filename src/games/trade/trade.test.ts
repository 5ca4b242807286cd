import { describe, expect, it } from 'vitest';
import { buildTree, nashConv, policyValues, uniformPolicy } from '../../solvers/index.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { createRng } from '../../util/rng.ts';
import { GameStateError } from '../state-json.ts';
import {
  ACCEPT,
  BUYER,
  createScriptedTrader,
  createTrade,
  dealPrice,
  offerAction,
  REJECT,
  SELLER,
  scriptedTradeMove,
  scriptedTradePolicy,
  trade,
  type TradeState,
} from './index.ts';

runGameConformance(trade);
runGameConformance(
  createTrade({ id: 'trade-tiny', costs: [1, 3], values: [2, 4], minPrice: 0, maxPrice: 5, rounds: 1 }),
  {
    fuzzRuns: 1000,
  },
);

const { rules, text } = trade;
const stats = trade.episodeStats!;

/** Deals `cost` and `value`, then plays `moves` (offers as prices, `'a'` accept, `'r'` reject). */
function play(cost: number, value: number, moves: (number | 'a' | 'r')[]): TradeState {
  let s = rules.apply(rules.apply(rules.initialState(), cost), value);
  for (const m of moves) s = rules.apply(s, m === 'a' ? ACCEPT : m === 'r' ? REJECT : offerAction(m));
  return s;
}

describe('trade rules', () => {
  it('declares its range and scale: a deal gains at most 7 either way on prices 1..9 and valuations 2..8', () => {
    expect(rules.scale).toBe(7);
    expect(rules.info.returnRange).toEqual([-1, 1]);
    expect(rules.info.maxTurns).toBe(4);
  });

  it('pays a deal at the accepted price and nothing without one', () => {
    // Seller cost 4, buyer value 8: the seller asks 7, the buyer counters 5, the seller takes 5.
    const deal = play(4, 8, [7, 5, 'a']);
    expect(rules.currentPlayer(deal)).toBe(-2);
    expect(rules.returns(deal)).toEqual([1 / 7, 3 / 7]);
    // The buyer takes the first ask at once.
    expect(rules.returns(play(4, 8, [7, 'a']))).toEqual([3 / 7, 1 / 7]);
    // Three offers, then the buyer rejects: nobody gains.
    expect(rules.returns(play(4, 8, [9, 3, 8, 'r']))).toEqual([0, 0]);
    // A deal can lose money: the buyer accepts 9 for an item worth 2 to it.
    expect(rules.returns(play(8, 2, [9, 'a']))).toEqual([1 / 7, -1]);
  });

  it('alternates offers, seller first, and leaves only accept or reject after the last', () => {
    const start = play(4, 8, []);
    expect(rules.currentPlayer(start)).toBe(SELLER);
    expect(rules.legalActions(start)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(offerAction));
    expect(rules.currentPlayer(play(4, 8, [7]))).toBe(BUYER);
    expect(rules.legalActions(play(4, 8, [7]))).toEqual([ACCEPT, ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(offerAction)]);
    expect(rules.legalActions(play(4, 8, [7, 5, 6]))).toEqual([ACCEPT, REJECT]);
    expect(() => play(4, 8, ['r'])).toThrow(RangeError);
    expect(() => play(4, 8, [10])).toThrow(RangeError);
    expect(rules.chanceOutcomes(rules.initialState())).toEqual(
      [2, 4, 6, 8].map((c) => ({ action: c, probability: 0.25 })),
    );
  });

  it('keys information sets by own valuation and the public offers', () => {
    expect(rules.informationStateKey(play(4, 8, []), SELLER)).toBe('S4|');
    expect(rules.informationStateKey(play(4, 8, [7]), BUYER)).toBe('B8|7');
    expect(rules.informationStateKey(play(4, 6, [7]), BUYER)).toBe('B6|7');
    expect(rules.informationStateKey(play(4, 8, [7, 5]), SELLER)).toBe('S4|7,5');
    expect(rules.informationStateKey(play(4, 2, [7, 5]), SELLER)).toBe('S4|7,5');
  });

  it('rejects states no play reaches', () => {
    for (const bad of [
      '{"cost":3,"value":4,"offers":[],"end":null}',
      '{"cost":4,"value":4,"offers":[10],"end":null}',
      '{"cost":4,"value":4,"offers":[5,5,5,5],"end":null}',
      '{"cost":4,"value":4,"offers":[],"end":"accept"}',
      '{"cost":4,"value":4,"offers":[5],"end":"reject"}',
      '{"cost":4,"value":null,"offers":[5],"end":null}',
      '{"cost":4,"value":4,"offers":[-1],"end":null}',
    ])
      expect(() => rules.deserialize(bad), bad).toThrow(GameStateError);
    const s = play(4, 8, [7, 5, 'a']);
    expect(rules.deserialize(rules.serialize(s))).toEqual(s);
  });

  it('reports deal, efficiency and the share of the surplus', () => {
    expect(stats(play(4, 8, [7, 5, 'a']), SELLER)).toEqual({ deal: 1, efficient: 1, gains_share: 0.25 });
    expect(stats(play(4, 8, [7, 5, 'a']), BUYER)).toEqual({ deal: 1, efficient: 1, gains_share: 0.75 });
    expect(stats(play(4, 8, [9, 3, 8, 'r']), SELLER)).toEqual({ deal: 0, efficient: 0 });
    expect(stats(play(6, 4, [9, 3, 8, 'r']), BUYER)).toEqual({ deal: 0, efficient: 1 });
    // No gains from trade at v = c: a deal there counts as inefficient, and there is no surplus to share.
    expect(stats(play(4, 4, [4, 'a']), SELLER)).toEqual({ deal: 1, efficient: 0 });
    expect(stats(play(4, 8, [7]), BUYER)).toEqual({ deal: 0, efficient: 0 });
  });
});

describe('trade text', () => {
  it('writes compact text that fits a 128-byte context with the answer', () => {
    const first = text.observe(play(4, 8, []), SELLER, 'compact');
    expect(first).toBe('trade S cost 4 | offer 1/3 | - | moves [1] [2] [3] [4] [5] [6] [7] [8] [9]');
    const reply = text.observe(play(4, 8, [7]), BUYER, 'compact');
    expect(reply).toBe('trade B value 8 | offer 2/3 | S7 | moves [accept] [1] [2] [3] [4] [5] [6] [7] [8] [9]');
    expect(reply.length + '[accept]'.length).toBeLessThan(128);
    expect(text.observe(play(4, 8, [7, 5, 6]), BUYER, 'compact')).toBe(
      'trade B value 8 | final | S7 B5 S6 | moves [accept] [reject]',
    );
    expect(text.observe(play(4, 8, [7, 5, 'a']), SELLER, 'compact')).toBe(
      'trade S cost 4 | S7 B5 accept | deal at 5, you gain 1',
    );
    const full = text.observe(play(4, 8, [7]), BUYER, 'full');
    expect(full).toContain('[GAME] The item is worth 8 to you.');
    expect(full).toContain('[Player 0] offers a price of [7]');
    expect(full).toContain('[GAME] Your available actions are: [accept], [1], [2]');
    expect(full).not.toContain('cost you');
  });

  it('parses moves strictly, leniently and boxed', () => {
    const s = play(4, 8, [7]);
    expect(text.parse(s, '\\boxed{[5]}', { answers: 'strict' })).toEqual({ ok: true, action: offerAction(5) });
    expect(text.parse(s, '\\boxed{accept}', { answers: 'strict' })).toEqual({ ok: true, action: ACCEPT });
    expect(text.parse(s, 'I counter with [6].')).toEqual({ ok: true, action: offerAction(6) });
    expect(text.parse(s, '5')).toEqual({ ok: true, action: offerAction(5) });
    expect(text.parse(s, '[reject]')).toMatchObject({ ok: false });
    expect(text.parse(s, '[10]')).toMatchObject({ ok: false });
  });
});

describe('scripted trader', () => {
  const rng = createRng(1);

  it('asks or bids a markup of 2 from its valuation and takes any offer at its reservation or better', () => {
    expect(scriptedTradeMove(play(4, 8, []), SELLER, rng)).toBe(offerAction(6));
    expect(scriptedTradeMove(play(8, 8, []), SELLER, rng)).toBe(offerAction(9)); // 10 clamped to the grid
    expect(scriptedTradeMove(play(4, 8, [7]), BUYER, rng)).toBe(ACCEPT);
    expect(scriptedTradeMove(play(4, 6, [7]), BUYER, rng)).toBe(offerAction(4));
    expect(scriptedTradeMove(play(4, 6, [7, 4]), SELLER, rng)).toBe(ACCEPT);
    expect(scriptedTradeMove(play(4, 6, [7, 3]), SELLER, rng)).toBe(offerAction(6));
    expect(scriptedTradeMove(play(4, 6, [7, 5, 7]), BUYER, rng)).toBe(REJECT);
    expect(createScriptedTrader({ markup: 0 })(play(4, 6, [7]), BUYER, rng)).toBe(offerAction(6));
    expect(() => scriptedTradeMove(play(4, 6, [7]), SELLER, rng)).toThrow(RangeError);
  });

  it('trades at cost + 2 against itself whenever v ≥ c + 2', () => {
    const tree = buildTree(rules);
    const values = policyValues(tree, scriptedTradePolicy());
    // Deals on (c, v) ∈ {(2,4),(2,6),(2,8),(4,6),(4,8),(6,8)}, 6 of 16: the seller gains 2 each, the buyer v − c − 2.
    expect(values[0]).toBeCloseTo((6 * 2) / 16 / 7, 12);
    expect(values[1]).toBeCloseTo((0 + 2 + 4 + 0 + 2 + 0) / 16 / 7, 12);
  });

  it("plays the game's scripted player from the information-state key alone", () => {
    const scripted = trade.scripted!;
    const at = (s: TradeState) => rules.informationStateKey(s, rules.currentPlayer(s));
    const legal = (s: TradeState) => rules.legalActions(s).map((a) => text.actionString(s, a));
    const move = (s: TradeState) => scripted.move(at(s), legal(s), rng);
    expect(move(play(4, 8, []))).toBe('[6]');
    expect(move(play(8, 8, []))).toBe('[9]');
    expect(move(play(4, 8, [7]))).toBe('[accept]');
    expect(move(play(4, 6, [7]))).toBe('[4]');
    expect(move(play(4, 6, [7, 3]))).toBe('[6]');
    expect(move(play(4, 6, [7, 5, 7]))).toBe('[reject]');
    // The same key, whatever the other seat's hidden valuation: S4|7,3 is all the seller knows.
    expect(at(play(4, 2, [7, 3]))).toBe(at(play(4, 8, [7, 3])));
    expect(() => scripted.move('S4|7', ['[accept]', '[5]'], rng)).toThrow(/not the one to move/);
    expect(() => scripted.move('X|', ['[5]'], rng)).toThrow(/not the information-state key/);
    expect(() => scripted.move('S4|', ['[accept]'], rng)).toThrow(/none of the legal moves/);
  });

  it('two scripted traders deal at cost + 2 exactly when v ≥ c + 2, and never otherwise', () => {
    for (const c of [2, 4, 6, 8]) {
      for (const v of [2, 4, 6, 8]) {
        let s = play(c, v, []);
        while (rules.currentPlayer(s) >= 0) {
          const parsed = text.parse(
            s,
            trade.scripted!.move(
              rules.informationStateKey(s, rules.currentPlayer(s)),
              rules.legalActions(s).map((a) => text.actionString(s, a)),
              rng,
            ),
            { answers: 'strict' },
          );
          if (!parsed.ok) throw new Error(parsed.reason);
          s = rules.apply(s, parsed.action);
        }
        // The seller asks c + 2; the buyer takes it when it is at most v, else bids v − 2 < c, which the seller
        // counters with c + 2 again, and the buyer rejects that final offer.
        expect(dealPrice(s), `c ${c}, v ${v}`).toBe(v >= c + 2 ? c + 2 : undefined);
        expect(s.offers).toEqual(
          v >= c + 2 ? [c + 2] : [Math.min(c + 2, 9), v - 2 < 1 ? 1 : v - 2, Math.min(c + 2, 9)],
        );
      }
    }
  });
});

describe('trade solvers', () => {
  const tree = buildTree(rules);

  it('walks into a tree small enough for exact NashConv', () => {
    expect(tree.nodeCount).toBe(37_893);
    expect(tree.counts).toEqual({ chance: 5, decision: 13_120, terminal: 24_768 });
    // Seller: 4 costs × (1 + 9²) offer histories; buyer: 4 values × (9 + 9³).
    expect(tree.infosets.count).toBe(4 * (1 + 81) + 4 * (9 + 729));
  });

  it('measures uniform and scripted play exactly', () => {
    const uniform = nashConv({ tree, policy: uniformPolicy('trade') });
    expect(Number.isFinite(uniform.nashConv)).toBe(true);
    expect(uniform.nashConv).toBeGreaterThan(0);
    // Prices and valuations are symmetric around 5, so uniform play gains nobody anything on average.
    expect(uniform.onPolicyValues[0]).toBeCloseTo(0, 12);
    expect(uniform.onPolicyValues[1]).toBeCloseTo(0, 12);
    const scripted = nashConv({ tree, policy: scriptedTradePolicy() });
    expect(scripted.nashConv).toBeGreaterThanOrEqual(0);
    expect(scripted.nashConv).toBeLessThan(uniform.nashConv);
  });
});
