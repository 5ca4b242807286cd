import type { GameInfo } from './game.ts';
import type { AnswerMode, ObservationFormat } from './game-text.ts';
import type { Rng } from './rng.ts';

/** What a policy is told when it must move. Text for language models, keys and ids for tabular players. */
export interface ActRequest {
  readonly game: GameInfo;
  readonly player: number;
  /** The observation text for this player. */
  readonly observation: string;
  /** Canonical strings of the legal moves (e.g. `[check]`, `[bet]`); for open games, canonical examples only. */
  readonly legal: readonly string[];
  /** Information-state key of the acting player (see `Game.informationStateKey`). */
  readonly infoKey: string;
  /** Per-episode seeded randomness. */
  readonly rng: Rng;
  readonly signal?: AbortSignal;
}

export interface ActResponse {
  /** The raw answer; it is parsed by the game, so garbage is an invalid move, never a crash. */
  readonly text: string;
  /** Reasoning kept apart from the answer, for transcripts; never shown to the opponent. */
  readonly reasoning?: string;
  /** Token ids and per-token log-probs of the sampled answer, where the backend reports them (training data). */
  readonly promptTokenIds?: readonly number[];
  readonly completionTokenIds?: readonly number[];
  readonly completionLogprobs?: readonly number[];
  /** Per completion token: 1 where the policy chose it, 0 where a constraint forced it (nothing to learn there). */
  readonly completionChoiceMask?: readonly number[];
  /** Why generation stopped (`stop`, `length`, …). */
  readonly finishReason?: string;
}

/** Anything that can take a turn: the built-in LM, an LLM endpoint, a solver, a human. */
export interface Policy {
  readonly name: string;
  /** The observation layout this policy reads, when it needs one (a checkpoint knows the one it was trained on). */
  readonly format?: ObservationFormat;
  /** How the game reads this policy's answers (see `AnswerMode`); default `lenient`. */
  readonly answers?: AnswerMode;
  /** Answers one request at a time (a person at a terminal): a match with it plays its games one after another. */
  readonly sequential?: boolean;
  act(request: ActRequest): Promise<ActResponse>;
  close?(): Promise<void>;
}
