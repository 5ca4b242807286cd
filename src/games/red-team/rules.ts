import { z } from 'zod';
import { CHANCE, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';
import { type Exchange, generalSumRewards, judgeExchange, type JudgeLabels, zeroSumRewards } from './judge.ts';
import {
  createWorld,
  HELP,
  REFUSE,
  type RedTeamConfigInput,
  type RedTeamWorld,
  type Scenario,
  wrappers,
} from './world.ts';

/**
 * Self-RedTeam's attacker–defender game (research/systems.md §2.11) on a toy policy, two turns as in its code
 * (`max_turns=2`): chance deals a scenario (world.ts); the attacker (player 0), who sees its goal and the usage
 * policy but not the secret, picks a request from the menu; the defender (player 1), who sees its secret, the policy
 * and the request but not the goal, answers `[refuse]` or `[help]`; the rule judge (judge.ts) labels the exchange and
 * Self-RedTeam's reward table pays both.
 *
 * Action ids: at the chance node, a scenario's index in `world.scenarios`; the attacker's, a request id
 * (`world.request`); the defender's, `REFUSE` (0) or `HELP` (1).
 */
export const ATTACKER = 0;
export const DEFENDER = 1;

export interface RedTeamState {
  /** Index into `world.scenarios`, or null before the deal. */
  readonly deal: number | null;
  /** The request id, then the defender's answer. */
  readonly moves: readonly number[];
}

export type RedTeamRules = Game<RedTeamState> & {
  readonly world: RedTeamWorld;
  /** The dealt scenario, or undefined before the deal. */
  scenario(state: RedTeamState): Scenario | undefined;
  /** The finished exchange, or undefined before the defender has answered. */
  exchange(state: RedTeamState): Exchange | undefined;
  /** The judge's labels of a finished exchange, or undefined before it ends. */
  labels(state: RedTeamState): JudgeLabels | undefined;
};

export function createRedTeamRules(config: RedTeamConfigInput = {}): RedTeamRules {
  const world = createWorld(config);
  const { id, payoffs } = world.config;
  const requests = Array.from({ length: world.requestCount }, (_, r) => r);
  const answers = [REFUSE, HELP];

  const info: GameInfo = {
    id,
    title: world.config.title,
    players: 2,
    zeroSum: payoffs === 'zero-sum',
    perfectInformation: false,
    chance: true,
    maxTurns: 2,
    actionSpace: 'finite',
    returnRange: payoffs === 'zero-sum' ? [-2, 2] : [-1, 3],
    winDrawLoss: false,
  };

  const currentPlayer = (s: RedTeamState) => {
    if (s.deal === null) return CHANCE;
    return s.moves.length < 2 ? s.moves.length : TERMINAL;
  };
  const scenario = (s: RedTeamState) => (s.deal === null ? undefined : world.scenarios[s.deal]);
  const exchange = (s: RedTeamState): Exchange | undefined => {
    const dealt = scenario(s);
    const [request, response] = s.moves;
    if (!dealt || request === undefined || response === undefined) return undefined;
    return { forbidden: dealt.forbidden, goal: dealt.goal, request: world.request(request), response };
  };
  const labels = (s: RedTeamState) => {
    const x = exchange(s);
    return x && judgeExchange(x);
  };

  /**
   * Readable keys: `A goal=harm:secret forbid=chemistry` for the attacker (its goal, `benign:math` for a benign one,
   * and the forbidden topics), `D key=tulip forbid=chemistry req=roleplay:secret` for the defender (its code word, the
   * forbidden topics, the request); ` req=…` and ` resp=refuse|help` follow as moves are made. Empty before the deal.
   */
  const informationStateKey = (s: RedTeamState, player: number) => {
    const dealt = scenario(s);
    if (!dealt) return '';
    const forbid = `forbid=${dealt.forbidden.map((t) => world.targetName(t)).join(',')}`;
    const [request, response] = s.moves;
    const goal = `${dealt.goal.harmful ? 'harm' : 'benign'}:${world.targetName(dealt.goal.target)}`;
    const secret = world.config.secrets[dealt.secret] ?? '?';
    const parts = player === ATTACKER ? [`A goal=${goal}`, forbid] : [`D key=${secret}`, forbid];
    if (request !== undefined) {
      const r = world.request(request);
      parts.push(`req=${wrappers[r.wrapper] ?? '?'}:${world.targetName(r.target)}`);
    }
    if (response !== undefined) parts.push(`resp=${response === REFUSE ? 'refuse' : 'help'}`);
    return parts.join(' ');
  };

  const stateSchema = z
    .object({
      deal: z
        .number()
        .int()
        .min(0)
        .max(world.scenarios.length - 1)
        .nullable(),
      moves: z.array(z.number().int().min(0)).max(2),
    })
    .strict()
    .superRefine((s, ctx) => {
      if (s.deal === null && s.moves.length > 0)
        ctx.addIssue({ code: 'custom', path: ['moves'], message: 'no move comes before the deal' });
      if ((s.moves[0] ?? 0) >= world.requestCount)
        ctx.addIssue({ code: 'custom', path: ['moves', 0], message: `a request id is below ${world.requestCount}` });
      if ((s.moves[1] ?? 0) > HELP)
        ctx.addIssue({ code: 'custom', path: ['moves', 1], message: `an answer is ${REFUSE} or ${HELP}` });
    });

  return {
    info,
    world,
    scenario,
    exchange,
    labels,
    initialState: () => ({ deal: null, moves: [] }),
    currentPlayer,
    chanceOutcomes: (s) =>
      s.deal === null ? world.scenarios.map((sc, action) => ({ action, probability: sc.probability })) : [],
    legalActions(s) {
      const actor = currentPlayer(s);
      if (actor === ATTACKER) return requests;
      return actor === DEFENDER ? answers : [];
    },
    apply(s, action) {
      const actor = currentPlayer(s);
      if (actor === CHANCE) {
        if (!Number.isInteger(action) || action < 0 || action >= world.scenarios.length)
          throw new RangeError(`${id}: no scenario ${action}`);
        return { deal: action, moves: [] };
      }
      if (actor === TERMINAL) throw new RangeError(`${id}: the game is over`);
      const legal = actor === ATTACKER ? requests : answers;
      if (!legal.includes(action)) throw new RangeError(`${id}: illegal action ${action}`);
      return { deal: s.deal, moves: [...s.moves, action] };
    },
    returns(s) {
      const x = exchange(s);
      if (!x) return [0, 0];
      const judged = judgeExchange(x);
      return payoffs === 'zero-sum' ? zeroSumRewards(judged) : generalSumRewards(x.goal, judged);
    },
    informationStateKey,
    turnCount: (s) => s.moves.length,
    clone: (s) => ({ deal: s.deal, moves: [...s.moves] }),
    serialize: (s) => JSON.stringify({ deal: s.deal, moves: s.moves }),
    deserialize: (text) => parseStateJson(id, stateSchema, text),
  };
}
