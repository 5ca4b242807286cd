import { z } from 'zod';
import { CHANCE, type ChanceOutcome, type Game, type GameInfo, TERMINAL } from '../../spec/game.ts';
import { parseStateJson } from '../state-json.ts';
import { adjacent, FORFEIT, freeCells, resolveRound, type SnakeBody, spawnCandidates } from './board.ts';

/**
 * Snake as SPIRAL evaluates it (TextArena's Snake-v0, registered 5×5, 2 apples, 40 turns; research/spiral.md §4.4),
 * for 2 to 10 players. Every living snake moves one cell each round, all at once (see `resolveRound` in board.ts for
 * deaths and the tail rule). The round is played as turns in seat order, the way `Game.simultaneousMovers` asks: a
 * snake's move stays pending, hidden from everyone else, until the last living snake has moved.
 *
 * Chance, every outcome uniform:
 * - spawns, one chance node per snake in seat order, by TextArena's farthest-point sampling over the inner cells
 *   (`spawnCandidates`): the first snake anywhere inside, each later one on a cell farthest from the snakes already
 *   placed, ties at random. Chance nodes rather than a fixed layout, because TextArena draws them at random too; on
 *   5×5 the first snake has 9 cells and the second 1, 2 or 4 (the far inner corners);
 * - apples: whenever a round starts with fewer than `apples` on the board and a free cell exists (at the start, and
 *   after each round in which apples were eaten), one chance node per missing apple puts it on a free cell.
 *   Spawns and apples are public.
 *
 * The game ends when at most one snake is alive or when `maxTurns` moves have been made. Like SPIRAL's `state.turn`,
 * the count is of single moves (each living snake's move is one turn), so 40 turns are 20 rounds for two snakes and
 * at least 10 for four. With 3 snakes alive the limit can fall inside a round: the round's pending moves then never
 * resolve (SPIRAL checks its limit after every single move, so the same happens there).
 *
 * Returns (research/spiral.md §4.4, not zero-sum, in [0, 1]): with exactly one snake alive at the end, that snake
 * gets 1; every other snake gets its score divided by the total score of all snakes (dead ones keep theirs), the
 * total floored at 1. When no snake or several are alive at the end (all died together, or time ran out), there is
 * no survivor and every snake gets score / total: all 0 when no apple was eaten.
 */

export interface SnakeConfig {
  /** Registry id, e.g. `snake`, `snake-4`. */
  readonly id: string;
  readonly title: string;
  readonly players: number;
  readonly width: number;
  readonly height: number;
  /** Apples kept on the board (fewer only while no cell is free). */
  readonly apples: number;
  /** Single moves before the game ends (SPIRAL's `max_turns`). */
  readonly maxTurns: number;
}

/** One resolved round as the information-state keys need it: the public board it started from, and each move. */
export interface PastRound {
  /** `publicBoard` of the state the round started from. */
  readonly board: string;
  /** Direction per seat, −1 for a seat that did not move (dead). */
  readonly moves: readonly number[];
}

export interface SnakeState {
  /** One snake per seat. */
  readonly snakes: readonly SnakeBody[];
  /** Apple cells, in the order they appeared. */
  readonly apples: readonly number[];
  /** Moves made so far this round by the living snakes, in seat order: hidden from the others until it resolves. */
  readonly pending: readonly number[];
  /** The rounds resolved so far, oldest first. */
  readonly past: readonly PastRound[];
}

export type SnakeRules = Game<SnakeState> & {
  readonly config: SnakeConfig;
  simultaneousMovers(state: SnakeState): readonly number[];
  forfeit(state: SnakeState, player: number): SnakeState;
};

/** The board characters of one cell per row, top row first: heads `0`–`9`, body `#`, apple `A`, empty `.`. */
export function boardRows(config: SnakeConfig, state: SnakeState): string[] {
  const { width, height } = config;
  const grid: string[] = Array.from({ length: width * height }, () => '.');
  for (const a of state.apples) grid[a] = 'A';
  state.snakes.forEach((s, seat) => {
    if (!s.alive) return;
    s.cells.forEach((c, i) => {
      grid[c] = i === 0 ? String(seat) : '#';
    });
  });
  const rows: string[] = [];
  for (let y = height - 1; y >= 0; y--) rows.push(grid.slice(y * width, (y + 1) * width).join(''));
  return rows;
}

/**
 * What every player sees of a state: the board rows and each seat's score, `x` before a dead seat's, e.g.
 * `.....|..A..|.0#..|...1.|A.... 1,x0`.
 */
export function publicBoard(config: SnakeConfig, state: SnakeState): string {
  const scores = state.snakes.map((s) => `${s.alive ? '' : 'x'}${s.score}`).join(',');
  return `${boardRows(config, state).join('|')} ${scores}`;
}

export function aliveSeats(state: SnakeState): number[] {
  const seats: number[] = [];
  state.snakes.forEach((s, seat) => {
    if (s.alive) seats.push(seat);
  });
  return seats;
}

/** The first seat still to spawn, or −1 once every snake is on the board. */
function spawnSeat(state: SnakeState): number {
  return state.snakes.findIndex((s) => s.alive && s.cells.length === 0);
}

/** Single moves made in the resolved rounds: what every player knows of the turn count (pending moves excluded). */
export function movesBeforeRound(state: SnakeState): number {
  let n = 0;
  for (const r of state.past) for (const m of r.moves) if (m >= 0) n++;
  return n;
}

/** Single moves made so far: every move of every resolved round, and the pending ones. */
function turnCount(state: SnakeState): number {
  return movesBeforeRound(state) + state.pending.length;
}

export interface SnakeOptions {
  readonly players: number;
  readonly width: number;
  readonly height: number;
  readonly apples: number;
  readonly maxTurns: number;
  /** Default: `snake` for 2 players, `snake-N` otherwise, with `-WxH`, `-aN`, `-tN` for a board other than SPIRAL's. */
  readonly id?: string;
  readonly title?: string;
}

function defaultId(o: SnakeOptions): string {
  let id = o.players === 2 ? 'snake' : `snake-${o.players}`;
  if (o.width !== 5 || o.height !== 5) id += `-${o.width}x${o.height}`;
  if (o.apples !== 2) id += `-a${o.apples}`;
  if (o.maxTurns !== 40) id += `-t${o.maxTurns}`;
  return id;
}

export function createSnakeRules(options: SnakeOptions): SnakeRules {
  const { players, width, height, apples, maxTurns } = options;
  const id = options.id ?? defaultId(options);
  const intIn = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!intIn(players, 2, 10))
    throw new RangeError(`${id}: players must be 2-10 (heads are drawn as one digit), not ${players}`);
  if (!intIn(width, 1, 64) || !intIn(height, 1, 64) || width * height < players)
    throw new RangeError(`${id}: the board (${width}×${height}) needs whole sides 1-64 and a cell for every snake`);
  if (!intIn(apples, 0, width * height) || !intIn(maxTurns, 1, 100_000))
    throw new RangeError(`${id}: apples must be 0-${width * height} and maxTurns at least 1`);
  const config: SnakeConfig = {
    id,
    title: options.title ?? `Snake (${players} players, ${width}×${height}, ${apples} apples, ${maxTurns} turns)`,
    players,
    width,
    height,
    apples,
    maxTurns,
  };
  const size = { width, height };
  const info: GameInfo = {
    id,
    title: config.title,
    players,
    zeroSum: false,
    perfectInformation: false,
    chance: true,
    maxTurns,
    actionSpace: 'finite',
    returnRange: [0, 1],
    simultaneous: true,
  };

  const currentPlayer = (state: SnakeState): number => {
    if (spawnSeat(state) >= 0) return CHANCE;
    const alive = aliveSeats(state);
    if (alive.length <= 1 || turnCount(state) >= maxTurns) return TERMINAL;
    if (
      state.pending.length === 0 &&
      state.apples.length < apples &&
      freeCells(size, state.snakes, state.apples).length > 0
    )
      return CHANCE;
    return alive[state.pending.length] ?? TERMINAL;
  };

  const chanceCells = (state: SnakeState): number[] => {
    if (currentPlayer(state) !== CHANCE) return [];
    const seat = spawnSeat(state);
    if (seat < 0) return freeCells(size, state.snakes, state.apples);
    const spawned = state.snakes.slice(0, seat).map((s) => s.cells[0]!);
    return spawnCandidates(size, players, spawned);
  };

  const simultaneousMovers = (state: SnakeState): number[] => {
    const actor = currentPlayer(state);
    if (actor < 0) return [];
    // Only those who will move before the turn limit: the limit can fall inside a round.
    return aliveSeats(state)
      .slice(state.pending.length)
      .slice(0, maxTurns - turnCount(state));
  };

  const apply = (state: SnakeState, action: number): SnakeState => {
    const actor = currentPlayer(state);
    if (actor === TERMINAL) throw new RangeError(`${id}: the game is over; no more moves`);
    if (actor === CHANCE) {
      const cells = chanceCells(state);
      if (!cells.includes(action))
        throw new RangeError(`${id}: chance outcome ${action} is not one of the cells ${cells.join(', ')}`);
      const seat = spawnSeat(state);
      if (seat < 0) return { ...state, apples: [...state.apples, action] };
      const snakes = state.snakes.map((s, i) => (i === seat ? { ...s, cells: [action] } : s));
      return { ...state, snakes };
    }
    if (!Number.isInteger(action) || action < 0 || action > 3)
      throw new RangeError(`${id}: move ${action} is not a direction 0-3 (up, down, left, right)`);
    return move(state, action);
  };

  /** The current snake's turn: a direction, or `FORFEIT`; the round resolves after the last living snake's. */
  const move = (state: SnakeState, action: number): SnakeState => {
    const movers = aliveSeats(state);
    const pending = [...state.pending, action];
    if (pending.length < movers.length) return { ...state, pending };
    const moves = state.snakes.map(() => -1);
    movers.forEach((seat, i) => {
      moves[seat] = pending[i]!;
    });
    const round = resolveRound(size, state.snakes, state.apples, moves);
    return {
      snakes: round.snakes,
      apples: round.apples,
      pending: [],
      past: [...state.past, { board: publicBoard(config, state), moves }],
    };
  };

  /** SPIRAL's rule for invalid text: the snake dies (when its round resolves, before anyone moves) and play goes on. */
  const forfeit = (state: SnakeState, player: number): SnakeState => {
    if (currentPlayer(state) !== player) throw new RangeError(`${id}: player ${player} is not the one to move`);
    return move(state, FORFEIT);
  };

  const returns = (state: SnakeState): number[] => {
    const total = Math.max(
      1,
      state.snakes.reduce((sum, s) => sum + s.score, 0),
    );
    const alive = aliveSeats(state);
    return state.snakes.map((s, seat) => (alive.length === 1 && alive[0] === seat ? 1 : s.score / total));
  };

  /**
   * Everything `player` has seen, with perfect recall: per resolved round, the public board it started from and the
   * player's own move (`-` when it did not move); then the current public board and, once made, the player's own
   * pending move. Never another snake's pending move. E.g. `p1 ....|...|... 0,0>u ; ....|...|... 1,0>`.
   */
  const informationStateKey = (state: SnakeState, player: number): string => {
    const letter = (m: number | undefined) => (m === undefined || m < 0 ? '-' : 'udlrx'[m]);
    const rounds = state.past.map((r) => `${r.board}>${letter(r.moves[player])}`);
    const movers = aliveSeats(state);
    const mine = movers.indexOf(player);
    const pendingMine = mine >= 0 && mine < state.pending.length ? letter(state.pending[mine]) : '';
    rounds.push(`${publicBoard(config, state)}>${pendingMine}`);
    return `p${player} ${rounds.join(' ; ')}`;
  };

  const schema = z
    .object({
      snakes: z.array(z.object({ cells: z.array(z.int().min(0)), alive: z.boolean(), score: z.int().min(0) }).strict()),
      apples: z.array(z.int().min(0)),
      pending: z.array(z.int().min(0).max(FORFEIT)),
      past: z.array(z.object({ board: z.string(), moves: z.array(z.int().min(-1).max(FORFEIT)) }).strict()),
    })
    .strict()
    .superRefine((s, ctx) => {
      const why = inconsistency(s);
      if (why) ctx.addIssue({ code: 'custom', message: why });
    });

  /** Why a parsed state cannot be a state of this game, or undefined (consistent states, not only reachable ones). */
  const inconsistency = (s: SnakeState): string | undefined => {
    const cells = width * height;
    if (s.snakes.length !== players) return `expected ${players} snakes, got ${s.snakes.length}`;
    const taken = new Set<number>();
    for (const [seat, snake] of s.snakes.entries()) {
      if (!snake.alive && snake.cells.length > 0) return `dead snake ${seat} must have no cells`;
      for (const [i, c] of snake.cells.entries()) {
        if (c >= cells) return `snake ${seat}: cell ${c} is off the ${width}×${height} board`;
        if (taken.has(c)) return `snake ${seat}: cell ${c} is taken twice`;
        taken.add(c);
        const prev = snake.cells[i - 1];
        if (prev !== undefined && !adjacent(size, prev, c)) return `snake ${seat}: cells ${prev} and ${c} do not touch`;
      }
    }
    const seat = spawnSeat(s);
    if (seat >= 0) {
      const placed = s.snakes.every((x, i) => (i < seat ? x.alive && x.cells.length === 1 : x.cells.length === 0));
      if (!placed || s.snakes.some((x) => !x.alive || x.score > 0) || s.apples.length + s.pending.length > 0)
        return 'while snakes spawn, the earlier seats hold one cell each and there are no apples, moves or scores';
      if (s.past.length > 0) return 'snakes spawn before the first round';
      const spawned = s.snakes.slice(0, seat).map((x) => x.cells[0]!);
      for (let i = 1; i < seat; i++)
        if (!spawnCandidates(size, players, spawned.slice(0, i)).includes(spawned[i]!))
          return `snake ${i} did not spawn on a farthest candidate cell`;
    }
    for (const [i, a] of s.apples.entries()) {
      if (a >= cells || taken.has(a) || s.apples.indexOf(a) !== i) return `apple ${a} is off the board or not free`;
    }
    if (s.apples.length > apples) return `at most ${apples} apples`;
    for (const r of s.past) if (r.moves.length !== players) return `each past round has ${players} moves`;
    if (turnCount(s) > maxTurns) return `more than ${maxTurns} moves`;
    if (s.pending.length > 0) {
      if (s.pending.length >= aliveSeats(s).length) return 'a round with every move made is resolved';
      if (s.apples.length < apples && freeCells(size, s.snakes, s.apples).length > 0)
        return 'apples are placed before a round starts';
    }
    return undefined;
  };

  return {
    info,
    config,
    initialState: () => ({
      snakes: Array.from({ length: players }, () => ({ cells: [], alive: true, score: 0 })),
      apples: [],
      pending: [],
      past: [],
    }),
    currentPlayer,
    simultaneousMovers,
    forfeit,
    chanceOutcomes(state): ChanceOutcome<number>[] {
      const cells = chanceCells(state);
      return cells.map((action) => ({ action, probability: 1 / cells.length }));
    },
    legalActions: (state) => (currentPlayer(state) >= 0 ? [0, 1, 2, 3] : []),
    apply,
    returns,
    informationStateKey,
    turnCount,
    clone: (state) => structuredClone(state),
    serialize: (state) =>
      JSON.stringify({
        snakes: state.snakes.map((s) => ({ cells: s.cells, alive: s.alive, score: s.score })),
        apples: state.apples,
        pending: state.pending,
        past: state.past.map((r) => ({ board: r.board, moves: r.moves })),
      }),
    deserialize: (text) => parseStateJson(id, schema, text),
  };
}
