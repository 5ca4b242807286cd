/**
 * Alpha-beta negamax for Connect Four boards of any size, with a transposition table, iterative deepening and a node
 * budget: the strong opponent for the 6×7 game, whose 4.5 trillion positions no exact walk reaches. Deterministic: a
 * search starts from an empty table (a new generation), so the move it plays depends only on the board and the
 * limits. Searched to the end of the game (depth ≥ empty cells, no budget) its score is exact, which the tests check
 * against minimax on `connect-four-small`.
 *
 * The technique (bit-packed position key, centre-first move order, a table indexed by the key modulo a prime) is the
 * textbook one; the research notes point to Pascal Pons' solver for it (research/games.md §6). Written here from the
 * description, not from any code.
 */

export interface ConnectFourShape {
  readonly rows: number;
  readonly columns: number;
  /** Discs in a line that win. */
  readonly connect: number;
}

export interface SearchLimits {
  /** Plies to look ahead (≥ 1). At the horizon a board is scored by its open lines (`evaluate`). */
  readonly depth: number;
  /**
   * Nodes the search may spend. Iterative deepening keeps the last depth it finished when the budget runs out in the
   * middle of the next, so a budget makes the search shallower where the board is wide open, never random. Depth 1
   * always finishes. Default: no budget.
   */
  readonly maxNodes?: number;
}

export interface SearchResult {
  /** The column to play. */
  readonly column: number;
  /**
   * For the player to move: `WIN − plies` for a forced win that many plies from now (`−WIN + plies` for a forced
   * loss); otherwise the open-lines score at the horizon, or 0 for a draw when the search reached every end.
   */
  readonly score: number;
  /** `win` / `loss` once proven (a forced line within the depth searched); undefined otherwise. */
  readonly proven?: 'win' | 'loss';
  /** Deepest iteration finished. */
  readonly depth: number;
  /** Nodes visited in all iterations. */
  readonly nodes: number;
}

/** Score of a win on the move: the plies to it are subtracted, so sooner wins and later losses rank higher. */
export const WIN = 1_000_000;
const MATE_BOUND = WIN - 1000;
const INFINITE = 2 * WIN;
/** Horizon worths of a line one disc short: playable now, on its owner's parity row, elsewhere. */
const THREAT_PLAYABLE = 64;
const THREAT_PARITY = 512;
const THREAT_OTHER = 64;
const EXACT = 0;
const LOWER = 1;
const UPPER = 2;

export interface ConnectFourSearch {
  readonly shape: ConnectFourShape;
  /**
   * The best column for the player to move on `board` — `rows × columns` characters from `.xo`, top row first, `x`
   * moving first (the `connect-four` rules' board string). Throws a RangeError for a finished or malformed board.
   */
  search(board: string, limits: SearchLimits): SearchResult;
}

export interface CreateSearchOptions {
  /** Transposition-table slots; a prime spreads the keys (default 1,048,583 ≈ 2^20, about 16 MB). */
  readonly tableSize?: number;
}

export function createConnectFourSearch(shape: ConnectFourShape, options: CreateSearchOptions = {}): ConnectFourSearch {
  const { rows, columns, connect } = shape;
  // A column is packed as (1 << height) | (x discs as bits): rows + 1 bits, all columns within a double's 53 bits.
  if ((rows + 1) * columns > 52) throw new RangeError('connect-four search: the board is too big to key exactly');
  const cellCount = rows * columns;
  const columnBase = 2 ** (rows + 1);
  const columnWeight = Array.from({ length: columns }, (_, c) => columnBase ** c);
  // Centre first, then outwards (left before right at equal distance): central discs take part in more lines.
  const order = Array.from({ length: columns }, (_, c) => c).sort(
    (a, b) => Math.abs(2 * a - (columns - 1)) - Math.abs(2 * b - (columns - 1)) || a - b,
  );
  const windows = lineWindows(shape);
  // Horizon weights: a line open to one side only, holding n of its discs, is worth 8^(n−1).
  const weight = Array.from({ length: connect }, (_, n) => (n === 0 ? 0 : 8 ** (n - 1)));

  // cells[c * rows + r], r = 0 the bottom row: 0 empty, 1 player 0 (x), 2 player 1 (o).
  const cells = new Int8Array(cellCount);
  const heights = new Int8Array(columns);
  let moves = 0;
  let key = 0;

  const tableSize = options.tableSize ?? 1_048_583;
  const tableKey = new Float64Array(tableSize);
  const tableGeneration = new Int32Array(tableSize);
  const tableValue = new Int32Array(tableSize);
  const tableDepth = new Int8Array(tableSize);
  const tableFlag = new Int8Array(tableSize);
  const tableMove = new Int8Array(tableSize);
  let generation = 0;

  let nodes = 0;
  let budget = Number.POSITIVE_INFINITY;
  let aborted = false;

  /** Would `player`'s disc dropped into column `c` complete a line? */
  function winsAt(c: number, player: number): boolean {
    const r = heights[c]!;
    const mine = player + 1;
    for (const [dc, dr] of directions) {
      let run = 1;
      for (let k = 1, x = c + dc, y = r + dr; k < connect; k++, x += dc, y += dr) {
        if (x < 0 || x >= columns || y < 0 || y >= rows || cells[x * rows + y] !== mine) break;
        run++;
      }
      for (let k = 1, x = c - dc, y = r - dr; k < connect; k++, x -= dc, y -= dr) {
        if (x < 0 || x >= columns || y < 0 || y >= rows || cells[x * rows + y] !== mine) break;
        run++;
      }
      if (run >= connect) return true;
    }
    return false;
  }

  function play(c: number): void {
    const player = moves & 1;
    const h = heights[c]!;
    cells[c * rows + h] = player + 1;
    heights[c] = h + 1;
    key += (player === 0 ? 2 : 1) * 2 ** h * columnWeight[c]!;
    moves++;
  }

  function undo(c: number): void {
    moves--;
    const player = moves & 1;
    const h = heights[c]! - 1;
    cells[c * rows + h] = 0;
    heights[c] = h;
    key -= (player === 0 ? 2 : 1) * 2 ** h * columnWeight[c]!;
  }

  /**
   * Open-lines score for the player to move: lines only they can still complete, minus the opponent's. A line one
   * disc short whose missing cell cannot be played yet is a threat; it counts more on a row of the owner's parity
   * (the first player's odd rows, counting the bottom row as 1; the second player's even rows), where the end of
   * the game tends to let its owner fill it (Allis's zugzwang rules).
   */
  function evaluate(player: number): number {
    const mine = player + 1;
    let score = 0;
    for (let w = 0; w < windows.length; w += connect) {
      let own = 0;
      let their = 0;
      let empty = 0;
      for (let k = 0; k < connect; k++) {
        const cell = windows[w + k]!;
        const v = cells[cell]!;
        if (v === mine) own++;
        else if (v !== 0) their++;
        else empty = cell;
      }
      if (their === 0 && own > 0) score += own === connect - 1 ? threat(empty, player) : weight[own]!;
      else if (own === 0 && their > 0) score -= their === connect - 1 ? threat(empty, 1 - player) : weight[their]!;
    }
    return score;
  }

  /** Worth of `owner`'s line that lacks only `cell`. */
  function threat(cell: number, owner: number): number {
    const r = cell % rows;
    if (r === heights[(cell - r) / rows]) return THREAT_PLAYABLE;
    return r % 2 === owner ? THREAT_PARITY : THREAT_OTHER;
  }

  const toTable = (v: number, ply: number) => (v > MATE_BOUND ? v + ply : v < -MATE_BOUND ? v - ply : v);
  const fromTable = (v: number, ply: number) => (v > MATE_BOUND ? v - ply : v < -MATE_BOUND ? v + ply : v);

  /** Negamax value for the player to move, `ply` plies below the root; `bestOut[0]` receives the best column. */
  function negamax(depth: number, alpha: number, beta: number, ply: number, bestOut?: number[]): number {
    if (++nodes > budget) aborted = true;
    if (aborted) return 0;
    if (moves === cellCount) return 0;
    const player = moves & 1;
    for (const c of order)
      if (heights[c]! < rows && winsAt(c, player)) {
        if (bestOut) bestOut[0] = c;
        return WIN - ply - 1;
      }
    if (depth === 0) return evaluate(player);

    const slot = key % tableSize;
    let tableBest = -1;
    if (tableGeneration[slot] === generation && tableKey[slot] === key) {
      tableBest = tableMove[slot]!;
      if (!bestOut && tableDepth[slot]! >= depth) {
        const v = fromTable(tableValue[slot]!, ply);
        const flag = tableFlag[slot];
        if (flag === EXACT || (flag === LOWER && v >= beta) || (flag === UPPER && v <= alpha)) return v;
      }
    }
    const alphaAtEntry = alpha;
    let best = -INFINITE;
    let bestColumn = -1;
    for (let i = -1; i < columns; i++) {
      const c = i < 0 ? tableBest : order[i]!;
      if (c < 0 || (i >= 0 && c === tableBest) || heights[c]! >= rows) continue;
      play(c);
      const v = -negamax(depth - 1, -beta, -alpha, ply + 1);
      undo(c);
      if (aborted) return 0;
      if (v > best) {
        best = v;
        bestColumn = c;
      }
      if (v > alpha) alpha = v;
      if (alpha >= beta) break;
    }
    tableGeneration[slot] = generation;
    tableKey[slot] = key;
    tableValue[slot] = toTable(best, ply);
    tableDepth[slot] = depth;
    tableFlag[slot] = best <= alphaAtEntry ? UPPER : best >= beta ? LOWER : EXACT;
    tableMove[slot] = bestColumn;
    if (bestOut) bestOut[0] = bestColumn;
    return best;
  }

  function load(board: string): void {
    if (board.length !== cellCount || !/^[.xo]*$/.test(board))
      throw new RangeError(`connect-four search: not a ${rows}×${columns} board of ".xo": ${board}`);
    const x = [...board].filter((ch) => ch === 'x').length;
    const o = [...board].filter((ch) => ch === 'o').length;
    if (x !== o && x !== o + 1) throw new RangeError(`connect-four search: ${x} x discs and ${o} o discs: ${board}`);
    cells.fill(0);
    heights.fill(0);
    key = 0;
    for (let c = 0; c < columns; c++)
      for (let r = 0; r < rows; r++) {
        const ch = board[(rows - 1 - r) * columns + c];
        if (ch === '.') continue;
        if (heights[c] !== r) throw new RangeError(`connect-four search: a disc floats in column ${c}: ${board}`);
        // `play` colours the disc by the parity of `moves`: set it to the disc's colour, then count properly below.
        moves = ch === 'x' ? 0 : 1;
        play(c);
      }
    moves = x + o;
    if (moves === cellCount) throw new RangeError('connect-four search: the board is full');
    if (hasLine()) throw new RangeError('connect-four search: the game is over (a line is on the board)');
  }

  function hasLine(): boolean {
    for (let w = 0; w < windows.length; w += connect) {
      const first = cells[windows[w]!]!;
      if (first === 0) continue;
      let k = 1;
      while (k < connect && cells[windows[w + k]!] === first) k++;
      if (k === connect) return true;
    }
    return false;
  }

  return {
    shape,
    search(board, limits) {
      const maxDepth = limits.depth;
      if (!Number.isInteger(maxDepth) || maxDepth < 1)
        throw new RangeError(`connect-four search: depth must be a positive integer, got ${maxDepth}`);
      load(board);
      generation++;
      nodes = 0;
      let column = order.find((c) => heights[c]! < rows) ?? 0;
      let score = 0;
      let depth = 0;
      const out = [column];
      for (let d = 1; d <= Math.min(maxDepth, cellCount - moves); d++) {
        budget = d === 1 ? Number.POSITIVE_INFINITY : (limits.maxNodes ?? Number.POSITIVE_INFINITY);
        aborted = false;
        const v = negamax(d, -INFINITE, INFINITE, 0, out);
        if (aborted) break;
        column = out[0]!;
        score = v;
        depth = d;
        if (Math.abs(v) > MATE_BOUND) break;
      }
      budget = Number.POSITIVE_INFINITY;
      const proven = score > MATE_BOUND ? 'win' : score < -MATE_BOUND ? 'loss' : undefined;
      return { column, score, depth, nodes, ...(proven ? { proven } : {}) };
    },
  };
}

const directions = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
] as const;

/** Every line of `connect` cells, flattened, in the search's cell numbering (column-major, bottom row 0). */
function lineWindows({ rows, columns, connect }: ConnectFourShape): Int16Array {
  const out: number[] = [];
  for (let c = 0; c < columns; c++)
    for (let r = 0; r < rows; r++)
      for (const [dc, dr] of directions) {
        const endC = c + dc * (connect - 1);
        const endR = r + dr * (connect - 1);
        if (endC < 0 || endC >= columns || endR < 0 || endR >= rows) continue;
        for (let k = 0; k < connect; k++) out.push((c + dc * k) * rows + (r + dr * k));
      }
  return Int16Array.from(out);
}
