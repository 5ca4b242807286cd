import { sampleChance } from '../games/playout.ts';
import type { AnyTextGame } from '../games/registry.ts';
import { CHANCE, TERMINAL } from '../spec/game.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { ActResponse, Policy } from '../spec/policy.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { type InvalidMoveRule, invalidMovePayoff, invalidMoveRules } from './invalid-move.ts';

export interface TurnRecord {
  readonly turn: number;
  readonly player: number;
  readonly observation: string;
  readonly legal: readonly string[];
  /** The policy's raw answer (reasoning included). */
  readonly answer: string;
  /** The canonical string of the move played, or undefined when the answer was invalid. */
  readonly move?: string;
  readonly invalidReason?: string;
  /** What the policy reported beyond the answer text (reasoning, token ids, log-probs), when it reported any. */
  readonly trace?: Omit<ActResponse, 'text'>;
}

export type EpisodeOutcome = 'terminal' | 'invalid-move' | 'turn-cap';

export interface EpisodeResult {
  readonly gameId: string;
  readonly seed: number;
  readonly returns: readonly number[];
  readonly outcome: EpisodeOutcome;
  /** The player whose invalid move ended the game, if one did. */
  readonly offender?: number;
  /** The players who lost a turn to an invalid move in a game that plays on (`Game.forfeit`), in order. */
  readonly forfeits?: readonly number[];
  readonly turns: readonly TurnRecord[];
  /** Serialised final state, for replay. */
  readonly finalState: string;
  /** Per seat, the game's own figures of the finished game (see `TextGame.episodeStats`), when it has any. */
  readonly stats?: readonly Record<string, number>[];
  /** The role each seat played, for games that deal hidden roles (`TextGame.roleOf`). */
  readonly roles?: readonly string[];
}

/** The seats that made an invalid move in a game: the one that ended it, and those that forfeited a turn. */
export function invalidSeats(result: EpisodeResult): number[] {
  return [...(result.offender === undefined ? [] : [result.offender]), ...(result.forfeits ?? [])];
}

export interface PlayEpisodeOptions {
  readonly game: AnyTextGame;
  /** One policy per seat. */
  readonly policies: readonly Policy[];
  /** Seeds chance (deals) and, separately, each seat's sampling, so two policies can be compared on the same deals. */
  readonly seed: number;
  /** The observation layout, for policies that do not declare their own (`Policy.format`). */
  readonly format?: ObservationFormat;
  readonly invalidMove?: InvalidMoveRule;
  /** Decision turns after which the game is scored a draw; defaults to the game's `maxTurns`. */
  readonly turnCap?: number;
  readonly signal?: AbortSignal;
  readonly onTurn?: (turn: TurnRecord) => void;
  /**
   * Answers for the first decision turns, played as given before the policies take over: with the same seed (so the
   * same deal), a branch of an earlier game that tries another move at some turn.
   */
  readonly prefix?: readonly string[];
}

/** Plays one game to the end: chance is sampled, each seat's policy answers in text, answers are parsed. */
export async function playEpisode(options: PlayEpisodeOptions): Promise<EpisodeResult> {
  const { game, policies, seed, format = 'full', invalidMove = invalidMoveRules.spiral, signal, onTurn } = options;
  const { rules, text } = game;
  const { info } = rules;
  if (policies.length !== info.players) {
    throw new RangeError(`${info.id} needs ${info.players} policies, got ${policies.length}`);
  }
  const turnCap = Math.min(options.turnCap ?? info.maxTurns, info.maxTurns);
  const chanceRng = createRng(deriveSeed(seed, 0));
  const seatRngs = policies.map((_, p) => createRng(deriveSeed(seed, 1 + p)));
  const retriesLeft = policies.map(() => (invalidMove.mode === 'retry' ? invalidMove.retries : 0));
  const turns: TurnRecord[] = [];
  const forfeits: number[] = [];
  let state = rules.initialState();
  let notice = '';
  let noticeFor = -1;
  const answered = new Map<number, { observation: string; response: ActResponse }>();
  /** One seat's answer at the current state (a `prefix` answer when one is given for its turn). */
  const ask = async (at: unknown, player: number, forced: string | undefined) => {
    const policy = policies[player]!;
    const legal = rules.legalActions(at).map((a: unknown) => text.actionString(at, a));
    // A policy that reads one layout gets it, whatever the match's default.
    const observation = text.observe(at, player, policy.format ?? format) + (player === noticeFor ? notice : '');
    const response: ActResponse =
      forced !== undefined
        ? { text: forced }
        : await policy.act({
            game: info,
            player,
            observation,
            legal,
            infoKey: rules.informationStateKey(at, player),
            rng: seatRngs[player]!,
            ...(signal ? { signal } : {}),
          });
    return { observation, response };
  };

  const finish = (returns: readonly number[], outcome: EpisodeOutcome, offender?: number): EpisodeResult => ({
    gameId: info.id,
    seed,
    returns,
    outcome,
    ...(offender === undefined ? {} : { offender }),
    ...(forfeits.length > 0 ? { forfeits } : {}),
    turns,
    finalState: rules.serialize(state),
    ...(game.episodeStats ? { stats: policies.map((_, p) => game.episodeStats!(state, p)) } : {}),
    ...(game.roleOf ? { roles: policies.map((_, p) => game.roleOf!(state, p)) } : {}),
  });

  for (;;) {
    signal?.throwIfAborted();
    const actor = rules.currentPlayer(state);
    if (actor === TERMINAL) return finish(rules.returns(state), 'terminal');
    if (actor === CHANCE) {
      state = rules.apply(state, sampleChance(rules, state, chanceRng));
      continue;
    }
    if (rules.turnCount(state) >= turnCap)
      return finish(
        policies.map(() => 0),
        'turn-cap',
      );

    const legalActions = rules.legalActions(state);
    const legal = legalActions.map((a: unknown) => text.actionString(state, a));
    const policy = policies[actor];
    if (!policy || !seatRngs[actor]) throw new RangeError(`no policy for player ${actor}`);
    if (!answered.has(actor)) {
      // After a retry notice, the round's other players keep the answers they already gave.
      const turnsAhead = simultaneousTurns(rules, state).filter(({ player }) => !answered.has(player));
      const asked = await Promise.all(
        turnsAhead.map(({ player, at }, i) => ask(at, player, options.prefix?.[turns.length + i])),
      );
      turnsAhead.forEach(({ player }, i) => answered.set(player, asked[i]!));
    }
    const { observation, response } = answered.get(actor)!;
    answered.delete(actor);
    const { text: answer, ...trace } = response;
    const parsed = text.parse(state, answer, policy.answers ? { answers: policy.answers } : {});
    const base = {
      turn: turns.length,
      player: actor,
      observation,
      legal,
      answer,
      ...(Object.keys(trace).length > 0 ? { trace } : {}),
    };
    if (parsed.ok) {
      const record = { ...base, move: text.actionString(state, parsed.action) };
      turns.push(record);
      onTurn?.(record);
      state = rules.apply(state, parsed.action);
      notice = '';
      continue;
    }
    const record = { ...base, invalidReason: parsed.reason };
    turns.push(record);
    onTurn?.(record);
    if ((retriesLeft[actor] ?? 0) > 0) {
      retriesLeft[actor] = (retriesLeft[actor] ?? 0) - 1;
      noticeFor = actor;
      notice = `\n[GAME] Player ${actor} attempted an invalid move (${parsed.reason}). Please answer again with one of: ${legal.join(', ')}`;
      continue;
    }
    if (rules.forfeit) {
      forfeits.push(actor);
      state = rules.forfeit(state, actor);
      notice = '';
      continue;
    }
    const payoff = invalidMovePayoff(invalidMove, parsed.cause);
    const returns = policies.map((_, p) => (p === actor ? payoff.offenderReward : payoff.otherReward));
    return finish(returns, 'invalid-move', actor);
  }
}

/**
 * The turns of the simultaneous round that starts at `state` (just the current player's outside one), each with a
 * state where that player is to move. Its players are asked together, so a batched policy answers them in one forward
 * pass; the later ones' states are reached with stand-in moves, which the contract of `simultaneousMovers` makes
 * invisible to them (their observations, keys and legal moves do not depend on the moves pending in the round).
 */
function simultaneousTurns(rules: AnyTextGame['rules'], state: unknown): { player: number; at: unknown }[] {
  const movers: readonly number[] = rules.simultaneousMovers?.(state) ?? [rules.currentPlayer(state)];
  const turns: { player: number; at: unknown }[] = [];
  let at = state;
  for (const [i, player] of movers.entries()) {
    if (i > 0) at = rules.apply(at, rules.legalActions(at)[0]);
    if (rules.currentPlayer(at) !== player)
      throw new Error(
        `${rules.info.id}: simultaneousMovers listed player ${player} but player ${rules.currentPlayer(at)} moves`,
      );
    turns.push({ player, at });
  }
  return turns;
}
