import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { createExploitabilityMeter } from '../../eval/policy-table/exploitability-meter.ts';
import { walkInfosets } from '../../eval/policy-table/infoset-walk.ts';
import { measurePlayerExploitability } from '../../eval/policy-table/player-exploitability.ts';
import {
  equilibriumPolicy,
  measurePolicy,
  solveMinimax,
  type TabularPolicy,
  tabularPolicy,
  uniformPolicy,
} from '../../solvers/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { getGame } from '../registry.ts';
import { connectFourSmall } from './index.ts';

const rules = connectFourSmall.rules;
const id = 'connect-four-small';

/**
 * An independent solution of 3 columns × 6 rows, three in a line, sharing no code with the rules or the solvers:
 * positions are column stacks (bottom first), generated ply by ply, then valued backwards from the last ply.
 * Returns player 0's value of every position, keyed as the rules key boards (top row first).
 */
function retrogradeValues(): Map<string, number> {
  const columns = 3;
  const rows = 6;
  const boardOf = (stacks: string[]): string => {
    let board = '';
    for (let r = rows - 1; r >= 0; r--) for (let c = 0; c < columns; c++) board += stacks[c]![r] ?? '.';
    return board;
  };
  const at = (stacks: string[], c: number, r: number) => (c < 0 || c >= columns ? undefined : stacks[c]![r]);
  /** Did the disc on top of column `c` complete three in a line? */
  const won = (stacks: string[], c: number): boolean => {
    const r = stacks[c]!.length - 1;
    const disc = stacks[c]![r];
    for (const [dc, dr] of [
      [1, 0],
      [0, 1],
      [1, 1],
      [1, -1],
    ] as const) {
      let run = 1;
      for (const sign of [1, -1]) for (let k = 1; at(stacks, c + sign * k * dc, r + sign * k * dr) === disc; k++) run++;
      if (run >= 3) return true;
    }
    return false;
  };
  // levels[n]: positions after n plies → [stacks, children keys, terminal value or undefined].
  type Node = { stacks: string[]; children: string[]; end?: number };
  const levels: Map<string, Node>[] = [new Map([['//', { stacks: ['', '', ''], children: [] }]])];
  for (let n = 0; n < rows * columns; n++) {
    const next = new Map<string, Node>();
    for (const node of levels[n]!.values()) {
      if (node.end !== undefined) continue;
      for (let c = 0; c < columns; c++) {
        if (node.stacks[c]!.length === rows) continue;
        const stacks = node.stacks.map((s, i) => (i === c ? s + (n % 2 === 0 ? 'x' : 'o') : s));
        const key = stacks.join('/');
        node.children.push(key);
        if (next.has(key)) continue;
        const end = won(stacks, c) ? (n % 2 === 0 ? 1 : -1) : n + 1 === rows * columns ? 0 : undefined;
        next.set(key, { stacks, children: [], ...(end === undefined ? {} : { end }) });
      }
    }
    levels.push(next);
  }
  const values = new Map<string, number>();
  const valueOf = new Map<string, number>();
  for (let n = levels.length - 1; n >= 0; n--) {
    for (const [key, node] of levels[n]!) {
      const child = node.children.map((k) => valueOf.get(k)!);
      const v = node.end ?? (n % 2 === 0 ? Math.max(...child) : Math.min(...child));
      valueOf.set(key, v);
      values.set(boardOf(node.stacks), v);
    }
  }
  return values;
}

/** The alpha-beta player's choices at every board where a player moves, as a deterministic table. */
function searchTable(depth: number): TabularPolicy {
  const rows: Record<string, number[]> = {};
  for (const site of walkInfosets({ game: connectFourSmall, format: 'compact' })) {
    const chosen = rules.moveSearch.choose(site.key, depth);
    rows[site.key] = site.legal.map((_, j) => (j === chosen ? 1 : 0));
  }
  return tabularPolicy(id, rows);
}

describe('connect-four-small solved exactly (3 columns × 6 rows, three in a line)', () => {
  const solution = solveMinimax(rules);

  it('is a draw under perfect play: minimax over 25,753 boards, as an independent retrograde analysis finds', () => {
    expect(solution.value).toBe(0);
    expect(solution.stateCount).toBe(25_753);
    expect(solution.optimalMoves.size).toBe(15_605);
    const independent = retrogradeValues();
    expect(independent.size).toBe(25_753);
    for (const [board, v] of independent) expect(solution.values.get(board), board).toBe(v);
  });

  it('has 1,578,113 histories and 654,844 complete games', () => {
    const memo = new Map<string, [number, number]>();
    const count = (board: string): [number, number] => {
      const known = memo.get(board);
      if (known) return known;
      const legal = rules.legalActions({ board });
      let histories = 1;
      let games = legal.length === 0 ? 1 : 0;
      for (const a of legal) {
        const [h, g] = count(rules.apply({ board }, a).board);
        histories += h;
        games += g;
      }
      memo.set(board, [histories, games]);
      return [histories, games];
    };
    expect(count(rules.initialState().board)).toEqual([1_578_113, 654_844]);
  });

  it('measures any policy exactly through the shared entry points, as tic-tac-toe', () => {
    const generic = getGame(id).rules;
    const nash = equilibriumPolicy({ game: generic });
    expect(nash.method).toBe('minimax');
    expect(nash.exploitability).toBe(0);
    const uniform = measurePolicy({ game: generic, policy: uniformPolicy(id) });
    expect(uniform.method).toBe('expectimax');
    expect(uniform.exploitability).toBeCloseTo(0.9955037341868616, 12);
    expect(createExploitabilityMeter(generic).measure(uniformPolicy(id)).exploitability).toBe(uniform.exploitability);
    expect(connectFourSmall.report?.uniformExploitability?.value).toBeCloseTo(uniform.exploitability, 12);
  });

  it('reads a player’s whole table (15,605 boards) and measures it', async () => {
    const random = await measurePlayerExploitability({ game: connectFourSmall, spec: 'random', io: captureIo() });
    expect(random.method).toBe('scored');
    expect(random.infosets).toBe(15_605);
    expect(random.measurement.exploitability).toBeCloseTo(0.995504, 6);
  });

  it('prices the alpha-beta player exactly: exploitable at 6 plies, not at 12', () => {
    // Exploitability 1 (NashConv 2): a best response beats the 6-ply player from both seats of a drawn game.
    expect(measurePolicy({ game: rules, policy: searchTable(6) }).exploitability).toBe(1);
    expect(measurePolicy({ game: rules, policy: searchTable(12) }).exploitability).toBe(0);
  });

  it('is solved and measured by the CLI', async () => {
    const io = captureIo();
    expect(await main(['solve', id], io)).toBe(0);
    expect(io.out()).toContain(`${id}: minimax over 25,753 states`);
    expect(io.out()).toContain('game value for player 0: 0');
    const measured = captureIo();
    expect(await main(['exploitability', id, '--policy', 'uniform'], measured)).toBe(0);
    expect(measured.out()).toContain('exploitability 0.995504 (expectimax)');
  });
});
