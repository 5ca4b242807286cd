import type { Game } from './game.ts';

/** How much text a role sees. `full`: TextArena/SPIRAL layout; `compact`: shortest faithful text, for small models. */
export const observationFormats = ['full', 'compact'] as const;
export type ObservationFormat = (typeof observationFormats)[number];

/** Outcome of reading a model's answer: an expected failure is a value, not an exception. */
export type ParseResult<A> = { ok: true; action: A } | { ok: false; reason: string };

/** The text layer of a game: what a role reads, and how its answer becomes a move. */
export interface GameText<S, A = number> {
  /** The observation for `player` at a state where `player` acts (or a terminal state). */
  observe(state: S, player: number, format: ObservationFormat): string;
  /** The canonical string of a legal move, e.g. `[bet]`; `parse(actionString(a))` gives back `a`. */
  actionString(state: S, action: A): string;
  /** Reads a free-form answer: never throws, whatever the text. */
  parse(state: S, text: string): ParseResult<A>;
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
}
