import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { GameStateError, parseStateJson } from '../state-json.ts';
import { canonicalMoves } from './canonical-moves.ts';
import { type NegotiationConfig, setupSlots, simpleNegotiation5Config, simpleNegotiationConfig } from './config.ts';
import { advance, moveProblem, type NegotiationView, replay, valueChanges } from './replay.ts';
import type { NegotiationAction, NegotiationMove, NegotiationState } from './types.ts';

export interface NegotiationRules extends Game<NegotiationState, NegotiationAction> {
  readonly config: NegotiationConfig;
  /** Derived facts of a state (inventories, the open offer, what each move caused); see `replay`. */
  view(state: NegotiationState): NegotiationView;
}

/**
 * The rules of a negotiation variant (research/spiral.md §4.3): players alternate for `maxTurns` turns, player 0
 * first, talking and trading; afterwards the player whose inventory gained more value (by their own values)
 * wins, +1/−1, and equal gains draw 0/0 — zero-sum at the result level although trades create surplus.
 * Moves are structured (`NegotiationMove`); the text layer reads them out of free text.
 */
export function createNegotiationRules(config: NegotiationConfig): NegotiationRules {
  const slots = setupSlots(config);
  const info: GameInfo = {
    id: config.id,
    title: config.title,
    players: 2,
    zeroSum: true,
    // With a fixed setup nothing is hidden; drawn quantities and values are private to their player.
    perfectInformation: config.setup.kind === 'fixed',
    chance: slots.length > 0,
    maxTurns: config.maxTurns,
    actionSpace: 'open',
    returnRange: [-1, 1],
    winDrawLoss: true,
  };

  // Views are memoised per state object (states are immutable), and `apply` extends its input's view by one move,
  // so a game costs one step per move instead of a replay per question.
  const views = new WeakMap<NegotiationState, NegotiationView>();
  const view = (state: NegotiationState): NegotiationView => {
    let v = views.get(state);
    if (v === undefined) {
      v = replay(config, state);
      views.set(state, v);
    }
    return v;
  };
  const legal = new WeakMap<NegotiationState, readonly NegotiationMove[]>();

  const currentPlayer = (state: NegotiationState): number => {
    if (state.draws.length < slots.length) return CHANCE;
    if (state.moves.length >= config.maxTurns) return TERMINAL;
    return state.moves.length % 2;
  };

  const moveSchema = z.strictObject({
    kind: z.literal('move'),
    message: z.string(),
    reply: z.enum(['accept', 'deny']).optional(),
    offer: z.strictObject({ give: z.array(z.number().int().min(0)), get: z.array(z.number().int().min(0)) }).optional(),
  });
  const stateSchema = z.strictObject({
    draws: z.array(z.number().int()).max(slots.length),
    moves: z.array(moveSchema).max(config.maxTurns),
  });

  return {
    config,
    info,
    view,
    initialState: () => ({ draws: [], moves: [] }),
    currentPlayer,
    chanceOutcomes(state): ChanceOutcome<NegotiationAction>[] {
      const slot = slots[state.draws.length];
      if (slot === undefined) return [];
      const count = slot.max - slot.min + 1;
      return Array.from({ length: count }, (_, i) => ({
        action: { kind: 'draw', value: slot.min + i },
        probability: 1 / count,
      }));
    },
    legalActions(state) {
      if (currentPlayer(state) < 0) return [];
      let moves = legal.get(state);
      if (moves === undefined) {
        // Frozen because the same list is handed to every caller.
        moves = Object.freeze(canonicalMoves(config, view(state), state.moves.length % 2).map(freezeMove));
        legal.set(state, moves);
      }
      return moves;
    },
    apply(state, action) {
      const actor = currentPlayer(state);
      if (actor === TERMINAL) throw new RangeError(`${config.id}: the game is over; no more moves`);
      if (actor === CHANCE) {
        const slot = slots[state.draws.length];
        if (action.kind !== 'draw' || slot === undefined || !(action.value >= slot.min && action.value <= slot.max))
          throw new RangeError(`${config.id}: expected a setup draw in ${slot?.min}..${slot?.max}`);
        return { draws: [...state.draws, action.value], moves: state.moves };
      }
      if (action.kind !== 'move') throw new RangeError(`${config.id}: a player's action must be a move, not a draw`);
      const before = view(state);
      const problem = moveProblem(config, before, actor, action);
      if (problem !== undefined)
        throw new RangeError(
          `${config.id}: invalid move by player ${actor}: ${problem}; parse answers with the game's text.parse`,
        );
      // A copy, so a caller who later edits their action object cannot change this state or its view.
      const move = cloneMove(action);
      const next = { draws: state.draws, moves: [...state.moves, move] };
      views.set(next, advance(before, actor, move));
      return next;
    },
    returns(state) {
      if (currentPlayer(state) !== TERMINAL) return [0, 0];
      const [g0, g1] = valueChanges(view(state));
      if (g0 === g1) return [0, 0];
      return g0 > g1 ? [1, -1] : [-1, 1];
    },
    // Perfect recall: the player's own setup numbers and the whole public conversation, as JSON.
    informationStateKey(state, player) {
      const own = slots
        .map((slot, i) => (slot.player === player ? state.draws[i] : undefined))
        .filter((d) => d !== undefined);
      return JSON.stringify([player, own, state.moves.map(moveKey)]);
    },
    turnCount: (state) => state.moves.length,
    clone: (state) => ({ draws: [...state.draws], moves: state.moves.map(cloneMove) }),
    // Through cloneMove so key order, and so the text, never depends on how a move object was built.
    serialize: (state) => JSON.stringify({ draws: state.draws, moves: state.moves.map(cloneMove) }),
    deserialize(text) {
      const raw = parseStateJson(config.id, stateSchema, text);
      const state: NegotiationState = { draws: raw.draws, moves: raw.moves.map(cloneMove) };
      slots.forEach((slot, i) => {
        const d = state.draws[i];
        if (d !== undefined && (d < slot.min || d > slot.max))
          throw new GameStateError(`${config.id}: setup draw ${i} is ${d}, outside ${slot.min}..${slot.max}`);
      });
      try {
        replay(config, state);
      } catch (cause) {
        throw new GameStateError(`${config.id}: not a valid state: ${(cause as Error).message}`, { cause });
      }
      return state;
    },
  };
}

function freezeMove(m: NegotiationMove): NegotiationMove {
  if (m.offer) {
    Object.freeze(m.offer.give);
    Object.freeze(m.offer.get);
    Object.freeze(m.offer);
  }
  return Object.freeze(m);
}

function cloneMove(m: NegotiationMove): NegotiationMove {
  const copy: { -readonly [K in keyof NegotiationMove]: NegotiationMove[K] } = { kind: 'move', message: m.message };
  if (m.reply !== undefined) copy.reply = m.reply;
  if (m.offer !== undefined) copy.offer = { give: [...m.offer.give], get: [...m.offer.get] };
  return copy;
}

function moveKey(m: NegotiationMove): unknown[] {
  return [m.message, m.reply ?? null, m.offer ? [m.offer.give, m.offer.get] : null];
}

export const simpleNegotiationRules = createNegotiationRules(simpleNegotiationConfig);
export const simpleNegotiation5Rules = createNegotiationRules(simpleNegotiation5Config);
