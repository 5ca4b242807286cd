import { CHANCE, type Game, TERMINAL } from '../spec/game.ts';
import { exactSolverOf } from './exact-solver.ts';

/**
 * A game's whole history tree walked once into flat typed arrays, so solvers loop over numbers instead of
 * re-applying rules (research/games.md §4.3: this is what makes CFR fast in JS).
 *
 * Layout: nodes are numbered breadth-first from the root (id 0); the children of a node have consecutive ids
 * `firstChild .. firstChild + childCount − 1`, in `legalActions` / `chanceOutcomes` order, and every child's id is
 * larger than its parent's. So one forward loop over ids visits parents before children, one backward loop visits
 * children before parents. Histories are kept apart (no transposition merging): node counts are history counts.
 */
export interface GameTree {
  readonly gameId: string;
  readonly players: number;
  readonly nodeCount: number;
  /** Player index, `CHANCE` (−1) or `TERMINAL` (−2), per node. */
  readonly actor: Int8Array;
  readonly firstChild: Int32Array;
  readonly childCount: Int32Array;
  /** Parent id (−1 at the root). */
  readonly parent: Int32Array;
  /** The action id that led from the parent to this node (−1 at the root). */
  readonly action: Int32Array;
  /** Probability of the edge into this node when the parent is a chance node, else 1. */
  readonly chanceProbability: Float64Array;
  /** Information set index at decision nodes, −1 at chance and terminal nodes. */
  readonly infoset: Int32Array;
  /** Terminal returns, `players` numbers per node (node `n`, player `p` at `n * players + p`); 0 elsewhere. */
  readonly returns: Float64Array;
  /** Chance and decision node ids in increasing order (the loops CFR and value passes run over). */
  readonly internalNodes: Int32Array;
  readonly counts: { readonly chance: number; readonly decision: number; readonly terminal: number };
  readonly infosets: InfosetTable;
}

/**
 * Information sets, indexed 0..count−1 over all players. Each owns a range of *slots* (one per legal action,
 * `slotStart[i] .. slotStart[i + 1] − 1`); per-action solver data (regrets, policies) lives in arrays indexed by slot.
 */
export interface InfosetTable {
  readonly count: number;
  readonly keys: readonly string[];
  readonly byKey: ReadonlyMap<string, number>;
  readonly player: Int32Array;
  /** Length `count + 1`; slots of infoset `i` are `slotStart[i] .. slotStart[i + 1] − 1`. */
  readonly slotStart: Int32Array;
  /** The legal action id of each slot, in `legalActions` order. */
  readonly slotAction: Int32Array;
  readonly slotCount: number;
  /** Length `count + 1`; the decision nodes of infoset `i` are `nodes[nodeStart[i] .. nodeStart[i + 1] − 1]`. */
  readonly nodeStart: Int32Array;
  readonly nodes: Int32Array;
  /** Infoset indices of each player, ascending. */
  readonly ofPlayer: readonly Int32Array[];
}

export interface BuildTreeOptions {
  /** Stop with `TreeBuildError` beyond this many histories (default 5,000,000, about 200 MB of arrays). */
  maxNodes?: number;
}

/** The game cannot be walked into a tree: too large, open action space, or inconsistent information sets. */
export class TreeBuildError extends Error {
  override readonly name = 'TreeBuildError';
}

/** Walks the full tree of `game` breadth-first; throws `TreeBuildError` with the reason and a fix when it cannot. */
export function buildTree<S>(game: Game<S, number>, options: BuildTreeOptions = {}): GameTree {
  const { info } = game;
  const maxNodes = options.maxNodes ?? 5_000_000;
  if (info.actionSpace !== 'finite')
    throw new TreeBuildError(`${info.id}: its action space is open (free text), so no solver can walk its tree`);
  // A game that says its tables are not worth reading (full Pig, 6×7 Connect Four, Liar's Dice rounds) is far past
  // any walk too: refuse at once with its reason rather than after minutes at the node limit.
  const refusal = exactSolverOf(game)?.tableRefusal;
  if (refusal) throw new TreeBuildError(refusal);
  const players = info.players;

  const actor: number[] = [];
  const firstChild: number[] = [];
  const childCount: number[] = [];
  const parent: number[] = [-1];
  const action: number[] = [-1];
  const chanceProbability: number[] = [1];
  const infosetOf: number[] = [];
  const returns: number[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  const infosetPlayer: number[] = [];
  const infosetActions: (readonly number[])[] = [];

  // `states[id]` is filled when the node is created and dropped once it is expanded, so memory follows the frontier.
  const states: (S | undefined)[] = [game.initialState()];
  let created = 1;
  for (let id = 0; id < created; id++) {
    const state = states[id] as S;
    states[id] = undefined;
    const who = game.currentPlayer(state);
    actor.push(who);
    if (who === TERMINAL) {
      const r = game.returns(state);
      if (r.length !== players)
        throw new TreeBuildError(`${info.id}: returns() gave ${r.length} values for ${players} players`);
      for (let p = 0; p < players; p++) returns.push(r[p] ?? 0);
      firstChild.push(created);
      childCount.push(0);
      infosetOf.push(-1);
      continue;
    }
    for (let p = 0; p < players; p++) returns.push(0);
    let moves: readonly number[];
    let probabilities: readonly number[] | undefined;
    if (who === CHANCE) {
      const outcomes = game.chanceOutcomes(state);
      moves = outcomes.map((o) => o.action);
      probabilities = outcomes.map((o) => o.probability);
      infosetOf.push(-1);
    } else {
      moves = game.legalActions(state);
      infosetOf.push(internInfoset(game.informationStateKey(state, who), who, moves));
    }
    if (moves.length === 0)
      throw new TreeBuildError(`${info.id}: a ${who === CHANCE ? 'chance' : 'decision'} node has no moves`);
    if (created + moves.length > maxNodes)
      throw new TreeBuildError(
        `${info.id}: the tree has more than ${maxNodes.toLocaleString('en-US')} histories; ` +
          'raise `maxNodes` if memory allows, or use a solver that does not need the whole tree (e.g. minimax)',
      );
    firstChild.push(created);
    childCount.push(moves.length);
    for (let j = 0; j < moves.length; j++) {
      const move = moves[j] as number;
      states[created] = game.apply(state, move);
      parent.push(id);
      action.push(move);
      chanceProbability.push(probabilities ? (probabilities[j] as number) : 1);
      created++;
    }
  }

  function internInfoset(key: string, player: number, moves: readonly number[]): number {
    const known = byKey.get(key);
    if (known === undefined) {
      byKey.set(key, keys.length);
      keys.push(key);
      infosetPlayer.push(player);
      infosetActions.push([...moves]);
      return keys.length - 1;
    }
    const legal = infosetActions[known] as readonly number[];
    if (infosetPlayer[known] !== player || legal.length !== moves.length || legal.some((a, i) => a !== moves[i]))
      throw new TreeBuildError(
        `${info.id}: information-state key ${JSON.stringify(key)} is shared by states with different actors or ` +
          'legal actions; informationStateKey must identify an information set (include the player and the history)',
      );
    return known;
  }

  const infosets = indexInfosets({ keys, byKey, infosetPlayer, infosetActions, infosetOf, players });
  const internal: number[] = [];
  let chance = 0;
  let decision = 0;
  actor.forEach((who, id) => {
    if (who === TERMINAL) return;
    internal.push(id);
    if (who === CHANCE) chance++;
    else decision++;
  });
  return {
    gameId: info.id,
    players,
    nodeCount: created,
    actor: Int8Array.from(actor),
    firstChild: Int32Array.from(firstChild),
    childCount: Int32Array.from(childCount),
    parent: Int32Array.from(parent),
    action: Int32Array.from(action),
    chanceProbability: Float64Array.from(chanceProbability),
    infoset: Int32Array.from(infosetOf),
    returns: Float64Array.from(returns),
    internalNodes: Int32Array.from(internal),
    counts: { chance, decision, terminal: created - chance - decision },
    infosets,
  };
}

function indexInfosets(input: {
  keys: string[];
  byKey: Map<string, number>;
  infosetPlayer: number[];
  infosetActions: (readonly number[])[];
  infosetOf: number[];
  players: number;
}): InfosetTable {
  const { keys, infosetActions, infosetOf } = input;
  const count = keys.length;
  const slotStart = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) slotStart[i + 1] = slotStart[i]! + infosetActions[i]!.length;
  const slotAction = Int32Array.from(infosetActions.flat());

  // Nodes grouped by infoset (counting sort), ascending node id within each group.
  const nodeStart = new Int32Array(count + 1);
  for (const i of infosetOf) if (i >= 0) nodeStart[i + 1]!++;
  for (let i = 0; i < count; i++) nodeStart[i + 1]! += nodeStart[i]!;
  const fill = nodeStart.slice(0, count);
  const nodes = new Int32Array(nodeStart[count]!);
  infosetOf.forEach((i, node) => {
    if (i >= 0) nodes[fill[i]!++] = node;
  });

  const player = Int32Array.from(input.infosetPlayer);
  const ofPlayer = Array.from({ length: input.players }, (_, p) =>
    Int32Array.from(keys.keys()).filter((i) => player[i] === p),
  );
  return {
    count,
    keys,
    byKey: input.byKey,
    player,
    slotStart,
    slotAction,
    slotCount: slotAction.length,
    nodeStart,
    nodes,
    ofPlayer,
  };
}
