import { describe, expect, it } from 'vitest';
import { equilibriumPolicy, measurePolicy, TreeBuildError, uniformPolicy } from '../../solvers/index.ts';
import { CHANCE, TERMINAL } from '../../spec/game.ts';
import { observationFormats } from '../../spec/game-text.ts';
import { runGameConformance } from '../../testing/game-conformance.ts';
import { GameStateError } from '../state-json.ts';
import { createSnake, DOWN, LEFT, RIGHT, snake, snake4, type SnakeGame, type SnakeState, UP } from './index.ts';

runGameConformance(snake);
runGameConformance(snake4);

/** Cells on the 5×5 board written `x,y` (y grows upward), several separated by spaces: `'1,2 1,1'`. */
function cells(text: string): number[] {
  return text
    .split(' ')
    .filter((t) => t !== '')
    .map((t) => {
      const [x = 0, y = 0] = t.split(',').map(Number);
      return y * 5 + x;
    });
}
const at = (xy: string) => cells(xy)[0]!;

/** A 5×5 state at a round's start: each snake's cells head first (`''` for a dead snake), then the apples. */
function board(
  snakes: readonly string[],
  apples: string,
  extra: { scores?: readonly number[]; pending?: readonly number[] } = {},
): SnakeState {
  return {
    snakes: snakes.map((body, seat) => ({
      cells: cells(body),
      alive: body !== '',
      score: extra.scores?.[seat] ?? 0,
    })),
    apples: cells(apples),
    pending: extra.pending ?? [],
    past: [],
  };
}

function play(game: SnakeGame, state: SnakeState, moves: readonly number[]): SnakeState {
  let s = state;
  for (const m of moves) s = game.rules.apply(s, m);
  return s;
}

const alive = (s: SnakeState) => s.snakes.map((x) => x.alive);
const cellsOf = (s: SnakeState, seat: number) => s.snakes[seat]!.cells;
const three = createSnake({ players: 3, width: 5, height: 5, apples: 2, maxTurns: 40 });

describe('snake: setup by chance', () => {
  const rules = snake.rules;

  it('spawns by farthest-point sampling over the inner cells, each choice uniform', () => {
    const s0 = rules.initialState();
    expect(rules.currentPlayer(s0)).toBe(CHANCE);
    const first = rules.chanceOutcomes(s0);
    expect(first.map((o) => o.action)).toEqual(cells('1,1 2,1 3,1 1,2 2,2 3,2 1,3 2,3 3,3'));
    for (const o of first) expect(o.probability).toBeCloseTo(1 / 9, 12);
    const reply = (cell: string) => rules.chanceOutcomes(rules.apply(s0, at(cell))).map((o) => o.action);
    expect(reply('1,1')).toEqual(cells('3,3'));
    expect(reply('2,2')).toEqual(cells('1,1 3,1 1,3 3,3'));
    expect(reply('1,2')).toEqual(cells('3,1 3,3'));
    // A third and fourth snake go as far as they can from all the snakes placed before them.
    const s = play(snake4, snake4.rules.initialState(), cells('1,1 3,3'));
    expect(snake4.rules.chanceOutcomes(s).map((o) => o.action)).toEqual(cells('3,1 1,3'));
  });

  it('then places the apples one chance node at a time, uniform over the free cells', () => {
    let s = play(snake, rules.initialState(), cells('1,1 3,3'));
    const apples = rules.chanceOutcomes(s);
    expect(apples).toHaveLength(23);
    expect(apples.map((o) => o.action)).not.toContain(at('1,1'));
    for (const o of apples) expect(o.probability).toBeCloseTo(1 / 23, 12);
    s = rules.apply(s, at('0,0'));
    expect(rules.chanceOutcomes(s)).toHaveLength(22);
    s = rules.apply(s, at('4,4'));
    expect(rules.currentPlayer(s)).toBe(0);
    expect(rules.simultaneousMovers(s)).toEqual([0, 1]);
    expect(rules.legalActions(s)).toEqual([UP, DOWN, LEFT, RIGHT]);
    expect(() => rules.apply(rules.initialState(), at('0,0'))).toThrow(/chance outcome/);
  });
});

describe('snake: one round, resolved at once', () => {
  const rules = snake.rules;

  it('keeps a move pending until every living snake has moved, then moves all heads', () => {
    const half = rules.apply(board(['1,1', '3,3'], '0,4 4,0'), UP);
    expect(half.pending).toEqual([UP]);
    expect(cellsOf(half, 0)).toEqual(cells('1,1'));
    expect(rules.currentPlayer(half)).toBe(1);
    expect(rules.simultaneousMovers(half)).toEqual([1]);
    const done = rules.apply(half, LEFT);
    expect(cellsOf(done, 0)).toEqual(cells('1,2'));
    expect(cellsOf(done, 1)).toEqual(cells('2,3'));
    expect(done.pending).toEqual([]);
    expect(rules.turnCount(done)).toBe(2);
    expect(rules.currentPlayer(done)).toBe(0);
  });

  it('kills both snakes that aim at the same cell (head-on), and both that swap cells', () => {
    const same = play(snake, board(['1,2', '3,2'], '0,0 4,4', { scores: [1, 3] }), [RIGHT, LEFT]);
    expect(alive(same)).toEqual([false, false]);
    expect(rules.currentPlayer(same)).toBe(TERMINAL);
    // All died together: no survivor, so each gets its share of the apples eaten.
    expect(rules.returns(same)).toEqual([0.25, 0.75]);
    const swap = play(snake, board(['1,2', '2,2'], '0,0 4,4'), [RIGHT, LEFT]);
    expect(alive(swap)).toEqual([false, false]);
    expect(rules.returns(swap)).toEqual([0, 0]);
    // Following a one-cell snake that moves away is no collision: its only cell is its tail, and it moves on.
    const follow = play(snake, board(['1,2', '2,2'], '0,0 4,4'), [RIGHT, UP]);
    expect(alive(follow)).toEqual([true, true]);
    expect(cellsOf(follow, 0)).toEqual(cells('2,2'));
  });

  it('kills a snake that moves off the board; the sole survivor gets 1, the other its share of apples', () => {
    const s = play(snake, board(['0,0', '3,3'], '4,4 2,2', { scores: [2, 1] }), [LEFT, UP]);
    expect(alive(s)).toEqual([false, true]);
    expect(cellsOf(s, 0)).toEqual([]);
    expect(rules.currentPlayer(s)).toBe(TERMINAL);
    expect(rules.returns(s)).toEqual([2 / 3, 1]);
    expect(snake.episodeStats?.(s, 0)).toEqual({ alive: 0, score: 2, survivor: 0 });
    expect(snake.episodeStats?.(s, 1)).toEqual({ alive: 1, score: 1, survivor: 1 });
    // Up from the top row is a wall too (y grows upward).
    expect(alive(play(snake, board(['2,4', '3,1'], '0,0 4,0'), [UP, DOWN]))).toEqual([false, true]);
  });

  it('forfeits an invalid answer as SPIRAL does: the snake leaves the board at once and the others play on', () => {
    // Snake 1 forfeits; its body no longer blocks snake 2, which moves into the cell snake 1's neck held.
    const start = board(['0,0', '2,2 2,1', '3,2'], '4,4 0,4');
    const s = three.rules.forfeit(three.rules.apply(start, UP), 1);
    expect(three.rules.currentPlayer(s)).toBe(2);
    expect(three.rules.simultaneousMovers(s)).toEqual([2]);
    const after = three.rules.apply(s, LEFT);
    expect(alive(after)).toEqual([true, false, true]);
    expect(cellsOf(after, 2)).toEqual([at('2,2')]);
    expect(() => three.rules.forfeit(after, 1)).toThrow(RangeError);
  });

  it('frees a tail cell that moves on, and keeps it solid when its snake grows', () => {
    // Snake 1 runs (3,3)-(3,2)-(2,2): its tail (2,2) is where snake 0's head goes.
    const moving = play(three, board(['1,2', '3,3 3,2 2,2', '0,0'], '4,3 0,4'), [RIGHT, UP, UP]);
    expect(alive(moving)).toEqual([true, true, true]);
    expect(cellsOf(moving, 0)).toEqual(cells('2,2'));
    expect(cellsOf(moving, 1)).toEqual(cells('3,4 3,3 3,2'));
    // The same, but snake 1 eats the apple at (4,3): it keeps its tail and snake 0 runs into it.
    const growing = play(three, board(['1,2', '3,3 3,2 2,2', '0,0'], '4,3 0,4'), [RIGHT, RIGHT, UP]);
    expect(alive(growing)).toEqual([false, true, true]);
    expect(cellsOf(growing, 1)).toEqual(cells('4,3 3,3 3,2 2,2'));
    expect(growing.snakes[1]!.score).toBe(1);
    // Into the middle of a body: always a collision.
    const middle = play(three, board(['4,2', '3,3 3,2 2,2', '0,0'], '1,4 0,4'), [LEFT, UP, UP]);
    expect(alive(middle)).toEqual([false, true, true]);
  });

  it('lets a 2-cell snake reverse onto its own tail, but not a longer one onto its neck', () => {
    const two = play(snake, board(['2,2 2,1', '4,4'], '0,0 0,4'), [DOWN, LEFT]);
    expect(two.snakes[0]!.alive).toBe(true);
    expect(cellsOf(two, 0)).toEqual(cells('2,1 2,2'));
    const long = play(three, board(['2,2 2,1 1,1', '4,4', '0,4'], '0,0 4,0'), [DOWN, LEFT, DOWN]);
    expect(alive(long)).toEqual([false, true, true]);
  });

  it('grows a snake that eats, scores it, and puts a new apple on a uniformly drawn free cell', () => {
    const s = play(snake, board(['1,1', '3,3'], '1,2 4,4'), [UP, LEFT]);
    expect(cellsOf(s, 0)).toEqual(cells('1,2 1,1'));
    expect(s.snakes[0]!.score).toBe(1);
    expect(s.apples).toEqual(cells('4,4'));
    expect(rules.currentPlayer(s)).toBe(CHANCE);
    expect(rules.simultaneousMovers(s)).toEqual([]);
    const outcomes = rules.chanceOutcomes(s);
    // 25 cells less snake 0's two, snake 1's one and the apple left.
    expect(outcomes).toHaveLength(21);
    for (const taken of cells('1,2 1,1 2,3 4,4')) expect(outcomes.map((o) => o.action)).not.toContain(taken);
    for (const o of outcomes) expect(o.probability).toBeCloseTo(1 / 21, 12);
    const next = rules.apply(s, at('0,0'));
    expect(next.apples).toEqual(cells('4,4 0,0'));
    expect(rules.currentPlayer(next)).toBe(0);
    expect(() => rules.apply(s, at('1,2'))).toThrow(RangeError);
  });
});

describe('snake: the end and its rewards', () => {
  it('ends at the turn limit, counted in single moves, and splits by score with no survivor', () => {
    const short = createSnake({ players: 2, width: 5, height: 5, apples: 2, maxTurns: 4 });
    const r = short.rules;
    let s = play(short, board(['1,1', '3,3'], '1,2 0,0', { scores: [0, 1] }), [UP, LEFT]);
    s = r.apply(s, at('4,0'));
    expect(r.turnCount(s)).toBe(2);
    s = play(short, s, [RIGHT, UP]);
    expect(r.turnCount(s)).toBe(4);
    expect(r.currentPlayer(s)).toBe(TERMINAL);
    expect(alive(s)).toEqual([true, true]);
    // Time is up with both alive: no survivor, so 1 apple each of 2 gives 0.5 each.
    expect(r.returns(s)).toEqual([0.5, 0.5]);
    expect(short.episodeStats?.(s, 0)).toEqual({ alive: 1, score: 1, survivor: 0 });
    // No apple eaten at all: everyone 0.
    expect(r.returns(play(short, board(['1,1', '3,3'], '4,4 0,0'), [UP, DOWN, UP, DOWN]))).toEqual([0, 0]);
  });

  it('can end inside a round: only the movers before the limit are listed, and their moves never resolve', () => {
    const short = createSnake({ players: 3, width: 5, height: 5, apples: 2, maxTurns: 4 });
    const r = short.rules;
    let s = play(short, board(['1,1', '3,3', '1,3'], '4,4 0,0'), [UP, DOWN, UP]);
    expect(r.turnCount(s)).toBe(3);
    expect(r.simultaneousMovers(s)).toEqual([0]);
    s = r.apply(s, RIGHT);
    expect(r.currentPlayer(s)).toBe(TERMINAL);
    expect(s.pending).toEqual([RIGHT]);
    expect(cellsOf(s, 0)).toEqual(cells('1,2'));
    expect(r.returns(s)).toEqual([0, 0, 0]);
  });

  it('skips dead snakes: the round is the living ones, in seat order', () => {
    const s = board(['1,1', '', '3,3', '1,3'], '4,4 0,0');
    expect(snake4.rules.currentPlayer(s)).toBe(0);
    expect(snake4.rules.simultaneousMovers(s)).toEqual([0, 2, 3]);
    const after = snake4.rules.apply(s, UP);
    expect(snake4.rules.simultaneousMovers(after)).toEqual([2, 3]);
    expect(snake4.rules.currentPlayer(after)).toBe(2);
  });
});

describe('snake: pending moves stay hidden', () => {
  const start = board(['1,2 1,1', '3,3'], '4,0 0,4', { scores: [1, 0] });

  it("leaves the second mover's observation, key and legal moves as they were, whatever the first played", () => {
    const rules = snake.rules;
    const seen = (s: SnakeState) => ({
      obs: observationFormats.map((f) => snake.text.observe(s, 1, f)),
      key: rules.informationStateKey(s, 1),
    });
    const before = seen(start);
    for (const move of [UP, DOWN, LEFT, RIGHT]) {
      const s = rules.apply(start, move);
      expect(rules.currentPlayer(s)).toBe(1);
      expect(seen(s)).toEqual(before);
      expect(rules.legalActions(s)).toEqual(rules.legalActions(start));
      // The mover itself remembers its own move.
      expect(rules.informationStateKey(s, 0)).not.toBe(rules.informationStateKey(start, 0));
    }
    // Four snakes: the third mover sees nothing of the first two.
    const four = board(['1,1', '3,3', '3,1', '1,3'], '4,4 0,0');
    const third = (s: SnakeState) => [
      ...observationFormats.map((f) => snake4.text.observe(s, 2, f)),
      snake4.rules.informationStateKey(s, 2),
    ];
    const base = third(four);
    for (const a of [UP, DOWN, LEFT, RIGHT])
      for (const b of [UP, RIGHT]) expect(third(play(snake4, four, [a, b]))).toEqual(base);
  });

  it('keys recall the boards each round started from and the player’s own moves', () => {
    const rules = snake.rules;
    const s = play(snake, start, [UP, LEFT]);
    expect(rules.informationStateKey(s, 0)).toBe(
      'p0 A....|...1.|.0...|.#...|....A 1,0>u ; A....|.01..|.#...|.....|....A 1,0>',
    );
    expect(rules.informationStateKey(s, 1)).toBe(
      'p1 A....|...1.|.0...|.#...|....A 1,0>l ; A....|.01..|.#...|.....|....A 1,0>',
    );
  });
});

describe('snake text', () => {
  const s = board(['1,2 2,2', '3,1'], '2,3 0,0', { scores: [1, 0] });

  it('draws the board in a frame, top row first, heads as digits, and ends with Next Action', () => {
    const full = snake.text.observe(s, 0, 'full');
    expect(full).toContain('You are Player 0 and control snake 0 in a 2-player game of Snake on a 5×5 grid.');
    expect(full).toContain(
      [
        'Current Board State (round 1, 0 of 40 moves made):',
        '+-----------+',
        '| . . . . . |',
        '| . . A . . |',
        '| . 0 # . . |',
        '| . . . 1 . |',
        '| A . . . . |',
        '+-----------+',
        'Scores: snake 0 (you) 1, snake 1 0.',
      ].join('\n'),
    );
    expect(full.endsWith('Next Action:')).toBe(true);
    expect(snake.text.observe(s, 0, 'compact')).toBe('snake you=0 t0/40 sc 1,0 board .....|..A..|.@o..|...1.|A....');
    expect(snake.text.observe(s, 1, 'compact')).toBe('snake you=1 t0/40 sc 1,0 board .....|..A..|.0#..|...@.|A....');
    // Snake 1, on the bottom row, moves down into the wall.
    const over = play(snake, board(['1,2 2,2', '3,0'], '2,3 0,0', { scores: [1, 0] }), [LEFT, DOWN]);
    expect(snake.text.observe(over, 1, 'full')).toContain('Game over: snake 0 is the only survivor. Your reward: 0.');
    expect(snake.text.observe(over, 0, 'compact')).toBe(
      'snake you=0 t2/40 sc 1,x0 over r=1,0 board .....|..A..|@o...|.....|A....',
    );
  });

  it('reads bracketed, boxed and aliased moves; strict wants an exact move', () => {
    const p = (t: string, answers?: 'strict' | 'lenient') => snake.text.parse(s, t, answers ? { answers } : {});
    expect(p('[up]')).toEqual({ ok: true, action: UP });
    expect(p('\\boxed{right}')).toEqual({ ok: true, action: RIGHT });
    expect(p('[w]')).toEqual({ ok: true, action: UP });
    expect(p('\\boxed{a}', 'strict')).toEqual({ ok: true, action: LEFT });
    expect(p('[s]', 'strict')).toEqual({ ok: true, action: DOWN });
    expect(p('I will go [ DOWN ] now')).toEqual({ ok: true, action: DOWN });
    expect(p('[UP]', 'strict')).toMatchObject({ ok: false });
    expect(p('I will go [down] now', 'strict')).toMatchObject({ ok: false });
    expect(p('north')).toMatchObject({ ok: false });
    expect(p('')).toMatchObject({ ok: false });
    for (const a of [UP, DOWN, LEFT, RIGHT])
      expect(p(snake.text.actionString(s, a), 'strict')).toEqual({ ok: true, action: a });
  });
});

describe('snake states', () => {
  it('round-trips hand-made states and rejects inconsistent ones', () => {
    const rules = snake.rules;
    const ok = board(['1,2 1,1', '3,3'], '4,0 0,4', { pending: [UP] });
    expect(rules.deserialize(rules.serialize(ok))).toEqual(ok);
    const bad: SnakeState[] = [
      board(['1,2 3,3', '0,0'], '4,0 0,4'), // body cells that do not touch
      board(['1,2', '1,2'], '4,0 0,4'), // two snakes on one cell
      board(['1,2', '3,3'], '1,2 0,4'), // an apple under a snake
      board(['1,2', '3,3'], '4,0', { pending: [UP] }), // a round started with an apple missing
      board(['1,2', '3,3'], '4,0 0,4', { pending: [UP, UP] }), // a full round left unresolved
    ];
    for (const s of bad) expect(() => rules.deserialize(rules.serialize(s))).toThrow(GameStateError);
    expect(() => createSnake({ players: 11, width: 5, height: 5, apples: 2, maxTurns: 40 })).toThrow(/players/);
    expect(snake.rules.info).toMatchObject({ id: 'snake', simultaneous: true, zeroSum: false, returnRange: [0, 1] });
    expect(snake4.rules.info).toMatchObject({ id: 'snake-4', players: 4, maxTurns: 40 });
  });
});

describe('snake and the solvers', () => {
  it('refuses every exact entry point at once, pointing to matches', () => {
    const why = /snake is too big to solve or measure exactly.*selfplay play snake/s;
    expect(() => equilibriumPolicy({ game: snake.rules })).toThrow(TreeBuildError);
    expect(() => equilibriumPolicy({ game: snake.rules })).toThrow(why);
    expect(() => measurePolicy({ game: snake.rules, policy: uniformPolicy('snake') })).toThrow(why);
    expect(() => equilibriumPolicy({ game: snake4.rules })).toThrow(/snake-4 is too big/);
  });
});
