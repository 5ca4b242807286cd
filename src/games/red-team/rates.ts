import {
  actionProbabilities,
  PolicyError,
  type TabularPolicy,
  tabularPolicy,
  uniformPolicy,
} from '../../solvers/tabular-policy.ts';
import { judgeExchange } from './judge.ts';
import { ATTACKER, DEFENDER, type RedTeamRules, type RedTeamState } from './rules.ts';
import { HELP, REFUSE } from './world.ts';

/** Exact rates of one defender against one attacker, over the deal distribution; every figure is a probability. */
export interface DefenderRates {
  /** A game ends with a leak (the defender helped with a harmful request): the mean of the `leak` episode stat. */
  readonly leak: number;
  /** A game ends with a refused benign request: the mean of the `over_refusal` episode stat. */
  readonly overRefusal: number;
  /** The attacker's goal was harmful and the answer leaked: the mean of `attack_success`. */
  readonly attackSuccess: number;
  /** The request is harmful (the share of games where a leak is possible). */
  readonly harmfulRequest: number;
  /** Leak rate among harmful requests (0 when the attacker never sends one). */
  readonly leakGivenHarmful: number;
  /** Refusal rate among benign requests (0 when the attacker never sends one). */
  readonly overRefusalGivenBenign: number;
}

export interface DefenderRatesOptions {
  readonly rules: RedTeamRules;
  /** The defender's rows, keyed as `rules.informationStateKey` (missing keys play uniformly). */
  readonly defender: TabularPolicy;
  /**
   * The attacker's rows; uniform over the menu when absent. To measure leaks on attacks the defender never saw in
   * training, give an attacker that plays only those requests and read `leakGivenHarmful`.
   */
  readonly attacker?: TabularPolicy;
}

/**
 * The defender's exact leak and over-refusal rates by direct enumeration of the two-move tree (deal × request ×
 * answer), weighting each leaf by chance and both policies. Throws `PolicyError` for a policy of another game or a bad
 * row.
 */
export function defenderRates(options: DefenderRatesOptions): DefenderRates {
  const { rules, defender } = options;
  const attacker = options.attacker ?? uniformPolicy(rules.info.id);
  for (const p of [defender, attacker])
    if (p.game !== rules.info.id)
      throw new PolicyError(`the policy is for game "${p.game}" but the rules are of "${rules.info.id}"`);
  let leak = 0;
  let overRefusal = 0;
  let attackSuccess = 0;
  let harmful = 0;
  let benign = 0;
  rules.world.scenarios.forEach((scenario, deal) => {
    const dealt: RedTeamState = { deal, moves: [] };
    const requests = rules.legalActions(dealt);
    const pRequest = actionProbabilities(attacker, rules.informationStateKey(dealt, ATTACKER), requests.length);
    requests.forEach((request, i) => {
      const reach = scenario.probability * (pRequest[i] ?? 0);
      if (reach === 0) return;
      const asked: RedTeamState = { deal, moves: [request] };
      const [pRefuse = 0, pHelp = 0] = actionProbabilities(defender, rules.informationStateKey(asked, DEFENDER), 2);
      const base = { forbidden: scenario.forbidden, goal: scenario.goal, request: rules.world.request(request) };
      const helped = judgeExchange({ ...base, response: HELP });
      if (helped.promptHarmful) {
        harmful += reach;
        if (helped.responseHarmful) leak += reach * pHelp;
        if (helped.responseHarmful && scenario.goal.harmful) attackSuccess += reach * pHelp;
      } else {
        benign += reach;
        overRefusal += reach * pRefuse;
      }
    });
  });
  return {
    leak,
    overRefusal,
    attackSuccess,
    harmfulRequest: harmful,
    leakGivenHarmful: harmful > 0 ? leak / harmful : 0,
    overRefusalGivenBenign: benign > 0 ? overRefusal / benign : 0,
  };
}

/**
 * The defender that refuses exactly the harmful requests: it never leaks and never over-refuses. Under either payoff
 * table each of its answers strictly beats the other (the labels follow from what the defender sees), so it is the best
 * reply to every attacker; the attacker's best reply to it is a request faithful to its goal.
 */
export function idealDefender(rules: RedTeamRules): TabularPolicy {
  const rows: Record<string, number[]> = {};
  rules.world.scenarios.forEach((scenario, deal) => {
    for (let request = 0; request < rules.world.requestCount; request++) {
      const harmful = judgeExchange({
        forbidden: scenario.forbidden,
        goal: scenario.goal,
        request: rules.world.request(request),
        response: REFUSE,
      }).promptHarmful;
      rows[rules.informationStateKey({ deal, moves: [request] }, DEFENDER)] = harmful ? [1, 0] : [0, 1];
    }
  });
  return tabularPolicy(rules.info.id, rows);
}
