/** State and action types of the negotiation games; the rules never read `message`, the text layer does. */

/** A trade proposal from the offerer's side, one quantity per resource (in the config's resource order). */
export interface Offer {
  /** What the offerer hands over. */
  readonly give: readonly number[];
  /** What the offerer asks for in return. */
  readonly get: readonly number[];
}

/** A player's turn: what they said, and what it does to the trade. */
export interface NegotiationMove {
  readonly kind: 'move';
  /** The text shown to both players (the boxed answer, or the whole answer), whitespace collapsed. */
  readonly message: string;
  /** `accept` executes the open offer made to this player; `deny` turns it down (both close it). */
  readonly reply?: 'accept' | 'deny';
  /** A new offer to the opponent, replacing any open offer; it stays open until the opponent answers it. */
  readonly offer?: Offer;
}

/** A chance outcome during setup: the next number in `setupSlots` order (a quantity or a value). */
export interface SetupDraw {
  readonly kind: 'draw';
  readonly value: number;
}

export type NegotiationAction = NegotiationMove | SetupDraw;

/** Everything that happened: the setup numbers drawn so far, then the players' moves, player 0 first. */
export interface NegotiationState {
  readonly draws: readonly number[];
  readonly moves: readonly NegotiationMove[];
}

/** What a move caused, in order; the text layer turns these into `[GAME]` lines. */
export type TurnEvent =
  | { readonly type: 'trade'; readonly from: number; readonly to: number; readonly offer: Offer }
  | { readonly type: 'trade-cancelled'; readonly from: number; readonly to: number }
  | { readonly type: 'denied'; readonly from: number; readonly to: number }
  | { readonly type: 'countered'; readonly from: number; readonly to: number }
  | { readonly type: 'offer'; readonly from: number; readonly to: number; readonly offer: Offer };
