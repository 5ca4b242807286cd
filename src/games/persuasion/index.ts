import type { TextGame } from '../../spec/game-text.ts';
import { parsePersuasion, persuasionActionString } from './actions.ts';
import {
  BUY,
  createPersuasionRules,
  HIGH,
  type PersuasionConfigInput,
  type PersuasionRules,
  type PersuasionState,
} from './rules.ts';
import { persuasionOptimum } from './optimum.ts';
import { observePersuasion } from './text.ts';

export { parsePersuasion, persuasionActionString, persuasionLegalStrings } from './actions.ts';
export {
  buysOnHigh,
  optimalPersuasionPolicy,
  type PersuasionOptimum,
  persuasionOptimum,
  type SchemeValue,
} from './optimum.ts';
export {
  BUY,
  createPersuasionRules,
  HIGH,
  LOW,
  PASS,
  type PersuasionConfig,
  type PersuasionConfigInput,
  persuasionConfigSchema,
  type PersuasionRules,
  type PersuasionState,
} from './rules.ts';

export type PersuasionGame = TextGame<PersuasionState> & { readonly rules: PersuasionRules };

/**
 * Figures of a game from either seat (the same for both): `bought` and `state_high` (0/1, 0 before they are known)
 * and `sender_value`, the sender's return.
 */
export function persuasionStats(state: PersuasionState): Record<string, number> {
  return {
    bought: state.choice === BUY ? 1 : 0,
    state_high: state.world === HIGH ? 1 : 0,
    sender_value: state.choice === BUY ? 1 : 0,
  };
}

/** Bayesian persuasion with a committed scheme (rules.ts); `config` defaults to prior 0.3 and q ∈ {0, ¼, ½, ¾, 1}. */
export function createPersuasion(config: PersuasionConfigInput = {}): PersuasionGame {
  const rules = createPersuasionRules(config);
  return {
    rules,
    text: {
      observe: (state, player, format) => observePersuasion(rules, state, player, format),
      actionString: (state, action) => persuasionActionString(rules, state, action),
      parse: (state, text, options) => parsePersuasion(rules, state, text, options),
    },
    episodeStats: (state) => persuasionStats(state),
  };
}

const best = persuasionOptimum().best;

/** The registered default, whose report carries the sender-optimal scheme's values (sender, receiver). */
export const persuasion: PersuasionGame = {
  ...createPersuasion(),
  report: {
    benchmarkValues: { values: [best.senderValue, best.receiverValue], label: `sender-optimal scheme q ${best.q}` },
  },
};
