import type { AnyTextGame } from '../../games/registry.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';

/** One information set as a player meets it: what it reads there and the legal move strings, in rules order. */
export interface InfosetSite {
  /** Information-state key, as the solvers key policy rows. */
  readonly key: string;
  readonly player: number;
  readonly observation: string;
  /** Canonical strings of the legal moves, aligned with `legalActions` (and so with a policy row). */
  readonly legal: readonly string[];
  /** A state in the set (the first the walk met), for parsing answers there. */
  readonly state: unknown;
  /**
   * Index of the set's *prompt*: sets a player cannot tell apart from the text share one (Leduc keys tell the two
   * Jacks apart, its observations do not), so each distinct prompt is asked once and its answer serves them all.
   */
  readonly prompt: number;
}

export class PolicyTableError extends Error {
  override readonly name = 'PolicyTableError';
}

/**
 * Every information set of a finite game, each once, in depth-first order. Observations are the acting player's
 * view, which the information set fixes, so any state in the set gives the same text.
 */
export function walkInfosets(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  /** Stop with an error past this many information sets (default 30,000: Liar's Dice has 24,576). */
  maxInfosets?: number;
}): InfosetSite[] {
  const { game, format } = options;
  const { rules, text } = game;
  if (rules.info.actionSpace !== 'finite') {
    throw new PolicyTableError(`${rules.info.id} has free-text moves; a policy table needs a finite move set`);
  }
  const maxInfosets = options.maxInfosets ?? 30_000;
  const sites: InfosetSite[] = [];
  const prompts = new Map<string, number>();
  const seen = new Set<string>();
  const visited = new Set<string>();
  const walk = (state: unknown): void => {
    const actor = rules.currentPlayer(state);
    if (actor === TERMINAL) return;
    if (actor === CHANCE) {
      for (const o of rules.chanceOutcomes(state)) walk(rules.apply(state, o.action));
      return;
    }
    const key = rules.informationStateKey(state, actor);
    const legal = rules.legalActions(state);
    if (!seen.has(key)) {
      if (sites.length >= maxInfosets) {
        throw new PolicyTableError(`${rules.info.id} has more than ${maxInfosets} information sets to score`);
      }
      seen.add(key);
      const observation = text.observe(state, actor, format);
      const strings = legal.map((a: unknown) => text.actionString(state, a));
      const promptKey = JSON.stringify([actor, observation, strings]);
      const prompt = prompts.get(promptKey) ?? prompts.size;
      prompts.set(promptKey, prompt);
      sites.push({ key, player: actor, observation, legal: strings, state, prompt });
    }
    // Perfect-information games reach one state by many move orders: walk each state once.
    if (rules.info.perfectInformation) {
      if (visited.has(key)) return;
      visited.add(key);
    }
    for (const a of legal) walk(rules.apply(state, a));
  };
  walk(rules.initialState());
  return sites;
}
