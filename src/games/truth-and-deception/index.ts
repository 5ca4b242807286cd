import type { TextGame } from '../../spec/game-text.ts';
import { truthActionString, truthParser } from './actions.ts';
import { defaultFactsPath, type FactPair, loadFacts } from './facts.ts';
import { createTruthRules, type TruthAction, type TruthRules, type TruthState } from './rules.ts';
import { truthObserver } from './text.ts';

export { defaultFactsPath, type FactPair, FactsFileError, factPairSchema, loadFacts, parseFacts } from './facts.ts';
export {
  canonicalMessages,
  createTruthRules,
  DECEIVER,
  GUESSER,
  type TruthAction,
  type TruthConfig,
  type TruthDeal,
  type TruthMove,
  type TruthRules,
  type TruthState,
} from './rules.ts';

export type TruthAndDeceptionGame = TextGame<TruthState, TruthAction> & { readonly rules: TruthRules };

export interface TruthAndDeceptionOptions {
  /** The statement pairs to play over, e.g. `loadFacts('my-facts.jsonl')`. */
  readonly facts: readonly FactPair[];
  /** Registry id (default `truth-and-deception`); give another when registering a game over other facts. */
  readonly id?: string;
  readonly title?: string;
  /** Decision turns, the guess included (default 6, SPIRAL's `max_turns`). */
  readonly turns?: number;
}

/** Truth and Deception over a set of facts (see docs/games/truth-and-deception.md for building one from a file). */
export function createTruthAndDeceptionGame(options: TruthAndDeceptionOptions): TruthAndDeceptionGame {
  const rules = createTruthRules({
    id: options.id ?? 'truth-and-deception',
    title: options.title ?? 'Truth and Deception (SPIRAL TruthAndDeception-v1)',
    facts: options.facts,
    turns: options.turns ?? 6,
  });
  return {
    rules,
    text: { observe: truthObserver(rules), actionString: truthActionString, parse: truthParser(rules) },
  };
}

let registered: TruthAndDeceptionGame | undefined;

/**
 * The registered game, over data/facts/facts.jsonl. Read on first use, not at import, so that a broken facts file
 * fails only the commands that play this game (with a `FactsFileError` naming the line).
 */
export function truthAndDeception(): TruthAndDeceptionGame {
  registered ??= createTruthAndDeceptionGame({ facts: loadFacts(defaultFactsPath) });
  return registered;
}
