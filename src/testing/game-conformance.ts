import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomPlayout } from '../games/playout.ts';
import { GameStateError } from '../games/state-json.ts';
import { CHANCE, TERMINAL } from '../spec/game.ts';
import { observationFormats, type TextGame } from '../spec/game-text.ts';
import { createRng } from '../util/rng.ts';

export interface ConformanceOptions {
  /** Random playouts to run (default 200). */
  playouts?: number;
  /** Arbitrary strings fed to the parser (default 10,000; the brief asks for at least that). */
  fuzzRuns?: number;
}

/**
 * The suite every game's test file starts with (STYLE.md §5): determinism, purity, zero-sum where declared,
 * serialisation, text round trips, and a parser that never throws.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suite is generic over any registered game.
export function runGameConformance(game: TextGame<any, any>, options: ConformanceOptions = {}): void {
  const { rules, text } = game;
  const { info } = rules;
  const playouts = options.playouts ?? 200;
  const fuzzRuns = options.fuzzRuns ?? 10_000;

  const sampleStates = (seed: number, count: number) => {
    const rng = createRng(seed);
    return Array.from({ length: count }, () => randomPlayout(rules, rng));
  };

  describe(`${info.id}: game conformance`, () => {
    it('declares sane properties', () => {
      expect(info.players).toBeGreaterThanOrEqual(1);
      expect(info.maxTurns).toBeGreaterThan(0);
      expect(info.returnRange[0]).toBeLessThanOrEqual(info.returnRange[1]);
      expect(info.title.length).toBeGreaterThan(0);
    });

    it('plays seeded random games to the end, identically for the same seed', () => {
      const a = sampleStates(11, 20).map((g) => g.map((s) => rules.serialize(s)));
      const b = sampleStates(11, 20).map((g) => g.map((s) => rules.serialize(s)));
      expect(a).toEqual(b);
    });

    it('ends within maxTurns with returns in range, summing to zero when declared zero-sum', () => {
      for (const game of sampleStates(1, playouts)) {
        const last = game[game.length - 1];
        expect(rules.currentPlayer(last)).toBe(TERMINAL);
        expect(rules.turnCount(last)).toBeLessThanOrEqual(info.maxTurns);
        const returns = rules.returns(last);
        expect(returns).toHaveLength(info.players);
        for (const r of returns) {
          expect(r).toBeGreaterThanOrEqual(info.returnRange[0] - 1e-9);
          expect(r).toBeLessThanOrEqual(info.returnRange[1] + 1e-9);
        }
        if (info.zeroSum) expect(Math.abs(returns.reduce((x, y) => x + y, 0))).toBeLessThan(1e-9);
      }
    });

    it('has chance outcomes that sum to one, and legal moves only where a player acts', () => {
      for (const game of sampleStates(2, 50)) {
        for (const state of game) {
          const actor = rules.currentPlayer(state);
          if (actor === CHANCE) {
            const total = rules.chanceOutcomes(state).reduce((s, o) => s + o.probability, 0);
            expect(total).toBeCloseTo(1, 9);
            expect(info.chance).toBe(true);
          } else if (actor === TERMINAL) {
            expect(rules.legalActions(state)).toHaveLength(0);
          } else {
            expect(actor).toBeGreaterThanOrEqual(0);
            expect(actor).toBeLessThan(info.players);
            expect(rules.legalActions(state).length).toBeGreaterThan(0);
          }
        }
      }
    });

    it('never mutates a state; clones and serialised copies are equal and independent', () => {
      for (const game of sampleStates(3, 50)) {
        for (const state of game) {
          const before = rules.serialize(state);
          const copy = rules.clone(state);
          expect(rules.serialize(copy)).toBe(before);
          expect(rules.serialize(rules.deserialize(before))).toBe(before);
          const actor = rules.currentPlayer(state);
          const moves = actor === CHANCE ? rules.chanceOutcomes(state).map((o) => o.action) : rules.legalActions(state);
          for (const move of moves.slice(0, 4)) rules.apply(copy, move);
          expect(rules.serialize(state)).toBe(before);
          expect(rules.serialize(copy)).toBe(before);
        }
      }
    });

    it('rejects garbage state text with a GameStateError', () => {
      for (const bad of ['', 'not json', '{}', '[1,2,3]', 'null']) {
        expect(() => rules.deserialize(bad)).toThrow(GameStateError);
      }
    });

    it('writes observations in every format and parses every legal move string back to its move', () => {
      for (const game of sampleStates(4, 50)) {
        for (const state of game) {
          const actor = rules.currentPlayer(state);
          if (actor < 0) continue;
          for (const format of observationFormats) {
            const obs = text.observe(state, actor, format);
            expect(typeof obs).toBe('string');
            expect(obs.length).toBeGreaterThan(0);
          }
          const strings = new Set<string>();
          for (const action of rules.legalActions(state)) {
            const s = text.actionString(state, action);
            strings.add(s);
            const parsed = text.parse(state, s);
            expect(parsed).toEqual({ ok: true, action });
            expect(text.parse(state, `I will play \\boxed{${s}}`)).toEqual({ ok: true, action });
          }
          expect(strings.size).toBe(rules.legalActions(state).length);
        }
      }
    });

    it('hides the moves pending in a simultaneous round from the players still to move', () => {
      expect(Boolean(info.simultaneous)).toBe(rules.simultaneousMovers !== undefined);
      if (!rules.simultaneousMovers) return;
      let rounds = 0;
      for (const game of sampleStates(6, 30)) {
        for (const state of game) {
          const movers = rules.currentPlayer(state) >= 0 ? rules.simultaneousMovers(state) : [];
          if (movers.length < 2) continue;
          rounds++;
          expect(movers[0]).toBe(rules.currentPlayer(state));
          // Whatever the first mover chose, the next one reads, knows and may do exactly the same.
          const seen = new Set<string>();
          for (const action of rules.legalActions(state)) {
            const next = rules.apply(state, action);
            expect(rules.currentPlayer(next)).toBe(movers[1]);
            expect(rules.simultaneousMovers(next)).toEqual(movers.slice(1));
            const view = observationFormats.map((f) => text.observe(next, movers[1]!, f));
            const legal = rules.legalActions(next).map((a) => text.actionString(next, a));
            seen.add(JSON.stringify([view, rules.informationStateKey(next, movers[1]!), legal]));
          }
          expect(seen.size).toBe(1);
        }
      }
      expect(rounds).toBeGreaterThan(0);
    });

    it(`never throws on arbitrary answers (${fuzzRuns.toLocaleString('en-US')} strings)`, () => {
      const decisionStates = sampleStates(5, 30)
        .flat()
        .filter((s) => rules.currentPlayer(s) >= 0);
      expect(decisionStates.length).toBeGreaterThan(0);
      const fragments = fc.constantFrom(
        '[',
        ']',
        '{',
        '}',
        '\\boxed{',
        '\\text{',
        ' ',
        '->',
        ':',
        'Offer',
        '0',
        '9',
        'bet',
      );
      const answer = fc.oneof(
        fc.string({ maxLength: 80 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.array(fc.oneof(fragments, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
      );
      fc.assert(
        fc.property(fc.nat(decisionStates.length - 1), answer, (i, s) => {
          const result = text.parse(decisionStates[i], s);
          if (!result.ok) return result.reason.length > 0;
          // Open games accept free text beyond their canonical moves; finite games must land on a legal move.
          return (
            info.actionSpace === 'open' ||
            rules.legalActions(decisionStates[i]).some((a) => sameAction(a, result.action))
          );
        }),
        { numRuns: fuzzRuns, seed: 20261122 },
      );
    });
  });
}

function sameAction(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
