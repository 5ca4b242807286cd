import { type ConnectFourSearch, createConnectFourSearch } from '../../solvers/connect-four/alpha-beta.ts';
import { withExactSolver } from '../../solvers/exact-solver.ts';
import { refusingSolver } from '../../solvers/refusing-solver.ts';
import { type MoveSearch, type WithMoveSearch, withMoveSearch } from '../../solvers/move-search.ts';
import type { GameReport, TextGame } from '../../spec/game-text.ts';
import { connectFourActionString, parseConnectFour } from './actions.ts';
import {
  type ConnectFourRules,
  type ConnectFourState,
  type ConnectFourVariant,
  connectFourSmallVariant,
  connectFourVariant,
  createConnectFourRules,
} from './rules.ts';
import { observeConnectFour } from './text.ts';

export {
  type ConnectFourRules,
  type ConnectFourState,
  type ConnectFourVariant,
  connectFourSmallVariant,
  connectFourVariant,
  createConnectFourRules,
} from './rules.ts';

export type ConnectFourGame = TextGame<ConnectFourState> & {
  readonly rules: ConnectFourRules & WithMoveSearch<ConnectFourState>;
};

export interface ConnectFourGameOptions {
  /** The `alphabeta` player's depth when none is named. */
  readonly defaultDepth: number;
  /** Nodes one move's search may spend before it keeps its last finished depth (see `SearchLimits.maxNodes`). */
  readonly maxNodes?: number;
  /** Transposition-table slots (a prime). */
  readonly tableSize?: number;
  /** Set for a board no exact method reaches: the message every solver entry point refuses with. */
  readonly refusal?: { readonly positions: number; readonly reason: string };
  readonly report?: GameReport;
}

/** The alpha-beta search as the game's `MoveSearch`; its table (up to 16 MB) is allocated on the first move asked. */
function connectFourMoveSearch(rules: ConnectFourRules, options: ConnectFourGameOptions): MoveSearch {
  let search: ConnectFourSearch | undefined;
  return {
    method: 'alpha-beta negamax',
    defaultDepth: options.defaultDepth,
    maxDepth: rules.board.cells,
    choose(infoKey, depth) {
      search ??= createConnectFourSearch(
        rules.board.variant,
        options.tableSize === undefined ? {} : { tableSize: options.tableSize },
      );
      const { column } = search.search(infoKey, {
        depth,
        ...(options.maxNodes === undefined ? {} : { maxNodes: options.maxNodes }),
      });
      return rules.legalActions({ board: infoKey }).indexOf(column);
    },
  };
}

/** A Connect Four variant as a playable game, carrying its alpha-beta search (and, where set, its refusal). */
export function createConnectFourGame(variant: ConnectFourVariant, options: ConnectFourGameOptions): ConnectFourGame {
  const base = createConnectFourRules(variant);
  const searched = { ...withMoveSearch(base, connectFourMoveSearch(base, options)), board: base.board };
  const rules = options.refusal
    ? {
        ...withExactSolver(
          searched,
          refusingSolver({
            ...options.refusal,
            method: 'none (too big to solve; measured by matches against `alphabeta`)',
          }),
        ),
        board: base.board,
      }
    : searched;
  return {
    rules: rules as ConnectFourRules & WithMoveSearch<ConnectFourState>,
    text: {
      observe: (state, player, format) => observeConnectFour(base, state, player, format),
      actionString: connectFourActionString,
      parse: (state, answer, parseOptions) => parseConnectFour(base, state, answer, parseOptions),
    },
    ...(options.report ? { report: options.report } : {}),
  };
}

/** Legal 6×7 positions, by the count after each number of plies (OEIS A212693, John Tromp's table). */
export const connectFourPositions = 4_531_985_219_092;

export const connectFour = createConnectFourGame(connectFourVariant, {
  defaultDepth: 8,
  maxNodes: 1_000_000,
  refusal: {
    positions: connectFourPositions,
    reason:
      `connect-four is not solved or measured exactly here: its 6×7 board has ` +
      `${connectFourPositions.toLocaleString('en-US')} legal positions, far too many for any tree walk or policy ` +
      'table. Measure a player by matches against the alpha-beta opponent instead: `selfplay play connect-four ' +
      '--p0 SPEC --p1 alphabeta --games N` (`alphabeta:DEPTH` for another depth), `selfplay eval --against ' +
      'alphabeta` or `selfplay arena`; for exact figures use `connect-four-small`',
  },
});

/** Searched to the end (18 plies), `alphabeta` plays perfectly here; the exact solvers walk the game as they walk tic-tac-toe. */
export const connectFourSmall = createConnectFourGame(connectFourSmallVariant, {
  defaultDepth: 18,
  tableSize: 65_537,
  // Exact (perfectInfoNashConv over 25,753 boards; connect-four-small.test.ts checks it).
  report: { uniformExploitability: { value: 0.9955037341868616, label: 'uniform connect-four-small' } },
});
