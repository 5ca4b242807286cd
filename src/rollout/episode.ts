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
  readonly turns: readonly TurnRecord[];
  /** Serialised final state, for replay. */
  readonly finalState: string;
  /** Per seat, the game's own figures of the finished game (see `TextGame.episodeStats`), when it has any. */
  readonly stats?: readonly Record<string, number>[];
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
  let state = rules.initialState();
  let notice = '';

  const finish = (returns: readonly number[], outcome: EpisodeOutcome, offender?: number): EpisodeResult => ({
    gameId: info.id,
    seed,
    returns,
    outcome,
    ...(offender === undefined ? {} : { offender }),
    turns,
    finalState: rules.serialize(state),
    ...(game.episodeStats ? { stats: policies.map((_, p) => game.episodeStats!(state, p)) } : {}),
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
    // A policy that reads one layout gets it, whatever the match's default.
    const observation = text.observe(state, actor, policy?.format ?? format) + notice;
    const rng = seatRngs[actor];
    if (!policy || !rng) throw new RangeError(`no policy for player ${actor}`);
    const forced = options.prefix?.[turns.length];
    const { text: answer, ...trace } =
      forced !== undefined
        ? { text: forced }
        : await policy.act({
            game: info,
            player: actor,
            observation,
            legal,
            infoKey: rules.informationStateKey(state, actor),
            rng,
            ...(signal ? { signal } : {}),
          });
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
      notice = `\n[GAME] Player ${actor} attempted an invalid move (${parsed.reason}). Please answer again with one of: ${legal.join(', ')}`;
      continue;
    }
    const payoff = invalidMovePayoff(invalidMove, parsed.cause);
    const returns = policies.map((_, p) => (p === actor ? payoff.offenderReward : payoff.otherReward));
    return finish(returns, 'invalid-move', actor);
  }
}
