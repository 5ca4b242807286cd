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
  /** `accept` executes the offer made to this player on the previous turn; `deny` turns it down. */
  readonly reply?: 'accept' | 'deny';
  /** A new offer to the opponent, who may accept it on their next turn. */
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
  | { readonly type: 'lapsed'; readonly from: number; readonly to: number }
  | { readonly type: 'offer'; readonly from: number; readonly to: number; readonly offer: Offer };
