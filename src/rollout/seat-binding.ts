import type { Learner } from '../spec/learner.ts';
import type { Policy } from '../spec/policy.ts';

/** Who sits in one seat of a game: the policy that answers there and, when the seat is trained, its learner. */
export interface SeatBinding {
  readonly policy: Policy;
  /** The learner the seat's turns train; absent for a seat whose player stays as it is (fixed, a snapshot). */
  readonly learner?: Learner;
}

/** One game's seats, one binding per player of the game (any number of them). */
export interface Pairing {
  readonly seats: readonly SeatBinding[];
  /** Pool entry the live policy faced, for prioritised sampling; undefined for mirror and fixed opponents. */
  readonly snapshot?: number;
}

/** The policy of every seat, in seat order (what `playEpisode` takes). */
export function seatPolicies(pairing: Pairing): Policy[] {
  return pairing.seats.map((s) => s.policy);
}

/** The seats whose turns train `learner` (any learner when omitted). */
export function trainedSeats(pairing: Pairing, learner?: Learner): number[] {
  return pairing.seats.flatMap((s, i) => (s.learner && (learner === undefined || s.learner === learner) ? [i] : []));
}
