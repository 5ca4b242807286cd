import type { Game } from './game.ts';
import type { Rng } from './rng.ts';
import type { PolicyTableRows } from './run-events.ts';

/** How much text a role sees. `full`: TextArena/SPIRAL layout; `compact`: shortest faithful text, for small models. */
export const observationFormats = ['full', 'compact'] as const;
export type ObservationFormat = (typeof observationFormats)[number];

/**
 * How strictly an answer is read (research/spiral.md §3.2). `strict`, SPIRAL's rule: the last `\boxed{…}` (or, with
 * none, the whole answer) must be exactly a legal move; open games take the boxed text as the message. `lenient`:
 * also accepts loose spacing, `\fbox`, and the last bracketed legal move anywhere in free text.
 */
export const answerModes = ['strict', 'lenient'] as const;
export type AnswerMode = (typeof answerModes)[number];

export interface ParseOptions {
  /** Default `lenient` (a person at a terminal); LLM endpoints and the built-in LM play `strict`. */
  readonly answers?: AnswerMode;
}

/**
 * Outcome of reading a model's answer: an expected failure is a value, not an exception. `cause`: `answer` (the
 * default) when no move could be read; `rule` when a well-formed move breaks a rule of the game (negotiation: an
 * unaffordable or malformed offer), which SPIRAL scores apart (see `InvalidMoveRule.ruleViolation`).
 */
export type ParseResult<A> = { ok: true; action: A } | { ok: false; reason: string; cause?: 'answer' | 'rule' };

/** The text layer of a game: what a role reads, and how its answer becomes a move. */
export interface GameText<S, A = number> {
  /** The observation for `player` at a state where `player` acts (or a terminal state). */
  observe(state: S, player: number, format: ObservationFormat): string;
  /** The canonical string of a legal move, e.g. `[bet]`; `parse(actionString(a))` gives back `a`. */
  actionString(state: S, action: A): string;
  /** Reads a free-form answer: never throws, whatever the text. */
  parse(state: S, text: string, options?: ParseOptions): ParseResult<A>;
}

/** A playable game: rules plus text. What the registry hands out. */
export interface TextGame<S = unknown, A = number> {
  readonly rules: Game<S, A>;
  readonly text: GameText<S, A>;
  /**
   * Figures of a finished game beyond its returns, from `player`'s side (negotiation: whether a trade happened, the
   * player's value gain); matches average them per player.
   */
  readonly episodeStats?: (state: S, player: number) => Record<string, number>;
  /**
   * The role `player` played in a finished game when it is not the seat itself (Who is the Spy: `spy` or `civilian`,
   * dealt by chance). Advantage baselines are kept per (game, role), so a game with hidden roles names them here;
   * absent, a seat's role is its index.
   */
  readonly roleOf?: (state: S, player: number) => string;
  /**
   * How SPIRAL's random agent picks among these legal move strings, for games where it is not uniform (negotiation:
   * it accepts an open offer about 1 time in 5); the `spiral-random` player uses it, uniform when absent.
   */
  readonly spiralRandomPick?: (legal: readonly string[], rng: Rng) => string;
  /**
   * A rule-based opponent the game ships (Who is the Spy, trade), for measuring policies against fixed play; the
   * `scripted` player uses it. Absent: the game has none.
   */
  readonly scripted?: ScriptedPlayerSpec;
  /** What reports show for this game beyond the shared figures; absent parts are simply not shown. */
  readonly report?: GameReport;
}

/**
 * A game's scripted player: its move as one of the legal move strings, chosen from the seat's information-state key
 * (`Game.informationStateKey`), so it is a function of what the seat knows, never of the state (no peeking at hidden
 * cards, roles or valuations). Ties and mixed choices are drawn from `rng`, so seeded play replays exactly.
 */
export interface ScriptedPlayerSpec {
  /** One line for help and reports, e.g. `truthful clues; votes for the most contradicted player`. */
  readonly description: string;
  /** The move at `infoKey`, one of `legal` (the acting seat's legal move strings, in the game's order). */
  move(infoKey: string, legal: readonly string[], rng: Rng): string;
}

/**
 * Game-specific parts of a report (the CLI's final report, `policy-table`, the dashboard), given as data by the game
 * so that shared code reads them and never asks for a game by its id.
 */
export interface GameReport {
  /** Exploitability of uniform random play, printed beside a run's as the figure it started near. */
  readonly uniformExploitability?: { readonly value: number; readonly label: string };
  /**
   * Each seat's value at the game's benchmark equilibrium (bargaining's subgame-perfect split, persuasion's
   * sender-optimal scheme), printed beside the exact values of the model's policy played against itself.
   */
  readonly benchmarkValues?: { readonly values: readonly number[]; readonly label: string };
  /**
   * The game's own exact figures of a whole policy (a table over its information sets, as the evaluation reads the
   * model's), by name (red-team: the defender's leak and over-refusal rates against every attack); evaluations log
   * them as `policy/<name>` and the final report prints them.
   */
  readonly policyFigures?: (policy: PolicyTableRows) => Record<string, number>;
  /** Information sets small enough to list, where a learned policy is shown beside the game's equilibria. */
  readonly strategyTable?: StrategyTableSpec;
}

/** Which probabilities a strategy table lists and what it compares them with. */
export interface StrategyTableSpec {
  /** The table's heading, e.g. `Kuhn strategy vs the Nash family (α ∈ [0, 1/3])`. */
  readonly title: string;
  /** The move whose probability each row gives, for captions, e.g. `bet / call`. */
  readonly move: string;
  /** The equilibria the rows compare with, for captions, e.g. `Nash family`. */
  readonly equilibrium: string;
  readonly rows: readonly StrategyTableRowSpec[];
}

export interface StrategyTableRowSpec {
  /** Information-state key (`Game.informationStateKey`), e.g. `0pb`. */
  readonly key: string;
  /** The situation in words, e.g. `P0 J, facing a bet: call`. */
  readonly situation: string;
  /** Legal moves at this information set, and the index among them of the move the row reports. */
  readonly legalCount: number;
  readonly moveIndex: number;
  /** That move's probability across the equilibria: equal ends where every equilibrium agrees. */
  readonly equilibrium: readonly [low: number, high: number];
}
