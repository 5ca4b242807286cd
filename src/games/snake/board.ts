/**
 * The geometry of a Snake board and one round's resolution: pure functions over cell indices, shared by the rules,
 * the text and the tests. A cell is `y * width + x`; `y` grows upward, so the top row printed is `y = height − 1`
 * (TextArena's Snake-v0 draws its board that way; research/spiral.md §4.4).
 */

/** Moves, as action ids: 0 up, 1 down, 2 left, 3 right. */
export const UP = 0;
export const DOWN = 1;
export const LEFT = 2;
export const RIGHT = 3;
/** Not a move: what a snake's turn holds when its answer could not be read (`Game.forfeit`); the snake dies. */
export const FORFEIT = 4;
export const directionNames = ['up', 'down', 'left', 'right'] as const;
const deltas: readonly (readonly [dx: number, dy: number])[] = [
  [0, 1],
  [0, -1],
  [-1, 0],
  [1, 0],
];

export interface SnakeSize {
  readonly width: number;
  readonly height: number;
}

/** One seat's snake: body cells head first (empty before it spawns and after it dies), and apples eaten. */
export interface SnakeBody {
  readonly cells: readonly number[];
  readonly alive: boolean;
  readonly score: number;
}

/** Why a snake died in a round. */
export type DeathCause = 'wall' | 'head-on' | 'body' | 'forfeit';

export function cellOf(size: SnakeSize, x: number, y: number): number {
  return y * size.width + x;
}

export function xyOf(size: SnakeSize, cell: number): [x: number, y: number] {
  return [cell % size.width, Math.floor(cell / size.width)];
}

/** The cell one step from `cell` in `direction`, or undefined off the board. */
export function stepFrom(size: SnakeSize, cell: number, direction: number): number | undefined {
  const [x, y] = xyOf(size, cell);
  const [dx, dy] = deltas[direction] ?? [0, 0];
  const nx = x + dx;
  const ny = y + dy;
  if (nx < 0 || nx >= size.width || ny < 0 || ny >= size.height) return undefined;
  return cellOf(size, nx, ny);
}

export function adjacent(size: SnakeSize, a: number, b: number): boolean {
  const [ax, ay] = xyOf(size, a);
  const [bx, by] = xyOf(size, b);
  return Math.abs(ax - bx) + Math.abs(ay - by) === 1;
}

/** Cells neither a living snake nor an apple covers, ascending: where a new apple may appear. */
export function freeCells(size: SnakeSize, snakes: readonly SnakeBody[], apples: readonly number[]): number[] {
  const taken = new Set<number>(apples);
  for (const s of snakes) if (s.alive) for (const c of s.cells) taken.add(c);
  const free: number[] = [];
  for (let c = 0; c < size.width * size.height; c++) if (!taken.has(c)) free.push(c);
  return free;
}

/**
 * Where the next snake may spawn, by TextArena's farthest-point sampling (research/spiral.md §4.4): candidates are the
 * inner cells (off the border), or every cell when there are fewer inner cells than snakes; the first snake takes a
 * candidate uniformly at random, each later one a free candidate as far as possible (Euclidean) from its nearest
 * spawned snake, ties uniformly at random (TextArena shuffles the candidates and takes the first maximum). Returns the
 * cells the next snake may take, ascending.
 */
export function spawnCandidates(size: SnakeSize, players: number, spawned: readonly number[]): number[] {
  const { width, height } = size;
  let candidates: number[] = [];
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) candidates.push(cellOf(size, x, y));
  if (candidates.length < players) candidates = Array.from({ length: width * height }, (_, c) => c);
  candidates = candidates.filter((c) => !spawned.includes(c)).sort((a, b) => a - b);
  if (spawned.length === 0) return candidates;
  const nearest = (c: number): number => {
    const [x, y] = xyOf(size, c);
    let best = Infinity;
    for (const s of spawned) {
      const [sx, sy] = xyOf(size, s);
      best = Math.min(best, (x - sx) ** 2 + (y - sy) ** 2);
    }
    return best;
  };
  const far = Math.max(...candidates.map(nearest));
  return candidates.filter((c) => nearest(c) === far);
}

export interface RoundResult {
  readonly snakes: readonly SnakeBody[];
  readonly apples: readonly number[];
  /** The seats that died this round, and why. */
  readonly deaths: ReadonlyMap<number, DeathCause>;
  /** The seats that ate an apple this round. */
  readonly eaten: readonly number[];
}

/**
 * Resolves one simultaneous round. `moves[seat]` is the seat's direction, −1 for a snake that does not move (dead), or
 * `FORFEIT` for one whose answer was invalid: it dies and leaves the board before the others move, as SPIRAL's Snake
 * removes a snake at once for invalid text. Then, in order, as TextArena's Snake-v0 checks them (research/spiral.md
 * §4.4):
 * 1. wall: the head would leave the board;
 * 2. head-on: two or more heads target the same cell, or two heads swap cells — all of them die;
 * 3. body: the head targets a cell that stays occupied. Every cell of every snake that moved stays occupied for the
 *    whole round (a snake that dies this round still blocks it), except each tail whose snake does not grow: that
 *    tail moves on, so a snake may follow its own tail or another's. A snake grows when its head lands on an apple and
 *    it did not die head-on; an apple never lies under a snake, so a snake that grows cannot die by its body.
 *    (Hence a 2-cell snake that reverses swaps head and tail and lives, and a 1-cell snake may step into the cell
 *    another 1-cell snake is leaving.) One pass, independent of seat order.
 * Survivors then move: the head enters the target; a snake that eats scores 1, keeps its tail and the apple goes.
 * The dead leave the board. New apples are the caller's business (they are chance nodes).
 */
export function resolveRound(
  size: SnakeSize,
  snakes: readonly SnakeBody[],
  apples: readonly number[],
  moves: readonly number[],
): RoundResult {
  const deaths = new Map<number, DeathCause>();
  const target = new Map<number, number>();
  const movers: number[] = [];
  snakes.forEach((s, seat) => {
    const move = moves[seat] ?? -1;
    if (!s.alive || s.cells.length === 0 || move < 0) return;
    if (move === FORFEIT) {
      deaths.set(seat, 'forfeit');
      return;
    }
    movers.push(seat);
    const to = stepFrom(size, s.cells[0]!, move);
    if (to === undefined) deaths.set(seat, 'wall');
    else target.set(seat, to);
  });
  const aimed = new Map<number, number>();
  for (const to of target.values()) aimed.set(to, (aimed.get(to) ?? 0) + 1);
  for (const [seat, to] of target) if ((aimed.get(to) ?? 0) > 1) deaths.set(seat, 'head-on');
  for (const [a, toA] of target)
    for (const [b, toB] of target)
      if (a < b && toA === snakes[b]!.cells[0] && toB === snakes[a]!.cells[0]) {
        deaths.set(a, 'head-on');
        deaths.set(b, 'head-on');
      }
  const appleSet = new Set(apples);
  const grows = (seat: number): boolean => !deaths.has(seat) && appleSet.has(target.get(seat) ?? -1);
  const solid = new Set<number>();
  for (const seat of movers) {
    const cells = snakes[seat]!.cells;
    const kept = grows(seat) ? cells : cells.slice(0, -1);
    for (const c of kept) solid.add(c);
  }
  for (const [seat, to] of target) if (!deaths.has(seat) && solid.has(to)) deaths.set(seat, 'body');

  const eaten: number[] = [];
  const next = snakes.map((s, seat): SnakeBody => {
    if (deaths.get(seat) === 'forfeit') return { cells: [], alive: false, score: s.score };
    if (!movers.includes(seat)) return s;
    if (deaths.has(seat)) return { cells: [], alive: false, score: s.score };
    const to = target.get(seat)!;
    if (appleSet.has(to)) {
      eaten.push(seat);
      return { cells: [to, ...s.cells], alive: true, score: s.score + 1 };
    }
    return { cells: [to, ...s.cells.slice(0, -1)], alive: true, score: s.score };
  });
  const left = apples.filter((a) => !eaten.some((seat) => target.get(seat) === a));
  return { snakes: next, apples: left, deaths, eaten };
}
