import { actionProbabilities, type TabularPolicy } from '../../solvers/index.ts';
import type { ActionScoreSource } from './scored-policy-table.ts';

/** A tabular policy (an equilibrium, an imported JSON, uniform random) as a source: its rows are already exact. */
export function tableActionScores(name: string, policy: TabularPolicy): ActionScoreSource {
  let calls = 0;
  return {
    name,
    readsInfoKey: true,
    get calls() {
      return calls;
    },
    logprobs: (site) => {
      calls++;
      return actionProbabilities(policy, site.key, site.legal.length).map(Math.log);
    },
  };
}
