/**
 * What a training run reports while it runs, as one discriminated union (noun-verb names). The trainer emits them
 * through one `onEvent` callback; the CLI's progress lines and the dashboard read them, never metric-name strings.
 */

/** A mean with its 95% confidence half-width over `n` values. */
export interface MeanWithCi {
  readonly mean: number;
  readonly halfWidth: number;
  readonly n: number;
}

/** The fixed opponents an evaluation plays seat-swapped matches against. */
export type EvaluationOpponent = 'random' | 'nash' | 'scripted';

/** The measured model's side of a seat-swapped match. */
export interface MatchSummary {
  /** Mean return per game with its 95% CI half-width. */
  readonly mean: number;
  readonly halfWidth: number;
  readonly games: number;
  readonly wins: number;
  readonly draws: number;
  readonly losses: number;
  /** Games the model ended with an invalid move, and the mean number of turns per game. */
  readonly invalid: number;
  readonly meanTurns: number;
  /** The game's own figures (negotiation: agreement, value gain), the model's side. */
  readonly stats: Readonly<Record<string, MeanWithCi>>;
}

/** A policy as a table: per information-state key, the probabilities of the legal moves in rules order. */
export interface PolicyTableRows {
  readonly game: string;
  readonly rows: ReadonlyMap<string, readonly number[]>;
}

/** One measurement of the policy a run reports, in one game. */
export interface PolicyEvaluation {
  readonly step: number;
  readonly game: string;
  /** Exact exploitability of the model's full policy (absent for games no solver can walk). */
  readonly exploitability?: number;
  /** Each seat's exact expected return when the model's policy plays every seat (with `exploitability`). */
  readonly selfPlayValues?: readonly number[];
  /** The game's own exact figures of the policy (`GameReport.policyFigures`), with `exploitability`. */
  readonly policyFigures?: Readonly<Record<string, number>>;
  readonly table?: PolicyTableRows;
  /**
   * Seat-rotated matches against a uniformly random player, an exact equilibrium player and the game's scripted
   * player, when asked for.
   */
  readonly matches: Partial<Record<EvaluationOpponent, MatchSummary>>;
  /** With weight averaging, the measured policy is the average; this is the live weights' exploitability. */
  readonly liveExploitability?: number;
  /** Exploitability of the same model decoding greedily (temperature 0), when asked for. */
  readonly greedyExploitability?: number;
  /**
   * Share of games against random the model lost by an invalid move when it wrote its moves freely (no constrained
   * decoding), at the rollout temperature and greedily, when asked for.
   */
  readonly freeDecoding?: { readonly sampled: number; readonly greedy: number; readonly games: number };
}

/** What one training step did. */
export interface StepMetrics {
  readonly step: number;
  readonly games: number;
  /** Decisions fitted full width this step (0 in a sampled run). */
  readonly decisions: number;
  /** Trained turns of the sampled games plus the decisions fitted full width. */
  readonly samples: number;
  readonly loss: number;
  readonly gradNorm: number;
  readonly clippedFraction: number;
  readonly approxKl: number;
  /** Mean return of seat 0 in this step's self-play games (`meanReturns[0]`). */
  readonly meanReturnP0: number;
  /** Mean return of each seat over the step's games that have it. */
  readonly meanReturns: readonly number[];
  readonly invalidRate: number;
  readonly gamesPerSecond: number;
  readonly tokensPerSecond: number;
  readonly seconds: number;
  /** A run of one game trained full width: the exact exploitability of the policy the step started from. */
  readonly exploitability?: number;
}

/** Where a step's game sits: the step, its index among the step's games, the game and its seed. */
interface EpisodeRef {
  readonly step: number;
  readonly episode: number;
  readonly game: string;
  readonly seed: number;
}

export type RunEvent =
  | (EpisodeRef & { readonly type: 'episode-start'; readonly seats: readonly string[] })
  | (EpisodeRef & {
      readonly type: 'turn-end';
      readonly player: number;
      readonly turn: number;
      readonly move: string;
    })
  | (EpisodeRef & {
      readonly type: 'action-invalid';
      readonly player: number;
      readonly turn: number;
      readonly answer: string;
      readonly reason: string;
    })
  | (EpisodeRef & {
      readonly type: 'episode-end';
      readonly returns: readonly number[];
      readonly outcome: string;
    })
  | { readonly type: 'update-end'; readonly metrics: StepMetrics }
  | { readonly type: 'eval-end'; readonly evaluation: PolicyEvaluation }
  | { readonly type: 'checkpoint-saved'; readonly step: number; readonly path: string }
  | {
      readonly type: 'move-text-finished';
      /** The run's last step, after which the finishing steps ran. */
      readonly step: number;
      /** Finishing steps taken. */
      readonly steps: number;
      readonly decisions: number;
      /** Mean token loss of the move text at the last step. */
      readonly loss: number;
      /** The largest change of any decision's policy over its moves (total variation). */
      readonly drift: number;
      readonly seconds: number;
    }
  | {
      /** The snapshot pool measured as a PSRO population (train/population-meta.ts), after a snapshot. */
      readonly type: 'population-measured';
      readonly step: number;
      readonly size: number;
      /** Exact exploitability of the mixture by the meta-game's Nash. */
      readonly nashExploitability: number;
      /** Exact exploitability of the mixture the pool samples opponents by. */
      readonly samplingExploitability?: number;
    }
  | {
      /**
       * One outer iteration of a recipe run (generate → score → train → snapshot), train/iterations/; or one step of
       * the propose → solve loop (train/propose-solve/), whose `measured` is the task file's accuracy.
       */
      readonly type: 'iteration-end';
      readonly iteration: number;
      readonly iterations: number;
      /** Mean training loss over the iteration's optimizer steps. */
      readonly loss: number;
      /** Seconds since the run started. */
      readonly seconds: number;
      /** The exact measurements taken after this iteration, by metric name (absent when it was not measured). */
      readonly measured?: Readonly<Record<string, number>>;
    };

export type RunEventType = RunEvent['type'];
