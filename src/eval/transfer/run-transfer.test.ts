import { describe, expect, it } from 'vitest';
import { getGame } from '../../games/registry.ts';
import { createLmPolicy } from '../../rollout/lm-policy.ts';
import { createRandomPlayer } from '../../rollout/players/random-player.ts';
import { createTablePlayer } from '../../rollout/players/table-player.ts';
import { tinyModel } from '../../serve/__fixtures__/tiny-server.ts';
import { averageRate, runTransfer } from './run-transfer.ts';
import { transferTable } from './transfer-table.ts';

const kuhn = getGame('kuhn-poker');
const ticTacToe = getGame('tic-tac-toe');
const randomSeats = async () => ({ player: createRandomPlayer(), opponent: createRandomPlayer() });

describe('runTransfer', () => {
  it('plays every game seat-swapped and averages the win rates', async () => {
    const seen: string[] = [];
    const result = await runTransfer({
      player: 'a',
      opponent: 'b',
      games: [kuhn, ticTacToe],
      seatsFor: randomSeats,
      gamesPerGame: 40,
      seed: 3,
      onGame: (column, pair) => seen.push(`${column.game} ${pair?.report.results.length}`),
    });
    expect(seen).toEqual(['kuhn-poker 40', 'tic-tac-toe 40']);
    const rates = result.columns.map((c) => ('score' in c ? c.score.winRate.rate : Number.NaN));
    for (const rate of rates) expect(rate).toBeGreaterThan(0);
    expect(result.average?.rate).toBeCloseTo(((rates[0] ?? 0) + (rates[1] ?? 0)) / 2, 12);
    expect(result.average?.games).toBe(2);
    // The dashboard's arena: one pair per game, both names rated.
    expect(result.arena.pairs.map((p) => [p.game, p.a, p.b])).toEqual([
      ['kuhn-poker', 'a', 'b'],
      ['tic-tac-toe', 'a', 'b'],
    ]);
    expect(result.arena.ratings.map(([name]) => name).sort()).toEqual(['a', 'b']);
    const again = await runTransfer({
      player: 'a',
      opponent: 'b',
      games: [kuhn, ticTacToe],
      seatsFor: randomSeats,
      gamesPerGame: 40,
      seed: 3,
    });
    expect(again.columns).toEqual(result.columns);
  });

  it("scores from the player's side: always passing loses every Kuhn hand to always betting", async () => {
    // Kuhn's legal moves are [pass, bet]: the passer checks then folds to every bet, from either seat.
    const always = (index: number) =>
      createTablePlayer({
        name: `always ${index}`,
        probabilities: (_, n) => (n === 2 ? [1 - index, index] : undefined),
      });
    const result = await runTransfer({
      player: 'passive',
      opponent: 'bettor',
      games: [kuhn],
      seatsFor: async () => ({ player: always(0), opponent: always(1) }),
      gamesPerGame: 20,
      seed: 1,
    });
    const column = result.columns[0];
    expect(column && 'score' in column ? column.score.winRate : undefined).toEqual({ rate: 0, halfWidth: 0 });
  });

  it('skips a game the seats refuse and one whose observations outgrow the model, and goes on', async () => {
    const model = await tinyModel(); // context 128: full Truth and Deception prompts do not fit
    const result = await runTransfer({
      player: 'lm',
      opponent: 'random',
      games: [getGame('truth-and-deception'), ticTacToe, kuhn],
      seatsFor: async (game) =>
        game === ticTacToe
          ? { skip: 'no player for this game' }
          : { player: createLmPolicy({ model }), opponent: createRandomPlayer() },
      gamesPerGame: 4,
      seed: 1,
      format: 'compact',
    });
    const [td, ttt, kp] = result.columns;
    expect(td && 'skipped' in td ? td.skipped : '').toMatch(
      /^an observation takes \d+ tokens, and the model's context of 128 leaves no room for an answer$/,
    );
    expect(ttt).toEqual({ game: 'tic-tac-toe', skipped: 'no player for this game' });
    expect(kp && 'score' in kp ? kp.score.games : 0).toBe(4);
    expect(result.average?.games).toBe(1);
    const table = transferTable(result);
    expect(table.head).toEqual(['', 'truth-and-deception', 'tic-tac-toe', 'kuhn-poker', 'average (1)']);
    expect(table.rows[0]).toEqual([
      'win rate',
      'skipped',
      'skipped',
      expect.stringMatching(/^\d\.\d\d ± \d\.\d\d$/),
      expect.any(String),
    ]);
    expect(table.skipped).toEqual([
      `truth-and-deception: ${td && 'skipped' in td ? td.skipped : ''}`,
      'tic-tac-toe: no player for this game',
    ]);
  });

  it('rejects an odd game count and one name for both sides', async () => {
    const base = { games: [kuhn], seatsFor: randomSeats, seed: 1 };
    await expect(runTransfer({ ...base, player: 'a', opponent: 'b', gamesPerGame: 3 })).rejects.toThrow(
      /games per game must be an even whole number ≥ 2/,
    );
    await expect(runTransfer({ ...base, player: 'a', opponent: 'a', gamesPerGame: 2 })).rejects.toThrow(/distinct/);
  });
});

describe('transferTable', () => {
  it('adds the draw row only where a game has draws', async () => {
    const result = await runTransfer({
      player: 'a',
      opponent: 'b',
      games: [kuhn, ticTacToe],
      seatsFor: randomSeats,
      gamesPerGame: 40,
      seed: 2,
    });
    const table = transferTable(result);
    expect(table.rows.map((r) => r[0])).toEqual(['win rate', 'draw rate']);
    expect(table.rows[1]?.[1]).toBe('0.00'); // Kuhn never draws
  });
});

describe('averageRate', () => {
  it('is the plain mean, with independent half-widths added in quadrature', () => {
    const avg = averageRate([
      { rate: 0.2, halfWidth: 0.3 },
      { rate: 0.6, halfWidth: 0.4 },
    ]);
    expect(avg.rate).toBeCloseTo(0.4, 12);
    expect(avg.halfWidth).toBeCloseTo(0.25, 12);
    expect(avg.games).toBe(2);
  });
});
