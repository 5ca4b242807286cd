import type { TextGame } from '../../spec/game-text.ts';
import { bargainingActionString, bargainingParser } from './actions.ts';
import {
  type BargainingConfigInput,
  type BargainingRules,
  type BargainingState,
  createBargainingRules,
} from './rules.ts';
import { solveBargaining } from './equilibrium.ts';
import { bargainingObserver } from './text.ts';

export { bargainingActionString, bargainingLegalStrings, offerString } from './actions.ts';
export {
  type BargainingEquilibrium,
  type BargainingSolution,
  bargainingEquilibrium,
  type RoundPlan,
  rubinsteinShare,
  solveBargaining,
} from './equilibrium.ts';
export {
  ACCEPT,
  type Agreement,
  type BargainingConfig,
  BargainingConfigError,
  type BargainingConfigInput,
  bargainingConfigSchema,
  type BargainingRules,
  type BargainingState,
  createBargainingRules,
  historyKey,
  proposerOf,
  REJECT,
} from './rules.ts';

export type BargainingGame = TextGame<BargainingState> & { readonly rules: BargainingRules };

/**
 * Figures of a finished game from `player`'s side: `agreement` (1 if an offer was accepted), `share` (the player's
 * undiscounted fraction of the pie, 0 without a deal) and `rounds` (rounds played, counted from 1: the round of the
 * agreement, or the horizon without one).
 */
function bargainingStats(rules: BargainingRules) {
  return (state: BargainingState, player: number): Record<string, number> => {
    const deal = rules.agreement(state);
    return {
      agreement: deal ? 1 : 0,
      share: deal ? (deal.units[player] ?? 0) / rules.config.pie : 0,
      rounds: rules.round(state) + 1,
    };
  };
}

/**
 * A bargaining game over `config` (pie, horizon, discounts; defaults pie 10, horizon 4, δ = [0.9, 0.8], id
 * `bargaining`). A variant must be given its own `id`. Throws `BargainingConfigError` on a config outside the schema.
 */
export function createBargaining(config: BargainingConfigInput = {}): BargainingGame {
  const rules = createBargainingRules(config);
  return {
    rules,
    text: { observe: bargainingObserver(rules), actionString: bargainingActionString, parse: bargainingParser(rules) },
    episodeStats: bargainingStats(rules),
  };
}

/**
 * The registered default: pie 10, horizon 4, discounts 0.9 (player 0) and 0.8 (player 1). Its equilibrium gives
 * player 0 3 units of 10 (values 0.3 and 0.7; `solveBargaining`). Its report carries uniform play's exploitability
 * (NashConv / 2 over the 48,313-history tree; bargaining.test.ts recomputes it); variants carry none.
 */
const defaultBargaining = createBargaining();

export const bargaining: BargainingGame = {
  ...defaultBargaining,
  report: {
    uniformExploitability: { value: 0.33449780475206603, label: 'uniform bargaining' },
    benchmarkValues: { values: solveBargaining(defaultBargaining.rules).values, label: 'subgame-perfect equilibrium' },
  },
};
