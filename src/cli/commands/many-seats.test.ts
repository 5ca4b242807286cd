import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arenaResultSchema, arenaView } from '../../dashboard/arena-view.ts';
import { uniqueBid } from '../../eval/__fixtures__/unique-bid.ts';
import { type AnyTextGame, getGame } from '../../games/registry.ts';
import { openRunStore } from '../../store/run-store.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { createArenaCommand } from './arena.ts';
import { createPlayCommand } from './play.ts';

// The commands get a small three-player fixture beside the registry's games, so these tests hold whatever the games do.
const lookup = (id: string): AnyTextGame => (id === uniqueBid.rules.info.id ? uniqueBid : getGame(id));
const play = createPlayCommand({ getGame: lookup });
const arena = createArenaCommand({ getGame: lookup });

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'many-seats-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('selfplay play with more than two seats', () => {
  it('plays one player per seat and prints every seat', async () => {
    const io = captureIo();
    const args = ['unique-bid-3', '--p0', 'random', '--p1', 'random', '--p2', 'random', '--games', '30'];
    expect(await play.run(args, io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/unique-bid-3: 30 game\(s\)/);
    expect(out).toMatch(/seat +player +mean return \(95% CI\) +mean place \(95% CI\) +first +invalid +bid \(mean\)/);
    for (const seat of ['P0', 'P1', 'P2']) expect(out).toMatch(new RegExp(`\\n${seat} +random +[\\d.]+ ± [\\d.]+ +`));
    const again = captureIo();
    await play.run(args, again);
    expect(again.out()).toBe(out);
  });

  it('names the seats the game has and the flags to pass', async () => {
    await expect(play.run(['unique-bid-3', '--p0', 'random', '--p1', 'random'], captureIo())).rejects.toThrow(
      'unique-bid-3 seats 3 players: pass one player per seat with --p0, --p1, --p2 (missing --p2), e.g. --p0 random --p1 random --p2 random',
    );
    await expect(
      play.run(['unique-bid-3', '--p0', 'random', '--p1', 'random', '--p2', 'random', '--p3', 'random'], captureIo()),
    ).rejects.toThrow('unique-bid-3 seats 3 players (--p0, --p1, --p2); --p3 has no seat');
    await expect(play.run(['kuhn-poker', '--p2', 'random'], captureIo())).rejects.toThrow(/kuhn-poker seats 2 players/);
    // A two-player game keeps its defaults (--p1 random).
    expect(await play.run(['tic-tac-toe', '--p0', 'random', '--games', '3'], captureIo())).toBe(0);
  });
});

describe('selfplay arena with a game for more than two players', () => {
  it('plays two-player games as a round robin and the three-player one as a free-for-all, stored for the dashboard', async () => {
    const dir = join(root, 'mixed');
    const io = captureIo();
    const args = ['--player', 'a=random', '--player', 'b=random', '--player', 'c=random', '--player', 'd=random'];
    const options = ['--games', 'tic-tac-toe,unique-bid-3', '--games-per-pair', '4', '--deals-per-table', '2'];
    expect(await arena.run([...args, ...options, '--run-dir', dir], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('tic-tac-toe: score of row vs column');
    expect(out).toContain('OpenSkill ratings over matches');
    expect(out).toContain('unique-bid-3: free-for-all of 3 players a table, OpenSkill over games');
    expect(out).toContain(
      '4 tables (every subset of entrants), 2 deals a table each played from every seat rotation: 24 games',
    );
    expect(out).toMatch(/\n1 +[abcd] +[\d.]+ \[[\d.-]+, [\d.]+\] +-?[\d.]+ +[\d.]+ ± [\d.]+ +[\d.]+ ± [\d.]+ +18 +0 +/);

    const store = openRunStore({ dir, readonly: true });
    try {
      const view = arenaView(arenaResultSchema.parse(store.result('arena')));
      expect(view.freeForAll[0]?.entries).toHaveLength(4);
      expect(view.leaderboard.map((s) => s.title)).toContain(
        'unique-bid-3: free-for-all of 3 players a table, OpenSkill over games',
      );
      const episodes = store.episodes({ game: 'unique-bid-3', limit: 100 });
      expect(episodes).toHaveLength(24);
      for (const e of episodes) expect((e.transcript as { seats: string[] }).seats).toHaveLength(3);
      expect(store.episodes({ game: 'tic-tac-toe', limit: 100 })).toHaveLength(6 * 4);
    } finally {
      store.close();
    }
  });

  it('says how many players a game seats before making a run folder', async () => {
    const args = ['--player', 'a=random', '--player', 'b=random', '--games', 'unique-bid-3'];
    const dir = join(root, 'short');
    await expect(arena.run([...args, '--run-dir', dir], captureIo())).rejects.toThrow(
      /unique-bid-3 seats 3 players a game but the arena has 2 entrants: add 1 more \(one spec may be entered twice under two names/,
    );
    expect(existsSync(dir)).toBe(false);
  });
});
