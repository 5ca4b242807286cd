import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';
import { votePotentialRange, votePotentialRewards } from './rewards.ts';
import type { SpyWorld } from './world.ts';

/**
 * Who is the Spy, a text version of Vision-Zero's game (research/systems.md §2.10). Chance deals, in this order: the
 * spy's seat (uniform), the civilians' object (uniform over the world's objects) and the spy's object (uniform over
 * the objects that differ from the civilians' in exactly `differing` attributes). As in Vision-Zero's prompts, every
 * player is told its role: the spy knows it is the spy and how many attributes differ, not which.
 * - Clue stage: `clueRounds` rounds; in each, the players speak in seat order, each seeing every earlier clue. A clue
 *   is a claim `attribute: value` about one's own object, true or not (any clue, repeats included, is legal).
 * - Vote stage, simultaneous: every player votes for one other player (Vision-Zero's "N/A" abstention is left out).
 *   It is played as turns in seat order, and no one can read a vote before all are cast.
 * - Outcome: the player with strictly the most votes is voted out; a tie for the most votes out no one, so the spy
 *   survives (Vision-Zero eliminates no one; its rewards read the vote counts only, and so do ours). The civilians
 *   win when the spy is voted out.
 * - Returns: Vision-Zero's zero-sum vote-potential rewards (`rewards.ts`).
 */
export interface SpyConfig {
  readonly id: string;
  readonly title: string;
  readonly world: SpyWorld;
  readonly players: number;
  readonly clueRounds: number;
  /** Attributes in which the spy's object differs from the civilians'. */
  readonly differing: number;
}

export interface SpyState {
  /** Chance draws so far: `[spy seat, civilians' object, spy's object]`. */
  readonly deal: readonly number[];
  /** Clue ids (`SpyWorld.clue`) in the order given: seat `i % players` gave clue `i`. */
  readonly clues: readonly number[];
  /** Vote targets in seat order: seat `i` voted for `votes[i]`. Never shown before all are cast. */
  readonly votes: readonly number[];
}

export type SpyRole = 'spy' | 'civilian';

export type SpyRules = Game<SpyState> & {
  readonly config: SpyConfig;
  /** The spy's seat, once dealt. */
  spySeat(state: SpyState): number | undefined;
  /** The object `player` holds, once dealt. */
  objectOf(state: SpyState, player: number): number | undefined;
  /** The action id of a vote for `target`. */
  voteAction(target: number): number;
  /** The seat a vote action names, or undefined for a clue id. */
  voteTarget(action: number): number | undefined;
  /** Vote actions open to `player` in the vote stage, whoever moves now: a vote for each other player. */
  voteActionsFor(player: number): readonly number[];
  /** Whether the clue stage is over and the votes are not all cast. */
  isVoting(state: SpyState): boolean;
  /** Votes each player received, once all are cast; undefined before. */
  voteCounts(state: SpyState): number[] | undefined;
  /** The seat voted out, `null` after a tie for the most votes, undefined before all votes are cast. */
  votedOut(state: SpyState): number | null | undefined;
};

const dealSteps = 3;

export function createSpyRules(config: SpyConfig): SpyRules {
  const { id, world, players, clueRounds, differing } = config;
  if (!Number.isInteger(players) || players < 3 || players > 9)
    throw new RangeError(
      `${id}: players must be an integer from 3 to 9 (one spy, two or more civilians), got ${players}`,
    );
  if (!Number.isInteger(clueRounds) || clueRounds < 1 || clueRounds > 4)
    throw new RangeError(`${id}: clueRounds must be an integer from 1 to 4, got ${clueRounds}`);
  if (!Number.isInteger(differing) || differing < 1 || differing > world.attributes.length)
    throw new RangeError(
      `${id}: differing must be an integer from 1 to the world's ${world.attributes.length} attributes, got ${differing}`,
    );

  const clueTurns = clueRounds * players;
  const info: GameInfo = {
    id,
    title: config.title,
    players,
    zeroSum: true,
    perfectInformation: false,
    chance: true,
    maxTurns: clueTurns + players,
    actionSpace: 'finite',
    returnRange: votePotentialRange(players),
    winDrawLoss: false,
    simultaneous: true,
  };

  const clueActions = Object.freeze(Array.from({ length: world.clueCount }, (_, c) => c));
  const voteAction = (target: number): number => world.clueCount + target;
  const voteTarget = (action: number): number | undefined => {
    const t = action - world.clueCount;
    return Number.isInteger(t) && t >= 0 && t < players ? t : undefined;
  };
  const votesFor = Array.from({ length: players }, (_, p) =>
    Object.freeze(
      Array.from({ length: players }, (_, t) => t)
        .filter((t) => t !== p)
        .map(voteAction),
    ),
  );

  const currentPlayer = (state: SpyState): number => {
    if (state.deal.length < dealSteps) return CHANCE;
    if (state.clues.length < clueTurns) return state.clues.length % players;
    if (state.votes.length < players) return state.votes.length;
    return TERMINAL;
  };

  const spySeat = (state: SpyState): number | undefined => state.deal[0];
  const objectOf = (state: SpyState, player: number): number | undefined =>
    state.deal.length < dealSteps ? undefined : player === state.deal[0] ? state.deal[2] : state.deal[1];

  const voteCounts = (state: SpyState): number[] | undefined => {
    if (state.votes.length < players) return undefined;
    const counts = new Array<number>(players).fill(0);
    for (const t of state.votes) counts[t]! += 1;
    return counts;
  };
  const votedOut = (state: SpyState): number | null | undefined => {
    const counts = voteCounts(state);
    if (!counts) return undefined;
    const most = Math.max(...counts);
    const top = counts.flatMap((c, p) => (c === most ? [p] : []));
    return top.length === 1 ? top[0]! : null;
  };

  /** The outcomes of the next draw: the spy's seat, then the civilians' object, then the spy's object. */
  const drawOptions = (state: SpyState): readonly number[] => {
    switch (state.deal.length) {
      case 0:
        return Array.from({ length: players }, (_, p) => p);
      case 1:
        return Array.from({ length: world.objectCount }, (_, o) => o);
      case 2:
        return world.variants(state.deal[1]!, differing);
      default:
        return [];
    }
  };

  const apply = (state: SpyState, action: number): SpyState => {
    const actor = currentPlayer(state);
    if (actor === TERMINAL) throw new RangeError(`${id}: the game is over; no more moves`);
    if (actor === CHANCE) {
      if (!drawOptions(state).includes(action))
        throw new RangeError(`${id}: ${action} is not an outcome of chance draw ${state.deal.length}`);
      return { deal: [...state.deal, action], clues: state.clues, votes: state.votes };
    }
    if (state.clues.length < clueTurns) {
      if (world.clue(action) === undefined)
        throw new RangeError(`${id}: player ${actor} must give a clue (0..${world.clueCount - 1}), got ${action}`);
      return { deal: state.deal, clues: [...state.clues, action], votes: state.votes };
    }
    const target = voteTarget(action);
    if (target === undefined || target === actor)
      throw new RangeError(`${id}: player ${actor} must vote for another player, got action ${action}`);
    return { deal: state.deal, clues: state.clues, votes: [...state.votes, target] };
  };

  const stateSchema = z.strictObject({
    deal: z.array(z.number().int()).max(dealSteps),
    clues: z.array(z.number().int()).max(clueTurns),
    votes: z.array(z.number().int()).max(players),
  });

  return {
    info,
    config,
    spySeat,
    objectOf,
    voteAction,
    voteTarget,
    voteActionsFor: (player) => votesFor[player] ?? [],
    isVoting: (state) => currentPlayer(state) >= 0 && state.clues.length >= clueTurns,
    voteCounts,
    votedOut,
    initialState: () => ({ deal: [], clues: [], votes: [] }),
    currentPlayer,
    simultaneousMovers(state) {
      const actor = currentPlayer(state);
      if (actor < 0) return [];
      if (state.clues.length < clueTurns) return [actor];
      return Array.from({ length: players - state.votes.length }, (_, i) => state.votes.length + i);
    },
    chanceOutcomes(state): ChanceOutcome<number>[] {
      if (currentPlayer(state) !== CHANCE) return [];
      const options = drawOptions(state);
      return options.map((action) => ({ action, probability: 1 / options.length }));
    },
    legalActions(state) {
      const actor = currentPlayer(state);
      if (actor < 0) return [];
      return state.clues.length < clueTurns ? clueActions : votesFor[actor]!;
    },
    apply,
    returns(state) {
      const counts = voteCounts(state);
      const spy = spySeat(state);
      if (!counts || spy === undefined) return new Array<number>(players).fill(0);
      return votePotentialRewards({ received: counts, spy });
    },
    /**
     * Perfect recall, as JSON: `[player, role, own object's values, clues as [seat, attribute, value], own vote, all
     * votes]`. Role and object are null before the deal; the own vote is null until cast; all votes are null until
     * every vote is cast, so no key shows a vote still pending in the round.
     */
    informationStateKey(state, player) {
      const spy = spySeat(state);
      const object = objectOf(state, player);
      const dealt = state.deal.length === dealSteps;
      const role = dealt ? (player === spy ? 'spy' : 'civilian') : null;
      const clues = state.clues.map((c, i) => {
        const clue = world.clue(c)!;
        return [i % players, clue.attribute, clue.value];
      });
      const own = state.votes[player] ?? null;
      const all = state.votes.length === players ? state.votes : null;
      return JSON.stringify([player, role, object === undefined ? null : world.valuesOf(object), clues, own, all]);
    },
    turnCount: (state) => state.clues.length + state.votes.length,
    clone: (state) => ({ deal: [...state.deal], clues: [...state.clues], votes: [...state.votes] }),
    serialize: (state) => JSON.stringify({ deal: state.deal, clues: state.clues, votes: state.votes }),
    deserialize(text) {
      const raw = parseStateJson(id, stateSchema, text);
      let state: SpyState = { deal: [], clues: [], votes: [] };
      try {
        for (const d of raw.deal) state = apply(state, d);
        if (raw.clues.length > 0 && currentPlayer(state) === CHANCE) throw new RangeError('clues before the deal');
        for (const c of raw.clues) state = apply(state, c);
        for (const t of raw.votes) state = apply(state, voteAction(t));
      } catch (cause) {
        throw new GameStateError(`${id}: not a reachable state: ${(cause as Error).message}`, { cause });
      }
      return state;
    },
  };
}
