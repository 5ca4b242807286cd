import type { AnyTextGame } from '../games/registry.ts';
import { candidateProbabilities, type LmModel } from '../lm/index.ts';
import { lmPromptTokens } from '../rollout/lm-policy.ts';
import { type TabularPolicy, tabularPolicy } from '../solvers/index.ts';
import { CHANCE, TERMINAL } from '../spec/game.ts';
import type { ObservationFormat } from '../spec/game-text.ts';

export class PolicyTableError extends Error {
  override readonly name = 'PolicyTableError';
}

/**
 * The built-in LM's full behaviour policy as a table: every information set reachable in the game tree, keyed as
 * the solvers expect, with the probability the model (constrained to the legal moves, temperature 1 — exactly how
 * it plays) gives each legal move, by teacher-forced scoring of each move string under the observation it would
 * see there. The solvers then measure its exploitability exactly.
 */
export function lmPolicyTable(options: {
  game: AnyTextGame;
  model: LmModel;
  format: ObservationFormat;
  /** Stop with an error past this many information sets (default 20,000). */
  maxInfosets?: number;
}): TabularPolicy {
  const { game, model, format } = options;
  const { rules, text } = game;
  if (rules.info.actionSpace !== 'finite') {
    throw new PolicyTableError(`${rules.info.id} has free-text moves; a policy table needs a finite move set`);
  }
  const maxInfosets = options.maxInfosets ?? 20_000;
  const rows: Record<string, number[]> = {};
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
    if (!(key in rows)) {
      if (Object.keys(rows).length >= maxInfosets) {
        throw new PolicyTableError(`${rules.info.id} has more than ${maxInfosets} information sets to score`);
      }
      const strings = legal.map((a: unknown) => text.actionString(state, a));
      const probs = candidateProbabilities({
        model,
        prompt: lmPromptTokens(text.observe(state, actor, format)),
        candidates: strings,
      });
      rows[key] = strings.map((s: string) => probs.find((p) => p.text === s)?.probability ?? 0);
    }
    // Perfect-information games reach one state by many move orders: walk each state once.
    const stateId = rules.info.perfectInformation ? key : undefined;
    if (stateId !== undefined) {
      if (visited.has(stateId)) return;
      visited.add(stateId);
    }
    for (const a of legal) walk(rules.apply(state, a));
  };
  walk(rules.initialState());
  return tabularPolicy(rules.info.id, rows);
}
