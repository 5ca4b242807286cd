import type { TextGame } from '../../spec/game-text.ts';
import { kuhnActionString, parseKuhn } from './actions.ts';
import { kuhnReport } from './report.ts';
import { type KuhnState, kuhnRules } from './rules.ts';
import { observeKuhn } from './text.ts';

export const kuhnPoker: TextGame<KuhnState> = {
  rules: kuhnRules,
  text: { observe: observeKuhn, actionString: kuhnActionString, parse: parseKuhn },
  report: kuhnReport,
};
