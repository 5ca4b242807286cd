import type { TextGame } from '../../spec/game-text.ts';
import { kuhnRoundsActionString, parseKuhnRounds } from './actions.ts';
import { createKuhnRoundsRules, defaultRounds, type KuhnRoundsOptions, type KuhnRoundsState } from './rules.ts';
import { observeKuhnRounds } from './text.ts';

/** A Kuhn Poker match of `rounds` hands (default 5, registered as `kuhn-poker-rounds`). */
export function createKuhnPokerRounds(options: KuhnRoundsOptions = {}): TextGame<KuhnRoundsState> {
  const rules = createKuhnRoundsRules(options);
  const rounds = options.rounds ?? defaultRounds;
  return {
    rules,
    text: {
      observe: (state, player, format) => observeKuhnRounds({ state, player, format, rounds }),
      actionString: kuhnRoundsActionString,
      parse: parseKuhnRounds,
    },
  };
}

export const kuhnPokerRounds: TextGame<KuhnRoundsState> = createKuhnPokerRounds();
